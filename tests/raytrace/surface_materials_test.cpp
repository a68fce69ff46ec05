// Material scale factors (`calibration.materials`) in surface_material_of, and the names they are keyed by.
#include <gtest/gtest.h>

#include "raytrace/surface_materials.h"

namespace tarang {
namespace {

constexpr double kF_hz = 3.5e9;

TEST(SurfaceMaterials, ScalesMultiplyPermittivityAndConductivityOfTheKeyedMaterialOnly) {
  const std::vector<MaterialCalibration> scales{{"concrete", 2, 3}, {"tinted", 0.5, 4}};
  const SurfaceMaterial plain = surface_material_of("concrete", 0.2, kF_hz, false);
  // An alias finds the canonical key; eta = eps_r' - j sigma / (omega eps0), so both parts scale exactly
  // (float rounding only).
  const SurfaceMaterial scaled = surface_material_of("mat-itu_concrete", 0.2, kF_hz, false, {}, true, scales);
  EXPECT_FLOAT_EQ(scaled.eta.re, 2 * plain.eta.re);
  EXPECT_FLOAT_EQ(scaled.eta.im, 3 * plain.eta.im);
  EXPECT_EQ(scaled.thickness_m, plain.thickness_m);
  const SurfaceMaterial brick = surface_material_of("brick", 0.2, kF_hz, false, {}, true, scales);
  EXPECT_EQ(brick.eta.re, surface_material_of("brick", 0.2, kF_hz, false).eta.re);
  const std::vector<CustomMaterial> custom{{"tinted", 6.5, 0.02, 0.012, 0.1}};
  const SurfaceMaterial tinted = surface_material_of("tinted", 1, kF_hz, false, custom, false, scales);
  const SurfaceMaterial tinted_plain = surface_material_of("tinted", 1, kF_hz, false, custom, false);
  EXPECT_FLOAT_EQ(tinted.eta.re, 3.25f);
  EXPECT_FLOAT_EQ(tinted.eta.im, 4 * tinted_plain.eta.im);
}

TEST(SurfaceMaterials, CalibrationKeysAreCanonicalP2040NamesOrCustomNames) {
  const std::vector<CustomMaterial> custom{{"tinted", 6.5, 0.02, 0.012, 0.1}};
  EXPECT_EQ(material_calibration_key("itu_medium_dry_ground"), "medium_dry_ground");
  EXPECT_EQ(material_calibration_key("Ceiling-Board"), "ceiling_board");
  EXPECT_EQ(material_calibration_key("tinted", custom), "tinted");
  EXPECT_EQ(material_calibration_key("tinted"), "");
  EXPECT_EQ(material_calibration_key("unobtainium", custom), "");
}

}  // namespace
}  // namespace tarang

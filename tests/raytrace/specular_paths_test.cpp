// Point-to-point paths against the image method by hand, the coherent two-ray model, and reciprocity.
#include "raytrace/specular_paths.h"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>

#include "propagation/fresnel.h"
#include "raytrace/surface_materials.h"
#include "tests/raytrace/test_scenes.h"

namespace tarang {
namespace {

constexpr double kF_hz = 3.5e9;
const double kLambda_m = 299792458.0 / kF_hz;

std::vector<SurfaceMaterial> materials_of(const SceneMesh& mesh) {
  std::vector<SurfaceMaterial> out;
  for (const SceneMaterial& m : mesh.materials) out.push_back(surface_material_of(m.name, m.thickness_m, kF_hz, false));
  return out;
}

TEST(SpecularPaths, SingleWallReflectionMatchesTheImageMethodByHand) {
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"concrete", 0.2});
  test::add_box(mesh, -100, 10, 0, 100, 11, 50, 0);  // wall face at y = 10, normal -y
  const EmbreeIntersector embree(mesh);
  SpecularPathOptions o;
  o.max_depth = 1;
  o.ground = false;
  o.frequency_hz = kF_hz;
  const std::vector<PropagationPath> paths =
      find_specular_paths(mesh, embree, materials_of(mesh), SurfaceMaterial{}, {0, 0, 10}, {20, 0, 10}, o);
  ASSERT_EQ(paths.size(), 2u);
  EXPECT_EQ(interaction_text(paths[0]), "LOS");
  EXPECT_NEAR(paths[0].length_m, 20.0, 1e-9);
  EXPECT_NEAR(20 * std::log10(std::abs(paths[0].amplitude)), 20 * std::log10(kLambda_m / (4 * M_PI * 20)), 0.01);

  const PropagationPath& r = paths[1];
  EXPECT_EQ(interaction_text(r), "R");
  // Image of the transmitter in the plane y = 10: (0, 20, 10); reflection point (10, 10, 10).
  const double length_m = std::sqrt(20.0 * 20.0 + 20.0 * 20.0);
  EXPECT_NEAR(r.length_m, length_m, 1e-9);
  EXPECT_NEAR(r.delay_s, length_m / 299792458.0, 1e-15);
  EXPECT_NEAR(r.vertices[1].x, 10, 1e-9);
  EXPECT_NEAR(r.vertices[1].y, 10, 1e-9);
  // V polarisation, horizontal plane of incidence: TE on the wall; incidence 45 deg on a 0.2 m concrete slab.
  const SurfaceMaterial concrete = surface_material_of("concrete", 0.2, kF_hz, false);
  const FresnelCoefficients<double> f = fresnel_slab(Complex<double>{concrete.eta.re, concrete.eta.im},
                                                     std::sqrt(0.5), 0.2, kF_hz);
  const double expected_db = 20 * std::log10(kLambda_m / (4 * M_PI * length_m)) + 10 * std::log10(norm2(f.r_te));
  EXPECT_NEAR(20 * std::log10(std::abs(r.amplitude)), expected_db, 0.01);
  EXPECT_NEAR(r.aod_azimuth_deg, 45, 1e-6);   // towards (10, 10): north-east
  EXPECT_NEAR(r.aoa_azimuth_deg, 315, 1e-6);  // arrives from north-west of the receiver
}

TEST(SpecularPaths, GroundTwoRayIsCoherentlyExact) {
  const SceneMesh empty;
  const EmbreeIntersector embree(empty);
  const SurfaceMaterial ground = surface_material_of("medium_dry_ground", 1, kF_hz, true);
  SpecularPathOptions o;
  o.max_depth = 1;
  o.frequency_hz = kF_hz;
  for (double d : {30.0, 100.0, 400.0}) {
    const std::vector<PropagationPath> paths =
        find_specular_paths(empty, embree, {}, ground, {0, 0, 25}, {d, 0, 1.5}, o);
    ASSERT_EQ(paths.size(), 2u) << d;
    const double d1 = std::hypot(d, 23.5), d2 = std::hypot(d, 26.5);
    const FresnelCoefficients<double> f =
        fresnel_half_space(Complex<double>{ground.eta.re, ground.eta.im}, 26.5 / d2);
    const std::complex<double> gamma(f.r_tm.re, f.r_tm.im);
    const double k = 2 * M_PI / kLambda_m;
    const std::complex<double> two_ray = kLambda_m / (4 * M_PI) *
                                         (std::polar(1.0 / d1, -k * d1) + gamma * std::polar(1.0 / d2, -k * d2));
    EXPECT_NEAR(summarize_paths(paths).coherent_gain_db, 10 * std::log10(std::norm(two_ray)), 0.05) << d;
  }
}

TEST(SpecularPaths, ReciprocalWhenTransmitterAndReceiverSwap) {
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"brick", 0.25});
  mesh.materials.push_back(SceneMaterial{"glass", 0.02});
  test::add_box(mesh, 20, 15, 0, 60, 30, 25, 0);
  test::add_box(mesh, 20, -40, 0, 50, -12, 40, 1);
  const EmbreeIntersector embree(mesh);
  const SurfaceMaterial ground = surface_material_of("medium_dry_ground", 1, kF_hz, true);
  SpecularPathOptions o;
  o.max_depth = 2;
  o.rays = 400000;
  o.frequency_hz = kF_hz;
  const Vec3<double> a{0, 0, 12}, b{85, 2, 1.5};
  const auto forward = find_specular_paths(mesh, embree, materials_of(mesh), ground, a, b, o);
  const auto backward = find_specular_paths(mesh, embree, materials_of(mesh), ground, b, a, o);
  ASSERT_GE(forward.size(), 4u);  // LOS, ground, walls, wall-ground combinations
  EXPECT_EQ(forward.size(), backward.size());
  const LinkSummary f = summarize_paths(forward), r = summarize_paths(backward);
  // Issue #5: reciprocity of `link` to 0.01 dB.
  EXPECT_NEAR(f.coherent_gain_db, r.coherent_gain_db, 0.01);
  EXPECT_NEAR(f.incoherent_gain_db, r.incoherent_gain_db, 0.01);
  EXPECT_NEAR(f.rms_delay_spread_s, r.rms_delay_spread_s, 1e-12);
}

TEST(SpecularPaths, BlockedLineOfSightIsNotReported) {
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"concrete", 0.2});
  test::add_box(mesh, 8, -5, 0, 12, 5, 30, 0);  // a tower between the two
  const EmbreeIntersector embree(mesh);
  SpecularPathOptions o;
  o.max_depth = 0;
  o.ground = false;
  const auto paths = find_specular_paths(mesh, embree, materials_of(mesh), SurfaceMaterial{}, {0, 0, 10}, {20, 0, 10}, o);
  EXPECT_TRUE(paths.empty());
}

}  // namespace
}  // namespace tarang

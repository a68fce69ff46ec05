// SBR radio maps against closed forms: Friis in free space, the incoherent two-ray model over ground, energy kept by
// metal walls, cells inside buildings, and bit-identical results for any thread count.
#include "raytrace/radio_map_sbr.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/error.h"
#include "planner/coverage_run.h"
#include "propagation/fresnel.h"
#include "propagation/materials_itu_p2040.h"
#include "raytrace/brute_force_intersector.h"
#include "raytrace/sbr_ray.h"
#include "raytrace/surface_materials.h"
#include "tests/raytrace/test_scenes.h"

namespace tarang {
namespace {

constexpr double kFrequency_hz = 3.5e9;
const double kWavelength_m = 299792458.0 / kFrequency_hz;

Scenario raytrace_scenario(std::uint64_t rays, int depth, GroundKind ground, double cell_m) {
  Scenario s;
  s.scene.crs = "EPSG:32643";
  s.scene.ground = ground;
  s.radio.frequency_hz = kFrequency_hz;
  s.propagation.model = PathLossModel::Raytrace;
  s.raytrace.rays = rays;
  s.raytrace.max_depth = depth;
  SiteSpec site;
  site.id = "s";
  site.height_m = 30;
  site.sectors.push_back(SectorSpec{"iso", 0, 0, 43, AntennaKind::Isotropic, SectorPolarization::V});
  s.sites.push_back(site);
  s.grid = GridSpec{-1000, -1000, 1000, 1000, cell_m, 1.5};
  return s;
}

double median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

TEST(RadioMapSbr, FreeSpaceMatchesFriis) {
  const Scenario s = raytrace_scenario(1000000, 3, GroundKind::None, 5);
  const RasterGrid grid = raster_grid_of(s.grid, "");
  const SceneMesh empty;
  SbrRunStats stats;
  const std::vector<float> gain = trace_sbr_gain_maps(s, empty, grid, nullptr, &stats, 2);
  std::vector<double> errors;
  for (int row = 0; row < grid.ny; ++row) {
    for (int col = 0; col < grid.nx; ++col) {
      const double x = grid.x_center_m(col), y = grid.y_center_m(row), d2 = std::hypot(x, y);
      if (d2 < 50 || d2 > 1000) continue;
      const double d = std::sqrt(d2 * d2 + 28.5 * 28.5);
      const double friis_db = 20 * std::log10(kWavelength_m / (4 * M_PI * d));
      errors.push_back(std::fabs(gain[static_cast<std::size_t>(row) * grid.nx + col] - friis_db));
    }
  }
  // Issue #5: median absolute error <= 0.5 dB with 1e6 rays and 5 m cells over 50-1000 m.
  EXPECT_LE(median(errors), 0.5);
  EXPECT_EQ(stats.rays, 1000000u);
  EXPECT_EQ(stats.segments, 1000000u);  // nothing to hit: one segment per ray
}

TEST(RadioMapSbr, AtmosphereAttenuatesAlongThePathLikeTheEmpiricalModel) {
  Scenario s = raytrace_scenario(1000000, 0, GroundKind::None, 10);
  s.radio.frequency_hz = 60e9;
  s.radio.atmosphere = true;
  s.grid = GridSpec{-600, -600, 600, 600, 10, 1.5};
  const RasterGrid grid = raster_grid_of(s.grid, "");
  const std::vector<float> traced = trace_sbr_gain_maps(s, SceneMesh{}, grid, nullptr, nullptr, 2);
  Scenario empirical = s;
  empirical.propagation.model = PathLossModel::FreeSpace;
  const std::vector<float> expected = run_coverage(empirical, CoverageRunOptions{2, false}).maps.gain_db;
  std::vector<double> errors;
  for (int row = 0; row < grid.ny; ++row) {
    for (int col = 0; col < grid.nx; ++col) {
      const double d2 = std::hypot(grid.x_center_m(col), grid.y_center_m(row));
      if (d2 < 50 || d2 > 550) continue;
      const std::size_t c = static_cast<std::size_t>(row) * grid.nx + col;
      errors.push_back(std::fabs(traced[c] - expected[c]));
    }
  }
  // Same P.676 loss per metre on the same distances: only the SBR sampling error remains (~0.2 dB median).
  EXPECT_LE(median(errors), 0.5);
}

TEST(RadioMapSbr, FlatGroundMatchesIncoherentTwoRay) {
  const Scenario s = raytrace_scenario(1000000, 1, GroundKind::Flat, 10);
  const RasterGrid grid = raster_grid_of(s.grid, "");
  const std::vector<float> gain = trace_sbr_gain_maps(s, SceneMesh{}, grid, nullptr, nullptr, 2);
  const SurfaceMaterial ground = surface_material_of("medium_dry_ground", 1.0, kFrequency_hz, true);
  std::vector<double> errors;
  for (int row = 0; row < grid.ny; row += 3) {
    for (int col = 0; col < grid.nx; col += 3) {
      const double x = grid.x_center_m(col), y = grid.y_center_m(row), d2 = std::hypot(x, y);
      if (d2 < 20 || d2 > 1000) continue;
      const double direct = std::sqrt(d2 * d2 + 28.5 * 28.5), image = std::sqrt(d2 * d2 + 31.5 * 31.5);
      const FresnelCoefficients<double> f =
          fresnel_half_space(Complex<double>{ground.eta.re, ground.eta.im}, 31.5 / image);
      // V polarisation over horizontal ground is TM; incoherent sum of the two rays.
      const double two_ray = std::pow(kWavelength_m / (4 * M_PI), 2) *
                             (1 / (direct * direct) + norm2(f.r_tm) / (image * image));
      errors.push_back(std::fabs(gain[static_cast<std::size_t>(row) * grid.nx + col] - 10 * std::log10(two_ray)));
    }
  }
  // Issue #5: <= 1 dB median away from 20 m of the site.
  EXPECT_LE(median(errors), 1.0);
}

TEST(RadioMapSbr, CellsInsideBuildingsAreNaNAndOthersFinite) {
  Scenario s = raytrace_scenario(200000, 2, GroundKind::Flat, 10);
  s.grid = GridSpec{-200, -200, 200, 200, 10, 1.5};
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"concrete", 0.2});
  test::add_box(mesh, 50, 50, 0, 100, 100, 20, 0);
  const RasterGrid grid = raster_grid_of(s.grid, "");
  const std::vector<float> gain = trace_sbr_gain_maps(s, mesh, grid, nullptr, nullptr, 2);
  auto at = [&](double x, double y) {
    const int col = static_cast<int>((x - grid.west_m) / grid.cell_m), row = static_cast<int>((grid.north_m - y) / 10);
    return gain[static_cast<std::size_t>(row) * grid.nx + col];
  };
  EXPECT_TRUE(std::isnan(at(75, 75)));
  EXPECT_TRUE(std::isnan(at(55, 95)));
  EXPECT_TRUE(std::isfinite(at(-75, -75)));
  EXPECT_TRUE(std::isfinite(at(45, 75)));
  // Behind the building (seen from the site at the origin) the map is weaker than in front at the same range.
  EXPECT_LT(at(125, 125), at(-125, -125) - 3);
}

TEST(RadioMapSbr, WarnsAboutASiteInsideABuilding) {
  Scenario s = raytrace_scenario(5000, 1, GroundKind::Flat, 10);
  s.grid = GridSpec{-100, -100, 100, 100, 10, 1.5};
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"concrete", 0.2});
  test::add_box(mesh, -10, -10, 0, 10, 10, 50, 0);  // the 30 m mast stands inside this 50 m tower
  SbrRunStats stats;
  trace_sbr_gain_maps(s, mesh, raster_grid_of(s.grid, ""), nullptr, &stats, 1);
  ASSERT_EQ(stats.warnings.size(), 1u);
  EXPECT_EQ(stats.warnings[0], "site s is inside a building");
}

TEST(RadioMapSbr, SameResultForOneAndTwoThreadsAndRepeatedRuns) {
  Scenario s = raytrace_scenario(150000, 3, GroundKind::Flat, 10);
  s.grid = GridSpec{-300, -300, 300, 300, 10, 1.5};
  s.raytrace.transmission = true;
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"brick", 0.2});
  mesh.materials.push_back(SceneMaterial{"glass", 0.02});
  test::add_box(mesh, 40, -60, 0, 90, 60, 25, 0);
  test::add_box(mesh, -120, 30, 0, -60, 80, 45, 1);
  const RasterGrid grid = raster_grid_of(s.grid, "");
  const std::vector<float> one = trace_sbr_gain_maps(s, mesh, grid, nullptr, nullptr, 1);
  const std::vector<float> two = trace_sbr_gain_maps(s, mesh, grid, nullptr, nullptr, 2);
  const std::vector<float> again = trace_sbr_gain_maps(s, mesh, grid, nullptr, nullptr, 2);
  ASSERT_EQ(one.size(), two.size());
  EXPECT_EQ(0, std::memcmp(one.data(), two.data(), one.size() * sizeof(float)));
  EXPECT_EQ(0, std::memcmp(two.data(), again.data(), two.size() * sizeof(float)));
  // A different seed rotates the ray set: a different, equally valid sample.
  s.raytrace.seed = 12345;
  const std::vector<float> rotated = trace_sbr_gain_maps(s, mesh, grid, nullptr, nullptr, 2);
  EXPECT_NE(0, std::memcmp(one.data(), rotated.data(), one.size() * sizeof(float)));
}

TEST(SurfaceMaterials, CustomMaterialsAndFrequencyRanges) {
  const std::vector<CustomMaterial> custom{{"shield", 1.0, 1e7, 0.003, 0.0}};
  const SurfaceMaterial shield = surface_material_of("shield", 0.2, 3.5e9, false, custom, false);
  EXPECT_FLOAT_EQ(shield.thickness_m, 0.003f);  // the user's thickness wins over the scene's
  // eta = 1 - j sigma / (2 pi f eps0)
  EXPECT_NEAR(shield.eta.im, -1e7 / (2 * M_PI * 3.5e9 * 8.8541878128e-12), 1e-3 * 5.1e7);
  EXPECT_THROW(surface_material_of("unobtainium", 0.1, 3.5e9, false, custom, false), InputError);
  // Wet ground is given for 1-10 GHz only.
  EXPECT_THROW(surface_material_of("wet_ground", 1, 28e9, true, custom, false), InputError);
  EXPECT_NO_THROW(surface_material_of("wet_ground", 1, 28e9, true, custom, true));
}

// Records the power every plane crossing carries for a V-polarised launch.
struct CarriedPowerSink {
  std::vector<float> carried;
  void deposit(float, float, float, float, float, float, const JonesFrame& frame, float, const float*) {
    carried.push_back(carried_power(frame, Complex<float>{1, 0}, Complex<float>{0, 0}));
  }
};

TEST(SbrRay, MetalBoxKeepsThePowerAtDepthOne) {
  // Closed metal room around the transmitter, no ground: after one reflection every ray still carries |Gamma|^2,
  // which for metal (sigma = 1e7 S/m) is 1 to within 1e-3.
  SceneMesh room;
  room.materials.push_back(SceneMaterial{"metal", 0.1});
  test::add_box(room, -10, -10, 0, 10, 10, 20, 0, /*inward=*/true);
  const BruteForceIntersector brute{room.positions_m.data(), room.indices.data(),
                                    static_cast<std::uint32_t>(room.triangle_count())};
  const SurfaceMaterial metal = surface_material_of("metal", 0.1, kFrequency_hz, false);
  const std::uint16_t material_index = 0;
  std::vector<std::uint16_t> triangle_material(room.triangle_count(), material_index);
  SbrParams p{};
  p.ray_count = 20000;
  for (int i = 0; i < 9; ++i) p.rotation[i] = (i % 4 == 0) ? 1.0f : 0.0f;
  p.tx_m = {1, 2, 10};
  p.min_power = 1e-20f;
  p.frequency_hz = static_cast<float>(kFrequency_hz);
  p.plane_z_m = 5;
  p.grid_west_m = -10, p.grid_north_m = 10, p.cell_m = 1, p.nx = 20, p.ny = 20;
  p.triangle_material = triangle_material.data();
  p.materials = &metal;

  CarriedPowerSink direct, bounced;
  p.max_depth = 0;
  for (std::uint64_t i = 0; i < p.ray_count; ++i) trace_sbr_ray(i, p, brute, direct);
  p.max_depth = 1;
  for (std::uint64_t i = 0; i < p.ray_count; ++i) trace_sbr_ray(i, p, brute, bounced);
  ASSERT_GT(bounced.carried.size(), direct.carried.size() + 1000);
  for (float c : direct.carried) ASSERT_NEAR(c, 1.0f, 1e-5f);
  for (float c : bounced.carried) ASSERT_GT(c, 0.999f);
}

}  // namespace
}  // namespace tarang

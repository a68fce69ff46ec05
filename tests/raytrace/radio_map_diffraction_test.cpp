// SBR edge diffraction in radio maps: the shadow behind a screen gets the UTD field (against the exact link-mode
// paths), order 0 leaves it dark, and results (order 2, scattering on) stay bit-identical for any thread count.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "raytrace/diffraction_paths.h"
#include "raytrace/edge_extraction.h"
#include "raytrace/radio_map_sbr.h"
#include "raytrace/surface_materials.h"
#include "tests/raytrace/test_scenes.h"

namespace tarang {
namespace {

constexpr double kFrequency_hz = 3.5e9;

// A vertical screen y = 100 m, x in [-1000, 1000], from z = -1000 up to top_m (two triangles).
SceneMesh screen_mesh(const std::string& material, float top_m) {
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{material, 0.2});
  test::add_plate_y(mesh, 100, -1000, 1000, -1000, top_m, 0);
  return mesh;
}

// TX 30 m high at the origin, no ground, isotropic V; grid 1.5 m high behind the screen.
Scenario screen_scenario(std::uint64_t rays, int order) {
  Scenario s;
  s.scene.crs = "EPSG:32643";
  s.scene.ground = GroundKind::None;
  s.radio.frequency_hz = kFrequency_hz;
  s.propagation.model = PathLossModel::Raytrace;
  s.raytrace.rays = rays;
  s.raytrace.max_depth = 2;
  s.raytrace.diffraction_order = order;
  s.custom_materials.push_back(CustomMaterial{"absorber", 1, 0, 0.2, 0});  // eta = 1: no reflection
  SiteSpec site;
  site.id = "s";
  site.height_m = 30;
  site.sectors.push_back(SectorSpec{"iso", 0, 0, 43, AntennaKind::Isotropic, SectorPolarization::V});
  s.sites.push_back(site);
  s.grid = GridSpec{-40, 104, 40, 304, 4, 1.5};
  return s;
}

double median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

TEST(RadioMapDiffraction, ShadowBehindAScreenMatchesTheExactUtdPaths) {
  // Screen top 20 m: the shadow boundary meets the 1.5 m plane at y = 100 + 100 x 18.5 / 10 = 285 m.
  const SceneMesh mesh = screen_mesh("absorber", 20);
  const Scenario s1 = screen_scenario(2000000, 1);
  const RasterGrid grid = raster_grid_of(s1.grid, "");
  SbrRunStats stats;
  const std::vector<float> order1 = trace_sbr_gain_maps(s1, mesh, grid, nullptr, &stats, 2);
  const std::vector<float> order0 = trace_sbr_gain_maps(screen_scenario(2000000, 0), mesh, grid, nullptr, nullptr, 2);

  const EmbreeIntersector embree(mesh);
  const std::vector<SurfaceMaterial> materials{surface_material_of("absorber", 0.2, kFrequency_hz, false,
                                                                   s1.custom_materials)};
  EdgeExtractionOptions eo;
  eo.skip_ground_edges = false;
  const std::vector<DiffractionEdge> edges = extract_diffraction_edges(mesh, eo);
  SpecularPathOptions o;
  o.ground = false, o.frequency_hz = kFrequency_hz;
  std::vector<double> errors, gains;
  int dark_at_order0 = 0, cells = 0;
  for (int row = 0; row < grid.ny; ++row) {
    for (int col = 0; col < grid.nx; ++col) {
      const double y = grid.y_center_m(row);
      if (y > 270) continue;  // deep and transition shadow only (boundary at 285 m)
      ++cells;
      const std::size_t i = static_cast<std::size_t>(row) * grid.nx + col;
      if (!std::isfinite(order0[i]) || order0[i] < -250) ++dark_at_order0;
      const std::vector<PropagationPath> paths =
          find_diffraction_paths(embree, materials, SurfaceMaterial{}, edges, {0, 0, 30}, {grid.x_center_m(col), y, 1.5}, o, 1);
      const double exact_db = summarize_paths(paths).incoherent_gain_db;
      errors.push_back(order1[i] - exact_db);
      gains.push_back(order1[i]);
    }
  }
  std::sort(errors.begin(), errors.end());
  const double p10 = errors[errors.size() / 10], p90 = errors[errors.size() * 9 / 10];
  std::printf("shadow cells %d: map - exact UTD median %.2f dB, 10%%-90%% %.2f..%.2f dB; median map gain %.1f dB; "
              "%llu segments for 2e6 rays\n",
              cells, median(errors), p10, p90, median(gains), static_cast<unsigned long long>(stats.segments));
  EXPECT_EQ(dark_at_order0, cells);       // without diffraction nothing reaches the shadow
  EXPECT_NEAR(median(errors), 0.0, 0.5);  // the map's UTD field is unbiased (0.17 dB seen)
  EXPECT_GT(p10, -1.5);                   // and 80 % of the cells within 1.5 dB (-0.54..0.58 dB seen)
  EXPECT_LT(p90, 1.5);
  EXPECT_GT(*std::min_element(gains.begin(), gains.end()), -140.0);  // every shadow cell reached
}

TEST(RadioMapDiffraction, RooftopDiffractionBehindABuildingMatchesTheExactUtdPaths) {
  // A concrete block 20 m high, y in [100, 130], 1 km wide; TX 30 m high at the origin: rays graze the roof and
  // hit it near the back edge, whose diffraction lights the street behind (shadow boundary at y = 370 m).
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"concrete", 0.2});
  test::add_box(mesh, -500, 100, 0, 500, 130, 20, 0);
  Scenario s = screen_scenario(2000000, 1);
  s.grid = GridSpec{-40, 134, 40, 254, 4, 1.5};
  const RasterGrid grid = raster_grid_of(s.grid, "");
  const std::vector<float> map = trace_sbr_gain_maps(s, mesh, grid, nullptr, nullptr, 2);
  const EmbreeIntersector embree(mesh);
  const std::vector<SurfaceMaterial> materials{surface_material_of("concrete", 0.2, kFrequency_hz, false)};
  const std::vector<DiffractionEdge> edges = extract_diffraction_edges(mesh, EdgeExtractionOptions{});
  SpecularPathOptions o;
  o.ground = false, o.frequency_hz = kFrequency_hz;
  std::vector<double> errors;
  for (int row = 0; row < grid.ny; ++row) {
    for (int col = 0; col < grid.nx; ++col) {
      const std::vector<PropagationPath> paths = find_diffraction_paths(
          embree, materials, SurfaceMaterial{}, edges, {0, 0, 30}, {grid.x_center_m(col), grid.y_center_m(row), 1.5},
          o, 1);
      errors.push_back(map[static_cast<std::size_t>(row) * grid.nx + col] - summarize_paths(paths).incoherent_gain_db);
    }
  }
  std::sort(errors.begin(), errors.end());
  const double p10 = errors[errors.size() / 10], p90 = errors[errors.size() * 9 / 10];
  std::printf("behind the building (%zu cells): map - exact UTD median %.2f dB, 10%%-90%% %.2f..%.2f dB\n",
              errors.size(), median(errors), p10, p90);
  EXPECT_NEAR(median(errors), 0.0, 1.0);  // 0.40 dB seen (-3.0 dB before face hits near an edge were captured)
  EXPECT_GT(p10, -3.0);                   // -2.10..0.69 dB seen
  EXPECT_LT(p90, 2.0);
}

TEST(RadioMapDiffraction, SameResultForOneAndTwoThreads) {
  const SceneMesh mesh = screen_mesh("concrete", 20);
  Scenario s = screen_scenario(100000, 2);
  s.raytrace.max_depth = 3;
  s.raytrace.scattering = true;
  const RasterGrid grid = raster_grid_of(s.grid, "");
  const std::vector<float> one = trace_sbr_gain_maps(s, mesh, grid, nullptr, nullptr, 1);
  const std::vector<float> two = trace_sbr_gain_maps(s, mesh, grid, nullptr, nullptr, 2);
  ASSERT_EQ(one.size(), two.size());
  EXPECT_EQ(std::memcmp(one.data(), two.data(), one.size() * sizeof(float)), 0);
}

}  // namespace
}  // namespace tarang

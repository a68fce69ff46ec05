// Scenarios with scenes: procedural cities, GIS footprints and Sionna meshes are loaded, the CRS, lon/lat sites and
// grid bounds are resolved against them, and the ray tracer runs over them.
#include "planner/scenario_scene.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "io/scenario_yaml.h"
#include "planner/coverage_run.h"

namespace tarang {
namespace {

namespace fs = std::filesystem;

std::string shared_data() { return std::string(TARANG_SOURCE_DIR) + "/../shared/data"; }

const char* kProcedural = R"(name: city
scene:
  procedural: {blocks: 4, seed: 3}
radio: {frequency_hz: 3.5e9}
sites:
  - {id: a, lon: 77.2095, lat: 28.6144, height_m: 95, sectors: [{id: a1, antenna: isotropic, power_dbm: 40}]}
propagation: {model: raytrace}
raytrace: {rays: 50000, max_depth: 2}
grid: {cell_m: 10}
)";

TEST(ScenarioScene, ProceduralCityResolvesCrsSitesAndBounds) {
  const Scenario s = parse_scenario_text(kProcedural, "city.yaml", "");
  EXPECT_EQ(s.scene.crs, "auto");
  EXPECT_TRUE(s.grid.bounds_from_scene);
  SceneMesh mesh;
  SceneBuildStats stats;
  const Scenario r = resolve_scenario_scene(s, &mesh, &stats);
  EXPECT_EQ(mesh.triangle_count(), 4u * 4u * 10u);  // no ground triangles: the tracer's plane is the ground
  EXPECT_NE(r.scene.crs.find("UTM zone 43N"), std::string::npos);
  // The site, ~50 m east and ~55 m north of the city origin (77.2090 E, 28.6139 N).
  EXPECT_FALSE(r.sites[0].from_lonlat);
  EXPECT_NEAR(r.sites[0].x_m - mesh.origin_x_m, 49, 3);
  EXPECT_NEAR(r.sites[0].y_m - mesh.origin_y_m, 55, 3);
  // Bounds: the buildings' extent, 0 .. 3 x 60 + 40 = 220 m.
  EXPECT_NEAR(r.grid.xmin_m, mesh.origin_x_m, 1e-6);
  EXPECT_NEAR(r.grid.xmax_m, mesh.origin_x_m + 220, 1e-3);
  EXPECT_NEAR(r.grid.ymax_m, mesh.origin_y_m + 220, 1e-3);
}

TEST(ScenarioScene, RayTracingOverTheProceduralCity) {
  const Scenario s = parse_scenario_text(kProcedural, "city.yaml", "");
  const CoverageResult r = run_coverage(s, CoverageRunOptions{2, false});
  ASSERT_EQ(r.grid.nx, 22);
  std::size_t inside = 0, finite = 0;
  for (float g : r.maps.gain_db) inside += std::isnan(g), finite += std::isfinite(g);
  // Buildings cover 16 x 40 x 40 m of the 220 x 220 m grid: about 53 % of the cells.
  EXPECT_NEAR(static_cast<double>(inside) / r.maps.gain_db.size(), 16.0 * 1600 / (220.0 * 220), 0.06);
  EXPECT_GT(finite, r.maps.gain_db.size() / 3);
}

TEST(ScenarioScene, GisFootprintsBecomeBuildingsTheTracerSees) {
  const fs::path dir = fs::temp_directory_path() / "tarang_scenario_gis";
  fs::create_directories(dir);
  // One 40 m x 40 m building (about 0.0004 deg) 30 m tall, in WGS 84 near New Delhi.
  std::ofstream(dir / "b.geojson") << R"({"type":"FeatureCollection","features":[{"type":"Feature",
    "properties":{"building":"yes","height":"30 m"},"geometry":{"type":"Polygon","coordinates":[[
    [77.2000,28.6000],[77.2004,28.6000],[77.2004,28.6004],[77.2000,28.6004],[77.2000,28.6000]]]}}]})";
  std::ofstream(dir / "s.yaml") << R"(scene: {buildings: b.geojson}
radio: {frequency_hz: 3.5e9}
sites: [{id: a, lon: 77.1990, lat: 28.6002, height_m: 10, sectors: [{id: a1, antenna: isotropic, power_dbm: 40}]}]
propagation: {model: raytrace}
raytrace: {rays: 20000, max_depth: 1}
grid: {cell_m: 5}
)";
  const Scenario s = load_scenario_file((dir / "s.yaml").string());
  SceneMesh mesh;
  SceneBuildStats stats;
  const Scenario r = resolve_scenario_scene(s, &mesh, &stats);
  EXPECT_EQ(stats.buildings, 1u);
  EXPECT_NEAR(mesh.local_bounds()[5], 30.0, 1e-3);
  EXPECT_NEAR(r.grid.xmax_m - r.grid.xmin_m, 39.1, 1.0);  // 0.0004 deg of longitude at 28.6 N
  const CoverageResult result = run_coverage(s, CoverageRunOptions{2, false});
  const std::size_t centre = static_cast<std::size_t>(result.grid.ny / 2) * result.grid.nx + result.grid.nx / 2;
  EXPECT_TRUE(std::isnan(result.maps.gain_db[centre]));  // inside the building
  fs::remove_all(dir);
}

TEST(ScenarioScene, SionnaMunichLineOfSightEqualsFreeSpace) {
  const std::string xml = shared_data() + "/scenes/munich/munich.xml";
  if (!fs::exists(xml)) GTEST_SKIP() << "../shared/data not present";
  Scenario s;
  s.name = "munich";
  s.scene.crs = "EPSG:32632";
  s.scene.source = SceneSource::Mesh;
  s.scene.mesh_path = xml;
  s.scene.ground = GroundKind::None;
  s.radio.frequency_hz = 3.5e9;
  s.propagation.model = PathLossModel::Raytrace;
  s.raytrace.rays = 1000000;
  s.raytrace.max_depth = 0;
  SiteSpec site;
  site.id = "tx";
  site.x_m = 8.5, site.y_m = 21, site.height_m = 27;  // the issue's anchor transmitter
  site.sectors.push_back(SectorSpec{"iso", 0, 0, 40, AntennaKind::Isotropic});
  s.sites.push_back(site);
  s.grid = GridSpec{-400, -400, 400, 400, 5, 1.5};
  const CoverageResult r = run_coverage(s, CoverageRunOptions{2, false});
  std::vector<double> errors;
  std::size_t shadowed = 0;
  const double wavelength_m = 299792458.0 / 3.5e9;
  for (int row = 0; row < r.grid.ny; ++row) {
    for (int col = 0; col < r.grid.nx; ++col) {
      const float g = r.maps.gain_db[static_cast<std::size_t>(row) * r.grid.nx + col];
      if (!std::isfinite(g)) {
        shadowed += 1;
        continue;
      }
      const double dx = r.grid.x_center_m(col) - 8.5, dy = r.grid.y_center_m(row) - 21, dz = 1.5 - 27;
      const double friis_db = 20 * std::log10(wavelength_m / (4 * M_PI * std::sqrt(dx * dx + dy * dy + dz * dz)));
      errors.push_back(std::fabs(g - friis_db));
    }
  }
  ASSERT_GT(errors.size(), 300u);
  EXPECT_GT(shadowed, 10000u);  // buildings block most of the city at street level
  std::nth_element(errors.begin(), errors.begin() + errors.size() / 2, errors.end());
  // Issue #5: the LOS-only map equals the free-space map on LOS cells (median; shadow-edge cells are partial).
  EXPECT_LE(errors[errors.size() / 2], 0.5);
}

TEST(ScenarioScene, BadSceneInputsAreReportedWithTheFile) {
  const std::string text = std::string(kProcedural).replace(std::string(kProcedural).find("procedural: {blocks: 4, seed: 3}"),
                                                            32, "mesh: nowhere.ply\n  crs: EPSG:32643");
  try {
    parse_scenario_text(text, "city.yaml", "/tmp");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("city.yaml:3: scene.mesh: file not found: /tmp/nowhere.ply"), std::string::npos)
        << e.what();
  }
  const std::string bad_crs = std::string(kProcedural).replace(std::string(kProcedural).find("procedural: {blocks: 4, seed: 3}"),
                                                               32, "procedural: {blocks: 4}\n  crs: EPSG:32643");
  EXPECT_THROW(parse_scenario_text(bad_crs, "city.yaml", ""), InputError);
}

}  // namespace
}  // namespace tarang

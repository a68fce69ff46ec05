// Tests for build_city_scene: ground choices, CRS choice, DEM bases, bad options, and the shared OSM extracts.
#include "scene/city_from_gis.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "core/error.h"
#include "scene/crs.h"
#include "scene/gdal_checked.h"
#include "scene/mesh_checks.h"
#include "tests/scene/gis_test_support.h"

namespace tarang {
namespace {

using test::feature;
using test::feature_collection;
using test::object_id;
using test::object_triangle_count;
using test::polygon;
using test::TempDir;

constexpr double kX0 = 781000, kY0 = 1435000;  // UTM 43N

test::Ring box(double x0, double y0, double x1, double y1) {
  return {{kX0 + x0, kY0 + y0}, {kX0 + x1, kY0 + y0}, {kX0 + x1, kY0 + y1}, {kX0 + x0, kY0 + y1}};
}

// Three buildings in EPSG:32643 spanning (0, 0) - (61, 21) m, and one with a negative height.
std::string three_buildings() {
  return feature_collection({feature(R"({"id":"a","height":12})", polygon({box(0, 0, 10, 10)})),
                             feature(R"({"id":"b","building:levels":2})", polygon({box(20, 0, 40, 21)})),
                             feature(R"({"id":"c"})", polygon({box(50, 0, 61, 10)})),
                             feature(R"({"id":"d","height":-1})", polygon({box(50, 15, 60, 20)}))},
                            32643);
}

// A DEM in EPSG:32643 over (-100, -100) - (200, 200) m: 30 m rising 0.2 m per metre east.
std::string write_slope_dem(const TempDir& dir) {
  gdal::ensure_registered();
  const std::string path = dir.file("slope.tif");
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  gdal::DatasetPtr ds(driver->Create(path.c_str(), 300, 300, 1, GDT_Float32, nullptr));
  double geotransform[6] = {kX0 - 100, 1, 0, kY0 + 200, 0, -1};
  ds->SetGeoTransform(geotransform);
  const OGRSpatialReference srs = gdal::spatial_reference("EPSG:32643");
  ds->SetSpatialRef(&srs);
  std::vector<float> values;
  for (int row = 0; row < 300; ++row) {
    for (int col = 0; col < 300; ++col) values.push_back(static_cast<float>(30 + 0.2 * (col + 0.5 - 100)));
  }
  EXPECT_EQ(
      ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, 300, 300, values.data(), 300, 300, GDT_Float32, 0, 0, nullptr),
      CE_None);
  return path;
}

double lowest_z(const SceneMesh& mesh, std::uint32_t object) {
  double z = 1e30;
  for (std::size_t t = 0; t < mesh.triangle_count(); ++t) {
    if (mesh.triangle_object[t] != object) continue;
    for (int c = 0; c < 3; ++c) z = std::min<double>(z, mesh.positions_m[3 * std::size_t{mesh.indices[3 * t + c]} + 2]);
  }
  return z;
}

TEST(BuildCityScene, FlatGroundAroundBuildings) {
  TempDir dir;
  GisSceneOptions options;
  options.buildings_path = dir.write("city.geojson", three_buildings());
  options.ground_margin_m = 20;
  SceneBuildStats stats;
  const SceneMesh mesh = build_city_scene(options, stats);
  EXPECT_EQ(stats.buildings, 3u);
  EXPECT_EQ(stats.skipped, 1u);
  EXPECT_EQ(mesh.object_names, (std::vector<std::string>{"a", "b", "c", "ground"}));
  EXPECT_NE(mesh.crs_wkt.find("UTM zone 43N"), std::string::npos);  // "auto" picked the zone of the data
  // Origin: the centre of (-20, -20) - (81, 41), rounded to whole metres.
  EXPECT_DOUBLE_EQ(mesh.origin_x_m, kX0 + 31);  // 30.5 rounds away from zero
  EXPECT_DOUBLE_EQ(mesh.origin_y_m, kY0 + 11);  // 10.5
  EXPECT_EQ(object_triangle_count(mesh, object_id(mesh, "ground")), 2u);
  EXPECT_EQ(mesh.triangle_count(), 3u * 10u + 2u);
  const auto bounds = mesh.local_bounds();
  EXPECT_FLOAT_EQ(bounds[0], -20 - 31);
  EXPECT_FLOAT_EQ(bounds[4], 41 - 11);
  EXPECT_FLOAT_EQ(bounds[2], 0);
  EXPECT_FLOAT_EQ(bounds[5], 12);
  for (const char* name : {"a", "b", "c"}) {
    EXPECT_TRUE(is_watertight(mesh, object_id(mesh, name), OpenBase::yes)) << name;
    EXPECT_GT(signed_volume_m3(mesh, object_id(mesh, name)), 0) << name;
  }
  EXPECT_NEAR(signed_volume_m3(mesh, object_id(mesh, "b")), 20.0 * 21 * 6, 1e-2);  // 2 levels x 3 m
}

TEST(BuildCityScene, BuildingsStandOnTheDemTerrain) {
  TempDir dir;
  GisSceneOptions options;
  options.buildings_path = dir.write("city.geojson", three_buildings());
  options.dem_path = write_slope_dem(dir);
  options.crs = "EPSG:32643";
  options.ground = GisGround::terrain;
  options.ground_margin_m = 10;
  options.dem.resolution_m = 5;
  SceneBuildStats stats;
  const SceneMesh mesh = build_city_scene(options, stats);
  ASSERT_EQ(mesh.object_names.back(), "terrain");
  // Extent (-10, -10) - (71, 31): 81 / 5 -> 18 columns, 41 / 5 -> 10 rows of nodes.
  EXPECT_EQ(object_triangle_count(mesh, object_id(mesh, "terrain")), 2u * 17u * 9u);
  // Bases at the lowest terrain under each footprint: its west edge, 30 + 0.2 x.
  EXPECT_NEAR(lowest_z(mesh, object_id(mesh, "a")), 30.0, 1e-3);
  EXPECT_NEAR(lowest_z(mesh, object_id(mesh, "b")), 34.0, 1e-3);
  EXPECT_NEAR(lowest_z(mesh, object_id(mesh, "c")), 40.0, 1e-3);
  const std::uint32_t a = object_id(mesh, "a");
  EXPECT_NEAR(signed_volume_m3(mesh, a), 100.0 * 12, 1e-2);
  EXPECT_EQ(mesh.materials[mesh.triangle_material.back()].name, "medium_dry_ground");
}

TEST(BuildCityScene, FlatGroundWithADemSitsAtItsLowestPoint) {
  TempDir dir;
  GisSceneOptions options;
  options.buildings_path = dir.write("city.geojson", three_buildings());
  options.dem_path = write_slope_dem(dir);
  options.ground_margin_m = 10;
  SceneBuildStats stats;
  const SceneMesh mesh = build_city_scene(options, stats);
  EXPECT_NEAR(lowest_z(mesh, object_id(mesh, "ground")), 30 - 0.2 * 10, 1e-3);
}

// Expects InputError with the given file and key whose text contains `text`, and no new file in `dir`.
template <typename Fn>
void expect_input_error(const TempDir& dir, const std::string& file, const std::string& key, const std::string& text,
                        Fn&& fn) {
  const auto before = dir.listing();
  try {
    fn();
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), file) << e.what();
    EXPECT_EQ(e.key(), key) << e.what();
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
  }
  EXPECT_EQ(dir.listing(), before);
}

TEST(BuildCitySceneBadInput, EachNamesTheFileAndWritesNothing) {
  TempDir dir;
  GisSceneOptions options;
  options.options_file = dir.write("scenario.yaml", "scene: {}\n");
  options.buildings_path = dir.write("city.geojson", three_buildings());
  SceneBuildStats stats;

  GisSceneOptions bad_crs = options;
  bad_crs.crs = "EPSG:999999";
  expect_input_error(dir, options.options_file, "crs", "EPSG:999999", [&] { build_city_scene(bad_crs, stats); });
  bad_crs.crs = "EPSG:4326";
  expect_input_error(dir, options.options_file, "crs", "not a projected CRS",
                     [&] { build_city_scene(bad_crs, stats); });

  GisSceneOptions no_dem = options;
  no_dem.ground = GisGround::terrain;
  expect_input_error(dir, options.options_file, "ground", "needs a DEM", [&] { build_city_scene(no_dem, stats); });

  GisSceneOptions missing = options;
  missing.buildings_path = dir.file("nowhere.osm.pbf");
  expect_input_error(dir, missing.buildings_path, "", "file not found", [&] { build_city_scene(missing, stats); });

  GisSceneOptions missing_dem = options;
  missing_dem.dem_path = dir.file("nowhere.tif");
  expect_input_error(dir, missing_dem.dem_path, "", "file not found", [&] { build_city_scene(missing_dem, stats); });

  GisSceneOptions useless = options;
  useless.buildings_path =
      dir.write("useless.geojson",
                feature_collection({feature(R"({"id":"x","height":"abc"})", polygon({box(0, 0, 10, 10)}))}, 32643));
  expect_input_error(dir, useless.buildings_path, "", "no usable building footprints",
                     [&] { build_city_scene(useless, stats); });
}

// The shared OpenStreetMap extracts: each builds, with a plausible building count; counts and times are printed.
struct Extract {
  const char* file;
  std::size_t min_buildings, max_buildings;
  const char* zone;
};

class SharedOsmData : public ::testing::TestWithParam<Extract> {};

TEST_P(SharedOsmData, BuildsWithPlausibleCounts) {
  const std::string data = std::string(TARANG_SOURCE_DIR) + "/../shared/data";
  if (!std::filesystem::exists(data)) GTEST_SKIP() << "../shared/data not present";
  const Extract& extract = GetParam();
  GisSceneOptions options;
  options.buildings_path = data + "/osm/" + extract.file;
  SceneBuildStats stats;
  const auto start = std::chrono::steady_clock::now();
  const SceneMesh mesh = build_city_scene(options, stats);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[ scene    ] " << extract.file << ": " << stats.buildings << " buildings, " << stats.repaired
            << " repaired, " << stats.skipped << " skipped, " << mesh.triangle_count() << " triangles, "
            << mesh.vertex_count() << " vertices, " << seconds << " s\n";
  EXPECT_GE(stats.buildings, extract.min_buildings);
  EXPECT_LE(stats.buildings, extract.max_buildings);
  EXPECT_LT(stats.skipped, stats.buildings / 10 + 2);
  EXPECT_NE(mesh.crs_wkt.find(extract.zone), std::string::npos);
  EXPECT_EQ(mesh.object_names.back(), "ground");
  EXPECT_EQ(degenerate_triangle_count(mesh), 0u);
  // Every building has positive volume (outward normals); float32 vertices stay near the origin.
  for (std::uint32_t o = 0; o + 1 < mesh.object_names.size(); ++o) {
    ASSERT_GT(signed_volume_m3(mesh, o), 0) << mesh.object_names[o];
  }
  const auto bounds = mesh.local_bounds();
  for (const double b : bounds) EXPECT_LT(std::abs(b), 5000.0);
}

INSTANTIATE_TEST_SUITE_P(Extracts, SharedOsmData,
                         ::testing::Values(Extract{"helsinki.osm.pbf", 300, 700, "UTM zone 35N"},
                                           Extract{"monaco.osm.pbf", 800, 1400, "UTM zone 32N"},
                                           Extract{"munich_small.osm", 25, 40, "UTM zone 32N"}),
                         [](const auto& info) {
                           std::string name = info.param.file;
                           return name.substr(0, name.find('.'));
                         });

}  // namespace
}  // namespace tarang

// Tests for the terrain DEM: GeoTIFFs written here with GDAL, warped, sampled, hole-filled and meshed.
#include "scene/terrain_dem.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "core/error.h"
#include "scene/crs.h"
#include "scene/gdal_checked.h"
#include "tests/scene/gis_test_support.h"

namespace tarang {
namespace {

using test::TempDir;

constexpr double kX0 = 781000, kY0 = 1435000;  // UTM 43N

struct Raster {
  std::string crs = "EPSG:32643";
  double left = kX0 - 100, top = kY0 + 200, pixel = 2;  // north-up
  int columns = 150, rows = 150;
  std::function<double(double x, double y)> height;  // at pixel centres
  std::function<bool(double x, double y)> is_hole = [](double, double) { return false; };
  bool georeferenced = true;
};

// Writes a single-band Float32 GeoTIFF with nodata -9999 where `is_hole`.
std::string write_geotiff(const TempDir& dir, const std::string& name, const Raster& r) {
  gdal::ensure_registered();
  const std::string path = dir.file(name);
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  gdal::DatasetPtr ds(driver->Create(path.c_str(), r.columns, r.rows, 1, GDT_Float32, nullptr));
  if (!ds) ADD_FAILURE() << "cannot create " << path;
  if (r.georeferenced) {
    double geotransform[6] = {r.left, r.pixel, 0, r.top, 0, -r.pixel};
    ds->SetGeoTransform(geotransform);
    const OGRSpatialReference srs = gdal::spatial_reference(r.crs);
    ds->SetSpatialRef(&srs);
  }
  std::vector<float> values;
  for (int row = 0; row < r.rows; ++row) {
    for (int col = 0; col < r.columns; ++col) {
      const double x = r.left + (col + 0.5) * r.pixel, y = r.top - (row + 0.5) * r.pixel;
      values.push_back(r.is_hole(x, y) ? -9999.0f : static_cast<float>(r.height(x, y)));
    }
  }
  GDALRasterBand* band = ds->GetRasterBand(1);
  band->SetNoDataValue(-9999);
  EXPECT_EQ(
      band->RasterIO(GF_Write, 0, 0, r.columns, r.rows, values.data(), r.columns, r.rows, GDT_Float32, 0, 0, nullptr),
      CE_None);
  return path;
}

double plane(double x, double y) { return 50 + 0.1 * (x - kX0) + 0.05 * (y - kY0); }

PlanExtent scene_extent(double width = 100, double height = 80) {
  PlanExtent e;
  e.add({kX0, kY0});
  e.add({kX0 + width, kY0 + height});
  return e;
}

const std::string& utm43() {
  static const std::string wkt = resolve_projected_crs("EPSG:32643").wkt;
  return wkt;
}

TEST(TerrainDem, SamplesAPlaneExactly) {
  TempDir dir;
  Raster r;
  r.height = plane;
  const std::string path = write_geotiff(dir, "plane.tif", r);
  SceneBuildStats stats;
  const TerrainDem dem = read_terrain_dem(path, utm43(), scene_extent(), {}, stats);
  EXPECT_DOUBLE_EQ(dem.spacing_m(), 2.0);  // the DEM's own pixel size
  EXPECT_EQ(dem.columns(), 51);
  EXPECT_EQ(dem.rows(), 41);
  EXPECT_TRUE(stats.warnings.empty());
  for (const auto& [dx, dy] : {std::pair{0.0, 0.0}, {13.3, 7.7}, {99.9, 79.9}, {50.0, 41.0}, {100.0, 80.0}}) {
    EXPECT_NEAR(dem.height_at(kX0 + dx, kY0 + dy), plane(kX0 + dx, kY0 + dy), 1e-3) << dx << ", " << dy;
  }
  // Outside the grid: the edge value.
  EXPECT_NEAR(dem.height_at(kX0 - 50, kY0), plane(kX0, kY0), 1e-3);
}

TEST(TerrainDem, CoarsensAGridThatWouldBeTooLarge) {
  TempDir dir;
  Raster r;
  r.height = plane;
  const std::string path = write_geotiff(dir, "plane.tif", r);
  SceneBuildStats stats;
  DemOptions options;
  options.max_nodes_per_side = 11;
  const TerrainDem dem = read_terrain_dem(path, utm43(), scene_extent(), options, stats);
  EXPECT_DOUBLE_EQ(dem.spacing_m(), 10.0);  // 100 m over 10 intervals
  EXPECT_EQ(dem.columns(), 11);
  EXPECT_EQ(dem.rows(), 9);
  ASSERT_EQ(stats.warnings.size(), 1u);
  EXPECT_NE(stats.warnings[0].find("coarsened to 10 m"), std::string::npos) << stats.warnings[0];
  EXPECT_NEAR(dem.height_at(kX0 + 35, kY0 + 45), plane(kX0 + 35, kY0 + 45), 1e-3);
}

TEST(TerrainDem, FillsANodataHoleAndSaysSo) {
  TempDir dir;
  Raster r;
  r.height = plane;
  r.is_hole = [](double x, double y) { return x > kX0 + 40 && x < kX0 + 52 && y > kY0 + 30 && y < kY0 + 42; };
  const std::string path = write_geotiff(dir, "holed.tif", r);
  SceneBuildStats stats;
  const TerrainDem dem = read_terrain_dem(path, utm43(), scene_extent(), {}, stats);
  ASSERT_EQ(stats.warnings.size(), 1u);
  EXPECT_NE(stats.warnings[0].find("filled by interpolation"), std::string::npos) << stats.warnings[0];
  // Inside the hole the fill interpolates its surroundings (not exact for a plane, but close).
  for (const auto& [dx, dy] : {std::pair{46.0, 36.0}, {42.0, 32.0}, {50.0, 40.0}}) {
    const double h = dem.height_at(kX0 + dx, kY0 + dy);
    EXPECT_NEAR(h, plane(kX0 + dx, kY0 + dy), 1.0) << dx << ", " << dy;
  }
  // Away from the hole the plane is untouched.
  EXPECT_NEAR(dem.height_at(kX0 + 10, kY0 + 10), plane(kX0 + 10, kY0 + 10), 1e-3);
}

TEST(TerrainDem, WarpsFromGeographicCoordinates) {
  TempDir dir;
  Raster r;  // WGS 84, ~11 m pixels, constant 42 m, with a hole inside the scene
  r.crs = "EPSG:4326";
  r.left = 77.58;
  r.top = 12.99;
  r.pixel = 1e-4;
  r.columns = 400;
  r.rows = 400;
  r.height = [](double, double) { return 42.0; };
  r.is_hole = [](double lon, double lat) { return std::abs(lon - 77.5950) < 2e-4 && std::abs(lat - 12.9720) < 2e-4; };
  const std::string path = write_geotiff(dir, "geographic.tif", r);
  SceneBuildStats stats;
  PlanExtent extent;  // around (77.5946, 12.9716) = (781481.02, 1435426.41) in UTM 43N
  extent.add({781400, 1435350});
  extent.add({781600, 1435550});
  const TerrainDem dem = read_terrain_dem(path, utm43(), extent, {}, stats);
  EXPECT_NEAR(dem.spacing_m(), 10.8, 0.3);  // 1e-4 degree of latitude/longitude at 13 N, the smaller axis
  EXPECT_FALSE(stats.warnings.empty());     // the hole was filled
  for (int j = 0; j < dem.rows(); ++j) {
    for (int i = 0; i < dem.columns(); ++i) ASSERT_NEAR(dem.node_height_m(i, j), 42.0, 1e-4);
  }
}

TEST(TerrainDem, LowestHeightUnderAFootprintIncludesItsInterior) {
  TempDir dir;
  Raster r;  // a Gaussian pit 20 m deep centred at (kX0 + 50, kY0 + 40)
  r.height = [](double x, double y) {
    const double dx = x - (kX0 + 50), dy = y - (kY0 + 40);
    return 100 - 20 * std::exp(-(dx * dx + dy * dy) / (2 * 8.0 * 8.0));
  };
  r.pixel = 1;
  r.left = kX0 - 20;
  r.top = kY0 + 120;
  const std::string path = write_geotiff(dir, "pit.tif", r);
  SceneBuildStats stats;
  const TerrainDem dem = read_terrain_dem(path, utm43(), scene_extent(), {}, stats);
  FootprintPolygon around_pit{{{kX0 + 30, kY0 + 20}, {kX0 + 70, kY0 + 20}, {kX0 + 70, kY0 + 60}, {kX0 + 30, kY0 + 60}},
                              {}};
  // The pit's floor (the DEM's pixel centres miss the exact centre by 0.7 m: 80.08 m), not the corners' ~97.7 m.
  EXPECT_NEAR(dem.min_height_under(around_pit), 80.0, 0.1);
  FootprintPolygon with_pit_in_hole = around_pit;
  with_pit_in_hole.holes.push_back(
      {{kX0 + 40, kY0 + 30}, {kX0 + 40, kY0 + 50}, {kX0 + 60, kY0 + 50}, {kX0 + 60, kY0 + 30}});
  EXPECT_GT(dem.min_height_under(with_pit_in_hole), 85.0);  // the pit is in the courtyard, not under the building
}

TEST(TerrainDem, MeshHasTwoUpFacingTrianglesPerCell) {
  std::vector<float> heights(11 * 6);
  for (std::size_t k = 0; k < heights.size(); ++k) heights[k] = static_cast<float>(k % 7);
  const TerrainDem dem(kX0, kY0, 5.0, 11, 6, heights);
  for (const int stride : {1, 3}) {
    SceneMesh mesh;
    mesh.origin_x_m = kX0 + 25;
    mesh.origin_y_m = kY0 + 12;
    append_terrain_mesh(dem, {stride, "medium_dry_ground", "terrain"}, mesh);
    const std::size_t nx = stride == 1 ? 11 : 5, ny = stride == 1 ? 6 : 3;  // 0,3,6,9,10 and 0,3,5
    EXPECT_EQ(mesh.vertex_count(), nx * ny);
    EXPECT_EQ(mesh.triangle_count(), 2 * (nx - 1) * (ny - 1));
    ASSERT_EQ(mesh.object_names, std::vector<std::string>{"terrain"});
    ASSERT_EQ(mesh.materials.size(), 1u);
    EXPECT_EQ(mesh.materials[0].name, "medium_dry_ground");
    for (std::size_t t = 0; t < mesh.triangle_count(); ++t) {
      const float* a = &mesh.positions_m[3 * std::size_t{mesh.indices[3 * t]}];
      const float* b = &mesh.positions_m[3 * std::size_t{mesh.indices[3 * t + 1]}];
      const float* c = &mesh.positions_m[3 * std::size_t{mesh.indices[3 * t + 2]}];
      const double normal_z = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
      EXPECT_GT(normal_z, 0);
    }
    const auto bounds = mesh.local_bounds();
    EXPECT_FLOAT_EQ(bounds[0], -25);
    EXPECT_FLOAT_EQ(bounds[3], 25);
    EXPECT_FLOAT_EQ(bounds[1], -12);
    EXPECT_FLOAT_EQ(bounds[4], 13);
  }
  SceneMesh mesh;
  EXPECT_THROW(append_terrain_mesh(dem, {0, "medium_dry_ground", "terrain"}, mesh), std::invalid_argument);
}

template <typename Fn>
void expect_input_error(const std::string& path, const std::string& text, Fn&& fn) {
  try {
    fn();
    ADD_FAILURE() << "no InputError for " << path;
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
  }
}

TEST(TerrainDemBadInput, EachNamesTheFile) {
  TempDir dir;
  SceneBuildStats stats;
  const std::string missing = dir.file("missing.tif");
  expect_input_error(missing, "file not found", [&] { read_terrain_dem(missing, utm43(), scene_extent(), {}, stats); });
  const std::string text = dir.write("dem.txt", "elevation: high\n");
  expect_input_error(text, "not a raster", [&] { read_terrain_dem(text, utm43(), scene_extent(), {}, stats); });
  const std::string vector = dir.write(
      "dem.geojson", test::feature_collection({test::feature("{}", R"({"type":"Point","coordinates":[77.5,12.9]})")}));
  expect_input_error(vector, "is a vector source",
                     [&] { read_terrain_dem(vector, utm43(), scene_extent(), {}, stats); });

  Raster far;
  far.height = plane;
  far.left = kX0 + 5000;  // nowhere near the scene
  const std::string elsewhere = write_geotiff(dir, "elsewhere.tif", far);
  expect_input_error(elsewhere, "no data over the scene extent",
                     [&] { read_terrain_dem(elsewhere, utm43(), scene_extent(), {}, stats); });

  Raster bare;
  bare.height = plane;
  bare.georeferenced = false;
  const std::string unreferenced = write_geotiff(dir, "bare.tif", bare);
  expect_input_error(unreferenced, "coordinate reference system",
                     [&] { read_terrain_dem(unreferenced, utm43(), scene_extent(), {}, stats); });
}

}  // namespace
}  // namespace tarang

// A scenario over a DEM GeoTIFF end to end: the site stands on the terrain under it and the ray-traced receivers follow
// the terrain, so the line-of-sight map equals free space between those true heights.
#include <gtest/gtest.h>

#include <gdal_priv.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "io/scenario_yaml.h"
#include "planner/coverage_run.h"
#include "propagation/free_space.h"
#include "scene/gdal_checked.h"

namespace tarang {
namespace {

namespace fs = std::filesystem;
constexpr double kX0 = 781000, kY0 = 1435000;  // UTM 43N

// DEM in EPSG:32643, 1 m pixels over (-300, -300) - (300, 300) m around (kX0, kY0): 50 m rising 0.15 m per metre north.
double terrain_m(double y_local_m) { return 50 + 0.15 * y_local_m; }

void write_dem(const std::string& path) {
  gdal::ensure_registered();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  gdal::DatasetPtr ds(driver->Create(path.c_str(), 600, 600, 1, GDT_Float32, nullptr));
  double geotransform[6] = {kX0 - 300, 1, 0, kY0 + 300, 0, -1};
  ds->SetGeoTransform(geotransform);
  const OGRSpatialReference srs = gdal::spatial_reference("EPSG:32643");
  ds->SetSpatialRef(&srs);
  std::vector<float> values;
  for (int row = 0; row < 600; ++row) {
    for (int col = 0; col < 600; ++col) values.push_back(static_cast<float>(terrain_m(300 - (row + 0.5))));
  }
  ASSERT_EQ(
      ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, 600, 600, values.data(), 600, 600, GDT_Float32, 0, 0, nullptr),
      CE_None);
}

TEST(TerrainCoverage, LineOfSightOverADemFollowsTheTerrain) {
  const fs::path dir = fs::temp_directory_path() / "tarang_terrain_coverage";
  fs::create_directories(dir);
  write_dem((dir / "dem.tif").string());
  // One building far outside the grid (behind the site as seen from every cell).
  std::ofstream(dir / "b.geojson") << R"({"type":"FeatureCollection",
    "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32643"}},"features":[{"type":"Feature",
    "properties":{"height":10},"geometry":{"type":"Polygon","coordinates":[[[781250,1434720],[781280,1434720],
    [781280,1434750],[781250,1434750],[781250,1434720]]]}}]})";
  std::ofstream(dir / "s.yaml") << R"(scene: {buildings: b.geojson, dem: dem.tif, crs: "EPSG:32643"}
radio: {frequency_hz: 3.5e9}
sites: [{id: a, x_m: 781000, y_m: 1435000, height_m: 25, sectors: [{id: a1, antenna: isotropic, power_dbm: 40}]}]
propagation: {model: raytrace}
raytrace: {rays: 1000000, max_depth: 0}
grid: {bounds_m: [780850, 1434850, 781150, 1435150], cell_m: 20, height_m: 1.5}
)";
  const Scenario s = load_scenario_file((dir / "s.yaml").string());
  const CoverageResult result = run_coverage(s, CoverageRunOptions{2, false});
  std::vector<double> errors;
  for (int row = 0; row < result.grid.ny; ++row) {
    for (int col = 0; col < result.grid.nx; ++col) {
      const double x = result.grid.x_center_m(col) - kX0, y = result.grid.y_center_m(row) - kY0;
      const double dz = terrain_m(y) + 1.5 - (terrain_m(0) + 25);
      const double fspl_db = free_space_path_loss_db(std::sqrt(x * x + y * y + dz * dz), 3.5e9);
      errors.push_back(result.maps.gain_db[static_cast<std::size_t>(row) * result.grid.nx + col] + fspl_db);
    }
  }
  std::sort(errors.begin(), errors.end());
  std::printf("map - free space over the DEM: %zu cells, %.2f .. %.2f dB\n", errors.size(), errors.front(),
              errors.back());
  EXPECT_GT(errors.front(), -1.0);  // within 1 dB everywhere (the terrain mesh is the DEM resampled, bilinear)
  EXPECT_LT(errors.back(), 1.0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tarang

// Measurement ingest: CSV columns (x/y, lon/lat), PCI lookup, bad rows counted, GeoPackage points, missing columns.
#include <gtest/gtest.h>

#include <fstream>

#include "calibration/measurements.h"
#include "core/error.h"
#include "io/scenario_yaml.h"
#include "scene/crs.h"
#include "scene/gdal_checked.h"
#include "tests/support/temp_folder_test.h"

namespace tarang {
namespace {

const char* kScenario = R"(name: meas
scene: {crs: "EPSG:32643"}
radio: {frequency_hz: 3.5e9}
sites:
  - id: s
    x_m: 715000
    y_m: 3167000
    height_m: 25
    sectors:
      - {id: s-a, pci: 17, azimuth_deg: 0, power_dbm: 43}
      - {id: s-b, azimuth_deg: 180, power_dbm: 43}
grid: {bounds_m: [714000, 3166000, 716000, 3168000], cell_m: 50}
)";

class Measurements : public test::TempFolderTest {
 protected:
  void SetUp() override {
    TempFolderTest::SetUp();
    scenario_ = parse_scenario_text(kScenario, "meas.yaml", "");
    grid_ = raster_grid_of(scenario_.grid, scenario_.scene.crs);
  }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(path(name)) << text;
    return path(name);
  }
  Scenario scenario_;
  RasterGrid grid_;
};

TEST_F(Measurements, XyCsvWithBadRowsCountedNotFatal) {
  const std::string csv = write("m.csv",
                                "x,y,RSRP_dBm,cell,device_id,timestamp\n"
                                "715100.5,3167200.25,-95.5,s-a,d1,2026-01-01T00:00:00Z\n"
                                "715100,3167200,-96,17,d1,\n"             // pci 17 = s-a
                                "715100,3167200,-97,s-b,,\n"              // no device id: a device of its own
                                "715100,3167200,nan,s-a,d2,\n"            // NaN
                                "715100,3167200,,s-a,d2,\n"               // empty
                                "715100,,-90,s-a,d2,\n"                   // no y
                                "715100,3167200,-20,s-a,d2,\n"            // above the reporting range
                                "715100,3167200,-160,s-a,d2,\n"           // below it
                                "715100,3167200,-90,s-zz,d2,\n"           // unknown cell
                                "715100,3167200,-90,18,d2,\n"             // unknown pci
                                "719000,3167200,-90,s-a,d2,\n");          // outside the grid
  const MeasurementSet m = read_measurements(csv, scenario_, grid_);
  EXPECT_EQ(m.stats.rows, 11u);
  EXPECT_EQ(m.stats.used, 3u);
  EXPECT_EQ(m.stats.missing_value, 3u);
  EXPECT_EQ(m.stats.rsrp_out_of_range, 2u);
  EXPECT_EQ(m.stats.unknown_cell, 2u);
  EXPECT_EQ(m.stats.outside_grid, 1u);
  EXPECT_EQ(m.stats.devices, 2u);
  EXPECT_TRUE(m.stats.device_ids);
  ASSERT_EQ(m.rows.size(), 3u);
  EXPECT_NEAR(m.rows[0].x_m, 715100.5, 1e-6);
  EXPECT_NEAR(m.rows[0].y_m, 3167200.25, 1e-6);
  EXPECT_EQ(m.rows[0].rsrp_dbm, -95.5);
  EXPECT_EQ(m.rows[0].sector, 0);
  EXPECT_EQ(m.rows[1].sector, 0);
  EXPECT_EQ(m.rows[1].device, m.rows[0].device);
  EXPECT_EQ(m.rows[2].sector, 1);
  EXPECT_NE(m.rows[2].device, m.rows[0].device);
}

TEST_F(Measurements, LonLatColumnsAreProjectedToTheSceneCrs) {
  const LonLat ll = projected_to_lonlat(715321.0, 3167654.0, "EPSG:32643");
  const std::string csv =
      write("m.csv", "latitude,longitude,rsrp,sector\n" + std::to_string(ll.lat_deg) + "," +
                         std::to_string(ll.lon_deg) + ",-100,s-b\n");
  const MeasurementSet m = read_measurements(csv, scenario_, grid_);
  ASSERT_EQ(m.rows.size(), 1u);
  // std::to_string keeps 6 decimals (~0.1 m).
  EXPECT_NEAR(m.rows[0].x_m, 715321.0, 0.2);
  EXPECT_NEAR(m.rows[0].y_m, 3167654.0, 0.2);
  EXPECT_EQ(m.stats.position_columns, "lon/lat columns (WGS 84)");
}

TEST_F(Measurements, XyColumnsInAnotherCrs) {
  // The same point in UTM zone 44N (EPSG:32644), read with --measurements-crs.
  const LonLat ll = projected_to_lonlat(715321.0, 3167654.0, "EPSG:32643");
  const ProjectedPoint p44 = lonlat_to_projected(ll.lon_deg, ll.lat_deg, "EPSG:32644");
  char line[128];
  std::snprintf(line, sizeof line, "%.4f,%.4f,-100,s-a\n", p44.x_m, p44.y_m);
  const std::string csv = write("m.csv", std::string("easting,northing,rsrp,cell\n") + line);
  const MeasurementSet m = read_measurements(csv, scenario_, grid_, "EPSG:32644");
  ASSERT_EQ(m.rows.size(), 1u);
  EXPECT_NEAR(m.rows[0].x_m, 715321.0, 1e-3);
  EXPECT_NEAR(m.rows[0].y_m, 3167654.0, 1e-3);
  EXPECT_EQ(m.stats.position_columns, "x/y columns (EPSG:32644)");
  EXPECT_THROW(read_measurements(csv, scenario_, grid_, "EPSG:999999"), InputError);
}

TEST_F(Measurements, GeoPackagePointsInTheirLayerCrs) {
  gdal::ensure_registered();
  const std::string gpkg = path("m.gpkg");
  {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    ASSERT_NE(driver, nullptr);
    gdal::DatasetPtr ds(driver->Create(gpkg.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(ds);
    OGRSpatialReference wgs84 = gdal::spatial_reference("EPSG:4326");
    OGRLayer* layer = ds->CreateLayer("meas", &wgs84, wkbPoint, nullptr);
    ASSERT_NE(layer, nullptr);
    OGRFieldDefn rsrp("rsrp_dbm", OFTReal), cell("pci", OFTInteger);
    ASSERT_EQ(layer->CreateField(&rsrp), OGRERR_NONE);
    ASSERT_EQ(layer->CreateField(&cell), OGRERR_NONE);
    const LonLat ll = projected_to_lonlat(715500.0, 3166500.0, "EPSG:32643");
    gdal::FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    f->SetField("rsrp_dbm", -101.25);
    f->SetField("pci", 17);
    OGRPoint point(ll.lon_deg, ll.lat_deg);
    f->SetGeometry(&point);
    ASSERT_EQ(layer->CreateFeature(f.get()), OGRERR_NONE);
  }
  const MeasurementSet m = read_measurements(gpkg, scenario_, grid_);
  ASSERT_EQ(m.rows.size(), 1u);
  EXPECT_NEAR(m.rows[0].x_m, 715500.0, 1e-3);
  EXPECT_NEAR(m.rows[0].y_m, 3166500.0, 1e-3);
  EXPECT_EQ(m.rows[0].rsrp_dbm, -101.25);
  EXPECT_EQ(m.rows[0].sector, 0);
  EXPECT_FALSE(m.stats.device_ids);
}

TEST_F(Measurements, MissingColumnsAreInputErrors) {
  const std::string no_rsrp = write("a.csv", "x,y,cell\n715100,3167200,s-a\n");
  try {
    read_measurements(no_rsrp, scenario_, grid_);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), no_rsrp);
    EXPECT_NE(e.message().find("no RSRP column"), std::string::npos) << e.what();
    EXPECT_NE(e.message().find("columns: x, y, cell"), std::string::npos) << e.what();
  }
  const std::string half = write("b.csv", "lon,rsrp,cell\n77.2,-90,s-a\n");
  EXPECT_THROW(read_measurements(half, scenario_, grid_), InputError);
  EXPECT_THROW(read_measurements(path("missing.csv"), scenario_, grid_), InputError);
}

}  // namespace
}  // namespace tarang

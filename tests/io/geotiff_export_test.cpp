// COG export read back through GDAL and gdalinfo: values, nodata, CRS, corners, COG layout, atomic failure.
#include "io/geotiff_export.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>

#include "core/error.h"
#include "tests/io/export_test_support.h"
#include "scene/gdal_checked.h"

namespace tarang {
namespace {

std::string command_output(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string out;
  char buffer[4096];
  while (pipe && std::fgets(buffer, sizeof buffer, pipe.get()) != nullptr) out += buffer;
  return out;
}

class GeoTiffExport : public ::testing::Test {
 protected:
  CoverageResult r = test::make_export_result();
  test::ScratchFolder dir{"geotiff_export"};
};

TEST_F(GeoTiffExport, FloatLayerRoundTripsThroughGdal) {
  const std::string path = dir / "rsrp.tif";
  write_geotiff(path, r, select_map_layer(r, "rsrp", "in.h5"));
  gdal::DatasetPtr ds = gdal::open_raster(path);
  ASSERT_EQ(ds->GetRasterXSize(), 40);
  ASSERT_EQ(ds->GetRasterYSize(), 30);
  ASSERT_EQ(ds->GetRasterCount(), 1);
  GDALRasterBand& band = *ds->GetRasterBand(1);
  EXPECT_EQ(band.GetRasterDataType(), GDT_Float32);
  int has_nodata = 0;
  EXPECT_TRUE(std::isnan(band.GetNoDataValue(&has_nodata)));
  EXPECT_TRUE(has_nodata);
  EXPECT_STREQ(band.GetUnitType(), "dBm");
  EXPECT_STREQ(band.GetDescription(), "RSRP");
  EXPECT_STREQ(ds->GetMetadataItem("TARANG_LAYER"), "rsrp");
  EXPECT_STREQ(ds->GetMetadataItem("TARANG_NO_SIGNAL_VALUE"), "-999");
  std::vector<float> values(r.grid.cell_count());
  gdal::read_band(band, GDT_Float32, values.data());
  for (std::size_t c = 0; c < values.size(); ++c) {
    const float expected = r.maps.rsrp_dbm[c];
    if (std::isnan(expected)) {
      EXPECT_TRUE(std::isnan(values[c])) << c;
    } else if (std::isinf(expected)) {
      EXPECT_EQ(values[c], kGeoTiffNoSignalValue) << c;  // -inf is written as the documented no-signal value
    } else {
      EXPECT_EQ(values[c], expected) << c;  // lossless (DEFLATE)
    }
  }
}

TEST_F(GeoTiffExport, GeoreferenceMatchesTheGrid) {
  const std::string path = dir / "sinr.tif";
  write_geotiff(path, r, select_map_layer(r, "sinr", "in.h5"));
  gdal::DatasetPtr ds = gdal::open_raster(path);
  std::array<double, 6> gt{};
  ASSERT_EQ(ds->GetGeoTransform(gt.data()), CE_None);
  EXPECT_EQ(gt, r.grid.geotransform());
  const OGRSpatialReference* srs = ds->GetSpatialRef();
  ASSERT_NE(srs, nullptr);
  const OGRSpatialReference expected = gdal::spatial_reference("EPSG:32643");
  EXPECT_TRUE(srs->IsSame(&expected));
}

TEST_F(GeoTiffExport, GdalinfoShowsCogLayoutCrsAndCorners) {
  const std::string path = dir / "throughput.tif";
  write_geotiff(path, r, select_map_layer(r, "throughput", "in.h5"));
  const std::string info = command_output("gdalinfo '" + path + "' 2>&1");
  if (info.find("Driver:") == std::string::npos) GTEST_SKIP() << "gdalinfo (gdal-bin) is not installed";
  EXPECT_NE(info.find("LAYOUT=COG"), std::string::npos) << info;
  EXPECT_NE(info.find("COMPRESSION=DEFLATE"), std::string::npos) << info;
  EXPECT_NE(info.find("WGS 84 / UTM zone 43N"), std::string::npos) << info;
  // West 714000, north 3169000, 40 x 30 cells of 25 m: east 715000, south 3168250.
  EXPECT_NE(info.find("Upper Left  (  714000.000, 3169000.000)"), std::string::npos) << info;
  EXPECT_NE(info.find("Lower Right (  715000.000, 3168250.000)"), std::string::npos) << info;
  EXPECT_NE(info.find("Unit Type: Mbit/s"), std::string::npos) << info;
}

TEST_F(GeoTiffExport, BestSectorIsInt32WithNodataMinusOne) {
  const std::string path = dir / "best.tif";
  write_geotiff(path, r, select_map_layer(r, "best_sector", "in.h5"));
  gdal::DatasetPtr ds = gdal::open_raster(path);
  GDALRasterBand& band = *ds->GetRasterBand(1);
  EXPECT_EQ(band.GetRasterDataType(), GDT_Int32);
  int has_nodata = 0;
  EXPECT_EQ(band.GetNoDataValue(&has_nodata), -1);
  EXPECT_TRUE(has_nodata);
  std::vector<std::int32_t> values(r.grid.cell_count());
  gdal::read_band(band, GDT_Int32, values.data());
  EXPECT_EQ(values, r.maps.best_sector);
}

TEST_F(GeoTiffExport, GainLayerHoldsTheSectorsMap) {
  const std::string path = dir / "gain.tif";
  write_geotiff(path, r, select_map_layer(r, "gain:alpha-2", "in.h5"));
  gdal::DatasetPtr ds = gdal::open_raster(path);
  std::vector<float> values(r.grid.cell_count());
  gdal::read_band(*ds->GetRasterBand(1), GDT_Float32, values.data());
  EXPECT_EQ(values[12 * 40 + 30], -100.0f - 1 - 12);  // sector 1, row 12
}

TEST_F(GeoTiffExport, UnwritableOutputLeavesNothing) {
  const MapLayer layer = select_map_layer(r, "rsrp", "in.h5");
  try {
    write_geotiff(dir / "no/such/folder.tif", r, layer);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              dir / "no/such/folder.tif" + ": cannot write output file (No such file or directory)");
  }
  EXPECT_EQ(dir.entries(), 0u);
}

TEST_F(GeoTiffExport, ReplacesAnExistingFileWithoutLeavingTemporaries) {
  const std::string path = dir / "rsrp.tif";
  write_geotiff(path, r, select_map_layer(r, "rsrp", "in.h5"));
  write_geotiff(path, r, select_map_layer(r, "sinr", "in.h5"));
  EXPECT_STREQ(gdal::open_raster(path)->GetMetadataItem("TARANG_LAYER"), "sinr");
  EXPECT_EQ(dir.entries(), 1u);
}

}  // namespace
}  // namespace tarang

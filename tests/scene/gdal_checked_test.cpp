// Tests for gdal_checked: error forwarding (nothing on stderr), warnings with counts, open helpers, CRS helpers.
#include "scene/gdal_checked.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "core/error.h"
#include "tests/scene/gis_test_support.h"

namespace tarang {
namespace {

using test::TempDir;

TEST(GdalChecked, FailuresAreRecordedNotPrinted) {
  gdal::ensure_registered();
  gdal::take_last_failure();
  testing::internal::CaptureStderr();
  CPLError(CE_Failure, CPLE_AppDefined, "something broke");
  const std::string printed = testing::internal::GetCapturedStderr();
  EXPECT_EQ(printed, "");
  EXPECT_EQ(gdal::take_last_failure(), "something broke");
  EXPECT_EQ(gdal::take_last_failure(), "");  // taken
}

TEST(GdalChecked, FailRaisesRuntimeFailureWithTheMessage) {
  gdal::ensure_registered();
  CPLError(CE_Failure, CPLE_AppDefined, "disk on fire");
  try {
    gdal::fail("writing");
    ADD_FAILURE() << "no exception";
  } catch (const RuntimeFailure& e) {
    EXPECT_STREQ(e.what(), "GDAL: writing failed: disk on fire");
  }
}

TEST(GdalChecked, WarningsAreCountedOnce) {
  gdal::ensure_registered();
  gdal::take_warnings();
  testing::internal::CaptureStderr();
  for (int i = 0; i < 3; ++i) CPLError(CE_Warning, CPLE_AppDefined, "odd ring");
  CPLError(CE_Warning, CPLE_AppDefined, "odd field");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(gdal::take_warnings(), (std::vector<std::string>{"GDAL: odd ring (x3)", "GDAL: odd field"}));
  EXPECT_TRUE(gdal::take_warnings().empty());
}

TEST(GdalChecked, QuietScopeDiscards) {
  gdal::ensure_registered();
  gdal::take_warnings();
  {
    const gdal::QuietScope quiet;
    CPLError(CE_Warning, CPLE_AppDefined, "chatter");
  }
  EXPECT_TRUE(gdal::take_warnings().empty());
  CPLError(CE_Warning, CPLE_AppDefined, "after");
  EXPECT_EQ(gdal::take_warnings().size(), 1u);  // the handler is back
}

TEST(GdalChecked, OpenHelpersNameTheFile) {
  TempDir dir;
  const std::string missing = dir.file("missing.geojson");
  const std::string text = dir.write("notes.txt", "not geodata\n");
  const std::string points = dir.write(
      "points.geojson", test::feature_collection({test::feature("{}", R"({"type":"Point","coordinates":[1,2]})")}));
  auto message = [](auto&& open) -> std::string {
    try {
      open();
    } catch (const InputError& e) {
      return e.what();
    }
    return "no InputError";
  };
  EXPECT_EQ(message([&] { gdal::open_vector(missing); }), missing + ": file not found");
  EXPECT_EQ(message([&] { gdal::open_raster(missing); }), missing + ": file not found");
  EXPECT_NE(message([&] { gdal::open_vector(text); }).find(text + ": not a vector data source"), std::string::npos);
  EXPECT_NE(message([&] { gdal::open_raster(text); }).find(text + ": not a raster"), std::string::npos);
  EXPECT_NE(message([&] { gdal::open_raster(points); }).find(points + ": is a vector source"), std::string::npos);
  EXPECT_TRUE(gdal::open_vector(points));
}

TEST(GdalChecked, SpatialReferences) {
  const OGRSpatialReference utm = gdal::spatial_reference("EPSG:32643");
  EXPECT_EQ(gdal::spatial_reference_name(utm), "WGS 84 / UTM zone 43N");
  EXPECT_THROW(gdal::spatial_reference("EPSG:999999"), std::invalid_argument);
  EXPECT_THROW(gdal::spatial_reference(""), std::invalid_argument);
  EXPECT_THROW(gdal::spatial_reference("/etc/passwd"), std::invalid_argument);  // no file reads
  const OGRSpatialReference wgs84 = gdal::spatial_reference("EPSG:4326");
  const gdal::TransformPtr transform = gdal::coordinate_transform(wgs84, utm);
  double x = 77.5946, y = 12.9716;  // longitude first (traditional GIS order)
  ASSERT_TRUE(transform->Transform(1, &x, &y));
  EXPECT_NEAR(x, 781481.020294754, 0.01);  // gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32643
  EXPECT_NEAR(y, 1435426.40691045, 0.01);
}

TEST(GdalChecked, WarpFailureIsARuntimeFailure) {
  gdal::ensure_registered();
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  gdal::DatasetPtr unreferenced(mem->Create("", 4, 4, 1, GDT_Float32, nullptr));
  EXPECT_THROW(gdal::warp_in_memory(*unreferenced, {"-t_srs", "EPSG:32643"}), RuntimeFailure);
}

}  // namespace
}  // namespace tarang

// KMZ export: zip entries (read back through GDAL's /vsizip/), KML parsed with pugixml, LatLonBox against the grid
// corners transformed to WGS 84 with PROJ, the warped overlay's pixels, placemarks and azimuth lines.
#include "io/kml_export.h"

#include <gtest/gtest.h>

#include <cpl_vsi.h>

#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_ONLY_PNG
#include <stb/stb_image.h>

#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <memory>

#include "core/error.h"
#include "tests/io/export_test_support.h"
#include "scene/crs.h"
#include "scene/gdal_checked.h"

namespace tarang {
namespace {

// One entry of a zip file, or "" when it is missing.
std::string zip_entry(const std::string& zip, const std::string& name) {
  gdal::ensure_registered();
  GByte* bytes = nullptr;
  vsi_l_offset size = 0;
  if (!VSIIngestFile(nullptr, ("/vsizip/" + zip + "/" + name).c_str(), &bytes, &size, -1)) return "";
  std::string out(reinterpret_cast<const char*>(bytes), size);
  VSIFree(bytes);
  return out;
}

// The name in the zip's first local file header (PKZIP APPNOTE 4.3.7: name length at offset 26, name at 30).
std::string first_entry_name(const std::string& zip) {
  std::ifstream in(zip, std::ios::binary);
  const std::string head(std::istreambuf_iterator<char>(in), {});
  if (head.size() < 30 || head.compare(0, 4, "PK\x03\x04") != 0) return "";
  const std::size_t length = static_cast<unsigned char>(head[26]) | static_cast<unsigned char>(head[27]) << 8;
  return head.substr(30, length);
}

struct Image {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgba;
  Rgba at(int x, int y) const {
    const std::uint8_t* p = &rgba[(static_cast<std::size_t>(y) * width + x) * 4];
    return {p[0], p[1], p[2], p[3]};
  }
};

Image decode(const std::string& png) {
  Image image;
  int channels = 0;
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
      stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(png.data()), static_cast<int>(png.size()), &image.width,
                            &image.height, &channels, 4),
      stbi_image_free);
  if (pixels) image.rgba.assign(pixels.get(), pixels.get() + static_cast<std::size_t>(image.width) * image.height * 4);
  return image;
}

double child_double(const pugi::xml_node& node, const char* name) { return node.child(name).text().as_double(NAN); }

class KmlExport : public ::testing::Test {
 protected:
  void SetUp() override {
    write_kmz(path, r, select_map_layer(r, "rsrp", "in.h5"));
    kml_text = zip_entry(path, "doc.kml");
    ASSERT_TRUE(kml.load_string(kml_text.c_str())) << kml_text;
  }
  CoverageResult r = test::make_export_result();
  test::ScratchFolder dir{"kml_export"};
  std::string path = dir / "rsrp.kmz";
  std::string kml_text;
  pugi::xml_document kml;
  pugi::xml_node document() const { return kml.child("kml").child("Document"); }
};

TEST_F(KmlExport, KmzHoldsTheKmlFirstAndBothImages) {
  EXPECT_EQ(first_entry_name(path), "doc.kml");  // Google Earth reads the first .kml entry
  EXPECT_GT(decode(zip_entry(path, "overlay.png")).width, 0);
  EXPECT_GT(decode(zip_entry(path, "legend.png")).width, 0);
  EXPECT_STREQ(kml.child("kml").attribute("xmlns").value(), "http://www.opengis.net/kml/2.2");
  EXPECT_EQ(dir.entries(), 1u);  // no temporary left
}

TEST_F(KmlExport, LatLonBoxIsTheGridCornersInWgs84) {
  const pugi::xml_node box = document().child("GroundOverlay").child("LatLonBox");
  ASSERT_TRUE(box);
  EXPECT_STREQ(document().child("GroundOverlay").child("Icon").child_value("href"), "overlay.png");
  const RasterGrid& g = r.grid;
  const double east = g.west_m + g.nx * g.cell_m, south = g.north_m - g.ny * g.cell_m;
  double west_deg = 180, east_deg = -180, south_deg = 90, north_deg = -90;
  for (const auto& [x, y] : {std::pair{g.west_m, g.north_m}, {east, g.north_m}, {g.west_m, south}, {east, south}}) {
    const LonLat p = projected_to_lonlat(x, y, g.crs_wkt);
    west_deg = std::min(west_deg, p.lon_deg), east_deg = std::max(east_deg, p.lon_deg);
    south_deg = std::min(south_deg, p.lat_deg), north_deg = std::max(north_deg, p.lat_deg);
  }
  // 1e-9 deg (0.1 mm): over 1 km the UTM grid edges are straight enough in lon/lat that the corners bound them.
  EXPECT_NEAR(child_double(box, "west"), west_deg, 1e-9);
  EXPECT_NEAR(child_double(box, "east"), east_deg, 1e-9);
  EXPECT_NEAR(child_double(box, "south"), south_deg, 1e-9);
  EXPECT_NEAR(child_double(box, "north"), north_deg, 1e-9);
}

TEST_F(KmlExport, OverlayPixelsShowTheCellsWhereTheyAreOnEarth) {
  const pugi::xml_node box = document().child("GroundOverlay").child("LatLonBox");
  const double west = child_double(box, "west"), east = child_double(box, "east");
  const double south = child_double(box, "south"), north = child_double(box, "north");
  const Image overlay = decode(zip_entry(path, "overlay.png"));
  ASSERT_GT(overlay.width, 0);
  auto pixel_at = [&](int row, int col) {
    const LonLat p = projected_to_lonlat(r.grid.x_center_m(col), r.grid.y_center_m(row), r.grid.crs_wkt);
    const int x = static_cast<int>((p.lon_deg - west) / (east - west) * overlay.width);
    const int y = static_cast<int>((north - p.lat_deg) / (north - south) * overlay.height);
    return overlay.at(x, y);
  };
  // Cell centres are half a cell from any edge, well beyond the warp's sub-pixel shifts: exact colours expected.
  EXPECT_EQ(pixel_at(10, 25), viridis((-95.0 + 120) / 40));
  EXPECT_EQ(pixel_at(20, 5), viridis((-115.0 + 120) / 40));
  EXPECT_EQ(pixel_at(1, 1).a, 0);  // not computed: transparent
  EXPECT_EQ(pixel_at(28, 38), kNoSignalColor);
  EXPECT_EQ(overlay.at(0, 0).a, 0);  // outside the rotated grid: transparent
}

TEST_F(KmlExport, SitePlacemarksCarrySectorsAndPositions) {
  std::vector<std::string> names;
  for (const pugi::xml_node& folder : document().children("Folder")) names.push_back(folder.child_value("name"));
  ASSERT_EQ(names, (std::vector<std::string>{"Sites", "Sector azimuths"}));
  const pugi::xml_node site_folder = document().child("Folder");
  std::vector<pugi::xml_node> placemarks;
  for (const pugi::xml_node& p : site_folder.children("Placemark")) placemarks.push_back(p);
  ASSERT_EQ(placemarks.size(), 2u);
  EXPECT_STREQ(placemarks[0].child_value("name"), "alpha");
  const LonLat alpha = projected_to_lonlat(714200, 3168500, r.grid.crs_wkt);
  double lon = 0, lat = 0;
  ASSERT_EQ(std::sscanf(placemarks[0].child("Point").child_value("coordinates"), "%lf,%lf", &lon, &lat), 2);
  EXPECT_NEAR(lon, alpha.lon_deg, 1e-8);  // written with 8 decimals
  EXPECT_NEAR(lat, alpha.lat_deg, 1e-8);
  const pugi::xml_node data = placemarks[0].child("ExtendedData").find_child_by_attribute("Data", "name", "alpha-2");
  EXPECT_STREQ(data.child_value("value"), "azimuth 225.0\u00b0, tilt 6.0\u00b0, 46.0 dBm, 3.500 GHz");
}

TEST_F(KmlExport, AzimuthLinesPointAlongTheSectorAzimuth) {
  const pugi::xml_node folder = document().child("Folder").next_sibling("Folder");
  for (const pugi::xml_node& p : folder.children("Placemark")) {
    if (std::string(p.child_value("name")) != "beta-1") continue;
    double lon0 = 0, lat0 = 0, lon1 = 0, lat1 = 0;
    ASSERT_EQ(
        std::sscanf(p.child("LineString").child_value("coordinates"), "%lf,%lf,0 %lf,%lf", &lon0, &lat0, &lon1, &lat1),
        4);
    const ProjectedPoint a = lonlat_to_projected(lon0, lat0, r.grid.crs_wkt);
    const ProjectedPoint b = lonlat_to_projected(lon1, lat1, r.grid.crs_wkt);
    // beta-1 points east (azimuth 90): the line runs 0.06 x 40 cells x 25 m = 60 m along +x. 8 decimals of a
    // degree are about 1 mm.
    EXPECT_NEAR(b.x_m - a.x_m, 60, 0.01);
    EXPECT_NEAR(b.y_m - a.y_m, 0, 0.01);
    return;
  }
  FAIL() << "no azimuth line for beta-1";
}

TEST_F(KmlExport, MissingFolderLeavesNothing) {
  EXPECT_THROW(write_kmz(dir / "missing/out.kmz", r, select_map_layer(r, "rsrp", "in.h5")), InputError);
  EXPECT_EQ(dir.entries(), 1u);  // only the KMZ from SetUp
}

TEST_F(KmlExport, UnreadableCrsIsARuntimeFailure) {
  r.grid.crs_wkt = "not a CRS";
  EXPECT_THROW(write_kmz(dir / "bad.kmz", r, select_map_layer(r, "rsrp", "in.h5")), RuntimeFailure);
  EXPECT_EQ(dir.entries(), 1u);
}

}  // namespace
}  // namespace tarang

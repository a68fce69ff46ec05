// Tests for read_building_footprints: shapes, height rules, repair and skip counts, reprojection and bad inputs.
#include "scene/building_footprints.h"

#include <gdal_utils.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

#include "core/error.h"
#include "scene/crs.h"
#include "scene/gdal_checked.h"
#include "tests/scene/gis_test_support.h"

namespace tarang {
namespace {

using test::feature;
using test::feature_collection;
using test::multipolygon;
using test::polygon;
using test::TempDir;

constexpr double kX0 = 781000, kY0 = 1435000;  // UTM 43N (EPSG:32643) near Bengaluru

// A rectangle [x0, x1] x [y0, y1] relative to (kX0, kY0), counter-clockwise.
std::vector<std::pair<double, double>> box(double x0, double y0, double x1, double y1) {
  return {{kX0 + x0, kY0 + y0}, {kX0 + x1, kY0 + y0}, {kX0 + x1, kY0 + y1}, {kX0 + x0, kY0 + y1}};
}

std::vector<std::pair<double, double>> shifted(std::vector<std::pair<double, double>> ring) {
  for (auto& [x, y] : ring) x += kX0, y += kY0;
  return ring;
}

// The test city in EPSG:32643: 8 usable footprints, 5 to skip, one "building=no" polygon and one point.
std::string test_city_geojson() {
  std::vector<std::string> f;
  f.push_back(feature(R"({"id":"square","height":"12 m","building:material":"brick","roof:material":"glass"})",
                      polygon({box(0, 0, 10, 10)})));
  f.push_back(feature(R"({"id":"l_shape","building:levels":4})",
                      polygon({shifted({{20, 0}, {40, 0}, {40, 10}, {30, 10}, {30, 20}, {20, 20}})})));
  f.push_back(feature(R"({"id":"courtyard","height":9})", polygon({box(50, 0, 80, 30), box(60, 10, 70, 20)})));
  f.push_back(feature(R"({"id":"multi","height":6})", multipolygon({{box(0, 40, 10, 50)}, {box(20, 40, 30, 50)}})));
  f.push_back(feature(R"({"id":"bowtie","height":5})", polygon({shifted({{40, 40}, {50, 50}, {50, 40}, {40, 50}})})));
  f.push_back(feature(R"({"id":"negative","height":-3})", polygon({box(100, 0, 110, 10)})));
  f.push_back(feature(R"({"id":"nan","height":5})",
                      R"({"type":"Polygon","coordinates":[[[781100,1435020],[NaN,1435020],[781110,1435030],)"
                      R"([781100,1435030],[781100,1435020]]]})"));
  f.push_back(feature(R"({"id":"abc","height":"abc"})", polygon({box(100, 40, 110, 50)})));
  f.push_back(
      feature(R"({"id":"absurd","height":5})", polygon({{{5e7, 0}, {5e7 + 10, 0}, {5e7 + 10, 10}, {5e7, 10}}})));
  f.push_back(feature(R"({"id":"plain"})", polygon({box(140, 0, 150, 10)})));
  f.push_back(feature(R"({"id":"raised","height":8,"min_height":3})", polygon({box(140, 40, 150, 50)})));
  f.push_back(feature(R"({"id":"dupes","height":7})",
                      polygon({shifted({{120, 0}, {125, 0}, {130, 0}, {130, 0}, {130, 10}, {120, 10}})})));
  f.push_back(feature(R"({"id":"tiny","height":7})", polygon({box(160, 0, 160.5, 0.5)})));
  f.push_back(feature(R"({"id":"porch","building":"no"})", polygon({box(170, 0, 180, 10)})));
  f.push_back(feature(R"({"id":"mast"})", R"({"type":"Point","coordinates":[781200,1435000]})"));
  return feature_collection(f, 32643);
}

FootprintOptions options_in(const std::string& crs) {
  FootprintOptions options;
  options.target_crs_wkt = resolve_projected_crs(crs).wkt;
  return options;
}

std::map<std::string, BuildingFootprint> by_id(const std::vector<BuildingFootprint>& footprints) {
  std::map<std::string, BuildingFootprint> out;
  for (const auto& f : footprints) out[f.id] = f;
  return out;
}

// Shoelace area of an open ring, positive when counter-clockwise.
double signed_area_m2(const std::vector<PlanPoint>& ring) {
  double twice = 0;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const PlanPoint& a = ring[i];
    const PlanPoint& b = ring[(i + 1) % ring.size()];
    twice += a.x_m * b.y_m - b.x_m * a.y_m;
  }
  return twice / 2;
}

double polygon_area_m2(const FootprintPolygon& p) {
  double area = signed_area_m2(p.outer);
  for (const auto& hole : p.holes) area += signed_area_m2(hole);
  return area;
}

class TestCity : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.write("city.geojson", test_city_geojson());
    footprints_ = read_building_footprints(path_, options_in("EPSG:32643"), stats_);
    all_ = by_id(footprints_);
  }
  TempDir dir_;
  std::string path_;
  SceneBuildStats stats_;
  std::vector<BuildingFootprint> footprints_;
  std::map<std::string, BuildingFootprint> all_;
};

TEST_F(TestCity, KeepsTheUsableFootprintsInOrder) {
  std::vector<std::string> ids;
  for (const auto& f : footprints_) ids.push_back(f.id);
  EXPECT_EQ(
      ids, (std::vector<std::string>{"square", "l_shape", "courtyard", "multi", "bowtie", "plain", "raised", "dupes"}));
}

TEST_F(TestCity, AppliesTheHeightRules) {
  EXPECT_DOUBLE_EQ(all_["square"].height_m, 12.0);   // "12 m"
  EXPECT_DOUBLE_EQ(all_["l_shape"].height_m, 12.0);  // 4 levels x 3 m
  EXPECT_DOUBLE_EQ(all_["plain"].height_m, 10.0);    // default
  EXPECT_DOUBLE_EQ(all_["raised"].height_m, 8.0);
  EXPECT_DOUBLE_EQ(all_["raised"].min_height_m, 3.0);
  EXPECT_DOUBLE_EQ(all_["square"].min_height_m, 0.0);
}

TEST_F(TestCity, CountsSkippedAndRepairedWithWarnings) {
  EXPECT_EQ(stats_.skipped, 5u);
  EXPECT_EQ(stats_.repaired, 2u);  // the bow-tie (MakeValid) and the duplicate/collinear vertices
  for (const char* id : {"negative:", "nan:", "abc:", "absurd:", "tiny:"}) {
    const bool found = std::any_of(stats_.warnings.begin(), stats_.warnings.end(), [&](const std::string& w) {
      return w.rfind(id, 0) == 0 && w.find("skipped") != std::string::npos;
    });
    EXPECT_TRUE(found) << "no skip warning for " << id;
  }
  EXPECT_EQ(all_.count("porch"), 0u);
}

TEST_F(TestCity, KeepsShapesAndOrientsRings) {
  const FootprintPolygon& courtyard = all_["courtyard"].polygons.at(0);
  ASSERT_EQ(courtyard.holes.size(), 1u);
  EXPECT_GT(signed_area_m2(courtyard.outer), 0);     // counter-clockwise
  EXPECT_LT(signed_area_m2(courtyard.holes[0]), 0);  // clockwise
  EXPECT_NEAR(polygon_area_m2(courtyard), 900.0 - 100.0, 1e-6);
  EXPECT_EQ(all_["l_shape"].polygons.at(0).outer.size(), 6u);
  EXPECT_NEAR(polygon_area_m2(all_["l_shape"].polygons.at(0)), 300.0, 1e-6);
  EXPECT_EQ(all_["multi"].polygons.size(), 2u);
}

TEST_F(TestCity, RepairsTheBowTieIntoTwoTriangles) {
  const auto& bowtie = all_["bowtie"].polygons;
  ASSERT_EQ(bowtie.size(), 2u);
  for (const auto& p : bowtie) {
    EXPECT_EQ(p.outer.size(), 3u);
    EXPECT_NEAR(polygon_area_m2(p), 25.0, 1e-6);
  }
}

TEST_F(TestCity, DropsDuplicateAndCollinearVertices) {
  const FootprintPolygon& dupes = all_["dupes"].polygons.at(0);
  EXPECT_EQ(dupes.outer.size(), 4u);
  EXPECT_NEAR(polygon_area_m2(dupes), 100.0, 1e-6);
}

TEST_F(TestCity, MapsMaterials) {
  EXPECT_EQ(all_["square"].wall_material, "brick");
  EXPECT_EQ(all_["square"].roof_material, "glass");
  EXPECT_EQ(all_["plain"].wall_material, "concrete");  // the default
  EXPECT_EQ(all_["plain"].roof_material, "concrete");
}

TEST_F(TestCity, ExtentCoversTheFootprints) {
  const PlanExtent extent = footprint_extent(footprints_);
  EXPECT_DOUBLE_EQ(extent.xmin_m, kX0);
  EXPECT_DOUBLE_EQ(extent.ymin_m, kY0);
  EXPECT_DOUBLE_EQ(extent.xmax_m, kX0 + 150);
  EXPECT_DOUBLE_EQ(extent.ymax_m, kY0 + 50);
}

// OSM XML: a way with its height in building:levels (other_tags), a multipolygon relation with a courtyard, and a
// closed landuse way that is not a building.
std::string small_osm_xml() {
  std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="tarang test">
)";
  int id = 0;
  auto square = [&](double lon, double lat, double d) {  // four nodes, returns their ids
    std::vector<int> ids;
    const double corners[4][2] = {{0, 0}, {d, 0}, {d, d}, {0, d}};
    for (const auto& c : corners) {
      char node[160];
      std::snprintf(node, sizeof node, "  <node id=\"%d\" version=\"1\" lat=\"%.7f\" lon=\"%.7f\"/>\n", ++id,
                    lat + c[1], lon + c[0]);
      xml += node;
      ids.push_back(id);
    }
    return ids;
  };
  const auto w1 = square(77.5900, 12.9700, 1e-4);
  const auto outer = square(77.5910, 12.9700, 4e-4);
  const auto inner = square(77.5911, 12.9701, 2e-4);
  const auto grass = square(77.5920, 12.9700, 1e-4);
  auto way = [&](int way_id, const std::vector<int>& nodes, const std::string& tags) {
    xml += "  <way id=\"" + std::to_string(way_id) + "\" version=\"1\">\n";
    for (int k = 0; k <= 4; ++k) xml += "    <nd ref=\"" + std::to_string(nodes[k % 4]) + "\"/>\n";
    xml += tags + "  </way>\n";
  };
  way(1, w1, R"(    <tag k="building" v="yes"/><tag k="building:levels" v="4"/><tag k="building:material" v="brick"/>
)");
  way(2, outer, "");
  way(3, inner, "");
  way(4, grass, R"(    <tag k="landuse" v="grass"/>
)");
  xml += R"(  <relation id="10" version="1">
    <member type="way" ref="2" role="outer"/><member type="way" ref="3" role="inner"/>
    <tag k="type" v="multipolygon"/><tag k="building" v="yes"/><tag k="height" v="20 m"/>
  </relation>
</osm>
)";
  return xml;
}

// OSM XML without a <bounds> element has no extent up front: the UTM zone comes from the features themselves.
TEST(OsmXml, UtmZoneWithoutBoundsElement) {
  TempDir dir;
  const std::string path = dir.write("small.osm", small_osm_xml());
  const ProjectedCrs crs = utm_crs_for_vector_source(path);
  EXPECT_NE(crs.name.find("UTM zone 43N"), std::string::npos) << crs.name;
  FootprintOptions options;
  options.target_crs_wkt = crs.wkt;
  SceneBuildStats stats;
  EXPECT_EQ(read_building_footprints(path, options, stats).size(), 2u);
}

TEST(OsmXml, ReadsWaysAndRelationsWithOtherTags) {
  TempDir dir;
  const std::string path = dir.write("small.osm", small_osm_xml());
  SceneBuildStats stats;
  const auto all = by_id(read_building_footprints(path, options_in("EPSG:32643"), stats));
  ASSERT_EQ(all.size(), 2u) << (stats.warnings.empty() ? "" : stats.warnings[0]);
  const BuildingFootprint& way = all.at("way/1");
  EXPECT_DOUBLE_EQ(way.height_m, 12.0);  // building:levels, from the other_tags hstore
  EXPECT_EQ(way.wall_material, "brick");
  const BuildingFootprint& relation = all.at("relation/10");
  EXPECT_DOUBLE_EQ(relation.height_m, 20.0);
  ASSERT_EQ(relation.polygons.size(), 1u);
  EXPECT_EQ(relation.polygons[0].holes.size(), 1u);
  EXPECT_EQ(stats.skipped, 0u);
}

// Converts the vector file `source` to `format` at `destination`, as ogr2ogr does (GDALVectorTranslate).
void translate(const std::string& source, const std::string& destination, const char* format) {
  gdal::DatasetPtr in = gdal::open_vector(source);
  CPLStringList argv;
  argv.AddString("-f");
  argv.AddString(format);
  GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(argv.List(), nullptr);
  GDALDatasetH handle = GDALDataset::ToHandle(in.get());
  int usage_error = 0;
  GDALDatasetH out = GDALVectorTranslate(destination.c_str(), nullptr, 1, &handle, options, &usage_error);
  GDALVectorTranslateOptionsFree(options);
  ASSERT_NE(out, nullptr) << gdal::take_last_failure();
  GDALClose(out);
}

TEST(OtherFormats, GeoPackageReadsLikeGeoJson) {
  TempDir dir;
  const std::string geojson = dir.write("city.geojson", test_city_geojson());
  const std::string gpkg = dir.file("city.gpkg");
  translate(geojson, gpkg, "GPKG");
  SceneBuildStats from_json, from_gpkg;
  const auto expected = by_id(read_building_footprints(geojson, options_in("EPSG:32643"), from_json));
  const auto got = by_id(read_building_footprints(gpkg, options_in("EPSG:32643"), from_gpkg));
  ASSERT_EQ(got.size(), expected.size());
  for (const auto& [id, footprint] : expected) {
    ASSERT_EQ(got.count(id), 1u) << id;
    EXPECT_DOUBLE_EQ(got.at(id).height_m, footprint.height_m) << id;
    EXPECT_EQ(got.at(id).polygons.size(), footprint.polygons.size()) << id;
  }
  EXPECT_EQ(from_gpkg.skipped, from_json.skipped);
  EXPECT_EQ(from_gpkg.repaired, from_json.repaired);
}

TEST(OtherFormats, ShapefileNeedsItsPrj) {
  TempDir dir;
  const std::string geojson = dir.write(
      "blocks.geojson", feature_collection({feature(R"({"height":15,"min_height":5})", polygon({box(0, 0, 10, 10)})),
                                            feature(R"({"height":"9 m"})", polygon({box(20, 0, 30, 10)}))},
                                           32643));
  const std::string shp = dir.file("blocks.shp");
  translate(geojson, shp, "ESRI Shapefile");
  SceneBuildStats stats;
  const auto footprints = read_building_footprints(shp, options_in("EPSG:32643"), stats);
  ASSERT_EQ(footprints.size(), 2u);
  EXPECT_DOUBLE_EQ(footprints[0].height_m, 15.0);
  EXPECT_DOUBLE_EQ(footprints[0].min_height_m, 5.0);
  EXPECT_DOUBLE_EQ(footprints[1].height_m, 9.0);
  EXPECT_EQ(footprints[0].id, "blocks/0");

  std::filesystem::remove(dir.file("blocks.prj"));
  try {
    read_building_footprints(shp, options_in("EPSG:32643"), stats);
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), shp);
    EXPECT_NE(std::string(e.what()).find("has no coordinate reference system"), std::string::npos) << e.what();
  }
}

// A building whose first corner is at (lon, lat), in WGS 84 GeoJSON (no "crs" member).
std::string lonlat_building(double lon, double lat) {
  const double d = 1e-4;
  return feature_collection(
      {feature(R"({"height":10})", polygon({{{lon, lat}, {lon + d, lat}, {lon + d, lat + d}, {lon, lat + d}}}))});
}

// Distance from (x, y) to the nearest vertex of the footprints.
double nearest_vertex_m(const std::vector<BuildingFootprint>& footprints, double x, double y) {
  double best = 1e300;
  for (const auto& f : footprints) {
    for (const auto& p : f.polygons) {
      for (const PlanPoint& q : p.outer) best = std::min(best, std::hypot(q.x_m - x, q.y_m - y));
    }
  }
  return best;
}

TEST(Reprojection, LatLonLandsOnItsUtmCoordinates) {
  // Expected values from `gdaltransform -s_srs EPSG:4326 -t_srs EPSG:326xx/327xx`.
  struct Case {
    double lon, lat;
    const char* zone;
    double x, y;
  };
  for (const Case& c : {Case{77.5946, 12.9716, "UTM zone 43N", 781481.020294754, 1435426.40691045},
                        Case{-70.65, -33.45, "UTM zone 19S", 346642.694998892, 6297606.83248107}}) {
    TempDir dir;
    const std::string path = dir.write("building.geojson", lonlat_building(c.lon, c.lat));
    const ProjectedCrs crs = utm_crs_for_vector_source(path);
    EXPECT_NE(crs.name.find(c.zone), std::string::npos) << crs.name;
    FootprintOptions options;
    options.target_crs_wkt = crs.wkt;
    SceneBuildStats stats;
    const auto footprints = read_building_footprints(path, options, stats);
    ASSERT_EQ(footprints.size(), 1u);
    EXPECT_LT(nearest_vertex_m(footprints, c.x, c.y), 0.01);
  }
}

TEST(UtmZone, PlainSixDegreeZones) {
  EXPECT_NE(utm_crs_for(77.59, 12.97).name.find("43N"), std::string::npos);
  EXPECT_NE(utm_crs_for(-70.65, -33.45).name.find("19S"), std::string::npos);
  EXPECT_NE(utm_crs_for(180.0, 0.0).name.find("60N"), std::string::npos);
  EXPECT_NE(utm_crs_for(-180.0, 0.0).name.find("zone 1N"), std::string::npos);
  EXPECT_THROW(utm_crs_for(0.0, 85.0), std::invalid_argument);
  EXPECT_THROW(utm_crs_for(std::nan(""), 0.0), std::invalid_argument);
}

// Expects an InputError naming `path` and containing `text`, and no new file next to it.
template <typename Fn>
void expect_input_error(const TempDir& dir, const std::string& path, const std::string& text, Fn&& fn) {
  const auto before = dir.listing();
  try {
    fn();
    ADD_FAILURE() << "no InputError for " << path;
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  EXPECT_EQ(dir.listing(), before);
}

TEST(BadInput, MissingFile) {
  TempDir dir;
  const std::string path = dir.file("nowhere.geojson");
  SceneBuildStats stats;
  expect_input_error(dir, path, "file not found",
                     [&] { read_building_footprints(path, options_in("EPSG:32643"), stats); });
}

TEST(BadInput, TextFileIsNotAVectorSource) {
  TempDir dir;
  const std::string path = dir.write("notes.txt", "these are not the footprints you are looking for\n");
  SceneBuildStats stats;
  expect_input_error(dir, path, "not a vector data source",
                     [&] { read_building_footprints(path, options_in("EPSG:32643"), stats); });
}

TEST(BadInput, OnlyPoints) {
  TempDir dir;
  const std::string path =
      dir.write("masts.geojson", feature_collection({feature("{}", R"({"type":"Point","coordinates":[77.5,12.9]})")}));
  SceneBuildStats stats;
  expect_input_error(dir, path, "has no polygon features",
                     [&] { read_building_footprints(path, options_in("EPSG:32643"), stats); });
}

TEST(BadInput, CrsGdalCannotInterpret) {
  TempDir dir;
  std::string text = lonlat_building(77.59, 12.97);
  text.insert(1, R"("crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::999999"}},)");
  const std::string path = dir.write("bogus_crs.geojson", text);
  SceneBuildStats stats;
  expect_input_error(dir, path, "crs not found",
                     [&] { read_building_footprints(path, options_in("EPSG:32643"), stats); });
  expect_input_error(dir, path, "crs not found", [&] { utm_crs_for_vector_source(path); });
}

TEST(BadInput, UnknownLayer) {
  TempDir dir;
  const std::string path = dir.write("city.geojson", test_city_geojson());
  FootprintOptions options = options_in("EPSG:32643");
  options.layer = "roads";
  SceneBuildStats stats;
  expect_input_error(dir, path, "has no layer 'roads'", [&] { read_building_footprints(path, options, stats); });
}

}  // namespace
}  // namespace tarang

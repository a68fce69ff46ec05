// Candidate generation (rooftops, street lattice, exclusions, configurations) and the demand raster onto the grid.
#include "planner/plan_candidates.h"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <fstream>
#include <iomanip>
#include <set>

#include "core/error.h"
#include "planner/plan_gis_inputs.h"
#include "scene/procedural_city.h"
#include "tests/support/temp_folder_test.h"

namespace tarang {
namespace {

class PlanCandidatesTest : public test::TempFolderTest {};

// A plan over a 600 m x 600 m grid in UTM 43N with no scene.
Scenario lattice_scenario(double spacing_m) {
  Scenario s;
  s.source_path = "plan.yaml";
  s.scene.crs = "EPSG:32643";
  s.grid = GridSpec{715000, 3167000, 715600, 3167600, 20, 1.5};
  s.plan.enabled = true;
  s.plan.street_spacing_m = spacing_m;
  return s;
}

TEST(RooftopPoints, OneOnTheRoofOfEveryTallEnoughBuilding) {
  ProceduralCityOptions o;
  o.blocks_per_side = 4, o.min_height_m = 10, o.max_height_m = 60, o.threads = 1;
  const SceneMesh city = make_procedural_city(o);
  const std::vector<RoofPoint> all = rooftop_points(city, 0.0, 0.0);
  ASSERT_EQ(all.size(), 16u);  // the ground plane is not a roof
  std::size_t tall = 0;
  for (const RoofPoint& r : all) {
    tall += r.height_m >= 30;
    // On the roof: inside the 40 m footprint, 0.5 m from a corner (0.5 m along the diagonal to the centre).
    const double lx = r.x_m - city.origin_x_m, ly = r.y_m - city.origin_y_m;
    const double fx = std::fmod(lx, 60.0), fy = std::fmod(ly, 60.0);
    EXPECT_GT(std::min(fx, 40 - fx), 0.3) << r.building;
    EXPECT_LT(std::min(fx, 40 - fx), 0.4) << r.building;  // 0.5 / sqrt(2) = 0.354
    EXPECT_GT(std::min(fy, 40 - fy), 0.3) << r.building;
    EXPECT_GE(r.height_m, 10 - 1e-6);
    EXPECT_LE(r.height_m, 60 + 1e-6);
  }
  EXPECT_EQ(rooftop_points(city, 0.0, 30.0).size(), tall);
}

TEST(BuildingVolumePerCell, SumsFootprintTimesHeightUnderEachRoof) {
  ProceduralCityOptions o;
  o.blocks_per_side = 3, o.building_size_m = 40, o.pitch_m = 100, o.threads = 1;
  const SceneMesh city = make_procedural_city(o);
  double expected_m3 = 0;
  for (const RoofPoint& r : rooftop_points(city, 0.0, 0.0)) expected_m3 += 40.0 * 40.0 * r.height_m;
  RasterGrid grid;  // 10 m cells over the whole city
  grid.west_m = city.origin_x_m - 50, grid.north_m = city.origin_y_m + 300, grid.cell_m = 10, grid.nx = 40,
  grid.ny = 40;
  const std::vector<double> volume = building_volume_per_cell(city, grid, 0.0);
  double total = 0;
  std::size_t cells = 0;
  for (double v : volume) total += v, cells += v > 0;
  EXPECT_NEAR(total, expected_m3, 1e-6 * expected_m3);
  EXPECT_GE(cells, 9u);       // at least one cell per building
  EXPECT_LE(cells, 9u * 16);  // never outside the 4 x 4 cells of a footprint
}

TEST(MakePlanCandidates, StreetLatticeSkipsBuildingsAndExpandsConfigurations) {
  ProceduralCityOptions o;
  o.blocks_per_side = 3, o.building_size_m = 100, o.pitch_m = 200, o.ground = false, o.threads = 1;
  SceneMesh city = make_procedural_city(o);
  city.origin_x_m = 715000, city.origin_y_m = 3167000;  // buildings cover [0,100] + 200 k in x and y
  Scenario s = lattice_scenario(50);
  s.plan.sectors.azimuth_offsets_deg = {0, 40};
  s.plan.sectors.tilts_deg = {4, 8, 12};
  const PlanCandidateSet set = make_plan_candidates(s, city);
  // 12 x 12 lattice points at 25 + 50 k; those with x and y both in a [0, 100] + 200 k band are inside buildings.
  EXPECT_EQ(set.streets, 144u - 9u * 4u);
  EXPECT_EQ(set.matrix_sites.size(), set.streets);
  EXPECT_EQ(set.candidates.size(), set.streets * 6);
  for (const SiteSpec& site : set.matrix_sites) {
    const double lx = std::fmod(site.x_m - 715000, 200.0), ly = std::fmod(site.y_m - 3167000, 200.0);
    EXPECT_FALSE(lx < 100 && ly < 100) << site.id << " is inside a building";
    EXPECT_EQ(site.sectors.size(), 18u);  // 6 configurations x 3 sectors, traced once
  }
  // Candidates of one position form one group; rows are consecutive and distinct.
  std::set<std::uint32_t> rows;
  for (const Candidate& c : set.candidates) {
    EXPECT_EQ(c.sectors.size(), 3u);
    for (std::uint32_t r : c.sectors) EXPECT_TRUE(rows.insert(r).second);
  }
  EXPECT_EQ(rows.size(), set.streets * 18);
  EXPECT_EQ(set.candidates[0].group, set.candidates[5].group);
  EXPECT_NE(set.candidates[0].group, set.candidates[6].group);
  EXPECT_EQ(set.candidate_sites[1].sectors[1].azimuth_deg, 120);
  EXPECT_EQ(set.candidate_sites[1].sectors[0].tilt_deg, 8);
  EXPECT_EQ(set.candidate_sites[3].sectors[0].azimuth_deg, 40);
}

TEST_F(PlanCandidatesTest, ExclusionZonesRemovePointsAndExistingSitesAreLocked) {
  // A polygon in WGS 84 over the western half of the grid (UTM 43N x < ~715300).
  OGRSpatialReference utm, wgs;
  utm.importFromEPSG(32643), wgs.importFromEPSG(4326);
  utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER), wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  auto* ct = OGRCreateCoordinateTransformation(&utm, &wgs);
  double xs[4] = {714900, 715300, 715300, 714900}, ys[4] = {3166900, 3166900, 3167700, 3167700};
  ASSERT_TRUE(ct->Transform(4, xs, ys));
  OGRCoordinateTransformation::DestroyCT(ct);
  std::ofstream(path("zone.geojson")) << "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                                         "\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[["
                                      << std::setprecision(12) << xs[0] << "," << ys[0] << "],[" << xs[1] << ","
                                      << ys[1] << "],[" << xs[2] << "," << ys[2] << "],[" << xs[3] << "," << ys[3]
                                      << "],[" << xs[0] << "," << ys[0] << "]]]}}]}";
  Scenario s = lattice_scenario(100);
  s.plan.exclusion_file = path("zone.geojson");
  s.sites.push_back(SiteSpec{"old", 715550, 3167550, 30, {SectorSpec{"old-a", 0, 6, 46, {}, {}}}, false, 0, 0});
  const PlanCandidateSet set = make_plan_candidates(s, SceneMesh{});
  EXPECT_EQ(set.excluded, 18u);  // lattice x = 715050, 715150, 715250 (3 of 6 columns) x 6 rows
  EXPECT_EQ(set.streets, 18u);
  for (const SiteSpec& site : set.matrix_sites) EXPECT_GT(site.x_m, 715300) << site.id;
  ASSERT_EQ(set.existing, 1u);
  EXPECT_TRUE(set.candidates[0].locked);
  EXPECT_EQ(set.candidates[0].id, "old");
  EXPECT_EQ(set.candidates[0].sectors, std::vector<std::uint32_t>{0});
  EXPECT_EQ(set.candidates[1].sectors.front(), 1u);
}

TEST(MakePlanCandidates, AListedCandidateOutsideTheGridIsAnErrorNamingIt) {
  Scenario s = lattice_scenario(0);
  PlanCandidatePoint p;
  p.id = "far", p.x_m = 720000, p.y_m = 3167100, p.line = 42;
  s.plan.candidates.push_back(p);
  try {
    make_plan_candidates(s, SceneMesh{});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("plan.yaml:42: plan.candidates.list[0]: candidate 'far' at (720000.0, "
                                         "3167100.0) m is outside the grid"),
              std::string::npos)
        << e.what();
  }
}

TEST(MakePlanCandidates, NoCandidateLeftIsAnError) {
  Scenario s = lattice_scenario(0);
  EXPECT_THROW(make_plan_candidates(s, SceneMesh{}), InputError);
}

TEST_F(PlanCandidatesTest, CsvCandidatesInLonLatAndProjectedColumns) {
  std::ofstream(path("c.csv")) << "id,lon,lat,cost\nmast1,77.2,28.6,2.5\n";
  std::ofstream(path("d.csv")) << "id,x_m,y_m,height_m\nroofA,715100,3167200,33\nroofB,715200,oops,30\n";
  const std::string wkt = "EPSG:32643";
  const auto a = read_candidate_points(path("c.csv"), wkt);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].id, "mast1");
  EXPECT_NEAR(a[0].x_m, 715128.44, 0.01);  // 77.2 E, 28.6 N in UTM 43N (gdaltransform)
  EXPECT_NEAR(a[0].y_m, 3165648.06, 0.01);
  EXPECT_EQ(a[0].cost, 2.5);
  try {
    read_candidate_points(path("d.csv"), wkt);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("d.csv:3: y_m: expected a number, got \"oops\""), std::string::npos)
        << e.what();
  }
}

// A GeoTIFF of users per km^2 in WGS 84 with one hot pixel, brought onto a UTM grid: the users are kept (area
// weighted) and land where the hot pixel is.
TEST_F(PlanCandidatesTest, DemandRasterInAnotherCrsIsReprojectedOntoTheGrid) {
  GDALAllRegister();
  GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
  const int n = 40;
  const double lon0 = 77.195, lat0 = 28.625, step = 0.0005;  // ~50 m pixels
  GDALDataset* ds = gtiff->Create(path("demand.tif").c_str(), n, n, 1, GDT_Float32, nullptr);
  double gt[6] = {lon0, step, 0, lat0, 0, -step};
  ds->SetGeoTransform(gt);
  OGRSpatialReference wgs;
  wgs.importFromEPSG(4326);
  ds->SetSpatialRef(&wgs);
  std::vector<float> density(n * n, 100.0f);  // 100 users / km^2 everywhere
  density[20 * n + 10] = 1e5f;                 // a hotspot at pixel (10, 20)
  ASSERT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, n, n, density.data(), n, n, GDT_Float32, 0, 0, nullptr),
            CE_None);
  GDALClose(ds);

  RasterGrid grid;
  grid.west_m = 714600, grid.north_m = 3167700, grid.cell_m = 25, grid.nx = 40, grid.ny = 40;
  grid.crs_wkt = "EPSG:32643";
  const std::vector<float> users = read_demand_users(path("demand.tif"), grid);
  std::size_t hot = 0;
  for (std::size_t c = 1; c < users.size(); ++c) hot = users[c] > users[hot] ? c : hot;
  // Where the hot pixel's centre falls on the grid.
  OGRSpatialReference utm;
  utm.importFromEPSG(32643);
  utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER), wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  auto* ct = OGRCreateCoordinateTransformation(&wgs, &utm);
  double x = lon0 + 10.5 * step, y = lat0 - 20.5 * step;
  ASSERT_TRUE(ct->Transform(1, &x, &y));
  OGRCoordinateTransformation::DestroyCT(ct);
  const double col = (x - grid.west_m) / grid.cell_m, row = (grid.north_m - y) / grid.cell_m;
  EXPECT_NEAR(static_cast<double>(hot % 40), col, 1.5);
  EXPECT_NEAR(static_cast<double>(hot / 40), row, 1.5);
  // A background cell: 100 users / km^2 x 625 m^2 = 0.0625 users.
  EXPECT_NEAR(users[0], 0.0625, 1e-4);
}

TEST_F(PlanCandidatesTest, UnreadableDemandRasterIsAnInputError) {
  std::ofstream(path("demand.tif")) << "not a raster";
  RasterGrid grid;
  grid.west_m = 714600, grid.north_m = 3167700, grid.cell_m = 25, grid.nx = 4, grid.ny = 4, grid.crs_wkt = "EPSG:32643";
  EXPECT_THROW(read_demand_users(path("demand.tif"), grid), InputError);
}

}  // namespace
}  // namespace tarang

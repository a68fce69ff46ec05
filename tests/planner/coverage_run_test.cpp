// The coverage pipeline end to end on scenarios built in code: grid geometry, Friis gains, determinism.
#include "planner/coverage_run.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

namespace tarang {
namespace {

Scenario free_space_scenario() {
  Scenario s;
  s.name = "friis";
  s.scene.crs = "EPSG:32643";
  s.radio.frequency_hz = 3.5e9;
  s.propagation.model = PathLossModel::FreeSpace;
  SiteSpec site{"s", 0, 0, 10, {}};
  site.sectors.push_back(SectorSpec{"s-iso", 0, 0, 43, AntennaKind::Isotropic});
  site.sectors.push_back(SectorSpec{"s-east", 90, 0, 43, AntennaKind::Tr38901Element});
  s.sites.push_back(site);
  s.grid = GridSpec{-500, -400, 500, 400, 10, 1.5};
  return s;
}

TEST(RasterGridOf, CellCentresAndNorthUpGeotransform) {
  const RasterGrid g = raster_grid_of(GridSpec{100, 200, 1100, 700, 10, 2}, "WKT");
  EXPECT_EQ(g.nx, 100);
  EXPECT_EQ(g.ny, 50);
  EXPECT_DOUBLE_EQ(g.x_center_m(0), 105);
  EXPECT_DOUBLE_EQ(g.y_center_m(0), 695);  // row 0 is the north edge
  EXPECT_DOUBLE_EQ(g.y_center_m(49), 205);
  const auto gt = g.geotransform();
  EXPECT_EQ(gt, (std::array<double, 6>{100, 10, 0, 700, 0, -10}));
  // A partial cell is extended to a whole one.
  EXPECT_EQ(raster_grid_of(GridSpec{0, 0, 1005, 10, 10, 1.5}, "").nx, 101);
}

TEST(RunCoverage, IsotropicFreeSpaceGainIsFriis) {
  const Scenario s = free_space_scenario();
  const CoverageResult r = run_coverage(s, CoverageRunOptions{1, false});
  ASSERT_EQ(r.grid.nx, 100);
  ASSERT_EQ(r.grid.ny, 80);
  ASSERT_EQ(r.sectors.size(), 2u);
  EXPECT_EQ(r.sectors[1].id, "s-east");
  EXPECT_EQ(r.sectors[1].site_id, "s");
  EXPECT_DOUBLE_EQ(r.sectors[1].z_m, 10);
  EXPECT_NE(r.grid.crs_wkt.find("UTM zone 43N"), std::string::npos);

  const double c = 299792458.0, f = 3.5e9;
  for (int row : {0, 17, 40, 79}) {
    for (int col : {0, 33, 50, 99}) {
      const double dx = r.grid.x_center_m(col), dy = r.grid.y_center_m(row), dz = 1.5 - 10;
      const double d = std::sqrt(dx * dx + dy * dy + dz * dz);
      const double friis_db = 20 * std::log10(4 * M_PI * d * f / c);
      const std::size_t cell = static_cast<std::size_t>(row) * r.grid.nx + col;
      EXPECT_NEAR(r.maps.gain_db[cell], -friis_db, 1e-3) << row << "," << col;  // float32 storage
    }
  }
  // The sectored antenna pointing east has 8 dBi towards a cell due east at long range (elevation ~1 deg).
  const std::size_t east_cell = static_cast<std::size_t>(39) * r.grid.nx + 99;  // y = 5 m, x = 495 m
  const std::size_t cells = r.grid.cell_count();
  EXPECT_NEAR(r.maps.gain_db[cells + east_cell] - r.maps.gain_db[east_cell], 8.0, 0.1);
  // Behind it (west) the pattern is at its 30 dB floor: 8 - 30 = -22 dBi.
  const std::size_t west_cell = static_cast<std::size_t>(39) * r.grid.nx + 0;
  EXPECT_NEAR(r.maps.gain_db[cells + west_cell] - r.maps.gain_db[west_cell], -22.0, 0.01);
  EXPECT_GT(r.kpis.covered_fraction, 0.0);
}

TEST(RunCoverage, OkumuraHataMatchesThePublishedUrbanValue) {
  Scenario s = free_space_scenario();
  s.radio.frequency_hz = 900e6;
  s.propagation.model = PathLossModel::OkumuraHata;
  s.sites[0].height_m = 30;
  s.grid = GridSpec{995, -5, 1005, 5, 10, 1.5};  // one cell centred 1 km east of the site
  const CoverageResult r = run_coverage(s, CoverageRunOptions{1, false});
  // Hata (1980) urban, small/medium city, 900 MHz, hb 30 m, hm 1.5 m, 1 km: 126.40 dB (textbook value).
  EXPECT_NEAR(r.maps.gain_db[0], -126.40, 0.01);
}

TEST(RunCoverage, AtmosphereAddsOxygenAbsorptionAt60GHz) {
  Scenario s = free_space_scenario();
  s.radio.frequency_hz = 60e9;
  s.sites[0].sectors.resize(1);
  s.grid = GridSpec{495, -5, 505, 5, 10, 1.5};  // one cell 500 m east
  const CoverageResult clear = run_coverage(s, CoverageRunOptions{1, false});
  s.radio.atmosphere = true;
  const CoverageResult humid = run_coverage(s, CoverageRunOptions{1, false});
  const double d_km = std::sqrt(500.0 * 500.0 + 8.5 * 8.5) / 1000;
  // ITU-R P.676 Figure 1: about 15 dB/km at sea level near 60 GHz (standard atmosphere).
  const double gamma_db_per_km = (clear.maps.gain_db[0] - humid.maps.gain_db[0]) / d_km;
  EXPECT_GT(gamma_db_per_km, 14.0);
  EXPECT_LT(gamma_db_per_km, 16.0);
}

TEST(RunCoverage, ResultsAreBitIdenticalForOneAndTwoThreads) {
  Scenario s = free_space_scenario();
  s.propagation.model = PathLossModel::Tr38901;
  s.sites.push_back(SiteSpec{"t", 300, 200, 25, {SectorSpec{"t-a", 200, 6, 46, AntennaKind::Tr38901Element}}});
  const CoverageResult a = run_coverage(s, CoverageRunOptions{1, false});
  const CoverageResult b = run_coverage(s, CoverageRunOptions{2, false});
  ASSERT_EQ(a.maps.gain_db.size(), b.maps.gain_db.size());
  EXPECT_EQ(0, std::memcmp(a.maps.gain_db.data(), b.maps.gain_db.data(), a.maps.gain_db.size() * sizeof(float)));
  EXPECT_EQ(0, std::memcmp(a.maps.sinr_db.data(), b.maps.sinr_db.data(), a.maps.sinr_db.size() * sizeof(float)));
  EXPECT_EQ(a.maps.best_sector, b.maps.best_sector);
  EXPECT_EQ(a.kpis.rsrp_p50_dbm, b.kpis.rsrp_p50_dbm);
}

}  // namespace
}  // namespace tarang

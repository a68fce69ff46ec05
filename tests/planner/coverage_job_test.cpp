// Work units: the plan covers every (sector, row) once, any unit order assembles the single-run result bit for bit
// (empirical and ray traced), and the scenario hash follows what fixes the maps.
#include "planner/coverage_job.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>

namespace tarang {
namespace {

Scenario two_site_scenario() {
  Scenario s;
  s.name = "units";
  s.yaml_text = "name: units\n";
  s.scene.crs = "EPSG:32643";
  s.radio.frequency_hz = 3.5e9;
  s.propagation.model = PathLossModel::Tr38901;
  SiteSpec a{"a", 0, 0, 25, {}};
  a.sectors.push_back(SectorSpec{"a1", 0, 6, 43, AntennaKind::Tr38901Element});
  a.sectors.push_back(SectorSpec{"a2", 180, 6, 43, AntennaKind::Tr38901Element});
  s.sites.push_back(a);
  s.sites.push_back(SiteSpec{"b", 300, 200, 30, {SectorSpec{"b1", 200, 4, 46, AntennaKind::Tr38901Element}}});
  s.grid = GridSpec{-500, -700, 500, 700, 10, 1.5};  // 100 x 140 cells: 3 row bands per site
  return s;
}

// Computes the job's units in a shuffled order and assembles them.
CoverageResult shuffled_units_result(const Scenario& s, unsigned seed) {
  CoverageJob job(s, CoverageRunOptions{2, false});
  std::vector<std::size_t> order(job.units().size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), std::mt19937(seed));
  std::vector<float> gain(job.sectors().size() * job.grid().cell_count(), 0.0f);
  for (const std::size_t i : order) {
    const std::vector<float> values = job.compute_unit(i, nullptr);
    EXPECT_EQ(values.size(), job.units()[i].value_count(job.grid().nx));
    place_unit_values(job.units()[i], values.data(), job.grid().nx, job.grid().ny, gain.data());
  }
  return job.assemble(std::move(gain));
}

void expect_same_maps(const CoverageResult& a, const CoverageResult& b) {
  ASSERT_EQ(a.maps.gain_db.size(), b.maps.gain_db.size());
  EXPECT_EQ(0, std::memcmp(a.maps.gain_db.data(), b.maps.gain_db.data(), a.maps.gain_db.size() * sizeof(float)));
  EXPECT_EQ(0, std::memcmp(a.maps.rsrp_dbm.data(), b.maps.rsrp_dbm.data(), a.maps.rsrp_dbm.size() * sizeof(float)));
  EXPECT_EQ(0, std::memcmp(a.maps.sinr_db.data(), b.maps.sinr_db.data(), a.maps.sinr_db.size() * sizeof(float)));
  EXPECT_EQ(a.maps.best_sector, b.maps.best_sector);
  EXPECT_EQ(0, std::memcmp(&a.kpis, &b.kpis, sizeof a.kpis));
}

TEST(PlanWorkUnits, EmpiricalUnitsAreRowBandsThatCoverEverySectorRowOnce) {
  const Scenario s = two_site_scenario();
  const RasterGrid grid = raster_grid_of(s.grid, "");
  const std::vector<WorkUnit> units = plan_work_units(s, grid);
  ASSERT_EQ(units.size(), 6u);
  EXPECT_EQ(units[0], (WorkUnit{0, 0, 2, 0, 64}));
  EXPECT_EQ(units[2], (WorkUnit{0, 0, 2, 128, 140}));
  EXPECT_EQ(units[3], (WorkUnit{1, 2, 1, 0, 64}));
  std::vector<int> covered(3 * 140, 0);
  for (const WorkUnit& u : units) {
    for (std::uint32_t k = 0; k < u.sector_count; ++k) {
      for (int row = u.row_begin; row < u.row_end; ++row) ++covered[(u.first_sector + k) * 140 + row];
    }
  }
  EXPECT_TRUE(std::all_of(covered.begin(), covered.end(), [](int n) { return n == 1; }));
}

TEST(PlanWorkUnits, RayTracedUnitsAreWholeSites) {
  Scenario s = two_site_scenario();
  s.propagation.model = PathLossModel::Raytrace;
  const std::vector<WorkUnit> units = plan_work_units(s, raster_grid_of(s.grid, ""));
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[1], (WorkUnit{1, 2, 1, 0, 140}));
}

TEST(CoverageJob, AnyUnitOrderGivesTheSingleRunResultBitForBit) {
  const Scenario s = two_site_scenario();
  const CoverageResult single = run_coverage(s, CoverageRunOptions{1, false});
  for (unsigned seed : {1u, 2u}) expect_same_maps(single, shuffled_units_result(s, seed));
}

TEST(CoverageJob, RayTracedUnitsGiveTheSingleRunResultBitForBit) {
  Scenario s = two_site_scenario();
  s.propagation.model = PathLossModel::Raytrace;
  s.raytrace.rays = 20000;
  s.raytrace.max_depth = 2;
  s.raytrace.engine = RaytraceEngine::Cpu;
  const CoverageResult single = run_coverage(s, CoverageRunOptions{1, false});
  expect_same_maps(single, shuffled_units_result(s, 3));
}

TEST(ScenarioHash, FollowsTheScenarioTextAndResolvedInputs) {
  const Scenario s = two_site_scenario();
  const std::string hash = CoverageJob(s, CoverageRunOptions{1, false}).scenario_hash();
  EXPECT_EQ(hash.size(), 16u);
  EXPECT_EQ(hash, CoverageJob(s, CoverageRunOptions{2, false}).scenario_hash());  // threads do not count
  Scenario text = s;
  text.yaml_text += "# changed\n";
  EXPECT_NE(hash, CoverageJob(text, CoverageRunOptions{1, false}).scenario_hash());
  Scenario moved = s;
  moved.sites[1].x_m += 1;
  EXPECT_NE(hash, CoverageJob(moved, CoverageRunOptions{1, false}).scenario_hash());
  Scenario grid = s;
  grid.grid.cell_m = 5;
  EXPECT_NE(hash, CoverageJob(grid, CoverageRunOptions{1, false}).scenario_hash());
  Scenario scaled = s;  // a calibration fragment's content, which yaml_text only names
  scaled.calibration.materials = {{"concrete", 1.5, 1}};
  EXPECT_NE(hash, CoverageJob(scaled, CoverageRunOptions{1, false}).scenario_hash());
}

TEST(Fnv1a64, MatchesTheReferenceValues) {
  // Published FNV-1a 64 test vectors: "" and "a".
  EXPECT_EQ(fnv1a_64("", 0), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a_64("a", 1), 0xaf63dc4c8601ec8cULL);
}

}  // namespace
}  // namespace tarang

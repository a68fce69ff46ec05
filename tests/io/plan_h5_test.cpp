// Plan result files: coverage datasets plus /plan, exact round trips, coverage readers unaffected, atomic writes.
#include "io/plan_h5.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/error.h"
#include "io/h5_checked.h"
#include "io/results_h5.h"
#include "tests/support/temp_folder_test.h"

namespace tarang {
namespace {

class PlanH5Test : public test::TempFolderTest {};

CoverageResult coverage() {
  CoverageResult r;
  r.meta.scenario_name = "plan-ü";
  r.meta.tarang_version = "0.1.0";
  r.grid.west_m = 1000, r.grid.north_m = 2000, r.grid.cell_m = 10, r.grid.nx = 3, r.grid.ny = 2;
  r.grid.crs_wkt = "LOCAL_CS[\"x\"]";
  r.sectors = {{"a1", "a", 1005, 1995, 30, 0, 6, 46, 3.5e9}};
  r.maps.gain_db = {-90, -91, -92, -93, -94, NAN};
  r.maps.rsrp_dbm = {-80, -81, -82, -83, -84, NAN};
  r.maps.best_sector = {0, 0, 0, 0, 0, -1};
  r.maps.sinr_db = {20, 19, 18, 17, 16, NAN};
  r.maps.throughput_mbps = {400, 390, 380, 370, 360, NAN};
  r.kpis.covered_fraction = 1;
  return r;
}

PlanResult plan() {
  PlanResult p;
  p.objective = PlanObjective::MaxCoverage;
  p.target_fraction = 0.95;
  p.max_sites = 12;
  p.candidates = {{"r1", "roof-1", 1.5, false, true}, {"r1-tilt8", "roof-1", 1.5, false, false},
                  {"old", "old", 0, true, true}};
  p.selected = {0, 2};
  p.cost = 1.5;
  p.objective_value = 0.912345678901234;
  p.covered_fraction = 0.9, p.served_fraction = 0.912345678901234, p.rsrp_covered_fraction = 0.97;
  p.throughput_p5_mbps = 12.5;
  p.overloaded_sectors = 2;
  p.target_met = false;
  p.bound = 0.99, p.gap = 0.02, p.bound_source = "milp-best-bound";
  p.seed = 18446744073709551615ULL;  // the largest seed survives (stored as text)
  p.runtime_s = 3.25;
  p.iterations = 20000;
  p.stop_reason = "time-limit";
  p.trajectory = {{0, 0, 0.5, 0.5, 0.5, 1, 1.5}, {1, 1, 0.4, 0.5, 0.4, 2, 3}, {2, 2, 0.9, 0.9, 0.9, 2, 1.5}};
  return p;
}

TEST_F(PlanH5Test, RoundTripIsExactAndTheCoverageReaderStillWorks) {
  write_plan_result(path("p.h5"), coverage(), plan());
  EXPECT_EQ(entries(), (std::set<std::string>{"p.h5"}));
  const CoverageResult c = read_coverage_result(path("p.h5"));
  EXPECT_EQ(c.meta.scenario_name, "plan-ü");
  EXPECT_EQ(c.maps.rsrp_dbm[4], -84.0f);
  EXPECT_EQ(c.sectors.size(), 1u);

  const std::optional<PlanResult> read = read_plan_result(path("p.h5"));
  ASSERT_TRUE(read.has_value());
  const PlanResult& r = *read;
  const PlanResult e = plan();
  EXPECT_EQ(r.objective, e.objective);
  EXPECT_EQ(r.target_fraction, e.target_fraction);
  EXPECT_EQ(r.max_sites, 12u);
  EXPECT_EQ(r.max_cost, std::numeric_limits<double>::infinity());
  ASSERT_EQ(r.candidates.size(), 3u);
  EXPECT_EQ(r.candidates[1].id, "r1-tilt8");
  EXPECT_EQ(r.candidates[1].group, "roof-1");
  EXPECT_FALSE(r.candidates[1].selected);
  EXPECT_TRUE(r.candidates[2].locked);
  EXPECT_EQ(r.selected, e.selected);
  EXPECT_EQ(r.objective_value, e.objective_value);
  EXPECT_EQ(r.served_fraction, e.served_fraction);
  EXPECT_EQ(r.rsrp_covered_fraction, e.rsrp_covered_fraction);
  EXPECT_EQ(r.throughput_p5_mbps, e.throughput_p5_mbps);
  EXPECT_EQ(r.overloaded_sectors, 2u);
  EXPECT_FALSE(r.target_met);
  EXPECT_EQ(r.bound, 0.99);
  EXPECT_EQ(r.gap, 0.02);
  EXPECT_EQ(r.bound_source, "milp-best-bound");
  EXPECT_EQ(r.seed, e.seed);
  EXPECT_EQ(r.runtime_s, 3.25);
  EXPECT_EQ(r.iterations, 20000);
  EXPECT_EQ(r.stop_reason, "time-limit");
  ASSERT_EQ(r.trajectory.size(), 3u);
  EXPECT_EQ(r.trajectory[1].iteration, 1);
  EXPECT_EQ(r.trajectory[1].phase, 1);
  EXPECT_EQ(r.trajectory[1].objective, 0.4);
  EXPECT_EQ(r.trajectory[2].sites, 2u);
  EXPECT_EQ(r.trajectory[2].cost, 1.5);
}

TEST_F(PlanH5Test, NoBoundAndNoSiteLimitRoundTrip) {
  PlanResult p = plan();
  p.bound = p.gap = std::numeric_limits<double>::quiet_NaN();
  p.bound_source = "none";
  p.max_sites = std::numeric_limits<std::size_t>::max();
  p.trajectory.clear();
  p.selected.clear();
  write_plan_result(path("p.h5"), coverage(), p);
  const PlanResult r = *read_plan_result(path("p.h5"));
  EXPECT_TRUE(std::isnan(r.bound));
  EXPECT_TRUE(std::isnan(r.gap));
  EXPECT_EQ(r.max_sites, std::numeric_limits<std::size_t>::max());
  EXPECT_TRUE(r.trajectory.empty());
  EXPECT_TRUE(r.selected.empty());
}

TEST_F(PlanH5Test, ACoverageResultHasNoPlan) {
  write_coverage_result(path("c.h5"), coverage());
  EXPECT_FALSE(read_plan_result(path("c.h5")).has_value());
}

TEST_F(PlanH5Test, ADamagedPlanGroupIsAnInputErrorNamingThePart) {
  {
    h5::Handle file = h5::create_file(path("broken.h5"));
    h5::Handle group = h5::create_group(file.get(), "plan");
    h5::write_attribute(group.get(), "objective", "min-cost");
  }
  try {
    read_plan_result(path("broken.h5"));
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("missing attribute target_fraction on /plan"), std::string::npos) << e.what();
  }
}

TEST_F(PlanH5Test, WritingIntoAMissingFolderLeavesNothing) {
  EXPECT_THROW(write_plan_result(path("missing/p.h5"), coverage(), plan()), InputError);
  EXPECT_TRUE(entries().empty());
}

TEST_F(PlanH5Test, AnInconsistentCoverageResultLeavesNoFile) {
  CoverageResult bad = coverage();
  bad.maps.sinr_db.pop_back();
  EXPECT_THROW(write_plan_result(path("p.h5"), bad, plan()), std::invalid_argument);
  EXPECT_TRUE(entries().empty());
}

}  // namespace
}  // namespace tarang

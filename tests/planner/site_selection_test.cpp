// Site selection on hand-built instances with known optima: greedy, lazy greedy, annealing/local search, capacity,
// determinism and unreachable targets.
#include "planner/site_selection.h"

#include <gtest/gtest.h>

#include <sstream>

#include <algorithm>
#include <random>

#include "io/scenario_yaml.h"
#include "io/scenario_yaml_writer.h"
#include "planner/set_cover_milp.h"
#include "tests/planner/plan_test_support.h"

namespace tarang {
namespace {

using test::kNoSignal;

SearchOptions quick_search(std::uint64_t seed = 1) {
  SearchOptions o;
  o.seed = seed;
  o.max_iterations = 2000;
  o.time_limit_s = 1e9;  // stop on iterations only: reproducible
  return o;
}

// Greedy's classic trap: {0,1,2,3} (candidate 2) is picked first, then {4} and {5} need two more; the optimum is
// candidates 0 = {0,1,4} and 1 = {2,3,5}.
std::unique_ptr<test::TestProblem> greedy_trap() {
  return test::make_set_problem({{0, 1, 4}, {2, 3, 5}, {0, 1, 2, 3}}, 6);
}

TEST(GreedySelect, FallsIntoTheTrapThatSearchAndPruneLeave) {
  auto t = greedy_trap();
  PlanGoal goal;
  goal.target_fraction = 1.0;
  const GreedyResult g = greedy_select(t->problem, candidate_rsrp_coverage(t->problem), goal, false);
  EXPECT_EQ(g.picks, (std::vector<std::size_t>{2, 0, 1}));  // gain 4, then 1 and 1 (ties: lower index)
  EXPECT_DOUBLE_EQ(g.covered_weight, 6.0);

  const PlanResult plan = plan_sites(t->problem, goal, quick_search());
  EXPECT_EQ(plan.selected, (std::vector<std::size_t>{0, 1}));
  EXPECT_TRUE(plan.target_met);
  EXPECT_DOUBLE_EQ(plan.cost, 2.0);
  EXPECT_DOUBLE_EQ(plan.covered_fraction, 1.0);
  // The MILP proves the optimum: bound == 2 sites, gap 0.
  const SetCoverSolution milp =
      solve_set_cover(t->problem, candidate_rsrp_coverage(t->problem), goal, SetCoverOptions{});
  EXPECT_EQ(milp.status, SetCoverStatus::Optimal);
  EXPECT_EQ(milp.selected, (std::vector<std::size_t>{0, 1}));
  PlanResult bounded = plan;
  apply_set_cover_bound(milp, bounded);
  EXPECT_DOUBLE_EQ(bounded.bound, 2.0);
  EXPECT_DOUBLE_EQ(bounded.gap, 0.0);
}

TEST(PlanSites, MaxCoverageWithABudgetFindsTheProvenOptimum) {
  // 10 cells, at most 2 sites. Best pair: candidates 1 and 3 cover 9 cells; greedy starts with candidate 0 (6 cells)
  // and its best partner covers 8.
  auto t = test::make_set_problem({{0, 1, 2, 3, 4, 5}, {0, 1, 2, 6, 7}, {3, 4, 8}, {3, 4, 5, 8}, {9}}, 10);
  PlanGoal goal;
  goal.objective = PlanObjective::MaxCoverage;
  goal.max_sites = 2;
  const GreedyResult g = greedy_select(t->problem, candidate_rsrp_coverage(t->problem), goal, true);
  EXPECT_EQ(g.picks.front(), 0u);
  const PlanResult plan = plan_sites(t->problem, goal, quick_search());
  EXPECT_EQ(plan.selected, (std::vector<std::size_t>{1, 3}));
  EXPECT_DOUBLE_EQ(plan.covered_fraction, 0.9);
  const SetCoverSolution milp = solve_set_cover(t->problem, candidate_rsrp_coverage(t->problem), goal, {});
  EXPECT_EQ(milp.status, SetCoverStatus::Optimal);
  EXPECT_NEAR(milp.bound, 0.9, 1e-9);
  EXPECT_EQ(milp.selected, (std::vector<std::size_t>{1, 3}));
}

// A random instance: `n` candidates with random sets over `cells`, costs 1..3, demand and site groups.
std::unique_ptr<test::TestProblem> random_instance(std::uint64_t seed, std::size_t n, std::size_t cells) {
  std::mt19937_64 rng(seed);
  std::vector<std::vector<int>> sets(n);
  for (auto& set : sets) {
    const std::size_t size = 1 + rng() % (cells / 3);
    for (std::size_t i = 0; i < size; ++i) set.push_back(static_cast<int>(rng() % cells));
  }
  auto t = test::make_set_problem(sets, cells);
  for (std::size_t i = 0; i < n; ++i) {
    t->problem.candidates[i].cost = static_cast<double>(1 + rng() % 3);
    t->problem.candidates[i].group = (std::ostringstream() << 'g' << rng() % (n - n / 4)).str();  // alternatives
  }
  t->problem.demand_mbps.resize(cells);
  for (float& d : t->problem.demand_mbps) d = static_cast<float>(rng() % 4);  // zeros and ties
  return t;
}

TEST(GreedySelect, LazyEvaluationNeverChangesThePicks) {
  std::size_t fewer = 0;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    auto t = random_instance(seed, 12 + seed % 20, 40 + seed % 50);
    PlanGoal goal;
    goal.objective = seed % 2 ? PlanObjective::MinCost : PlanObjective::MaxCoverage;
    goal.target_fraction = 0.8 + 0.05 * static_cast<double>(seed % 5);
    if (seed % 3 == 0) goal.max_sites = 2 + seed % 4;
    if (seed % 4 == 0) goal.max_cost = 3 + static_cast<double>(seed % 5);
    const auto coverage = candidate_rsrp_coverage(t->problem);
    const GreedyResult plain = greedy_select(t->problem, coverage, goal, false);
    const GreedyResult lazy = greedy_select(t->problem, coverage, goal, true);
    ASSERT_EQ(lazy.picks, plain.picks) << "seed " << seed;
    ASSERT_EQ(lazy.covered_weight, plain.covered_weight) << "seed " << seed;
    fewer += lazy.gain_evaluations < plain.gain_evaluations ? 1 : 0;
  }
  EXPECT_GT(fewer, 250u);  // the shortcut does save evaluations
}

TEST(PlanSites, SameSeedGivesTheSamePlanAndTrajectory) {
  auto t = random_instance(99, 30, 80);
  PlanGoal goal;
  goal.target_fraction = 0.9;
  SearchOptions options = quick_search(12345);
  options.temperature_scale = 1.0;
  const PlanResult a = plan_sites(t->problem, goal, options);
  const PlanResult b = plan_sites(t->problem, goal, options);
  EXPECT_EQ(a.selected, b.selected);
  EXPECT_EQ(a.stop_reason, "iterations");
  EXPECT_EQ(a.iterations, 2000);
  ASSERT_EQ(a.trajectory.size(), b.trajectory.size());
  for (std::size_t i = 0; i < a.trajectory.size(); ++i) {
    EXPECT_EQ(a.trajectory[i].iteration, b.trajectory[i].iteration);
    EXPECT_EQ(a.trajectory[i].objective, b.trajectory[i].objective);
  }
  EXPECT_EQ(a.seed, 12345u);
}

TEST(PlanSites, SearchFindsTheMilpOptimumOnMostRandomSmallInstances) {
  // Load 0: no interference, so SINR = SNR (>= 42 dB here) and the full objective is the MILP's RSRP coverage.
  // Annealing is a heuristic: on these 100 instances (14 candidates, costs 1-3, 30 cells) it finds the proven
  // optimum in 97 and is one or two cost units above it in the rest; the test allows 90.
  std::size_t solved = 0, optimal = 0;
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::vector<double>> rsrp(14, std::vector<double>(30, kNoSignal));
    for (auto& row : rsrp) {
      for (std::size_t i = 0, size = 2 + rng() % 8; i < size; ++i) row[rng() % 30] = -80;
    }
    auto t = test::make_problem(rsrp, 0.0);
    for (Candidate& c : t->problem.candidates) c.cost = static_cast<double>(1 + rng() % 3);
    PlanGoal goal;
    goal.target_fraction = 0.8;
    SearchOptions options = quick_search(seed);
    options.max_iterations = 5000;
    const PlanResult plan = plan_sites(t->problem, goal, options);
    const SetCoverSolution milp = solve_set_cover(t->problem, candidate_rsrp_coverage(t->problem), goal, {});
    if (milp.status == SetCoverStatus::Infeasible) {
      EXPECT_FALSE(plan.target_met) << "seed " << seed;
      continue;
    }
    ASSERT_EQ(milp.status, SetCoverStatus::Optimal) << "seed " << seed;
    EXPECT_TRUE(plan.target_met) << "seed " << seed;
    EXPECT_DOUBLE_EQ(plan.covered_fraction, plan.rsrp_covered_fraction) << "seed " << seed;
    EXPECT_GE(plan.cost, milp.bound) << "seed " << seed;  // the bound is valid
    EXPECT_LE(plan.cost, milp.bound + 2) << "seed " << seed;
    ++solved;
    optimal += plan.cost == milp.bound ? 1 : 0;
  }
  EXPECT_GE(solved, 60u);
  EXPECT_GE(optimal + (100 - solved), 90u) << optimal << " of " << solved << " feasible instances solved optimally";
}

TEST(PlanSites, UnreachableTargetReportsTheBestAchievablePlanWithAFlag) {
  // Cells 4..7 have no signal from any candidate: at most half the cells can be covered.
  auto t = test::make_set_problem({{0, 1}, {1, 2}, {2, 3}, {0}}, 8);
  PlanGoal goal;
  goal.target_fraction = 0.9;
  const PlanResult plan = plan_sites(t->problem, goal, quick_search());
  EXPECT_FALSE(plan.target_met);
  EXPECT_DOUBLE_EQ(plan.covered_fraction, 0.5);
  EXPECT_DOUBLE_EQ(plan.cost, 2.0);  // {0,1} + {2,3}: the cheapest plan reaching the best coverage
  EXPECT_EQ(plan.selected, (std::vector<std::size_t>{0, 2}));
  const SetCoverSolution milp = solve_set_cover(t->problem, candidate_rsrp_coverage(t->problem), goal, {});
  EXPECT_EQ(milp.status, SetCoverStatus::Infeasible);
}

TEST(PlanSites, AlternativeConfigurationsOfOneSiteAreExclusiveAndTheBetterIsKept) {
  // Site A has two tilts: candidate 0 covers cells 0-3, candidate 1 (same site) covers 0-5. Site B covers 6-9.
  auto t = test::make_set_problem({{0, 1, 2, 3}, {0, 1, 2, 3, 4, 5}, {6, 7, 8, 9}, {4, 5}}, 10);
  t->problem.candidates[0].group = t->problem.candidates[1].group = "A";
  PlanGoal goal;
  goal.target_fraction = 1.0;
  const PlanResult plan = plan_sites(t->problem, goal, quick_search());
  EXPECT_EQ(plan.selected, (std::vector<std::size_t>{1, 2}));
  EXPECT_TRUE(plan.target_met);
}

TEST(PlanSites, LockedCandidatesStayInThePlan) {
  auto t = greedy_trap();
  t->problem.candidates[2].locked = true;  // the big set is an existing site
  PlanGoal goal;
  goal.target_fraction = 1.0;
  const PlanResult plan = plan_sites(t->problem, goal, quick_search());
  EXPECT_EQ(plan.selected, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_TRUE(plan.candidates[2].locked);
}

// A 30-cell street; candidate k at position pos[k] gives RSRP -45 - 8 |c - pos| dBm (>= -105 within 7 cells).
std::unique_ptr<test::TestProblem> street(const std::vector<int>& positions, double load = 1.0) {
  std::vector<std::vector<double>> rsrp;
  for (int pos : positions) {
    std::vector<double> row;
    for (int c = 0; c < 30; ++c) row.push_back(-45.0 - 8.0 * std::abs(c - pos));
    rsrp.push_back(row);
  }
  auto t = test::make_problem(rsrp, load);
  for (std::size_t k = 0; k < positions.size(); ++k) t->problem.candidates[k].x_m = positions[k];
  t->problem.capacity = CapacityModel{true, 1.0};
  return t;
}

TEST(PlanSites, ADemandHotspotForcesAnExtraSiteAtTheHotspot) {
  // Candidates at 7 (A), 22 (B), 15 (C), 2 (D), 27 (E). With 1 Mbit/s per cell, A + B cover the street.
  const std::vector<int> positions = {7, 22, 15, 2, 27};
  PlanGoal goal;
  goal.target_fraction = 0.99;
  {
    auto t = street(positions);
    t->problem.demand_mbps.assign(30, 1.0f);
    const PlanResult plan = plan_sites(t->problem, goal, quick_search());
    EXPECT_EQ(plan.selected, (std::vector<std::size_t>{0, 1}));
    EXPECT_TRUE(plan.target_met);
  }
  // 130 Mbit/s in each of cells 14-16: A and B serve them 7-8 cells out at ~1.7 b/s/Hz and overload; C right at the
  // hotspot serves them at 4.4 b/s/Hz within its 440 Mbit/s.
  auto t = street(positions);
  t->problem.demand_mbps.assign(30, 1.0f);
  for (int c : {14, 15, 16}) t->problem.demand_mbps[static_cast<std::size_t>(c)] = 130.0f;
  const PlanResult plan = plan_sites(t->problem, goal, quick_search());
  EXPECT_TRUE(plan.target_met);
  EXPECT_EQ(plan.selected.size(), 3u);
  EXPECT_TRUE(std::find(plan.selected.begin(), plan.selected.end(), 2u) != plan.selected.end());
  EXPECT_EQ(plan.overloaded_sectors, 0u);
  // Without C the best 3-site plans fall short of the target.
  auto without_c = street({7, 22, 2, 27});
  without_c->problem.demand_mbps = t->problem.demand_mbps;
  EXPECT_FALSE(plan_sites(without_c->problem, goal, quick_search()).target_met);
}

// A 5th-percentile throughput target above what the cheapest covering plan gives forces extra sites; one no plan
// can reach leaves the target unmet (and says so) with the best plan found.
TEST(PlanSites, AThroughputTargetAddsSitesUntilTheFifthPercentileIsMet) {
  const std::vector<int> positions = {7, 22, 15, 2, 27};
  PlanGoal goal;
  goal.target_fraction = 0.99;
  // No load on the other sectors: the weakest cells are those far from every site (noise limited), and each site
  // added near them raises them without hurting the others.
  auto t = street(positions, 0.0);
  const PlanResult cheapest = plan_sites(t->problem, goal, quick_search());
  ASSERT_EQ(cheapest.selected, (std::vector<std::size_t>{0, 1}));
  CoverageState all(*t->problem.gains, *t->problem.columns, t->problem.budget, t->problem.targets, {},
                    t->problem.capacity);
  for (std::uint32_t k = 0; k < positions.size(); ++k) all.add_sector(k);
  const double p5_all = all.summary().throughput_p5_mbps;
  ASSERT_GT(p5_all, cheapest.throughput_p5_mbps + 1);

  goal.min_throughput_p5_mbps = (cheapest.throughput_p5_mbps + p5_all) / 2;
  const PlanResult plan = plan_sites(t->problem, goal, quick_search());
  EXPECT_TRUE(plan.target_met);
  EXPECT_GE(plan.throughput_p5_mbps, goal.min_throughput_p5_mbps);
  EXPECT_GT(plan.selected.size(), 2u);
  EXPECT_GE(plan.served_fraction, 0.99);

  goal.min_throughput_p5_mbps = p5_all * 10;
  const PlanResult impossible = plan_sites(t->problem, goal, quick_search());
  EXPECT_FALSE(impossible.target_met);
  EXPECT_LT(impossible.throughput_p5_mbps, goal.min_throughput_p5_mbps);
}

TEST(PlannedScenario, HoldsTheSelectedSitesAndRoundTripsThroughYaml) {
  Scenario base;
  base.name = "plan";
  base.scene.crs = "EPSG:32643";
  base.grid = GridSpec{0, 0, 1000, 1000, 10, 1.5};
  std::vector<SiteSpec> sites;
  for (int i = 0; i < 4; ++i) {
    SiteSpec site;
    site.id = "roof-" + std::to_string(i);
    site.x_m = 100.0 * i, site.y_m = 50, site.height_m = 20 + i;
    site.sectors.push_back(SectorSpec{"roof-" + std::to_string(i) + "-a", 30.0 * i, 4, 43, {}, {}});
    sites.push_back(site);
  }
  PlanResult plan;
  plan.selected = {1, 3};
  const Scenario planned = planned_scenario(base, sites, plan);
  const Scenario back = parse_scenario_text(scenario_yaml_text(planned), "plan.yaml", "");
  ASSERT_EQ(back.sites.size(), 2u);
  EXPECT_EQ(back.sites[0].id, "roof-1");
  EXPECT_EQ(back.sites[1].sectors[0].azimuth_deg, 90);
  EXPECT_EQ(back.sites[1].height_m, 23);
  EXPECT_EQ(back.grid.cell_m, 10);
}

}  // namespace
}  // namespace tarang

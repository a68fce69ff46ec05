// The set-cover MILP against brute force on small instances, its LP bound, locked candidates, groups and budgets.
#include "planner/set_cover_milp.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "tests/planner/plan_test_support.h"

namespace tarang {
namespace {

// Brute force over all subsets: the cheapest cost reaching `target` (MinCost) or the largest covered fraction
// within `max_sites` (MaxCoverage), respecting site groups. Returns NaN when nothing is feasible.
double brute_force(const PlanProblem& p, const std::vector<std::vector<std::uint32_t>>& coverage,
                   const PlanGoal& goal) {
  const std::size_t n = p.candidates.size(), cells = p.gains->cell_count;
  double best = std::nan("");
  for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
    std::vector<std::uint8_t> covered(cells, 0);
    std::vector<std::string> groups;
    double cost = 0, weight = 0, total = 0;
    std::size_t sites = 0;
    bool valid = true;
    for (std::size_t i = 0; i < n; ++i) {
      const bool in = (mask >> i) & 1;
      if (p.candidates[i].locked && !in) valid = false;
      if (!in) continue;
      const std::string& g = p.candidates[i].group.empty() ? p.candidates[i].id : p.candidates[i].group;
      for (const std::string& other : groups) valid = valid && other != g;
      groups.push_back(g);
      cost += p.candidates[i].cost, ++sites;
      for (std::uint32_t c : coverage[i]) covered[c] = 1;
    }
    if (!valid || sites > goal.max_sites || cost > goal.max_cost) continue;
    for (std::size_t c = 0; c < cells; ++c) {
      const double w = p.demand_mbps.empty() ? 1.0 : p.demand_mbps[c];
      total += w, weight += covered[c] ? w : 0.0;
    }
    const double fraction = weight / total;
    if (goal.objective == PlanObjective::MinCost) {
      if (fraction >= goal.target_fraction - 1e-12 && !(cost >= best)) best = cost;
    } else if (!(fraction <= best)) {
      best = fraction;
    }
  }
  return best;
}

TEST(SetCoverMilp, MatchesBruteForceOnRandomInstances) {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::vector<int>> sets(10);
    for (auto& set : sets) {
      for (std::size_t i = 0, size = 1 + rng() % 6; i < size; ++i) set.push_back(static_cast<int>(rng() % 20));
    }
    auto t = test::make_set_problem(sets, 20);
    PlanProblem& p = t->problem;
    for (Candidate& c : p.candidates) c.cost = 0.5 + static_cast<double>(rng() % 4);
    p.candidates[rng() % 10].group = "shared", p.candidates[rng() % 10].group = "shared";
    if (seed % 3 == 0) p.candidates[rng() % 10].locked = true;
    p.demand_mbps.resize(20);
    for (float& d : p.demand_mbps) d = static_cast<float>(rng() % 3);
    PlanGoal goal;
    goal.objective = seed % 2 ? PlanObjective::MinCost : PlanObjective::MaxCoverage;
    goal.target_fraction = 0.6;
    if (goal.objective == PlanObjective::MaxCoverage) goal.max_sites = 1 + seed % 4;
    if (seed % 5 == 0) goal.max_cost = 6;
    const auto coverage = candidate_rsrp_coverage(p);
    const double expected = brute_force(p, coverage, goal);
    const SetCoverSolution s = solve_set_cover(p, coverage, goal, {});
    if (std::isnan(expected)) {
      EXPECT_EQ(s.status, SetCoverStatus::Infeasible) << "seed " << seed;
      continue;
    }
    ASSERT_EQ(s.status, SetCoverStatus::Optimal) << "seed " << seed;
    EXPECT_NEAR(s.objective, expected, 1e-7) << "seed " << seed;  // CBC's integrality tolerance
    EXPECT_NEAR(s.bound, expected, 1e-7) << "seed " << seed;
    EXPECT_EQ(s.bound_source, "milp-optimal");
    if (goal.objective == PlanObjective::MinCost) {
      EXPECT_LE(s.lp_bound, expected + 1e-9) << "seed " << seed;
    } else {
      EXPECT_GE(s.lp_bound, expected - 1e-9) << "seed " << seed;
    }
  }
}

TEST(SetCoverMilp, TriangleHasLpBoundOneAndAHalfRoundedUpToTwo) {
  // Three cells, each candidate covers two: x = 1/2 everywhere is the LP optimum (1.5); two sites are needed.
  auto t = test::make_set_problem({{0, 1}, {1, 2}, {0, 2}}, 3);
  PlanGoal goal;
  goal.target_fraction = 1.0;
  SetCoverOptions lp_only;
  lp_only.solve_integer = false;
  const auto coverage = candidate_rsrp_coverage(t->problem);
  const SetCoverSolution lp = solve_set_cover(t->problem, coverage, goal, lp_only);
  EXPECT_EQ(lp.status, SetCoverStatus::LpOnly);
  EXPECT_NEAR(lp.lp_bound, 1.5, 1e-9);
  EXPECT_DOUBLE_EQ(lp.bound, 2.0);  // whole costs: the bound rounds up
  EXPECT_EQ(lp.bound_source, "lp-relaxation");
  EXPECT_TRUE(lp.selected.empty());
  const SetCoverSolution exact = solve_set_cover(t->problem, coverage, goal, {});
  EXPECT_EQ(exact.status, SetCoverStatus::Optimal);
  EXPECT_DOUBLE_EQ(exact.objective, 2.0);
  EXPECT_EQ(exact.selected.size(), 2u);
  // Fractional costs are not rounded.
  for (Candidate& c : t->problem.candidates) c.cost = 1.25;
  EXPECT_NEAR(solve_set_cover(t->problem, coverage, goal, lp_only).bound, 1.875, 1e-9);
}

TEST(SetCoverMilp, IdenticalCellsAreMergedIntoOneClass) {
  // Cells 0-4 are covered by {0}, 5-9 by {0, 1}, 10 by {1}: three classes.
  auto t = test::make_set_problem({{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {5, 6, 7, 8, 9, 10}}, 11);
  PlanGoal goal;
  goal.target_fraction = 1.0;
  const SetCoverSolution s = solve_set_cover(t->problem, candidate_rsrp_coverage(t->problem), goal, {});
  EXPECT_EQ(s.cell_classes, 3u);
  EXPECT_EQ(s.selected, (std::vector<std::size_t>{0, 1}));
}

TEST(SetCoverMilp, LockedCandidatesAreFixedInAndCounted) {
  auto t = test::make_set_problem({{0, 1}, {2, 3}, {0, 1, 2}}, 4);
  t->problem.candidates[0].locked = true;
  t->problem.candidates[0].cost = 5;
  PlanGoal goal;
  goal.target_fraction = 1.0;
  const SetCoverSolution s = solve_set_cover(t->problem, candidate_rsrp_coverage(t->problem), goal, {});
  EXPECT_EQ(s.status, SetCoverStatus::Optimal);
  EXPECT_EQ(s.selected, (std::vector<std::size_t>{0, 1}));
  EXPECT_DOUBLE_EQ(s.objective, 6.0);
  // A target the locked site meets alone needs nothing else.
  goal.target_fraction = 0.5;
  const SetCoverSolution trivial = solve_set_cover(t->problem, candidate_rsrp_coverage(t->problem), goal, {});
  EXPECT_EQ(trivial.selected, (std::vector<std::size_t>{0}));
  EXPECT_DOUBLE_EQ(trivial.bound, 5.0);
}

TEST(SetCoverMilp, GapOfAPlanAgainstTheBound) {
  PlanResult plan;
  plan.objective = PlanObjective::MinCost;
  plan.cost = 10;
  SetCoverSolution s;
  s.bound = 8;
  s.bound_source = "lp-relaxation";
  apply_set_cover_bound(s, plan);
  EXPECT_DOUBLE_EQ(plan.gap, 0.2);
  EXPECT_EQ(plan.bound_source, "lp-relaxation");
  plan.objective = PlanObjective::MaxCoverage;
  plan.rsrp_covered_fraction = 0.9;
  s.bound = 0.95;
  apply_set_cover_bound(s, plan);
  EXPECT_NEAR(plan.gap, 0.05 / 0.95, 1e-15);
  apply_set_cover_bound(SetCoverSolution{}, plan);
  EXPECT_TRUE(std::isnan(plan.gap));
  EXPECT_EQ(plan.bound_source, "none");
}

}  // namespace
}  // namespace tarang

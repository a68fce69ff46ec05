// Site selection: greedy (lazy, on the submodular RSRP coverage) followed by simulated annealing / local search on the
// full SINR + capacity objective, every move evaluated incrementally with CoverageState.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "core/scenario.h"
#include "planner/best_server_maps.h"
#include "planner/coverage_state.h"
#include "planner/gain_matrix.h"
#include "planner/plan_result.h"

namespace tarang {

// A site with one configuration (its set of sectors). Candidates sharing `group` are alternative configurations of
// the same site (other tilts or azimuths): at most one of them is selected.
struct Candidate {
  std::string id;
  std::string group;                    // "" = its own id
  double cost = 1;                      // > 0 unless locked
  bool locked = false;                  // an existing site: always selected, never dropped
  double x_m = 0, y_m = 0;              // position; swap moves go to the nearest other candidates
  std::vector<std::uint32_t> sectors;   // rows of the gain matrix
};

// Everything the selection works on; gains and columns must outlive the problem.
struct PlanProblem {
  const SparseGainMatrix* gains = nullptr;
  const SparseGainColumns* columns = nullptr;  // transpose_gain_matrix(*gains)
  LinkBudget budget;                           // power_dbm per matrix row
  TargetSpec targets;
  std::vector<Candidate> candidates;
  std::vector<float> demand_mbps;  // per cell, >= 0; empty = 1 per computed cell (fractions are cell fractions)
  CapacityModel capacity;
};

struct PlanGoal {
  PlanObjective objective = PlanObjective::MinCost;
  double target_fraction = 0.95;  // MinCost: served demand fraction to reach; MaxCoverage: only reported
  std::size_t max_sites = std::numeric_limits<std::size_t>::max();  // selected candidates, locked ones included
  double max_cost = std::numeric_limits<double>::infinity();
  double min_throughput_p5_mbps = 0;  // > 0: the plan must also give this 5th-percentile throughput (MinCost)
  // MinCost score: cost units (mean candidate cost) per unit of missing fraction; 0 = automatic, 10 / the mean
  // RSRP-covered fraction of one candidate (missing one average candidate's coverage costs ten candidates).
  double shortfall_penalty = 0;
};

// The search after the greedy start. Random draws: one std::mt19937_64 seeded with `seed`; every iteration draws
// exactly four 64-bit values, in this order, whatever happens: u_move (move type), r1 (first candidate), r2 (second
// candidate), u_accept (acceptance). Uniforms are (draw >> 11) x 2^-53 and indices draw % n, so the sequence does
// not depend on the standard library. The run is reproducible when it stops on max_iterations; a time-limit stop
// is reported in PlanResult::stop_reason and may end at a different iteration on another machine.
struct SearchOptions {
  std::uint64_t seed = 1;
  std::int64_t max_iterations = 20000;
  double time_limit_s = 60;
  double temperature_scale = 0.1;  // T0 = scale x typical score change of one site; 0 = local search (hill climbing)
  int neighbours = 8;              // swap moves replace a site with one of its nearest candidates
  bool lazy_greedy = true;         // false: plain greedy (same result, for tests)
  std::function<void(const PlanTrajectoryPoint&)> on_record;  // called for every trajectory point (progress)
};

// Per candidate: the computed cells where one of its sectors alone gives RSRP >= the target, ascending (the
// coverage criterion of the greedy start and the MILP; SINR is not part of it).
std::vector<std::vector<std::uint32_t>> candidate_rsrp_coverage(const PlanProblem& p);

// The greedy start: locked candidates first, then repeatedly the candidate with the largest gain / cost in
// RSRP-covered demand (ties: lowest index) that fits the budget and whose group is free, until the goal is met
// (MinCost: RSRP-covered fraction >= target), the budget is spent or nothing adds coverage. `lazy` keeps gains in
// a priority queue of upper bounds (valid since coverage is submodular) and gives the same picks as plain greedy.
struct GreedyResult {
  std::vector<std::size_t> picks;  // in pick order, locked candidates first
  double covered_weight = 0;       // RSRP-covered demand
  std::size_t gain_evaluations = 0;
};
GreedyResult greedy_select(const PlanProblem& p, const std::vector<std::vector<std::uint32_t>>& coverage,
                           const PlanGoal& goal, bool lazy);

// Score of a plan (higher is better): MaxCoverage: served fraction f; MinCost: -cost / mean candidate cost -
// shortfall_penalty x max(0, target - f).
double plan_score(const PlanGoal& goal, double served_fraction, double cost, double mean_cost);

// The scenario of a finished plan, re-runnable by `tarang coverage`: `base` (radio, propagation, grid, targets...)
// with its sites replaced by the selected candidates' sites, candidate_sites[i] being candidate i's site.
Scenario planned_scenario(const Scenario& base, const std::vector<SiteSpec>& candidate_sites, const PlanResult& plan);

// Greedy start, then annealing on the full objective, then a prune pass (drops that keep the plan at least as good);
// the best plan seen is returned (MinCost: feasible plans first, then lower cost). Throws std::invalid_argument for
// an inconsistent problem (sector rows out of range, cost <= 0, negative demand).
PlanResult plan_sites(const PlanProblem& p, const PlanGoal& goal, const SearchOptions& options);

}  // namespace tarang

// PlanResult: what a site selection run produced (plan, figures, bound, trajectory). Header-only plain data, written
// by io/plan_h5 as the /plan group of a result file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/plan_spec.h"

namespace tarang {

// One point of the search: `objective` is the score of the current plan, `best_objective` the best score so far.
struct PlanTrajectoryPoint {
  std::int64_t iteration = 0;  // counts greedy picks, then search moves, then prune trials
  int phase = 0;               // 0 greedy, 1 local search / annealing, 2 prune
  double objective = 0;
  double best_objective = 0;
  double served_fraction = 0;  // of the current plan
  std::size_t sites = 0;
  double cost = 0;
};

// A candidate as recorded in the result.
struct PlanCandidateRecord {
  std::string id;
  std::string group;  // candidates sharing a group are alternative configurations of one site
  double cost = 0;
  bool locked = false;    // existing site, always selected
  bool selected = false;
};

struct PlanResult {
  PlanObjective objective = PlanObjective::MinCost;
  double target_fraction = 0;  // MinCost: served demand fraction to reach; MaxCoverage: 0 or a fraction to report
  std::size_t max_sites = std::numeric_limits<std::size_t>::max();
  double max_cost = std::numeric_limits<double>::infinity();

  std::vector<PlanCandidateRecord> candidates;
  std::vector<std::size_t> selected;  // candidate indices, ascending
  double cost = 0;

  // Figures of the final plan (planner's sparse model).
  double objective_value = 0;          // score (see site_selection.h)
  double covered_fraction = 0;         // cells with RSRP and SINR at target
  double served_fraction = 0;          // served demand fraction (capacity applied when enabled)
  double rsrp_covered_fraction = 0;    // demand within RSRP target of some selected candidate (MILP criterion)
  double throughput_p5_mbps = 0;
  std::size_t overloaded_sectors = 0;
  bool target_met = true;

  // Bound from the set-cover MILP (RSRP-only criterion): a lower bound on cost (MinCost) or an upper bound on the
  // RSRP-covered fraction (MaxCoverage). gap = (cost - bound) / cost, or (bound - rsrp_covered) / bound; NaN if none.
  double bound = std::numeric_limits<double>::quiet_NaN();
  double gap = std::numeric_limits<double>::quiet_NaN();
  std::string bound_source = "none";  // "none", "lp-relaxation", "milp-best-bound", "milp-optimal"

  std::uint64_t seed = 0;
  double runtime_s = 0;
  std::int64_t iterations = 0;  // search moves made
  std::string stop_reason;      // "iterations", "time-limit", "no-moves"
  std::vector<PlanTrajectoryPoint> trajectory;
};

}  // namespace tarang

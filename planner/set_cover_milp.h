// The coverage-only set-cover MILP of a site selection problem, solved with COIN-OR CBC (LP bound with CLP): an
// exact optimum for small instances, a proven bound for large ones, so a plan can state "N sites, bound M, gap G %".
//
// Coverage criterion per cell: the candidate alone gives RSRP >= the target there (candidate_rsrp_coverage). SINR
// and capacity are NOT in the MILP: the plan's real coverage (RSRP and SINR) is never above the RSRP-only coverage
// of the same sites, so the MILP's minimum cost is a lower bound for the full problem (MinCost) and its maximum
// covered fraction an upper bound (MaxCoverage).
//
// Model (cells with identical sets of covering candidates are merged into one class of summed weight W_g, weights
// as fractions of the total demand; locked candidates are fixed in, and the cells they cover dropped):
//   MinCost:      min sum cost_i x_i  s.t.  sum_g W_g y_g >= target - W_locked,  y_g <= sum_{i covers g} x_i
//                 (target 1: every coverable class must be covered, sum_{i covers g} x_i >= 1, no y)
//   MaxCoverage:  max sum_g W_g y_g   s.t.  y_g <= sum_{i covers g} x_i
//   both:         sum_{i in site group} x_i <= 1, sum x_i <= max_sites - locked, sum cost_i x_i <= max_cost - locked
//   x_i binary, 0 <= y_g <= 1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "planner/plan_result.h"
#include "planner/site_selection.h"

namespace tarang {

struct SetCoverOptions {
  double time_limit_s = 60;         // LP relaxation and branch and bound together
  bool solve_integer = true;        // false: the LP relaxation bound only
  std::vector<std::size_t> start;   // a known plan (candidate indices) given to CBC as a MIP start
};

enum class SetCoverStatus {
  Optimal,     // the incumbent is proven optimal (bound == objective)
  Feasible,    // stopped at the time limit with an incumbent and a bound
  NoSolution,  // stopped without an incumbent (bound only)
  Infeasible,  // no selection meets the target within the budget
  LpOnly,      // solve_integer was false
};

struct SetCoverSolution {
  SetCoverStatus status = SetCoverStatus::NoSolution;
  std::vector<std::size_t> selected;  // incumbent, locked candidates included, ascending
  double objective = std::numeric_limits<double>::quiet_NaN();  // incumbent: cost, or RSRP-covered fraction
  // Best proven bound: a lower bound on cost (MinCost; rounded up when every cost is a whole number) or an upper
  // bound on the RSRP-covered fraction (MaxCoverage). Locked candidates are included in both.
  double bound = std::numeric_limits<double>::quiet_NaN();
  double lp_bound = std::numeric_limits<double>::quiet_NaN();  // the LP relaxation's optimum, NaN if not reached
  std::string bound_source = "none";  // "lp-relaxation", "milp-best-bound", "milp-optimal"
  std::size_t cell_classes = 0, columns = 0, rows = 0;
  double runtime_s = 0;
};

// Builds and solves the MILP of `p` (coverage sets from candidate_rsrp_coverage) for `goal`.
SetCoverSolution solve_set_cover(const PlanProblem& p, const std::vector<std::vector<std::uint32_t>>& coverage,
                                 const PlanGoal& goal, const SetCoverOptions& options);

// Copies the bound into a plan and computes its gap: (cost - bound) / cost for MinCost, (bound - RSRP-covered
// fraction) / bound for MaxCoverage.
void apply_set_cover_bound(const SetCoverSolution& solution, PlanResult& plan);

}  // namespace tarang

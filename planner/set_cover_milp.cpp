// Set-cover MILP: cell classes, the column-major model, CLP for the LP bound and CBC for branch and bound. The one
// place that calls COIN-OR (its C interfaces), through the RAII owners below.
#include "planner/set_cover_milp.h"

#include <Cbc_C_Interface.h>
#include <Clp_C_Interface.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <unordered_map>

#include "core/error.h"
#include "planner/plan_search.h"

namespace tarang {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::max();  // COIN_DBL_MAX
constexpr double kTolerance = 1e-9;

struct CbcDeleter {
  void operator()(Cbc_Model* m) const { Cbc_deleteModel(m); }
};
struct ClpDeleter {
  void operator()(Clp_Simplex* m) const { Clp_deleteModel(m); }
};

// Cells merged by the set of candidates covering them (a flat list of column indices per class).
struct CellClasses {
  std::vector<double> weight;  // per class, as a fraction of the total demand
  std::vector<std::uint64_t> offsets{0};
  std::vector<std::uint32_t> columns;
  double locked_covered = 0;  // fraction covered by locked candidates
};

// The model in the column-major form both solvers load.
struct LinearModel {
  std::vector<CoinBigIndex> start{0};
  std::vector<int> index;
  std::vector<double> value, col_lower, col_upper, objective, row_lower, row_upper;
  std::vector<std::size_t> candidate_of_column;  // x columns first; y columns follow
  double sense = 1;  // 1 minimise, -1 maximise
  void add_column(double lower, double upper, double cost) {
    col_lower.push_back(lower), col_upper.push_back(upper), objective.push_back(cost);
    start.push_back(static_cast<CoinBigIndex>(index.size()));
  }
  int columns() const { return static_cast<int>(col_lower.size()); }
  int rows() const { return static_cast<int>(row_lower.size()); }
};

std::uint64_t hash_members(const std::uint32_t* first, std::size_t n) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (std::size_t i = 0; i < n; ++i) h = (h ^ first[i]) * 0x100000001b3ULL;
  return h;
}

CellClasses cell_classes(const PlanProblem& p, const std::vector<std::vector<std::uint32_t>>& coverage,
                         const std::vector<int>& column_of, const std::vector<std::uint8_t>& locked) {
  const std::size_t cells = p.gains->cell_count;
  std::vector<double> w(cells, 0.0);
  double total = 0;
  for (std::size_t c = 0; c < cells; ++c) {
    if (p.gains->computed[c]) w[c] = p.demand_mbps.empty() ? 1.0 : p.demand_mbps[c];
    total += w[c];
  }
  CellClasses out;
  if (total <= 0) return out;
  std::vector<std::uint8_t> locked_cover(cells, 0);
  for (std::size_t i = 0; i < coverage.size(); ++i) {
    if (!locked[i]) continue;
    for (std::uint32_t c : coverage[i]) locked_cover[c] = 1;
  }
  for (std::size_t c = 0; c < cells; ++c) out.locked_covered += locked_cover[c] ? w[c] / total : 0.0;
  // Per cell, the covering columns in ascending order (counting sort over candidates in order).
  std::vector<std::uint64_t> start(cells + 1, 0);
  for (std::size_t i = 0; i < coverage.size(); ++i) {
    if (column_of[i] < 0) continue;
    for (std::uint32_t c : coverage[i]) start[c + 1] += (!locked_cover[c] && w[c] > 0) ? 1 : 0;
  }
  for (std::size_t c = 0; c < cells; ++c) start[c + 1] += start[c];
  std::vector<std::uint32_t> members(start.back());
  std::vector<std::uint64_t> next(start.begin(), start.end() - 1);
  for (std::size_t i = 0; i < coverage.size(); ++i) {
    if (column_of[i] < 0) continue;
    for (std::uint32_t c : coverage[i]) {
      if (!locked_cover[c] && w[c] > 0) members[next[c]++] = static_cast<std::uint32_t>(column_of[i]);
    }
  }
  std::unordered_multimap<std::uint64_t, std::size_t> by_hash;
  for (std::size_t c = 0; c < cells; ++c) {
    const std::size_t n = start[c + 1] - start[c];
    if (n == 0) continue;
    const std::uint32_t* list = members.data() + start[c];
    const std::uint64_t h = hash_members(list, n);
    std::size_t found = out.weight.size();
    for (auto [it, end] = by_hash.equal_range(h); it != end; ++it) {
      const std::size_t g = it->second;
      if (out.offsets[g + 1] - out.offsets[g] == n && std::equal(list, list + n, out.columns.data() + out.offsets[g])) {
        found = g;
        break;
      }
    }
    if (found == out.weight.size()) {
      by_hash.emplace(h, found);
      out.weight.push_back(0.0);
      out.columns.insert(out.columns.end(), list, list + n);
      out.offsets.push_back(out.columns.size());
    }
    out.weight[found] += w[c] / total;
  }
  return out;
}

// Rows: [target] [one per class] [one per site group with several columns] [site budget] [cost budget].
LinearModel build_model(const PlanProblem& p, const PlanGoal& goal, const CellClasses& classes,
                        const std::vector<std::size_t>& eligible, const CandidateGroups& groups, double required,
                        bool must_cover, std::size_t locked_sites, double locked_cost) {
  LinearModel m;
  const bool min_cost = goal.objective == PlanObjective::MinCost;
  m.sense = min_cost ? 1.0 : -1.0;
  const bool with_y = !must_cover;
  auto add_row = [&](double lower, double upper) {
    m.row_lower.push_back(lower), m.row_upper.push_back(upper);
    return static_cast<int>(m.row_lower.size() - 1);
  };
  const int target_row = min_cost && with_y ? add_row(required, kInfinity) : -1;
  const int first_class_row = m.rows();
  for (std::size_t g = 0; g < classes.weight.size(); ++g) {
    if (must_cover) {
      add_row(1.0, kInfinity);
    } else {
      add_row(-kInfinity, 0.0);
    }
  }
  std::vector<int> group_row(groups.members.size(), -1), columns_in_group(groups.members.size(), 0);
  for (std::size_t i : eligible) ++columns_in_group[groups.group_of[i]];
  for (std::size_t g = 0; g < groups.members.size(); ++g) {
    if (columns_in_group[g] > 1) group_row[g] = add_row(-kInfinity, 1.0);
  }
  const int sites_row = goal.max_sites != std::numeric_limits<std::size_t>::max()
                            ? add_row(-kInfinity, static_cast<double>(goal.max_sites) - static_cast<double>(locked_sites))
                            : -1;
  const int cost_row = std::isfinite(goal.max_cost) ? add_row(-kInfinity, goal.max_cost - locked_cost) : -1;

  // The classes each column appears in, ascending.
  std::vector<std::vector<int>> classes_of(eligible.size());
  for (std::size_t g = 0; g < classes.weight.size(); ++g) {
    for (std::uint64_t k = classes.offsets[g]; k < classes.offsets[g + 1]; ++k) {
      classes_of[classes.columns[k]].push_back(static_cast<int>(g));
    }
  }
  auto entry = [&](int row, double coefficient) { m.index.push_back(row), m.value.push_back(coefficient); };
  for (std::size_t col = 0; col < eligible.size(); ++col) {
    const Candidate& c = p.candidates[eligible[col]];
    for (int g : classes_of[col]) entry(first_class_row + g, must_cover ? 1.0 : -1.0);
    if (group_row[groups.group_of[eligible[col]]] >= 0) entry(group_row[groups.group_of[eligible[col]]], 1.0);
    if (sites_row >= 0) entry(sites_row, 1.0);
    if (cost_row >= 0) entry(cost_row, c.cost);
    m.add_column(0.0, 1.0, min_cost ? c.cost : 0.0);
    m.candidate_of_column.push_back(eligible[col]);
  }
  for (std::size_t g = 0; with_y && g < classes.weight.size(); ++g) {
    if (target_row >= 0) entry(target_row, classes.weight[g]);
    entry(first_class_row + static_cast<int>(g), 1.0);
    m.add_column(0.0, 1.0, min_cost ? 0.0 : classes.weight[g]);
  }
  return m;
}

// The LP relaxation's optimal objective with CLP, or NaN when it is not reached within the time limit.
double lp_relaxation(const LinearModel& m, double time_limit_s) {
  std::unique_ptr<Clp_Simplex, ClpDeleter> clp(Clp_newModel());
  if (!clp) throw RuntimeFailure("CLP: cannot create a model");
  Clp_setLogLevel(clp.get(), 0);
  Clp_loadProblem(clp.get(), m.columns(), m.rows(), m.start.data(), m.index.data(), m.value.data(), m.col_lower.data(),
                  m.col_upper.data(), m.objective.data(), m.row_lower.data(), m.row_upper.data());
  Clp_setOptimizationDirection(clp.get(), m.sense);
  Clp_setMaximumSeconds(clp.get(), time_limit_s);
  Clp_initialSolve(clp.get());
  return Clp_isProvenOptimal(clp.get()) ? Clp_objectiveValue(clp.get()) : std::numeric_limits<double>::quiet_NaN();
}

bool whole_costs(const PlanProblem& p) {
  for (const Candidate& c : p.candidates) {
    if (c.cost != std::floor(c.cost)) return false;
  }
  return true;
}

}  // namespace

SetCoverSolution solve_set_cover(const PlanProblem& p, const std::vector<std::vector<std::uint32_t>>& coverage,
                                 const PlanGoal& goal, const SetCoverOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  auto elapsed_s = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  const bool min_cost = goal.objective == PlanObjective::MinCost;
  const CandidateGroups groups = candidate_groups(p.candidates);
  const std::size_t n = p.candidates.size();

  // Locked candidates are in; the other members of their groups are out.
  std::vector<std::uint8_t> locked(n, 0), group_locked(groups.members.size(), 0);
  std::size_t locked_sites = 0;
  double locked_cost = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!p.candidates[i].locked) continue;
    locked[i] = 1, group_locked[groups.group_of[i]] = 1, ++locked_sites, locked_cost += p.candidates[i].cost;
  }
  std::vector<int> column_of(n, -1);
  std::vector<std::size_t> eligible;
  for (std::size_t i = 0; i < n; ++i) {
    if (locked[i] || group_locked[groups.group_of[i]]) continue;
    column_of[i] = static_cast<int>(eligible.size());
    eligible.push_back(i);
  }
  const CellClasses classes = cell_classes(p, coverage, column_of, locked);

  SetCoverSolution s;
  s.cell_classes = classes.weight.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (locked[i]) s.selected.push_back(i);
  }
  auto finish_trivial = [&](SetCoverStatus status, double value) {
    s.status = status;
    if (status == SetCoverStatus::Optimal) s.objective = s.bound = value, s.bound_source = "milp-optimal";
    if (status != SetCoverStatus::Optimal) s.selected.clear();
    s.runtime_s = elapsed_s();
    return s;
  };
  double coverable = 0;
  for (double w : classes.weight) coverable += w;
  const double required = goal.target_fraction - classes.locked_covered;
  if (min_cost && required <= kTolerance) return finish_trivial(SetCoverStatus::Optimal, locked_cost);
  if (min_cost && required > coverable + kTolerance) return finish_trivial(SetCoverStatus::Infeasible, 0);
  if (locked_sites > goal.max_sites || locked_cost > goal.max_cost + kTolerance) {
    return finish_trivial(SetCoverStatus::Infeasible, 0);
  }
  if (!min_cost && classes.weight.empty()) return finish_trivial(SetCoverStatus::Optimal, classes.locked_covered);

  const bool must_cover = min_cost && required >= coverable - kTolerance;
  const LinearModel model = build_model(p, goal, classes, eligible, groups, required, must_cover, locked_sites, locked_cost);
  s.columns = static_cast<std::size_t>(model.columns());
  s.rows = static_cast<std::size_t>(model.rows());
  const double constant = min_cost ? locked_cost : classes.locked_covered;
  const bool round_up = min_cost && whole_costs(p);
  auto tighter = [&](double a, double b) {  // the better of two bounds, NaN-aware
    if (std::isnan(a)) return b;
    if (std::isnan(b)) return a;
    return min_cost ? std::max(a, b) : std::min(a, b);
  };
  auto finish_bound = [&](double raw) { return round_up ? std::ceil(raw + constant - 1e-6) : raw + constant; };

  const double lp = lp_relaxation(model, options.time_limit_s);
  if (!std::isnan(lp)) s.lp_bound = lp + constant, s.bound = finish_bound(lp), s.bound_source = "lp-relaxation";
  const double remaining_s = options.time_limit_s - elapsed_s();
  if (!options.solve_integer || remaining_s <= 0) {
    s.status = options.solve_integer ? SetCoverStatus::NoSolution : SetCoverStatus::LpOnly;
    s.selected.clear();
    s.runtime_s = elapsed_s();
    return s;
  }

  std::unique_ptr<Cbc_Model, CbcDeleter> cbc(Cbc_newModel());
  if (!cbc) throw RuntimeFailure("CBC: cannot create a model");
  Cbc_loadProblem(cbc.get(), model.columns(), model.rows(), model.start.data(), model.index.data(), model.value.data(),
                  model.col_lower.data(), model.col_upper.data(), model.objective.data(), model.row_lower.data(),
                  model.row_upper.data());
  Cbc_setObjSense(cbc.get(), model.sense);
  for (std::size_t col = 0; col < eligible.size(); ++col) Cbc_setInteger(cbc.get(), static_cast<int>(col));
  Cbc_setLogLevel(cbc.get(), 0);
  Cbc_setMaximumSeconds(cbc.get(), remaining_s);
  if (!options.start.empty()) {
    std::vector<int> columns;
    std::vector<double> values;
    std::vector<std::uint8_t> in_start(n, 0);
    for (std::size_t i : options.start) in_start.at(i) = 1;
    for (std::size_t col = 0; col < eligible.size(); ++col) {
      columns.push_back(static_cast<int>(col));
      values.push_back(in_start[eligible[col]] ? 1.0 : 0.0);
    }
    Cbc_setMIPStartI(cbc.get(), static_cast<int>(columns.size()), columns.data(), values.data());
  }
  const int status = Cbc_solve(cbc.get());
  if (status == 2 || Cbc_isAbandoned(cbc.get())) throw RuntimeFailure("CBC: the solve was abandoned (numerical trouble)");
  if (Cbc_isProvenInfeasible(cbc.get())) {
    s.status = SetCoverStatus::Infeasible;
    s.selected.clear();
    s.runtime_s = elapsed_s();
    return s;
  }
  const double best_possible = Cbc_getBestPossibleObjValue(cbc.get());
  if (std::isfinite(best_possible) && std::fabs(best_possible) < 1e50) {
    const double cbc_bound = finish_bound(best_possible);
    if (std::isnan(s.bound) || tighter(s.bound, cbc_bound) != s.bound) s.bound = cbc_bound, s.bound_source = "milp-best-bound";
  }
  const double* solution = Cbc_bestSolution(cbc.get());
  if (solution == nullptr) {
    s.status = SetCoverStatus::NoSolution;
    s.selected.clear();
  } else {
    for (std::size_t col = 0; col < eligible.size(); ++col) {
      if (solution[col] > 0.5) s.selected.push_back(eligible[col]);
    }
    std::sort(s.selected.begin(), s.selected.end());
    s.objective = Cbc_getObjValue(cbc.get()) + constant;
    const bool proven = Cbc_isProvenOptimal(cbc.get()) != 0;
    s.status = proven ? SetCoverStatus::Optimal : SetCoverStatus::Feasible;
    if (proven) s.bound = round_up ? std::round(s.objective) : s.objective, s.bound_source = "milp-optimal";
  }
  s.runtime_s = elapsed_s();
  return s;
}

void apply_set_cover_bound(const SetCoverSolution& solution, PlanResult& plan) {
  plan.bound = solution.bound;
  plan.bound_source = std::isnan(solution.bound) ? "none" : solution.bound_source;
  if (std::isnan(solution.bound)) {
    plan.gap = std::numeric_limits<double>::quiet_NaN();
  } else if (plan.objective == PlanObjective::MinCost) {
    plan.gap = plan.cost > 0 ? (plan.cost - solution.bound) / plan.cost : 0.0;
  } else {
    plan.gap = solution.bound > 0 ? (solution.bound - plan.rsrp_covered_fraction) / solution.bound : 0.0;
  }
}

}  // namespace tarang

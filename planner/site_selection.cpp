// Site selection: RSRP coverage sets, plain and lazy greedy, and the orchestration of search and prune.
#include "planner/site_selection.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <queue>
#include <stdexcept>

#include "core/parallel_for.h"
#include "planner/plan_search.h"
#include "propagation/link_budget.h"

namespace tarang {
namespace {

// Demand weight of each cell: the given demand on computed cells, or 1 per computed cell.
std::vector<double> cell_weights(const PlanProblem& p) {
  std::vector<double> w(p.gains->cell_count, 0.0);
  for (std::size_t c = 0; c < w.size(); ++c) {
    if (p.gains->computed[c]) w[c] = p.demand_mbps.empty() ? 1.0 : p.demand_mbps[c];
  }
  return w;
}

void validate(const PlanProblem& p) {
  if (p.gains == nullptr || p.columns == nullptr) throw std::invalid_argument("plan: gain matrix missing");
  if (p.budget.power_dbm.size() != p.gains->sector_count()) {
    throw std::invalid_argument("plan: the link budget has another number of sectors than the gain matrix");
  }
  for (const Candidate& c : p.candidates) {
    if (!c.locked && !(c.cost > 0)) throw std::invalid_argument("plan: candidate " + c.id + " has a cost <= 0");
    for (std::uint32_t s : c.sectors) {
      if (s >= p.gains->sector_count()) throw std::invalid_argument("plan: candidate " + c.id + " names a missing sector");
    }
  }
  if (!p.demand_mbps.empty() && p.demand_mbps.size() != p.gains->cell_count) {
    throw std::invalid_argument("plan: demand map size differs from the grid");
  }
  for (float d : p.demand_mbps) {
    if (!(d >= 0)) throw std::invalid_argument("plan: demand must be >= 0 everywhere");
  }
}

}  // namespace

CandidateGroups candidate_groups(const std::vector<Candidate>& candidates) {
  CandidateGroups g;
  std::map<std::string, std::size_t> index;  // group name -> group, numbered in order of first appearance
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const std::string& name = candidates[i].group.empty() ? candidates[i].id : candidates[i].group;
    const auto [it, inserted] = index.emplace(name, g.members.size());
    if (inserted) g.members.emplace_back();
    g.group_of.push_back(it->second);
    g.members[it->second].push_back(i);
  }
  return g;
}

std::vector<std::vector<std::uint32_t>> candidate_rsrp_coverage(const PlanProblem& p) {
  std::vector<std::vector<std::uint32_t>> coverage(p.candidates.size());
  std::vector<double> offset_db;
  for (double power_dbm : p.budget.power_dbm) offset_db.push_back(rsrp_per_re_dbm(power_dbm, p.budget.n_rb, 0.0));
  parallel_for(p.candidates.size(), [&](std::size_t i) {
    std::vector<std::uint32_t>& cells = coverage[i];
    for (std::uint32_t s : p.candidates[i].sectors) {
      p.gains->for_each_entry(s, [&](std::size_t c, float g) {
        if (p.gains->computed[c] && g + offset_db[s] >= p.targets.rsrp_dbm) cells.push_back(static_cast<std::uint32_t>(c));
      });
    }
    std::sort(cells.begin(), cells.end());
    cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
  });
  return coverage;
}

GreedyResult greedy_select(const PlanProblem& p, const std::vector<std::vector<std::uint32_t>>& coverage,
                           const PlanGoal& goal, bool lazy) {
  validate(p);
  const std::vector<double> w = cell_weights(p);
  double total = 0;
  for (double x : w) total += x;
  const CandidateGroups groups = candidate_groups(p.candidates);
  const std::size_t n = p.candidates.size();
  std::vector<std::uint8_t> covered(w.size(), 0), selected(n, 0), group_taken(groups.members.size(), 0);
  GreedyResult r;
  double cost = 0;

  auto select = [&](std::size_t i) {
    r.picks.push_back(i);
    selected[i] = 1, group_taken[groups.group_of[i]] = 1;
    cost += p.candidates[i].cost;
    for (std::uint32_t c : coverage[i]) {
      if (!covered[c]) covered[c] = 1, r.covered_weight += w[c];
    }
  };
  auto done = [&] {
    return (goal.objective == PlanObjective::MinCost && r.covered_weight >= goal.target_fraction * total) ||
           r.picks.size() >= goal.max_sites;
  };
  // Ineligibility is permanent: groups stay taken and the spent cost only grows.
  auto eligible = [&](std::size_t i) {
    return !selected[i] && !group_taken[groups.group_of[i]] && cost + p.candidates[i].cost <= goal.max_cost;
  };
  // Gain per unit cost; the sum runs in ascending cell order, so equal states give bit-identical values.
  auto ratio = [&](std::size_t i) {
    ++r.gain_evaluations;
    double gain = 0;
    for (std::uint32_t c : coverage[i]) gain += covered[c] ? 0.0 : w[c];
    return gain / p.candidates[i].cost;
  };

  for (std::size_t i = 0; i < n; ++i) {
    if (p.candidates[i].locked) select(i);
  }
  if (!lazy) {
    while (!done()) {
      std::size_t best = n;
      double best_ratio = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (!eligible(i)) continue;
        const double x = ratio(i);
        if (x > best_ratio) best = i, best_ratio = x;
      }
      if (best == n) break;
      select(best);
    }
    return r;
  }

  // Lazy: entries hold upper bounds (gains computed at an earlier round); an entry computed this round on top of
  // the queue beats every other bound, so it is the plain greedy's pick (ties: lower index first in the queue).
  struct Entry {
    double ratio;
    std::size_t index;
  };
  auto lower_priority = [](const Entry& a, const Entry& b) {
    return a.ratio < b.ratio || (a.ratio == b.ratio && a.index > b.index);
  };
  std::priority_queue<Entry, std::vector<Entry>, decltype(lower_priority)> queue(lower_priority);
  std::vector<std::size_t> round_of(n, 0);
  std::size_t round = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (eligible(i)) queue.push({ratio(i), i});
  }
  while (!done()) {
    std::size_t chosen = n;
    while (!queue.empty()) {
      const Entry top = queue.top();
      queue.pop();
      if (!eligible(top.index)) continue;
      if (round_of[top.index] == round) {
        if (top.ratio > 0) chosen = top.index;
        break;
      }
      round_of[top.index] = round;
      queue.push({ratio(top.index), top.index});
    }
    if (chosen == n) break;
    select(chosen);
    ++round;
  }
  return r;
}

double plan_score(const PlanGoal& goal, double served_fraction, double cost, double mean_cost) {
  if (goal.objective == PlanObjective::MaxCoverage) return served_fraction;
  return -cost / mean_cost - goal.shortfall_penalty * std::max(0.0, goal.target_fraction - served_fraction);
}

Scenario planned_scenario(const Scenario& base, const std::vector<SiteSpec>& candidate_sites, const PlanResult& plan) {
  Scenario s = base;
  s.sites.clear();
  for (std::size_t i : plan.selected) s.sites.push_back(candidate_sites.at(i));
  s.yaml_text.clear();
  s.source_path.clear();
  return s;
}

PlanResult plan_sites(const PlanProblem& p, const PlanGoal& goal, const SearchOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  validate(p);
  const std::vector<std::vector<std::uint32_t>> coverage = candidate_rsrp_coverage(p);
  const GreedyResult greedy = greedy_select(p, coverage, goal, options.lazy_greedy);
  const std::vector<double> w = cell_weights(p);
  double total = 0;
  for (double x : w) total += x;

  PlanGoal search_goal = goal;
  if (search_goal.shortfall_penalty <= 0) {
    double sum = 0;
    std::size_t counted = 0;
    for (std::size_t i = 0; i < coverage.size(); ++i) {
      if (p.candidates[i].locked) continue;
      for (std::uint32_t c : coverage[i]) sum += w[c];
      ++counted;
    }
    const double mean_fraction = counted > 0 && total > 0 ? sum / static_cast<double>(counted) / total : 1.0;
    search_goal.shortfall_penalty = 10.0 / std::max(mean_fraction, 1e-9);
  }
  PlanSearch search(p, search_goal, options, start);
  search.run_greedy_phase(greedy.picks);
  search.run_annealing();
  search.run_prune();
  search.run_p5_repair();

  PlanResult r = search.result();
  // The RSRP-only coverage of the final plan, the criterion the MILP bound is about.
  std::vector<std::uint8_t> covered(w.size(), 0);
  double covered_weight = 0;
  for (std::size_t i : r.selected) {
    for (std::uint32_t c : coverage[i]) {
      if (!covered[c]) covered[c] = 1, covered_weight += w[c];
    }
  }
  r.rsrp_covered_fraction = total > 0 ? covered_weight / total : 0.0;
  r.runtime_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace tarang

// The search phases of plan_sites: greedy replay, simulated annealing with add/drop/swap/reconfigure moves, prune.
#include "planner/plan_search.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tarang {
namespace {

constexpr double kFractionTolerance = 1e-12;  // incremental sums drift by ~1e-16 per move
constexpr double kFinalTemperatureRatio = 1e-3;  // geometric cooling from T0 to T0 x this over max_iterations

double unit_interval(std::uint64_t draw) { return static_cast<double>(draw >> 11) * 0x1.0p-53; }

// The `count` nearest candidates of every candidate (squared distance, ties by index) that are not locked and not
// alternative configurations of the same site.
std::vector<std::vector<std::size_t>> nearest_candidates(const std::vector<Candidate>& candidates,
                                                         const CandidateGroups& groups, int count) {
  std::vector<std::vector<std::size_t>> out(candidates.size());
  std::vector<std::pair<double, std::size_t>> by_distance;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    by_distance.clear();
    for (std::size_t j = 0; j < candidates.size(); ++j) {
      if (candidates[j].locked || groups.group_of[j] == groups.group_of[i]) continue;
      const double dx = candidates[j].x_m - candidates[i].x_m, dy = candidates[j].y_m - candidates[i].y_m;
      by_distance.emplace_back(dx * dx + dy * dy, j);
    }
    const std::size_t keep = std::min(by_distance.size(), static_cast<std::size_t>(std::max(count, 0)));
    std::partial_sort(by_distance.begin(), by_distance.begin() + static_cast<std::ptrdiff_t>(keep), by_distance.end());
    for (std::size_t k = 0; k < keep; ++k) out[i].push_back(by_distance[k].second);
  }
  return out;
}

}  // namespace

void PlanSearch::IndexedSet::insert(std::size_t i) {
  if (contains(i)) return;
  position[i] = items.size();
  items.push_back(i);
}

void PlanSearch::IndexedSet::erase(std::size_t i) {
  if (!contains(i)) return;
  const std::size_t at = position[i], last = items.back();
  items[at] = last, position[last] = at;
  items.pop_back();
  position[i] = npos;
}

PlanSearch::PlanSearch(const PlanProblem& p, const PlanGoal& goal, const SearchOptions& options,
                       std::chrono::steady_clock::time_point start)
    : p_(p),
      goal_(goal),
      options_(options),
      start_(start),
      groups_(candidate_groups(p.candidates)),
      neighbours_(nearest_candidates(p.candidates, groups_, options.neighbours)),
      state_(*p.gains, *p.columns, p.budget, p.targets, p.demand_mbps, p.capacity) {
  const std::size_t n = p.candidates.size();
  double sum = 0;
  std::size_t free_candidates = 0;
  for (const Candidate& c : p.candidates) {
    if (!c.locked) sum += c.cost, ++free_candidates;
  }
  mean_cost_ = free_candidates > 0 ? sum / static_cast<double>(free_candidates) : 1.0;
  for (const auto& members : groups_.members) any_alternatives_ = any_alternatives_ || members.size() > 1;
  selected_.assign(n, 0);
  droppable_.reset(n);
  free_.reset(n);
  for (std::size_t i = 0; i < n; ++i) free_.insert(i);
}

void PlanSearch::select(std::size_t i) {
  for (std::uint32_t s : p_.candidates[i].sectors) state_.add_sector(s);
  mark(i);
}

void PlanSearch::drop(std::size_t i) {
  for (std::uint32_t s : p_.candidates[i].sectors) state_.remove_sector(s);
  unmark(i);
}

void PlanSearch::mark(std::size_t i) {
  selected_[i] = 1;
  ++sites_;
  const std::size_t g = groups_.group_of[i];
  for (std::size_t m : groups_.members[g]) free_.erase(m);
  if (!p_.candidates[i].locked) droppable_.insert(i);
}

void PlanSearch::unmark(std::size_t i) {
  selected_[i] = 0;
  --sites_;
  const std::size_t g = groups_.group_of[i];
  for (std::size_t m : groups_.members[g]) free_.insert(m);
  droppable_.erase(i);
}

double PlanSearch::cost() const {
  double sum = 0;
  for (std::size_t i = 0; i < selected_.size(); ++i) sum += selected_[i] ? p_.candidates[i].cost : 0.0;
  return sum;
}

double PlanSearch::score() const { return plan_score(goal_, state_.served_demand_fraction(), cost(), mean_cost_); }

bool PlanSearch::feasible(double served_fraction) const {
  return served_fraction >= goal_.target_fraction - kFractionTolerance;
}

bool PlanSearch::meets_p5() const {
  return goal_.min_throughput_p5_mbps <= 0 || state_.summary().throughput_p5_mbps >= goal_.min_throughput_p5_mbps;
}

bool PlanSearch::feasible_now() const { return feasible(state_.served_demand_fraction()) && meets_p5(); }

bool PlanSearch::better(double served_a, double cost_a, bool feasible_a, double served_b, double cost_b,
                        bool feasible_b) const {
  const bool more = served_a > served_b + kFractionTolerance;
  const bool same = std::fabs(served_a - served_b) <= kFractionTolerance;
  if (goal_.objective == PlanObjective::MaxCoverage) return more || (same && cost_a < cost_b);
  if (feasible_a != feasible_b) return feasible_a;
  if (feasible_a) return cost_a < cost_b || (cost_a == cost_b && more);
  return more || (same && cost_a < cost_b);
}

void PlanSearch::record(int phase, double score_now) {
  const double served = state_.served_demand_fraction(), plan_cost = cost();
  const bool now_feasible = goal_.objective == PlanObjective::MinCost && feasible_now();
  if (!have_best_ || better(served, plan_cost, now_feasible, best_served_, best_cost_, best_feasible_)) {
    have_best_ = true;
    best_selected_ = selected_;
    best_served_ = served, best_cost_ = plan_cost, best_score_ = score_now, best_feasible_ = now_feasible;
  }
  trajectory_.push_back({step_, phase, score_now, best_score_, served, sites_, plan_cost});
  if (options_.on_record) options_.on_record(trajectory_.back());
}

bool PlanSearch::out_of_time() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count() >= options_.time_limit_s;
}

void PlanSearch::run_greedy_phase(const std::vector<std::size_t>& picks) {
  record(0, score());
  for (std::size_t i : picks) {
    select(i);
    ++step_;
    record(0, score());
  }
}

PlanSearch::Move PlanSearch::propose(double u_move, std::uint64_t r1, std::uint64_t r2) const {
  constexpr std::size_t none = IndexedSet::npos;
  Move m;
  const double plan_cost = cost();
  auto fits = [&](const Move& move) {
    double c = plan_cost, sites = static_cast<double>(sites_);
    for (std::size_t i : {move.out, move.out2}) {
      if (i != none) c -= p_.candidates[i].cost, sites -= 1;
    }
    if (move.in != none) c += p_.candidates[move.in].cost, sites += 1;
    return c <= goal_.max_cost && sites <= static_cast<double>(goal_.max_sites);
  };
  if (u_move < 0.15) {  // add
    if (!free_.items.empty()) m.in = free_.items[r1 % free_.items.size()];
  } else if (u_move < 0.3) {  // drop
    if (!droppable_.items.empty()) m.out = droppable_.items[r1 % droppable_.items.size()];
  } else if (!droppable_.items.empty()) {
    const std::size_t o = droppable_.items[r1 % droppable_.items.size()];
    const auto& near = neighbours_[o];
    const auto& members = groups_.members[groups_.group_of[o]];
    if (u_move >= 0.9 && any_alternatives_) {  // reconfigure: another configuration of the same site
      if (members.size() > 1) {
        const auto at = static_cast<std::size_t>(std::find(members.begin(), members.end(), o) - members.begin());
        m.out = o, m.in = members[(at + 1 + r2 % (members.size() - 1)) % members.size()];
      }
    } else if (u_move >= 0.75) {  // merge: two nearby sites into the free candidate nearest their midpoint
      const std::size_t o2 = near.empty() ? none : near[r2 % near.size()];
      if (o2 != none && droppable_.contains(o2)) {
        const double mx = (p_.candidates[o].x_m + p_.candidates[o2].x_m) / 2;
        const double my = (p_.candidates[o].y_m + p_.candidates[o2].y_m) / 2;
        double best_d2 = std::numeric_limits<double>::infinity();
        for (const auto* list : {&near, &neighbours_[o2]}) {
          for (std::size_t j : *list) {
            if (!free_.contains(j)) continue;
            const double dx = p_.candidates[j].x_m - mx, dy = p_.candidates[j].y_m - my, d2 = dx * dx + dy * dy;
            if (d2 < best_d2 || (d2 == best_d2 && j < m.in)) best_d2 = d2, m.in = j;
          }
        }
        if (m.in != none) m.out = o, m.out2 = o2;
      }
    } else if (!near.empty()) {  // swap with a nearby free candidate
      const std::size_t j = near[r2 % near.size()];
      if (free_.contains(j)) m.out = o, m.in = j;
    }
  }
  if (!fits(m)) return Move{};
  return m;
}

void PlanSearch::apply(const Move& m) {
  constexpr std::size_t none = IndexedSet::npos;
  // Adding before removing keeps the cells' second strongest sector known (see CoverageState), and a sector shared
  // by both configurations only changes its reference count.
  if (m.in != none) {
    for (std::uint32_t s : p_.candidates[m.in].sectors) state_.add_sector(s);
  }
  for (std::size_t o : {m.out, m.out2}) {
    if (o == none) continue;
    for (std::uint32_t s : p_.candidates[o].sectors) state_.remove_sector(s);
    unmark(o);
  }
  if (m.in != none) mark(m.in);
}

void PlanSearch::undo(const Move& m) {
  constexpr std::size_t none = IndexedSet::npos;
  for (std::size_t o : {m.out, m.out2}) {
    if (o == none) continue;
    for (std::uint32_t s : p_.candidates[o].sectors) state_.add_sector(s);
  }
  if (m.in != none) {
    for (std::uint32_t s : p_.candidates[m.in].sectors) state_.remove_sector(s);
    unmark(m.in);
  }
  for (std::size_t o : {m.out, m.out2}) {
    if (o != none) mark(o);
  }
}

void PlanSearch::run_annealing() {
  const std::int64_t iterations = std::max<std::int64_t>(options_.max_iterations, 0);
  const double typical_change = goal_.objective == PlanObjective::MaxCoverage
                                    ? std::max(state_.served_demand_fraction(), 1e-6) / std::max<double>(sites_, 1)
                                    : 1.0;  // one average site
  const double t0 = options_.temperature_scale * typical_change;
  const std::int64_t stride = std::max<std::int64_t>(1, iterations / 1000);

  std::mt19937_64 rng(options_.seed);
  double current = score();
  for (std::int64_t it = 0; it < iterations; ++it) {
    if (out_of_time()) {
      stop_reason_ = "time-limit";
      break;
    }
    const double u_move = unit_interval(rng());
    const std::uint64_t r1 = rng(), r2 = rng();
    const double u_accept = unit_interval(rng());
    ++iterations_, ++step_;

    const Move move = propose(u_move, r1, r2);
    if (move.empty()) {
      if (it % stride == 0) record(1, current);
      continue;
    }
    apply(move);
    const double proposed = score();
    const double temperature = t0 * std::pow(kFinalTemperatureRatio, static_cast<double>(it) / iterations);
    const bool accept =
        proposed >= current || (temperature > 0 && u_accept < std::exp((proposed - current) / temperature));
    if (accept) {
      current = proposed;
    } else {
      undo(move);
    }
    const bool improved = accept && better(state_.served_demand_fraction(), cost(),
                                            goal_.objective == PlanObjective::MinCost && feasible_now(), best_served_,
                                            best_cost_, best_feasible_);
    if (improved || it % stride == 0) record(1, current);
  }

  // Return to the best plan seen: drops first, so that groups are free for the adds.
  for (std::size_t i = 0; i < selected_.size(); ++i) {
    if (selected_[i] && !best_selected_[i]) drop(i);
  }
  for (std::size_t i = 0; i < selected_.size(); ++i) {
    if (!selected_[i] && best_selected_[i]) select(i);
  }
}

void PlanSearch::run_prune() {
  for (std::size_t i = 0; i < selected_.size(); ++i) {
    if (!selected_[i] || p_.candidates[i].locked) continue;
    const double before = state_.served_demand_fraction();
    const bool before_feasible = goal_.objective == PlanObjective::MinCost && feasible_now();
    drop(i);
    const double after = state_.served_demand_fraction();
    const bool keep = goal_.objective == PlanObjective::MaxCoverage
                          ? after >= before - kFractionTolerance
                          : feasible_now() || (!before_feasible && after >= before - kFractionTolerance);
    if (!keep) select(i);
    ++step_;
    record(2, score());
  }
}

void PlanSearch::run_p5_repair() {
  if (goal_.min_throughput_p5_mbps <= 0 || meets_p5()) return;
  const std::size_t n = p_.candidates.size();
  while (!meets_p5() && !out_of_time()) {
    const double now_p5 = state_.summary().throughput_p5_mbps;
    std::size_t best = n;
    double best_p5 = now_p5;
    for (std::size_t i : std::vector<std::size_t>(free_.items.begin(), free_.items.end())) {
      if (cost() + p_.candidates[i].cost > goal_.max_cost || sites_ + 1 > goal_.max_sites) continue;
      select(i);
      const double p5 = state_.summary().throughput_p5_mbps;
      drop(i);
      if (p5 > best_p5 || (p5 == best_p5 && best != n && i < best)) best = i, best_p5 = p5;
    }
    if (best == n) break;  // nothing raises the 5th percentile
    select(best);
    ++step_;
    record(2, score());
  }
  if (feasible_now()) run_prune();
}

PlanResult PlanSearch::result() const {
  PlanResult r;
  r.objective = goal_.objective;
  r.target_fraction = goal_.target_fraction;
  r.max_sites = goal_.max_sites;
  r.max_cost = goal_.max_cost;
  for (std::size_t i = 0; i < p_.candidates.size(); ++i) {
    const Candidate& c = p_.candidates[i];
    r.candidates.push_back({c.id, c.group.empty() ? c.id : c.group, c.cost, c.locked, selected_[i] != 0});
    if (selected_[i]) r.selected.push_back(i);
  }
  r.cost = cost();
  const CoverageSummary summary = state_.summary();
  r.objective_value = plan_score(goal_, summary.served_demand_fraction, r.cost, mean_cost_);
  r.covered_fraction = summary.covered_fraction;
  r.served_fraction = summary.served_demand_fraction;
  r.throughput_p5_mbps = summary.throughput_p5_mbps;
  r.overloaded_sectors = summary.overloaded_sectors;
  r.target_met = feasible(summary.served_demand_fraction) &&
                 (goal_.min_throughput_p5_mbps <= 0 || summary.throughput_p5_mbps >= goal_.min_throughput_p5_mbps);
  r.seed = options_.seed;
  r.iterations = iterations_;
  r.stop_reason = stop_reason_;
  r.trajectory = trajectory_;
  return r;
}

}  // namespace tarang

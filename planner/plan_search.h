// PlanSearch: the selected set of a plan over an incremental CoverageState, and the search phases run on it
// (greedy start replay, simulated annealing / local search, prune). Used by plan_sites (site_selection.h).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "planner/coverage_state.h"
#include "planner/site_selection.h"

namespace tarang {

// Candidates grouped by site: group_of[i] is candidate i's group, numbered in order of first appearance.
struct CandidateGroups {
  std::vector<std::size_t> group_of;
  std::vector<std::vector<std::size_t>> members;  // ascending candidate indices
};
CandidateGroups candidate_groups(const std::vector<Candidate>& candidates);

class PlanSearch {
 public:
  PlanSearch(const PlanProblem& p, const PlanGoal& goal, const SearchOptions& options,
             std::chrono::steady_clock::time_point start);

  void run_greedy_phase(const std::vector<std::size_t>& picks);  // selects them in order, one trajectory point each
  void run_annealing();  // leaves the best plan seen selected
  void run_prune();      // drops, in ascending index, every candidate whose removal keeps the plan as good
  // While the 5th-percentile throughput is below goal.min_throughput_p5_mbps, adds the free candidate that raises it
  // most (each trial a full summary: O(free candidates x cells) per site added); stops when none raises it.
  void run_p5_repair();
  PlanResult result() const;

 private:
  // A set that supports O(1) insert, erase and drawing by position.
  struct IndexedSet {
    std::vector<std::size_t> items, position;  // position[i] = index in items, or npos
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    void reset(std::size_t n) { items.clear(), position.assign(n, npos); }
    bool contains(std::size_t i) const { return position[i] != npos; }
    void insert(std::size_t i);
    void erase(std::size_t i);
  };

  // A move of the search: drop `out` (and `out2`), select `in`; IndexedSet::npos where unused.
  struct Move {
    std::size_t in = IndexedSet::npos, out = IndexedSet::npos, out2 = IndexedSet::npos;
    bool empty() const { return in == IndexedSet::npos && out == IndexedSet::npos; }
  };
  // Proposals: 15 % add a free candidate, 15 % drop, 45 % swap with one of the nearest candidates, 15 % merge two
  // nearby sites into the free candidate nearest their midpoint, 10 % reconfigure (another configuration of the
  // same site; a swap when no site has alternatives). An impossible or over-budget proposal is empty.
  Move propose(double u_move, std::uint64_t r1, std::uint64_t r2) const;
  void apply(const Move& m);
  void undo(const Move& m);
  void select(std::size_t i);
  void drop(std::size_t i);
  void mark(std::size_t i);    // the bookkeeping of select(), without the coverage state
  void unmark(std::size_t i);  // the bookkeeping of drop()
  double cost() const;  // summed in candidate order, so equal sets give equal costs
  double score() const;
  bool feasible(double served_fraction) const;  // the served-demand target alone
  bool meets_p5() const;                        // the p5 throughput target (a full summary when one is set)
  bool feasible_now() const;                    // both targets, for the current plan
  // Plan a strictly better than plan b (feasible: both targets met).
  bool better(double served_a, double cost_a, bool feasible_a, double served_b, double cost_b, bool feasible_b) const;
  void record(int phase, double score_now);
  bool out_of_time() const;

  const PlanProblem& p_;
  PlanGoal goal_;
  SearchOptions options_;
  std::chrono::steady_clock::time_point start_;
  CandidateGroups groups_;
  std::vector<std::vector<std::size_t>> neighbours_;
  double mean_cost_ = 1;
  bool any_alternatives_ = false;  // some site has several configurations
  CoverageState state_;
  std::vector<std::uint8_t> selected_;
  std::size_t sites_ = 0;
  IndexedSet droppable_, free_;
  // Best plan seen and the record of the run.
  std::vector<std::uint8_t> best_selected_;
  double best_served_ = -1, best_cost_ = 0, best_score_ = 0;
  bool best_feasible_ = false;
  bool have_best_ = false;
  std::int64_t step_ = 0, iterations_ = 0;
  std::string stop_reason_ = "iterations";
  std::vector<PlanTrajectoryPoint> trajectory_;
};

}  // namespace tarang

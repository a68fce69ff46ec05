// run_plan: the whole `tarang plan` pipeline (candidates -> cached gain matrix -> site selection -> set-cover
// bound -> trade-off curve and ranked changes -> coverage of the final plan).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/coverage_result.h"
#include "core/scenario.h"
#include "planner/coverage_run.h"
#include "planner/plan_result.h"

namespace tarang {

struct PlanRunOptions {
  int threads = 0;
  bool show_progress = true;
  std::optional<std::size_t> max_sites;      // overrides plan.max_sites
  std::optional<std::uint64_t> seed;         // overrides plan.search.seed
  std::optional<double> time_limit_s;        // overrides plan.search.time_limit_s
  std::string gain_cache_path;               // "" = no cache
  std::function<void(const PlanTrajectoryPoint&)> on_record;  // search progress
};

// One point of the trade-off curve: the first `sites` greedy picks (existing sites included).
struct TradeoffPoint {
  std::size_t sites = 0;
  double cost = 0;
  double covered_fraction = 0;  // cells at RSRP and SINR target
  double served_fraction = 0;   // demand served (capacity applied when enabled)
  double throughput_p5_mbps = 0;
};

// A new site of the final plan with what it brings: the plan's figures drop by these amounts without it.
struct RankedChange {
  std::string candidate;  // id (position and configuration)
  double cost = 0;
  double covered_gain = 0, served_gain = 0;
};

struct PlanRun {
  PlanResult plan;
  Scenario planned;        // the scenario of the final plan (re-runnable with `tarang coverage`)
  CoverageResult coverage; // coverage of the final plan, computed as `tarang coverage` would
  CoverageRunLog log;
  std::vector<TradeoffPoint> tradeoff;
  std::vector<RankedChange> ranked;
  std::size_t candidates = 0, positions = 0, existing = 0, listed = 0, rooftops = 0, streets = 0, excluded = 0;
  std::size_t matrix_entries = 0;
  bool gain_cache_reused = false;
  std::string gain_cache_note;
  std::string matrix_engine;  // engine that computed the gain matrix ("" when it came from the cache)
  double gain_matrix_s = 0, search_s = 0, bound_s = 0;
};

// Plans `s` (which must have a plan: section). Throws InputError for bad inputs (no candidates, candidate outside
// the grid, unreadable demand raster...). An unreachable target is not an error: plan.target_met is false.
PlanRun run_plan(const Scenario& s, const PlanRunOptions& options);

}  // namespace tarang

// run_plan: the whole `tarang plan` pipeline (candidates -> cached gain matrix -> site selection -> set-cover
// bound -> trade-off curve and ranked changes -> coverage of the final plan), and its stages for MPI runs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/coverage_result.h"
#include "core/scenario.h"
#include "core/raster_grid.h"
#include "planner/coverage_run.h"
#include "planner/gain_matrix.h"
#include "planner/plan_candidates.h"
#include "planner/plan_result.h"
#include "scene/scene_mesh.h"

namespace tarang {

struct PlanRunOptions {
  int threads = 0;
  bool show_progress = true;
  std::optional<std::size_t> max_sites;      // overrides plan.max_sites
  std::optional<std::uint64_t> seed;         // overrides plan.search.seed
  std::optional<double> time_limit_s;        // overrides plan.search.time_limit_s
  std::string gain_cache_path;               // "" = no cache
  std::function<void(const PlanTrajectoryPoint&)> on_record;  // search progress
  int matrix_threads = 0;                    // threads for the gain matrix (0 = `threads`; MPI ranks share cores)
  int gpu_device = 0;                        // CUDA device of the GPU engine (MPI ranks: local rank)
  std::string gain_checkpoint_path;          // positions' rows kept as they finish, resumed from; "" = none
  bool restart = false;                      // discard an existing checkpoint instead of resuming it
  int shard = 0, shard_count = 0;            // compute_plan_gain_matrix: only shard K of N of the positions
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
  std::size_t positions_resumed = 0;  // gain matrix units (positions) read from the checkpoint
  std::string gain_cache_note;
  std::string matrix_engine;  // engine that computed the gain matrix ("" when it came from the cache)
  double gain_matrix_s = 0, search_s = 0, bound_s = 0;
};

// What a plan needs before its gain matrix: the scenario resolved against its scene, the candidates, the demand, and
// in `run` the candidate counts and scene warnings. Not movable (the matrix engine refers to its members).
struct PlanSetup {
  Scenario resolved;
  SceneMesh mesh;
  RasterGrid grid;
  PlanCandidateSet set;
  Scenario matrix_scenario;        // `resolved` with the gain-matrix sites: one per candidate position
  std::vector<float> demand_mbps;  // per cell (empty: every cell counts the same)
  PlanRun run;
};

// The first stage of run_plan: loads and resolves the scene, makes the candidates and reads the demand. Throws
// InputError for bad inputs (no plan: section, no candidates, candidate outside the grid, unreadable demand raster).
std::unique_ptr<PlanSetup> prepare_plan(const Scenario& scenario);

// The key the gain matrix of `setup` is cached under (gain_matrix_input_key).
std::uint64_t plan_gain_matrix_key(const PlanSetup& setup);

// The gain matrix of the candidate positions, one work unit per position (all its configurations' sectors): all
// computed here, with progress inside the units, when `run_units` is empty; otherwise through run_units (MPI ranks),
// with progress as units are delivered. The matrix is the same either way (empty where no unit is delivered). Adds
// the engine and the warnings of the units computed here to setup.run.log. With options.gain_checkpoint_path (on
// the process that receives the units), positions stored there are read instead of computed (counted in
// setup.run.positions_resumed) and the others stored as they arrive; InputError when the checkpoint belongs to other
// inputs (unless options.restart). The checkpoint stays: remove it once the gains are safe (the cache written).
// With options.shard_count > 0 only the positions of that shard are computed (and checkpointed): the matrix returned
// is then partial, and the checkpoint is what counts (finish_gain_checkpoint_as_part).
SparseGainMatrix compute_plan_gain_matrix(PlanSetup& setup, const PlanRunOptions& options,
                                          const UnitRunner& run_units = {});

// The stages after the gain matrix: search, bound, trade-off curve, ranked changes, the final plan's scenario and
// coverage. setup.run's matrix fields (gain_cache_reused, gain_cache_note, gain_matrix_s) are kept.
PlanRun finish_plan(const Scenario& scenario, PlanSetup& setup, const SparseGainMatrix& gains,
                    const PlanRunOptions& options);

// Plans `s` (which must have a plan: section). Throws InputError for bad inputs (no candidates, candidate outside
// the grid, unreadable demand raster...). An unreachable target is not an error: plan.target_met is false.
PlanRun run_plan(const Scenario& s, const PlanRunOptions& options);

}  // namespace tarang

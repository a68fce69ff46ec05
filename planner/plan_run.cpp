// The `tarang plan` pipeline: candidates, gain matrix (cached), selection, bound, curve, ranking, final coverage.
#include "planner/plan_run.h"

#include <algorithm>
#include <iterator>
#include <chrono>
#include <cmath>
#include <filesystem>

#include "core/error.h"
#include "core/progress.h"
#include "io/gain_checkpoint_h5.h"
#include "io/scenario_yaml_writer.h"
#include "planner/best_server_maps.h"
#include "planner/coverage_state.h"
#include "planner/gain_matrix.h"
#include "planner/plan_candidates.h"
#include "planner/plan_gis_inputs.h"
#include "planner/scenario_scene.h"
#include "planner/set_cover_milp.h"
#include "planner/site_selection.h"

namespace tarang {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

void add_candidate(CoverageState& state, const Candidate& c) {
  for (std::uint32_t k : c.sectors) state.add_sector(k);
}
void remove_candidate(CoverageState& state, const Candidate& c) {
  for (std::uint32_t k : c.sectors) state.remove_sector(k);
}

// Sites vs coverage along the greedy order (RSRP coverage per unit cost), up to a few sites past the plan's size.
std::vector<TradeoffPoint> tradeoff_curve(const PlanProblem& p, const PlanGoal& goal, std::size_t plan_sites) {
  PlanGoal curve_goal = goal;
  curve_goal.objective = PlanObjective::MaxCoverage;
  curve_goal.max_sites = std::min(goal.max_sites, std::max<std::size_t>(plan_sites + 3, plan_sites * 3 / 2));
  const GreedyResult greedy = greedy_select(p, candidate_rsrp_coverage(p), curve_goal, true);
  CoverageState state(*p.gains, *p.columns, p.budget, p.targets, p.demand_mbps, p.capacity);
  std::vector<TradeoffPoint> curve;
  double cost = 0;
  for (std::size_t n = 0; n < greedy.picks.size(); ++n) {
    const Candidate& c = p.candidates[greedy.picks[n]];
    add_candidate(state, c);
    cost += c.cost;
    if (c.locked && n + 1 < greedy.picks.size() && p.candidates[greedy.picks[n + 1]].locked) continue;
    const CoverageSummary sum = state.summary();
    curve.push_back({n + 1, cost, sum.covered_fraction, sum.served_demand_fraction, sum.throughput_p5_mbps});
  }
  return curve;
}

// Every new site of the plan with the coverage it alone keeps (the drop when it is removed), best first.
std::vector<RankedChange> ranked_changes(const PlanProblem& p, const PlanResult& plan) {
  CoverageState state(*p.gains, *p.columns, p.budget, p.targets, p.demand_mbps, p.capacity);
  for (std::size_t i : plan.selected) add_candidate(state, p.candidates[i]);
  const CoverageSummary full = state.summary();
  std::vector<RankedChange> out;
  for (std::size_t i : plan.selected) {
    const Candidate& c = p.candidates[i];
    if (c.locked) continue;
    remove_candidate(state, c);
    const CoverageSummary without = state.summary();
    add_candidate(state, c);
    out.push_back({c.id, c.cost, full.covered_fraction - without.covered_fraction,
                   full.served_demand_fraction - without.served_demand_fraction});
  }
  std::stable_sort(out.begin(), out.end(), [](const RankedChange& a, const RankedChange& b) {
    return a.served_gain > b.served_gain || (a.served_gain == b.served_gain && a.covered_gain > b.covered_gain);
  });
  return out;
}

// Scenario file paths made absolute, so the plan YAML works from any folder.
void make_paths_absolute(Scenario& s) {
  auto absolute = [](std::string& path) {
    if (!path.empty()) path = std::filesystem::absolute(path).lexically_normal().string();
  };
  absolute(s.scene.mesh_path), absolute(s.scene.file_path), absolute(s.scene.buildings_path);
  absolute(s.scene.dem_path);
  for (SiteSpec& site : s.sites) {
    for (SectorSpec& sector : site.sectors) absolute(sector.antenna.msi_path);
  }
}

// Demand on cells that are not computed (inside buildings for the ray tracer) moves to the nearest computed cell
// within 10 cells (rings searched outwards, row-major within a ring), so indoor users count where they are served.
void move_demand_to_computed_cells(std::vector<float>& demand, const std::vector<std::uint8_t>& computed,
                                   const RasterGrid& grid) {
  for (int row = 0; row < grid.ny; ++row) {
    for (int col = 0; col < grid.nx; ++col) {
      const std::size_t c = static_cast<std::size_t>(row) * grid.nx + col;
      if (computed[c] || demand[c] == 0) continue;
      bool moved = false;
      for (int r = 1; r <= 10 && !moved; ++r) {
        for (int j = row - r; j <= row + r && !moved; ++j) {
          for (int i = col - r; i <= col + r && !moved; ++i) {
            if (std::max(std::abs(j - row), std::abs(i - col)) != r || j < 0 || i < 0 || j >= grid.ny || i >= grid.nx) {
              continue;
            }
            const std::size_t n = static_cast<std::size_t>(j) * grid.nx + i;
            if (computed[n]) demand[n] += demand[c], moved = true;
          }
        }
      }
      demand[c] = 0;
    }
  }
}

}  // namespace

std::unique_ptr<PlanSetup> prepare_plan(const Scenario& scenario) {
  if (!scenario.plan.enabled) {
    throw InputError(scenario.source_path, 0, "plan", "the scenario has no plan: section (see docs/scenario.md)");
  }
  auto setup = std::make_unique<PlanSetup>();
  PlanRun& run = setup->run;
  SceneBuildStats scene_stats;
  setup->resolved = resolve_scenario_scene(scenario, &setup->mesh, &scene_stats);
  const Scenario& s = setup->resolved;
  const SceneMesh& mesh = setup->mesh;
  run.log.scene_triangles = mesh.triangle_count();
  run.log.warnings = scene_stats.warnings;
  setup->grid = raster_grid_of(s.grid, s.scene.crs);
  const RasterGrid& grid = setup->grid;

  // Candidates (the rows of the gain matrix).
  setup->set = make_plan_candidates(s, mesh);
  const PlanCandidateSet& set = setup->set;
  run.candidates = set.candidates.size(), run.positions = set.matrix_sites.size();
  run.existing = set.existing, run.listed = set.listed, run.rooftops = set.rooftops, run.streets = set.streets;
  run.excluded = set.excluded;
  // The demand before the (long) gain matrix, so that a bad raster fails fast and leaves no cache behind.
  std::vector<float>& demand_mbps = setup->demand_mbps;
  if (!s.plan.demand_file.empty()) {
    demand_mbps = read_demand_users(s.plan.demand_file, grid);
    for (float& d : demand_mbps) d = static_cast<float>(d * s.plan.demand_mbps_per_user);
  } else if (s.plan.users_per_1000_m3 > 0) {
    const std::vector<double> volume_m3 = building_volume_per_cell(mesh, grid, s.grid.base_z_m);
    double total_m3 = 0;
    for (double v : volume_m3) total_m3 += v;
    if (!(total_m3 > 0)) {
      throw InputError(s.source_path, 0, "plan.demand.users_per_1000_m3", "the scene has no buildings on the grid");
    }
    for (double v : volume_m3) {
      demand_mbps.push_back(static_cast<float>(v / 1000 * s.plan.users_per_1000_m3 * s.plan.demand_mbps_per_user));
    }
  }
  setup->matrix_scenario = s;
  setup->matrix_scenario.sites = set.matrix_sites;
  return setup;
}

std::uint64_t plan_gain_matrix_key(const PlanSetup& setup) {
  return gain_matrix_input_key(setup.matrix_scenario, setup.grid, setup.resolved.plan.keep_rsrp_dbm);
}

SparseGainMatrix compute_plan_gain_matrix(PlanSetup& setup, const PlanRunOptions& options,
                                          const UnitRunner& run_units) {
  const Scenario& m = setup.matrix_scenario;
  GainMatrixOptions gm;
  gm.keep_rsrp_dbm = setup.resolved.plan.keep_rsrp_dbm;
  gm.threads = options.threads;
  CoverageRunOptions map_options{options.matrix_threads > 0 ? options.matrix_threads : options.threads, false};
  map_options.gpu_device = options.gpu_device;
  SiteGainMaps maps(m, setup.mesh, setup.grid, map_options);
  std::unique_ptr<GainCheckpoint> checkpoint;
  SparseUnitStore store;
  if (!options.gain_checkpoint_path.empty()) {
    GainUnitsHeader header{plan_gain_matrix_key(setup), setup.grid.cell_count(), gm.keep_rsrp_dbm, {},
                           rsrp_offsets_db(m)};
    for (const SiteSpec& site : m.sites) header.unit_sectors.push_back(static_cast<std::uint32_t>(site.sectors.size()));
    checkpoint = std::make_unique<GainCheckpoint>(options.gain_checkpoint_path, header, options.restart);
    store.done = checkpoint->done();
    store.read = [&](std::uint32_t unit) { return checkpoint->read_unit(unit); };
    store.write = [&](std::uint32_t unit, const SparseGainRows& rows) { checkpoint->write_unit(unit, rows); };
    setup.run.positions_resumed = checkpoint->done_count();
  }
  // The units of this shard: every shard_count-th position from shard - 1 (all without a shard).
  const auto in_shard = [&](std::uint32_t unit) {
    return options.shard_count == 0 || static_cast<int>(unit % options.shard_count) == options.shard - 1;
  };
  std::size_t todo = 0;
  for (std::uint32_t i = 0; i < m.sites.size(); ++i) todo += in_shard(i) && !(checkpoint && checkpoint->done()[i]);
  std::unique_ptr<Progress> progress;
  if (options.show_progress) {
    progress = std::make_unique<Progress>(m.propagation.model == PathLossModel::Raytrace ? "ray tracing" : "gain maps",
                                          todo * maps.progress_steps());
  }
  Progress* unit_progress = run_units ? nullptr : progress.get();
  const UnitComputeFn compute = [&](std::uint32_t site) { return maps.compute(site, unit_progress); };
  const SparseUnitStore* kept = checkpoint ? &store : nullptr;
  const UnitRunner runner = [&](const std::vector<std::uint32_t>& all, const UnitComputeFn& c, const UnitDeliverFn& d) {
    std::vector<std::uint32_t> units;
    std::copy_if(all.begin(), all.end(), std::back_inserter(units), in_shard);
    if (!run_units) return run_units_here(units, c, d);
    // Progress as units arrive, on the thread that receives them.
    run_units(units, c, [&](std::uint32_t unit, std::vector<float> values) {
      d(unit, std::move(values));
      if (progress) progress->advance(maps.progress_steps());
    });
  };
  SparseGainMatrix gains = build_gain_matrix_of_sites(m, setup.grid, gm, compute, runner, kept);
  if (progress) progress->finish();
  maps.add_to_log(&setup.run.log);
  return gains;
}

PlanRun finish_plan(const Scenario& scenario, PlanSetup& setup, const SparseGainMatrix& gains,
                    const PlanRunOptions& options) {
  PlanRun run = std::move(setup.run);
  const Scenario& s = setup.resolved;
  const RasterGrid& grid = setup.grid;
  const PlanCandidateSet& set = setup.set;
  const Scenario& matrix_scenario = setup.matrix_scenario;
  std::vector<float>& demand_mbps = setup.demand_mbps;
  const auto t_transpose = Clock::now();
  const SparseGainColumns columns = transpose_gain_matrix(gains);
  run.gain_matrix_s += seconds_since(t_transpose);
  run.matrix_engine = run.log.engine;
  run.matrix_entries = gains.entry_count();

  // The problem.
  PlanProblem p;
  p.gains = &gains, p.columns = &columns;
  p.budget = link_budget_of(matrix_scenario);
  p.targets = s.targets;
  p.candidates = set.candidates;
  if (s.plan.users_per_1000_m3 > 0) move_demand_to_computed_cells(demand_mbps, gains.computed, grid);
  p.demand_mbps = std::move(demand_mbps);
  p.capacity = CapacityModel{s.plan.capacity, s.plan.max_utilisation};
  PlanGoal goal;
  goal.objective = s.plan.objective;
  goal.target_fraction = s.plan.target_fraction;
  goal.max_sites = options.max_sites.value_or(s.plan.max_sites);
  goal.max_cost = s.plan.max_cost;
  goal.min_throughput_p5_mbps = s.plan.min_throughput_p5_mbps;
  if (goal.max_sites < set.existing) {
    throw InputError(s.source_path, 0, "plan.max_sites",
                     "is below the " + std::to_string(set.existing) + " existing sites the plan must keep");
  }
  SearchOptions search;
  search.seed = options.seed.value_or(s.plan.seed);
  search.max_iterations = s.plan.iterations;
  search.time_limit_s = options.time_limit_s.value_or(s.plan.time_limit_s);
  search.on_record = options.on_record;

  const auto t_search = Clock::now();
  run.plan = plan_sites(p, goal, search);
  run.search_s = seconds_since(t_search);

  // The bound (coverage-only set cover): exact for small instances, the best bound CBC proves in the time given.
  if (s.plan.bound_time_limit_s > 0) {
    const auto t_bound = Clock::now();
    SetCoverOptions bound_options;
    bound_options.time_limit_s = s.plan.bound_time_limit_s;
    bound_options.start = run.plan.selected;
    const SetCoverSolution bound = solve_set_cover(p, candidate_rsrp_coverage(p), goal, bound_options);
    apply_set_cover_bound(bound, run.plan);
    run.bound_s = seconds_since(t_bound);
  }
  run.tradeoff = tradeoff_curve(p, goal, run.plan.selected.size());
  run.ranked = ranked_changes(p, run.plan);

  // The final plan as a scenario, and its coverage as `tarang coverage` computes it.
  run.planned = planned_scenario(scenario, set.candidate_sites, run.plan);
  run.planned.plan = PlanSpec{};
  run.planned.name = scenario.name + "-plan";
  make_paths_absolute(run.planned);
  ScenarioYamlOptions yaml_options;
  yaml_options.header_comment = "Plan of " + scenario.name + " by tarang plan: " +
                                std::to_string(run.plan.selected.size()) + " sites; run it with `tarang coverage`.";
  run.planned.yaml_text = scenario_yaml_text(run.planned, yaml_options);
  run.planned.source_path = scenario.source_path;
  CoverageRunLog final_log;
  run.coverage = run_coverage(run.planned, CoverageRunOptions{options.threads, options.show_progress}, &final_log);
  run.log.engine = final_log.engine;
  run.coverage.meta.scenario_yaml = run.planned.yaml_text;
  return run;
}

PlanRun run_plan(const Scenario& scenario, const PlanRunOptions& options) {
  const std::unique_ptr<PlanSetup> setup = prepare_plan(scenario);
  const auto t_matrix = Clock::now();
  const SparseGainMatrix gains = load_or_build_gain_matrix(
      options.gain_cache_path, plan_gain_matrix_key(*setup), [&] { return compute_plan_gain_matrix(*setup, options); },
      &setup->run.gain_cache_reused, &setup->run.gain_cache_note);
  if (!setup->run.gain_cache_reused) remove_gain_checkpoint(options.gain_checkpoint_path);
  setup->run.gain_matrix_s = seconds_since(t_matrix);
  return finish_plan(scenario, *setup, gains, options);
}

}  // namespace tarang

// `tarang plan`: scenario with a plan: section -> selected sites, bound and gap, trade-off curve, ranked changes, the
// plan's coverage in an HDF5 result with a /plan group, and the plan as a scenario YAML beside it; the gain matrix
// spread over MPI ranks under mpirun (docs/batch.md).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "cli/kpi_table.h"
#include "cli/mpi_command.h"
#include "cli/mpi_world.h"
#include "cli/output_path.h"
#include "cli/shard_arg.h"
#include "core/error.h"
#include "core/parallel_for.h"
#include "core/version.h"
#include "io/gain_checkpoint_h5.h"
#include "io/gain_matrix_h5.h"
#include "io/plan_h5.h"
#include "io/scenario_yaml.h"
#include "planner/gain_matrix.h"
#include "planner/plan_run.h"

namespace tarang {

namespace {

// "60s", "2m", "1.5h" or a plain number of seconds.
double parse_duration_s(const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  const std::string unit = end ? std::string(end) : "";
  const double scale = unit.empty() || unit == "s" ? 1 : unit == "m" || unit == "min" ? 60 : unit == "h" ? 3600 : -1;
  if (end == text.c_str() || scale < 0 || !(v > 0) || !std::isfinite(v)) {
    throw InputError("--time-limit", "expected a duration such as 60s, 5m or 1h, got \"" + text + "\"");
  }
  return v * scale;
}

// The plan YAML beside the result: plan.h5 -> plan.yaml.
std::string yaml_path_for(const std::string& output) {
  return (std::filesystem::path(output).replace_extension(".yaml")).string();
}

std::string percent(double fraction) { return fmt::format("{:.1f} %", 100 * fraction); }

std::string format_plan_summary(const PlanRun& run) {
  const PlanResult& p = run.plan;
  std::string out;
  out += fmt::format("candidates: {} configurations at {} positions ({} existing, {} listed, {} rooftops, {} street, "
                     "{} excluded)\n",
                     run.candidates, run.positions, run.existing, run.listed, run.rooftops, run.streets, run.excluded);
  out += fmt::format("gain matrix: {} entries, {} ({:.2f} s){}\n", run.matrix_entries,
                     run.gain_cache_reused ? "reused from the cache" : "computed by " + run.matrix_engine,
                     run.gain_matrix_s,
                     run.gain_cache_note.empty() ? "" : " - cache not used: " + run.gain_cache_note);
  out += "\ntrade-off (greedy order)\n  sites      cost   covered    served   p5 Mbit/s\n";
  for (const TradeoffPoint& t : run.tradeoff) {
    out += fmt::format("  {:>5} {:>9.2f} {:>9} {:>9} {:>11.2f}\n", t.sites, t.cost, percent(t.covered_fraction),
                       percent(t.served_fraction), t.throughput_p5_mbps);
  }
  out += "\nranked changes (what each new site brings: drop without it)\n";
  out += "  rank  candidate                          cost   covered    served\n";
  for (std::size_t i = 0; i < run.ranked.size() && i < 20; ++i) {
    const RankedChange& r = run.ranked[i];
    out += fmt::format("  {:>4}  {:<32} {:>6.2f} {:>+8.2f}% {:>+8.2f}%\n", i + 1, r.candidate, r.cost,
                       100 * r.covered_gain, 100 * r.served_gain);
  }
  if (run.ranked.size() > 20) out += fmt::format("  ... and {} more\n", run.ranked.size() - 20);
  const bool min_cost = p.objective == PlanObjective::MinCost;
  out += fmt::format("\nplan: {} sites, cost {:.2f}, served {} (target {}), covered cells {}, p5 throughput "
                     "{:.2f} Mbit/s, {} overloaded sectors\n",
                     p.selected.size(), p.cost, percent(p.served_fraction), percent(p.target_fraction),
                     percent(p.covered_fraction), p.throughput_p5_mbps, p.overloaded_sectors);
  if (std::isfinite(p.bound)) {
    out += fmt::format("bound: {} {:.{}f} ({}), gap {:.1f} %\n", min_cost ? "cost >=" : "RSRP-covered <=",
                       min_cost ? p.bound : 100 * p.bound, min_cost ? 2 : 1, p.bound_source, 100 * p.gap);
  } else {
    out += "bound: none (plan.search.bound_time_limit_s is 0, or CBC found none in time)\n";
  }
  out += fmt::format("search: {} iterations, stopped by {}, seed {}, {:.2f} s (bound {:.2f} s)\n", p.iterations,
                     p.stop_reason, p.seed, run.search_s, run.bound_s);
  return out;
}

// A shard run: this shard's positions of the gain matrix (over the ranks, checkpointed by rank 0), then rank 0 makes
// the finished checkpoint the shard's part. No search.
int write_gain_part(PlanSetup& setup, const PlanRunOptions& options, const UnitRunner& on_ranks, MpiWorld& world,
                    const std::string& part_path, const Shard& shard, std::chrono::steady_clock::time_point start) {
  compute_plan_gain_matrix(setup, options, on_ranks);
  setup.run.log.warnings = world.gather_unique_to_rank0(std::move(setup.run.log.warnings));
  if (world.rank() != 0) return 0;
  print_warnings(setup.run.log.warnings);
  finish_gain_checkpoint_as_part(options.gain_checkpoint_path, part_path, shard.index, shard.count);
  std::size_t positions = 0;
  for (std::size_t i = 0; i < setup.matrix_scenario.sites.size(); ++i) {
    positions += i % shard.count == static_cast<std::size_t>(shard.index - 1);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("shard {}/{}: {} of {} candidate positions (gain matrix key {})\n", shard.index, shard.count, positions,
             setup.matrix_scenario.sites.size(), gain_matrix_key_text(plan_gain_matrix_key(setup)));
  if (setup.run.positions_resumed > 0) {
    fmt::print("resumed: {} of {} candidate positions from {}\n", setup.run.positions_resumed, positions,
               options.gain_checkpoint_path);
  }
  fmt::print("wrote {} in {:.2f} s\n", part_path, seconds);
  return 0;
}

// The plan on this rank: every rank prepares the candidates and computes its share of the gain matrix (one work unit
// per candidate position); rank 0 reads or writes the gains cache, searches, writes the outputs and prints, and the
// other ranks end with its exit code. One process alone does all of it.
int run_plan_on_rank(const PlanArgs& args, const std::string& command_line, MpiWorld& world) {
  const bool lead = world.rank() == 0;
  Scenario scenario = load_scenario_file(args.scenario_path);
  if (!scenario.plan.enabled) {
    throw InputError(args.scenario_path, 0, "plan", "the scenario has no plan: section (see docs/scenario.md)");
  }
  std::string output = args.output_path;
  if (output.empty()) {
    std::filesystem::path p = scenario.output_path;
    output = (p.parent_path() / (p.stem().string() + "-plan.h5")).string();
  }
  const std::string yaml_output = yaml_path_for(output);
  if (lead) {
    check_output_writable(output);
    check_output_writable(yaml_output);
  }
  const auto start = std::chrono::steady_clock::now();

  PlanRunOptions options;
  options.threads = args.threads;
  options.show_progress = lead;
  if (world.size() > 1 && options.threads == 0) {
    options.matrix_threads = std::max(1, default_thread_count() / world.local_size());
  }
  options.gpu_device = world.local_rank();
  if (args.max_sites > 0) options.max_sites = args.max_sites;
  if (args.seed >= 0) options.seed = static_cast<std::uint64_t>(args.seed);
  if (!args.time_limit.empty()) options.time_limit_s = parse_duration_s(args.time_limit);
  const std::string& cache = scenario.plan.gain_cache_path;
  options.gain_cache_path = cache == "none" ? "" : cache.empty() ? (std::filesystem::path(output).replace_extension(
                                                                        ".gains.h5")).string()
                                                                 : cache;
  // The checkpoint beside the gains cache (beside where it would be when the cache is off); rank 0 keeps it.
  const std::string default_cache = std::filesystem::path(output).replace_extension(".gains.h5").string();
  const Shard shard = parse_shard(args.shard);
  // A shard's part: CACHE.part-K-of-N.h5 (plan.gains.h5 -> plan.gains.part-2-of-8.h5), checkpointed beside it.
  const std::string cache_or_default = options.gain_cache_path.empty() ? default_cache : options.gain_cache_path;
  const std::string part_path =
      shard.count == 0 ? "" : (std::filesystem::path(cache_or_default).replace_extension("").string() +
                               fmt::format(".part-{}-of-{}.h5", shard.index, shard.count));
  const std::string checkpoint_path = !args.checkpoint_path.empty() ? args.checkpoint_path
                                      : shard.count > 0             ? part_path + ".checkpoint"
                                                                    : cache_or_default + ".checkpoint";
  if (lead) options.gain_checkpoint_path = checkpoint_path;
  options.restart = args.restart;
  options.shard = shard.index, options.shard_count = shard.count;
  if (lead && shard.count > 0) check_output_writable(part_path);
  auto last_print = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  options.on_record = [&](const PlanTrajectoryPoint& t) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_print < std::chrono::milliseconds(500)) return;
    last_print = now;
    static const char* const kPhase[] = {"greedy", "search", "prune"};
    fmt::print(stderr, "plan: {:<6} iteration {:>7}  objective {:>10.4f}  best {:>10.4f}  sites {:>4}  served {}\n",
               kPhase[std::clamp(t.phase, 0, 2)], t.iteration, t.objective, t.best_objective, t.sites,
               percent(t.served_fraction));
  };

  const std::unique_ptr<PlanSetup> setup = prepare_plan(scenario);
  // The gain matrix: rank 0 tells the others whether the cache spares it (1 = compute); units go to the ranks.
  std::vector<std::uint64_t> computed(static_cast<std::size_t>(world.size()), 0);  // units per rank
  UnitRunner on_ranks;
  if (world.launched()) {
    on_ranks = [&](const std::vector<std::uint32_t>& units, const UnitComputeFn& compute,
                   const UnitDeliverFn& deliver) {
      const auto counted = [&](std::uint32_t unit) {
        ++computed[static_cast<std::size_t>(world.rank())];
        return compute(unit);
      };
      world.run_units(world.broadcast(units), counted, deliver);  // rank 0's: without its checkpointed units
    };
  }
  const auto matrix_start = std::chrono::steady_clock::now();
  double units_s = 0;  // computing the units (without reading or writing the cache)
  const auto compute_matrix = [&] {
    const auto units_start = std::chrono::steady_clock::now();
    SparseGainMatrix m = compute_plan_gain_matrix(*setup, options, on_ranks);
    units_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - units_start).count();
    return m;
  };
  SparseGainMatrix gains;
  PlanRun& matrix_run = setup->run;
  if (shard.count > 0) return write_gain_part(*setup, options, on_ranks, world, part_path, shard, start);
  if (lead) {
    gains = load_or_build_gain_matrix(
        options.gain_cache_path, plan_gain_matrix_key(*setup),
        [&] {
          world.broadcast({1});
          return compute_matrix();
        },
        &matrix_run.gain_cache_reused, &matrix_run.gain_cache_note);
    if (matrix_run.gain_cache_reused) world.broadcast({0});
  } else if (world.broadcast({0}).at(0) == 1) {
    compute_matrix();
  }
  if (lead && !matrix_run.gain_cache_reused) remove_gain_checkpoint(checkpoint_path);  // the cache has the gains
  matrix_run.gain_matrix_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - matrix_start).count();
  computed = world.sum_to_rank0(std::move(computed));
  matrix_run.log.warnings = world.gather_unique_to_rank0(std::move(matrix_run.log.warnings));
  if (!lead) return static_cast<int>(world.broadcast({0}).at(0));  // rank 0's exit code

  PlanRun run = finish_plan(scenario, *setup, gains, options);
  print_warnings(run.log.warnings);
  run.coverage.meta.tarang_version = kVersion;
  run.coverage.meta.created_utc = utc_timestamp_now();
  run.coverage.meta.command_line = command_line;
  write_text_file_atomic(yaml_output, run.planned.yaml_text);
  write_plan_result(output, run.coverage, run.plan);

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("{}\n{}", format_plan_summary(run), format_kpi_table(run.coverage.kpis));
  if (run.positions_resumed > 0) {
    fmt::print("resumed: {} of {} candidate positions from {}\n", run.positions_resumed, run.positions,
               checkpoint_path);
  }
  if (world.launched() && !run.gain_cache_reused) {
    fmt::print("mpi: {} ranks computed {} of {} candidate positions in {:.2f} s\n", world.size(),
               fmt::join(computed, ", "), run.positions - run.positions_resumed, units_s);
  }
  fmt::print("wrote {} and {} in {:.2f} s\n", output, yaml_output, seconds);
  int code = 0;
  if (!run.plan.target_met) {
    const double p5_target = scenario.plan.min_throughput_p5_mbps;
    const std::string p5_part =
        p5_target > 0 ? fmt::format(" and p5 throughput {:.2f} Mbit/s", run.plan.throughput_p5_mbps) : "";
    const std::string p5_goal = p5_target > 0 ? fmt::format(" with p5 throughput >= {:g} Mbit/s", p5_target) : "";
    fmt::print(stderr, "error: {}: plan.target_fraction: target {}{} not reachable with these candidates and budget; "
               "best plan serves {}{} (written)\n",
               args.scenario_path, percent(run.plan.target_fraction), p5_goal, percent(run.plan.served_fraction),
               p5_part);
    code = 3;
  }
  world.broadcast({static_cast<std::uint32_t>(code)});
  return code;
}

}  // namespace

int run_plan_command(const PlanArgs& args, const std::string& command_line) {
  return run_on_all_ranks([&](MpiWorld& world) { return run_plan_on_rank(args, command_line, world); });
}

}  // namespace tarang

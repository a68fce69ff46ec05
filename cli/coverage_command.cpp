// `tarang coverage`: scenario file -> coverage maps and KPIs in an HDF5 result file; work units checkpointed as they
// finish, optionally one shard of them (--shard K/N) or spread over MPI ranks (docs/batch.md).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>

#include "cli/commands.h"
#include "cli/coverage_report.h"
#include "cli/mpi_command.h"
#include "cli/mpi_world.h"
#include "cli/output_path.h"
#include "cli/shard_arg.h"
#include "core/error.h"
#include "core/parallel_for.h"
#include "core/progress.h"
#include "core/version.h"
#include "io/results_h5.h"
#include "io/scenario_yaml.h"
#include "io/unit_file_h5.h"
#include "planner/coverage_job.h"
#include "planner/coverage_run.h"
#include "planner/memory_budget.h"

namespace tarang {
namespace {

// The units a shard computes: every N-th unit of the plan, starting at unit K - 1 (all units without a shard).
std::vector<std::uint32_t> shard_units(std::size_t unit_count, const Shard& shard) {
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < unit_count; ++i) {
    if (shard.count == 0 || static_cast<int>(i % shard.count) == shard.index - 1) {
      out.push_back(static_cast<std::uint32_t>(i));
    }
  }
  return out;
}

std::string default_shard_output(const std::string& output, const Shard& shard) {
  std::filesystem::path p(output);
  p.replace_extension("");
  return p.string() + fmt::format(".part-{}-of-{}.h5", shard.index, shard.count);
}

// The memory limit of the command line; --max-memory defaults to the memory available now.
MemoryLimit coverage_memory_limit(const std::string& max_memory) {
  if (max_memory.empty()) {
    const std::uint64_t available = available_memory_bytes();
    return MemoryLimit{available, "the available memory " + format_bytes(available) + " (see --max-memory)"};
  }
  const std::optional<std::uint64_t> bytes = parse_memory_size(max_memory);
  if (!bytes) throw InputError("--max-memory", "expected a size such as 8G, 512M or 2GiB, got '" + max_memory + "'");
  return MemoryLimit{*bytes, "--max-memory " + format_bytes(*bytes)};
}

// The run on this rank; rank 0 reads the checkpoint, gathers every unit and writes the output.
int run_coverage_on_rank(const CoverageArgs& args, const std::string& command_line, MpiWorld& world) {
  const bool lead = world.rank() == 0;
  const MemoryLimit memory = coverage_memory_limit(args.max_memory);
  const Scenario scenario = load_scenario_file(args.scenario_path);
  const Shard shard = parse_shard(args.shard);
  std::string output = args.output_path.empty() ? scenario.output_path : args.output_path;
  if (shard.count > 0 && args.output_path.empty()) output = default_shard_output(output, shard);
  const std::string checkpoint_path = args.checkpoint_path.empty() ? output + ".checkpoint" : args.checkpoint_path;
  if (lead) check_output_writable(output);
  const auto start = std::chrono::steady_clock::now();

  CoverageRunOptions options{args.threads, lead};
  if (world.size() > 1 && options.threads == 0) options.threads = std::max(1, default_thread_count() / world.local_size());
  options.gpu_device = world.local_rank();
  options.memory = memory;
  CoverageJob job(scenario, options);
  job.prepare_engine();
  const RasterGrid& grid = job.grid();

  UnitFileHeader header{job.scenario().name, job.scenario().yaml_text, job.scenario_hash(), kVersion,
                        grid, job.sectors(), job.units(), shard.index, shard.count};
  const std::vector<std::uint32_t> mine = shard_units(job.units().size(), shard);
  std::unique_ptr<UnitCheckpoint> checkpoint;
  std::vector<float> gain;
  std::vector<std::uint32_t> todo;
  std::size_t resumed = 0;
  if (lead) {
    checkpoint = std::make_unique<UnitCheckpoint>(checkpoint_path, header, args.restart);
    gain.assign(job.sectors().size() * grid.cell_count(), 0.0f);
    for (const std::uint32_t unit : mine) {
      if (checkpoint->done()[unit]) {
        place_unit_values(job.units()[unit], checkpoint->read_unit(unit).data(), grid.nx, grid.ny, gain.data());
        ++resumed;
      } else {
        todo.push_back(unit);
      }
    }
  }
  todo = world.broadcast(std::move(todo));

  std::unique_ptr<Progress> progress;
  if (lead && options.show_progress) {
    std::size_t steps = 0;
    for (const std::uint32_t unit : todo) steps += job.progress_steps(job.units()[unit]);
    const bool raytrace = job.scenario().propagation.model == PathLossModel::Raytrace;
    progress = std::make_unique<Progress>(raytrace ? "ray tracing" : "gain maps", steps);
  }
  Progress* unit_progress = world.size() == 1 ? progress.get() : nullptr;  // ranks > 0 cannot print
  std::vector<std::uint64_t> computed(static_cast<std::size_t>(world.size()), 0);  // units per rank
  const auto units_start = std::chrono::steady_clock::now();
  world.run_units(
      todo,
      [&](std::uint32_t unit) {
        ++computed[static_cast<std::size_t>(world.rank())];
        return job.compute_unit(unit, unit_progress);
      },
      [&](std::uint32_t unit, std::vector<float> values) {
        const WorkUnit& u = job.units()[unit];
        if (values.size() != u.value_count(grid.nx)) throw std::logic_error("work unit of the wrong size received");
        checkpoint->write_unit(unit, values);
        place_unit_values(u, values.data(), grid.nx, grid.ny, gain.data());
        if (progress && !unit_progress) progress->advance(job.progress_steps(u));
      });
  if (progress) progress->finish();
  const double units_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - units_start).count();
  CoverageRunLog log = job.log();
  const std::vector<std::uint64_t> ray_counts = world.sum_to_rank0({log.rays, log.segments});
  computed = world.sum_to_rank0(std::move(computed));
  log.warnings = world.gather_unique_to_rank0(std::move(log.warnings));
  if (!lead) return 0;
  log.rays = ray_counts[0], log.segments = ray_counts[1];

  print_warnings(log.warnings);
  if (shard.count > 0) {
    std::vector<std::uint8_t> done(job.units().size(), 0);
    for (const std::uint32_t unit : mine) done[unit] = 1;
    write_unit_file(output, header, done, gain);
  } else {
    CoverageResult result = job.assemble(std::move(gain));
    result.meta.tarang_version = kVersion;
    result.meta.created_utc = utc_timestamp_now();
    result.meta.command_line = command_line;
    write_coverage_result(output, result);
    fmt::print("{}", format_coverage_report(job.scenario(), result));
  }
  checkpoint->remove();

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (shard.count > 0) {
    fmt::print("shard {}/{}: {} of {} work units (scenario hash {})\n", shard.index, shard.count, mine.size(),
               job.units().size(), job.scenario_hash());
  }
  if (resumed > 0) fmt::print("resumed: {} of {} work units from {}\n", resumed, mine.size(), checkpoint_path);
  if (world.launched()) {
    fmt::print("mpi: {} ranks computed {} of {} work units in {:.2f} s\n", world.size(), fmt::join(computed, ", "),
               todo.size(), units_s);
  }
  if (log.rays > 0) fmt::print("rays: {} launched, {} segments traced ({})\n", log.rays, log.segments, log.engine);
  fmt::print("wrote {} in {:.2f} s\n", output, seconds);
  return 0;
}

}  // namespace

// Warnings on stderr, at most kMaxWarnings of them followed by a count of the rest.
void print_warnings(const std::vector<std::string>& warnings) {
  constexpr std::size_t kMaxWarnings = 5;
  for (std::size_t i = 0; i < warnings.size() && i < kMaxWarnings; ++i) fmt::print(stderr, "warning: {}\n", warnings[i]);
  if (warnings.size() > kMaxWarnings) {
    fmt::print(stderr, "warning: ... and {} more (tarang scene build lists every scene warning)\n",
               warnings.size() - kMaxWarnings);
  }
}

int run_coverage_command(const CoverageArgs& args, const std::string& command_line) {
  return run_on_all_ranks([&](MpiWorld& world) { return run_coverage_on_rank(args, command_line, world); });
}

}  // namespace tarang

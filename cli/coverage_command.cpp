// `tarang coverage`: scenario file -> coverage maps and KPIs in an HDF5 result file.
#include <fmt/format.h>

#include <chrono>
#include <optional>

#include "cli/commands.h"
#include "cli/coverage_report.h"
#include "cli/output_path.h"
#include "core/error.h"
#include "core/version.h"
#include "io/results_h5.h"
#include "io/scenario_yaml.h"
#include "planner/coverage_run.h"
#include "planner/memory_budget.h"

namespace tarang {

// Warnings on stderr, at most kMaxWarnings of them followed by a count of the rest.
void print_warnings(const std::vector<std::string>& warnings) {
  constexpr std::size_t kMaxWarnings = 5;
  for (std::size_t i = 0; i < warnings.size() && i < kMaxWarnings; ++i) fmt::print(stderr, "warning: {}\n", warnings[i]);
  if (warnings.size() > kMaxWarnings) {
    fmt::print(stderr, "warning: ... and {} more (tarang scene build lists every scene warning)\n",
               warnings.size() - kMaxWarnings);
  }
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

int run_coverage_command(const CoverageArgs& args, const std::string& command_line) {
  const MemoryLimit memory = coverage_memory_limit(args.max_memory);
  Scenario scenario = load_scenario_file(args.scenario_path);
  const std::string output = args.output_path.empty() ? scenario.output_path : args.output_path;
  check_output_writable(output);
  const auto start = std::chrono::steady_clock::now();

  CoverageRunLog log;
  CoverageResult result = run_coverage(scenario, CoverageRunOptions{args.threads, true}, &log, memory);
  print_warnings(log.warnings);
  result.meta.tarang_version = kVersion;
  result.meta.created_utc = utc_timestamp_now();
  result.meta.command_line = command_line;
  write_coverage_result(output, result);

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("{}", format_coverage_report(scenario, result));
  if (log.rays > 0) fmt::print("rays: {} launched, {} segments traced ({})\n", log.rays, log.segments, log.engine);
  fmt::print("wrote {} in {:.2f} s\n", output, seconds);
  return 0;
}

}  // namespace tarang

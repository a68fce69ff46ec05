// `tarang merge`: shard partial files (tarang coverage --shard K/N) -> one result file, or gain matrix parts (tarang
// plan --shard K/N) -> the gains cache; checked for completeness.
#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "cli/commands.h"
#include "cli/coverage_report.h"
#include "cli/output_path.h"
#include "core/error.h"
#include "core/work_unit.h"
#include "core/version.h"
#include "io/gain_checkpoint_h5.h"
#include "io/gain_matrix_h5.h"
#include "io/results_h5.h"
#include "io/scenario_yaml.h"
#include "io/unit_file_h5.h"
#include "planner/coverage_job.h"
#include "planner/gain_parts.h"

namespace tarang {
namespace {

// Gain matrix parts of `tarang plan --shard K/N` -> the complete gains cache.
int merge_gain_parts_command(const MergeArgs& args) {
  const MergedGains merged = merge_gain_parts(args.part_paths);
  write_gain_matrix_cache(args.output_path, merged.matrix, merged.input_key);
  fmt::print("merged {} shards ({} candidate positions, {} gain matrix entries, key {})\n", merged.shard_count,
             merged.positions, merged.matrix.entry_count(), gain_matrix_key_text(merged.input_key));
  fmt::print("wrote {} (the gains cache tarang plan reads)\n", args.output_path);
  return 0;
}

}  // namespace

int run_merge_command(const MergeArgs& args, const std::string& command_line) {
  check_output_writable(args.output_path);
  if (!args.part_paths.empty() && is_gain_units_file(args.part_paths.front())) return merge_gain_parts_command(args);
  UnitFileHeader first;
  std::vector<std::uint8_t> done;
  std::vector<float> gain;
  std::vector<std::string> owner;       // per unit: the file that holds it
  std::map<int, std::string> shard_of;  // shard index -> file
  for (const std::string& path : args.part_paths) {
    UnitFileContents part = read_unit_file(path);
    const UnitFileHeader& h = part.header;
    if (h.shard_count == 0) {
      throw InputError(path, "not a shard file (a checkpoint: rerun its tarang coverage command to finish it)");
    }
    if (shard_of.empty()) {
      first = h;
      done.assign(h.units.size(), 0);
      owner.assign(h.units.size(), "");
      gain.assign(h.sectors.size() * h.grid.cell_count(), 0.0f);
    } else if (h.scenario_hash != first.scenario_hash || h.units != first.units) {
      throw InputError(path, 0, "scenario_hash",
                       "shard of another scenario (hash " + h.scenario_hash + ", but " + args.part_paths.front() +
                           " has " + first.scenario_hash + ")");
    } else if (h.shard_count != first.shard_count) {
      throw InputError(path, 0, "shard",
                       fmt::format("{}/{} does not match {} (shard {}/{}): all parts must come from the same "
                                   "--shard K/N split",
                                   h.shard, h.shard_count, args.part_paths.front(), first.shard, first.shard_count));
    }
    if (const auto seen = shard_of.find(h.shard); seen != shard_of.end()) {
      throw InputError(path, 0, "shard", fmt::format("{}/{} given twice (also {})", h.shard, h.shard_count, seen->second));
    }
    shard_of[h.shard] = path;
    for (std::size_t i = 0; i < h.units.size(); ++i) {
      if (!part.done[i]) continue;
      if (done[i]) throw InputError(path, 0, "shard", fmt::format("work unit {} is also in {}", i, owner[i]));
      done[i] = 1;
      owner[i] = path;
      place_unit_values(h.units[i], extract_unit_values(h.units[i], part.gain_db.data(), h.grid.nx, h.grid.ny).data(),
                        h.grid.nx, h.grid.ny, gain.data());
    }
  }

  std::vector<std::size_t> missing_units, missing_shards;
  for (std::size_t i = 0; i < done.size(); ++i) {
    if (!done[i]) missing_units.push_back(i);
  }
  for (int k = 1; k <= first.shard_count; ++k) {
    if (!shard_of.count(k)) missing_shards.push_back(static_cast<std::size_t>(k));
  }
  if (!missing_units.empty() || !missing_shards.empty()) {
    throw InputError("", 0, "merge",
                     fmt::format("incomplete: missing shard {} of {} (work units {} of {} are in no input file)",
                                 index_list_text(missing_shards), first.shard_count, index_list_text(missing_units), done.size()));
  }

  const std::string& first_path = args.part_paths.front();
  const Scenario scenario = parse_scenario_text(first.scenario_yaml, first_path,
                                                std::filesystem::path(first_path).parent_path().string());
  CoverageResult result = assemble_coverage_result(scenario, first.grid, first.sectors, first.scenario_hash,
                                                   std::move(gain), args.threads);
  result.meta.tarang_version = kVersion;
  result.meta.created_utc = utc_timestamp_now();
  result.meta.command_line = command_line;
  write_coverage_result(args.output_path, result);
  fmt::print("{}", format_coverage_report(scenario, result));
  fmt::print("merged {} shards ({} work units, scenario hash {})\n", first.shard_count, done.size(),
             first.scenario_hash);
  fmt::print("wrote {}\n", args.output_path);
  return 0;
}

}  // namespace tarang

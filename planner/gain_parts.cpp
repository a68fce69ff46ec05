// Gain matrix parts -> one matrix: the same consistency checks as coverage shards, then the positions in order.
#include "planner/gain_parts.h"

#include <fmt/format.h>

#include <map>
#include <memory>

#include "core/error.h"
#include "core/work_unit.h"
#include "io/gain_checkpoint_h5.h"
#include "planner/gain_matrix.h"

namespace tarang {
MergedGains merge_gain_parts(const std::vector<std::string>& paths) {
  std::vector<std::unique_ptr<GainCheckpoint>> parts;
  std::vector<std::size_t> owner;       // per position: the index of the part that holds it, or SIZE_MAX
  std::map<int, std::string> shard_of;  // shard index -> file
  for (const std::string& path : paths) {
    std::unique_ptr<GainCheckpoint> part = GainCheckpoint::open_for_reading(path);
    const GainUnitsHeader& h = part->header();
    if (h.shard_count == 0) {
      throw InputError(path, "not a shard's gain matrix part (a checkpoint: rerun its tarang plan command to finish "
                             "it)");
    }
    if (!parts.empty()) {
      const GainUnitsHeader& first = parts.front()->header();
      if (h.input_key != first.input_key || h.unit_sectors != first.unit_sectors || h.cell_count != first.cell_count) {
        throw InputError(path, 0, "input_key",
                         fmt::format("part of other inputs (gain matrix key {:016x}, but {} has {:016x})", h.input_key,
                                     paths.front(), first.input_key));
      }
      if (h.shard_count != first.shard_count) {
        throw InputError(path, 0, "shard",
                         fmt::format("{}/{} does not match {} (shard {}/{}): all parts must come from the same "
                                     "--shard K/N split",
                                     h.shard, h.shard_count, paths.front(), first.shard, first.shard_count));
      }
    } else {
      owner.assign(h.unit_sectors.size(), SIZE_MAX);
    }
    if (const auto seen = shard_of.find(h.shard); seen != shard_of.end()) {
      throw InputError(path, 0, "shard",
                       fmt::format("{}/{} given twice (also {})", h.shard, h.shard_count, seen->second));
    }
    shard_of[h.shard] = path;
    for (std::size_t i = 0; i < owner.size(); ++i) {
      if (!part->done()[i]) continue;
      if (owner[i] != SIZE_MAX) {
        throw InputError(path, 0, "shard", fmt::format("position {} is also in {}", i, paths[owner[i]]));
      }
      owner[i] = parts.size();
    }
    parts.push_back(std::move(part));
  }
  const GainUnitsHeader& first = parts.at(0)->header();
  std::vector<std::size_t> missing_positions, missing_shards;
  for (std::size_t i = 0; i < owner.size(); ++i) {
    if (owner[i] == SIZE_MAX) missing_positions.push_back(i);
  }
  for (int k = 1; k <= first.shard_count; ++k) {
    if (!shard_of.count(k)) missing_shards.push_back(static_cast<std::size_t>(k));
  }
  if (!missing_positions.empty() || !missing_shards.empty()) {
    throw InputError("", 0, "merge",
                     fmt::format("incomplete: missing shard {} of {} (candidate positions {} of {} are in no input "
                                 "file)",
                                 index_list_text(missing_shards), first.shard_count, index_list_text(missing_positions),
                                 owner.size()));
  }

  SparseGainMatrixBuilder builder(first.cell_count, first.keep_rsrp_dbm);
  std::size_t first_sector = 0;
  for (std::size_t i = 0; i < owner.size(); ++i) {
    SparseGainRows rows = parts[owner[i]]->read_unit(static_cast<std::uint32_t>(i));
    const auto offsets = first.rsrp_offset_db.begin() + static_cast<std::ptrdiff_t>(first_sector);
    rows.rsrp_offset_db.assign(offsets, offsets + first.unit_sectors[i]);
    first_sector += first.unit_sectors[i];
    builder.append(std::move(rows));
  }
  return MergedGains{builder.finish(), first.input_key, first.shard_count, owner.size()};
}

}  // namespace tarang

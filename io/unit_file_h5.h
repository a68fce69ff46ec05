// Work-unit files (format "tarang-units"): checkpoints of a running coverage job and the partial results of shards.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/coverage_result.h"
#include "core/work_unit.h"

namespace tarang {

// What identifies the job a unit file belongs to.
struct UnitFileHeader {
  std::string scenario_name, scenario_yaml, scenario_hash, tarang_version;
  RasterGrid grid;
  std::vector<SectorRecord> sectors;
  std::vector<WorkUnit> units;     // every unit of the job, in plan order
  int shard = 0, shard_count = 0;  // K of N for a shard's partial file; 0 and 0 for a checkpoint
};

struct UnitFileContents {
  UnitFileHeader header;
  std::vector<std::uint8_t> done;  // per unit: 1 when its values are in the file
  std::vector<float> gain_db;      // [n_sectors][ny][nx]; only the done units' values are meaningful
};

// Writes a shard's partial file atomically (temp file + rename; compressed; only done units are stored).
// InputError when the file cannot be created.
void write_unit_file(const std::string& path, const UnitFileHeader& header, const std::vector<std::uint8_t>& done,
                     const std::vector<float>& gain_db);

// Reads a unit file (partial or checkpoint). InputError for a missing file, a file that is not a tarang unit file,
// another format_version, or missing/misshapen contents.
UnitFileContents read_unit_file(const std::string& path);

// A checkpoint that grows as units finish. Its storage is allocated when it is created, so each unit is one block
// write plus a flag, each followed by a flush: a process killed at any moment leaves a readable file in which every
// unit flagged done is complete.
class UnitCheckpoint {
 public:
  // Opens the checkpoint at `path` when it exists (its done units are then kept) or creates it. An existing file
  // with another scenario hash, units or grid is an InputError naming --restart, unless `restart` is set: then it
  // is replaced by an empty one.
  UnitCheckpoint(const std::string& path, const UnitFileHeader& header, bool restart);
  ~UnitCheckpoint();
  UnitCheckpoint(const UnitCheckpoint&) = delete;
  UnitCheckpoint& operator=(const UnitCheckpoint&) = delete;

  const std::vector<std::uint8_t>& done() const { return done_; }
  std::vector<float> read_unit(std::size_t unit) const;  // values of a done unit, laid out as WorkUnit describes
  void write_unit(std::size_t unit, const std::vector<float>& values);
  // Closes and deletes the checkpoint (after the final result is written).
  void remove();

 private:
  struct Files;
  std::string path_;
  UnitFileHeader header_;
  std::vector<std::uint8_t> done_;
  std::unique_ptr<Files> files_;
};

}  // namespace tarang

// Gain matrix checkpoints (format "tarang-gain-checkpoint"): the sparse rows of the work units (candidate positions)
// of a `tarang plan` gain matrix, written as they finish so that a killed run resumes where it stopped.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "planner/sparse_gain_matrix.h"

namespace tarang {

// What identifies the gain matrix a checkpoint (or a shard's part) holds units of, and what the matrix needs besides.
struct GainUnitsHeader {
  std::uint64_t input_key = 0;             // gain_matrix_input_key
  std::size_t cell_count = 0;
  double keep_rsrp_dbm = 0;
  std::vector<std::uint32_t> unit_sectors;  // sectors of each unit, in unit order
  std::vector<double> rsrp_offset_db;       // per sector
  int shard = 0, shard_count = 0;           // K of N in a shard's part; 0 and 0 in a checkpoint
};

// A checkpoint that grows as units finish. Storage is allocated ahead (and reallocated, doubled, by writing a new
// file and renaming it over the old one when full), so each unit is block writes, a flush, a done flag and a flush:
// a process killed at any moment leaves a readable file in which every unit flagged done is complete.
class GainCheckpoint {
 public:
  // Opens the checkpoint at `path` when it exists (its done units are then kept) or creates it. An existing file
  // with another input key, cell count or units is an InputError naming --restart, unless `restart` is set: then it
  // is replaced by an empty one.
  GainCheckpoint(const std::string& path, const GainUnitsHeader& header, bool restart);
  // Opens a checkpoint or shard part read-only, header from the file. InputError when it is not such a file.
  static std::unique_ptr<GainCheckpoint> open_for_reading(const std::string& path);
  ~GainCheckpoint();
  GainCheckpoint(const GainCheckpoint&) = delete;
  GainCheckpoint& operator=(const GainCheckpoint&) = delete;

  const std::string& path() const { return path_; }
  const GainUnitsHeader& header() const { return header_; }
  const std::vector<std::uint8_t>& done() const { return done_; }
  std::size_t done_count() const;
  // The rows of a done unit (rsrp_offset_db left empty).
  SparseGainRows read_unit(std::uint32_t unit) const;
  // Stores a unit's rows (one per sector of the unit) and flags it done.
  void write_unit(std::uint32_t unit, const SparseGainRows& rows);
  // Closes and deletes the checkpoint (once the gains cache is written).
  void remove();

 private:
  struct Files;
  GainCheckpoint() = default;
  void load(std::int64_t file);  // the tables and layout of an open file (an hid_t)
  void open_files(bool writable);
  void grow(std::uint64_t runs_needed, std::uint64_t gains_needed);

  std::string path_;
  GainUnitsHeader header_;
  std::string key_text_;
  std::vector<std::uint64_t> first_sector_;  // [units + 1]
  std::vector<std::uint8_t> done_;
  // Per unit: write order (slot) and number of computed-cell runs; per sector: runs and gains.
  std::vector<std::uint32_t> unit_table_, sector_table_;
  std::vector<std::uint64_t> run_begin_, gain_begin_;  // per done unit: where its rows start
  std::uint64_t runs_used_ = 0, gains_used_ = 0, run_capacity_ = 0, gain_capacity_ = 0;
  std::unique_ptr<Files> files_;
};

// Stamps the finished checkpoint of a shard run (`tarang plan --shard K/N`, every unit of the shard done) as shard
// K of N and renames it to `part_path`, the partial file `tarang merge` reads.
void finish_gain_checkpoint_as_part(const std::string& checkpoint_path, const std::string& part_path, int shard,
                                    int shard_count);

// Deletes the checkpoint at `path` and any temp file of it ("" = nothing to do), e.g. once the gains cache is
// written.
void remove_gain_checkpoint(const std::string& path);

// Whether `path` is an HDF5 file of format "tarang-gain-checkpoint" (a plan checkpoint or shard part).
bool is_gain_units_file(const std::string& path);

}  // namespace tarang

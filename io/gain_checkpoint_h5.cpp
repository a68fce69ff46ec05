// Gain matrix checkpoints "tarang-gain-checkpoint" (format_version 1); all HDF5 calls via h5_checked.
//
// Layout (every dataset but /unit_sectors contiguous and allocated when the file is made, modification times off):
//   /              attrs format, format_version, input_key (16 hex digits, as in the gains cache), cell_count,
//                  keep_rsrp_dbm; shard, shard_count (int64) once a shard's part is finished
//   /unit_sectors  uint32[units]        sectors of each unit (candidate position), in unit order
//   /rsrp_offset_db float64[sectors]    as in the gains cache
//   /done          uint16[units]        1 when the unit's rows are stored (written last, after a flush)
//   /unit_table    uint32[units][2]     slot (the order units were stored in), computed-cell runs
//   /sector_table  uint32[sectors][2]   runs, kept cells of each sector
//   /runs          uint32[capacity][2]  first cell, cell count: the units' rows one after the other in slot order,
//                                       per unit each sector's runs, then its computed-cell runs
//   /gain_db       float32[capacity]    per unit each sector's kept gains, in slot order
// Storage past the done units is spare (or left by a unit that was being written when the process died).
#include "io/gain_checkpoint_h5.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "core/error.h"
#include "io/gain_matrix_h5.h"
#include "io/h5_checked.h"
#include "io/h5_file_io.h"

namespace tarang {
namespace {

constexpr const char* kFormat = "tarang-gain-checkpoint";
constexpr std::int64_t kFormatVersion = 1;
constexpr std::uint64_t kInitialRuns = std::uint64_t{1} << 16, kInitialGains = std::uint64_t{1} << 20;
constexpr const char* kHint = "; delete it or rerun with --restart to discard it";

hsize_t at_least_one(std::size_t n) { return std::max<hsize_t>(n, 1); }

}  // namespace

// Open handles of the checkpoint being written.
struct GainCheckpoint::Files {
  h5::Handle file, done, unit_table, sector_table, runs, gains;
};

namespace {

// Writes a checkpoint file atomically: header, tables, flags, the stored rows and spare storage.
void create_file(const std::string& path, const GainUnitsHeader& header, const std::vector<std::uint8_t>& done,
                 const std::vector<std::uint32_t>& unit_table, const std::vector<std::uint32_t>& sector_table,
                 const std::vector<std::uint32_t>& runs, const std::vector<float>& gains, std::uint64_t run_capacity,
                 std::uint64_t gain_capacity) {
  write_atomically(path, [&](const std::string& temp) {
    h5::Handle file = h5::create_file(temp);
    const hid_t f = file.get();
    h5::write_attribute(f, "format", kFormat);
    h5::write_attribute(f, "format_version", kFormatVersion);
    h5::write_attribute(f, "input_key", gain_matrix_key_text(header.input_key));
    h5::write_attribute(f, "cell_count", static_cast<std::int64_t>(header.cell_count));
    h5::write_attribute(f, "keep_rsrp_dbm", header.keep_rsrp_dbm);
    const hsize_t units = header.unit_sectors.size(), sectors = sector_table.size() / 2;
    const hsize_t unit_dims[1] = {units}, sector_dims[1] = {header.rsrp_offset_db.size()};
    h5::write_dataset(f, "unit_sectors", unit_dims, header.unit_sectors.data());
    h5::write_dataset(f, "rsrp_offset_db", sector_dims, header.rsrp_offset_db.data());
    {
      const hsize_t dims[1] = {at_least_one(units)}, origin[1] = {0}, count[1] = {units};
      h5::Handle d = h5::create_dataset_for_parts(f, "done", dims, false, true);
      const std::vector<std::uint16_t> flags(done.begin(), done.end());
      h5::write_block(d.get(), origin, count, flags.data());
    }
    const auto table = [&](const char* name, hsize_t rows, const std::vector<std::uint32_t>& values) {
      const hsize_t dims[2] = {at_least_one(rows), 2}, origin[2] = {0, 0}, count[2] = {values.size() / 2, 2};
      h5::Handle d = h5::create_uint32_dataset_for_parts(f, name, dims);
      h5::write_block(d.get(), origin, count, values.data());
    };
    table("unit_table", units, unit_table);
    table("sector_table", sectors, sector_table);
    table("runs", run_capacity, runs);
    {
      const hsize_t dims[1] = {at_least_one(gain_capacity)}, origin[1] = {0}, count[1] = {gains.size()};
      h5::Handle d = h5::create_dataset_for_parts(f, "gain_db", dims, true, true);
      h5::write_block(d.get(), origin, count, gains.data());
    }
    file.close("close (flush) " + temp);
  });
}

std::vector<std::uint32_t> read_table(hid_t f, const char* name, std::size_t rows) {
  std::vector<hsize_t> dims;
  std::vector<std::uint32_t> values = h5::read_uint32_dataset(f, name, dims);
  if (dims.size() != 2 || dims[1] != 2 || dims[0] < rows) {
    throw std::runtime_error(std::string("/") + name + " is misshapen");
  }
  values.resize(rows * 2);
  return values;
}

}  // namespace

GainCheckpoint::GainCheckpoint(const std::string& path, const GainUnitsHeader& header, bool restart)
    : path_(path), header_(header), key_text_(gain_matrix_key_text(header.input_key)) {
  header_.shard = header_.shard_count = 0;
  const std::size_t units = header_.unit_sectors.size();
  first_sector_.assign(units + 1, 0);
  for (std::size_t i = 0; i < units; ++i) first_sector_[i + 1] = first_sector_[i] + header_.unit_sectors[i];
  if (header_.rsrp_offset_db.size() != first_sector_.back()) {
    throw std::logic_error("GainCheckpoint: rsrp_offset_db does not match the units' sectors");
  }
  std::error_code ec;
  std::filesystem::remove(path + ".tmp", ec);  // left by a process killed while it grew the file
  if (restart || !std::filesystem::exists(path, ec)) {
    done_.assign(units, 0);
    unit_table_.assign(units * 2, 0);
    sector_table_.assign(first_sector_.back() * 2, 0);
    run_begin_.assign(units, 0), gain_begin_.assign(units, 0);
    create_file(path, header_, done_, unit_table_, sector_table_, {}, {}, kInitialRuns, kInitialGains);
    run_capacity_ = kInitialRuns, gain_capacity_ = kInitialGains;
    open_files(true);
    return;
  }
  check_readable_hdf5(path, "checkpoint cannot be resumed: not an HDF5 file" + std::string(kHint));
  try {
    h5::Handle file = h5::open_file_read(path);
    const hid_t f = file.get();
    if (!h5::attribute_exists(f, "format") || h5::read_string_attribute(f, "format") != kFormat) {
      throw InputError(path, std::string("checkpoint cannot be resumed: not a tarang gain matrix checkpoint") + kHint);
    }
    if (h5::read_int_attribute(f, "format_version") != kFormatVersion) {
      throw InputError(path, std::string("checkpoint cannot be resumed: another format_version") + kHint);
    }
    const std::string key = h5::read_string_attribute(f, "input_key");
    if (key != key_text_) {
      throw InputError(path, "checkpoint cannot be resumed: it belongs to other inputs (gain matrix key " + key +
                                 ", this run " + key_text_ + ")" + kHint);
    }
    std::vector<hsize_t> dims;
    if (h5::read_int_attribute(f, "cell_count") != static_cast<std::int64_t>(header_.cell_count) ||
        h5::read_uint32_dataset(f, "unit_sectors", dims) != header_.unit_sectors) {
      throw InputError(path,
                       std::string("checkpoint cannot be resumed: its work units differ from this run's") + kHint);
    }
    load(f);
    file.close("close " + path);
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    throw InputError(path, std::string("checkpoint cannot be resumed: unreadable (") + e.what() + ")" + kHint);
  }
  open_files(true);
}

std::unique_ptr<GainCheckpoint> GainCheckpoint::open_for_reading(const std::string& path) {
  check_readable_hdf5(path, "not a tarang gain matrix part (not HDF5)");
  std::unique_ptr<GainCheckpoint> c(new GainCheckpoint());
  c->path_ = path;
  try {
    h5::Handle file = h5::open_file_read(path);
    const hid_t f = file.get();
    if (!h5::attribute_exists(f, "format") || h5::read_string_attribute(f, "format") != kFormat) {
      throw InputError(path, "not a tarang gain matrix part (written by tarang plan --shard)");
    }
    if (h5::read_int_attribute(f, "format_version") != kFormatVersion) {
      throw InputError(path, "unsupported format_version (this tarang reads " + std::to_string(kFormatVersion) + ")");
    }
    GainUnitsHeader& h = c->header_;
    c->key_text_ = h5::read_string_attribute(f, "input_key");
    h.input_key = std::stoull(c->key_text_, nullptr, 16);
    h.cell_count = static_cast<std::size_t>(h5::read_int_attribute(f, "cell_count"));
    h.keep_rsrp_dbm = h5::read_double_attribute(f, "keep_rsrp_dbm");
    if (h5::attribute_exists(f, "shard")) {
      h.shard = static_cast<int>(h5::read_int_attribute(f, "shard"));
      h.shard_count = static_cast<int>(h5::read_int_attribute(f, "shard_count"));
    }
    std::vector<hsize_t> dims;
    h.unit_sectors = h5::read_uint32_dataset(f, "unit_sectors", dims);
    h.rsrp_offset_db = h5::read_double_dataset(f, "rsrp_offset_db", dims);
    c->first_sector_.assign(h.unit_sectors.size() + 1, 0);
    for (std::size_t i = 0; i < h.unit_sectors.size(); ++i) {
      c->first_sector_[i + 1] = c->first_sector_[i] + h.unit_sectors[i];
    }
    if (h.rsrp_offset_db.size() != c->first_sector_.back()) throw std::runtime_error("/rsrp_offset_db is misshapen");
    c->load(f);
    file.close("close " + path);
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    throw InputError(path, std::string("unreadable gain matrix part (") + e.what() + ")");
  }
  c->open_files(false);
  return c;
}

void GainCheckpoint::load(std::int64_t file) {
  const hid_t f = file;
  const std::size_t units = header_.unit_sectors.size();
  std::vector<hsize_t> dims;
  const std::vector<std::uint16_t> flags = h5::read_uint16_dataset(f, "done", dims);
  if (flags.size() < units) throw std::runtime_error("/done is misshapen");
  done_.assign(units, 0);
  for (std::size_t i = 0; i < units; ++i) done_[i] = flags[i] ? 1 : 0;
  unit_table_ = read_table(f, "unit_table", units);
  sector_table_ = read_table(f, "sector_table", first_sector_.back());
  {
    const h5::Handle runs = h5::open_dataset(f, "runs"), gains = h5::open_dataset(f, "gain_db");
    run_capacity_ = h5::dataset_dims(runs.get()).at(0), gain_capacity_ = h5::dataset_dims(gains.get()).at(0);
  }
  // Done units lie one after the other in slot order 0, 1, 2...
  run_begin_.assign(units, 0), gain_begin_.assign(units, 0);
  runs_used_ = gains_used_ = 0;
  std::vector<std::uint32_t> by_slot(done_count(), UINT32_MAX);
  for (std::size_t i = 0; i < units; ++i) {
    if (!done_[i]) continue;
    const std::uint32_t slot = unit_table_[2 * i];
    if (slot >= by_slot.size() || by_slot[slot] != UINT32_MAX) throw std::runtime_error("/unit_table slots clash");
    by_slot[slot] = static_cast<std::uint32_t>(i);
  }
  for (const std::uint32_t unit : by_slot) {
    run_begin_[unit] = runs_used_, gain_begin_[unit] = gains_used_;
    runs_used_ += unit_table_[2 * unit + 1];
    for (std::uint64_t k = first_sector_[unit]; k < first_sector_[unit + 1]; ++k) {
      runs_used_ += sector_table_[2 * k], gains_used_ += sector_table_[2 * k + 1];
    }
  }
  if (runs_used_ > run_capacity_ || gains_used_ > gain_capacity_) throw std::runtime_error("rows exceed storage");
}

GainCheckpoint::~GainCheckpoint() = default;

void GainCheckpoint::open_files(bool writable) {
  files_ = std::make_unique<Files>();
  files_->file = writable ? h5::open_file_write(path_) : h5::open_file_read(path_);
  const hid_t f = files_->file.get();
  files_->done = h5::open_dataset(f, "done");
  files_->unit_table = h5::open_dataset(f, "unit_table");
  files_->sector_table = h5::open_dataset(f, "sector_table");
  files_->runs = h5::open_dataset(f, "runs");
  files_->gains = h5::open_dataset(f, "gain_db");
}

std::size_t GainCheckpoint::done_count() const {
  return static_cast<std::size_t>(std::count(done_.begin(), done_.end(), std::uint8_t{1}));
}

SparseGainRows GainCheckpoint::read_unit(std::uint32_t unit) const {
  if (unit >= done_.size() || !done_[unit]) throw std::logic_error("GainCheckpoint::read_unit: unit not done");
  std::uint64_t run_count = unit_table_[2 * unit + 1], gain_count = 0;
  for (std::uint64_t k = first_sector_[unit]; k < first_sector_[unit + 1]; ++k) {
    run_count += sector_table_[2 * k], gain_count += sector_table_[2 * k + 1];
  }
  const hsize_t run_origin[2] = {run_begin_[unit], 0}, run_count_dims[2] = {run_count, 2};
  const std::vector<std::uint32_t> runs = h5::read_uint32_block(files_->runs.get(), run_origin, run_count_dims);
  const hsize_t gain_origin[1] = {gain_begin_[unit]}, gain_count_dims[1] = {gain_count};
  const std::vector<float> gains = h5::read_float_block(files_->gains.get(), gain_origin, gain_count_dims);
  SparseGainRows rows;
  std::size_t r = 0, g = 0;
  const auto take_runs = [&](std::size_t n, std::vector<GainRun>& out) {
    for (std::size_t i = 0; i < n; ++i, ++r) {
      const GainRun run{runs[2 * r], runs[2 * r + 1]};
      if (static_cast<std::uint64_t>(run.first_cell) + run.cell_count > header_.cell_count) {
        throw InputError(path_, "checkpoint cannot be resumed: a run lies outside the grid" + std::string(kHint));
      }
      out.push_back(run);
    }
  };
  for (std::uint64_t k = first_sector_[unit]; k < first_sector_[unit + 1]; ++k) {
    rows.runs.emplace_back();
    take_runs(sector_table_[2 * k], rows.runs.back());
    rows.gain_db.emplace_back(gains.begin() + static_cast<std::ptrdiff_t>(g),
                              gains.begin() + static_cast<std::ptrdiff_t>(g + sector_table_[2 * k + 1]));
    g += sector_table_[2 * k + 1];
  }
  take_runs(unit_table_[2 * unit + 1], rows.computed);
  return rows;
}

void GainCheckpoint::write_unit(std::uint32_t unit, const SparseGainRows& rows) {
  const std::uint64_t sectors = first_sector_.at(unit + 1) - first_sector_[unit];
  if (done_[unit] || rows.runs.size() != sectors || rows.gain_db.size() != sectors) {
    throw std::logic_error("GainCheckpoint::write_unit: unit done already or of the wrong size");
  }
  std::vector<std::uint32_t> runs, counts;
  std::vector<float> gains;
  for (std::size_t k = 0; k < sectors; ++k) {
    for (const GainRun& run : rows.runs[k]) runs.insert(runs.end(), {run.first_cell, run.cell_count});
    gains.insert(gains.end(), rows.gain_db[k].begin(), rows.gain_db[k].end());
    counts.insert(counts.end(), {static_cast<std::uint32_t>(rows.runs[k].size()),
                                 static_cast<std::uint32_t>(rows.gain_db[k].size())});
  }
  for (const GainRun& run : rows.computed) runs.insert(runs.end(), {run.first_cell, run.cell_count});
  const std::uint64_t run_count = runs.size() / 2;
  if (runs_used_ + run_count > run_capacity_ || gains_used_ + gains.size() > gain_capacity_) {
    grow(run_count, gains.size());
  }
  const hsize_t run_origin[2] = {runs_used_, 0}, run_dims[2] = {run_count, 2};
  h5::write_block(files_->runs.get(), run_origin, run_dims, runs.data());
  const hsize_t gain_origin[1] = {gains_used_}, gain_dims[1] = {gains.size()};
  h5::write_block(files_->gains.get(), gain_origin, gain_dims, gains.data());
  const hsize_t sector_origin[2] = {first_sector_[unit], 0}, sector_dims[2] = {sectors, 2};
  h5::write_block(files_->sector_table.get(), sector_origin, sector_dims, counts.data());
  const std::uint32_t unit_row[2] = {static_cast<std::uint32_t>(done_count()),
                                     static_cast<std::uint32_t>(rows.computed.size())};
  const hsize_t unit_origin[2] = {unit, 0}, unit_dims[2] = {1, 2};
  h5::write_block(files_->unit_table.get(), unit_origin, unit_dims, unit_row);
  h5::flush_file(files_->file.get());  // the rows reach the file before the flag that vouches for them
  const std::uint16_t one = 1;
  const hsize_t flag_origin[1] = {unit}, flag_dims[1] = {1};
  h5::write_block(files_->done.get(), flag_origin, flag_dims, &one);
  h5::flush_file(files_->file.get());

  std::copy(counts.begin(), counts.end(), sector_table_.begin() + static_cast<std::ptrdiff_t>(2 * first_sector_[unit]));
  unit_table_[2 * unit] = unit_row[0], unit_table_[2 * unit + 1] = unit_row[1];
  run_begin_[unit] = runs_used_, gain_begin_[unit] = gains_used_;
  runs_used_ += run_count, gains_used_ += gains.size();
  done_[unit] = 1;
}

// A new file with at least twice the storage, holding what this one holds, renamed over it.
void GainCheckpoint::grow(std::uint64_t runs_needed, std::uint64_t gains_needed) {
  const hsize_t origin2[2] = {0, 0}, run_dims[2] = {runs_used_, 2}, origin1[1] = {0}, gain_dims[1] = {gains_used_};
  const std::vector<std::uint32_t> runs = h5::read_uint32_block(files_->runs.get(), origin2, run_dims);
  const std::vector<float> gains = h5::read_float_block(files_->gains.get(), origin1, gain_dims);
  std::vector<std::uint32_t> unit_table = unit_table_, sector_table = sector_table_;
  for (std::size_t i = 0; i < done_.size(); ++i) {  // spare rows of units not done are zeros in the new file
    if (done_[i]) continue;
    unit_table[2 * i] = unit_table[2 * i + 1] = 0;
    for (std::uint64_t k = first_sector_[i]; k < first_sector_[i + 1]; ++k) {
      sector_table[2 * k] = sector_table[2 * k + 1] = 0;
    }
  }
  files_.reset();
  run_capacity_ = std::max(2 * run_capacity_, runs_used_ + runs_needed);
  gain_capacity_ = std::max(2 * gain_capacity_, gains_used_ + gains_needed);
  create_file(path_, header_, done_, unit_table, sector_table, runs, gains, run_capacity_, gain_capacity_);
  open_files(true);
}

void GainCheckpoint::remove() {
  files_.reset();  // datasets, then the file
  remove_gain_checkpoint(path_);
}

void remove_gain_checkpoint(const std::string& path) {
  if (path.empty()) return;
  std::error_code ec;
  std::filesystem::remove(path, ec);
  std::filesystem::remove(path + ".tmp", ec);
}

void finish_gain_checkpoint_as_part(const std::string& checkpoint_path, const std::string& part_path, int shard,
                                    int shard_count) {
  {
    h5::Handle file = h5::open_file_write(checkpoint_path);
    h5::write_attribute(file.get(), "shard", std::int64_t{shard});
    h5::write_attribute(file.get(), "shard_count", std::int64_t{shard_count});
    file.close("close (flush) " + checkpoint_path);
  }
  std::error_code ec;
  std::filesystem::rename(checkpoint_path, part_path, ec);
  if (ec) throw InputError(part_path, "cannot write the shard's part: " + ec.message());
}

bool is_gain_units_file(const std::string& path) {
  if (!h5::is_hdf5_file(path)) return false;
  try {
    h5::Handle file = h5::open_file_read(path);
    return h5::attribute_exists(file.get(), "format") && h5::read_string_attribute(file.get(), "format") == kFormat;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace tarang

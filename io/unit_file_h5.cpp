// Work-unit files "tarang-units" (format_version 1); all HDF5 calls via h5_checked.
//
// Layout:
//   /              attrs format="tarang-units", format_version=1, scenario_name, scenario_yaml, scenario_hash,
//                  tarang_version (strings), shard, shard_count (int64; 0 for checkpoints)
//   /grid, /sectors  as in results files (io/results_h5.cpp)
//   /units/table   uint32[n_units][5]: site, first_sector, sector_count, row_begin, row_end (plan order)
//   /units/done    uint16[n_units]: 1 when the unit's values are stored
//   /gain_db       float32[n_sectors][ny][nx]: contiguous and allocated up front in checkpoints; chunked and
//                  compressed in shard files, where only the done units' chunks exist
#include "io/unit_file_h5.h"

#include <array>
#include <cstdio>
#include <filesystem>

#include "core/error.h"
#include "io/h5_checked.h"
#include "io/h5_file_io.h"
#include "io/results_h5_parts.h"

namespace tarang {
namespace {

constexpr const char* kFormat = "tarang-units";
constexpr std::int64_t kFormatVersion = 1;
constexpr std::size_t kUnitFields = 5;
constexpr hsize_t kChunkRows = 64;

std::array<hsize_t, 3> gain_dims(const UnitFileHeader& h) {
  return {h.sectors.size(), static_cast<hsize_t>(h.grid.ny), static_cast<hsize_t>(h.grid.nx)};
}

std::array<hsize_t, 3> unit_offset(const WorkUnit& u) {
  return {u.first_sector, static_cast<hsize_t>(u.row_begin), 0};
}

std::array<hsize_t, 3> unit_count(const WorkUnit& u, int nx) {
  return {u.sector_count, static_cast<hsize_t>(u.row_end - u.row_begin), static_cast<hsize_t>(nx)};
}

// Everything but the gains and done flags.
void write_header(hid_t file, const UnitFileHeader& h) {
  h5::write_attribute(file, "format", kFormat);
  h5::write_attribute(file, "format_version", kFormatVersion);
  h5::write_attribute(file, "scenario_name", h.scenario_name);
  h5::write_attribute(file, "scenario_yaml", h.scenario_yaml);
  h5::write_attribute(file, "scenario_hash", h.scenario_hash);
  h5::write_attribute(file, "tarang_version", h.tarang_version);
  h5::write_attribute(file, "shard", std::int64_t{h.shard});
  h5::write_attribute(file, "shard_count", std::int64_t{h.shard_count});
  write_grid_group(file, h.grid);
  write_sectors_table(file, h.sectors);
  h5::Handle units = h5::create_group(file, "units");
  std::vector<std::uint32_t> table;
  for (const WorkUnit& u : h.units) {
    table.insert(table.end(), {u.site, u.first_sector, u.sector_count, static_cast<std::uint32_t>(u.row_begin),
                               static_cast<std::uint32_t>(u.row_end)});
  }
  const hsize_t dims[2] = {h.units.size(), kUnitFields};
  h5::write_dataset(units.get(), "table", dims, table.data());
}

void write_done_flags(hid_t dataset, const std::vector<std::uint8_t>& done) {
  const std::vector<std::uint16_t> flags(done.begin(), done.end());
  const hsize_t offset[1] = {0}, count[1] = {flags.size()};
  h5::write_block(dataset, offset, count, flags.data());
}

std::string string_attr(const std::string& path, hid_t file, const std::string& name) {
  if (!h5::attribute_exists(file, name)) throw InputError(path, "missing attribute " + name + " on /");
  return h5::read_string_attribute(file, name);
}

std::int64_t int_attr(const std::string& path, hid_t file, const std::string& name) {
  if (!h5::attribute_exists(file, name)) throw InputError(path, "missing attribute " + name + " on /");
  return h5::read_int_attribute(file, name);
}

UnitFileHeader read_header(const std::string& path, hid_t file) {
  if (!h5::attribute_exists(file, "format") || h5::read_string_attribute(file, "format") != kFormat) {
    throw InputError(path, "not a tarang work-unit file (written by tarang coverage --shard or --checkpoint)");
  }
  const std::int64_t version = int_attr(path, file, "format_version");
  if (version != kFormatVersion) {
    throw InputError(path, "unsupported format_version " + std::to_string(version) + " (this tarang reads " +
                               std::to_string(kFormatVersion) + ")");
  }
  UnitFileHeader h;
  h.scenario_name = string_attr(path, file, "scenario_name");
  h.scenario_yaml = string_attr(path, file, "scenario_yaml");
  h.scenario_hash = string_attr(path, file, "scenario_hash");
  h.tarang_version = string_attr(path, file, "tarang_version");
  h.shard = static_cast<int>(int_attr(path, file, "shard"));
  h.shard_count = static_cast<int>(int_attr(path, file, "shard_count"));
  h.grid = read_grid_group(path, file);
  h.sectors = read_sectors_table(path, file);
  if (!h5::object_exists(file, "/units/table")) throw InputError(path, "missing dataset /units/table");
  std::vector<hsize_t> dims;
  const std::vector<std::uint32_t> table = h5::read_uint32_dataset(file, "/units/table", dims);
  if (dims.size() != 2 || dims[1] != kUnitFields) throw InputError(path, "dataset /units/table is misshapen");
  for (std::size_t i = 0; i < dims[0]; ++i) {
    const std::uint32_t* f = table.data() + i * kUnitFields;
    WorkUnit u{f[0], f[1], f[2], static_cast<std::int32_t>(f[3]), static_cast<std::int32_t>(f[4])};
    if (u.first_sector + u.sector_count > h.sectors.size() || u.row_begin > u.row_end || u.row_end > h.grid.ny) {
      throw InputError(path, "work unit " + std::to_string(i) + " in /units/table lies outside the grid or sectors");
    }
    h.units.push_back(u);
  }
  return h;
}

std::vector<std::uint8_t> read_done(const std::string& path, hid_t file, std::size_t units) {
  if (!h5::object_exists(file, "/units/done")) throw InputError(path, "missing dataset /units/done");
  std::vector<hsize_t> dims;
  const std::vector<std::uint16_t> flags = h5::read_uint16_dataset(file, "/units/done", dims);
  if (flags.size() != units) throw InputError(path, "dataset /units/done does not match /units/table");
  return std::vector<std::uint8_t>(flags.begin(), flags.end());
}

// Why `found` cannot continue the job of `wanted`; "" when it can.
std::string mismatch(const UnitFileHeader& found, const UnitFileHeader& wanted) {
  if (found.scenario_hash != wanted.scenario_hash) {
    return "it belongs to another scenario (hash " + found.scenario_hash + ", this run " + wanted.scenario_hash + ")";
  }
  if (found.units != wanted.units || found.sectors.size() != wanted.sectors.size() ||
      found.grid.nx != wanted.grid.nx || found.grid.ny != wanted.grid.ny) {
    return "its work units differ from this run's";
  }
  return "";
}

// Creates an empty checkpoint at `path` atomically.
void create_checkpoint(const std::string& path, const UnitFileHeader& header) {
  write_atomically(path, [&](const std::string& temp) {
    h5::Handle file = h5::create_file(temp);
    write_header(file.get(), header);
    const auto dims = gain_dims(header);
    h5::create_dataset_for_parts(file.get(), "gain_db", dims, true, true);
    const hsize_t done_dims[1] = {header.units.size()};
    h5::Handle done = h5::create_dataset_for_parts(file.get(), "units/done", done_dims, false, true);
    write_done_flags(done.get(), std::vector<std::uint8_t>(header.units.size(), 0));
    done.reset();
    file.close("close (flush) " + temp);
  });
}

}  // namespace

void write_unit_file(const std::string& path, const UnitFileHeader& header, const std::vector<std::uint8_t>& done,
                     const std::vector<float>& gain_db) {
  write_atomically(path, [&](const std::string& temp) {
    h5::Handle file = h5::create_file(temp);
    write_header(file.get(), header);
    h5::DatasetOptions options;
    options.chunk = {1, kChunkRows, static_cast<hsize_t>(header.grid.nx)};
    options.shuffle = true;
    options.deflate_level = 1;
    const auto dims = gain_dims(header);
    {
      h5::Handle gain = h5::create_dataset_for_parts(file.get(), "gain_db", dims, true, false, options);
      for (std::size_t i = 0; i < header.units.size(); ++i) {
        if (!done[i]) continue;
        const WorkUnit& u = header.units[i];
        const std::vector<float> values = extract_unit_values(u, gain_db.data(), header.grid.nx, header.grid.ny);
        h5::write_block(gain.get(), unit_offset(u), unit_count(u, header.grid.nx), values.data());
      }
      const hsize_t done_dims[1] = {header.units.size()};
      h5::Handle flags = h5::create_dataset_for_parts(file.get(), "units/done", done_dims, false, true);
      write_done_flags(flags.get(), done);
    }
    file.close("close (flush) " + temp);
  });
}

UnitFileContents read_unit_file(const std::string& path) {
  check_readable_hdf5(path, "not a tarang work-unit file (not HDF5)");
  try {
    h5::Handle file = h5::open_file_read(path);
    UnitFileContents c;
    c.header = read_header(path, file.get());
    c.done = read_done(path, file.get(), c.header.units.size());
    if (!h5::object_exists(file.get(), "/gain_db")) throw InputError(path, "missing dataset /gain_db");
    std::vector<hsize_t> dims;
    c.gain_db = h5::read_float_dataset(file.get(), "/gain_db", dims);
    const auto expected = gain_dims(c.header);
    if (dims != std::vector<hsize_t>(expected.begin(), expected.end())) {
      throw InputError(path, "dataset /gain_db does not match the grid and sectors");
    }
    file.close("close " + path);
    return c;
  } catch (const RuntimeFailure& e) {
    throw RuntimeFailure("reading " + path + ": " + e.what());
  }
}

// Open handles of a checkpoint being written.
struct UnitCheckpoint::Files {
  h5::Handle file, gain, done;
};

UnitCheckpoint::UnitCheckpoint(const std::string& path, const UnitFileHeader& header, bool restart)
    : path_(path), header_(header), done_(header.units.size(), 0) {
  bool reuse = false;
  std::error_code ec;
  if (!restart && std::filesystem::exists(path, ec)) {
    const std::string hint = "; delete it or rerun with --restart to discard it";
    try {
      h5::Handle file = h5::open_file_read(path);
      const UnitFileHeader found = read_header(path, file.get());
      const std::string why = mismatch(found, header);
      if (!why.empty()) throw InputError(path, "checkpoint cannot be resumed: " + why + hint);
      done_ = read_done(path, file.get(), header.units.size());
      file.close("close " + path);
    } catch (const InputError& e) {
      if (e.message().rfind("checkpoint cannot be resumed", 0) == 0) throw;
      throw InputError(path, "checkpoint cannot be resumed: " + e.message() + hint);
    } catch (const RuntimeFailure& e) {
      throw InputError(path, std::string("checkpoint cannot be resumed: unreadable (") + e.what() + ")" + hint);
    }
    reuse = true;
  }
  if (!reuse) create_checkpoint(path, header);
  files_ = std::make_unique<Files>();
  files_->file = h5::open_file_write(path);
  files_->gain = h5::open_dataset(files_->file.get(), "gain_db");
  files_->done = h5::open_dataset(files_->file.get(), "units/done");
}

UnitCheckpoint::~UnitCheckpoint() = default;

std::vector<float> UnitCheckpoint::read_unit(std::size_t unit) const {
  const WorkUnit& u = header_.units.at(unit);
  return h5::read_float_block(files_->gain.get(), unit_offset(u), unit_count(u, header_.grid.nx));
}

void UnitCheckpoint::write_unit(std::size_t unit, const std::vector<float>& values) {
  const WorkUnit& u = header_.units.at(unit);
  h5::write_block(files_->gain.get(), unit_offset(u), unit_count(u, header_.grid.nx), values.data());
  h5::flush_file(files_->file.get());  // the values reach the file before the flag that vouches for them
  const std::uint16_t one = 1;
  const hsize_t offset[1] = {unit}, count[1] = {1};
  h5::write_block(files_->done.get(), offset, count, &one);
  h5::flush_file(files_->file.get());
  done_[unit] = 1;
}

void UnitCheckpoint::remove() {
  files_->gain.reset();
  files_->done.reset();
  files_->file.close("close (flush) " + path_);
  std::remove(path_.c_str());
}

}  // namespace tarang

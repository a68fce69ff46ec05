// Gain matrix cache files (format "tarang-gain-matrix", format_version 1); all HDF5 calls via h5_checked.
//
// Layout:
//   /                   attrs format, format_version, input_key (16 hex digits), cell_count, keep_rsrp_dbm
//   /rsrp_offset_db     float64[sectors]
//   /run_count          uint32[sectors]   runs of each sector
//   /entry_count        uint32[sectors]   kept cells of each sector
//   /run_first_cell     uint32[runs], /run_cell_count uint32[runs]
//   /gain_db            float32[entries]  (shuffle + deflate)
//   /computed           uint16[cells]     1 = some sector's gain was computed there
#include "io/gain_matrix_h5.h"

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "core/error.h"
#include "io/h5_checked.h"
#include "io/h5_file_io.h"

namespace tarang {
namespace {

constexpr const char* kFormat = "tarang-gain-matrix";
constexpr std::int64_t kFormatVersion = 1;
constexpr hsize_t kChunk = hsize_t{1} << 20;

void write_file(const std::string& path, const SparseGainMatrix& m, std::uint64_t input_key) {
  h5::Handle file = h5::create_file(path);
  const hid_t f = file.get();
  h5::write_attribute(f, "format", kFormat);
  h5::write_attribute(f, "format_version", kFormatVersion);
  h5::write_attribute(f, "input_key", gain_matrix_key_text(input_key));
  h5::write_attribute(f, "cell_count", static_cast<std::int64_t>(m.cell_count));
  h5::write_attribute(f, "keep_rsrp_dbm", m.keep_rsrp_dbm);

  const std::size_t sectors = m.sector_count();
  std::vector<std::uint32_t> run_count(sectors), entry_count(sectors);
  for (std::size_t k = 0; k < sectors; ++k) {
    run_count[k] = static_cast<std::uint32_t>(m.run_offsets[k + 1] - m.run_offsets[k]);
    entry_count[k] = static_cast<std::uint32_t>(m.entry_count(k));
  }
  std::vector<std::uint32_t> first(m.runs.size()), length(m.runs.size());
  for (std::size_t i = 0; i < m.runs.size(); ++i) first[i] = m.runs[i].first_cell, length[i] = m.runs[i].cell_count;
  const std::vector<std::uint16_t> computed(m.computed.begin(), m.computed.end());

  h5::DatasetOptions packed;
  packed.chunk = {kChunk};
  packed.shuffle = true;
  packed.deflate_level = 1;
  const hsize_t sector_dims[1] = {sectors}, run_dims[1] = {m.runs.size()}, entry_dims[1] = {m.gain_db.size()},
                cell_dims[1] = {m.cell_count};
  h5::write_dataset(f, "rsrp_offset_db", sector_dims, m.rsrp_offset_db.data());
  h5::write_dataset(f, "run_count", sector_dims, run_count.data());
  h5::write_dataset(f, "entry_count", sector_dims, entry_count.data());
  h5::write_dataset(f, "run_first_cell", run_dims, first.data(), packed);
  h5::write_dataset(f, "run_cell_count", run_dims, length.data(), packed);
  h5::write_dataset(f, "gain_db", entry_dims, m.gain_db.data(), packed);
  h5::write_dataset(f, "computed", cell_dims, computed.data(), packed);
  file.close("close (flush) " + path);
}

// Reads and checks a cache file whose header matched; throws std::runtime_error describing an inconsistency.
SparseGainMatrix read_body(hid_t f, std::size_t cell_count) {
  auto fail = [](const std::string& what) -> void { throw std::runtime_error(what); };
  SparseGainMatrix m;
  m.cell_count = cell_count;
  m.keep_rsrp_dbm = h5::read_double_attribute(f, "keep_rsrp_dbm");
  std::vector<hsize_t> dims;
  m.rsrp_offset_db = h5::read_double_dataset(f, "rsrp_offset_db", dims);
  const std::vector<std::uint32_t> run_count = h5::read_uint32_dataset(f, "run_count", dims);
  const std::vector<std::uint32_t> entry_count = h5::read_uint32_dataset(f, "entry_count", dims);
  const std::vector<std::uint32_t> first = h5::read_uint32_dataset(f, "run_first_cell", dims);
  const std::vector<std::uint32_t> length = h5::read_uint32_dataset(f, "run_cell_count", dims);
  m.gain_db = h5::read_float_dataset(f, "gain_db", dims);
  const std::vector<std::uint16_t> computed = h5::read_uint16_dataset(f, "computed", dims);
  const std::size_t sectors = m.rsrp_offset_db.size();
  if (run_count.size() != sectors || entry_count.size() != sectors) fail("per-sector counts do not match");
  if (first.size() != length.size()) fail("run datasets differ in length");
  if (computed.size() != cell_count) fail("computed mask does not match cell_count");
  m.computed.assign(computed.begin(), computed.end());
  m.runs.resize(first.size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    if (static_cast<std::uint64_t>(first[i]) + length[i] > cell_count) fail("a run lies outside the grid");
    m.runs[i] = GainRun{first[i], length[i]};
  }
  m.run_offsets.assign(1, 0);
  m.gain_offsets.assign(1, 0);
  for (std::size_t k = 0; k < sectors; ++k) {
    m.run_offsets.push_back(m.run_offsets.back() + run_count[k]);
    m.gain_offsets.push_back(m.gain_offsets.back() + entry_count[k]);
    if (m.run_offsets.back() > m.runs.size()) fail("run counts exceed the runs stored");
    std::uint64_t cells = 0;
    for (std::uint64_t r = m.run_offsets[k]; r < m.run_offsets[k + 1]; ++r) cells += m.runs[r].cell_count;
    if (cells != entry_count[k]) fail("runs and entry counts disagree");
  }
  if (m.run_offsets.back() != m.runs.size() || m.gain_offsets.back() != m.gain_db.size()) {
    fail("counts do not add up to the stored runs and gains");
  }
  return m;
}

}  // namespace

std::string gain_matrix_key_text(std::uint64_t input_key) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(input_key));
  return text;
}

void write_gain_matrix_cache(const std::string& path, const SparseGainMatrix& m, std::uint64_t input_key) {
  write_atomically(path, [&](const std::string& temp) { write_file(temp, m, input_key); });
}

std::optional<SparseGainMatrix> read_gain_matrix_cache(const std::string& path, std::uint64_t input_key,
                                                       std::string* why) {
  auto unusable = [&](const std::string& reason) -> std::optional<SparseGainMatrix> {
    if (why != nullptr) *why = reason;
    return std::nullopt;
  };
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return unusable("");
  try {
    check_readable_hdf5(path);
    h5::Handle file = h5::open_file_read(path);
    const hid_t f = file.get();
    if (!h5::attribute_exists(f, "format") || h5::read_string_attribute(f, "format") != kFormat) {
      return unusable(path + " is not a gain matrix cache");
    }
    if (h5::read_int_attribute(f, "format_version") != kFormatVersion) {
      return unusable(path + " has another gain matrix format version");
    }
    if (h5::read_string_attribute(f, "input_key") != gain_matrix_key_text(input_key)) {
      return unusable(path + " was built from other inputs");
    }
    const std::int64_t cells = h5::read_int_attribute(f, "cell_count");
    if (cells < 0) return unusable(path + " has a negative cell_count");
    SparseGainMatrix m = read_body(f, static_cast<std::size_t>(cells));
    file.close("close " + path);
    if (why != nullptr) why->clear();
    return m;
  } catch (const std::exception& e) {
    return unusable(path + " cannot be used (" + e.what() + ")");
  }
}

}  // namespace tarang

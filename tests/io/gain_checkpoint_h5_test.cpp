// Gain matrix checkpoints: units written in any order read back bit for bit after reopening, also across a storage
// growth; a checkpoint of other inputs or other units is refused with --restart named, and --restart empties it.
#include "io/gain_checkpoint_h5.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "../support/temp_folder_test.h"
#include "core/error.h"

namespace tarang::test {
namespace {

constexpr std::size_t kCells = 3000000;  // more kept cells than the first storage holds (2^20 gains)

// Rows of `sectors` sectors: sector k keeps `runs` runs of `run_cells` cells, values depending on unit and sector.
SparseGainRows rows_of(std::uint32_t unit, std::size_t sectors, std::uint32_t runs, std::uint32_t run_cells) {
  SparseGainRows rows;
  for (std::size_t k = 0; k < sectors; ++k) {
    rows.runs.emplace_back();
    rows.gain_db.emplace_back();
    for (std::uint32_t r = 0; r < runs; ++r) {
      const std::uint32_t first = static_cast<std::uint32_t>(unit * 7 + k * 3) + r * (run_cells + 2);
      rows.runs.back().push_back(GainRun{first, run_cells});
      for (std::uint32_t i = 0; i < run_cells; ++i) {
        rows.gain_db.back().push_back(-60.0f - 0.001f * static_cast<float>(i + r) - static_cast<float>(unit + k));
      }
    }
  }
  if (!rows.gain_db.empty() && !rows.gain_db[0].empty()) rows.gain_db[0][0] = -INFINITY;
  rows.computed = {GainRun{unit, 5}, GainRun{100 + unit, 1}};
  return rows;
}

// A header of units with these sector counts (RSRP offsets 1, 2, 3, ...).
GainUnitsHeader header_of(std::uint64_t key, std::size_t cells, std::vector<std::uint32_t> unit_sectors) {
  GainUnitsHeader h{key, cells, -130, std::move(unit_sectors), {}};
  for (const std::uint32_t n : h.unit_sectors) {
    for (std::uint32_t k = 0; k < n; ++k) h.rsrp_offset_db.push_back(static_cast<double>(h.rsrp_offset_db.size() + 1));
  }
  return h;
}

void expect_same_rows(const SparseGainRows& e, const SparseGainRows& a) {
  ASSERT_EQ(e.runs.size(), a.runs.size());
  for (std::size_t k = 0; k < e.runs.size(); ++k) {
    ASSERT_EQ(e.runs[k].size(), a.runs[k].size()) << "sector " << k;
    for (std::size_t r = 0; r < e.runs[k].size(); ++r) {
      EXPECT_EQ(e.runs[k][r].first_cell, a.runs[k][r].first_cell);
      EXPECT_EQ(e.runs[k][r].cell_count, a.runs[k][r].cell_count);
    }
    ASSERT_EQ(e.gain_db[k].size(), a.gain_db[k].size());
    EXPECT_EQ(std::memcmp(e.gain_db[k].data(), a.gain_db[k].data(), e.gain_db[k].size() * sizeof(float)), 0);
  }
  ASSERT_EQ(e.computed.size(), a.computed.size());
  for (std::size_t r = 0; r < e.computed.size(); ++r) {
    EXPECT_EQ(e.computed[r].first_cell, a.computed[r].first_cell);
    EXPECT_EQ(e.computed[r].cell_count, a.computed[r].cell_count);
  }
}

class GainCheckpointFile : public TempFolderTest {};

TEST_F(GainCheckpointFile, UnitsWrittenInAnyOrderReadBackAfterReopeningAndGrowth) {
  const std::vector<std::uint32_t> sectors = {3, 1, 2, 3};
  const std::string path = this->path("c.ckpt");
  {
    GainCheckpoint c(path, header_of(0xabcdef, kCells, sectors), false);
    EXPECT_EQ(c.done_count(), 0u);
    c.write_unit(2, rows_of(2, 2, 3, 4));
    c.write_unit(0, rows_of(0, 3, 400000, 1));  // 1.2 M gains, 1.2 M runs: the storage grows
    EXPECT_EQ(c.done_count(), 2u);
    expect_same_rows(rows_of(2, 2, 3, 4), c.read_unit(2));  // still there after the growth
  }
  GainCheckpoint c(path, header_of(0xabcdef, kCells, sectors), false);
  EXPECT_EQ(c.done(), (std::vector<std::uint8_t>{1, 0, 1, 0}));
  expect_same_rows(rows_of(0, 3, 400000, 1), c.read_unit(0));
  expect_same_rows(rows_of(2, 2, 3, 4), c.read_unit(2));
  c.write_unit(1, SparseGainRows{{}, {{}}, {{}}, {}});  // a position that reaches no cell
  c.write_unit(3, rows_of(3, 3, 2, 2));
  expect_same_rows(SparseGainRows{{}, {{}}, {{}}, {}}, c.read_unit(1));
  expect_same_rows(rows_of(3, 3, 2, 2), c.read_unit(3));
  EXPECT_THROW(c.read_unit(4), std::logic_error);
  c.remove();
  EXPECT_TRUE(entries().empty());
}

TEST_F(GainCheckpointFile, OtherInputsAreRefusedUntilRestart) {
  const std::string path = this->path("c.ckpt");
  {
    GainCheckpoint c(path, header_of(0x1111, 100, {1, 2}), false);
    c.write_unit(1, rows_of(1, 2, 1, 3));
  }
  const std::string hint = "; delete it or rerun with --restart to discard it";
  try {
    GainCheckpoint c(path, header_of(0x2222, 100, {1, 2}), false);
    ADD_FAILURE() << "another key was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), path + ": checkpoint cannot be resumed: it belongs to other inputs (gain matrix "
                                            "key 0000000000001111, this run 0000000000002222)" + hint);
  }
  try {
    GainCheckpoint c(path, header_of(0x1111, 100, {2, 1}), false);
    ADD_FAILURE() << "other units were accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ": checkpoint cannot be resumed: its work units differ from this run's" + hint);
  }
  {
    GainCheckpoint kept(path, header_of(0x1111, 100, {1, 2}), false);
    EXPECT_EQ(kept.done_count(), 1u);
  }
  GainCheckpoint c(path, header_of(0x2222, 100, {1, 2}), true);
  EXPECT_EQ(c.done_count(), 0u);
  GainCheckpoint again(path, header_of(0x2222, 100, {1, 2}), false);  // the restarted file carries the new key
  EXPECT_EQ(again.done_count(), 0u);
}

TEST_F(GainCheckpointFile, AFileThatIsNotACheckpointIsRefused) {
  const std::string path = this->path("c.ckpt");
  { std::ofstream(path) << "not hdf5"; }
  try {
    GainCheckpoint c(path, header_of(1, 10, {1}), false);
    ADD_FAILURE() << "a text file was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("checkpoint cannot be resumed"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--restart"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace tarang::test

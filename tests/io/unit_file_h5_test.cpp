// Work-unit files: checkpoints keep finished units across reopen, refuse other jobs unless restarted; shard files
// round-trip their units; bad files are InputErrors.
#include "io/unit_file_h5.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>

#include "../support/temp_folder_test.h"
#include "core/error.h"

namespace tarang::test {
namespace {

// Two sites (2 + 1 sectors) on a 4 x 3 grid; site 0 in two row bands.
UnitFileHeader small_header() {
  UnitFileHeader h;
  h.scenario_name = "u";
  h.scenario_yaml = "name: u\n";
  h.scenario_hash = "00112233aabbccdd";
  h.tarang_version = "test";
  h.grid.nx = 4;
  h.grid.ny = 3;
  h.grid.cell_m = 10;
  h.grid.crs_wkt = "WKT";
  h.sectors = {SectorRecord{"a1", "a"}, SectorRecord{"a2", "a"}, SectorRecord{"b1", "b"}};
  h.units = {WorkUnit{0, 0, 2, 0, 2}, WorkUnit{0, 0, 2, 2, 3}, WorkUnit{1, 2, 1, 0, 3}};
  return h;
}

std::vector<float> unit_values(const UnitFileHeader& h, std::size_t unit, float base) {
  std::vector<float> v(h.units[unit].value_count(h.grid.nx));
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = base + static_cast<float>(i);
  if (!v.empty()) v[0] = -INFINITY;  // the ray tracer's "no ray arrived" survives too
  return v;
}

class UnitFile : public TempFolderTest {};

TEST_F(UnitFile, CheckpointKeepsFinishedUnitsAcrossReopen) {
  const UnitFileHeader h = small_header();
  const std::vector<float> values = unit_values(h, 1, 7.5f);
  {
    UnitCheckpoint c(path("c.ckpt"), h, false);
    EXPECT_EQ(c.done(), (std::vector<std::uint8_t>{0, 0, 0}));
    c.write_unit(1, values);
  }  // closed without remove(): like a process that stopped
  UnitCheckpoint c(path("c.ckpt"), h, false);
  EXPECT_EQ(c.done(), (std::vector<std::uint8_t>{0, 1, 0}));
  const std::vector<float> back = c.read_unit(1);
  ASSERT_EQ(back.size(), values.size());
  EXPECT_EQ(std::memcmp(back.data(), values.data(), values.size() * sizeof(float)), 0);
  c.remove();
  EXPECT_TRUE(entries().empty());
}

TEST_F(UnitFile, CheckpointOfAnotherJobIsRefusedUnlessRestarted) {
  const UnitFileHeader h = small_header();
  {
    UnitCheckpoint c(path("c.ckpt"), h, false);
    c.write_unit(0, unit_values(h, 0, 1));
  }
  UnitFileHeader other = h;
  other.scenario_hash = "ffffffffffffffff";
  try {
    UnitCheckpoint c(path("c.ckpt"), other, false);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), path("c.ckpt") +
                                         ": checkpoint cannot be resumed: it belongs to another scenario (hash "
                                         "00112233aabbccdd, this run ffffffffffffffff); delete it or rerun with "
                                         "--restart to discard it");
  }
  UnitFileHeader split = h;
  split.units.pop_back();
  EXPECT_THROW(UnitCheckpoint(path("c.ckpt"), split, false), InputError);
  UnitCheckpoint restarted(path("c.ckpt"), other, true);
  EXPECT_EQ(restarted.done(), (std::vector<std::uint8_t>{0, 0, 0}));
}

TEST_F(UnitFile, AFileThatIsNoCheckpointIsRefusedWithTheRestartHint) {
  std::ofstream(path("c.ckpt")) << "not hdf5";
  try {
    UnitCheckpoint c(path("c.ckpt"), small_header(), false);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("checkpoint cannot be resumed"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--restart"), std::string::npos) << e.what();
  }
}

TEST_F(UnitFile, ShardFileRoundTripsItsUnits) {
  UnitFileHeader h = small_header();
  h.shard = 2;
  h.shard_count = 2;
  std::vector<float> gain(h.sectors.size() * h.grid.cell_count(), 0.0f);
  const std::vector<float> values = unit_values(h, 2, 3.25f);
  place_unit_values(h.units[2], values.data(), h.grid.nx, h.grid.ny, gain.data());
  write_unit_file(path("p.h5"), h, {0, 0, 1}, gain);
  EXPECT_EQ(entries(), (std::set<std::string>{"p.h5"}));

  const UnitFileContents c = read_unit_file(path("p.h5"));
  EXPECT_EQ(c.header.scenario_hash, h.scenario_hash);
  EXPECT_EQ(c.header.scenario_yaml, h.scenario_yaml);
  EXPECT_EQ(c.header.units, h.units);
  EXPECT_EQ(c.header.shard, 2);
  EXPECT_EQ(c.header.shard_count, 2);
  EXPECT_EQ(c.header.grid.nx, 4);
  EXPECT_EQ(c.header.sectors[2].id, "b1");
  EXPECT_EQ(c.done, (std::vector<std::uint8_t>{0, 0, 1}));
  const std::vector<float> back = extract_unit_values(h.units[2], c.gain_db.data(), h.grid.nx, h.grid.ny);
  EXPECT_EQ(std::memcmp(back.data(), values.data(), values.size() * sizeof(float)), 0);
}

TEST_F(UnitFile, ReadingMissingOrForeignFilesIsAnInputError) {
  EXPECT_THROW(read_unit_file(path("missing.h5")), InputError);
  std::ofstream(path("text.h5")) << "plain text";
  try {
    read_unit_file(path("text.h5"));
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), path("text.h5") + ": not a tarang work-unit file (not HDF5)");
  }
}

}  // namespace
}  // namespace tarang::test

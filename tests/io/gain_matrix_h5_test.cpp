// Gain matrix cache files: exact round trip, key checks, foreign and damaged files, atomic writes.
#include "io/gain_matrix_h5.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>

#include "core/error.h"
#include "io/h5_checked.h"
#include "tests/support/temp_folder_test.h"

namespace tarang {
namespace {

class GainMatrixH5Test : public test::TempFolderTest {};

// 3 sectors over 10 cells, one sector without any entry, gains with awkward values.
SparseGainMatrix sample() {
  SparseGainMatrix m;
  m.cell_count = 10;
  m.keep_rsrp_dbm = -123.25;
  m.rsrp_offset_db = {10.847, 7.5, -3.0};
  m.computed = {1, 1, 1, 0, 1, 1, 1, 1, 1, 1};
  m.runs = {{0, 3}, {5, 2}, {9, 1}, /* sector 2 */ {1, 1}};
  m.gain_db = {-100.5f, -1e-30f, -std::numeric_limits<float>::max(), -90, -91, -120, -77.125f};
  m.run_offsets = {0, 3, 3, 4};
  m.gain_offsets = {0, 6, 6, 7};
  return m;
}

void expect_equal(const SparseGainMatrix& a, const SparseGainMatrix& b) {
  EXPECT_EQ(a.cell_count, b.cell_count);
  EXPECT_EQ(a.keep_rsrp_dbm, b.keep_rsrp_dbm);
  EXPECT_EQ(a.rsrp_offset_db, b.rsrp_offset_db);
  EXPECT_EQ(a.computed, b.computed);
  EXPECT_EQ(a.run_offsets, b.run_offsets);
  EXPECT_EQ(a.gain_offsets, b.gain_offsets);
  EXPECT_EQ(a.gain_db, b.gain_db);
  ASSERT_EQ(a.runs.size(), b.runs.size());
  for (std::size_t i = 0; i < a.runs.size(); ++i) {
    EXPECT_EQ(a.runs[i].first_cell, b.runs[i].first_cell);
    EXPECT_EQ(a.runs[i].cell_count, b.runs[i].cell_count);
  }
}

TEST_F(GainMatrixH5Test, RoundTripIsExact) {
  const std::uint64_t key = 0xfedcba9876543210ULL;
  write_gain_matrix_cache(path("m.h5"), sample(), key);
  std::string why = "x";
  const auto m = read_gain_matrix_cache(path("m.h5"), key, &why);
  ASSERT_TRUE(m.has_value()) << why;
  EXPECT_EQ(why, "");
  expect_equal(*m, sample());
  EXPECT_EQ(entries(), (std::set<std::string>{"m.h5"}));  // no temp file left
}

TEST_F(GainMatrixH5Test, EmptyMatrixRoundTrips) {
  SparseGainMatrix empty;
  empty.cell_count = 4;
  empty.computed.assign(4, 0);
  write_gain_matrix_cache(path("e.h5"), empty, 1);
  const auto m = read_gain_matrix_cache(path("e.h5"), 1);
  ASSERT_TRUE(m.has_value());
  expect_equal(*m, empty);
}

TEST_F(GainMatrixH5Test, KeyIsStoredAsHexAndOtherKeysAreRefused) {
  write_gain_matrix_cache(path("m.h5"), sample(), 0xabcULL);
  {
    h5::Handle file = h5::open_file_read(path("m.h5"));
    EXPECT_EQ(h5::read_string_attribute(file.get(), "input_key"), "0000000000000abc");
  }
  std::string why;
  EXPECT_FALSE(read_gain_matrix_cache(path("m.h5"), 0xabdULL, &why).has_value());
  EXPECT_NE(why.find("other inputs"), std::string::npos) << why;
}

TEST_F(GainMatrixH5Test, MissingForeignAndDamagedFilesAreNotUsedAndNeverThrow) {
  std::string why = "x";
  EXPECT_FALSE(read_gain_matrix_cache(path("none.h5"), 1, &why).has_value());
  EXPECT_EQ(why, "");
  std::ofstream(path("text.h5")) << "not hdf5";
  EXPECT_FALSE(read_gain_matrix_cache(path("text.h5"), 1, &why).has_value());
  EXPECT_NE(why.find("cannot be used"), std::string::npos) << why;
  {  // an HDF5 file of another kind
    h5::Handle file = h5::create_file(path("other.h5"));
    h5::write_attribute(file.get(), "format", "tarang-results");
  }
  EXPECT_FALSE(read_gain_matrix_cache(path("other.h5"), 1, &why).has_value());
  EXPECT_NE(why.find("not a gain matrix cache"), std::string::npos) << why;
  {  // the right header, but runs that leave the grid
    h5::Handle file = h5::create_file(path("bad.h5"));
    h5::write_attribute(file.get(), "format", "tarang-gain-matrix");
    h5::write_attribute(file.get(), "format_version", std::int64_t{1});
    h5::write_attribute(file.get(), "input_key", gain_matrix_key_text(1));
    h5::write_attribute(file.get(), "cell_count", std::int64_t{2});
    h5::write_attribute(file.get(), "keep_rsrp_dbm", -100.0);
    const hsize_t one[1] = {1}, two[1] = {2};
    const double offset = 0;
    const std::uint32_t count = 1, first = 1, length = 5;
    const float gain = -90;
    const std::uint16_t computed[2] = {1, 1};
    h5::write_dataset(file.get(), "rsrp_offset_db", one, &offset);
    h5::write_dataset(file.get(), "run_count", one, &count);
    h5::write_dataset(file.get(), "entry_count", one, &length);
    h5::write_dataset(file.get(), "run_first_cell", one, &first);
    h5::write_dataset(file.get(), "run_cell_count", one, &length);
    h5::write_dataset(file.get(), "gain_db", one, &gain);
    h5::write_dataset(file.get(), "computed", two, computed);
  }
  EXPECT_FALSE(read_gain_matrix_cache(path("bad.h5"), 1, &why).has_value());
  EXPECT_NE(why.find("outside the grid"), std::string::npos) << why;
}

TEST_F(GainMatrixH5Test, WritingIntoAMissingFolderIsAnInputError) {
  EXPECT_THROW(write_gain_matrix_cache(path("no/such/m.h5"), sample(), 1), InputError);
}

}  // namespace
}  // namespace tarang

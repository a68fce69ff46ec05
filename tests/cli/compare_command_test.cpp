// `tarang compare`: the KPI table of mixed coverage and plan results, grid checks, and difference maps by hand.
#include "cli/compare_command.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "core/error.h"
#include "io/h5_checked.h"
#include "io/plan_h5.h"
#include "io/results_h5.h"
#include "tests/support/temp_folder_test.h"

namespace tarang {
namespace {

const float kInf = std::numeric_limits<float>::infinity();

class CompareCommandTest : public test::TempFolderTest {};

// The cells of the table row named `name` (the 24-character name column, then whitespace-separated values).
std::vector<std::string> row_cells(const std::string& table, const std::string& name) {
  std::istringstream lines(table);
  for (std::string line; std::getline(lines, line);) {
    if (line.size() < 24 || line.substr(0, 24).find_last_not_of(' ') + 1 != name.size() ||
        line.compare(0, name.size(), name) != 0) {
      continue;
    }
    std::istringstream cells(line.substr(24));
    std::vector<std::string> out;
    for (std::string cell; cells >> cell;) out.push_back(cell);
    return out;
  }
  return {};
}

// A 2 x 2 grid result: cell 3 not computed; `shift` moves RSRP and SINR.
CoverageResult result(float shift) {
  CoverageResult r;
  r.meta.scenario_name = "s";
  r.grid.west_m = 100, r.grid.north_m = 200, r.grid.cell_m = 10, r.grid.nx = 2, r.grid.ny = 2;
  r.grid.crs_wkt = "LOCAL_CS[\"x\"]";
  r.sectors = {{"k", "site", 105, 195, 30, 0, 0, 46, 3.5e9}};
  r.maps.gain_db = {-90, -95, -100, NAN};
  r.maps.rsrp_dbm = {-100 + shift, -106 + shift, -kInf, NAN};
  r.maps.best_sector = {0, 0, -1, -1};
  r.maps.sinr_db = {10 + shift, 3 + shift, -kInf, NAN};
  r.maps.throughput_mbps = {200 + shift, 100 + shift, 0, NAN};
  r.kpis.covered_fraction = shift > 0 ? 2.0 / 3 : 1.0 / 3;
  r.kpis.target_rsrp_dbm = -105, r.kpis.target_sinr_db = -5;
  r.kpis.rsrp_p5_dbm = -110.5;
  return r;
}

PlanResult plan() {
  PlanResult p;
  p.candidates = {{"a", "a", 1, false, true}, {"b", "b", 1, false, false}};
  p.selected = {0};
  p.cost = 1;
  p.bound = 1, p.gap = 0, p.bound_source = "milp-optimal";
  return p;
}

TEST_F(CompareCommandTest, TableShowsCoverageAndPlanResultsSideBySide) {
  write_coverage_result(path("before.h5"), result(0));
  write_plan_result(path("after.h5"), result(2), plan());
  const std::vector<ComparedResult> results = read_compared_results({path("before.h5"), path("after.h5")});
  ASSERT_FALSE(results[0].plan.has_value());
  ASSERT_TRUE(results[1].plan.has_value());
  const std::string table = format_comparison_table(results);
  SCOPED_TRACE(table);
  using Cells = std::vector<std::string>;
  EXPECT_EQ(row_cells(table, ""), (Cells{"before.h5", "after.h5"}));
  EXPECT_EQ(row_cells(table, "kind"), (Cells{"coverage", "plan"}));
  EXPECT_EQ(row_cells(table, "sites"), (Cells{"-", "1"}));
  EXPECT_EQ(row_cells(table, "covered (%)"), (Cells{"33.3", "66.7"}));
  EXPECT_EQ(row_cells(table, "RSRP p5 (dBm)"), (Cells{"-110.5", "-110.5"}));
  EXPECT_EQ(row_cells(table, "gap (%)"), (Cells{"-", "0.0"}));
  EXPECT_EQ(row_cells(table, "target met"), (Cells{"-", "yes"}));
  EXPECT_EQ(row_cells(table, "targets (dBm / dB)"), (Cells{"-105/-5", "-105/-5"}));
}

TEST_F(CompareCommandTest, SameFileNamesInTwoFoldersAreLabelledByPath) {
  std::filesystem::create_directories(path("x"));
  std::filesystem::create_directories(path("y"));
  write_coverage_result(path("x/r.h5"), result(0));
  write_coverage_result(path("y/r.h5"), result(1));
  const std::string table = format_comparison_table(read_compared_results({path("x/r.h5"), path("y/r.h5")}));
  EXPECT_NE(table.find(path("x/r.h5")), std::string::npos) << table;
}

TEST_F(CompareCommandTest, DifferingGridsAreAnInputErrorSayingWhatDiffers) {
  write_coverage_result(path("a.h5"), result(0));
  CoverageResult moved = result(0);
  moved.grid.west_m += 5;
  write_coverage_result(path("b.h5"), moved);
  CoverageResult bigger = result(0);
  bigger.grid.nx = 1;
  bigger.maps = {{-90, -95}, {-100, -100}, {0, 0}, {1, 1}, {1, 1}};
  write_coverage_result(path("c.h5"), bigger);
  try {
    run_compare_command(CompareArgs{{path("a.h5"), path("b.h5")}, path("d.h5")});
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), path("b.h5"));
    EXPECT_NE(e.message().find("north-west corner (105.000, 200.000) m vs (100.000, 200.000) m"), std::string::npos)
        << e.what();
  }
  try {
    check_same_grid(read_compared_results({path("a.h5"), path("c.h5")}));
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(e.message().find("1 x 2 cells vs 2 x 2"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(path("d.h5")));  // nothing written
  EXPECT_THROW(run_compare_command(CompareArgs{{path("a.h5")}, ""}), InputError);
}

TEST_F(CompareCommandTest, DifferenceMapsByHand) {
  write_coverage_result(path("a.h5"), result(0));
  write_plan_result(path("b.h5"), result(2), plan());
  EXPECT_EQ(run_compare_command(CompareArgs{{path("a.h5"), path("b.h5")}, path("diff.h5")}), 0);
  EXPECT_FALSE(std::filesystem::exists(path("diff.h5.tmp")));
  h5::Handle file = h5::open_file_read(path("diff.h5"));
  EXPECT_EQ(h5::read_string_attribute(file.get(), "format"), "tarang-difference");
  EXPECT_EQ(h5::read_string_attribute(file.get(), "reference"), path("a.h5"));
  EXPECT_EQ(h5::read_string_dataset(file.get(), "compared"), (std::vector<std::string>{path("b.h5")}));
  EXPECT_EQ(h5::read_int_attribute(h5::open_group(file.get(), "grid").get(), "nx"), 2);
  std::vector<hsize_t> dims;
  const std::vector<float> rsrp = h5::read_float_dataset(file.get(), "diff/rsrp_db", dims);
  EXPECT_EQ(dims, (std::vector<hsize_t>{1, 2, 2}));
  EXPECT_FLOAT_EQ(rsrp[0], 2);
  EXPECT_FLOAT_EQ(rsrp[1], 2);
  EXPECT_EQ(rsrp[2], 0);  // no signal in both
  EXPECT_TRUE(std::isnan(rsrp[3]));  // not computed
  EXPECT_FLOAT_EQ(h5::read_float_dataset(file.get(), "diff/throughput_mbps", dims)[1], 2);
  // Cell 1 goes from -106 dBm (uncovered) to -104 dBm (covered); cell 0 stays covered.
  EXPECT_EQ(h5::read_int32_dataset(file.get(), "diff/coverage_change", dims), (std::vector<std::int32_t>{0, 1, 0, 0}));
}

TEST_F(CompareCommandTest, ThreeResultsGiveTwoLayers) {
  write_coverage_result(path("a.h5"), result(0));
  write_coverage_result(path("b.h5"), result(1));
  write_coverage_result(path("c.h5"), result(-6));
  const DifferenceMaps d = difference_maps(read_compared_results({path("a.h5"), path("b.h5"), path("c.h5")}));
  ASSERT_EQ(d.rsrp_db.size(), 8u);
  EXPECT_EQ(d.compared_paths, (std::vector<std::string>{path("b.h5"), path("c.h5")}));
  EXPECT_FLOAT_EQ(d.rsrp_db[0], 1);
  EXPECT_FLOAT_EQ(d.rsrp_db[4], -6);
  EXPECT_FLOAT_EQ(d.sinr_db[5], -6);
  EXPECT_EQ(d.coverage_change[0], 0);   // -99 dBm: covered in both
  EXPECT_EQ(d.coverage_change[4], -1);  // -106 dBm in c: lost
}

}  // namespace
}  // namespace tarang

// `tarang calibrate` end to end: the table, the three outputs, no raw rows in them, the fragment accepted by
// `tarang coverage` (and lowering the error), and bad inputs (one-line error, exit code 2, nothing written).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "calibration/synthetic_measurements.h"
#include "io/results_h5.h"
#include "io/scenario_yaml.h"
#include "planner/coverage_run.h"
#include "tests/support/captured_run.h"

namespace fs = std::filesystem;

namespace tarang {
namespace {

using test::slurp;

const char* kScenario = R"(name: cal
scene: {crs: "EPSG:32643"}
radio: {frequency_hz: 3.5e9, bandwidth_hz: 20e6, subcarrier_spacing_hz: 15e3}
sites:
  - id: s
    x_m: 715000
    y_m: 3167000
    height_m: 25
    sectors:
      - {id: a1, pci: 11, azimuth_deg: 0, tilt_deg: 6, power_dbm: 43}
      - {id: a2, pci: 12, azimuth_deg: 120, tilt_deg: 6, power_dbm: 43}
      - {id: a3, pci: 13, azimuth_deg: 240, tilt_deg: 6, power_dbm: 43}
propagation: {model: 3gpp-38901, scenario: uma, los: los}
grid: {bounds_m: [714400, 3166400, 715600, 3167600], cell_m: 20}
)";

class CalibrateCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("tarang_calibrate_cli_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "cal.yaml") << kScenario;
    const Scenario s = load_scenario_file((dir_ / "cal.yaml").string());
    model_ = run_coverage(s, CoverageRunOptions{2, false});
    SyntheticTruth truth;
    truth.correction.sectors = {{"a1", 5, 0}, {"a2", -4, 0}, {"a3", 3, 0}};
    SyntheticOptions o;
    o.devices = 2000, o.rows_per_device = 6, o.walk_m = 30, o.seed = 3;
    rows_ = synthesize_measurements(s, model_, truth, o);
    write_measurements_csv((dir_ / "meas.csv").string(), rows_, false);
  }
  void TearDown() override { fs::remove_all(dir_); }

  int tarang(const std::string& args) {
    const test::RunResult r = test::run_captured(std::string(TARANG_EXE) + " " + args, dir_);
    out_ = r.out, err_ = r.err;
    return r.exit_code;
  }

  std::string calibrate_args() const {
    return "calibrate " + (dir_ / "cal.yaml").string() + " --measurements " + (dir_ / "meas.csv").string() +
           " --epsilon 4 --seed 9 --cell-factor 5 --k 5 --max-cells-per-device 2";
  }

  fs::path dir_;
  CoverageResult model_;
  std::vector<SyntheticRow> rows_;
  std::string out_, err_;
};

TEST_F(CalibrateCli, WritesFragmentReportAndDemandWithTheErrorTable) {
  ASSERT_EQ(tarang(calibrate_args() + " -o " + (dir_ / "calibrated.yaml").string() + " --report " +
                   (dir_ / "calib.h5").string() + " --demand " + (dir_ / "demand.tif").string()),
            0)
      << err_;
  for (const char* text : {"measurements: ", "privacy: epsilon 4, Laplace", "before (dB)", "after (dB)", "rmse",
                           "\na1 ", "\ntotal ", "wrote "}) {
    EXPECT_NE(out_.find(text), std::string::npos) << text << " in\n" << out_;
  }
  for (const char* file : {"calibrated.yaml", "calib.h5", "demand.tif"}) EXPECT_TRUE(fs::exists(dir_ / file)) << file;
  const std::string fragment = slurp(dir_ / "calibrated.yaml");
  EXPECT_EQ(fragment.rfind("# Calibration of scenario 'cal'", 0), 0u) << fragment;
  EXPECT_NE(fragment.find("calibration:"), std::string::npos);
  EXPECT_NE(fragment.find("{id: a2, offset_db: "), std::string::npos) << fragment;
}

TEST_F(CalibrateCli, EpsilonInfinityWarnsThatNothingIsPrivate) {
  ASSERT_EQ(tarang("calibrate " + (dir_ / "cal.yaml").string() + " --measurements " + (dir_ / "meas.csv").string() +
                   " --epsilon inf -o " + (dir_ / "calibrated.yaml").string()),
            0)
      << err_;
  EXPECT_NE(err_.find("warning: --epsilon inf adds no noise: the outputs are NOT differentially private"),
            std::string::npos)
      << err_;
  EXPECT_NE(out_.find("noise scale: count 0, sum 0 dB, demand 0"), std::string::npos) << out_;
}

TEST_F(CalibrateCli, OutputsHoldNoRawRows) {
  ASSERT_EQ(tarang(calibrate_args() + " -o " + (dir_ / "calibrated.yaml").string() + " --report " +
                   (dir_ / "calib.h5").string() + " --demand " + (dir_ / "demand.tif").string()),
            0)
      << err_;
  // Scan every byte of every output for each row's device id, timestamp and RSRP / coordinates (as text with the
  // CSV's digits, and as the float64 the reader parsed).
  for (const char* file : {"calibrated.yaml", "calib.h5", "demand.tif"}) {
    const std::string bytes = slurp(dir_ / file);
    ASSERT_FALSE(bytes.empty()) << file;
    for (const SyntheticRow& r : rows_) {
      ASSERT_EQ(bytes.find(r.device_id), std::string::npos) << file << " holds " << r.device_id;
      ASSERT_EQ(bytes.find(r.timestamp), std::string::npos) << file << " holds " << r.timestamp;
      char text[64];
      std::snprintf(text, sizeof text, "%.3f", r.rsrp_dbm);
      const double rsrp = std::strtod(text, nullptr);
      ASSERT_EQ(bytes.find(text), std::string::npos) << file << " holds the RSRP " << text;
      std::snprintf(text, sizeof text, "%.3f,%.3f", r.x, r.y);
      ASSERT_EQ(bytes.find(text), std::string::npos) << file << " holds the position " << text;
      char binary[sizeof(double)];
      std::memcpy(binary, &rsrp, sizeof rsrp);
      ASSERT_EQ(bytes.find(std::string(binary, sizeof binary)), std::string::npos) << file << " holds an RSRP value";
    }
  }
}

TEST_F(CalibrateCli, CoverageAcceptsTheFragmentAndFitsTheMeasurementsBetter) {
  ASSERT_EQ(tarang(calibrate_args() + " -o " + (dir_ / "calibrated.yaml").string()), 0) << err_;
  std::ofstream(dir_ / "calibrated_scenario.yaml") << kScenario << "calibration: calibrated.yaml\n";
  ASSERT_EQ(tarang("coverage " + (dir_ / "calibrated_scenario.yaml").string() + " -o " + (dir_ / "after.h5").string()),
            0)
      << err_;
  const CoverageResult after = read_coverage_result((dir_ / "after.h5").string());
  const auto rmse = [&](const CoverageResult& r) {
    double sq = 0;
    for (const SyntheticRow& row : rows_) {
      const int col = static_cast<int>((row.x - r.grid.west_m) / r.grid.cell_m);
      const int line = static_cast<int>((r.grid.north_m - row.y) / r.grid.cell_m);
      const double e = r.maps.rsrp_dbm[static_cast<std::size_t>(line) * r.grid.nx + col] - row.rsrp_dbm;
      sq += e * e;
    }
    return std::sqrt(sq / rows_.size());
  };
  // Truth: offsets +5 / -4 / +3 dB and 4 dB shadowing; a private fit at epsilon 4 lands near 4 dB RMS.
  const double before_db = rmse(model_), after_db = rmse(after);
  EXPECT_LT(after_db, before_db - 1.0) << before_db << " -> " << after_db;
}

TEST_F(CalibrateCli, BadMaterialScalesInTheScenarioAreRejectedAndNothingIsWritten) {
  std::ofstream(dir_ / "cal.yaml") << kScenario
                                   << "calibration:\n  materials:\n    concrete: {permittivity_scale: 0}\n";
  const std::vector<std::string> commands{
      calibrate_args() + " -o " + (dir_ / "out.yaml").string() + " --report " + (dir_ / "out.h5").string(),
      "coverage " + (dir_ / "cal.yaml").string() + " -o " + (dir_ / "out.h5").string()};
  for (const std::string& command : commands) {
    EXPECT_EQ(tarang(command), 2) << err_;
    EXPECT_EQ(err_, "error: " + (dir_ / "cal.yaml").string() +
                        ":17: calibration.materials.concrete.permittivity_scale: must be between 0.01 and 100 "
                        "(got 0)\n");
    for (const char* file : {"out.yaml", "out.h5", "out.yaml.tmp", "out.h5.tmp"}) {
      EXPECT_FALSE(fs::exists(dir_ / file)) << file;
    }
  }
}

struct BadCalibrate {
  const char* name;
  std::string extra_args;
  std::string csv;  // "" = the synthetic file
  std::string expected;
};

class CalibrateCliRejects : public CalibrateCli, public ::testing::WithParamInterface<BadCalibrate> {};

void PrintTo(const BadCalibrate& c, std::ostream* os) { *os << c.name; }

TEST_P(CalibrateCliRejects, WithOneLineErrorExitCode2AndNothingWritten) {
  const BadCalibrate& c = GetParam();
  if (!c.csv.empty()) std::ofstream(dir_ / "meas.csv") << c.csv;
  std::string args = c.extra_args;
  for (auto pos = args.find("{dir}"); pos != std::string::npos; pos = args.find("{dir}")) args.replace(pos, 5, dir_.string());
  const int code = tarang("calibrate " + (dir_ / "cal.yaml").string() + " -o " + (dir_ / "out.yaml").string() +
                          " --report " + (dir_ / "out.h5").string() + " --demand " + (dir_ / "out.tif").string() + " " +
                          args);
  EXPECT_EQ(code, 2) << err_;
  EXPECT_EQ(err_.rfind("error: ", 0), 0u) << err_;
  EXPECT_NE(err_.find(c.expected), std::string::npos) << err_;
  EXPECT_EQ(std::count(err_.begin(), err_.end(), '\n'), 1) << err_;
  for (const char* file : {"out.yaml", "out.h5", "out.tif", "out.yaml.tmp", "out.h5.tmp", "out.tif.tmp"}) {
    EXPECT_FALSE(fs::exists(dir_ / file)) << file;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CalibrateCliRejects,
    ::testing::Values(
        BadCalibrate{"ZeroEpsilon", "--measurements {dir}/meas.csv --epsilon 0", "", "--epsilon: must be a number > 0"},
        BadCalibrate{"BadMechanism", "--measurements {dir}/meas.csv --mechanism exponential", "",
                     "--mechanism: must be laplace or gaussian"},
        BadCalibrate{"GaussianWithoutDelta", "--measurements {dir}/meas.csv --mechanism gaussian --delta 0", "",
                     "--delta: must be in (0, 1)"},
        BadCalibrate{"EmptyClipRange", "--measurements {dir}/meas.csv --clip-min-dbm -50 --clip-max-dbm -60", "",
                     "--clip-min-dbm: must be below --clip-max-dbm"},
        BadCalibrate{"ZeroBound", "--measurements {dir}/meas.csv --max-cells-per-device 0", "",
                     "--max-cells-per-device: must be >= 1"},
        BadCalibrate{"MissingMeasurements", "--measurements {dir}/none.csv", "", "none.csv: file not found"},
        BadCalibrate{"NoRsrpColumn", "--measurements {dir}/meas.csv", "x,y,cell\n715000,3167000,a1\n",
                     "meas.csv: no RSRP column"},
        BadCalibrate{"NoCellColumn", "--measurements {dir}/meas.csv", "x,y,rsrp\n715000,3167000,-90\n",
                     "meas.csv: no cell column"},
        BadCalibrate{"BadSeed", "--measurements {dir}/meas.csv --seed -3", "", "--seed: must be a whole number"}),
    [](const ::testing::TestParamInfo<BadCalibrate>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace tarang

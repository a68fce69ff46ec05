// Tests for the coverage-results HDF5 writer/reader: exact round trips, atomic writes, errors, and the layout via h5py.
#include "io/results_h5.h"

#include <gtest/gtest.h>

#include "tests/support/temp_folder_test.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "io/h5_checked.h"

namespace tarang {
namespace {

namespace fs = std::filesystem;

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const char* const kUnicodeYaml = "name: Güntersberg–Süd 🚀\nnote: \"κόσμε — 東京\"\n";

class ResultsH5Test : public test::TempFolderTest {};

// 3 sectors on a 7 x 5 grid with NaNs in gain, -1 in best_sector, and unicode in the scenario text.
CoverageResult make_result() {
  CoverageResult r;
  r.meta.scenario_name = "campus-ü";
  r.meta.scenario_yaml = kUnicodeYaml;
  r.meta.tarang_version = "0.1.0";
  r.meta.created_utc = "2026-11-29T05:00:00Z";
  r.meta.command_line = "tarang run --out 'x y.h5' scenario.yaml";

  r.grid.west_m = 500000.25;
  r.grid.north_m = 4200000.75;
  r.grid.cell_m = 12.5;
  r.grid.nx = 7;
  r.grid.ny = 5;
  r.grid.height_m = 1.75;
  r.grid.crs_wkt = "PROJCS[\"WGS 84 / UTM zone 33N\",GEOGCS[\"WGS 84\"]]";

  r.sectors = {
      {"S1", "siteA", 500010.0, 4199990.0, 30.0, 0.0, 6.0, 46.0, 3.5e9},
      {"sector-two-long-name", "siteA", 500010.0, 4199990.0, 30.0, 120.0, 4.5, 43.0, 3.5e9},
      {"S3", "B", 500070.5, 4199950.125, 25.0, 240.0, 2.0, 40.0, 3.7e9},
  };

  const std::size_t cells = r.grid.cell_count();
  r.maps.gain_db.resize(r.sectors.size() * cells);
  for (std::size_t s = 0; s < r.sectors.size(); ++s) {
    for (int row = 0; row < r.grid.ny; ++row) {
      for (int col = 0; col < r.grid.nx; ++col) {
        r.maps.gain_db[s * cells + static_cast<std::size_t>(row * r.grid.nx + col)] =
            -60.5f - 3.25f * static_cast<float>(s) - 1.5f * static_cast<float>(row) - 0.125f * static_cast<float>(col);
      }
    }
  }
  r.maps.gain_db[0] = kNaN;
  r.maps.gain_db[2 * cells + cells - 1] = kNaN;
  for (std::size_t i = 0; i < cells; ++i) {
    r.maps.rsrp_dbm.push_back(-80.0f - 0.5f * static_cast<float>(i));
    r.maps.best_sector.push_back(static_cast<std::int32_t>(i % 4) - 1);  // -1, 0, 1, 2, ...
    r.maps.sinr_db.push_back(20.0f - 0.75f * static_cast<float>(i));
    r.maps.throughput_mbps.push_back(i % 5 == 0 ? 0.0f : 1.0f / static_cast<float>(i));
  }
  r.maps.rsrp_dbm[3] = kNaN;

  r.kpis = {0.875, -105.0, -5.0, -101.5, -88.25, -70.125, -3.5, 7.25, 21.0, 1.5, 120.75, 480.0};
  return r;
}

// Bitwise equality, so NaNs compare equal to themselves and nothing is lost.
void expect_same_floats(const std::vector<float>& actual, const std::vector<float>& expected, const char* what) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    EXPECT_EQ(std::memcmp(&actual[i], &expected[i], sizeof(float)), 0)
        << what << "[" << i << "]: " << actual[i] << " vs " << expected[i];
  }
}

void expect_same(const CoverageResult& a, const CoverageResult& b, bool with_gain = true) {
  EXPECT_EQ(a.meta.scenario_name, b.meta.scenario_name);
  EXPECT_EQ(a.meta.scenario_yaml, b.meta.scenario_yaml);
  EXPECT_EQ(a.meta.tarang_version, b.meta.tarang_version);
  EXPECT_EQ(a.meta.created_utc, b.meta.created_utc);
  EXPECT_EQ(a.meta.command_line, b.meta.command_line);

  EXPECT_EQ(a.grid.west_m, b.grid.west_m);
  EXPECT_EQ(a.grid.north_m, b.grid.north_m);
  EXPECT_EQ(a.grid.cell_m, b.grid.cell_m);
  EXPECT_EQ(a.grid.nx, b.grid.nx);
  EXPECT_EQ(a.grid.ny, b.grid.ny);
  EXPECT_EQ(a.grid.height_m, b.grid.height_m);
  EXPECT_EQ(a.grid.crs_wkt, b.grid.crs_wkt);

  ASSERT_EQ(a.sectors.size(), b.sectors.size());
  for (std::size_t i = 0; i < a.sectors.size(); ++i) {
    const SectorRecord &x = a.sectors[i], &y = b.sectors[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.site_id, y.site_id);
    EXPECT_EQ(x.x_m, y.x_m);
    EXPECT_EQ(x.y_m, y.y_m);
    EXPECT_EQ(x.z_m, y.z_m);
    EXPECT_EQ(x.azimuth_deg, y.azimuth_deg);
    EXPECT_EQ(x.tilt_deg, y.tilt_deg);
    EXPECT_EQ(x.power_dbm, y.power_dbm);
    EXPECT_EQ(x.frequency_hz, y.frequency_hz);
  }

  if (with_gain) expect_same_floats(a.maps.gain_db, b.maps.gain_db, "gain_db");
  expect_same_floats(a.maps.rsrp_dbm, b.maps.rsrp_dbm, "rsrp_dbm");
  EXPECT_EQ(a.maps.best_sector, b.maps.best_sector);
  expect_same_floats(a.maps.sinr_db, b.maps.sinr_db, "sinr_db");
  expect_same_floats(a.maps.throughput_mbps, b.maps.throughput_mbps, "throughput_mbps");

  EXPECT_EQ(a.kpis.covered_fraction, b.kpis.covered_fraction);
  EXPECT_EQ(a.kpis.target_rsrp_dbm, b.kpis.target_rsrp_dbm);
  EXPECT_EQ(a.kpis.target_sinr_db, b.kpis.target_sinr_db);
  EXPECT_EQ(a.kpis.rsrp_p5_dbm, b.kpis.rsrp_p5_dbm);
  EXPECT_EQ(a.kpis.rsrp_p50_dbm, b.kpis.rsrp_p50_dbm);
  EXPECT_EQ(a.kpis.rsrp_p95_dbm, b.kpis.rsrp_p95_dbm);
  EXPECT_EQ(a.kpis.sinr_p5_db, b.kpis.sinr_p5_db);
  EXPECT_EQ(a.kpis.sinr_p50_db, b.kpis.sinr_p50_db);
  EXPECT_EQ(a.kpis.sinr_p95_db, b.kpis.sinr_p95_db);
  EXPECT_EQ(a.kpis.throughput_p5_mbps, b.kpis.throughput_p5_mbps);
  EXPECT_EQ(a.kpis.throughput_p50_mbps, b.kpis.throughput_p50_mbps);
  EXPECT_EQ(a.kpis.throughput_p95_mbps, b.kpis.throughput_p95_mbps);
}

// Expects `f` to throw InputError and returns its what().
template <class F>
std::string input_error_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected InputError, got: " << e.what();
    return {};
  }
  ADD_FAILURE() << "expected InputError, nothing was thrown";
  return {};
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

bool python_has_h5py() {
  return std::system("/usr/bin/python3 -c \"import h5py\" >/dev/null 2>&1") == 0;
}

// Runs a Python script file with the given argument; returns exit status and appends output to `output`.
int run_python(const std::string& script_path, const std::string& arg, std::string& output) {
  const std::string command = "/usr/bin/python3 '" + script_path + "' '" + arg + "' 2>&1";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(ResultsH5Test, RoundTripIsExact) {
  const CoverageResult r = make_result();
  const std::string out = path("result.h5");
  write_coverage_result(out, r);
  expect_same(read_coverage_result(out), r);
}

TEST_F(ResultsH5Test, SkippingGainMapsReadsEverythingElse) {
  const CoverageResult r = make_result();
  const std::string out = path("result.h5");
  write_coverage_result(out, r);
  const CoverageResult back = read_coverage_result(out, ResultReadOptions{.gain_maps = false});
  EXPECT_TRUE(back.maps.gain_db.empty());
  expect_same(back, r, /*with_gain=*/false);
}

TEST_F(ResultsH5Test, NoTempFileLeftAfterSuccess) {
  write_coverage_result(path("result.h5"), make_result());
  EXPECT_EQ(entries(), std::set<std::string>{"result.h5"});
}

TEST_F(ResultsH5Test, OverwritesAnExistingResult) {
  const std::string out = path("result.h5");
  CoverageResult first = make_result();
  first.meta.scenario_name = "first";
  write_coverage_result(out, first);
  const CoverageResult second = make_result();
  write_coverage_result(out, second);
  expect_same(read_coverage_result(out), second);
  EXPECT_EQ(entries(), std::set<std::string>{"result.h5"});
}

TEST_F(ResultsH5Test, ZeroSectorsRoundTrip) {
  CoverageResult r = make_result();
  r.sectors.clear();
  r.maps.gain_db.clear();
  const std::string out = path("empty.h5");
  write_coverage_result(out, r);
  expect_same(read_coverage_result(out), r);
}

TEST_F(ResultsH5Test, EdgeSizesRoundTrip) {
  for (const auto& [nx, ny] : {std::pair{1, 1}, std::pair{1, 300}, std::pair{300, 1}, std::pair{0, 0}}) {
    CoverageResult r = make_result();
    r.grid.nx = nx;
    r.grid.ny = ny;
    const std::size_t cells = r.grid.cell_count();
    r.maps.gain_db.assign(r.sectors.size() * cells, -90.5f);
    if (!r.maps.gain_db.empty()) r.maps.gain_db.back() = kNaN;
    r.maps.rsrp_dbm.assign(cells, -70.25f);
    r.maps.best_sector.assign(cells, -1);
    r.maps.sinr_db.assign(cells, 3.0f);
    r.maps.throughput_mbps.assign(cells, 99.5f);
    const std::string out = path("edge_" + std::to_string(nx) + "x" + std::to_string(ny) + ".h5");
    write_coverage_result(out, r);
    SCOPED_TRACE(out);
    expect_same(read_coverage_result(out), r);
  }
}

TEST_F(ResultsH5Test, InconsistentResultIsRejectedBeforeWriting) {
  CoverageResult r = make_result();
  r.maps.sinr_db.pop_back();
  EXPECT_THROW(write_coverage_result(path("bad.h5"), r), std::invalid_argument);
  EXPECT_TRUE(entries().empty());
}

TEST_F(ResultsH5Test, WritingIntoMissingFolderIsAnInputErrorAndLeavesNothing) {
  const std::string out = path("no_such_folder/result.h5");
  const std::string message = input_error_of([&] { write_coverage_result(out, make_result()); });
  EXPECT_NE(message.find(out), std::string::npos) << message;
  EXPECT_NE(message.find("cannot write output file (No such file or directory)"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(dir_ / "no_such_folder"));
  EXPECT_TRUE(entries().empty());
}

TEST_F(ResultsH5Test, WritingOverAFolderIsAnInputErrorAndLeavesNoTempFile) {
  fs::create_directory(dir_ / "taken");
  const std::string out = path("taken");
  const std::string message = input_error_of([&] { write_coverage_result(out, make_result()); });
  EXPECT_NE(message.find("cannot write output file"), std::string::npos) << message;
  EXPECT_EQ(entries(), std::set<std::string>{"taken"});
}

TEST_F(ResultsH5Test, ReadingMissingFile) {
  const std::string in = path("missing.h5");
  EXPECT_EQ(input_error_of([&] { read_coverage_result(in); }), in + ": file not found");
}

TEST_F(ResultsH5Test, ReadingNonHdf5File) {
  const std::string in = path("notes.h5");
  write_bytes(in, "this is just some text, not HDF5\n");
  EXPECT_EQ(input_error_of([&] { read_coverage_result(in); }), in + ": not an HDF5 file");
}

TEST_F(ResultsH5Test, ReadingHdf5WithoutFormatAttribute) {
  // A valid HDF5 file written by someone else: one unrelated attribute, no "format".
  const std::string in = path("other.h5");
  {
    h5::Handle file = h5::create_file(in);
    h5::write_attribute(file.get(), "title", std::string_view("not ours"));
    file.close();
  }
  EXPECT_EQ(input_error_of([&] { read_coverage_result(in); }),
            in + ": not a tarang results file (format attribute missing)");
}

// Writes `body` as a Python script and runs it on `h5_path`; skips the test when h5py is unavailable.
#define RUN_H5PY_OR_SKIP(body, h5_path)                                                       \
  do {                                                                                        \
    if (!python_has_h5py()) GTEST_SKIP() << "/usr/bin/python3 cannot import h5py; skipping"; \
    const std::string script_path_ = path("check.py");                                        \
    write_bytes(script_path_, body);                                                          \
    std::string output_;                                                                      \
    const int rc_ = run_python(script_path_, h5_path, output_);                               \
    ASSERT_EQ(rc_, 0) << output_;                                                             \
  } while (0)

TEST_F(ResultsH5Test, LayoutAsSeenFromH5py) {
  const std::string out = path("result.h5");
  write_coverage_result(out, make_result());
  const std::string script = R"PY(
import sys
import h5py
import numpy as np

f = h5py.File(sys.argv[1], "r")
a = f.attrs
assert a["format"] == "tarang-results", a["format"]
assert a["format_version"] == 1 and np.issubdtype(a["format_version"].dtype, np.integer), a["format_version"]
assert a["scenario_name"] == "campus-\u00fc", a["scenario_name"]
assert a["scenario_yaml"] == "name: G\u00fcntersberg\u2013S\u00fcd \U0001F680\nnote: \"\u03ba\u03cc\u03c3\u03bc\u03b5 \u2014 \u6771\u4eac\"\n", repr(a["scenario_yaml"])
assert a["tarang_version"] == "0.1.0"
assert a["created_utc"] == "2026-11-29T05:00:00Z"
assert a["command_line"] == "tarang run --out 'x y.h5' scenario.yaml"

g = f["grid"]
assert list(g.attrs["geotransform"]) == [500000.25, 12.5, 0.0, 4200000.75, 0.0, -12.5], g.attrs["geotransform"]
assert g.attrs["nx"] == 7 and g.attrs["ny"] == 5
assert g.attrs["cell_m"] == 12.5 and g.attrs["height_m"] == 1.75
assert g.attrs["crs_wkt"].startswith("PROJCS[")
assert g["x"].shape == (7,) and g["y"].shape == (5,)
assert g["x"][0] == 500000.25 + 6.25 and g["y"][0] == 4200000.75 - 6.25
assert np.all(np.diff(g["y"][:]) < 0)
assert g["x"].attrs["units"] == "m" and g["y"].attrs["units"] == "m"

m = f["maps"]
gain = m["gain_db"]
assert gain.shape == (3, 5, 7) and gain.dtype == np.float32, (gain.shape, gain.dtype)
assert gain[1, 2, 3] == np.float32(-60.5 - 3.25 - 3.0 - 0.375), gain[1, 2, 3]
assert np.isnan(gain[0, 0, 0]) and np.isnan(gain[2, 4, 6])
assert gain.chunks == (1, 5, 7) and gain.compression == "gzip" and gain.shuffle, (gain.chunks, gain.compression)
for name, units, dtype in [("gain_db", "dB", np.float32), ("rsrp_dbm", "dBm", np.float32),
                           ("best_sector", "index", np.int32), ("sinr_db", "dB", np.float32),
                           ("throughput_mbps", "Mbit/s", np.float32)]:
    assert m[name].attrs["units"] == units, (name, m[name].attrs["units"])
    assert m[name].dtype == dtype, (name, m[name].dtype)
    if name != "gain_db":
        assert m[name].shape == (5, 7), (name, m[name].shape)
assert m["best_sector"][0, 0] == -1 and m["best_sector"][0, 1] == 0

s = f["sectors"]
assert s.shape == (3,)
assert [v.decode("utf-8") for v in s["id"]] == ["S1", "sector-two-long-name", "S3"], s["id"]
assert [v.decode("utf-8") for v in s["site_id"]] == ["siteA", "siteA", "B"], s["site_id"]
assert s.dtype["id"].itemsize == len("sector-two-long-name") + 1
assert list(s["azimuth_deg"]) == [0.0, 120.0, 240.0]
assert s["frequency_hz"][2] == 3.7e9

k = f["kpi"].attrs
assert k["covered_fraction"] == 0.875 and k["throughput_p95_mbps"] == 480.0 and k["target_rsrp_dbm"] == -105.0
print("OK")
)PY";
  RUN_H5PY_OR_SKIP(script, out);
}

TEST_F(ResultsH5Test, NewerFormatVersionIsRejected) {
  const std::string out = path("future.h5");
  write_coverage_result(out, make_result());
  RUN_H5PY_OR_SKIP(
      "import sys, h5py, numpy as np\n"
      "with h5py.File(sys.argv[1], 'a') as f:\n"
      "    f.attrs['format_version'] = np.int64(2)\n",
      out);
  const std::string message = input_error_of([&] { read_coverage_result(out); });
  EXPECT_NE(message.find("format_version 2"), std::string::npos) << message;
  EXPECT_NE(message.find("reads format_version 1"), std::string::npos) << message;
}

TEST_F(ResultsH5Test, MissingDatasetIsNamed) {
  const std::string out = path("partial.h5");
  write_coverage_result(out, make_result());
  RUN_H5PY_OR_SKIP(
      "import sys, h5py\n"
      "with h5py.File(sys.argv[1], 'a') as f:\n"
      "    del f['maps/sinr_db']\n",
      out);
  EXPECT_EQ(input_error_of([&] { read_coverage_result(out); }), out + ": missing dataset /maps/sinr_db");
}

TEST_F(ResultsH5Test, OtherFormatValueIsRejected) {
  const std::string out = path("other_format.h5");
  write_coverage_result(out, make_result());
  RUN_H5PY_OR_SKIP(
      "import sys, h5py\n"
      "with h5py.File(sys.argv[1], 'a') as f:\n"
      "    f.attrs['format'] = 'something-else'\n",
      out);
  const std::string message = input_error_of([&] { read_coverage_result(out); });
  EXPECT_NE(message.find(out + ": not a tarang results file"), std::string::npos) << message;
}

// A hostile or damaged file claims a huge map (chunked, so the file stays small): refused before anything is
// allocated, not an out-of-memory crash.
TEST_F(ResultsH5Test, HugeClaimedMapIsRejectedBeforeAllocating) {
  const std::string out = path("huge_map.h5");
  write_coverage_result(out, make_result());
  RUN_H5PY_OR_SKIP(
      "import sys, h5py\n"
      "with h5py.File(sys.argv[1], 'a') as f:\n"
      "    del f['maps/rsrp_dbm']\n"
      "    f.create_dataset('maps/rsrp_dbm', shape=(200000, 200000), dtype='f4', chunks=(64, 64))\n",
      out);
  const std::string message = input_error_of([&] { read_coverage_result(out, ResultReadOptions{false}); });
  EXPECT_NE(message.find(out + ": dataset /maps/rsrp_dbm has shape [200000, 200000]"), std::string::npos) << message;
}

TEST_F(ResultsH5Test, GridOfMoreThan1e9CellsIsRejected) {
  const std::string out = path("huge_grid.h5");
  write_coverage_result(out, make_result());
  RUN_H5PY_OR_SKIP(
      "import sys, h5py, numpy as np\n"
      "with h5py.File(sys.argv[1], 'a') as f:\n"
      "    f['grid'].attrs['nx'] = np.int64(2000000000)\n"
      "    f['grid'].attrs['ny'] = np.int64(2000000000)\n",
      out);
  EXPECT_EQ(input_error_of([&] { read_coverage_result(out); }),
            out + ": invalid grid size nx=2000000000, ny=2000000000 on /grid");
}

}  // namespace
}  // namespace tarang

// The bad-input catalogue of docs/reliability.md, end to end through the tarang executable: for every input class the
// exact one-line message, the exit code, and that nothing (no output, no temp file) is left behind; plus a full disk
// (ulimit -f) and SIGINT/SIGTERM in the middle of a long ray-tracing run.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

// The last line of a text without its newline.
std::string last_line(const std::string& text) {
  std::string t = text;
  if (!t.empty() && t.back() == '\n') t.pop_back();
  const auto nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

const char* kScenario = R"(name: small
scene: {crs: "EPSG:32643", ground: flat}
radio: {frequency_hz: 3.5e9, bandwidth_hz: 20e6, subcarrier_spacing_hz: 15e3, load: 0.5}
sites:
  - id: a
    x_m: 0
    y_m: 0
    height_m: 25
    sectors:
      - {id: a1, azimuth_deg: 0, tilt_deg: 6, power_dbm: 43}
      - {id: a2, azimuth_deg: 120, tilt_deg: 6, power_dbm: 43}
propagation: {model: 3gpp-38901, scenario: umi, los: probabilistic}
grid: {bounds_m: [-500, -500, 500, 500], cell_m: 50, height_m: 1.5}
output: out.h5
)";

std::string scenario_with(const std::string& from, const std::string& to) {
  std::string text = kScenario;
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::logic_error("test scenario has no '" + from + "'");
  return text.replace(at, from.size(), to);
}

class Reliability : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("tarang_reliability_" + replace_all(std::string(info->name()), "/", "_"));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "in");
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `tarang ARGS` through /bin/sh with `prefix` before it (e.g. a ulimit); {dir} in args is the input folder.
  int tarang(const std::string& args, const std::string& prefix = "") {
    const std::string cmd = prefix + " exec " + std::string(TARANG_EXE) + " " + expand(args) + " > " +
                            (dir_ / "stdout").string() + " 2> " + (dir_ / "stderr").string();
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  std::string err() const { return slurp(dir_ / "stderr"); }
  std::string expand(const std::string& s) const { return replace_all(s, "{dir}", (dir_ / "in").string()); }

  fs::path input(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / "in" / name, std::ios::binary) << bytes;
    return dir_ / "in" / name;
  }

  // Everything under the input folder that the test did not write: outputs and temp files.
  std::vector<std::string> left_behind(const std::vector<std::string>& inputs) const {
    std::vector<std::string> names;
    for (const auto& e : fs::recursive_directory_iterator(dir_ / "in")) {
      const std::string n = e.path().filename().string();
      if (std::find(inputs.begin(), inputs.end(), n) == inputs.end()) names.push_back(n);
    }
    return names;
  }

  // Starts tarang with `args` in the background (stdout/stderr to the usual files); returns its pid.
  pid_t spawn(const std::vector<std::string>& args) const {
    const pid_t pid = fork();
    if (pid != 0) return pid;
    std::freopen((dir_ / "stderr").c_str(), "w", stderr);
    std::freopen((dir_ / "stdout").c_str(), "w", stdout);
    std::vector<char*> argv{const_cast<char*>(TARANG_EXE)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(TARANG_EXE, argv.data());
    _exit(127);
  }

  fs::path dir_;
};

struct CatalogueEntry {
  const char* name;
  std::vector<std::pair<std::string, std::string>> files;  // written into {dir} first
  std::string args;
  std::string message;  // the whole stderr line; {dir} replaced
  int exit_code = 2;
};

void PrintTo(const CatalogueEntry& c, std::ostream* os) { *os << c.name; }

class Catalogue : public Reliability, public ::testing::WithParamInterface<CatalogueEntry> {};

TEST_P(Catalogue, ExactMessageExitCodeAndNothingWritten) {
  const CatalogueEntry& c = GetParam();
  std::vector<std::string> inputs;
  for (const auto& [name, text] : c.files) input(name, text), inputs.push_back(name);
  EXPECT_EQ(tarang(c.args), c.exit_code) << err();
  EXPECT_EQ(err(), expand(c.message) + "\n");
  EXPECT_EQ(left_behind(inputs), std::vector<std::string>{});
}

const std::string kGeoJsonEmpty = R"({"type":"FeatureCollection","features":[]})";
const std::string kPlyTruncated =
    "ply\nformat binary_little_endian 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
    "element face 1\nproperty list uchar int vertex_indices\nend_header\n\x01\x02";

std::string msi_with_bad_row() {
  std::string text = "NAME x\nGAIN 15 dBi\nHORIZONTAL 360\n";
  for (int a = 0; a < 360; ++a) text += std::to_string(a) + (a == 7 ? " abc\n" : " 0\n");
  return text;
}

std::string thirty_sectors_on_1e8_cells() {
  std::string text = "name: big\nscene: {crs: \"EPSG:32643\", ground: none}\nradio: {frequency_hz: 3.5e9}\nsites:\n";
  for (int s = 0; s < 10; ++s) {
    text += "  - {id: s" + std::to_string(s) + ", x_m: " + std::to_string(s * 1000) + ", y_m: 5000, height_m: 30,\n" +
            "     sectors: [{id: s" + std::to_string(s) + "a, azimuth_deg: 0, power_dbm: 43}, {id: s" +
            std::to_string(s) + "b, azimuth_deg: 120, power_dbm: 43}, {id: s" + std::to_string(s) +
            "c, azimuth_deg: 240, power_dbm: 43}]}\n";
  }
  return text + "propagation: {model: free-space}\ngrid: {bounds_m: [0, 0, 10000, 10000], cell_m: 1}\n";
}

INSTANTIATE_TEST_SUITE_P(
    BadInputs, Catalogue,
    ::testing::Values(
        CatalogueEntry{"FileMissing", {}, "coverage {dir}/nope.yaml", "error: {dir}/nope.yaml: file not found"},
        CatalogueEntry{"ScenarioIsAFolder", {}, "coverage {dir}",
                       "error: {dir}: is a folder, expected a scenario YAML file"},
        CatalogueEntry{"Unreadable", {}, "coverage /proc/self/mem",
                       "error: /proc/self/mem: cannot read file (Input/output error)"},
        CatalogueEntry{"WrongFormatBinary", {{"s.yaml", std::string("\x89HDF\r\n\x1a\n\0\0\0\xff", 12)}},
                       "coverage {dir}/s.yaml",
                       "error: {dir}/s.yaml: not a YAML text file (control character 0x1a at byte 6; binary data?)"},
        CatalogueEntry{"WrongFormatList", {{"s.yaml", "- a\n- b\n"}}, "coverage {dir}/s.yaml",
                       "error: {dir}/s.yaml:1: expected a mapping of keys, got a list"},
        CatalogueEntry{"WrongFormatNestingBomb", {{"s.yaml", "radio: " + std::string(5000, '[')}},
                       "coverage {dir}/s.yaml", "error: {dir}/s.yaml:1: invalid YAML: nested too deep (500 levels)"},
        CatalogueEntry{"EmptyFile", {{"s.yaml", ""}}, "coverage {dir}/s.yaml",
                       "error: {dir}/s.yaml: scenario file is empty"},
        CatalogueEntry{"GeographicCrs", {{"s.yaml", scenario_with("EPSG:32643", "EPSG:4326")}}, "coverage {dir}/s.yaml",
                       "error: {dir}/s.yaml:2: scene.crs: 'EPSG:4326' is not a projected CRS; scene coordinates must "
                       "be in metres (e.g. a UTM zone)"},
        CatalogueEntry{"NanCoordinate", {{"s.yaml", scenario_with("x_m: 0", "x_m: .nan")}}, "coverage {dir}/s.yaml",
                       "error: {dir}/s.yaml:6: sites[0].x_m: must be a finite number, got \".nan\""},
        CatalogueEntry{"InfCoordinate", {{"s.yaml", scenario_with("y_m: 0", "y_m: -.inf")}}, "coverage {dir}/s.yaml",
                       "error: {dir}/s.yaml:7: sites[0].y_m: must be a finite number, got \"-.inf\""},
        CatalogueEntry{"HugeCoordinate", {{"s.yaml", scenario_with("x_m: 0", "x_m: 1e300")}}, "coverage {dir}/s.yaml",
                       "error: {dir}/s.yaml:6: sites[0].x_m: must be between -1e+07 and 1e+07 m (got 1e+300)"},
        CatalogueEntry{"NegativeHeight", {{"s.yaml", scenario_with("height_m: 25", "height_m: -5")}},
                       "coverage {dir}/s.yaml",
                       "error: {dir}/s.yaml:8: sites[0].height_m: must be > 0 and <= 1000 m above ground (got -5)"},
        CatalogueEntry{"AbsurdPower", {{"s.yaml", scenario_with("power_dbm: 43}", "power_dbm: 1e6}")}},
                       "coverage {dir}/s.yaml",
                       "error: {dir}/s.yaml:10: sites[0].sectors[0].power_dbm: must be between -30 and 80 dBm (got "
                       "1e+06)"},
        CatalogueEntry{"NoSites", {{"s.yaml", "name: x\nscene: {crs: \"EPSG:32643\"}\nradio: {frequency_hz: 3.5e9}\n"
                                              "sites: []\ngrid: {bounds_m: [0, 0, 10, 10], cell_m: 1}\n"}},
                       "coverage {dir}/s.yaml",
                       "error: {dir}/s.yaml:4: sites: expected a non-empty list of sites, got an empty list"},
        CatalogueEntry{"EmptyScene",
                       {{"s.yaml", scenario_with("crs: \"EPSG:32643\", ground: flat",
                                                 "crs: auto, buildings: none.geojson")},
                        {"none.geojson", kGeoJsonEmpty}},
                       "coverage {dir}/s.yaml",
                       "error: {dir}/none.geojson: has no features with coordinates to choose a UTM zone from"},
        CatalogueEntry{"GridZeroCells", {{"s.yaml", scenario_with("[-500, -500, 500, 500]", "[0, 0, 0, 0]")}},
                       "coverage {dir}/s.yaml",
                       "error: {dir}/s.yaml:13: grid.bounds_m: bounds are inverted or empty: need xmin < xmax and "
                       "ymin < ymax"},
        CatalogueEntry{"Grid1e10Cells",
                       {{"s.yaml", scenario_with("[-500, -500, 500, 500], cell_m: 50", "[0, 0, 1e5, 1e5], cell_m: 1")}},
                       "coverage {dir}/s.yaml",
                       "error: {dir}/s.yaml:13: grid.cell_m: grid would have 1e+10 cells; the limit is 1e9"},
        CatalogueEntry{"GridInfiniteCells",
                       {{"s.yaml", scenario_with("[-500, -500, 500, 500]", "[-1e300, -1e300, 1e300, 1e300]")}},
                       "coverage {dir}/s.yaml",
                       "error: {dir}/s.yaml:13: grid.cell_m: grid would have inf cells; the limit is 1e9"},
        CatalogueEntry{"OverMaxMemory", {{"s.yaml", thirty_sectors_on_1e8_cells()}},
                       "coverage {dir}/s.yaml --max-memory 8G -o {dir}/big.h5",
                       "error: {dir}/s.yaml: grid: needs 13.8 GiB for 30 sectors x 1.0e8 cells, more than --max-memory "
                       "8 GiB; use a coarser grid.cell_m or fewer sectors"},
        CatalogueEntry{"BadMaxMemory", {{"s.yaml", kScenario}}, "coverage {dir}/s.yaml --max-memory lots",
                       "error: --max-memory: expected a size such as 8G, 512M or 2GiB, got 'lots'"},
        CatalogueEntry{"OutputFolderMissing", {{"s.yaml", kScenario}}, "coverage {dir}/s.yaml -o {dir}/no/out.h5",
                       "error: {dir}/no/out.h5: cannot write output file: folder '{dir}/no' does not exist"},
        CatalogueEntry{"MalformedAntennaFile",
                       {{"s.yaml",
                         scenario_with("power_dbm: 43}", "power_dbm: 43, antenna: {type: msi, file: p.msi}}")},
                        {"p.msi", msi_with_bad_row()}},
                       "coverage {dir}/s.yaml", "error: {dir}/p.msi:11: HORIZONTAL: not a number: 'abc'"},
        CatalogueEntry{"TruncatedMesh",
                       {{"s.yaml",
                         scenario_with("crs: \"EPSG:32643\", ground: flat", "crs: \"EPSG:32643\", mesh: m.ply")},
                        {"m.ply", kPlyTruncated}},
                       "coverage {dir}/s.yaml",
                       "error: {dir}/m.ply: truncated: the file ends inside vertex 0 x (171 bytes; the header promises "
                       "more)"},
        CatalogueEntry{"InfoOnNonHdf5", {{"r.h5", "just text"}}, "info {dir}/r.h5",
                       "error: {dir}/r.h5: not an HDF5 file"}),
    [](const ::testing::TestParamInfo<CatalogueEntry>& info) { return std::string(info.param.name); });

TEST_F(Reliability, TruncatedResultFileIsReportedAsDamaged) {
  input("s.yaml", kScenario);
  ASSERT_EQ(tarang("coverage {dir}/s.yaml -o " + (dir_ / "full.h5").string()), 0) << err();
  const std::string bytes = slurp(dir_ / "full.h5");
  input("half.h5", bytes.substr(0, bytes.size() / 2));
  EXPECT_EQ(tarang("info {dir}/half.h5"), 2);
  EXPECT_EQ(err().rfind(expand("error: {dir}/half.h5: damaged or truncated result file (HDF5: open file "), 0), 0u)
      << err();
  const std::string message = err();
  EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 1) << message;
}

// `ulimit -f` makes write() fail with EFBIG exactly as a full disk fails with ENOSPC (tarang ignores SIGXFSZ). The
// checkpoint, allocated up front for every work unit, is the first file to hit the limit.
TEST_F(Reliability, DiskFullLeavesNoPartialFile) {
  input("s.yaml", kScenario);
  EXPECT_EQ(tarang("coverage {dir}/s.yaml", "ulimit -f 8;"), 2) << err();
  EXPECT_EQ(err(), expand("error: {dir}/out.h5.checkpoint: cannot write output file (File too large)\n"));
  EXPECT_EQ(left_behind({"s.yaml"}), std::vector<std::string>{});
}

// A ray-tracing run of minutes is stopped by `signal` once its progress shows it is tracing.
class Interrupt : public Reliability, public ::testing::WithParamInterface<int> {};

TEST_P(Interrupt, StopsWithinASecondAndKeepsOnlyTheCheckpoint) {
  const int signal_number = GetParam();
  input("big.yaml", R"(name: big
scene: {crs: auto, procedural: {blocks: 6}}
radio: {frequency_hz: 3.5e9}
sites:
  - {id: m, lon: 77.2095, lat: 28.6144, height_m: 60, sectors: [{id: m1, azimuth_deg: 0, power_dbm: 43}]}
propagation: {model: raytrace}
raytrace: {rays: 4000000000, max_depth: 6}
grid: {cell_m: 5}
output: big.h5
)");
  const pid_t pid = spawn({"coverage", expand("{dir}/big.yaml"), "--threads", "2"});
  ASSERT_GT(pid, 0);
  // Wait (up to 60 s) until the progress line says the tracing loop runs.
  using Clock = std::chrono::steady_clock;
  for (const auto start = Clock::now(); err().find("ray tracing: ") == std::string::npos;) {
    ASSERT_LT(Clock::now() - start, std::chrono::seconds(60)) << err();
    ASSERT_EQ(waitpid(pid, nullptr, WNOHANG), 0) << "tarang ended early: " << err();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const auto sent = Clock::now();
  ASSERT_EQ(kill(pid, signal_number), 0);
  if (signal_number == SIGTERM) {
    ASSERT_EQ(kill(pid, SIGTERM), 0);  // as `timeout` does: the pid, then its process group
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  const double seconds = std::chrono::duration<double>(Clock::now() - sent).count();
  EXPECT_LT(seconds, 2.0);
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 128 + signal_number);
  const std::string name = signal_number == SIGINT ? "SIGINT" : "SIGTERM";
  EXPECT_EQ(last_line(err()), "error: interrupted by " + name + "; stopped without writing the output");
  EXPECT_NE(err().find("ray tracing: stopped at "), std::string::npos) << err();
  // No output and no temp file; the checkpoint of finished work units stays for the rerun to resume (docs/batch.md).
  EXPECT_EQ(left_behind({"big.yaml"}), std::vector<std::string>{"big.h5.checkpoint"});
}

INSTANTIATE_TEST_SUITE_P(Signals, Interrupt, ::testing::Values(SIGINT, SIGTERM),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return std::string(info.param == SIGINT ? "Sigint" : "Sigterm");
                         });

// libhdf5 1.10 loops forever on this fuzzer-found file (a corrupt global heap behind a string attribute) and never
// returns: `tarang info` reads in a supervised child process, so SIGTERM still stops it at once.
TEST_F(Reliability, InfoStuckInLibhdf5StopsAtOnceOnSigterm) {
  fs::copy_file(fs::path(TARANG_SOURCE_DIR) / "tests/fuzz/library_bugs/hdf5_global_heap_loop.h5", dir_ / "in/h.h5");
  const pid_t pid = spawn({"info", expand("{dir}/h.h5")});
  ASSERT_GT(pid, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(waitpid(pid, nullptr, WNOHANG), 0) << "tarang info ended without hanging: " << err();
  const auto sent = std::chrono::steady_clock::now();
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  ASSERT_EQ(kill(pid, SIGTERM), 0);  // twice, as `timeout` does
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
  EXPECT_LT(seconds, 1.0);
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 143);
  EXPECT_EQ(err(), "error: interrupted by SIGTERM; stopped without writing the output\n");
  EXPECT_EQ(left_behind({"h.h5"}), std::vector<std::string>{});
}

// libhdf5 1.10 crashes (memcpy with a garbage length in H5HG_read) on this fuzzer-found file: the crash is the
// child's, and the user gets one line.
TEST_F(Reliability, InfoOnAFileThatCrashesLibhdf5IsADamagedFile) {
  fs::copy_file(fs::path(TARANG_SOURCE_DIR) / "tests/fuzz/library_bugs/hdf5_global_heap_memcpy.h5", dir_ / "in/c.h5");
  EXPECT_EQ(tarang("info {dir}/c.h5"), 2);
  EXPECT_EQ(err(),
            expand("error: {dir}/c.h5: damaged file: the HDF5 library crashed reading it (Segmentation fault)\n"));
  EXPECT_EQ(slurp(dir_ / "stdout"), "");
}

}  // namespace

// The tarang executable end to end: demo, coverage, info, and every bad input's message, exit code 2, no output.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/captured_run.h"

namespace fs = std::filesystem;

namespace {

using tarang::test::RunResult;
using tarang::test::run_captured;
using tarang::test::slurp;

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("tarang_cli_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  RunResult tarang(const std::string& args) { return run_captured(std::string(TARANG_EXE) + " " + args, dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }

  // Names of all files under the test folder other than scenarios.
  std::vector<std::string> outputs() const {
    std::vector<std::string> names;
    for (const auto& e : fs::recursive_directory_iterator(dir_)) {
      const std::string n = e.path().filename().string();
      if (n.find(".yaml") == std::string::npos) names.push_back(n);
    }
    return names;
  }

  fs::path dir_;
};

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
      - {id: a3, azimuth_deg: 240, tilt_deg: 6, power_dbm: 43}
propagation: {model: 3gpp-38901, scenario: umi, los: probabilistic}
grid: {bounds_m: [-500, -500, 500, 500], cell_m: 20, height_m: 1.5}
targets: {rsrp_dbm: -100, sinr_db: 0}
output: small.h5
)";

TEST_F(Cli, VersionAndHelp) {
  RunResult v = tarang("--version");
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.out.rfind("tarang ", 0), 0u) << v.out;
  RunResult h = tarang("--help");
  EXPECT_EQ(h.exit_code, 0);
  for (const char* word : {"coverage", "demo", "info", "Examples:"}) EXPECT_NE(h.out.find(word), std::string::npos);
  for (const char* sub : {"coverage", "demo", "info"}) {
    RunResult s = tarang(std::string(sub) + " --help");
    EXPECT_EQ(s.exit_code, 0) << sub;
    EXPECT_NE(s.out.find("Example:"), std::string::npos) << sub << ": " << s.out;
  }
}

TEST_F(Cli, UnknownSubcommandIsAUsageError) {
  RunResult r = tarang("frobnicate");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(r.err.empty());
}

TEST_F(Cli, CoverageWritesResultAndInfoReadsIt) {
  const fs::path scenario = write("small.yaml", kScenario);
  RunResult r = tarang("coverage " + scenario.string() + " --threads 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "small.h5"));  // output resolved next to the scenario
  EXPECT_FALSE(fs::exists(dir_ / "small.h5.tmp"));
  EXPECT_NE(r.out.find("scenario small: 1 sites, 3 sectors"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("RSRP (dBm)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("covered:"), std::string::npos) << r.out;

  RunResult info = tarang("info " + (dir_ / "small.h5").string());
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("scenario:  small"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("50 x 50 cells of 20 m"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("UTM zone 43N"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("a3"), std::string::npos) << info.out;
}

TEST_F(Cli, CoverageWithTheRayTracer) {
  const std::string from = "propagation: {model: 3gpp-38901, scenario: umi, los: probabilistic}";
  std::string text = kScenario;
  text.replace(text.find(from), from.size(), "propagation: {model: raytrace}\nraytrace: {rays: 100000, max_depth: 2}");
  const fs::path scenario = write("rt.yaml", text);
  RunResult r = tarang("coverage " + scenario.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("ray tracing (SBR)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rays: 100000 launched"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("warning: raytrace.engine auto: no CUDA device, using the CPU engine"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "small.h5"));
}

TEST_F(Cli, SceneBuildInfoExportFromGeoJson) {
  write("b.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"building":"yes","building:levels":"4"},"geometry":{"type":"Polygon",
     "coordinates":[[[77.2000,28.6000],[77.2004,28.6000],[77.2004,28.6004],[77.2000,28.6004],[77.2000,28.6000]]]}},
    {"type":"Feature","properties":{"building":"yes","height":"-3"},"geometry":{"type":"Polygon",
     "coordinates":[[[77.2010,28.6000],[77.2014,28.6000],[77.2014,28.6004],[77.2010,28.6000]]]}}]})");
  RunResult build = tarang("scene build --buildings " + (dir_ / "b.geojson").string() + " -o " +
                           (dir_ / "c.tscene").string());
  ASSERT_EQ(build.exit_code, 0) << build.err;
  EXPECT_NE(build.out.find("objects:    1 (1 buildings)"), std::string::npos) << build.out;
  EXPECT_NE(build.out.find("skipped: 1"), std::string::npos) << build.out;  // the negative height
  EXPECT_NE(build.out.find("extent:     x "), std::string::npos) << build.out;
  EXPECT_NE(build.out.find("z 0.0 .. 12.0 m"), std::string::npos) << build.out;  // 4 levels x 3 m
  EXPECT_NE(build.out.find("UTM zone 43N"), std::string::npos) << build.out;
  EXPECT_NE(build.err.find("warning: "), std::string::npos);
  RunResult info = tarang("scene info " + (dir_ / "c.tscene").string());
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("triangles:"), std::string::npos);
  RunResult ply = tarang("scene export " + (dir_ / "c.tscene").string() + " -o " + (dir_ / "c.ply").string());
  ASSERT_EQ(ply.exit_code, 0) << ply.err;
  EXPECT_TRUE(fs::exists(dir_ / "c.ply"));
}

TEST_F(Cli, LinkFindsPathsAndWritesThem) {
  const std::string from = "propagation: {model: 3gpp-38901, scenario: umi, los: probabilistic}";
  std::string text = kScenario;
  text.replace(text.find(from), from.size(), "propagation: {model: raytrace}\nraytrace: {rays: 20000, max_depth: 1}");
  const fs::path scenario = write("rt.yaml", text);
  write("rx.csv", "x_m,y_m,height_m\n100,0,1.5\n0,200,1.5\n");
  RunResult r = tarang("link " + scenario.string() + " --rx 50,50,1.5 --rx-file " + (dir_ / "rx.csv").string() +
                       " -o " + (dir_ / "paths.h5").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Flat ground, no buildings: line of sight and the ground reflection to each of the 3 receivers.
  EXPECT_NE(r.out.find("1 sites x 3 receivers"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("site a -> receiver 3 (0.0, 200.0, 1.5 m): 2 paths"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("LOS"), std::string::npos);
  EXPECT_NE(r.out.find("  2   G  "), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(dir_ / "paths.h5"));
}

TEST_F(Cli, LinkWarnsAboutReceiversOutsideTheScene) {
  const fs::path scenario = write("city.yaml", R"(scene: {procedural: {blocks: 2}}
radio: {frequency_hz: 3.5e9}
sites: [{id: a, lon: 77.2091, lat: 28.6140, height_m: 60, sectors: [{id: a1, antenna: isotropic, power_dbm: 40}]}]
propagation: {model: raytrace}
raytrace: {rays: 10000, max_depth: 1}
grid: {cell_m: 10}
)");
  RunResult r = tarang("link " + scenario.string() + " --rx 800000,3000000,1.5");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: receiver 1 lies outside the scene's extent"), std::string::npos) << r.err;
}

TEST_F(Cli, OutputOptionOverridesScenario) {
  const fs::path scenario = write("small.yaml", kScenario);
  RunResult r = tarang("coverage " + scenario.string() + " -o " + (dir_ / "other.h5").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "other.h5"));
  EXPECT_FALSE(fs::exists(dir_ / "small.h5"));
}

TEST_F(Cli, DemoRunsEndToEndAndH5pyReadsIt) {
  RunResult r = tarang("demo -o " + (dir_ / "demo").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "demo" / "demo.yaml"));
  ASSERT_TRUE(fs::exists(dir_ / "demo" / "demo.h5"));
  EXPECT_NE(r.out.find("Throughput (Mbit/s)"), std::string::npos) << r.out;

  if (std::system("/usr/bin/python3 -c 'import h5py' 2>/dev/null") != 0) GTEST_SKIP() << "h5py not installed";
  const std::string py =
      "import h5py, math; f = h5py.File('" + (dir_ / "demo" / "demo.h5").string() +
      "', 'r'); g = f['maps/gain_db']; assert g.shape == (9, 300, 300), g.shape; "
      "assert f.attrs['format'] == 'tarang-results'; assert f['grid/y'][0] > f['grid/y'][-1]; "
      "assert 0 < f['kpi'].attrs['covered_fraction'] <= 1; assert not math.isnan(f['maps/rsrp_dbm'][150, 150]); "
      "print('h5py ok')";
  const std::string cmd = "/usr/bin/python3 -c \"" + py + "\"";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

struct BadRun {
  const char* name;
  std::string scenario_text;  // written as bad.yaml unless empty
  std::string args;           // {dir} is replaced by the test folder
  std::string expected_err;   // substring of stderr; {dir} replaced
};

// Short test names in ctest output.
void PrintTo(const BadRun& c, std::ostream* os) { *os << c.name; }

class CliRejects : public Cli, public ::testing::WithParamInterface<BadRun> {};

std::string with_dir(std::string s, const fs::path& dir) {
  for (auto pos = s.find("{dir}"); pos != std::string::npos; pos = s.find("{dir}")) s.replace(pos, 5, dir.string());
  return s;
}

TEST_P(CliRejects, WithOneLineErrorExitCode2AndNoOutput) {
  const BadRun& c = GetParam();
  if (!c.scenario_text.empty()) write("bad.yaml", c.scenario_text);
  RunResult r = tarang(with_dir(c.args, dir_));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(with_dir(c.expected_err, dir_)), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_TRUE(outputs().empty()) << "left behind: " << outputs().front();
}

std::string replaced(const std::string& from, const std::string& to) {
  std::string text = kScenario;
  return text.replace(text.find(from), from.size(), to);
}

INSTANTIATE_TEST_SUITE_P(
    BadInputs, CliRejects,
    ::testing::Values(
        BadRun{"MissingScenario", "", "coverage {dir}/nope.yaml", "{dir}/nope.yaml: file not found"},
        BadRun{"UnreadableYaml", "radio: [unclosed\n", "coverage {dir}/bad.yaml", "{dir}/bad.yaml:2: invalid YAML"},
        BadRun{"NegativeFrequency", replaced("frequency_hz: 3.5e9", "frequency_hz: -1"), "coverage {dir}/bad.yaml",
               "{dir}/bad.yaml:3: radio.frequency_hz: must be > 0"},
        BadRun{"UnknownKey", replaced("height_m: 25", "height_m: 25\n    heigth_m: 30"), "coverage {dir}/bad.yaml",
               "{dir}/bad.yaml:9: sites[0].heigth_m: unknown key"},
        BadRun{"UnknownModel", replaced("model: 3gpp-38901", "model: okumura"), "coverage {dir}/bad.yaml",
               "{dir}/bad.yaml:13: propagation.model: unknown value 'okumura'"},
        BadRun{"OutputFolderMissing", kScenario, "coverage {dir}/bad.yaml -o {dir}/no/such/dir/x.h5",
               "{dir}/no/such/dir/x.h5: cannot write output file: folder '{dir}/no/such/dir' does not exist"},
        BadRun{"OutputIsAFolder", kScenario, "coverage {dir}/bad.yaml -o {dir}", "cannot write output file: it is a folder"},
        BadRun{"SceneBuildMissingFootprints", "", "scene build --buildings {dir}/none.geojson -o {dir}/x.tscene",
               "{dir}/none.geojson"},
        BadRun{"SceneBuildNotVector", kScenario, "scene build --buildings {dir}/bad.yaml -o {dir}/x.tscene",
               "{dir}/bad.yaml"},
        BadRun{"SceneBuildMeshWithoutCrs", "", "scene build --mesh {dir}/m.ply -o {dir}/x.tscene",
               "--crs: a mesh carries no CRS"},
        BadRun{"SceneBuildOutputFolderMissing", "", "scene build --buildings {dir}/b.geojson -o {dir}/no/x.tscene",
               "cannot write output file: folder '{dir}/no' does not exist"},
        BadRun{"SceneInfoNotAScene", kScenario, "scene info {dir}/bad.yaml", "{dir}/bad.yaml: not an HDF5 file"},
        BadRun{"SceneExportUnknownFormat", "", "scene export {dir}/none.tscene -o {dir}/x.stl", "{dir}/none.tscene"},
        BadRun{"GpuEngineWithoutDevice",
               std::string(kScenario).replace(std::string(kScenario).find("output: small.h5"), 16,
                                              "output: small.h5\nraytrace: {engine: gpu}")
                   .replace(std::string(kScenario).find("model: 3gpp-38901"), 17, "model: raytrace  "),
               "coverage {dir}/bad.yaml", "raytrace.engine: gpu: no CUDA device is present"},
        BadRun{"LinkBadReceiver", kScenario, "link {dir}/bad.yaml --rx 1,2", "--rx: expected x_m,y_m,height_m"},
        BadRun{"LinkNoReceiver", kScenario, "link {dir}/bad.yaml", "--rx: no receiver points given"},
        BadRun{"LinkMissingReceiverFile", kScenario, "link {dir}/bad.yaml --rx-file {dir}/none.csv",
               "{dir}/none.csv: file not found or unreadable"},
        BadRun{"InfoOnMissingFile", "", "info {dir}/nothing.h5", "{dir}/nothing.h5: file not found"},
        BadRun{"InfoOnNonHdf5", kScenario, "info {dir}/bad.yaml", "{dir}/bad.yaml: not an HDF5 file"}),
    [](const ::testing::TestParamInfo<BadRun>& info) { return std::string(info.param.name); });

}  // namespace

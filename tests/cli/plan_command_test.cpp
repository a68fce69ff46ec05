// `tarang plan` end to end through the executable: plan file + re-runnable YAML, bound and gap, determinism, the
// gain-matrix cache, exit code 3 for an unreachable target, and bad inputs (message, exit 2, nothing written).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "io/plan_h5.h"
#include "io/results_h5.h"
#include "io/scenario_yaml.h"
#include "tests/support/captured_run.h"
#include "tests/support/temp_folder_test.h"

namespace tarang {
namespace {

using test::RunResult;

// `text` with its first `from` replaced by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

// A 2 km x 2 km UMa area at 40 m, one existing site, a 400 m street lattice of candidates and one listed mast.
std::string plan_yaml(const std::string& plan_extra, const std::string& candidates_extra = "",
                      double target_fraction = 0.9) {
  std::ostringstream y;
  y << "name: small\nscene: {crs: EPSG:32643, ground: flat}\n"
       "radio: {frequency_hz: 3.5e9, bandwidth_hz: 20e6, subcarrier_spacing_hz: 30e3, noise_figure_db: 7, load: 0.5}\n"
       "sites:\n  - id: old\n    x_m: 715500\n    y_m: 3167500\n    height_m: 30\n    sectors:\n"
       "      - {id: old-a, azimuth_deg: 0, tilt_deg: 6, power_dbm: 46, antenna: 3gpp-38901}\n"
       "      - {id: old-b, azimuth_deg: 120, tilt_deg: 6, power_dbm: 46, antenna: 3gpp-38901}\n"
       "      - {id: old-c, azimuth_deg: 240, tilt_deg: 6, power_dbm: 46, antenna: 3gpp-38901}\n"
       "propagation: {model: 3gpp-38901, scenario: uma, los: probabilistic}\n"
       "grid: {bounds_m: [715000, 3167000, 717000, 3169000], cell_m: 40, height_m: 1.5}\n"
       "targets: {rsrp_dbm: -95, sinr_db: -5}\n"
       "plan:\n  target_fraction: "
    << target_fraction
    << "\n  candidates:\n    streets: {spacing_m: 400, height_m: 25}\n" << candidates_extra
    << "  sectors: {count: 3, tilts_deg: [4, 8], power_dbm: 46, antenna: 3gpp-38901}\n"
       "  search: {seed: 7, iterations: 400, bound_time_limit_s: 5}\n"
    << plan_extra;
  return y.str();
}

class PlanCommandTest : public test::TempFolderTest {
 protected:
  RunResult tarang(const std::string& args) { return test::run_captured(std::string(TARANG_EXE) + " " + args, dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(path(name)) << text;
    return path(name);
  }
  // Entries other than the scenario and input files.
  std::set<std::string> outputs() const {
    std::set<std::string> out;
    for (const std::string& e : entries()) {
      if (e != "s.yaml" && e != "demand.tif") out.insert(e);
    }
    return out;
  }
};

TEST_F(PlanCommandTest, WritesThePlanAndAScenarioThatCoverageReRunsToTheSameMaps) {
  const std::string scenario = write("s.yaml", plan_yaml(""));
  const RunResult r = tarang("plan " + scenario + " -o " + path("plan.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("trade-off (greedy order)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ranked changes"), std::string::npos);
  EXPECT_NE(r.out.find("bound: cost >= "), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("plan: "), std::string::npos) << "no progress lines: " << r.err;

  const std::optional<PlanResult> plan = read_plan_result(path("plan.h5"));
  ASSERT_TRUE(plan.has_value());
  EXPECT_TRUE(plan->target_met);
  EXPECT_GE(plan->served_fraction, 0.9);
  EXPECT_EQ(plan->seed, 7u);
  ASSERT_TRUE(std::isfinite(plan->bound));
  EXPECT_LE(plan->bound, plan->cost + 1e-9);  // a lower bound on cost
  EXPECT_GE(plan->gap, 0.0);
  // The existing site is kept (locked) and every selected candidate is a site of the YAML.
  const Scenario planned = load_scenario_file(path("plan.yaml"));
  ASSERT_EQ(planned.sites.size(), plan->selected.size());
  EXPECT_EQ(planned.sites.front().id, "old");
  EXPECT_FALSE(planned.plan.enabled);

  ASSERT_EQ(tarang("coverage " + path("plan.yaml") + " -o " + path("again.h5")).exit_code, 0);
  const CoverageResult a = read_coverage_result(path("plan.h5")), b = read_coverage_result(path("again.h5"));
  ASSERT_EQ(a.maps.rsrp_dbm.size(), b.maps.rsrp_dbm.size());
  for (std::size_t c = 0; c < a.maps.rsrp_dbm.size(); ++c) {
    ASSERT_TRUE(a.maps.rsrp_dbm[c] == b.maps.rsrp_dbm[c] ||
                (std::isnan(a.maps.rsrp_dbm[c]) && std::isnan(b.maps.rsrp_dbm[c])))
        << "cell " << c;
  }
  EXPECT_EQ(a.kpis.covered_fraction, b.kpis.covered_fraction);
}

TEST_F(PlanCommandTest, SameSeedSamePlanAndTheSecondRunReusesTheGainMatrix) {
  const std::string scenario = write("s.yaml", plan_yaml(""));
  const RunResult first = tarang("plan " + scenario + " -o " + path("a.h5") + " --seed 3");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("computed by empirical"), std::string::npos) << first.out;
  ASSERT_TRUE(std::filesystem::exists(path("a.gains.h5")));
  std::filesystem::copy_file(path("a.gains.h5"), path("b.gains.h5"));
  const RunResult second = tarang("plan " + scenario + " -o " + path("b.h5") + " --seed 3");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("reused from the cache"), std::string::npos) << second.out;
  const PlanResult a = *read_plan_result(path("a.h5")), b = *read_plan_result(path("b.h5"));
  EXPECT_EQ(a.selected, b.selected);
  EXPECT_EQ(a.seed, 3u);
  ASSERT_EQ(a.trajectory.size(), b.trajectory.size());
  for (std::size_t i = 0; i < a.trajectory.size(); ++i) EXPECT_EQ(a.trajectory[i].objective, b.trajectory[i].objective);
}

// The ray tracer's gain matrix: rooftop candidates on a procedural city, demand from building volume.
TEST_F(PlanCommandTest, RayTracedPlanOnRooftopsWithDemandFromBuildingVolume) {
  const std::string scenario = write(
      "s.yaml",
      "name: rt\nscene: {procedural: {blocks: 4, seed: 7}, ground: flat}\n"
      "radio: {frequency_hz: 3.5e9, bandwidth_hz: 20e6, subcarrier_spacing_hz: 30e3, load: 0.8}\n"
      "propagation: {model: raytrace}\nraytrace: {rays: 20000, max_depth: 2, engine: cpu}\n"
      "grid: {cell_m: 10, height_m: 1.5}\ntargets: {rsrp_dbm: -100, sinr_db: -5}\n"
      "plan:\n  target_fraction: 0.5\n  candidates:\n    rooftops: {min_height_m: 0, mast_m: 5}\n"
      "  sectors: {count: 3, tilts_deg: [6], power_dbm: 43}\n"
      "  demand: {users_per_1000_m3: 0.01}\n  search: {iterations: 300, bound_time_limit_s: 5}\n");
  const RunResult r = tarang("plan " + scenario + " -o " + path("plan.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("candidates: 16 configurations at 16 positions (0 existing, 0 listed, 16 rooftops"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("computed by cpu (Embree)"), std::string::npos) << r.out;
  const PlanResult plan = *read_plan_result(path("plan.h5"));
  EXPECT_TRUE(plan.target_met);
  EXPECT_GE(plan.served_fraction, 0.5);
  // Rooftop sites stand on their roofs: antenna height = building height + 5 m mast, at least 15 m.
  const Scenario planned = load_scenario_file(path("plan.yaml"));
  ASSERT_FALSE(planned.sites.empty());
  for (const SiteSpec& site : planned.sites) {
    EXPECT_EQ(site.id.rfind("roof-", 0), 0u) << site.id;
    EXPECT_GE(site.height_m, 15.0) << site.id;
  }
}

TEST_F(PlanCommandTest, UnreachableTargetExitsThreeAndStillWritesTheBestPlan) {
  const std::string scenario = write("s.yaml", plan_yaml("", "", 1.0));
  const RunResult r = tarang("plan " + scenario + " -o " + path("plan.h5") + " --max-sites 1");
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("plan.target_fraction: target 100.0 % not reachable with these candidates and budget; best "
                       "plan serves "),
            std::string::npos)
      << r.err;
  const std::optional<PlanResult> plan = read_plan_result(path("plan.h5"));
  ASSERT_TRUE(plan.has_value());
  EXPECT_FALSE(plan->target_met);
  EXPECT_EQ(plan->selected.size(), 1u);
  EXPECT_TRUE(std::filesystem::exists(path("plan.yaml")));
}

// Each bad input: exit 2, one line naming file and key, nothing written.
struct BadPlan {
  std::string name, yaml, message;
};

TEST_F(PlanCommandTest, BadInputsAreOneLineErrorsAndWriteNothing) {
  write("demand.tif", "not a raster");
  const std::vector<BadPlan> cases = {
      {"no plan section",
       "name: x\nscene: {crs: EPSG:32643}\nradio: {frequency_hz: 3.5e9}\nsites:\n  - {id: a, x_m: 1, y_m: 1, height_m: 10, sectors: [{id: s, "
       "power_dbm: 40, azimuth_deg: 0}]}\ngrid: {bounds_m: [0, 0, 100, 100], cell_m: 10}\n",
       "s.yaml: plan: the scenario has no plan: section"},
      {"no candidates", replaced(plan_yaml(""), "    streets: {spacing_m: 400, height_m: 25}\n", "    default_cost: 1\n"),
       "plan.candidates.list: no candidates: give a list, a file, rooftops or streets"},
      {"candidate outside the grid", plan_yaml("", "    list: [{id: far, x_m: 720000, y_m: 3168000}]\n"),
       "plan.candidates.list[0]: candidate 'far' at (720000.0, 3168000.0) m is outside the grid"},
      {"unreadable demand raster", plan_yaml("  demand: {file: demand.tif}\n"), "demand.tif"},
      {"missing demand raster", plan_yaml("  demand: {file: nowhere.tif}\n"), "plan.demand.file: file not found"},
      {"max-coverage without budget", plan_yaml("  objective: max-coverage\n"),
       "plan.objective: max-coverage needs a budget: max_sites or max_cost"},
      {"p5 target with max-coverage",
       plan_yaml("  objective: max-coverage\n  max_sites: 3\n  min_throughput_p5_mbps: 10\n"),
       "plan.min_throughput_p5_mbps: is a target of the min-cost objective"},
      {"bad tilt list", replaced(plan_yaml(""), "tilts_deg: [4, 8]", "tilts_deg: [4, steep]"),
       "plan.sectors.tilts_deg[1]: expected a number"},
  };
  for (const BadPlan& c : cases) {
    const std::string scenario = write("s.yaml", c.yaml);
    const RunResult r = tarang("plan " + scenario + " -o " + path("plan.h5"));
    EXPECT_EQ(r.exit_code, 2) << c.name << ": " << r.out << r.err;
    EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.name << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << c.name << ": " << r.err;
    EXPECT_TRUE(outputs().empty()) << c.name << ": left " << *outputs().begin();
  }
}

}  // namespace
}  // namespace tarang

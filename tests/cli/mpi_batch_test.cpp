// MPI runs (mpirun -np 2 and 3) give results bit-identical to the single-process run, for empirical and ray-traced
// scenarios; a rank that fails ends the whole job with the error (built only when TARANG_HAVE_MPI).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "mpi_test_support.h"
#include "io/unit_file_h5.h"

namespace tarang::test {
namespace {

// Three sites, 200 x 200 cells (half_side_m 1000): 12 empirical work units, or 3 ray-traced ones.
std::string scenario_text(const std::string& propagation, int half_side_m = 1000) {
  const std::string half = std::to_string(half_side_m);
  return R"(name: mpi
scene: {crs: "EPSG:32643", ground: flat}
radio: {frequency_hz: 3.5e9, bandwidth_hz: 20e6, subcarrier_spacing_hz: 15e3, load: 0.5}
sites:
  - {id: a, x_m: 0, y_m: 0, height_m: 25, sectors: [{id: a1, azimuth_deg: 0, tilt_deg: 6, power_dbm: 43},
                                                    {id: a2, azimuth_deg: 180, tilt_deg: 6, power_dbm: 43}]}
  - {id: b, x_m: 600, y_m: 300, height_m: 30, sectors: [{id: b1, azimuth_deg: 200, tilt_deg: 4, power_dbm: 46}]}
  - {id: c, x_m: -500, y_m: -400, height_m: 20, sectors: [{id: c1, azimuth_deg: 60, tilt_deg: 8, power_dbm: 40}]}
)" + propagation + R"(
grid: {bounds_m: [-)" + half + ", -" + half + ", " + half + ", " + half + R"(], cell_m: 10, height_m: 1.5}
targets: {rsrp_dbm: -100, sinr_db: 0}
)";
}

class MpiBatch : public MpiCliTest {
 protected:
  // `all_ranks_work`: units are long enough (ray tracing) that every rank must have taken one.
  void expect_ranks_match_single_process(const std::string& scenario, bool all_ranks_work) {
    const RunResult single = tarang("coverage " + scenario + " -o " + path("single.h5"));
    ASSERT_EQ(single.exit_code, 0) << single.err;
    for (int ranks : {2, 3}) {
      const std::string out = path("np" + std::to_string(ranks) + ".h5");
      const RunResult r = mpirun(ranks, "coverage " + scenario + " -o " + out);
      ASSERT_EQ(r.exit_code, 0) << r.err;
      expect_each_unit_once(r, ranks, all_ranks_work);
      expect_same_result(path("single.h5"), out);
      EXPECT_FALSE(std::filesystem::exists(out + ".checkpoint"));
    }
  }
};

TEST_F(MpiBatch, EmpiricalRunsOnTwoAndThreeRanksEqualTheSingleProcess) {
  expect_ranks_match_single_process(
      write("e.yaml", scenario_text("propagation: {model: 3gpp-38901, scenario: uma, los: probabilistic}")), false);
}

TEST_F(MpiBatch, RayTracedRunsOnTwoAndThreeRanksEqualTheSingleProcess) {
  expect_ranks_match_single_process(
      write("r.yaml", scenario_text("propagation: {model: raytrace}\nraytrace: {rays: 50000, max_depth: 2}")), true);
}

TEST_F(MpiBatch, WarningsFoundOnEveryRankArePrintedOnceByRankZero) {
  // Two masts, each 2 m high inside a building of a procedural city: one ray-traced unit per rank, so rank 1 finds
  // one of the two "inside a building" warnings and rank 0 must print it.
  const std::string scenario = write("city.yaml", R"(name: city
scene:
  procedural: {blocks: 4, seed: 3}
radio: {frequency_hz: 3.5e9}
sites:
  - {id: in1, lon: 77.20920, lat: 28.61408, height_m: 2, sectors: [{id: a1, antenna: isotropic, power_dbm: 40}]}
  - {id: in2, lon: 77.20982, lat: 28.61408, height_m: 2, sectors: [{id: b1, antenna: isotropic, power_dbm: 40}]}
propagation: {model: raytrace}
raytrace: {rays: 100000, max_depth: 1, engine: cpu}
grid: {cell_m: 10}
)");
  const RunResult r = mpirun(2, "coverage " + scenario + " -o " + path("c.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("mpi: 2 ranks computed 1, 1 of 2 work units"), std::string::npos) << r.out;
  // Each once, in the order the ranks reported them.
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 2) << r.err;
  EXPECT_NE(r.err.find("warning: site in1 is inside a building\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("warning: site in2 is inside a building\n"), std::string::npos) << r.err;
}

TEST_F(MpiBatch, AShardRunsOnRanksToo) {
  const std::string scenario =
      write("e.yaml", scenario_text("propagation: {model: 3gpp-38901, scenario: uma, los: probabilistic}"));
  ASSERT_EQ(tarang("coverage " + scenario + " -o " + path("single.h5")).exit_code, 0);
  ASSERT_EQ(mpirun(2, "coverage " + scenario + " --shard 1/2 -o " + path("p1.h5")).exit_code, 0);
  ASSERT_EQ(tarang("coverage " + scenario + " --shard 2/2 -o " + path("p2.h5")).exit_code, 0);
  ASSERT_EQ(tarang("merge " + path("p1.h5") + " " + path("p2.h5") + " -o " + path("m.h5")).exit_code, 0);
  expect_same_result(path("single.h5"), path("m.h5"));
}

TEST_F(MpiBatch, RanksResumeTheCheckpointOfAKilledRun) {
  // 600 x 600 cells: 30 units, slow enough on one thread to be killed between units.
  const std::string scenario =
      write("e.yaml", scenario_text("propagation: {model: 3gpp-38901, scenario: uma, los: probabilistic}", 3000));
  ASSERT_EQ(tarang("coverage " + scenario + " -o " + path("single.h5")).exit_code, 0);
  const std::size_t done = run_and_kill_midway(scenario, path("r.h5"));
  const RunResult r = mpirun(2, "coverage " + scenario + " -o " + path("r.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("resumed: " + std::to_string(done) + " of 30 work units"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("of " + std::to_string(30 - done) + " work units in"), std::string::npos) << r.out;
  expect_same_result(path("single.h5"), path("r.h5"));
}

TEST_F(MpiBatch, ACheckpointOfAnotherScenarioEndsEveryRank) {
  const std::string scenario =
      write("e.yaml", scenario_text("propagation: {model: 3gpp-38901, scenario: uma, los: probabilistic}"));
  UnitFileHeader other;
  other.scenario_hash = "0123456789abcdef";
  other.grid.nx = other.grid.ny = 1;
  UnitCheckpoint(path("r.h5.checkpoint"), other, false);
  const RunResult r = mpirun(2, "coverage " + scenario + " -o " + path("r.h5"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("error: " + path("r.h5.checkpoint") +
                       ": checkpoint cannot be resumed: it belongs to another scenario (hash 0123456789abcdef"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(path("r.h5")));
}

}  // namespace
}  // namespace tarang::test

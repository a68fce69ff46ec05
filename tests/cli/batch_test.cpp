// Batch runs end to end: shards + merge and checkpoint/resume after SIGKILL equal the single run bit for bit;
// merge and resume refuse parts and checkpoints of other scenarios with one clear line and write nothing.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "batch_test_support.h"
#include "io/h5_checked.h"

namespace tarang::test {
namespace {

namespace fs = std::filesystem;

// Three sites, 3GPP UMa; a 200 x 200 grid (half_side_m 1000) has 4 row bands per site: 12 work units.
std::string empirical_scenario(double power_dbm = 43, int half_side_m = 1000) {
  const std::string half = std::to_string(half_side_m);
  return R"(name: batch
scene: {crs: "EPSG:32643", ground: flat}
radio: {frequency_hz: 3.5e9, bandwidth_hz: 20e6, subcarrier_spacing_hz: 15e3, load: 0.5}
sites:
  - id: a
    x_m: 0
    y_m: 0
    height_m: 25
    sectors:
      - {id: a1, azimuth_deg: 0, tilt_deg: 6, power_dbm: )" +
         std::to_string(power_dbm) + R"(}
      - {id: a2, azimuth_deg: 120, tilt_deg: 6, power_dbm: 43}
      - {id: a3, azimuth_deg: 240, tilt_deg: 6, power_dbm: 43}
  - id: b
    x_m: 900
    y_m: 300
    height_m: 30
    sectors:
      - {id: b1, azimuth_deg: 200, tilt_deg: 4, power_dbm: 46}
  - id: c
    x_m: -700
    y_m: -500
    height_m: 20
    sectors:
      - {id: c1, azimuth_deg: 60, tilt_deg: 8, power_dbm: 40}
      - {id: c2, azimuth_deg: 300, tilt_deg: 8, power_dbm: 40}
propagation: {model: 3gpp-38901, scenario: uma, los: probabilistic}
grid: {bounds_m: [-)" + half + ", -" + half + ", " + half + ", " + half + R"(], cell_m: 10, height_m: 1.5}
targets: {rsrp_dbm: -100, sinr_db: 0}
)";
}

class Batch : public BatchCliTest {};

TEST_F(Batch, ShardsMergedInAnyOrderEqualTheSingleRun) {
  const std::string scenario = write("s.yaml", empirical_scenario());
  ASSERT_EQ(tarang("coverage " + scenario + " -o " + path("single.h5")).exit_code, 0);
  for (int k = 1; k <= 3; ++k) {
    const RunResult r = tarang("coverage " + scenario + " --shard " + std::to_string(k) + "/3 -o " +
                               path("part" + std::to_string(k) + ".h5"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("shard " + std::to_string(k) + "/3: 4 of 12 work units"), std::string::npos) << r.out;
  }
  const RunResult merge =
      tarang("merge " + path("part3.h5") + " " + path("part1.h5") + " " + path("part2.h5") + " -o " + path("m.h5"));
  ASSERT_EQ(merge.exit_code, 0) << merge.err;
  EXPECT_NE(merge.out.find("merged 3 shards (12 work units"), std::string::npos) << merge.out;
  expect_same_result(path("single.h5"), path("m.h5"));
  const RunResult info = tarang("info " + path("m.h5"));
  EXPECT_NE(info.out.find("hash:      " + read_coverage_result(path("single.h5")).meta.scenario_hash + " "),
            std::string::npos)
      << info.out;
}

TEST_F(Batch, ShardWithoutOutputGetsANameBesideTheScenarioOutput) {
  const std::string scenario = write("s.yaml", empirical_scenario() + "output: cov.h5\n");
  ASSERT_EQ(tarang("coverage " + scenario + " --shard 2/5").exit_code, 0);
  EXPECT_TRUE(fs::exists(path("cov.part-2-of-5.h5")));
}

TEST_F(Batch, MergeRejectsAMissingShard) {
  const std::string scenario = write("s.yaml", empirical_scenario());
  for (int k : {1, 3}) {
    ASSERT_EQ(tarang("coverage " + scenario + " --shard " + std::to_string(k) + "/3 -o " +
                     path("p" + std::to_string(k) + ".h5"))
                  .exit_code,
              0);
  }
  const RunResult r = tarang("merge " + path("p1.h5") + " " + path("p3.h5") + " -o " + path("m.h5"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: merge: incomplete: missing shard 2 of 3 (work units 1, 4, 7, 10 of 12 are in no input "
                   "file)\n");
  EXPECT_FALSE(fs::exists(path("m.h5")));
  EXPECT_FALSE(fs::exists(path("m.h5.tmp")));
}

TEST_F(Batch, MergeRejectsAShardOfAnotherScenario) {
  ASSERT_EQ(tarang("coverage " + write("a.yaml", empirical_scenario()) + " --shard 1/2 -o " + path("a1.h5")).exit_code, 0);
  ASSERT_EQ(tarang("coverage " + write("b.yaml", empirical_scenario(40)) + " --shard 2/2 -o " + path("b2.h5")).exit_code,
            0);
  const RunResult r = tarang("merge " + path("a1.h5") + " " + path("b2.h5") + " -o " + path("m.h5"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("error: " + path("b2.h5") + ": scenario_hash: shard of another scenario (hash ", 0), 0u)
      << r.err;
  EXPECT_NE(r.err.find("but " + path("a1.h5") + " has "), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(path("m.h5")));
}

TEST_F(Batch, MergeRejectsADuplicateShardMixedSplitsAndFilesThatAreNotShards) {
  const std::string scenario = write("s.yaml", empirical_scenario());
  ASSERT_EQ(tarang("coverage " + scenario + " --shard 1/2 -o " + path("h1.h5")).exit_code, 0);
  ASSERT_EQ(tarang("coverage " + scenario + " --shard 2/3 -o " + path("t2.h5")).exit_code, 0);
  ASSERT_EQ(tarang("coverage " + scenario + " -o " + path("single.h5")).exit_code, 0);

  RunResult r = tarang("merge " + path("h1.h5") + " " + path("h1.h5") + " -o " + path("m.h5"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: " + path("h1.h5") + ": shard: 1/2 given twice (also " + path("h1.h5") + ")\n");
  r = tarang("merge " + path("h1.h5") + " " + path("t2.h5") + " -o " + path("m.h5"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(path("t2.h5") + ": shard: 2/3 does not match " + path("h1.h5") + " (shard 1/2)"),
            std::string::npos)
      << r.err;
  r = tarang("merge " + path("single.h5") + " -o " + path("m.h5"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: " + path("single.h5") +
                       ": not a tarang work-unit file (written by tarang coverage --shard or --checkpoint)\n");
  EXPECT_FALSE(fs::exists(path("m.h5")));
}

TEST_F(Batch, BadShardArgumentIsAUsageError) {
  const std::string scenario = write("s.yaml", empirical_scenario());
  for (const char* shard : {"0/3", "4/3", "2", "a/b", "1/0", "1/2x"}) {
    const RunResult r = tarang("coverage " + scenario + " --shard " + shard + " -o " + path("x.h5"));
    EXPECT_EQ(r.exit_code, 2) << shard;
    EXPECT_EQ(r.err, "error: --shard: expected K/N with 1 <= K <= N, e.g. 2/8 (got \"" + std::string(shard) + "\")\n");
  }
  EXPECT_EQ(entries(), (std::set<std::string>{"s.yaml"}));
}

// 600 x 600 cells: 30 work units of some 10 ms each on one thread, slow enough to be killed between units.
std::string slow_scenario(double power_dbm = 43) { return empirical_scenario(power_dbm, 3000); }
constexpr int kSlowUnits = 30;

TEST_F(Batch, RunKilledHalfwayResumesToTheIdenticalResult) {
  const std::string scenario = write("s.yaml", slow_scenario());
  ASSERT_EQ(tarang("coverage " + scenario + " -o " + path("single.h5")).exit_code, 0);

  const std::size_t done = run_and_kill_midway(scenario, path("r.h5"));
  EXPECT_FALSE(fs::exists(path("r.h5")));
  ASSERT_TRUE(fs::exists(path("r.h5.checkpoint")));
  const RunResult resumed = tarang("coverage " + scenario + " -o " + path("r.h5"));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.out.find("resumed: " + std::to_string(done) + " of " + std::to_string(kSlowUnits) + " work units from " + path("r.h5.checkpoint")),
            std::string::npos)
      << resumed.out;
  expect_same_result(path("single.h5"), path("r.h5"));
  EXPECT_FALSE(fs::exists(path("r.h5.checkpoint")));  // removed once the result is written
}

TEST_F(Batch, ChangedScenarioWithAnOldCheckpointIsRefusedUntilRestart) {
  const std::string scenario = write("s.yaml", slow_scenario());
  run_and_kill_midway(scenario, path("r.h5"));
  ASSERT_TRUE(fs::exists(path("r.h5.checkpoint")));

  write("s.yaml", slow_scenario(41));
  const RunResult refused = tarang("coverage " + scenario + " -o " + path("r.h5"));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err.rfind("error: " + path("r.h5.checkpoint") +
                                  ": checkpoint cannot be resumed: it belongs to another scenario (hash ",
                              0),
            0u)
      << refused.err;
  EXPECT_NE(refused.err.find("; delete it or rerun with --restart to discard it\n"), std::string::npos);
  EXPECT_FALSE(fs::exists(path("r.h5")));

  const RunResult restarted = tarang("coverage " + scenario + " -o " + path("r.h5") + " --restart");
  ASSERT_EQ(restarted.exit_code, 0) << restarted.err;
  EXPECT_EQ(restarted.out.find("resumed:"), std::string::npos);
  ASSERT_EQ(tarang("coverage " + scenario + " -o " + path("fresh.h5")).exit_code, 0);
  expect_same_result(path("fresh.h5"), path("r.h5"));
}

TEST_F(Batch, ExplicitCheckpointPathIsResumedFromAndRemoved) {
  const std::string scenario = write("s.yaml", slow_scenario());
  const std::size_t done = run_and_kill_midway(scenario, path("r.h5"), path("c.ckpt"));
  EXPECT_EQ(entries(), (std::set<std::string>{"s.yaml", "c.ckpt"}));
  const RunResult r = tarang("coverage " + scenario + " -o " + path("r.h5") + " --checkpoint " + path("c.ckpt"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("resumed: " + std::to_string(done) + " of"), std::string::npos) << r.out;
  EXPECT_EQ(entries(), (std::set<std::string>{"s.yaml", "r.h5"}));
}

TEST_F(Batch, SlurmArrayScriptShardsAndMergesToTheSingleRunResult) {
  const std::string scenario = write("s.yaml", empirical_scenario());
  ASSERT_EQ(tarang("coverage " + scenario + " -o " + path("single.h5")).exit_code, 0);
  fs::create_directories(path("bin"));
  write("bin/sbatch", kFakeSbatch);
  fs::permissions(path("bin/sbatch"), fs::perms::owner_all);
  const std::string script = std::string(TARANG_SOURCE_DIR) + "/scenarios/slurm/coverage-array.sbatch";
  const RunResult r = shell("FAKE_SLURM_DIR=" + dir_.string() + " PATH=" + path("bin") + ":$PATH TARANG=" +
                            TARANG_EXE + " " + script + " " + scenario + " " + path("out.h5") + " 3");
  ASSERT_EQ(r.exit_code, 0) << r.err << slurp(path("jobs.log"));
  EXPECT_NE(r.out.find("submitted shards as job array 1001 and the merge as job 1002"), std::string::npos) << r.out;
  const std::string calls = slurp(path("calls.log"));
  EXPECT_NE(calls.find("--array=1-3"), std::string::npos) << calls;
  EXPECT_NE(calls.find("--dependency=afterok:1001"), std::string::npos) << calls;
  for (int k = 1; k <= 3; ++k) EXPECT_TRUE(fs::exists(path("out.parts/part-" + std::to_string(k) + "-of-3.h5")));
  expect_same_result(path("single.h5"), path("out.h5"));
}

}  // namespace
}  // namespace tarang::test

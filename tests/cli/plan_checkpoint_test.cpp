// `tarang plan` checkpoints its gain matrix: a run SIGKILLed halfway resumes to the gains cache, /plan group, coverage
// maps and plan YAML of an uninterrupted run, bit for bit; a checkpoint of another scenario is refused with one line
// and nothing written, until --restart discards it; the checkpoint goes once the cache is written. Shards
// (--shard K/N) merged by tarang merge give the single run's cache and plan; merge refuses bad sets of parts.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "plan_batch_support.h"

namespace tarang::test {
namespace {

namespace fs = std::filesystem;

constexpr int kPositions = 16;  // rooftop candidates of raytraced_plan_yaml(), some 0.15 s each on one thread

// Starts `tarang plan` on one thread, SIGKILLs it once its checkpoint holds some but not all positions, and returns
// how many were done then.
std::size_t run_plan_and_kill_midway(const std::string& scenario, const std::string& output,
                                     const std::string& checkpoint) {
  const KilledRun run = kill_when_checkpointed({"plan", scenario, "-o", output, "--threads", "1"}, checkpoint, "/done");
  EXPECT_EQ(run.total, static_cast<std::size_t>(kPositions));
  return run.done;
}

// raytraced_plan_yaml() with another sector power: other gains, so another gain matrix key.
std::string changed_plan_yaml() {
  std::string yaml = raytraced_plan_yaml();
  const std::string from = "power_dbm: 43", to = "power_dbm: 40";
  const std::size_t at = yaml.find(from);
  if (at != std::string::npos) yaml.replace(at, from.size(), to);
  return yaml;
}

class PlanCheckpoint : public BatchCliTest {
 protected:
  void expect_same_outputs(const std::string& expected, const std::string& actual) {
    expect_same_gains_cache(path(expected + ".gains.h5"), path(actual + ".gains.h5"));
    expect_same_plan(path(expected + ".h5"), path(actual + ".h5"));
    expect_same_result(path(expected + ".h5"), path(actual + ".h5"));
    EXPECT_EQ(file_text(path(expected + ".yaml")), file_text(path(actual + ".yaml")));
  }
};

TEST_F(PlanCheckpoint, RunKilledHalfwayResumesToTheIdenticalPlan) {
  const std::string scenario = write("s.yaml", raytraced_plan_yaml());
  ASSERT_EQ(tarang("plan " + scenario + " -o " + path("single.h5") + " --threads 1").exit_code, 0);
  EXPECT_FALSE(fs::exists(path("single.gains.h5.checkpoint")));

  const std::size_t done = run_plan_and_kill_midway(scenario, path("r.h5"), path("r.gains.h5.checkpoint"));
  EXPECT_FALSE(fs::exists(path("r.h5")));
  EXPECT_FALSE(fs::exists(path("r.gains.h5")));
  ASSERT_TRUE(fs::exists(path("r.gains.h5.checkpoint")));
  const RunResult resumed = tarang("plan " + scenario + " -o " + path("r.h5"));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.out.find("resumed: " + std::to_string(done) + " of " + std::to_string(kPositions) +
                             " candidate positions from " + path("r.gains.h5.checkpoint")),
            std::string::npos)
      << resumed.out;
  expect_same_outputs("single", "r");
  EXPECT_FALSE(fs::exists(path("r.gains.h5.checkpoint")));  // removed once the cache is written

  // The cache spares the next run the matrix: no checkpoint is made.
  const RunResult again = tarang("plan " + scenario + " -o " + path("r.h5"));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("reused from the cache"), std::string::npos) << again.out;
  EXPECT_EQ(again.out.find("resumed:"), std::string::npos) << again.out;
  EXPECT_FALSE(fs::exists(path("r.gains.h5.checkpoint")));
}

TEST_F(PlanCheckpoint, ChangedScenarioWithAnOldCheckpointIsRefusedUntilRestart) {
  const std::string scenario = write("s.yaml", raytraced_plan_yaml());
  run_plan_and_kill_midway(scenario, path("r.h5"), path("r.gains.h5.checkpoint"));
  ASSERT_TRUE(fs::exists(path("r.gains.h5.checkpoint")));

  write("s.yaml", changed_plan_yaml());
  const RunResult refused = tarang("plan " + scenario + " -o " + path("r.h5"));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err.rfind("error: " + path("r.gains.h5.checkpoint") +
                                  ": checkpoint cannot be resumed: it belongs to other inputs (gain matrix key ",
                              0),
            0u)
      << refused.err;
  EXPECT_NE(refused.err.find("; delete it or rerun with --restart to discard it\n"), std::string::npos);
  EXPECT_EQ(refused.err.find('\n'), refused.err.size() - 1) << "one line: " << refused.err;
  EXPECT_EQ(entries(), (std::set<std::string>{"s.yaml", "r.gains.h5.checkpoint"}));

  const RunResult restarted = tarang("plan " + scenario + " -o " + path("r.h5") + " --restart");
  ASSERT_EQ(restarted.exit_code, 0) << restarted.err;
  EXPECT_EQ(restarted.out.find("resumed:"), std::string::npos) << restarted.out;
  EXPECT_FALSE(fs::exists(path("r.gains.h5.checkpoint")));
  ASSERT_EQ(tarang("plan " + scenario + " -o " + path("fresh.h5")).exit_code, 0);
  expect_same_outputs("fresh", "r");
}

// The empirical plan with a weaker sector power: another gain matrix key.
std::string changed_empirical_plan_yaml() {
  std::string yaml = empirical_plan_yaml();
  const std::string from = "tilts_deg: [4, 8], power_dbm: 46", to = "tilts_deg: [4, 8], power_dbm: 43";
  const std::size_t at = yaml.find(from);
  if (at != std::string::npos) yaml.replace(at, from.size(), to);
  return yaml;
}

constexpr int kEmpiricalPositions = 26;

TEST_F(PlanCheckpoint, ShardsMergedInAnyOrderGiveTheCacheAndPlanOfTheSingleRun) {
  const std::string scenario = write("s.yaml", empirical_plan_yaml());
  ASSERT_EQ(tarang("plan " + scenario + " -o " + path("single.h5")).exit_code, 0);
  for (const char* k : {"1", "2", "3"}) {
    const RunResult r = tarang("plan " + scenario + " -o " + path("p.h5") + " --shard " + k + "/3");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("shard " + std::string(k) + "/3: "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(" of " + std::to_string(kEmpiricalPositions) + " candidate positions (gain matrix key "),
              std::string::npos)
        << r.out;
  }
  EXPECT_EQ(entries(), (std::set<std::string>{"s.yaml", "single.h5", "single.yaml", "single.gains.h5",
                                              "p.gains.part-1-of-3.h5", "p.gains.part-2-of-3.h5",
                                              "p.gains.part-3-of-3.h5"}));
  const RunResult merged = tarang("merge " + path("p.gains.part-3-of-3.h5") + " " + path("p.gains.part-1-of-3.h5") +
                                  " " + path("p.gains.part-2-of-3.h5") + " -o " + path("p.gains.h5"));
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_NE(merged.out.find("merged 3 shards (" + std::to_string(kEmpiricalPositions) + " candidate positions"),
            std::string::npos)
      << merged.out;
  expect_same_gains_cache(path("single.gains.h5"), path("p.gains.h5"));

  const RunResult planned = tarang("plan " + scenario + " -o " + path("p.h5"));
  ASSERT_EQ(planned.exit_code, 0) << planned.err;
  EXPECT_NE(planned.out.find("reused from the cache"), std::string::npos) << planned.out;
  expect_same_plan(path("single.h5"), path("p.h5"));
  expect_same_result(path("single.h5"), path("p.h5"));
  EXPECT_EQ(file_text(path("single.yaml")), file_text(path("p.yaml")));
}

TEST_F(PlanCheckpoint, MergeRefusesAMissingShardAPartOfOtherInputsAndACheckpoint) {
  const std::string scenario = write("s.yaml", empirical_plan_yaml());
  for (const char* k : {"1", "2"}) {
    ASSERT_EQ(tarang("plan " + scenario + " -o " + path("p.h5") + " --shard " + std::string(k) + "/2").exit_code, 0);
  }
  const std::string part1 = path("p.gains.part-1-of-2.h5"), part2 = path("p.gains.part-2-of-2.h5");
  RunResult r = tarang("merge " + part1 + " -o " + path("m.h5"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: merge: incomplete: missing shard 2 of 2 (candidate positions 1, 3, 5, 7, 9, 11, 13, 15, "
                   "... (13 in all) of " + std::to_string(kEmpiricalPositions) + " are in no input file)\n");

  write("other.yaml", changed_empirical_plan_yaml());
  ASSERT_EQ(tarang("plan " + path("other.yaml") + " -o " + path("o.h5") + " --shard 2/2").exit_code, 0);
  r = tarang("merge " + part1 + " " + path("o.gains.part-2-of-2.h5") + " -o " + path("m.h5"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("error: " + path("o.gains.part-2-of-2.h5") + ": input_key: part of other inputs (gain matrix "
                        "key ", 0), 0u) << r.err;

  r = tarang("merge " + part1 + " " + part1 + " -o " + path("m.h5"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: " + part1 + ": shard: 1/2 given twice (also " + part1 + ")\n");

  // An unfinished shard is a checkpoint, not a part.
  run_plan_and_kill_midway(write("rt.yaml", raytraced_plan_yaml()), path("rt.h5"), path("rt.gains.h5.checkpoint"));
  r = tarang("merge " + path("rt.gains.h5.checkpoint") + " " + part2 + " -o " + path("m.h5"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: " + path("rt.gains.h5.checkpoint") +
                       ": not a shard's gain matrix part (a checkpoint: rerun its tarang plan command to finish it)\n");
  EXPECT_FALSE(std::filesystem::exists(path("m.h5")));
}

TEST_F(PlanCheckpoint, SlurmArrayScriptShardsMergesAndPlansLikeTheSingleRun) {
  const std::string scenario = write("s.yaml", empirical_plan_yaml());
  ASSERT_EQ(tarang("plan " + scenario + " -o " + path("single.h5")).exit_code, 0);
  fs::create_directories(path("bin"));
  write("bin/sbatch", kFakeSbatch);
  fs::permissions(path("bin/sbatch"), fs::perms::owner_all);
  const std::string script = std::string(TARANG_SOURCE_DIR) + "/scenarios/slurm/plan-array.sbatch";
  const RunResult r = shell("FAKE_SLURM_DIR=" + dir_.string() + " PATH=" + path("bin") + ":$PATH TARANG=" +
                            TARANG_EXE + " " + script + " " + scenario + " " + path("out.h5") + " 3");
  ASSERT_EQ(r.exit_code, 0) << r.err << slurp(path("jobs.log"));
  EXPECT_NE(r.out.find("submitted gain matrix shards as job array 1001 and the merge and search as job 1002"),
            std::string::npos)
      << r.out;
  const std::string calls = slurp(path("calls.log"));
  EXPECT_NE(calls.find("--array=1-3"), std::string::npos) << calls;
  EXPECT_NE(calls.find("--dependency=afterok:1001"), std::string::npos) << calls;
  for (int k = 1; k <= 3; ++k) EXPECT_TRUE(fs::exists(path("out.gains.part-" + std::to_string(k) + "-of-3.h5")));
  EXPECT_NE(slurp(path("jobs.log")).find("reused from the cache"), std::string::npos) << slurp(path("jobs.log"));
  expect_same_gains_cache(path("single.gains.h5"), path("out.gains.h5"));
  expect_same_plan(path("single.h5"), path("out.h5"));
  EXPECT_EQ(file_text(path("single.yaml")), file_text(path("out.yaml")));
}

}  // namespace
}  // namespace tarang::test

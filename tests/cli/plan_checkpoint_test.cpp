// `tarang plan` checkpoints its gain matrix: a run SIGKILLed halfway resumes to the gains cache, /plan group, coverage
// maps and plan YAML of an uninterrupted run, bit for bit; a checkpoint of another scenario is refused with one line
// and nothing written, until --restart discards it; the checkpoint goes once the cache is written.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "plan_batch_support.h"

namespace tarang::test {
namespace {

namespace fs = std::filesystem;

constexpr int kPositions = 16;  // rooftop candidates of raytraced_plan_yaml(), some 0.15 s each on one thread

// Starts `tarang plan` on one thread, SIGKILLs it once its checkpoint holds some but not all positions, and returns
// how many were done then.
std::size_t run_plan_and_kill_midway(const std::string& scenario, const std::string& output,
                                     const std::string& checkpoint) {
  // Reading the checkpoint while tarang writes it needs HDF5's file locks off (the child inherits this).
  setenv("HDF5_USE_FILE_LOCKING", "FALSE", 1);
  const pid_t child = fork();
  if (child == 0) {
    execl(TARANG_EXE, TARANG_EXE, "plan", scenario.c_str(), "-o", output.c_str(), "--threads", "1",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  std::size_t done = 0, total = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (!fs::exists(checkpoint)) continue;
    try {
      h5::Handle file = h5::open_file_read(checkpoint);
      std::vector<hsize_t> dims;
      const std::vector<std::uint16_t> flags = h5::read_uint16_dataset(file.get(), "/done", dims);
      total = flags.size();
      done = 0;
      for (const std::uint16_t f : flags) done += f;
    } catch (const std::exception&) {
      continue;  // being created
    }
    if (done >= 2) break;
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status)) << "tarang finished before it could be killed";
  EXPECT_EQ(total, static_cast<std::size_t>(kPositions));
  EXPECT_LT(done, total);
  return done;
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

}  // namespace
}  // namespace tarang::test

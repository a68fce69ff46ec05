// Fixture for batch-run tests: runs the tarang executable, kills it midway, and compares result files bit for bit.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../support/captured_run.h"
#include "../support/temp_folder_test.h"
#include "io/h5_checked.h"
#include "io/results_h5.h"

namespace tarang::test {

class BatchCliTest : public TempFolderTest {
 protected:
  // Runs `command` (a shell command line) with stdout and stderr captured.
  RunResult shell(const std::string& command) { return run_captured(command, dir_); }

  RunResult tarang(const std::string& args) { return shell(std::string(TARANG_EXE) + " " + args); }

  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(path(name)) << text;
    return path(name);
  }

};

// A stand-in for Slurm's sbatch: runs the array's tasks one after the other and a --wrap job at once, logging each
// call, and prints job ids the way `sbatch --parsable` does.
inline constexpr const char* kFakeSbatch = R"(#!/usr/bin/env bash
set -euo pipefail
echo "sbatch $*" >> "$FAKE_SLURM_DIR/calls.log"
array="" wrap="" args=()
for a in "$@"; do
  case "$a" in
    --array=*) array=${a#--array=} ;;
    --wrap=*) wrap=${a#--wrap=} ;;
    --*) ;;
    *) args+=("$a") ;;
  esac
done
if [ -n "$wrap" ]; then
  bash -c "$wrap" >> "$FAKE_SLURM_DIR/jobs.log" 2>&1
  echo 1002
else
  for k in $(seq "${array%-*}" "${array#*-}"); do
    SLURM_ARRAY_TASK_ID=$k SLURM_CPUS_PER_TASK=1 bash "${args[@]}" >> "$FAKE_SLURM_DIR/jobs.log" 2>&1
  done
  echo 1001
fi
)";

template <typename T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

// Every dataset and attribute of two result files is identical, bit for bit, except when and how they were made
// (created_utc, command_line).
inline void expect_same_result(const std::string& expected_path, const std::string& actual_path) {
  const CoverageResult e = read_coverage_result(expected_path), a = read_coverage_result(actual_path);
  EXPECT_EQ(e.meta.scenario_name, a.meta.scenario_name);
  EXPECT_EQ(e.meta.scenario_yaml, a.meta.scenario_yaml);
  EXPECT_EQ(e.meta.scenario_hash, a.meta.scenario_hash);
  EXPECT_EQ(e.meta.scenario_hash.size(), 16u);
  EXPECT_EQ(std::memcmp(&e.grid.west_m, &a.grid.west_m, sizeof(double)), 0);
  EXPECT_EQ(e.grid.nx, a.grid.nx);
  EXPECT_EQ(e.grid.ny, a.grid.ny);
  EXPECT_EQ(e.grid.crs_wkt, a.grid.crs_wkt);
  ASSERT_EQ(e.sectors.size(), a.sectors.size());
  for (std::size_t i = 0; i < e.sectors.size(); ++i) {
    EXPECT_EQ(e.sectors[i].id, a.sectors[i].id);
    EXPECT_EQ(e.sectors[i].x_m, a.sectors[i].x_m);
  }
  EXPECT_TRUE(same_bits(e.maps.gain_db, a.maps.gain_db)) << actual_path;
  EXPECT_TRUE(same_bits(e.maps.rsrp_dbm, a.maps.rsrp_dbm)) << actual_path;
  EXPECT_TRUE(same_bits(e.maps.best_sector, a.maps.best_sector)) << actual_path;
  EXPECT_TRUE(same_bits(e.maps.sinr_db, a.maps.sinr_db)) << actual_path;
  EXPECT_TRUE(same_bits(e.maps.throughput_mbps, a.maps.throughput_mbps)) << actual_path;
  EXPECT_EQ(std::memcmp(&e.kpis, &a.kpis, sizeof e.kpis), 0) << actual_path;
}

// Units done and in all in a checkpoint when its run was killed.
struct KilledRun {
  std::size_t done = 0, total = 0;
};

// Starts tarang with `args` (after the program name), SIGKILLs it once the checkpoint file `checkpoint` flags at
// least two units done in its dataset `done_dataset`, and returns the counts read last.
inline KilledRun kill_when_checkpointed(const std::vector<std::string>& args, const std::string& checkpoint,
                                        const char* done_dataset) {
  // Reading the checkpoint while tarang writes it needs HDF5's file locks off (the child inherits this).
  setenv("HDF5_USE_FILE_LOCKING", "FALSE", 1);
  std::vector<char*> argv{const_cast<char*>(TARANG_EXE)};
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t child = fork();
  if (child == 0) {
    execv(TARANG_EXE, argv.data());
    _exit(127);
  }
  KilledRun run;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (!std::filesystem::exists(checkpoint)) continue;
    try {
      h5::Handle file = h5::open_file_read(checkpoint);
      std::vector<hsize_t> dims;
      const std::vector<std::uint16_t> flags = h5::read_uint16_dataset(file.get(), done_dataset, dims);
      run.total = flags.size();
      run.done = 0;
      for (const std::uint16_t f : flags) run.done += f;
    } catch (const std::exception&) {
      continue;  // being created
    }
    if (run.done >= 2) break;
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status)) << "tarang finished before it could be killed";
  EXPECT_LT(run.done, run.total);
  return run;
}

// Starts `tarang coverage` on one thread, SIGKILLs it once its checkpoint (`checkpoint`, or the default beside the
// output when "") holds some but not all units, and returns how many units were done then.
inline std::size_t run_and_kill_midway(const std::string& scenario, const std::string& output,
                                       const std::string& checkpoint_option = "") {
  std::vector<std::string> args{"coverage", scenario, "-o", output, "--threads", "1"};
  if (!checkpoint_option.empty()) args.insert(args.end(), {"--checkpoint", checkpoint_option});
  const std::string checkpoint = checkpoint_option.empty() ? output + ".checkpoint" : checkpoint_option;
  return kill_when_checkpointed(args, checkpoint, "/units/done").done;
}

}  // namespace tarang::test

// Fixture for batch-run tests: runs the tarang executable, and compares result files bit for bit.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../support/temp_folder_test.h"
#include "io/results_h5.h"

namespace tarang::test {

struct RunResult {
  int exit_code;
  std::string out;
  std::string err;
};

class BatchCliTest : public TempFolderTest {
 protected:
  // Runs `command` (a shell command line) with stdout and stderr captured.
  RunResult shell(const std::string& command) {
    const std::string cmd = command + " > " + path("stdout.txt") + " 2> " + path("stderr.txt");
    const int status = std::system(cmd.c_str());
    RunResult r{WEXITSTATUS(status), slurp(path("stdout.txt")), slurp(path("stderr.txt"))};
    std::filesystem::remove(path("stdout.txt"));
    std::filesystem::remove(path("stderr.txt"));
    return r;
  }

  RunResult tarang(const std::string& args) { return shell(std::string(TARANG_EXE) + " " + args); }

  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(path(name)) << text;
    return path(name);
  }

  static std::string slurp(const std::string& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
};

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

}  // namespace tarang::test

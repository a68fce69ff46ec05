// MpiCliTest: the fixture of the mpirun tests: skips without MPI or mpirun, runs tarang under mpirun, and checks the
// "mpi: R ranks computed a, b, c of N ..." line of a run.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>

#include "batch_test_support.h"

namespace tarang::test {

class MpiCliTest : public BatchCliTest {
 protected:
  void SetUp() override {
    BatchCliTest::SetUp();
    if (!TARANG_HAVE_MPI) GTEST_SKIP() << "tarang was built without MPI (TARANG_MPI=OFF or no MPI found)";
    if (std::string(MPIEXEC).empty() || !std::filesystem::exists(MPIEXEC)) {
      GTEST_SKIP() << "mpirun is absent (" << MPIEXEC << ")";
    }
  }

  RunResult mpirun(int ranks, const std::string& args) {
    // CI runs as root, on 2 cores, possibly in a container that forbids the cross-process reads (CMA) Open MPI's
    // shared-memory transport uses by default.
    return shell(std::string(MPIEXEC) +
                 " --allow-run-as-root --oversubscribe --mca btl_vader_single_copy_mechanism none -np " +
                 std::to_string(ranks) + " " + TARANG_EXE + " " + args);
  }

  // The rank counts of "mpi: 3 ranks computed 9, 8, 9 of 26 ...": every unit was computed once (their sum is the
  // total). `all_ranks_work`: units are long enough (ray tracing) that every rank must have taken one.
  void expect_each_unit_once(const RunResult& r, int ranks, bool all_ranks_work) {
    const std::string prefix = "mpi: " + std::to_string(ranks) + " ranks computed ";
    const std::size_t at = r.out.find(prefix);
    ASSERT_NE(at, std::string::npos) << r.out;
    std::istringstream counts(r.out.substr(at + prefix.size()));
    int sum = 0;
    for (int rank = 0; rank < ranks; ++rank) {
      int n = 0;
      char comma = 0;
      counts >> n;
      if (rank + 1 < ranks) counts >> comma;
      if (all_ranks_work) {
        EXPECT_GT(n, 0) << "rank " << rank << " computed nothing: " << r.out;
      }
      sum += n;
    }
    std::string of;
    int total = 0;
    counts >> of >> total;
    EXPECT_GT(total, 0) << r.out;
    EXPECT_EQ(sum, total) << r.out;
  }
};

}  // namespace tarang::test

// `mpirun -np 2` and `-np 3` plan runs (gain matrix spread over the ranks) write the same gains cache, /plan group,
// coverage maps and plan YAML as the single-process run, bit for bit; the cache is reused under MPI; a bad input ends
// every rank with one error line and nothing written. Skipped when tarang was built without MPI or mpirun is absent.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "plan_batch_support.h"

namespace tarang::test {
namespace {

class MpiPlan : public BatchCliTest {
 protected:
  void SetUp() override {
    BatchCliTest::SetUp();
    if (!TARANG_HAVE_MPI) GTEST_SKIP() << "tarang was built without MPI (TARANG_MPI=OFF or no MPI found)";
    if (std::string(MPIEXEC).empty() || !std::filesystem::exists(MPIEXEC)) {
      GTEST_SKIP() << "mpirun is absent (" << MPIEXEC << ")";
    }
  }

  RunResult mpirun(int ranks, const std::string& args) {
    // As root on CI, in containers that forbid the cross-process reads (CMA) of Open MPI's shared-memory transport.
    return shell(std::string(MPIEXEC) +
                 " --allow-run-as-root --oversubscribe --mca btl_vader_single_copy_mechanism none -np " +
                 std::to_string(ranks) + " " + TARANG_EXE + " " + args);
  }

  // The rank counts of "mpi: 3 ranks computed 9, 8, 9 of 26 candidate positions": their sum must be the total.
  void expect_each_position_once(const RunResult& r, int ranks, bool all_ranks_work) {
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

  void expect_ranks_match_single_process(const std::string& scenario, bool all_ranks_work) {
    const RunResult single = tarang("plan " + scenario + " -o " + path("single.h5"));
    ASSERT_EQ(single.exit_code, 0) << single.out << single.err;
    for (int ranks : {2, 3}) {
      const std::string out = "np" + std::to_string(ranks);
      const RunResult r = mpirun(ranks, "plan " + scenario + " -o " + path(out + ".h5"));
      ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
      expect_each_position_once(r, ranks, all_ranks_work);
      expect_same_gains_cache(path("single.gains.h5"), path(out + ".gains.h5"));
      expect_same_plan(path("single.h5"), path(out + ".h5"));
      expect_same_result(path("single.h5"), path(out + ".h5"));
      EXPECT_EQ(file_text(path("single.yaml")), file_text(path(out + ".yaml")));
    }
  }
};

TEST_F(MpiPlan, EmpiricalPlanOnTwoAndThreeRanksEqualsTheSingleProcess) {
  expect_ranks_match_single_process(write("s.yaml", empirical_plan_yaml()), false);
}

TEST_F(MpiPlan, RayTracedPlanOnTwoAndThreeRanksEqualsTheSingleProcess) {
  expect_ranks_match_single_process(write("s.yaml", raytraced_plan_yaml()), true);
}

TEST_F(MpiPlan, RanksReuseTheGainsCacheOfAnEarlierRun) {
  const std::string scenario = write("s.yaml", empirical_plan_yaml());
  ASSERT_EQ(mpirun(2, "plan " + scenario + " -o " + path("a.h5")).exit_code, 0);
  std::filesystem::copy_file(path("a.gains.h5"), path("b.gains.h5"));
  const RunResult r = mpirun(3, "plan " + scenario + " -o " + path("b.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("reused from the cache"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("mpi: "), std::string::npos) << "no unit should have been computed: " << r.out;
  expect_same_plan(path("a.h5"), path("b.h5"));
  expect_same_result(path("a.h5"), path("b.h5"));
}

TEST_F(MpiPlan, ABadInputEndsEveryRankWithOneErrorAndNothingWritten) {
  const std::string yaml = empirical_plan_yaml() + "  demand: {file: nowhere.tif}\n";
  const std::string scenario = write("s.yaml", yaml);
  const RunResult r = mpirun(2, "plan " + scenario + " -o " + path("plan.h5"));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  const std::string message = "plan.demand.file: file not found";
  const std::size_t at = r.err.find("error: ");
  ASSERT_NE(at, std::string::npos) << r.err;
  EXPECT_NE(r.err.find(message, at), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(message, r.err.find(message) + 1), std::string::npos) << "reported twice: " << r.err;
  EXPECT_EQ(entries(), std::set<std::string>{"s.yaml"});
}

}  // namespace
}  // namespace tarang::test

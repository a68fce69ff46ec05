// `mpirun -np 2` and `-np 3` plan runs (gain matrix spread over the ranks) write the same gains cache, /plan group,
// coverage maps and plan YAML as the single-process run, bit for bit; the cache is reused under MPI; a bad input ends
// every rank with one error line and nothing written. Skipped when tarang was built without MPI or mpirun is absent.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "mpi_test_support.h"
#include "plan_batch_support.h"

namespace tarang::test {
namespace {

class MpiPlan : public MpiCliTest {
 protected:
  void expect_ranks_match_single_process(const std::string& scenario, bool all_ranks_work) {
    const RunResult single = tarang("plan " + scenario + " -o " + path("single.h5"));
    ASSERT_EQ(single.exit_code, 0) << single.out << single.err;
    for (int ranks : {2, 3}) {
      const std::string out = "np" + std::to_string(ranks);
      const RunResult r = mpirun(ranks, "plan " + scenario + " -o " + path(out + ".h5"));
      ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
      expect_each_unit_once(r, ranks, all_ranks_work);
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

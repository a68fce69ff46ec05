// GPU memory plan of the SBR engine with made-up device sizes: all sectors in one pass when they fit, fewer per
// pass when not, and the one-line InputError naming the sizes when not even the scene fits.
#include "raytrace/sbr_gpu_memory_plan.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tarang {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20, kGiB = std::size_t{1} << 30;

TEST(SbrGpuMemoryPlan, ReserveIsTheLargerOf256MiBAndFivePercent) {
  EXPECT_EQ(sbr_gpu_memory_reserve_bytes(2 * kGiB), 256 * kMiB);
  EXPECT_EQ(sbr_gpu_memory_reserve_bytes(100 * kGiB), 5 * kGiB);
}

TEST(SbrGpuMemoryPlan, AllSectorsInOnePassWhenTheyFit) {
  // 140 GiB free (7 GiB reserved), 2 GiB scene, 3 sectors of 4 MB maps.
  EXPECT_EQ(plan_sbr_gpu_sectors_per_pass(2 * kGiB, 4'000'000, 3, 140 * kGiB), 3u);
  EXPECT_EQ(plan_sbr_gpu_sectors_per_pass(2 * kGiB, 4'000'000, 1, 140 * kGiB), 1u);
  EXPECT_EQ(plan_sbr_gpu_sectors_per_pass(2 * kGiB, 0, 0, 140 * kGiB), 1u);  // a site without sectors
}

TEST(SbrGpuMemoryPlan, SplitsSectorsIntoPassesWhenTheMapsDoNotFit) {
  // 8 GiB free: 7.6 GiB usable after the 0.4 GiB (5 %) reserve; 1 GiB scene leaves room for 6 maps of 1 GiB.
  const std::size_t free_bytes = 8 * kGiB;
  const std::size_t usable = free_bytes - free_bytes / 20;
  EXPECT_EQ(plan_sbr_gpu_sectors_per_pass(1 * kGiB, 1 * kGiB, 30, free_bytes), (usable - kGiB) / kGiB);
  EXPECT_EQ((usable - kGiB) / kGiB, 6u);
  // Exactly one map's room: one sector per pass.
  EXPECT_EQ(plan_sbr_gpu_sectors_per_pass(usable - kGiB, kGiB, 30, free_bytes), 1u);
}

TEST(SbrGpuMemoryPlan, SceneThatDoesNotFitIsAnInputErrorWithTheSizes) {
  try {
    plan_sbr_gpu_sectors_per_pass(3 * kGiB + kGiB / 2, 512 * kMiB, 3, 2 * kGiB);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key(), "raytrace.engine");
    EXPECT_STREQ(e.what(),
                 "raytrace.engine: gpu: the scene needs 3.50 GiB of GPU memory (4.00 GiB with one sector map, 0.25 "
                 "GiB kept for CUDA), the device has 2.00 GiB free; use raytrace.engine: cpu, a smaller scene area or "
                 "a coarser grid.cell_m");
  }
  // One byte short of the scene plus one map.
  const std::size_t free_bytes = 4 * kGiB, usable = free_bytes - 256 * kMiB;
  EXPECT_EQ(plan_sbr_gpu_sectors_per_pass(usable - kMiB, kMiB, 3, free_bytes), 1u);
  EXPECT_THROW(plan_sbr_gpu_sectors_per_pass(usable - kMiB + 1, kMiB, 3, free_bytes), InputError);
}

}  // namespace
}  // namespace tarang

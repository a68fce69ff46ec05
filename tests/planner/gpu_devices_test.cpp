// --gpus parsing (every bad list gets its one-line message) and the deterministic unit -> device assignment.
#include "planner/gpu_devices.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tarang {
namespace {

std::string error_of(const std::string& text, int device_count) {
  try {
    parse_gpu_list(text, device_count);
  } catch (const InputError& e) {
    EXPECT_EQ(e.key(), "--gpus");
    return e.what();
  }
  return "no error";
}

TEST(GpuDevices, ParsesAllAndIndexLists) {
  EXPECT_EQ(parse_gpu_list("all", 4), (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(parse_gpu_list("0", 1), (std::vector<int>{0}));
  EXPECT_EQ(parse_gpu_list("2,0", 4), (std::vector<int>{2, 0}));  // in the order given
}

TEST(GpuDevices, RejectsBadListsWithOneLineMessages) {
  EXPECT_EQ(error_of("all", 0), "--gpus: all: no CUDA device is present");
  EXPECT_EQ(error_of("", 2), "--gpus: empty list; use all or device indices such as 0,1");
  EXPECT_EQ(error_of("0,,1", 2), "--gpus: '' in '0,,1' is not a device index; use all or indices such as 0,1");
  EXPECT_EQ(error_of("0,x", 2), "--gpus: 'x' in '0,x' is not a device index; use all or indices such as 0,1");
  EXPECT_EQ(error_of("-1", 2), "--gpus: '-1' in '-1' is not a device index; use all or indices such as 0,1");
  EXPECT_EQ(error_of("1,", 2), "--gpus: '' in '1,' is not a device index; use all or indices such as 0,1");
  EXPECT_EQ(error_of("0,2", 2), "--gpus: device 2 does not exist (2 CUDA devices present)");
  EXPECT_EQ(error_of("1", 1), "--gpus: device 1 does not exist (1 CUDA device present)");
  EXPECT_EQ(error_of("1,0,1", 2), "--gpus: device 1 is listed twice in '1,0,1'");
}

TEST(GpuDevices, AssignsUnitsRoundRobinIndependentOfAnythingButTheCounts) {
  EXPECT_EQ(assign_units_to_gpus(5, 2), (std::vector<std::uint32_t>{0, 1, 0, 1, 0}));
  EXPECT_EQ(assign_units_to_gpus(3, 1), (std::vector<std::uint32_t>{0, 0, 0}));
  EXPECT_EQ(assign_units_to_gpus(2, 4), (std::vector<std::uint32_t>{0, 1}));
  EXPECT_TRUE(assign_units_to_gpus(0, 2).empty());
  EXPECT_THROW(assign_units_to_gpus(3, 0), std::invalid_argument);
}

}  // namespace
}  // namespace tarang

// Display ranges, nice steps and ticks against hand-computed values.
#include "io/value_scale.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace tarang {
namespace {

TEST(NiceStep, PicksOneTwoOrFiveTimesAPowerOfTen) {
  EXPECT_DOUBLE_EQ(nice_step({-120, -60}, 6), 10);  // raw 10
  EXPECT_DOUBLE_EQ(nice_step({0, 440}, 6), 100);    // raw 73.3 -> 100
  EXPECT_DOUBLE_EQ(nice_step({-5, 30}, 6), 10);     // raw 5.83 -> 10
  EXPECT_DOUBLE_EQ(nice_step({0, 1}, 4), 0.5);      // raw 0.25 -> 0.5
  EXPECT_DOUBLE_EQ(nice_step({0, 7}, 7), 1);
  EXPECT_DOUBLE_EQ(nice_step({3, 3}, 6), 1);  // empty range
}

TEST(NiceTicks, ListsTheMultiplesInsideTheRange) {
  EXPECT_EQ(nice_ticks({-118.3, -61.2}, 6), (std::vector<double>{-110, -100, -90, -80, -70}));
  EXPECT_EQ(nice_ticks({0, 1}, 4), (std::vector<double>{0, 0.5, 1}));
}

TEST(TickLabel, UsesTheDecimalsTheStepNeeds) {
  EXPECT_EQ(tick_label(-110, 10), "-110");
  EXPECT_EQ(tick_label(0.5, 0.5), "0.5");
  EXPECT_EQ(tick_label(0.25, 0.05), "0.25");
  EXPECT_EQ(tick_label(-1e-12, 0.1), "0.0");  // never "-0.0"
}

TEST(DisplayRange, IgnoresOutliersNaNAndInfinity) {
  std::vector<float> values;
  for (int i = 0; i <= 1000; ++i) values.push_back(-120.0f + 0.06f * i);  // -120 .. -60
  values.push_back(500.0f);                                               // one outlier: above the 99th percentile
  values.push_back(std::numeric_limits<float>::quiet_NaN());
  values.push_back(-std::numeric_limits<float>::infinity());
  const ValueRange r = display_range(values);
  // p1 = -119.35, p99 = -60.6 (within one step of the ends), widened to multiples of the step 10.
  EXPECT_DOUBLE_EQ(r.min, -120);
  EXPECT_DOUBLE_EQ(r.max, -60);
}

TEST(DisplayRange, HandlesConstantAndEmptyInput) {
  const std::vector<float> constant(10, 4.0f), none = {std::numeric_limits<float>::quiet_NaN()};
  EXPECT_DOUBLE_EQ(display_range(constant).min, 3);
  EXPECT_DOUBLE_EQ(display_range(constant).max, 5);
  EXPECT_DOUBLE_EQ(display_range(none).min, 0);
  EXPECT_DOUBLE_EQ(display_range(none).max, 1);
}

TEST(ValueRange, FractionAndMerge) {
  const ValueRange r{-120, -60};
  EXPECT_DOUBLE_EQ(r.fraction(-90), 0.5);
  const ValueRange m = merged(r, {-130, -70});
  EXPECT_DOUBLE_EQ(m.min, -130);
  EXPECT_DOUBLE_EQ(m.max, -60);
}

}  // namespace
}  // namespace tarang

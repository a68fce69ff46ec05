// Tube footprints: the spread fractions conserve the deposit and follow the overlap areas.
#include "raytrace/tube_footprint.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

namespace tarang {
namespace {

TEST(TubeFootprint, HalfSideFromTubeArea) {
  // 1000 m path, 4 pi / 1e6 sr tube, crossing at 60 deg from the normal (cos 0.5): area 1e6 x 1.2566e-5 / 0.5.
  const float h = tube_footprint_half_side_m(1000.0f, 4.0f * static_cast<float>(M_PI) / 1e6f, 0.5f, 100.0f);
  EXPECT_NEAR(4 * h * h, 25.1327, 1e-3);
  EXPECT_FLOAT_EQ(tube_footprint_half_side_m(1000.0f, 1.0f, 0.5f, 40.0f), 40.0f);  // clamped
}

TEST(TubeFootprint, FractionsSumToOneInsideAndMatchOverlaps) {
  std::map<std::uint32_t, double> got;
  // Grid: west 0, north 100, 10 m cells, 10 x 10. Square centred at (25, 75) with half side 7.5: spans x 17.5..32.5,
  // y 67.5..82.5 -> columns 1..3, rows 1..3.
  for_each_footprint_cell(25.0f, 75.0f, 7.5f, 0.0f, 100.0f, 10.0f, 10, 10,
                          [&](std::uint32_t cell, float f) { got[cell] += f; });
  double total = 0;
  for (auto& [cell, f] : got) total += f;
  EXPECT_NEAR(total, 1.0, 1e-6);
  ASSERT_EQ(got.size(), 9u);
  // Centre cell (row 2, col 2) is fully covered: 100 / 225.
  EXPECT_NEAR(got[2 * 10 + 2], 100.0 / 225.0, 1e-6);
  // Corner cell (row 1, col 1): overlap 2.5 x 2.5.
  EXPECT_NEAR(got[1 * 10 + 1], 6.25 / 225.0, 1e-6);
}

TEST(TubeFootprint, PartsOutsideTheGridAreDropped) {
  double total = 0;
  for_each_footprint_cell(0.0f, 50.0f, 5.0f, 0.0f, 100.0f, 10.0f, 10, 10,
                          [&](std::uint32_t, float f) { total += f; });
  EXPECT_NEAR(total, 0.5, 1e-6);  // the western half lies outside
}

}  // namespace
}  // namespace tarang

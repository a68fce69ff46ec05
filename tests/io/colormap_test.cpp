// viridis against the published table (samples printed by reference/viridis_reference.py), and the sector palette.
#include "io/colormap.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>

namespace tarang {
namespace {

// The fit is within 2.33 of 255 levels of the table (viridis_reference.py), plus 0.5 for rounding to bytes.
constexpr int kLevels = 3;

void expect_near(Rgba actual, double r, double g, double b) {
  EXPECT_LE(std::abs(actual.r - r * 255), kLevels) << "red";
  EXPECT_LE(std::abs(actual.g - g * 255), kLevels) << "green";
  EXPECT_LE(std::abs(actual.b - b * 255), kLevels) << "blue";
  EXPECT_EQ(actual.a, 255);
}

TEST(Viridis, MatchesThePublishedTableAtSamplePoints) {
  // matplotlib's viridis table entries 0, 64, 128, 191, 255 (van der Walt & Smith 2015).
  expect_near(viridis(0.0), 0.267004, 0.004874, 0.329415);
  expect_near(viridis(64 / 255.0), 0.229739, 0.322361, 0.545706);
  expect_near(viridis(128 / 255.0), 0.127568, 0.566949, 0.550556);
  expect_near(viridis(191 / 255.0), 0.360741, 0.785964, 0.387814);
  expect_near(viridis(1.0), 0.993248, 0.906157, 0.143936);
}

TEST(Viridis, ClampsOutOfRangeAndNaN) {
  EXPECT_EQ(viridis(-3.0), viridis(0.0));
  EXPECT_EQ(viridis(7.0), viridis(1.0));
  EXPECT_EQ(viridis(std::numeric_limits<double>::quiet_NaN()), viridis(0.0));
}

TEST(Viridis, LightnessGrowsMonotonically) {
  // viridis is designed with monotonically increasing lightness; Rec. 709 luma is a close enough proxy here.
  double previous = -1;
  for (int i = 0; i <= 32; ++i) {
    const Rgba c = viridis(i / 32.0);
    const double luma = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
    EXPECT_GT(luma, previous) << "t = " << i / 32.0;
    previous = luma;
  }
}

TEST(CategoricalColor, NeighbouringIndicesAreClearlyDifferent) {
  for (int i = 0; i < 30; ++i) {
    const Rgba a = categorical_color(i), b = categorical_color(i + 1);
    const double distance = std::hypot(a.r - b.r, a.g - b.g, a.b - b.b);
    EXPECT_GT(distance, 60) << "indices " << i << " and " << i + 1;
    EXPECT_EQ(a, categorical_color(i));  // deterministic
  }
  EXPECT_EQ(categorical_color(-1), (Rgba{220, 220, 220, 255}));
}

TEST(CssHex, FormatsSixLowercaseDigits) {
  EXPECT_EQ(css_hex({255, 0, 16, 255}), "#ff0010");
  EXPECT_EQ(css_hex({1, 2, 3, 0}), "#010203");
}

}  // namespace
}  // namespace tarang

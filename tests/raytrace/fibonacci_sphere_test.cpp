// Fibonacci sphere: unit directions, uniform in z, balanced around the sphere, deterministic.
#include "raytrace/fibonacci_sphere.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tarang {
namespace {

TEST(FibonacciSphere, DirectionsAreUnitAndBalanced) {
  const std::uint64_t n = 100000;
  double sx = 0, sy = 0, sz = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    const Vec3<double> d = fibonacci_direction<double>(i, n);
    ASSERT_NEAR(length(d), 1.0, 1e-12);
    sx += d.x, sy += d.y, sz += d.z;
  }
  // A uniform set has zero mean; the Fibonacci set's mean is within ~1/n of it.
  EXPECT_LT(std::fabs(sx / n), 1e-4);
  EXPECT_LT(std::fabs(sy / n), 1e-4);
  EXPECT_LT(std::fabs(sz / n), 1e-9);
}

TEST(FibonacciSphere, FollowsTheDefinition) {
  // z = 1 - (2i + 1)/n, azimuth = i x 2.39996323 rad (the anchor workload's definition).
  const std::uint64_t n = 1000;
  for (std::uint64_t i : {0ull, 1ull, 17ull, 999ull}) {
    const Vec3<double> d = fibonacci_direction<double>(i, n);
    const double z = 1.0 - (2.0 * i + 1.0) / n, r = std::sqrt(1 - z * z), phi = i * 2.39996323;
    EXPECT_NEAR(d.z, z, 1e-15);
    EXPECT_NEAR(d.x, r * std::cos(phi), 1e-7);
    EXPECT_NEAR(d.y, r * std::sin(phi), 1e-7);
  }
}

TEST(FibonacciSphere, EqualAreaBands) {
  // Equal-area property: the fraction of directions with z > 0.5 is 1/4 (cap area 2 pi (1 - 0.5) / 4 pi).
  const std::uint64_t n = 40000;
  std::uint64_t count = 0;
  for (std::uint64_t i = 0; i < n; ++i) count += fibonacci_direction<double>(i, n).z > 0.5;
  EXPECT_NEAR(static_cast<double>(count) / n, 0.25, 1.0 / n + 1e-12);
  EXPECT_NEAR(fibonacci_tube_solid_angle_sr<double>(n) * n, 4 * M_PI, 1e-9);
}

}  // namespace
}  // namespace tarang

// Deterministic ray directions on a Fibonacci sphere: N nearly uniform directions, each a tube of 4 pi / N sr.
#pragma once

#include <stdint.h>

#include "core/hd.h"
#include "core/hd_math.h"
#include "core/vec3.h"

namespace tarang {

constexpr double kGoldenAngle_rad = 2.39996322972865332;  // pi (3 - sqrt(5))

// Direction i of n (0 <= i < n): z = 1 - (2i + 1) / n, azimuth = i x golden angle (x east, y north, z up).
// Computed in double so that directions stay distinct for n up to ~1e10 before the cast to T.
template <typename T>
TARANG_HD inline Vec3<T> fibonacci_direction(uint64_t i, uint64_t n) {
  const double z = 1.0 - (2.0 * static_cast<double>(i) + 1.0) / static_cast<double>(n);
  const double r = hd::sqrt(hd::max(0.0, 1.0 - z * z));
  // Reduce the azimuth modulo 2 pi in double before taking sin/cos: i x golden angle reaches ~2e10 rad.
  const double turns = static_cast<double>(i) * (kGoldenAngle_rad / (2.0 * hd::kPi));
  const double phi = (turns - static_cast<double>(static_cast<int64_t>(turns))) * 2.0 * hd::kPi;
  return {static_cast<T>(r * hd::cos(phi)), static_cast<T>(r * hd::sin(phi)), static_cast<T>(z)};
}

// Solid angle of one ray tube when n rays share the sphere.
template <typename T>
TARANG_HD inline T fibonacci_tube_solid_angle_sr(uint64_t n) {
  return static_cast<T>(4.0 * hd::kPi / static_cast<double>(n));
}

}  // namespace tarang

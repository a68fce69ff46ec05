// Free-space (Friis) path loss for host and device code.
#pragma once

#include "core/hd.h"
#include "core/hd_math.h"

namespace tarang {

// Free-space path loss 20 log10(4 pi d f / c) in dB, c = 299792458 m/s; distance_m > 0 (the caller clamps).
template <typename T>
TARANG_HD inline T free_space_path_loss_db(T distance_m, T frequency_hz) {
  const T four_pi_over_c = static_cast<T>(4.0 * hd::kPi / hd::kSpeedOfLight_m_per_s);
  return static_cast<T>(20) * hd::log10(four_pi_over_c * distance_m * frequency_hz);
}

}  // namespace tarang

// Gain of an antenna given by a horizontal and a vertical pattern cut (MSI / Planet files), by HPI interpolation.
#pragma once

#include "core/hd.h"
#include "core/hd_math.h"

namespace tarang {

// Conventions (MSI / Planet antenna file; the parser is propagation/antenna_msi.h):
//  - cuts_db[0..359]: horizontal cut (the local horizontal plane), attenuation in dB below gain_dbi at MSI horizontal
//    angle 0..359 deg: 0 = boresight, increasing clockwise seen from above (compass-like, "0 = north"), so MSI
//    angle a is the local azimuth -a of antenna_pattern.h (whose azimuth is counter-clockwise).
//  - cuts_db[360..719]: vertical cut (the plane through boresight and the local zenith) at MSI vertical angle
//    0..359: 0 = horizon in front, 90 = down (nadir), 180 = horizon behind, 270 = up (zenith). A direction at local
//    zenith theta has depression eps = theta - 90 and lies at vertical angle eps (mod 360) in front of the antenna,
//    180 - eps behind it.
//  - Between the 1-degree samples the attenuation is interpolated linearly in dB, wrapping from 359 to 0.
//  - 3D pattern from the two cuts: Horizontal Projection Interpolation (HPI; Altair WinProp AMan user guide,
//    "Horizontal Projection Interpolation (HPI) Algorithm", eq. 1), written in attenuations, with w = |phi| / 180:
//      A(theta, phi) = H(phi) + (1 - w) [V(eps) - H(0)] + w [V(180 - eps) - H(180)]
//    It reproduces both cuts exactly (H in the horizontal plane, V in the front and back vertical half-planes) when
//    they agree at boresight and behind (H(0) = V(0), H(180) = V(180)), unlike the plain summing method H + V, which
//    counts the front-to-back attenuation twice behind the antenna. Electrical tilt is part of the vertical cut.
//  - Gain = gain_dbi - A.

struct MsiPatternView {
  const float* cuts_db;  // 720 attenuations: horizontal cut then vertical cut, index = angle in degrees
  float gain_dbi;        // maximum gain
};

namespace msi_detail {

// Attenuation of a 360-sample cut at `angle_deg` (any value), linear between whole degrees, wrapping 359 -> 0.
template <typename T>
TARANG_HD inline T cut_db(const float* cut, T angle_deg) {
  const T full = static_cast<T>(360);
  while (angle_deg < static_cast<T>(0)) angle_deg += full;
  while (angle_deg >= full) angle_deg -= full;
  int i0 = static_cast<int>(angle_deg);
  const T frac = angle_deg - static_cast<T>(i0);
  if (i0 >= 360) i0 -= 360;  // angle_deg rounded up to 360 in float
  const int i1 = i0 == 359 ? 0 : i0 + 1;
  return static_cast<T>(cut[i0]) + frac * (static_cast<T>(cut[i1]) - static_cast<T>(cut[i0]));
}

}  // namespace msi_detail

// Gain in dBi towards local (zenith in [0, 180], azimuth in degrees, any turn) of the antenna described by `v`.
template <typename T>
TARANG_HD inline T msi_gain_dbi(const MsiPatternView& v, T zenith_deg, T azimuth_deg) {
  const T half = static_cast<T>(180), full = static_cast<T>(360);
  while (azimuth_deg > half) azimuth_deg -= full;
  while (azimuth_deg < -half) azimuth_deg += full;
  const float* horizontal = v.cuts_db;
  const float* vertical = v.cuts_db + 360;
  const T eps = zenith_deg - static_cast<T>(90);
  const T w = hd::fabs(azimuth_deg) / half;
  const T front_db = msi_detail::cut_db(vertical, eps) - static_cast<T>(horizontal[0]);
  const T back_db = msi_detail::cut_db(vertical, half - eps) - static_cast<T>(horizontal[180]);
  const T attenuation_db = msi_detail::cut_db(horizontal, -azimuth_deg) + (static_cast<T>(1) - w) * front_db +
                           w * back_db;
  return static_cast<T>(v.gain_dbi) - attenuation_db;
}

}  // namespace tarang

// Dipole antenna gains: short (Hertzian) and half-wave dipole, as functions of the angle from the dipole axis.
#pragma once

#include "core/hd.h"
#include "core/hd_math.h"

namespace tarang {

// Convention: the dipole lies along the local z axis, so `zenith_deg` is the angle between the direction and the
// dipole axis (local_angles(...).zenith_deg of antenna_pattern.h for a dipole along the local zenith); the
// patterns are omnidirectional around the axis. Both patterns are power-normalised: their mean over the sphere is
// 1 (total radiated power = 4 pi times that of an isotropic radiator). Along the axis the patterns have exact nulls;
// the dBi functions return kDipoleNullGain_dbi there instead of -infinity.

// Balanis, Antenna Theory (3rd ed.), sec. 4.2.5: D0 = 3/2 (1.76 dBi).
constexpr double kShortDipoleDirectivity = 1.5;
// Balanis sec. 4.6.3: D0 = 4 / Cin(2 pi) with the exact Cin(2 pi) = 2.4376534 (power series, Abramowitz & Stegun
// 5.2.16): 1.64092 = 2.1509 dBi (Balanis' 1.643 uses the rounded table value Cin = 2.435).
constexpr double kHalfWaveDipoleDirectivity = 1.640922376985;
constexpr double kDipoleNullGain_dbi = -100.0;  // floor for the on-axis nulls

namespace dipole_detail {

template <typename T>
TARANG_HD inline T gain_to_dbi(T gain) {
  const T floor = static_cast<T>(1e-10);  // 10^(kDipoleNullGain_dbi / 10)
  return hd::linear_to_db(hd::max(gain, floor));
}

}  // namespace dipole_detail

// Short dipole (length << wavelength) power gain, linear: 1.5 sin^2(theta) (Balanis sec. 4.2).
template <typename T>
TARANG_HD inline T short_dipole_gain(T zenith_deg) {
  const T s = hd::sin(hd::deg_to_rad(zenith_deg));
  return static_cast<T>(kShortDipoleDirectivity) * s * s;
}

template <typename T>
TARANG_HD inline T short_dipole_gain_dbi(T zenith_deg) {
  return dipole_detail::gain_to_dbi(short_dipole_gain(zenith_deg));
}

// Half-wave dipole power gain, linear: D0 [cos(pi/2 cos theta) / sin theta]^2 (Balanis sec. 4.6). Evaluated
// as sin(pi/2 sin^2(theta) / (1 + |cos theta|)) / sin(theta), the same value without the cancellation near the axis.
template <typename T>
TARANG_HD inline T half_wave_dipole_gain(T zenith_deg) {
  const T theta = hd::deg_to_rad(zenith_deg);
  const T s = hd::sin(theta);
  if (s == static_cast<T>(0)) return static_cast<T>(0);
  const T c = hd::fabs(hd::cos(theta));
  const T half_pi = static_cast<T>(hd::kPi / 2.0);
  const T f = hd::sin(half_pi * s * s / (static_cast<T>(1) + c)) / s;
  return static_cast<T>(kHalfWaveDipoleDirectivity) * f * f;
}

template <typename T>
TARANG_HD inline T half_wave_dipole_gain_dbi(T zenith_deg) {
  return dipole_detail::gain_to_dbi(half_wave_dipole_gain(zenith_deg));
}

}  // namespace tarang

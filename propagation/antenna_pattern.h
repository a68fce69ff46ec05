// Antenna gain: 3GPP TR 38.901 Table 7.3-1 element pattern, isotropic, and the global-to-local rotation of section 7.1.
#pragma once

#include "core/hd.h"
#include "core/hd_math.h"
#include "core/model_kinds.h"
#include "core/vec3.h"

namespace tarang {

// Orientation convention:
//  - Global frame is ENU: x east, y north, z up; `direction` points from the antenna to the receiver (any
//    nonzero length; a zero vector is treated as boresight).
//  - azimuth_deg is the boresight bearing, clockwise from north: 0 = north (+y), 90 = east (+x).
//  - tilt_deg is the mechanical downtilt, positive = boresight below the horizon. No slant.
//  - TR 38.901 section 7.1 rotates the local frame by alpha (counter-clockwise from +x), beta (downtilt), gamma
//    (slant): here alpha = 90 - azimuth_deg, beta = tilt_deg, gamma = 0, and the local direction is
//    Ry(beta)^T Rz(alpha)^T direction (exact rotation, not the theta - tilt approximation).
//  - Local angles are the TR's LCS angles: zenith_deg in [0, 180] (90 = boresight plane, above 90 = below it),
//    azimuth_deg in [-180, 180] counter-clockwise seen from above (positive = left of boresight, as in the TR).

template <typename T>
struct LocalAngles {
  T zenith_deg;
  T azimuth_deg;
};

constexpr double kTr38901ElementMaxGain_dbi = 8.0;
constexpr double kTr38901ElementBeamwidth3db_deg = 65.0;   // theta_3dB = phi_3dB
constexpr double kTr38901ElementSideLobeLimit_db = 30.0;   // SLA_V
constexpr double kTr38901ElementMaxAttenuation_db = 30.0;  // A_max (front-to-back ratio)

// Sines and cosines of an antenna's TR 38.901 rotation (alpha = 90 - bearing, beta = downtilt), computed once
// per antenna so that per-ray or per-cell gain lookups need no trigonometry for the orientation.
template <typename T>
struct AntennaOrientation {
  T cos_alpha, sin_alpha, cos_beta, sin_beta;
};

template <typename T>
TARANG_HD inline AntennaOrientation<T> antenna_orientation(T azimuth_deg, T tilt_deg) {
  const T alpha = hd::deg_to_rad(static_cast<T>(90) - azimuth_deg);
  const T beta = hd::deg_to_rad(tilt_deg);
  return {hd::cos(alpha), hd::sin(alpha), hd::cos(beta), hd::sin(beta)};
}

// Direction in the global ENU frame -> zenith/azimuth in the antenna's local frame (TR 38.901 eq. 7.1-7, 7.1-8).
template <typename T>
TARANG_HD inline LocalAngles<T> local_angles(Vec3<T> direction, const AntennaOrientation<T>& o) {
  const T len = length(direction);
  if (len == static_cast<T>(0)) return {static_cast<T>(90), static_cast<T>(0)};
  const T x1 = o.cos_alpha * direction.x + o.sin_alpha * direction.y;  // Rz(alpha)^T
  const T y1 = -o.sin_alpha * direction.x + o.cos_alpha * direction.y;
  const T x2 = o.cos_beta * x1 - o.sin_beta * direction.z;  // Ry(beta)^T
  const T z2 = o.sin_beta * x1 + o.cos_beta * direction.z;
  const T cos_zenith = hd::clamp(z2 / len, static_cast<T>(-1), static_cast<T>(1));
  return {hd::rad_to_deg(hd::acos(cos_zenith)), hd::rad_to_deg(hd::atan2(y1, x2))};
}

template <typename T>
TARANG_HD inline LocalAngles<T> local_angles(Vec3<T> direction, T azimuth_deg, T tilt_deg) {
  return local_angles(direction, antenna_orientation(azimuth_deg, tilt_deg));
}

// Element gain in dBi for local angles (zenith in [0, 180], azimuth in [-180, 180]), max 8 dBi on boresight.
template <typename T>
TARANG_HD inline T tr38901_element_gain_dbi(T zenith_deg, T azimuth_deg) {
  const T bw = static_cast<T>(kTr38901ElementBeamwidth3db_deg);
  const T v = (zenith_deg - static_cast<T>(90)) / bw;
  const T h = azimuth_deg / bw;
  const T a_max = static_cast<T>(kTr38901ElementMaxAttenuation_db);
  const T vertical_db = -hd::min(static_cast<T>(12) * v * v, static_cast<T>(kTr38901ElementSideLobeLimit_db));
  const T horizontal_db = -hd::min(static_cast<T>(12) * h * h, a_max);
  return static_cast<T>(kTr38901ElementMaxGain_dbi) - hd::min(-(vertical_db + horizontal_db), a_max);
}

// Gain in dBi of an antenna of `kind` and orientation `o` towards `direction` (ENU).
template <typename T>
TARANG_HD inline T antenna_gain_dbi(AntennaKind kind, Vec3<T> direction, const AntennaOrientation<T>& o) {
  if (kind == AntennaKind::Isotropic) return static_cast<T>(0);
  const LocalAngles<T> a = local_angles(direction, o);
  return tr38901_element_gain_dbi(a.zenith_deg, a.azimuth_deg);
}

template <typename T>
TARANG_HD inline T antenna_gain_dbi(AntennaKind kind, Vec3<T> direction, T azimuth_deg, T tilt_deg) {
  return antenna_gain_dbi(kind, direction, antenna_orientation(azimuth_deg, tilt_deg));
}

}  // namespace tarang

// Uniform planar array of TR 38.901 elements: steered beam gain and the envelope of an SSB-like beam sweep.
#pragma once

#include "core/hd.h"
#include "core/hd_math.h"
#include "core/model_kinds.h"
#include "core/vec3.h"
#include "propagation/antenna_pattern.h"

namespace tarang {

// Geometry and conventions:
//  - One single-polarised panel as in 3GPP TR 38.901 sec. 7.3: the elements lie in the local y-z plane and face
//    local +x (boresight = zenith 90, azimuth 0 in the local angles of antenna_pattern.h); `rows` (M) elements along
//    z spaced spacing_v_wl wavelengths (d_V), `cols` (N) along y spaced spacing_h_wl (d_H).
//  - Beamformed gain of ITU-R M.2101-0 Annex 1 sec. 5 (also 3GPP TR 37.840 sec. 5.4.4.2) with correlation rho = 1:
//    G(theta, phi) = A_E(theta, phi) + 10 log10 |sum_mn w_mn v_mn|^2, element gain A_E (38.901 element or
//    isotropic), v_mn = exp(j 2 pi (m d_V cos theta + n d_H sin theta sin phi)) and unit-norm steering weights
//    w_mn = exp(-j 2 pi (m d_V cos theta_s + n d_H sin theta_s sin phi_s)) / sqrt(MN) (M.2101's weights with
//    theta_etilt = theta_s - 90, phi_escan = phi_s). The steered direction thus gets A_E + 10 log10(MN).
//  - The uniform amplitudes make the array factor separable; it is evaluated in closed form:
//    |sum w v|^2 = N F_N(x_h) M F_M(x_v), F_K(x) = [sin(K x) / (K sin x)]^2,
//    x_h = pi d_H (sin theta sin phi - sin theta_s sin phi_s), x_v = pi d_V (cos theta - cos theta_s).
//  - Power: the weights conserve the transmitted power (sum |w|^2 = 1) and elements radiate independently (no mutual
//    coupling). The radiated power then equals the input power only where the cross terms integrate to zero:
//    exactly for a linear array of isotropic elements at half-wave spacing, but not for a planar one (8x8
//    isotropic at broadside: mean gain over the sphere -1.68 dB, so the true directivity is 1.68 dB above
//    10 log10(MN)), nor with the 38.901 element, whose own mean gain is -1.83 dB (8x8 of them: +2.62 dB). The tests
//    check these values. This is the standard (M.2101 / TR 37.840) convention for system-level coverage.
//  - Beam grid (SSB-like sweep): `beams` azimuth beams per tilt row, pointed at the centres of `beams` equal slices
//    of [-beam_azimuth_half_span_deg, +beam_azimuth_half_span_deg] (8 beams over +-60 deg: -52.5, -37.5, ..., 52.5;
//    1 beam: 0), and `beam_tilts` rows of electrical downtilt beam_tilt_first_deg + k beam_tilt_step_deg (positive
//    = below the panel's horizon: zenith 90 + tilt). Beam index b = k * beams + i. Requires beams, beam_tilts >= 1.
//  - The coverage pattern is the envelope: element gain + the max over the beams of the array factor.
//  - In the nulls of the array factor the gain is floored at kArrayFactorFloor_db instead of -infinity.

constexpr double kArrayFactorFloor_db = -100.0;

template <typename T>
struct ArrayConfig {
  int rows = 1;                                   // M, elements along local z
  int cols = 1;                                   // N, elements along local y
  T spacing_v_wl = static_cast<T>(0.5);           // d_V in wavelengths
  T spacing_h_wl = static_cast<T>(0.5);           // d_H in wavelengths
  int beams = 1;                                  // azimuth beams per tilt row
  T beam_azimuth_half_span_deg = static_cast<T>(60);
  int beam_tilts = 1;                             // rows of the beam grid in elevation
  T beam_tilt_first_deg = static_cast<T>(0);      // electrical downtilt of the first row
  T beam_tilt_step_deg = static_cast<T>(0);       // downtilt step between rows
  AntennaKind element = AntennaKind::Tr38901Element;  // or Isotropic
};

namespace array_detail {

// [sin(K x) / (K sin x)]^2: period pi in x, 1 on the main and grating lobes.
template <typename T>
TARANG_HD inline T uniform_factor(int k, T x) {
  const T pi = static_cast<T>(hd::kPi);
  const T half_pi = static_cast<T>(hd::kPi / 2.0);
  while (x > half_pi) x -= pi;  // |x| <= 2 pi d: a few iterations at most
  while (x < -half_pi) x += pi;
  const T s = hd::sin(x);
  if (s == static_cast<T>(0)) return static_cast<T>(1);
  const T r = hd::sin(static_cast<T>(k) * x) / (static_cast<T>(k) * s);
  return r * r;
}

}  // namespace array_detail

// Element gain in dBi of the array's element kind at local angles.
template <typename T>
TARANG_HD inline T array_element_gain_dbi(const ArrayConfig<T>& c, T zenith_deg, T azimuth_deg) {
  if (c.element == AntennaKind::Isotropic) return static_cast<T>(0);
  return tr38901_element_gain_dbi(zenith_deg, azimuth_deg);
}

// 10 log10 |sum w v|^2 (dB) of a beam steered to local angles `steer`, towards local (zenith, azimuth); its maximum
// is 10 log10(rows cols) in the steered direction (and on grating lobes).
template <typename T>
TARANG_HD inline T array_factor_db(const ArrayConfig<T>& c, LocalAngles<T> steer, T zenith_deg, T azimuth_deg) {
  const T ts = hd::deg_to_rad(steer.zenith_deg), ps = hd::deg_to_rad(steer.azimuth_deg);
  const T t = hd::deg_to_rad(zenith_deg), p = hd::deg_to_rad(azimuth_deg);
  const T pi = static_cast<T>(hd::kPi);
  const T x_h = pi * c.spacing_h_wl * (hd::sin(t) * hd::sin(p) - hd::sin(ts) * hd::sin(ps));
  const T x_v = pi * c.spacing_v_wl * (hd::cos(t) - hd::cos(ts));
  const T af = static_cast<T>(c.cols) * array_detail::uniform_factor(c.cols, x_h) * static_cast<T>(c.rows) *
               array_detail::uniform_factor(c.rows, x_v);
  return hd::max(hd::linear_to_db(af), static_cast<T>(kArrayFactorFloor_db));
}

// Gain in dBi of one beam steered to `steer` (local angles), towards local (zenith, azimuth).
template <typename T>
TARANG_HD inline T array_beam_gain_dbi(const ArrayConfig<T>& c, LocalAngles<T> steer, T zenith_deg, T azimuth_deg) {
  return array_element_gain_dbi(c, zenith_deg, azimuth_deg) + array_factor_db(c, steer, zenith_deg, azimuth_deg);
}

template <typename T>
TARANG_HD inline int array_beam_count(const ArrayConfig<T>& c) { return c.beams * c.beam_tilts; }

// Steering direction (local angles) of beam `beam` in [0, array_beam_count) of the grid described above.
template <typename T>
TARANG_HD inline LocalAngles<T> array_beam_direction(const ArrayConfig<T>& c, int beam) {
  const int i = beam % c.beams, k = beam / c.beams;
  const T slice = static_cast<T>(2 * i + 1) / static_cast<T>(c.beams) - static_cast<T>(1);  // in (-1, 1)
  const T tilt_deg = c.beam_tilt_first_deg + static_cast<T>(k) * c.beam_tilt_step_deg;
  return {static_cast<T>(90) + tilt_deg, c.beam_azimuth_half_span_deg * slice};
}

// Coverage gain in dBi: the envelope (max over the beam grid) of the beamformed gain at local (zenith, azimuth).
template <typename T>
TARANG_HD inline T array_envelope_gain_dbi(const ArrayConfig<T>& c, T zenith_deg, T azimuth_deg) {
  T best_db = array_factor_db(c, array_beam_direction(c, 0), zenith_deg, azimuth_deg);
  const int n = array_beam_count(c);
  for (int b = 1; b < n; ++b) {
    best_db = hd::max(best_db, array_factor_db(c, array_beam_direction(c, b), zenith_deg, azimuth_deg));
  }
  return array_element_gain_dbi(c, zenith_deg, azimuth_deg) + best_db;
}

// Envelope gain in dBi towards an ENU `direction` of a panel with orientation `o` (bearing, mechanical downtilt).
template <typename T>
TARANG_HD inline T array_envelope_gain_dbi(const ArrayConfig<T>& c, Vec3<T> direction,
                                           const AntennaOrientation<T>& o) {
  const LocalAngles<T> a = local_angles(direction, o);
  return array_envelope_gain_dbi(c, a.zenith_deg, a.azimuth_deg);
}

}  // namespace tarang

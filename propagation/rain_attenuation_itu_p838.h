// ITU-R P.838-3 rain specific attenuation gamma_R = k R^alpha with the Recommendation's k and alpha regressions.
#pragma once

#include "core/hd.h"
#include "core/hd_math.h"

namespace tarang {

// Conventions: frequency in Hz at the interface (the regressions use f in GHz, 1-1000 GHz); rain rate in mm/h;
// path elevation theta and polarisation tilt tau in degrees (tau = 0 horizontal, 90 vertical, 45 circular).

template <typename T>
struct P838Coefficients {
  T k;      // dB/km per (mm/h)^alpha
  T alpha;  // dimensionless
};

constexpr double kP838MinFrequency_hz = 1e9;
constexpr double kP838MaxFrequency_hz = 1000e9;

namespace p838_detail {

// One Gaussian term a exp(-((log10 f - b) / c)^2) of Eqs. 2-3.
struct GaussTerm {
  double a, b, c;
};

template <typename T>
TARANG_HD inline T gauss(const GaussTerm& g, T log_f) {
  const T u = (log_f - static_cast<T>(g.b)) / static_cast<T>(g.c);
  return static_cast<T>(g.a) * hd::exp(-u * u);
}

// Eq. 2 with Tables 1 (H) and 2 (V): log10 k = sum_j a_j exp(-((log10 f - b_j) / c_j)^2) + m_k log10 f + c_k.
template <typename T>
TARANG_HD inline T log10_k(T log_f, bool vertical) {
  static constexpr GaussTerm kH[4] = {
      {-5.33980, -0.10008, 1.13098}, {-0.35351, 1.26970, 0.45400}, {-0.23789, 0.86036, 0.15354},
      {-0.94158, 0.64552, 0.16817}};
  static constexpr GaussTerm kV[4] = {
      {-3.80595, 0.56934, 0.81061}, {-3.44965, -0.22911, 0.51059}, {-0.39902, 0.73042, 0.11899},
      {0.50167, 1.07319, 0.27195}};
  const GaussTerm* terms = vertical ? kV : kH;
  T sum = vertical ? static_cast<T>(-0.16398) * log_f + static_cast<T>(0.63297)
                   : static_cast<T>(-0.18961) * log_f + static_cast<T>(0.71147);
  for (int j = 0; j < 4; ++j) sum += gauss(terms[j], log_f);
  return sum;
}

// Eq. 3 with Tables 3 (H) and 4 (V): alpha = sum_j a_j exp(-((log10 f - b_j) / c_j)^2) + m_alpha log10 f + c_alpha.
template <typename T>
TARANG_HD inline T alpha(T log_f, bool vertical) {
  static constexpr GaussTerm kH[5] = {
      {-0.14318, 1.82442, -0.55187}, {0.29591, 0.77564, 0.19822}, {0.32177, 0.63773, 0.13164},
      {-5.37610, -0.96230, 1.47828}, {16.1721, -3.29980, 3.43990}};
  static constexpr GaussTerm kV[5] = {
      {-0.07771, 2.33840, -0.76284}, {0.56727, 0.95545, 0.54039}, {-0.20238, 1.14520, 0.26809},
      {-48.2991, 0.791669, 0.116226}, {48.5833, 0.791459, 0.116479}};
  const GaussTerm* terms = vertical ? kV : kH;
  T sum = vertical ? static_cast<T>(-0.053739) * log_f + static_cast<T>(0.83433)
                   : static_cast<T>(0.67849) * log_f + static_cast<T>(-1.95537);
  for (int j = 0; j < 5; ++j) sum += gauss(terms[j], log_f);
  return sum;
}

template <typename T>
TARANG_HD inline P838Coefficients<T> linear_coefficients(T frequency_hz, bool vertical) {
  const T log_f = hd::log10(frequency_hz / static_cast<T>(1e9));
  return {hd::pow(static_cast<T>(10), log10_k(log_f, vertical)), alpha(log_f, vertical)};
}

}  // namespace p838_detail

// k_H and alpha_H (horizontal polarisation), Eqs. 2-3.
template <typename T>
TARANG_HD inline P838Coefficients<T> p838_horizontal_coefficients(T frequency_hz) {
  return p838_detail::linear_coefficients(frequency_hz, false);
}

// k_V and alpha_V (vertical polarisation), Eqs. 2-3.
template <typename T>
TARANG_HD inline P838Coefficients<T> p838_vertical_coefficients(T frequency_hz) {
  return p838_detail::linear_coefficients(frequency_hz, true);
}

// k and alpha for any linear or circular polarisation and path elevation, Eqs. 4-5.
template <typename T>
TARANG_HD inline P838Coefficients<T> p838_coefficients(T frequency_hz, T elevation_deg, T tilt_deg) {
  const P838Coefficients<T> h = p838_horizontal_coefficients(frequency_hz);
  const P838Coefficients<T> v = p838_vertical_coefficients(frequency_hz);
  const T cos_el = hd::cos(hd::deg_to_rad(elevation_deg));
  const T w = cos_el * cos_el * hd::cos(hd::deg_to_rad(static_cast<T>(2) * tilt_deg));
  const T two = static_cast<T>(2);
  const T k = (h.k + v.k + (h.k - v.k) * w) / two;
  const T ka_h = h.k * h.alpha;
  const T ka_v = v.k * v.alpha;
  return {k, (ka_h + ka_v + (ka_h - ka_v) * w) / (two * k)};
}

// gamma_R = k R^alpha in dB/km (Eq. 1).
template <typename T>
TARANG_HD inline T p838_rain_specific_attenuation_db_per_km(T rain_rate_mm_per_h, T frequency_hz, T elevation_deg,
                                                            T tilt_deg) {
  const P838Coefficients<T> c = p838_coefficients(frequency_hz, elevation_deg, tilt_deg);
  return c.k * hd::pow(rain_rate_mm_per_h, c.alpha);
}

// Domain of the regressions: 1-1000 GHz, R >= 0, elevation in [0, 90] degrees.
template <typename T>
TARANG_HD inline bool p838_valid_range(T frequency_hz, T rain_rate_mm_per_h, T elevation_deg) {
  return frequency_hz >= static_cast<T>(kP838MinFrequency_hz) && frequency_hz <= static_cast<T>(kP838MaxFrequency_hz) &&
         rain_rate_mm_per_h >= static_cast<T>(0) && elevation_deg >= static_cast<T>(0) &&
         elevation_deg <= static_cast<T>(90);
}

}  // namespace tarang

// ITU-R P.526-15 knife-edge diffraction: Fresnel integrals, J(v), Bullington and Deygout over a terrain profile.
#pragma once

#include "core/complex.h"
#include "core/hd.h"
#include "core/hd_math.h"

namespace tarang {

// Conventions (all distances and heights in m, frequency in Hz; the Recommendation's km are derived inside):
//  - Fresnel integrals C(x) = int_0^x cos(pi t^2 / 2) dt, S(x) = int_0^x sin(pi t^2 / 2) dt (P.526 section 2.7).
//    |x| <= 1.5: Maclaurin series (A&S 7.3.11, 7.3.13); |x| > 1.5: even continued fraction of erfc (A&S 7.1.14,
//    Numerical Recipes 3rd ed. section 6.8) by the modified Lentz method. For |x| <= 30 (checked against mpmath):
//    absolute error < 3e-15 in double, < 2e-6 in float (growing with |x| from the rounding of x and pi x^2 / 2);
//    in double the tails 1/2 - C, 1/2 - S keep a relative error < 1e-12 where C and S themselves approach 1/2.
//  - J(v) below -0.78 is 0 dB in the Eq. (31) approximation, as P.526 states; the exact form is evaluated for all v.
//  - Terrain profile: point 0 at the transmitter, point count-1 at the receiver, distances increasing from the
//    transmitter (only differences from distance_m[0] are used), terrain heights above sea level. Antenna heights
//    h_ts, h_rs are above sea level, as in P.526 section 4.5.1. Only points 1..count-2 can diffract.
//  - Earth curvature enters as the bulge d1 d2 / (2 a_e) added to each intermediate height (P.526's
//    500 C_e d_i (d - d_i) in its km/m units), a_e = effective Earth radius (8500 km, k = 4/3, by default; pass
//    infinity for a flat Earth). With the bulge added every straight ray is a straight line, so the Deygout
//    sub-paths use the same corrected heights.
//  - Deygout (1966) construction limited to three edges, as earlier P.526 editions used it: principal edge (largest v
//    over the whole path), then the largest-v edge on each sub-path (terminal to principal edge); loss = J(v_p) +
//    J(v_t) + J(v_r) with J of Eq. (31). No empirical correction is applied; the three terms are returned so a
//    caller can add one. If J(v_p) = 0 the path is clear and the sub-paths are skipped.
//  - Bullington and Deygout use J of Eq. (31), as section 4.5.1 prescribes; lambda = c / f, c = 299792458 m/s.
//  - P.526 section 4.5.2 (the complete "delta-Bullington" method) is not implemented.

template <typename T>
struct FresnelIntegrals {
  T c;  // C(x)
  T s;  // S(x)
};

// Terrain profile in caller-owned memory (device-safe: plain pointers, no ownership).
template <typename T>
struct TerrainProfile {
  const T* distance_m;  // distance from the transmitter of each point, increasing
  const T* height_m;    // terrain height above sea level of each point
  int count;            // number of points, >= 2 (endpoints at the antennas)
};

template <typename T>
struct BullingtonResult {
  T nu;                  // v_max (line-of-sight case) or v_b (trans-horizon case); kP526NoEdgeNu if no inner points
  T knife_edge_loss_db;  // L_uc = J(nu), Eq. (31)
  T loss_db;             // L_b = L_uc + [1 - exp(-L_uc / 6)] (10 + 0.02 d), d in km
  bool line_of_sight;    // case 1 (S_tim < S_tr)
};

template <typename T>
struct DeygoutResult {
  int principal_index;  // profile index of the principal edge, -1 if there are no inner points
  int tx_side_index;    // edge between transmitter and principal edge, -1 if none or the path is clear
  int rx_side_index;    // edge between principal edge and receiver, -1 if none or the path is clear
  T principal_nu;       // kP526NoEdgeNu if principal_index < 0
  T principal_loss_db;  // J(v_p)
  T tx_side_loss_db;    // J(v_t), 0 if no edge
  T rx_side_loss_db;    // J(v_r), 0 if no edge
  T loss_db;            // sum of the three
};

constexpr double kP526DefaultEffectiveEarthRadius_m = 8500e3;
constexpr double kP526NoEdgeNu = -1e30;  // nu reported when a profile has no intermediate point

// Fresnel-Kirchhoff diffraction parameter v = h sqrt(2/lambda (1/d1 + 1/d2)), P.526-15 Eq. (26); h > 0 when the
// edge is above the line between the terminals.
template <typename T>
TARANG_HD inline T fresnel_parameter_v(T height_m, T d1_m, T d2_m, T wavelength_m) {
  return height_m * hd::sqrt(static_cast<T>(2) / wavelength_m * (1 / d1_m + 1 / d2_m));
}

namespace p526_detail {

// Maclaurin series of C and S (A&S 7.3.11, 7.3.13), used for |x| <= 1.5.
template <typename T>
TARANG_HD inline FresnelIntegrals<T> fresnel_series(T x) {
  const T z = static_cast<T>(hd::kPi / 2) * x * x;
  const T tol = sizeof(T) == sizeof(float) ? static_cast<T>(1e-8) : static_cast<T>(1e-17);
  T c = 0, s = 0, term = x;  // term = z^k x / k!
  for (int k = 0; k < 40; ++k) {
    const T contrib = term / static_cast<T>(2 * k + 1);
    switch (k % 4) {
      case 0: c += contrib; break;
      case 1: s += contrib; break;
      case 2: c -= contrib; break;
      default: s -= contrib; break;
    }
    if (hd::fabs(contrib) < tol * hd::fabs(x)) break;
    term = term * z / static_cast<T>(k + 1);
  }
  return {c, s};
}

// Continued fraction h(x) = 1/(b0 - 1*2/(b0 + 4 - 3*4/(b0 + 8 - ...))), b0 = 1 - j pi x^2: the even contraction of
// A&S 7.1.14 for erfc((1 - j) sqrt(pi) x / 2), so that int_x^inf e^{j pi t^2/2} dt = x e^{j pi x^2/2} h(x).
// Modified Lentz evaluation (Numerical Recipes 3rd ed. section 6.8); converges for x >= 1.5.
template <typename T>
TARANG_HD inline Complex<T> fresnel_tail_fraction(T x) {
  const T tiny = static_cast<T>(1e-30);
  const T tol = sizeof(T) == sizeof(float) ? static_cast<T>(1e-7) : static_cast<T>(1e-16);
  Complex<T> b{1, -static_cast<T>(hd::kPi) * x * x};
  const Complex<T> one{1, 0};
  Complex<T> cc{1 / tiny, 0};
  Complex<T> d = one / b;
  Complex<T> h = d;
  for (int k = 1; k < 200; ++k) {
    const T a = -static_cast<T>((2 * k - 1) * (2 * k));
    b.re += 4;
    d = one / (a * d + b);
    cc = b + Complex<T>{a, 0} / cc;
    const Complex<T> del = cc * d;
    h = h * del;
    if (hd::fabs(del.re - 1) + hd::fabs(del.im) < tol) break;
  }
  return h;
}

// J(v) of Eq. (31) without the v > -0.78 cut-off.
template <typename T>
TARANG_HD inline T j_eq31_db(T v) {
  const T w = v - static_cast<T>(0.1);
  return static_cast<T>(6.9) + static_cast<T>(20) * hd::log10(hd::sqrt(w * w + 1) + w);
}

// Distance of profile point i from the transmitter.
template <typename T>
TARANG_HD inline T profile_x_m(const TerrainProfile<T>& p, int i) { return p.distance_m[i] - p.distance_m[0]; }

// Height of point i with the Earth bulge x (d - x) / (2 a_e) added; the antennas replace the endpoints.
template <typename T>
TARANG_HD inline T profile_y_m(const TerrainProfile<T>& p, int i, T h_ts_m, T h_rs_m, T earth_radius_m) {
  if (i == 0) return h_ts_m;
  if (i == p.count - 1) return h_rs_m;
  const T x = profile_x_m(p, i);
  return p.height_m[i] + x * (profile_x_m(p, p.count - 1) - x) / (2 * earth_radius_m);
}

// The inner point of (a, b) with the largest Fresnel parameter relative to the line from point a to point b.
template <typename T>
TARANG_HD inline int largest_nu_index(const TerrainProfile<T>& p, int a, int b, T h_ts_m, T h_rs_m, T radius_m,
                                      T wavelength_m, T* nu_out) {
  const T xa = profile_x_m(p, a), xb = profile_x_m(p, b);
  const T ya = profile_y_m(p, a, h_ts_m, h_rs_m, radius_m), yb = profile_y_m(p, b, h_ts_m, h_rs_m, radius_m);
  int best = -1;
  *nu_out = static_cast<T>(kP526NoEdgeNu);
  for (int i = a + 1; i < b; ++i) {
    const T d1 = profile_x_m(p, i) - xa, d2 = xb - profile_x_m(p, i);
    const T clearance = profile_y_m(p, i, h_ts_m, h_rs_m, radius_m) - (ya * d2 + yb * d1) / (d1 + d2);
    const T nu = fresnel_parameter_v(clearance, d1, d2, wavelength_m);
    if (best < 0 || nu > *nu_out) {
      best = i;
      *nu_out = nu;
    }
  }
  return best;
}

}  // namespace p526_detail

// int_x^inf e^{j pi t^2/2} dt = (1/2 - C(x)) + j (1/2 - S(x)), any real x; no cancellation for large x.
template <typename T>
TARANG_HD inline Complex<T> fresnel_tail(T x) {
  const T ax = hd::fabs(x);
  Complex<T> tail;
  if (ax <= static_cast<T>(1.5)) {
    const FresnelIntegrals<T> cs = p526_detail::fresnel_series(ax);
    tail = {static_cast<T>(0.5) - cs.c, static_cast<T>(0.5) - cs.s};
  } else {
    const T phase = static_cast<T>(hd::kPi / 2) * ax * ax;
    tail = ax * (expj(phase) * p526_detail::fresnel_tail_fraction(ax));
  }
  if (x >= 0) return tail;
  return Complex<T>{1, 1} - tail;  // int_{-|x|}^inf = (1 + j) - int_{|x|}^inf
}

// Fresnel integrals C(x), S(x) for any real x.
template <typename T>
TARANG_HD inline FresnelIntegrals<T> fresnel_integrals(T x) {
  if (hd::fabs(x) <= static_cast<T>(1.5)) return p526_detail::fresnel_series(x);
  const Complex<T> tail = fresnel_tail(x);
  return {static_cast<T>(0.5) - tail.re, static_cast<T>(0.5) - tail.im};
}

// Single knife-edge loss J(v) in dB, approximation of P.526-15 Eq. (31); 0 for v <= -0.78.
template <typename T>
TARANG_HD inline T knife_edge_loss_db(T v) {
  return v > static_cast<T>(-0.78) ? p526_detail::j_eq31_db(v) : static_cast<T>(0);
}

// Exact single knife-edge loss J(v) = -20 log10( sqrt((1 - C - S)^2 + (C - S)^2) / 2 ) in dB (P.526-15 section
// 4.1), evaluated as -20 log10(|int_v^inf e^{j pi t^2/2} dt| / sqrt 2), which is the same quantity.
template <typename T>
TARANG_HD inline T knife_edge_loss_exact_db(T v) {
  return -static_cast<T>(20) * hd::log10(abs(fresnel_tail(v)) / static_cast<T>(1.4142135623730951));
}

// Bullington diffraction loss over a terrain profile, P.526-15 section 4.5.1 (slopes S_tim, S_tr, S_rim, the
// Bullington point, nu, L_uc = J(nu) by Eq. (31), L_b), with the Earth bulge of an effective radius a_e.
template <typename T>
TARANG_HD inline BullingtonResult<T> bullington_loss(
    const TerrainProfile<T>& profile, T h_ts_m, T h_rs_m, T frequency_hz,
    T earth_radius_m = static_cast<T>(kP526DefaultEffectiveEarthRadius_m)) {
  const int n = profile.count - 1;
  if (n < 2) return {static_cast<T>(kP526NoEdgeNu), 0, 0, true};
  const T wavelength_m = static_cast<T>(hd::kSpeedOfLight_m_per_s) / frequency_hz;
  const T d = p526_detail::profile_x_m(profile, n);
  T s_tim = static_cast<T>(kP526NoEdgeNu), s_rim = static_cast<T>(kP526NoEdgeNu), nu = static_cast<T>(kP526NoEdgeNu);
  for (int i = 1; i < n; ++i) {
    const T x = p526_detail::profile_x_m(profile, i);
    const T y = p526_detail::profile_y_m(profile, i, h_ts_m, h_rs_m, earth_radius_m);
    s_tim = hd::max(s_tim, (y - h_ts_m) / x);
    s_rim = hd::max(s_rim, (y - h_rs_m) / (d - x));
    const T clearance = y - (h_ts_m * (d - x) + h_rs_m * x) / d;
    nu = hd::max(nu, fresnel_parameter_v(clearance, x, d - x, wavelength_m));
  }
  const bool los = s_tim < (h_rs_m - h_ts_m) / d;
  if (!los) {
    const T d_b = (h_rs_m - h_ts_m + s_rim * d) / (s_tim + s_rim);  // Bullington point
    const T clearance = h_ts_m + s_tim * d_b - (h_ts_m * (d - d_b) + h_rs_m * d_b) / d;
    nu = fresnel_parameter_v(clearance, d_b, d - d_b, wavelength_m);
  }
  const T l_uc = knife_edge_loss_db(nu);
  const T d_km = d / static_cast<T>(1000);
  const T l_b = l_uc + (1 - hd::exp(-l_uc / static_cast<T>(6))) * (static_cast<T>(10) + static_cast<T>(0.02) * d_km);
  return {nu, l_uc, l_b, los};
}

// Deygout multiple knife-edge loss over a terrain profile, limited to three edges (principal edge, then one edge on
// each sub-path), each edge's loss by P.526-15 Eq. (31); see the conventions above.
template <typename T>
TARANG_HD inline DeygoutResult<T> deygout_loss(
    const TerrainProfile<T>& profile, T h_ts_m, T h_rs_m, T frequency_hz,
    T earth_radius_m = static_cast<T>(kP526DefaultEffectiveEarthRadius_m)) {
  const T wavelength_m = static_cast<T>(hd::kSpeedOfLight_m_per_s) / frequency_hz;
  const int n = profile.count - 1;
  DeygoutResult<T> r{-1, -1, -1, static_cast<T>(kP526NoEdgeNu), 0, 0, 0, 0};
  if (n < 2) return r;
  r.principal_index = p526_detail::largest_nu_index(profile, 0, n, h_ts_m, h_rs_m, earth_radius_m, wavelength_m,
                                                    &r.principal_nu);
  r.principal_loss_db = knife_edge_loss_db(r.principal_nu);
  if (r.principal_loss_db > 0) {
    T nu_t, nu_r;
    r.tx_side_index = p526_detail::largest_nu_index(profile, 0, r.principal_index, h_ts_m, h_rs_m, earth_radius_m,
                                                    wavelength_m, &nu_t);
    r.rx_side_index = p526_detail::largest_nu_index(profile, r.principal_index, n, h_ts_m, h_rs_m, earth_radius_m,
                                                    wavelength_m, &nu_r);
    if (r.tx_side_index >= 0) r.tx_side_loss_db = knife_edge_loss_db(nu_t);
    if (r.rx_side_index >= 0) r.rx_side_loss_db = knife_edge_loss_db(nu_r);
  }
  r.loss_db = r.principal_loss_db + r.tx_side_loss_db + r.rx_side_loss_db;
  return r;
}

}  // namespace tarang

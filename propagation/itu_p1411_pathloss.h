// ITU-R P.1411-12 site-general path loss (sections 4.1.1, 4.2.1) and over-rooftop urban multi-screen model (4.2.2.1).
#pragma once

#include <math.h>

#include "core/hd.h"
#include "core/hd_math.h"
#include "core/model_kinds.h"

namespace tarang {

// Conventions: frequency in Hz at the interface (site-general formulas use GHz, section 4.2.2 MHz, converted
// inside); lengths in m; street orientation in degrees. Medians only: the site-general shadowing sigma is returned
// with the coefficients for the caller to use. Outside the tables' ranges the formulas are extrapolated; callers
// check the *_valid_range helpers. Wavelength = 299792458 m/s / f. Section 4.2.2.1 terms are cited by the
// Recommendation's symbols (L_bf, L_rts, L_ori, d_s, d_bp, L_upp, L_low, L_mid, zeta, chi, L1_msd, L2_msd, Q_M,
// delta_h_u, delta_h_l), each defined once in that section.

// City type of section 4.2.2.1 (k_f below 2 GHz).
enum class P1411CityType { MediumCitySuburbanCentre, MetropolitanCentre };

// One row of the site-general coefficient tables: L = 10 alpha log10(d) + beta + 10 gamma log10(f_GHz),
// with shadowing N(0, sigma). `available` is false for combinations the Recommendation does not give (their
// coefficients are NaN).
template <typename T>
struct P1411SiteGeneralCoefficients {
  bool available;
  T alpha, beta_db, gamma, sigma_db;
  T min_frequency_hz, max_frequency_hz, min_distance_m, max_distance_m;
};

namespace p1411_detail {

// One available coefficient row, frequencies in GHz as in the tables.
template <typename T>
TARANG_HD inline P1411SiteGeneralCoefficients<T> site_row(double alpha, double beta_db, double gamma, double sigma_db,
                                                          double f_lo_ghz, double f_hi_ghz, double d_lo_m,
                                                          double d_hi_m) {
  return {true,
          static_cast<T>(alpha),
          static_cast<T>(beta_db),
          static_cast<T>(gamma),
          static_cast<T>(sigma_db),
          static_cast<T>(f_lo_ghz * 1e9),
          static_cast<T>(f_hi_ghz * 1e9),
          static_cast<T>(d_lo_m),
          static_cast<T>(d_hi_m)};
}

}  // namespace p1411_detail

// Section 4.1.1 Table 4 (below rooftop) and the section 4.2.1 table (one terminal above rooftop).
template <typename T>
TARANG_HD inline P1411SiteGeneralCoefficients<T> p1411_site_general_coefficients(P1411Placement placement,
                                                                                  P1411Environment env, bool los) {
  using E = P1411Environment;
  using p1411_detail::site_row;
  if (placement == P1411Placement::BelowRooftop) {
    if (los && env != E::Residential) return site_row<T>(2.12, 29.2, 2.11, 5.06, 0.8, 82.0, 5.0, 660.0);
    if (!los && env == E::UrbanHighRise) return site_row<T>(4.00, 10.20, 2.36, 7.60, 0.8, 82.0, 30.0, 715.0);
    if (!los && env == E::UrbanLowRiseSuburban) return site_row<T>(5.06, -4.68, 2.02, 9.33, 10.0, 73.0, 30.0, 250.0);
    if (!los && env == E::Residential) return site_row<T>(3.01, 18.8, 2.07, 3.07, 0.8, 73.0, 30.0, 170.0);
  } else {
    if (los && env != E::Residential) return site_row<T>(2.29, 28.6, 1.96, 3.48, 2.2, 73.0, 55.0, 1200.0);
    if (!los && env == E::UrbanHighRise) return site_row<T>(4.39, -6.27, 2.30, 6.89, 2.2, 66.5, 260.0, 1200.0);
  }
  const T nan = static_cast<T>(NAN);
  return {false, nan, nan, nan, nan, nan, nan, nan, nan};
}

// Median site-general basic transmission loss in dB over the 3D distance (same form in 4.1.1 and 4.2.1).
template <typename T>
TARANG_HD inline T p1411_site_general_path_loss_db(P1411Placement placement, P1411Environment env, bool los,
                                                   T distance_3d_m, T frequency_hz) {
  const P1411SiteGeneralCoefficients<T> c = p1411_site_general_coefficients<T>(placement, env, los);
  const T ten = static_cast<T>(10);
  return ten * c.alpha * hd::log10(distance_3d_m) + c.beta_db +
         ten * c.gamma * hd::log10(frequency_hz / static_cast<T>(1e9));
}

// Whether the combination exists and (d, f) lies inside its table row.
template <typename T>
TARANG_HD inline bool p1411_site_general_valid_range(P1411Placement placement, P1411Environment env, bool los,
                                                     T distance_3d_m, T frequency_hz) {
  const P1411SiteGeneralCoefficients<T> c = p1411_site_general_coefficients<T>(placement, env, los);
  return c.available && frequency_hz >= c.min_frequency_hz && frequency_hz <= c.max_frequency_hz &&
         distance_3d_m >= c.min_distance_m && distance_3d_m <= c.max_distance_m;
}

// Geometry of section 4.2.2.1 (Figure 2): station 1 above or near rooftop, station 2 in a street.
template <typename T>
struct P1411OverRooftopLink {
  T distance_m;               // d, path length
  T frequency_hz;             // f
  T h1_m;                     // station 1 antenna height
  T h2_m;                     // station 2 antenna height
  T roof_height_m;            // h_r, average building height
  T building_separation_m;    // b
  T street_width_m;           // w_2, street width at station 2
  T street_orientation_deg;   // phi, street orientation to the direct path, 0-90
  T buildings_path_length_m;  // l, length of the path covered by buildings
  P1411CityType city;
};

// The three terms of L_NLoS1 = L_bf + L_rts + L_msd.
template <typename T>
struct P1411OverRooftopTerms {
  T free_space_db;          // L_bf
  T rooftop_to_street_db;   // L_rts (with L_ori)
  T multiscreen_db;         // L_msd
};

namespace p1411_detail {

// L1_msd(d) in dB (L_bsh, k_a, k_d, k_f) for d in m and f in MHz: the settled-field case, l > d_s.
template <typename T>
TARANG_HD inline T l1_msd_db(T d_m, T f_mhz, T h1_m, T hr_m, T b_m, P1411CityType city) {
  const T dh1 = h1_m - hr_m;
  const bool above = h1_m > hr_m;
  const bool high_band = f_mhz > static_cast<T>(2000);
  const T l_bsh = above ? static_cast<T>(-18) * hd::log10(static_cast<T>(1) + dh1) : static_cast<T>(0);
  T k_a;
  if (above) {
    k_a = high_band ? static_cast<T>(71.4) : static_cast<T>(54);
  } else {
    const T k0 = high_band ? static_cast<T>(73) : static_cast<T>(54);
    k_a = d_m >= static_cast<T>(500) ? k0 - static_cast<T>(0.8) * dh1
                                     : k0 - static_cast<T>(1.6) * dh1 * d_m / static_cast<T>(1000);
  }
  const T k_d = above ? static_cast<T>(18) : static_cast<T>(18) - static_cast<T>(15) * dh1 / hr_m;
  const T slope = city == P1411CityType::MetropolitanCentre ? static_cast<T>(1.5) : static_cast<T>(0.7);
  const T k_f = high_band ? static_cast<T>(-8)
                          : static_cast<T>(-4) + slope * (f_mhz / static_cast<T>(925) - static_cast<T>(1));
  return l_bsh + k_a + k_d * hd::log10(d_m / static_cast<T>(1000)) + k_f * hd::log10(f_mhz) -
         static_cast<T>(9) * hd::log10(b_m);
}

// L2_msd(d) = -10 log10(Q_M^2) in dB: the not-yet-settled field, l <= d_s.
template <typename T>
TARANG_HD inline T l2_msd_db(T d_m, T f_mhz, T wavelength_m, T h1_m, T hr_m, T b_m) {
  const T dh1 = h1_m - hr_m;
  const T dh_u = hd::pow(static_cast<T>(10), -hd::log10(hd::sqrt(b_m / wavelength_m)) -
                                                 hd::log10(d_m) / static_cast<T>(9) +
                                                 static_cast<T>(10.0 / 9.0) * hd::log10(b_m / static_cast<T>(2.35)));
  const T dh_l = (static_cast<T>(0.00023) * b_m * b_m - static_cast<T>(0.1827) * b_m - static_cast<T>(9.4978)) /
                     hd::pow(hd::log10(f_mhz), static_cast<T>(2.938)) +
                 static_cast<T>(0.000781) * b_m + static_cast<T>(0.06923);
  T q_m;
  if (h1_m > hr_m + dh_u) {
    q_m = static_cast<T>(2.35) * hd::pow(dh1 / d_m * hd::sqrt(b_m / wavelength_m), static_cast<T>(0.9));
  } else if (h1_m >= hr_m + dh_l) {
    q_m = b_m / d_m;
  } else {
    const T two_pi = static_cast<T>(2.0 * hd::kPi);
    const T theta = hd::atan2(dh1, b_m);
    const T rho = hd::sqrt(dh1 * dh1 + b_m * b_m);
    q_m = b_m / (two_pi * d_m) * hd::sqrt(wavelength_m / rho) *
          (static_cast<T>(1) / theta - static_cast<T>(1) / (two_pi + theta));
  }
  return static_cast<T>(-10) * hd::log10(q_m * q_m);
}

// Street orientation loss L_ori in dB.
template <typename T>
TARANG_HD inline T orientation_loss_db(T phi_deg) {
  if (phi_deg < static_cast<T>(35)) return static_cast<T>(-10) + static_cast<T>(0.354) * phi_deg;
  if (phi_deg < static_cast<T>(55)) return static_cast<T>(2.5) + static_cast<T>(0.075) * (phi_deg - static_cast<T>(35));
  return static_cast<T>(4.0) - static_cast<T>(0.114) * (phi_deg - static_cast<T>(55));
}

}  // namespace p1411_detail

// L_bf, L_rts and L_msd of section 4.2.2.1, including the tanh blending of L1_msd and L2_msd around the
// breakpoint distance d_bp.
template <typename T>
TARANG_HD inline P1411OverRooftopTerms<T> p1411_over_rooftop_urban_terms(const P1411OverRooftopLink<T>& k) {
  const T f_mhz = k.frequency_hz / static_cast<T>(1e6);
  const T wavelength = static_cast<T>(hd::kSpeedOfLight_m_per_s) / k.frequency_hz;
  const T d = k.distance_m;
  const T l_bf = static_cast<T>(32.4) + static_cast<T>(20) * hd::log10(d / static_cast<T>(1000)) +
                 static_cast<T>(20) * hd::log10(f_mhz);
  const T l_rts = static_cast<T>(-8.2) - static_cast<T>(10) * hd::log10(k.street_width_m) +
                  static_cast<T>(10) * hd::log10(f_mhz) +
                  static_cast<T>(20) * hd::log10(k.roof_height_m - k.h2_m) +
                  p1411_detail::orientation_loss_db(k.street_orientation_deg);  // delta_h2 = h_r - h2

  const T h1 = k.h1_m;
  const T hr = k.roof_height_m;
  const T b = k.building_separation_m;
  const T l = k.buildings_path_length_m;
  const T dh1 = h1 - hr;
  const T d_s = wavelength * d * d / (dh1 * dh1);  // settled field distance
  const T d_bp = hd::fabs(dh1) * hd::sqrt(l / wavelength);
  const T l_upp = p1411_detail::l1_msd_db(d_bp, f_mhz, h1, hr, b, k.city);
  const T l_low = p1411_detail::l2_msd_db(d_bp, f_mhz, wavelength, h1, hr, b);
  const T l_mid = (l_upp + l_low) / static_cast<T>(2);
  const T dh_bp = l_upp - l_low;
  const T zeta = dh_bp * static_cast<T>(0.0417);
  const T chi = static_cast<T>(0.1);
  const T x = hd::log10(d) - hd::log10(d_bp);
  const bool settled = l > d_s;
  T l_msd;
  if (dh_bp > static_cast<T>(0)) {
    l_msd = settled ? -hd::tanh(x / chi) * (p1411_detail::l1_msd_db(d, f_mhz, h1, hr, b, k.city) - l_mid) + l_mid
                    : hd::tanh(x / chi) * (p1411_detail::l2_msd_db(d, f_mhz, wavelength, h1, hr, b) - l_mid) + l_mid;
  } else if (dh_bp == static_cast<T>(0)) {
    l_msd = p1411_detail::l2_msd_db(d, f_mhz, wavelength, h1, hr, b);
  } else if (settled) {
    l_msd = p1411_detail::l1_msd_db(d, f_mhz, h1, hr, b, k.city) - hd::tanh(x / zeta) * (l_upp - l_mid) - l_upp +
            l_mid;
  } else {
    l_msd = p1411_detail::l2_msd_db(d, f_mhz, wavelength, h1, hr, b) + hd::tanh(x / zeta) * (l_mid - l_low) + l_mid -
            l_low;
  }
  return {l_bf, l_rts, l_msd};
}

// L_NLoS1 = L_bf + L_rts + L_msd, or L_bf where L_rts + L_msd <= 0.
template <typename T>
TARANG_HD inline T p1411_over_rooftop_urban_path_loss_db(const P1411OverRooftopLink<T>& link) {
  const P1411OverRooftopTerms<T> t = p1411_over_rooftop_urban_terms(link);
  return t.free_space_db + hd::max(t.rooftop_to_street_db + t.multiscreen_db, static_cast<T>(0));
}

// Section 4.2.2.1 domain: h1 4-55 m (h1 != h_r), h2 1-3 m below h_r, d 20-5000 m, f 0.8-26 GHz (2-16 GHz when
// h1 < h_r and w2 < 10 m), b > 0, w2 > 0, l > 0, 0 <= phi <= 90 degrees.
template <typename T>
TARANG_HD inline bool p1411_over_rooftop_urban_valid_range(const P1411OverRooftopLink<T>& k) {
  const bool low_narrow = k.h1_m < k.roof_height_m && k.street_width_m < static_cast<T>(10);
  const T f_lo = static_cast<T>(low_narrow ? 2e9 : 0.8e9);
  const T f_hi = static_cast<T>(low_narrow ? 16e9 : 26e9);
  return k.frequency_hz >= f_lo && k.frequency_hz <= f_hi && k.distance_m >= static_cast<T>(20) &&
         k.distance_m <= static_cast<T>(5000) && k.h1_m >= static_cast<T>(4) && k.h1_m <= static_cast<T>(55) &&
         k.h1_m != k.roof_height_m && k.h2_m >= static_cast<T>(1) && k.h2_m <= static_cast<T>(3) &&
         k.h2_m < k.roof_height_m && k.building_separation_m > static_cast<T>(0) &&
         k.street_width_m > static_cast<T>(0) && k.buildings_path_length_m > static_cast<T>(0) &&
         k.street_orientation_deg >= static_cast<T>(0) && k.street_orientation_deg <= static_cast<T>(90);
}

}  // namespace tarang

// ITU-R P.833-10 section 2 woodland excess loss and ITU-R P.2108-1 terminal clutter loss (sections 3.1 and 3.2).
#pragma once

#include "core/hd.h"
#include "core/hd_math.h"

namespace tarang {

// Conventions: frequency in Hz at the interface (P.833 Eq. 2 uses MHz, P.2108 GHz, converted inside); lengths in m;
// location percentages in % (0 < p < 100).
//  - P.833 section 2 (one terminal inside woodland): the specific attenuation gamma (dB/m) is read by the caller
//    from P.833 Figure 1 (it has no closed form); A_m comes from Eq. 2 with one of the Recommendation's measured
//    fits, or is given directly.
//  - P.2108 section 3.1 (height-gain terminal correction, 0.03-3 GHz) and section 3.2 (statistical terrestrial
//    clutter loss at one end, 0.5-67 GHz, d >= 0.25 km; at both ends only for d >= 1 km). Equation numbers follow
//    P.2108-1.

// P.2108-1 Table 2 clutter categories.
enum class P2108ClutterType { WaterSea, OpenRural, Suburban, Urban, TreesForest, DenseUrban };

constexpr double kP2108DefaultStreetWidth_m = 27.0;

// P.833 Eq. 2 fit A_m = a1 f^alpha (f in MHz) and the frequency range it was measured over.
template <typename T>
struct P833WoodlandFit {
  T a1_db;
  T alpha;
  T min_frequency_hz;
  T max_frequency_hz;
};

// P.833 section 2: forest near Mulhouse (France), A1 = 1.15 dB, alpha = 0.43.
template <typename T>
TARANG_HD inline P833WoodlandFit<T> p833_mulhouse_fit() {
  return {static_cast<T>(1.15), static_cast<T>(0.43), static_cast<T>(900e6), static_cast<T>(2200e6)};
}

// P.833 section 2: park with tropical trees in Rio de Janeiro (Brazil), A1 = 0.18 dB, alpha = 0.752.
template <typename T>
TARANG_HD inline P833WoodlandFit<T> p833_rio_de_janeiro_fit() {
  return {static_cast<T>(0.18), static_cast<T>(0.752), static_cast<T>(900e6), static_cast<T>(1800e6)};
}

// P.833 Eq. 2: maximum attenuation A_m in dB for one terminal inside woodland.
template <typename T>
TARANG_HD inline T p833_maximum_attenuation_db(T frequency_hz, const P833WoodlandFit<T>& fit) {
  return fit.a1_db * hd::pow(frequency_hz / static_cast<T>(1e6), fit.alpha);
}

// P.833 Eq. 1: A_ev = A_m (1 - exp(-d gamma / A_m)) in dB, d the path length inside the woodland.
template <typename T>
TARANG_HD inline T p833_woodland_excess_loss_db(T depth_m, T specific_attenuation_db_per_m, T maximum_attenuation_db) {
  return maximum_attenuation_db *
         (static_cast<T>(1) - hd::exp(-depth_m * specific_attenuation_db_per_m / maximum_attenuation_db));
}

// P.833 section 2 domain: Figure 1 spans 30 MHz - 30 GHz; depth >= 0, gamma >= 0, A_m > 0.
template <typename T>
TARANG_HD inline bool p833_valid_range(T frequency_hz, T depth_m, T specific_attenuation_db_per_m,
                                       T maximum_attenuation_db) {
  return frequency_hz >= static_cast<T>(30e6) && frequency_hz <= static_cast<T>(30e9) && depth_m >= static_cast<T>(0) &&
         specific_attenuation_db_per_m >= static_cast<T>(0) && maximum_attenuation_db > static_cast<T>(0);
}

// Whether frequency_hz lies inside the measurement range of an Eq. 2 fit.
template <typename T>
TARANG_HD inline bool p833_fit_valid_range(T frequency_hz, const P833WoodlandFit<T>& fit) {
  return frequency_hz >= fit.min_frequency_hz && frequency_hz <= fit.max_frequency_hz;
}

// P.2108-1 Table 2 default representative clutter height R in m.
template <typename T>
TARANG_HD inline T p2108_representative_clutter_height_m(P2108ClutterType type) {
  switch (type) {
    case P2108ClutterType::Urban:
    case P2108ClutterType::TreesForest:
      return static_cast<T>(15);
    case P2108ClutterType::DenseUrban:
      return static_cast<T>(20);
    case P2108ClutterType::WaterSea:
    case P2108ClutterType::OpenRural:
    case P2108ClutterType::Suburban:
      break;
  }
  return static_cast<T>(10);
}

// P.2108-1 section 3.1, Eqs. 2a-2g: additional loss A_h in dB of a terminal of height h among clutter of height R
// (0 for h >= R). Water/sea and open/rural use the height-gain form 2b, the other types the knife-edge form 2a.
template <typename T>
TARANG_HD inline T p2108_height_gain_correction_db(T frequency_hz, T antenna_height_m, P2108ClutterType type,
                                                   T clutter_height_m,
                                                   T street_width_m = static_cast<T>(kP2108DefaultStreetWidth_m)) {
  if (antenna_height_m >= clutter_height_m) return static_cast<T>(0);
  const T f_ghz = frequency_hz / static_cast<T>(1e9);
  if (type == P2108ClutterType::WaterSea || type == P2108ClutterType::OpenRural) {
    const T k_h2 = static_cast<T>(21.8) + static_cast<T>(6.2) * hd::log10(f_ghz);  // Eq. 2f
    return -k_h2 * hd::log10(antenna_height_m / clutter_height_m);                 // Eq. 2b
  }
  const T h_dif = clutter_height_m - antenna_height_m;                             // Eq. 2d
  const T theta_clut_deg = hd::rad_to_deg(hd::atan2(h_dif, street_width_m));       // Eq. 2e
  const T nu = static_cast<T>(0.342) * hd::sqrt(f_ghz) * hd::sqrt(h_dif * theta_clut_deg);  // Eqs. 2c, 2g
  // J(nu) of Rec. ITU-R P.526 (nu >= 0 here, so the nu > -0.78 branch applies).
  const T u = nu - static_cast<T>(0.1);
  const T j_db = static_cast<T>(6.9) + static_cast<T>(20) * hd::log10(hd::sqrt(u * u + static_cast<T>(1)) + u);
  return j_db - static_cast<T>(6.03);  // Eq. 2a
}

// P.2108-1 section 3.1 domain: 0.03-3 GHz, positive height, clutter height and street width.
template <typename T>
TARANG_HD inline bool p2108_height_gain_valid_range(T frequency_hz, T antenna_height_m, T clutter_height_m,
                                                    T street_width_m) {
  return frequency_hz >= static_cast<T>(0.03e9) && frequency_hz <= static_cast<T>(3e9) &&
         antenna_height_m > static_cast<T>(0) && clutter_height_m > static_cast<T>(0) &&
         street_width_m > static_cast<T>(0);
}

// Inverse complementary standard normal distribution Q^-1(q), 0 < q < 1, by the Rec. ITU-R P.1057 approximation
// (Abramowitz & Stegun 26.2.23, |error| < 4.5e-4) that P.2108 uses.
template <typename T>
TARANG_HD inline T p1057_inverse_complementary_normal(T q) {
  const bool upper = q > static_cast<T>(0.5);
  const T x = upper ? static_cast<T>(1) - q : q;
  const T t = hd::sqrt(static_cast<T>(-2) * hd::log(x));
  const T num = (static_cast<T>(0.010328) * t + static_cast<T>(0.802853)) * t + static_cast<T>(2.515517);
  const T den = ((static_cast<T>(0.001308) * t + static_cast<T>(0.189269)) * t + static_cast<T>(1.432788)) * t +
                static_cast<T>(1);
  const T z = t - num / den;
  return upper ? -z : z;
}

namespace p2108_detail {

// Eqs. 3a-5b before the 2 km cap: L_ctt for f in GHz and d in km.
template <typename T>
TARANG_HD inline T terrestrial_clutter_loss_uncapped_db(T f_ghz, T d_km, T location_percent) {
  const T ten = static_cast<T>(10);
  const T log_f = hd::log10(f_ghz);
  const T l_l = static_cast<T>(-2) * hd::log10(hd::pow(ten, static_cast<T>(-5) * log_f - static_cast<T>(12.5)) +
                                               hd::pow(ten, static_cast<T>(-16.5)));  // Eq. 4a
  const T l_s = static_cast<T>(32.98) + static_cast<T>(23.9) * hd::log10(d_km) + static_cast<T>(3) * log_f;  // Eq. 5a
  const T w_l = hd::pow(ten, static_cast<T>(-0.2) * l_l);
  const T w_s = hd::pow(ten, static_cast<T>(-0.2) * l_s);
  const T sigma_l = static_cast<T>(4);  // Eq. 4b
  const T sigma_s = static_cast<T>(6);  // Eq. 5b
  const T sigma_cb = hd::sqrt((sigma_l * sigma_l * w_l + sigma_s * sigma_s * w_s) / (w_l + w_s));  // Eq. 3b
  return static_cast<T>(-5) * hd::log10(w_l + w_s) -
         sigma_cb * p1057_inverse_complementary_normal(location_percent / static_cast<T>(100));  // Eq. 3a
}

}  // namespace p2108_detail

// P.2108-1 section 3.2: clutter loss L_ctt in dB not exceeded at location_percent % of locations, for one terminal
// in urban/suburban clutter; capped at its 2 km value (Eq. 6). Add it once per end in clutter (d >= 1 km for both).
template <typename T>
TARANG_HD inline T p2108_terrestrial_clutter_loss_db(T frequency_hz, T distance_m, T location_percent) {
  const T f_ghz = frequency_hz / static_cast<T>(1e9);
  const T d_km = distance_m / static_cast<T>(1000);
  return hd::min(p2108_detail::terrestrial_clutter_loss_uncapped_db(f_ghz, d_km, location_percent),
                 p2108_detail::terrestrial_clutter_loss_uncapped_db(f_ghz, static_cast<T>(2), location_percent));
}

// P.2108-1 section 3.2 domain: 0.5-67 GHz, d >= 0.25 km, 0 < p < 100.
template <typename T>
TARANG_HD inline bool p2108_terrestrial_valid_range(T frequency_hz, T distance_m, T location_percent) {
  return frequency_hz >= static_cast<T>(0.5e9) && frequency_hz <= static_cast<T>(67e9) &&
         distance_m >= static_cast<T>(250) && location_percent > static_cast<T>(0) &&
         location_percent < static_cast<T>(100);
}

}  // namespace tarang

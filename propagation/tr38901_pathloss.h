// 3GPP TR 38.901 v17 path loss (Table 7.4.1-1) and LOS probability (Table 7.4.2-1): UMa, UMi-SC, RMa, InH-Office.
#pragma once

#include "core/hd.h"
#include "core/hd_math.h"
#include "core/model_kinds.h"

namespace tarang {

// Conventions (all distances and heights in m, frequency in Hz; the TR's fc in GHz is derived inside):
//  - d3D = sqrt(d2D^2 + (hBS - hUT)^2).
//  - Below the TR's minimum distance the distance is clamped to it: outdoor scenarios (UMa, UMi, RMa) use
//    d2D >= 10 m (d3D then follows from the clamped d2D); InH uses d3D >= 1 m. Beyond the TR's maximum distance
//    (5 km, RMa LOS 10 km, InH 150 m) and outside its height/frequency ranges the formulas are extrapolated.
//  - UMa/UMi breakpoint d'BP = 4 h'BS h'UT fc / c with h' = h - hE, hE = 1 m, fc in Hz, c = 3.0e8 m/s as the TR
//    uses. For UMa the TR draws hE at random (1 m with probability 1/(1+C(d2D,hUT)), else from {12, 15, ...});
//    this deterministic model always uses its 1 m value. Effective heights below 0 are clamped to 0.
//  - RMa breakpoint dBP = 2 pi hBS hUT fc / c; PL2 = PL1(dBP) + 40 log10(d3D / dBP), PL1 evaluated at distance dBP.
//  - NLOS path loss = max(PL_LOS, PL'_NLOS) for every scenario, as the TR defines it.
//  - LOS probability uses d2D (d2D-out outdoors, d2D-in for InH, the "Mixed office" row); p = 1 inside the TR's
//    LOS distance (18 m UMa/UMi, 10 m RMa, 1.2 m InH).

template <typename T>
struct Tr38901Link {
  T d2d_m;         // horizontal BS-UT distance
  T h_bs_m;        // BS antenna height above ground
  T h_ut_m;        // UT antenna height above ground
  T frequency_hz;  // carrier frequency
};

template <typename T>
struct Tr38901Params {
  T rma_building_height_m = 5;  // RMa average building height h
  T rma_street_width_m = 20;    // RMa average street width W
};

constexpr double kTr38901SpeedOfLight_m_per_s = 3.0e8;
constexpr double kTr38901MinOutdoorDistance2d_m = 10.0;
constexpr double kTr38901MinIndoorDistance3d_m = 1.0;
constexpr double kTr38901EnvironmentHeight_m = 1.0;  // hE for UMa and UMi

namespace tr38901_detail {

// 2D distance clamped to the outdoor minimum.
template <typename T>
TARANG_HD inline T outdoor_d2d_m(T d2d_m) {
  return hd::max(d2d_m, static_cast<T>(kTr38901MinOutdoorDistance2d_m));
}

template <typename T>
TARANG_HD inline T d3d_m(T d2d_m, T h_bs_m, T h_ut_m) {
  const T dh = h_bs_m - h_ut_m;
  return hd::sqrt(d2d_m * d2d_m + dh * dh);
}

// InH 3D distance clamped to the indoor minimum.
template <typename T>
TARANG_HD inline T indoor_d3d_m(const Tr38901Link<T>& l) {
  return hd::max(d3d_m(l.d2d_m, l.h_bs_m, l.h_ut_m), static_cast<T>(kTr38901MinIndoorDistance3d_m));
}

template <typename T>
TARANG_HD inline T frequency_ghz(T frequency_hz) { return frequency_hz / static_cast<T>(1e9); }

// UMa/UMi LOS: PL1 = A + B log10(d3D) + 20 log10(fc) up to d'BP, PL2 = A + 40 log10(d3D) + 20 log10(fc)
// - C_bp log10(d'BP^2 + (hBS - hUT)^2) beyond.
template <typename T>
TARANG_HD inline T uma_umi_los_db(const Tr38901Link<T>& l, T a_db, T b, T c_bp) {
  const T he = static_cast<T>(kTr38901EnvironmentHeight_m);
  const T h_bs_eff = hd::max(l.h_bs_m - he, static_cast<T>(0));
  const T h_ut_eff = hd::max(l.h_ut_m - he, static_cast<T>(0));
  const T c = static_cast<T>(kTr38901SpeedOfLight_m_per_s);
  const T d_bp = static_cast<T>(4) * h_bs_eff * h_ut_eff * l.frequency_hz / c;
  const T d2d = outdoor_d2d_m(l.d2d_m);
  const T d3d = d3d_m(d2d, l.h_bs_m, l.h_ut_m);
  const T f_term = static_cast<T>(20) * hd::log10(frequency_ghz(l.frequency_hz));
  if (d2d <= d_bp) return a_db + b * hd::log10(d3d) + f_term;
  const T dh = l.h_bs_m - l.h_ut_m;
  return a_db + static_cast<T>(40) * hd::log10(d3d) + f_term - c_bp * hd::log10(d_bp * d_bp + dh * dh);
}

// RMa LOS PL1 at 3D distance d_m.
template <typename T>
TARANG_HD inline T rma_pl1_db(T d_m, T fc_ghz, T h_m) {
  const T h172 = hd::pow(h_m, static_cast<T>(1.72));
  return static_cast<T>(20) * hd::log10(static_cast<T>(40.0 * hd::kPi / 3.0) * d_m * fc_ghz) +
         hd::min(static_cast<T>(0.03) * h172, static_cast<T>(10)) * hd::log10(d_m) -
         hd::min(static_cast<T>(0.044) * h172, static_cast<T>(14.77)) +
         static_cast<T>(0.002) * hd::log10(h_m) * d_m;
}

template <typename T>
TARANG_HD inline T rma_los_db(const Tr38901Link<T>& l, const Tr38901Params<T>& p) {
  const T fc_ghz = frequency_ghz(l.frequency_hz);
  const T d_bp = static_cast<T>(2.0 * hd::kPi) * l.h_bs_m * l.h_ut_m * l.frequency_hz /
                 static_cast<T>(kTr38901SpeedOfLight_m_per_s);
  const T d2d = outdoor_d2d_m(l.d2d_m);
  const T d3d = d3d_m(d2d, l.h_bs_m, l.h_ut_m);
  const T h = p.rma_building_height_m;
  if (d2d <= d_bp) return rma_pl1_db(d3d, fc_ghz, h);
  return rma_pl1_db(d_bp, fc_ghz, h) + static_cast<T>(40) * hd::log10(d3d / d_bp);
}

template <typename T>
TARANG_HD inline T rma_nlos_prime_db(const Tr38901Link<T>& l, const Tr38901Params<T>& p) {
  const T d3d = d3d_m(outdoor_d2d_m(l.d2d_m), l.h_bs_m, l.h_ut_m);
  const T h = p.rma_building_height_m;
  const T w = p.rma_street_width_m;
  const T h_ratio = h / l.h_bs_m;
  const T log_hbs = hd::log10(l.h_bs_m);
  const T log_hut = hd::log10(static_cast<T>(11.75) * l.h_ut_m);
  return static_cast<T>(161.04) - static_cast<T>(7.1) * hd::log10(w) + static_cast<T>(7.5) * hd::log10(h) -
         (static_cast<T>(24.37) - static_cast<T>(3.7) * h_ratio * h_ratio) * log_hbs +
         (static_cast<T>(43.42) - static_cast<T>(3.1) * log_hbs) * (hd::log10(d3d) - static_cast<T>(3)) +
         static_cast<T>(20) * hd::log10(frequency_ghz(l.frequency_hz)) -
         (static_cast<T>(3.2) * log_hut * log_hut - static_cast<T>(4.97));
}

// PL'_NLOS of Table 7.4.1-1 (before the max with the LOS path loss).
template <typename T>
TARANG_HD inline T nlos_prime_db(Tr38901Scenario s, const Tr38901Link<T>& l, const Tr38901Params<T>& p) {
  const T log_fc = hd::log10(frequency_ghz(l.frequency_hz));
  switch (s) {
    case Tr38901Scenario::UMa: {
      const T d3d = d3d_m(outdoor_d2d_m(l.d2d_m), l.h_bs_m, l.h_ut_m);
      return static_cast<T>(13.54) + static_cast<T>(39.08) * hd::log10(d3d) + static_cast<T>(20) * log_fc -
             static_cast<T>(0.6) * (l.h_ut_m - static_cast<T>(1.5));
    }
    case Tr38901Scenario::UMi: {
      const T d3d = d3d_m(outdoor_d2d_m(l.d2d_m), l.h_bs_m, l.h_ut_m);
      return static_cast<T>(35.3) * hd::log10(d3d) + static_cast<T>(22.4) + static_cast<T>(21.3) * log_fc -
             static_cast<T>(0.3) * (l.h_ut_m - static_cast<T>(1.5));
    }
    case Tr38901Scenario::RMa:
      return rma_nlos_prime_db(l, p);
    case Tr38901Scenario::InH:
      break;
  }
  return static_cast<T>(38.3) * hd::log10(indoor_d3d_m(l)) + static_cast<T>(17.30) + static_cast<T>(24.9) * log_fc;
}

}  // namespace tr38901_detail

// LOS path loss in dB (Table 7.4.1-1).
template <typename T>
TARANG_HD inline T tr38901_los_path_loss_db(Tr38901Scenario s, const Tr38901Link<T>& l,
                                            const Tr38901Params<T>& p = Tr38901Params<T>{}) {
  switch (s) {
    case Tr38901Scenario::UMa:
      return tr38901_detail::uma_umi_los_db(l, static_cast<T>(28.0), static_cast<T>(22), static_cast<T>(9));
    case Tr38901Scenario::UMi:
      return tr38901_detail::uma_umi_los_db(l, static_cast<T>(32.4), static_cast<T>(21), static_cast<T>(9.5));
    case Tr38901Scenario::RMa:
      return tr38901_detail::rma_los_db(l, p);
    case Tr38901Scenario::InH:
      break;
  }
  return static_cast<T>(32.4) + static_cast<T>(17.3) * hd::log10(tr38901_detail::indoor_d3d_m(l)) +
         static_cast<T>(20) * hd::log10(tr38901_detail::frequency_ghz(l.frequency_hz));
}

// NLOS path loss in dB: max(PL_LOS, PL'_NLOS) (Table 7.4.1-1).
template <typename T>
TARANG_HD inline T tr38901_nlos_path_loss_db(Tr38901Scenario s, const Tr38901Link<T>& l,
                                             const Tr38901Params<T>& p = Tr38901Params<T>{}) {
  return hd::max(tr38901_los_path_loss_db(s, l, p), tr38901_detail::nlos_prime_db(s, l, p));
}

// LOS probability (Table 7.4.2-1; UMa with C'(hUT) for hUT > 13 m, InH "Mixed office").
template <typename T>
TARANG_HD inline T tr38901_los_probability(Tr38901Scenario s, T d2d_m, T h_ut_m) {
  const T one = static_cast<T>(1);
  switch (s) {
    case Tr38901Scenario::UMa: {
      if (d2d_m <= static_cast<T>(18)) return one;
      const T c_hut = h_ut_m <= static_cast<T>(13)
                          ? static_cast<T>(0)
                          : hd::pow((h_ut_m - static_cast<T>(13)) / static_cast<T>(10), static_cast<T>(1.5));
      const T d100 = d2d_m / static_cast<T>(100);
      const T d18 = static_cast<T>(18) / d2d_m;
      const T base = d18 + hd::exp(-d2d_m / static_cast<T>(63)) * (one - d18);
      return base * (one + c_hut * static_cast<T>(1.25) * d100 * d100 * d100 * hd::exp(-d2d_m / static_cast<T>(150)));
    }
    case Tr38901Scenario::UMi:
      if (d2d_m <= static_cast<T>(18)) return one;
      return static_cast<T>(18) / d2d_m + hd::exp(-d2d_m / static_cast<T>(36)) * (one - static_cast<T>(18) / d2d_m);
    case Tr38901Scenario::RMa:
      if (d2d_m <= static_cast<T>(10)) return one;
      return hd::exp(-(d2d_m - static_cast<T>(10)) / static_cast<T>(1000));
    case Tr38901Scenario::InH:
      break;
  }
  if (d2d_m <= static_cast<T>(1.2)) return one;
  if (d2d_m < static_cast<T>(6.5)) return hd::exp(-(d2d_m - static_cast<T>(1.2)) / static_cast<T>(4.7));
  return hd::exp(-(d2d_m - static_cast<T>(6.5)) / static_cast<T>(32.6)) * static_cast<T>(0.32);
}

// Path loss in dB for a LOS mode. Probabilistic: LOS-probability-weighted linear mean of the path gains,
// -10 log10(p 10^(-PL_LOS/10) + (1-p) 10^(-PL_NLOS/10)), evaluated relative to PL_LOS so float does not underflow.
template <typename T>
TARANG_HD inline T tr38901_path_loss_db(Tr38901Scenario s, LosMode mode, const Tr38901Link<T>& l,
                                        const Tr38901Params<T>& p = Tr38901Params<T>{}) {
  const T los_db = tr38901_los_path_loss_db(s, l, p);
  if (mode == LosMode::Los) return los_db;
  const T nlos_db = hd::max(los_db, tr38901_detail::nlos_prime_db(s, l, p));
  if (mode == LosMode::Nlos) return nlos_db;
  const T p_los = tr38901_los_probability(s, l.d2d_m, l.h_ut_m);
  const T nlos_rel = hd::db_to_linear(los_db - nlos_db);
  return los_db - hd::linear_to_db(p_los + (static_cast<T>(1) - p_los) * nlos_rel);
}

}  // namespace tarang

// 5G NR link budget pieces: resource blocks (TS 38.101), RSRP and noise per resource element, truncated Shannon.
#pragma once

#include "core/hd.h"
#include "core/hd_math.h"

namespace tarang {

constexpr double kThermalNoiseDensity_dbm_per_hz = -174.0;
constexpr int kSubcarriersPerResourceBlock = 12;
constexpr double kFr1MaxFrequency_hz = 7.125e9;  // TS 38.104 FR1 upper edge (Rel-17)
// 3GPP TR 36.942 Annex A.1 truncated Shannon bound (downlink).
constexpr double kShannonAttenuation = 0.6;                // alpha
constexpr double kShannonSinrMin_db = -10.0;               // SINR_MIN
constexpr double kShannonMaxSpectralEff_bps_per_hz = 4.4;  // Thr_MAX

namespace link_budget_detail {

struct NrRbEntry {
  int fr;  // frequency range: 1 or 2
  int scs_khz;
  int bandwidth_mhz;
  int n_rb;
};

// N_RB of TS 38.101-1 Table 5.3.2-1 (FR1) or TS 38.101-2 Table 5.3.2-1 (FR2), or 0 when not tabulated.
TARANG_HD inline int tabulated_resource_blocks(int fr, int scs_khz, int bandwidth_mhz) {
  constexpr NrRbEntry kTable[] = {
      {1, 15, 5, 25}, {1, 15, 10, 52}, {1, 15, 15, 79}, {1, 15, 20, 106}, {1, 15, 25, 133}, {1, 15, 30, 160},
      {1, 15, 35, 188}, {1, 15, 40, 216}, {1, 15, 45, 242}, {1, 15, 50, 270},
      {1, 30, 5, 11}, {1, 30, 10, 24}, {1, 30, 15, 38}, {1, 30, 20, 51}, {1, 30, 25, 65}, {1, 30, 30, 78},
      {1, 30, 35, 92}, {1, 30, 40, 106}, {1, 30, 45, 119}, {1, 30, 50, 133}, {1, 30, 60, 162}, {1, 30, 70, 189},
      {1, 30, 80, 217}, {1, 30, 90, 245}, {1, 30, 100, 273},
      {1, 60, 10, 11}, {1, 60, 15, 18}, {1, 60, 20, 24}, {1, 60, 25, 31}, {1, 60, 30, 38}, {1, 60, 35, 44},
      {1, 60, 40, 51}, {1, 60, 45, 58}, {1, 60, 50, 65}, {1, 60, 60, 79}, {1, 60, 70, 93}, {1, 60, 80, 107},
      {1, 60, 90, 121}, {1, 60, 100, 135},
      {2, 60, 50, 66}, {2, 60, 100, 132}, {2, 60, 200, 264},
      {2, 120, 50, 32}, {2, 120, 100, 66}, {2, 120, 200, 132}, {2, 120, 400, 264},
  };
  for (const NrRbEntry& e : kTable) {
    if (e.fr == fr && e.scs_khz == scs_khz && e.bandwidth_mhz == bandwidth_mhz) return e.n_rb;
  }
  return 0;
}

}  // namespace link_budget_detail

// Transmission bandwidth N_RB for a channel bandwidth and subcarrier spacing (Hz) from the TS 38.101 tables, else
// floor(B / (12 SCS)); 0 when B < 12 SCS or SCS <= 0 (the caller validates). The tables disagree only at 60 kHz,
// 50/100 MHz (FR1: 65/135, FR2: 66/132): a carrier above 7.125 GHz selects FR2, otherwise FR1 is looked up first.
TARANG_HD inline int nr_resource_blocks(double bandwidth_hz, double scs_hz, double frequency_hz = 0.0) {
  if (!(scs_hz > 0.0) || !(bandwidth_hz >= kSubcarriersPerResourceBlock * scs_hz)) return 0;
  const double bw_mhz = bandwidth_hz / 1e6;
  const double scs_khz = scs_hz / 1e3;
  const int bw_mhz_int = static_cast<int>(bw_mhz + 0.5);
  const int scs_khz_int = static_cast<int>(scs_khz + 0.5);
  if (hd::fabs(bw_mhz - bw_mhz_int) < 1e-9 && hd::fabs(scs_khz - scs_khz_int) < 1e-9) {
    using link_budget_detail::tabulated_resource_blocks;
    int n = frequency_hz > kFr1MaxFrequency_hz ? 0 : tabulated_resource_blocks(1, scs_khz_int, bw_mhz_int);
    if (n == 0) n = tabulated_resource_blocks(2, scs_khz_int, bw_mhz_int);
    if (n > 0) return n;
  }
  return static_cast<int>(bandwidth_hz / (kSubcarriersPerResourceBlock * scs_hz) + 1e-9);
}

// RSRP per resource element (dBm): total power spread over 12 N_RB subcarriers, plus the link gain (dB, negative
// for a loss).
template <typename T>
TARANG_HD inline T rsrp_per_re_dbm(T power_dbm, int n_rb, T gain_db) {
  return power_dbm - hd::linear_to_db(static_cast<T>(kSubcarriersPerResourceBlock * n_rb)) + gain_db;
}

// Thermal noise in one subcarrier (dBm): -174 dBm/Hz + 10 log10(SCS) + noise figure.
template <typename T>
TARANG_HD inline T noise_per_re_dbm(T scs_hz, T noise_figure_db) {
  return static_cast<T>(kThermalNoiseDensity_dbm_per_hz) + hd::linear_to_db(scs_hz) + noise_figure_db;
}

// Spectral efficiency (b/s/Hz) of TR 36.942 Annex A.1: 0 below SINR_MIN, alpha log2(1 + SINR) capped at Thr_MAX.
template <typename T>
TARANG_HD inline T truncated_shannon_bps_per_hz(T sinr_db) {
  if (sinr_db < static_cast<T>(kShannonSinrMin_db)) return static_cast<T>(0);
  const T shannon = static_cast<T>(kShannonAttenuation) * hd::log2(static_cast<T>(1) + hd::db_to_linear(sinr_db));
  return hd::min(shannon, static_cast<T>(kShannonMaxSpectralEff_bps_per_hz));
}

}  // namespace tarang

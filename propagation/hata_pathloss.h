// Okumura-Hata (Hata 1980, 150-1500 MHz) and COST-231 Hata (1500-2000 MHz) median path loss.
#pragma once

#include "core/hd.h"
#include "core/hd_math.h"
#include "core/model_kinds.h"

namespace tarang {

// Conventions: distance in m and frequency in Hz at the interface (the formulas use km and MHz, converted inside);
// h_base_m is the base-station antenna height, h_mobile_m the mobile's, both above ground. Outside the validity
// ranges the formulas are extrapolated; callers check the *_valid_range helpers.
//  - Hata's large-city mobile-antenna correction a(hm) is given for f <= 200 MHz and f >= 400 MHz; the two forms
//    are switched at 300 MHz (the usual convention).
//  - COST-231 Hata (COST 231 final report, section 4.4.1) uses the small/medium-city a(hm); C_m = 0 dB for medium
//    cities and suburban centres, 3 dB for metropolitan centres.


template <typename T>
struct HataLink {
  T distance_m;
  T frequency_hz;
  T h_base_m;
  T h_mobile_m;
};

// Mobile antenna height correction a(hm) in dB (Hata 1980: medium-small city and large city forms).
template <typename T>
TARANG_HD inline T hata_mobile_antenna_correction_db(T frequency_hz, T h_mobile_m, HataCitySize city) {
  const T f_mhz = frequency_hz / static_cast<T>(1e6);
  const T log_f = hd::log10(f_mhz);
  if (city == HataCitySize::SmallMedium) {
    return (static_cast<T>(1.1) * log_f - static_cast<T>(0.7)) * h_mobile_m -
           (static_cast<T>(1.56) * log_f - static_cast<T>(0.8));
  }
  if (f_mhz <= static_cast<T>(300)) {
    const T u = hd::log10(static_cast<T>(1.54) * h_mobile_m);
    return static_cast<T>(8.29) * u * u - static_cast<T>(1.1);
  }
  const T u = hd::log10(static_cast<T>(11.75) * h_mobile_m);
  return static_cast<T>(3.2) * u * u - static_cast<T>(4.97);
}

// Okumura-Hata median path loss in dB: Hata's (1980) urban formula and its suburban and open-area corrections.
template <typename T>
TARANG_HD inline T okumura_hata_path_loss_db(const HataLink<T>& l, HataEnvironment env, HataCitySize city) {
  const T log_f = hd::log10(l.frequency_hz / static_cast<T>(1e6));
  const T log_hb = hd::log10(l.h_base_m);
  const T log_d = hd::log10(l.distance_m / static_cast<T>(1000));
  const T urban = static_cast<T>(69.55) + static_cast<T>(26.16) * log_f - static_cast<T>(13.82) * log_hb -
                  hata_mobile_antenna_correction_db(l.frequency_hz, l.h_mobile_m, city) +
                  (static_cast<T>(44.9) - static_cast<T>(6.55) * log_hb) * log_d;
  switch (env) {
    case HataEnvironment::Suburban: {
      const T u = log_f - hd::log10(static_cast<T>(28));
      return urban - static_cast<T>(2) * u * u - static_cast<T>(5.4);
    }
    case HataEnvironment::Open:
      return urban - static_cast<T>(4.78) * log_f * log_f + static_cast<T>(18.33) * log_f - static_cast<T>(40.94);
    case HataEnvironment::Urban:
      break;
  }
  return urban;
}

// Hata's validity ranges: 150-1500 MHz, h_base 30-200 m, h_mobile 1-10 m, d 1-20 km.
template <typename T>
TARANG_HD inline bool okumura_hata_valid_range(const HataLink<T>& l) {
  return l.frequency_hz >= static_cast<T>(150e6) && l.frequency_hz <= static_cast<T>(1500e6) &&
         l.h_base_m >= static_cast<T>(30) && l.h_base_m <= static_cast<T>(200) && l.h_mobile_m >= static_cast<T>(1) &&
         l.h_mobile_m <= static_cast<T>(10) && l.distance_m >= static_cast<T>(1000) &&
         l.distance_m <= static_cast<T>(20000);
}

// COST-231 Hata median path loss in dB: 46.3 + 33.9 log f - 13.82 log hb - a(hm) + (44.9 - 6.55 log hb) log d + C_m.
template <typename T>
TARANG_HD inline T cost231_hata_path_loss_db(const HataLink<T>& l, bool metropolitan_centre) {
  const T log_f = hd::log10(l.frequency_hz / static_cast<T>(1e6));
  const T log_hb = hd::log10(l.h_base_m);
  const T log_d = hd::log10(l.distance_m / static_cast<T>(1000));
  const T c_m = metropolitan_centre ? static_cast<T>(3) : static_cast<T>(0);
  return static_cast<T>(46.3) + static_cast<T>(33.9) * log_f - static_cast<T>(13.82) * log_hb -
         hata_mobile_antenna_correction_db(l.frequency_hz, l.h_mobile_m, HataCitySize::SmallMedium) +
         (static_cast<T>(44.9) - static_cast<T>(6.55) * log_hb) * log_d + c_m;
}

// COST-231 Hata validity ranges: 1500-2000 MHz, h_base 30-200 m, h_mobile 1-10 m, d 1-20 km.
template <typename T>
TARANG_HD inline bool cost231_hata_valid_range(const HataLink<T>& l) {
  return l.frequency_hz >= static_cast<T>(1500e6) && l.frequency_hz <= static_cast<T>(2000e6) &&
         l.h_base_m >= static_cast<T>(30) && l.h_base_m <= static_cast<T>(200) && l.h_mobile_m >= static_cast<T>(1) &&
         l.h_mobile_m <= static_cast<T>(10) && l.distance_m >= static_cast<T>(1000) &&
         l.distance_m <= static_cast<T>(20000);
}

}  // namespace tarang

// ITU-R P.676-13 Annex 1 line-by-line specific attenuation of dry air and water vapour, and terrestrial path loss.
#pragma once

#include "core/hd.h"
#include "core/hd_math.h"

namespace tarang {

// Method and conventions:
//  - Annex 1 (Eqs. 1-9) with the spectroscopic Tables 1 (44 oxygen lines) and 2 (35 water-vapour lines, the last the
//    1780 GHz pseudo-line). Annex 2 of P.676-12/-13 no longer has the closed-form gamma_o/gamma_w of older
//    editions: it takes them from Annex 1, so Annex 1 is the method here. Valid 1-1000 GHz.
//  - Pressure is Annex 1's DRY-air pressure p; the total barometric pressure is p + e. The defaults (1013.25 hPa,
//    15 C, 7.5 g/m^3) are those of P.676 Figure 1 and of the ITU-R SG3 validation examples, which also take
//    1013.25 hPa as the dry pressure. A caller holding a total pressure P passes P - e, with e from
//    p676_water_vapour_pressure_hpa.
//  - Frequency in Hz at the interface; the Recommendation's f in GHz inside. T = temperature_c + 273.15 K.

template <typename T>
struct P676Atmosphere {
  T dry_pressure_hpa = static_cast<T>(1013.25);
  T temperature_c = static_cast<T>(15);
  T water_vapour_density_g_per_m3 = static_cast<T>(7.5);
};

constexpr double kP676MinFrequency_hz = 1e9;
constexpr double kP676MaxFrequency_hz = 1000e9;

namespace p676_detail {

// One row of Table 1 (c1..c6 = a1..a6) or Table 2 (c1..c6 = b1..b6); f0 in GHz.
struct SpectralLine {
  double f0_ghz, c1, c2, c3, c4, c5, c6;
};

// Reduced inputs of Annex 1: f in GHz, dry pressure p and water-vapour pressure e in hPa, theta = 300 / T.
template <typename T>
struct LineInputs {
  T f_ghz, p_hpa, e_hpa, theta;
};

template <typename T>
TARANG_HD inline LineInputs<T> line_inputs(T frequency_hz, const P676Atmosphere<T>& a) {
  const T t_k = a.temperature_c + static_cast<T>(273.15);
  return {frequency_hz / static_cast<T>(1e9), a.dry_pressure_hpa,
          a.water_vapour_density_g_per_m3 * t_k / static_cast<T>(216.7), static_cast<T>(300) / t_k};
}

// Eq. 5: line shape factor F_i (delta = 0 for water vapour).
template <typename T>
TARANG_HD inline T line_shape(T f, T fi, T df, T delta) {
  const T dm = fi - f;
  const T dp = fi + f;
  return f / fi * ((df - delta * dm) / (dm * dm + df * df) + (df - delta * dp) / (dp * dp + df * df));
}

// Sum over Table 1 of S_i F_i (Eqs. 3, 5, 6a/6b with the Zeeman term, 7).
template <typename T>
TARANG_HD inline T oxygen_line_sum(const LineInputs<T>& in) {
  static constexpr SpectralLine kOxygen[44] = {
      {50.474214, 0.975, 9.651, 6.690, 0.0, 2.566, 6.850},
      {50.987745, 2.529, 8.653, 7.170, 0.0, 2.246, 6.800},
      {51.503360, 6.193, 7.709, 7.640, 0.0, 1.947, 6.729},
      {52.021429, 14.320, 6.819, 8.110, 0.0, 1.667, 6.640},
      {52.542418, 31.240, 5.983, 8.580, 0.0, 1.388, 6.526},
      {53.066934, 64.290, 5.201, 9.060, 0.0, 1.349, 6.206},
      {53.595775, 124.600, 4.474, 9.550, 0.0, 2.227, 5.085},
      {54.130025, 227.300, 3.800, 9.960, 0.0, 3.170, 3.750},
      {54.671180, 389.700, 3.182, 10.370, 0.0, 3.558, 2.654},
      {55.221384, 627.100, 2.618, 10.890, 0.0, 2.560, 2.952},
      {55.783815, 945.300, 2.109, 11.340, 0.0, -1.172, 6.135},
      {56.264774, 543.400, 0.014, 17.030, 0.0, 3.525, -0.978},
      {56.363399, 1331.800, 1.654, 11.890, 0.0, -2.378, 6.547},
      {56.968211, 1746.600, 1.255, 12.230, 0.0, -3.545, 6.451},
      {57.612486, 2120.100, 0.910, 12.620, 0.0, -5.416, 6.056},
      {58.323877, 2363.700, 0.621, 12.950, 0.0, -1.932, 0.436},
      {58.446588, 1442.100, 0.083, 14.910, 0.0, 6.768, -1.273},
      {59.164204, 2379.900, 0.387, 13.530, 0.0, -6.561, 2.309},
      {59.590983, 2090.700, 0.207, 14.080, 0.0, 6.957, -0.776},
      {60.306056, 2103.400, 0.207, 14.150, 0.0, -6.395, 0.699},
      {60.434778, 2438.000, 0.386, 13.390, 0.0, 6.342, -2.825},
      {61.150562, 2479.500, 0.621, 12.920, 0.0, 1.014, -0.584},
      {61.800158, 2275.900, 0.910, 12.630, 0.0, 5.014, -6.619},
      {62.411220, 1915.400, 1.255, 12.170, 0.0, 3.029, -6.759},
      {62.486253, 1503.000, 0.083, 15.130, 0.0, -4.499, 0.844},
      {62.997984, 1490.200, 1.654, 11.740, 0.0, 1.856, -6.675},
      {63.568526, 1078.000, 2.108, 11.340, 0.0, 0.658, -6.139},
      {64.127775, 728.700, 2.617, 10.880, 0.0, -3.036, -2.895},
      {64.678910, 461.300, 3.181, 10.380, 0.0, -3.968, -2.590},
      {65.224078, 274.000, 3.800, 9.960, 0.0, -3.528, -3.680},
      {65.764779, 153.000, 4.473, 9.550, 0.0, -2.548, -5.002},
      {66.302096, 80.400, 5.200, 9.060, 0.0, -1.660, -6.091},
      {66.836834, 39.800, 5.982, 8.580, 0.0, -1.680, -6.393},
      {67.369601, 18.560, 6.818, 8.110, 0.0, -1.956, -6.475},
      {67.900868, 8.172, 7.708, 7.640, 0.0, -2.216, -6.545},
      {68.431006, 3.397, 8.652, 7.170, 0.0, -2.492, -6.600},
      {68.960312, 1.334, 9.650, 6.690, 0.0, -2.773, -6.650},
      {118.750334, 940.300, 0.010, 16.640, 0.0, -0.439, 0.079},
      {368.498246, 67.400, 0.048, 16.400, 0.0, 0.0, 0.0},
      {424.763020, 637.700, 0.044, 16.400, 0.0, 0.0, 0.0},
      {487.249273, 237.400, 0.049, 16.000, 0.0, 0.0, 0.0},
      {715.392902, 98.100, 0.145, 16.000, 0.0, 0.0, 0.0},
      {773.839490, 572.300, 0.141, 16.200, 0.0, 0.0, 0.0},
      {834.145546, 183.100, 0.145, 14.700, 0.0, 0.0, 0.0},
  };
  const T th = in.theta;
  const T one = static_cast<T>(1);
  const T delta_scale = static_cast<T>(1e-4) * (in.p_hpa + in.e_hpa) * hd::pow(th, static_cast<T>(0.8));
  T sum = static_cast<T>(0);
  for (const SpectralLine& l : kOxygen) {
    const T fi = static_cast<T>(l.f0_ghz);
    const T s = static_cast<T>(l.c1 * 1e-7) * in.p_hpa * th * th * th * hd::exp(static_cast<T>(l.c2) * (one - th));
    const T df0 = static_cast<T>(l.c3 * 1e-4) *
                  (in.p_hpa * hd::pow(th, static_cast<T>(0.8 - l.c4)) + static_cast<T>(1.1) * in.e_hpa * th);
    const T df = hd::sqrt(df0 * df0 + static_cast<T>(2.25e-6));
    const T delta = (static_cast<T>(l.c5) + static_cast<T>(l.c6) * th) * delta_scale;
    sum += s * line_shape(in.f_ghz, fi, df, delta);
  }
  return sum;
}

// Sum over Table 2 of S_i F_i (Eqs. 3, 5, 6a/6b with the Doppler term; delta = 0).
template <typename T>
TARANG_HD inline T water_vapour_line_sum(const LineInputs<T>& in) {
  static constexpr SpectralLine kWater[35] = {
      {22.235080, 0.1079, 2.144, 26.38, 0.76, 5.087, 1.00},
      {67.803960, 0.0011, 8.732, 28.58, 0.69, 4.930, 0.82},
      {119.995940, 0.0007, 8.353, 29.48, 0.70, 4.780, 0.79},
      {183.310087, 2.273, 0.668, 29.06, 0.77, 5.022, 0.85},
      {321.225630, 0.0470, 6.179, 24.04, 0.67, 4.398, 0.54},
      {325.152888, 1.514, 1.541, 28.23, 0.64, 4.893, 0.74},
      {336.227764, 0.0010, 9.825, 26.93, 0.69, 4.740, 0.61},
      {380.197353, 11.67, 1.048, 28.11, 0.54, 5.063, 0.89},
      {390.134508, 0.0045, 7.347, 21.52, 0.63, 4.810, 0.55},
      {437.346667, 0.0632, 5.048, 18.45, 0.60, 4.230, 0.48},
      {439.150807, 0.9098, 3.595, 20.07, 0.63, 4.483, 0.52},
      {443.018343, 0.1920, 5.048, 15.55, 0.60, 5.083, 0.50},
      {448.001085, 10.41, 1.405, 25.64, 0.66, 5.028, 0.67},
      {470.888999, 0.3254, 3.597, 21.34, 0.66, 4.506, 0.65},
      {474.689092, 1.260, 2.379, 23.20, 0.65, 4.804, 0.64},
      {488.490108, 0.2529, 2.852, 25.86, 0.69, 5.201, 0.72},
      {503.568532, 0.0372, 6.731, 16.12, 0.61, 3.980, 0.43},
      {504.482692, 0.0124, 6.731, 16.12, 0.61, 4.010, 0.45},
      {547.676440, 0.9785, 0.158, 26.00, 0.70, 4.500, 1.00},
      {552.020960, 0.1840, 0.158, 26.00, 0.70, 4.500, 1.00},
      {556.935985, 497.0, 0.159, 30.86, 0.69, 4.552, 1.00},
      {620.700807, 5.015, 2.391, 24.38, 0.71, 4.856, 0.68},
      {645.766085, 0.0067, 8.633, 18.00, 0.60, 4.000, 0.50},
      {658.005280, 0.2732, 7.816, 32.10, 0.69, 4.140, 1.00},
      {752.033113, 243.4, 0.396, 30.86, 0.68, 4.352, 0.84},
      {841.051732, 0.0134, 8.177, 15.90, 0.33, 5.760, 0.45},
      {859.965698, 0.1325, 8.055, 30.60, 0.68, 4.090, 0.84},
      {899.303175, 0.0547, 7.914, 29.85, 0.68, 4.530, 0.90},
      {902.611085, 0.0386, 8.429, 28.65, 0.70, 5.100, 0.95},
      {906.205957, 0.1836, 5.110, 24.08, 0.70, 4.700, 0.53},
      {916.171582, 8.400, 1.441, 26.73, 0.70, 5.150, 0.78},
      {923.112692, 0.0079, 10.293, 29.00, 0.70, 5.000, 0.80},
      {970.315022, 9.009, 1.919, 25.50, 0.64, 4.940, 0.67},
      {987.926764, 134.6, 0.257, 29.85, 0.68, 4.550, 0.90},
      {1780.000000, 17506.0, 0.952, 196.3, 2.00, 24.15, 5.00},
  };
  const T th = in.theta;
  const T one = static_cast<T>(1);
  const T th35 = hd::pow(th, static_cast<T>(3.5));
  T sum = static_cast<T>(0);
  for (const SpectralLine& l : kWater) {
    const T fi = static_cast<T>(l.f0_ghz);
    const T s = static_cast<T>(l.c1 * 1e-1) * in.e_hpa * th35 * hd::exp(static_cast<T>(l.c2) * (one - th));
    const T df0 = static_cast<T>(l.c3 * 1e-4) * (in.p_hpa * hd::pow(th, static_cast<T>(l.c4)) +
                                                 static_cast<T>(l.c5) * in.e_hpa * hd::pow(th, static_cast<T>(l.c6)));
    const T df = static_cast<T>(0.535) * df0 +
                 hd::sqrt(static_cast<T>(0.217) * df0 * df0 + static_cast<T>(2.1316e-12) * fi * fi / th);
    sum += s * line_shape(in.f_ghz, fi, df, static_cast<T>(0));
  }
  return sum;
}

// Eqs. 8-9: dry continuum N''_D (Debye spectrum of oxygen below 10 GHz and pressure-induced nitrogen absorption).
template <typename T>
TARANG_HD inline T dry_continuum(const LineInputs<T>& in) {
  const T f = in.f_ghz;
  const T th = in.theta;
  const T d = static_cast<T>(5.6e-4) * (in.p_hpa + in.e_hpa) * hd::pow(th, static_cast<T>(0.8));
  const T fd = f / d;
  return f * in.p_hpa * th * th *
         (static_cast<T>(6.14e-5) / (d * (static_cast<T>(1) + fd * fd)) +
          static_cast<T>(1.4e-12) * in.p_hpa * hd::pow(th, static_cast<T>(1.5)) /
              (static_cast<T>(1) + static_cast<T>(1.9e-5) * hd::pow(f, static_cast<T>(1.5))));
}

}  // namespace p676_detail

// Eq. 4: water-vapour partial pressure e = rho T / 216.7 in hPa (rho in g/m^3, T in K).
template <typename T>
TARANG_HD inline T p676_water_vapour_pressure_hpa(T water_vapour_density_g_per_m3, T temperature_c) {
  return water_vapour_density_g_per_m3 * (temperature_c + static_cast<T>(273.15)) / static_cast<T>(216.7);
}

// gamma_o in dB/km: Eqs. 1 and 2a (oxygen lines plus the dry continuum).
template <typename T>
TARANG_HD inline T p676_dry_air_specific_attenuation_db_per_km(T frequency_hz,
                                                               const P676Atmosphere<T>& a = P676Atmosphere<T>{}) {
  const p676_detail::LineInputs<T> in = p676_detail::line_inputs(frequency_hz, a);
  return static_cast<T>(0.1820) * in.f_ghz * (p676_detail::oxygen_line_sum(in) + p676_detail::dry_continuum(in));
}

// gamma_w in dB/km: Eqs. 1 and 2b.
template <typename T>
TARANG_HD inline T p676_water_vapour_specific_attenuation_db_per_km(T frequency_hz,
                                                                    const P676Atmosphere<T>& a = P676Atmosphere<T>{}) {
  const p676_detail::LineInputs<T> in = p676_detail::line_inputs(frequency_hz, a);
  return static_cast<T>(0.1820) * in.f_ghz * p676_detail::water_vapour_line_sum(in);
}

// gamma = gamma_o + gamma_w in dB/km (Eq. 1).
template <typename T>
TARANG_HD inline T p676_specific_attenuation_db_per_km(T frequency_hz,
                                                       const P676Atmosphere<T>& a = P676Atmosphere<T>{}) {
  return p676_dry_air_specific_attenuation_db_per_km(frequency_hz, a) +
         p676_water_vapour_specific_attenuation_db_per_km(frequency_hz, a);
}

// Terrestrial (horizontal, uniform-atmosphere) path: A = (gamma_o + gamma_w) r0 in dB, Annex 1 section 2.1.
template <typename T>
TARANG_HD inline T p676_terrestrial_path_attenuation_db(T distance_m, T frequency_hz,
                                                        const P676Atmosphere<T>& a = P676Atmosphere<T>{}) {
  return p676_specific_attenuation_db_per_km(frequency_hz, a) * distance_m / static_cast<T>(1000);
}

// Annex 1 domain: 1-1000 GHz, non-negative pressure and humidity, temperature above absolute zero.
template <typename T>
TARANG_HD inline bool p676_valid_range(T frequency_hz, const P676Atmosphere<T>& a = P676Atmosphere<T>{}) {
  return frequency_hz >= static_cast<T>(kP676MinFrequency_hz) && frequency_hz <= static_cast<T>(kP676MaxFrequency_hz) &&
         a.dry_pressure_hpa >= static_cast<T>(0) && a.water_vapour_density_g_per_m3 >= static_cast<T>(0) &&
         a.temperature_c > static_cast<T>(-273.15);
}

}  // namespace tarang

// ITU-R P.2040-3 Table 3 building/ground materials: eps_r' = a f^b, sigma = c f^d (f in GHz), names, validity.
#pragma once

#include "core/complex.h"
#include "core/hd.h"
#include "core/hd_math.h"

namespace tarang {

// Source: Recommendation ITU-R P.2040-3 (08/2023), Annex 1 section 3, Table 3 "Material properties" (the same rows
// as P.2040-1/-2 and Sionna RT's ITU materials). Columns: real relative permittivity eps_r' = a f^b, conductivity
// sigma = c f^d S/m, f in GHz, and the frequency range in GHz over which the fit is valid:
//   material            a      b      c        d       range (GHz)
//   vacuum (~air)       1      0      0        0       0.001-100
//   concrete            5.24   0      0.0462   0.7822  1-100
//   brick               3.91   0      0.0238   0.16    1-40
//   plasterboard        2.73   0      0.0085   0.9395  1-100
//   wood                1.99   0      0.0047   1.0718  0.001-100
//   glass               6.31   0      0.0036   1.3394  0.1-100
//                       5.79   0      0.0004   1.658   220-450
//   ceiling board       1.48   0      0.0011   1.075   1-100
//                       1.52   0      0.0029   1.029   220-450
//   chipboard           2.58   0      0.0217   0.78    1-100
//   plywood             2.71   0      0.33     0       1-40
//   marble              7.074  0      0.0055   0.9262  1-60
//   floorboard          3.66   0      0.0044   1.3515  50-100
//   metal               1      0      1e7      0       1-100
//   very dry ground     3      0      0.00015  2.52    1-10
//   medium dry ground   15     -0.1   0.035    1.63    1-10
//   wet ground          30     -0.4   0.15     1.3     1-10
// Outside every range of a material the formulas are extrapolated (itu_material_valid reports false); for glass and
// ceiling board the row whose range is nearest in log-frequency is used (the 100-220 GHz gap splits at 148.3 GHz).

enum class ItuMaterial {
  Vacuum,
  Concrete,
  Brick,
  Plasterboard,
  Wood,
  Glass,
  CeilingBoard,
  Chipboard,
  Plywood,
  Marble,
  Floorboard,
  Metal,
  VeryDryGround,
  MediumDryGround,
  WetGround,
};

constexpr int kItuMaterialCount = 15;
constexpr double kVacuumPermittivity_F_per_m = 8.8541878128e-12;  // eps0, CODATA 2018

template <typename T>
struct MaterialProperties {
  T eps_r;          // real relative permittivity eps_r'
  T sigma_s_per_m;  // conductivity
};

// One row of P.2040 Table 3.
struct ItuMaterialRow {
  double a, b, c, d, f_min_ghz, f_max_ghz;
};

// The one or two Table 3 rows of a material (count = 1 or 2), low-frequency row first.
struct ItuMaterialRows {
  int count;
  ItuMaterialRow row[2];
};

TARANG_HD inline ItuMaterialRows itu_material_rows(ItuMaterial m) {
  switch (m) {
    case ItuMaterial::Vacuum: return {1, {{1.0, 0.0, 0.0, 0.0, 0.001, 100.0}, {}}};
    case ItuMaterial::Concrete: return {1, {{5.24, 0.0, 0.0462, 0.7822, 1.0, 100.0}, {}}};
    case ItuMaterial::Brick: return {1, {{3.91, 0.0, 0.0238, 0.16, 1.0, 40.0}, {}}};
    case ItuMaterial::Plasterboard: return {1, {{2.73, 0.0, 0.0085, 0.9395, 1.0, 100.0}, {}}};
    case ItuMaterial::Wood: return {1, {{1.99, 0.0, 0.0047, 1.0718, 0.001, 100.0}, {}}};
    case ItuMaterial::Glass:
      return {2, {{6.31, 0.0, 0.0036, 1.3394, 0.1, 100.0}, {5.79, 0.0, 0.0004, 1.658, 220.0, 450.0}}};
    case ItuMaterial::CeilingBoard:
      return {2, {{1.48, 0.0, 0.0011, 1.075, 1.0, 100.0}, {1.52, 0.0, 0.0029, 1.029, 220.0, 450.0}}};
    case ItuMaterial::Chipboard: return {1, {{2.58, 0.0, 0.0217, 0.78, 1.0, 100.0}, {}}};
    case ItuMaterial::Plywood: return {1, {{2.71, 0.0, 0.33, 0.0, 1.0, 40.0}, {}}};
    case ItuMaterial::Marble: return {1, {{7.074, 0.0, 0.0055, 0.9262, 1.0, 60.0}, {}}};
    case ItuMaterial::Floorboard: return {1, {{3.66, 0.0, 0.0044, 1.3515, 50.0, 100.0}, {}}};
    case ItuMaterial::Metal: return {1, {{1.0, 0.0, 1.0e7, 0.0, 1.0, 100.0}, {}}};
    case ItuMaterial::VeryDryGround: return {1, {{3.0, 0.0, 0.00015, 2.52, 1.0, 10.0}, {}}};
    case ItuMaterial::MediumDryGround: return {1, {{15.0, -0.1, 0.035, 1.63, 1.0, 10.0}, {}}};
    case ItuMaterial::WetGround: return {1, {{30.0, -0.4, 0.15, 1.3, 1.0, 10.0}, {}}};
  }
  return {1, {{1.0, 0.0, 0.0, 0.0, 0.001, 100.0}, {}}};  // unreachable for valid enumerators: vacuum
}

// True when frequency_hz lies inside one of the material's Table 3 frequency ranges (edges included, with 1e-6
// relative slack so that a float-rounded edge frequency such as 60e9f still counts).
template <typename T>
TARANG_HD inline bool itu_material_valid(ItuMaterial m, T frequency_hz) {
  const double f_ghz = static_cast<double>(frequency_hz) / 1e9;
  const double slack = 1e-6;
  const ItuMaterialRows rows = itu_material_rows(m);
  for (int i = 0; i < rows.count; ++i) {
    if (f_ghz >= rows.row[i].f_min_ghz * (1 - slack) && f_ghz <= rows.row[i].f_max_ghz * (1 + slack)) return true;
  }
  return false;
}

// eps_r' and sigma of an ITU material at frequency_hz (P.2040 Table 3 eqs. eps_r' = a f^b, sigma = c f^d, f in GHz).
template <typename T>
TARANG_HD inline MaterialProperties<T> itu_material_properties(ItuMaterial m, T frequency_hz) {
  const T f_ghz = frequency_hz / static_cast<T>(1e9);
  const ItuMaterialRows rows = itu_material_rows(m);
  ItuMaterialRow r = rows.row[0];
  // Two rows (glass, ceiling board): take the second one when it is nearer in log-frequency, i.e. above the
  // geometric mean of the gap between the first row's top and the second row's bottom.
  if (rows.count == 2 && f_ghz * f_ghz > static_cast<T>(rows.row[0].f_max_ghz * rows.row[1].f_min_ghz)) {
    r = rows.row[1];
  }
  return {static_cast<T>(r.a) * hd::pow(f_ghz, static_cast<T>(r.b)),
          static_cast<T>(r.c) * hd::pow(f_ghz, static_cast<T>(r.d))};
}

// Complex relative permittivity eta = eps_r' - j sigma / (2 pi f eps0), i.e. P.2040 section 2.1.2's
// eps_r'' = 17.98 sigma / f_GHz; time convention e^{+j w t}, so Im(eta) <= 0 for a passive material.
template <typename T>
TARANG_HD inline Complex<T> complex_relative_permittivity(T eps_r, T sigma_s_per_m, T frequency_hz) {
  const T omega_eps0 = static_cast<T>(2.0 * hd::kPi * kVacuumPermittivity_F_per_m) * frequency_hz;
  return {eps_r, -sigma_s_per_m / omega_eps0};
}

template <typename T>
TARANG_HD inline Complex<T> complex_relative_permittivity(const MaterialProperties<T>& p, T frequency_hz) {
  return complex_relative_permittivity(p.eps_r, p.sigma_s_per_m, frequency_hz);
}

// ---- Host-side names for the scenario parser (not callable from device code) ----

// Canonical lower-case P.2040 name, e.g. "concrete", "ceiling_board", "medium_dry_ground".
inline const char* itu_material_name(ItuMaterial m) {
  switch (m) {
    case ItuMaterial::Vacuum: return "vacuum";
    case ItuMaterial::Concrete: return "concrete";
    case ItuMaterial::Brick: return "brick";
    case ItuMaterial::Plasterboard: return "plasterboard";
    case ItuMaterial::Wood: return "wood";
    case ItuMaterial::Glass: return "glass";
    case ItuMaterial::CeilingBoard: return "ceiling_board";
    case ItuMaterial::Chipboard: return "chipboard";
    case ItuMaterial::Plywood: return "plywood";
    case ItuMaterial::Marble: return "marble";
    case ItuMaterial::Floorboard: return "floorboard";
    case ItuMaterial::Metal: return "metal";
    case ItuMaterial::VeryDryGround: return "very_dry_ground";
    case ItuMaterial::MediumDryGround: return "medium_dry_ground";
    case ItuMaterial::WetGround: return "wet_ground";
  }
  return "unknown";
}

namespace p2040_detail {

// Character folded for name matching: ASCII lower case, '-' and ' ' read as '_'.
inline char fold_name_char(char c) {
  if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
  if (c == '-' || c == ' ') return '_';
  return c;
}

// If `name` starts with `prefix` (folded), returns the rest of `name`; otherwise returns `name`.
inline const char* strip_prefix(const char* name, const char* prefix) {
  const char* n = name;
  for (; *prefix != '\0'; ++prefix, ++n) {
    if (fold_name_char(*n) != *prefix) return name;
  }
  return n;
}

// Folded equality of two NUL-terminated strings.
inline bool folded_equal(const char* a, const char* b) {
  for (; *a != '\0' && *b != '\0'; ++a, ++b) {
    if (fold_name_char(*a) != fold_name_char(*b)) return false;
  }
  return *a == *b;
}

}  // namespace p2040_detail

// Looks up a material by name: the canonical name optionally prefixed by "itu_", "itu-" or "mat-itu_" (Sionna RT's
// Mitsuba naming); case-insensitive, '-' and '_' interchangeable ("mat-itu_concrete", "ITU-very-dry-ground").
// Returns false (and leaves *out unchanged) when the name is not recognised.
inline bool itu_material_from_name(const char* name, ItuMaterial* out) {
  if (name == nullptr) return false;
  const char* body = p2040_detail::strip_prefix(name, "mat_itu_");
  if (body == name) body = p2040_detail::strip_prefix(name, "itu_");
  for (int i = 0; i < kItuMaterialCount; ++i) {
    const auto m = static_cast<ItuMaterial>(i);
    if (p2040_detail::folded_equal(body, itu_material_name(m))) {
      *out = m;
      return true;
    }
  }
  return false;
}

}  // namespace tarang

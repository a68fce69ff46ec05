// viridis from fitted polynomials, and an OKLCH categorical palette converted to sRGB.
#include "io/colormap.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace tarang {
namespace {

// Polynomial coefficients (constant term first) per sRGB channel in [0, 1], from viridis_reference.py.
constexpr std::array<double, 9> kViridisRed = {0.262736168, 0.689505848, -6.3466757,  13.8058487, 18.4900994,
                                               -164.475208, 335.76583,   -285.086196, 87.8964402};
constexpr std::array<double, 9> kViridisGreen = {0.00295810215, 1.58064897,  -2.63216181, 12.6597209, -46.9521768,
                                                 99.085098,     -112.583279, 64.0722564,  -14.3273382};
constexpr std::array<double, 9> kViridisBlue = {0.333353116, 1.15681578, 6.59488959,  -81.7213994, 336.507,
                                                -727.361819, 878.045154, -563.311351, 149.904559};

double horner(const std::array<double, 9>& c, double t) {
  double v = 0;
  for (auto it = c.rbegin(); it != c.rend(); ++it) v = v * t + *it;
  return v;
}

std::uint8_t to_byte(double unit) { return static_cast<std::uint8_t>(std::lround(std::clamp(unit, 0.0, 1.0) * 255)); }

// sRGB transfer function (IEC 61966-2-1) from linear light.
double srgb_encode(double linear) {
  linear = std::clamp(linear, 0.0, 1.0);
  return linear <= 0.0031308 ? 12.92 * linear : 1.055 * std::pow(linear, 1.0 / 2.4) - 0.055;
}

// OKLab (Ottosson 2020) to sRGB; out-of-gamut channels are clipped.
Rgba oklab_to_srgb(double lightness, double a, double b) {
  const double l = std::pow(lightness + 0.3963377774 * a + 0.2158037573 * b, 3);
  const double m = std::pow(lightness - 0.1055613458 * a - 0.0638541728 * b, 3);
  const double s = std::pow(lightness - 0.0894841775 * a - 1.2914855480 * b, 3);
  const double red = 4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s;
  const double green = -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s;
  const double blue = -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s;
  return {to_byte(srgb_encode(red)), to_byte(srgb_encode(green)), to_byte(srgb_encode(blue)), 255};
}

}  // namespace

Rgba viridis(double t) {
  t = std::isnan(t) ? 0.0 : std::clamp(t, 0.0, 1.0);
  return {to_byte(horner(kViridisRed, t)), to_byte(horner(kViridisGreen, t)), to_byte(horner(kViridisBlue, t)), 255};
}

Rgba categorical_color(int index) {
  if (index < 0) return {220, 220, 220, 255};
  constexpr double kGoldenAngleDeg = 137.50776405003785;
  constexpr double kLightness[] = {0.68, 0.52, 0.82};
  constexpr double kChroma = 0.13;
  const double hue_rad = std::fmod(30.0 + index * kGoldenAngleDeg, 360.0) * 3.14159265358979323846 / 180.0;
  return oklab_to_srgb(kLightness[index % 3], kChroma * std::cos(hue_rad), kChroma * std::sin(hue_rad));
}

std::string css_hex(Rgba c) {
  char text[8];
  std::snprintf(text, sizeof text, "#%02x%02x%02x", c.r, c.g, c.b);
  return text;
}

}  // namespace tarang

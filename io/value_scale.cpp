// Display ranges and nice ticks (1-2-5 steps).
#include "io/value_scale.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tarang {
namespace {

// Linear-interpolated percentile of sorted values (as numpy.percentile).
double sorted_percentile(const std::vector<float>& sorted, double p) {
  const double rank = p / 100.0 * static_cast<double>(sorted.size() - 1);
  const std::size_t lo = static_cast<std::size_t>(std::floor(rank));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (rank - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace

ValueRange display_range(std::span<const float> values) {
  std::vector<float> finite;
  finite.reserve(values.size());
  for (float v : values) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  if (finite.empty()) return {0, 1};
  std::sort(finite.begin(), finite.end());
  ValueRange r{sorted_percentile(finite, 1), sorted_percentile(finite, 99)};
  if (!(r.max > r.min)) return {r.min - 1, r.max + 1};
  const double step = nice_step(r, 6);
  return {std::floor(r.min / step + 1e-9) * step, std::ceil(r.max / step - 1e-9) * step};
}

ValueRange merged(const ValueRange& a, const ValueRange& b) { return {std::min(a.min, b.min), std::max(a.max, b.max)}; }

double nice_step(const ValueRange& range, int target_count) {
  const double span = range.max - range.min;
  if (!(span > 0) || !std::isfinite(span)) return 1;
  const double raw = span / std::max(1, target_count);
  const double decade = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0}) {
    if (m * decade >= raw * (1 - 1e-9)) return m * decade;
  }
  return 10 * decade;
}

std::vector<double> nice_ticks(const ValueRange& range, int target_count) {
  const double step = nice_step(range, target_count);
  std::vector<double> ticks;
  for (double k = std::ceil(range.min / step - 1e-9); k * step <= range.max + 1e-9 * step; k += 1) {
    ticks.push_back(k * step);
  }
  return ticks;
}

std::string tick_label(double value, double step) {
  const int decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(step) - 1e-9)), 0, 6);
  if (std::fabs(value) < step * 1e-6) value = 0;  // no "-0"
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

}  // namespace tarang

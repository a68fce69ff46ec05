// Value axes for maps and plots: a display range from data percentiles, "nice" tick positions and tick labels.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace tarang {

struct ValueRange {
  double min = 0, max = 1;
  double fraction(double v) const { return max > min ? (v - min) / (max - min) : 0.5; }  // 0 at min, 1 at max
};

// The 1st to 99th percentile of the finite values, widened outwards to multiples of a nice tick step, so a few
// outliers do not wash out a map. A range of width 0 is widened by 1 on each side; no finite value gives [0, 1].
ValueRange display_range(std::span<const float> values);

// The union of two ranges (for a common colour scale across results).
ValueRange merged(const ValueRange& a, const ValueRange& b);

// A "nice" step (1, 2 or 5 x 10^k) giving about `target_count` ticks across `range`, and the multiples of it that
// lie inside the range (with a tolerance of 1e-9 steps at the ends).
double nice_step(const ValueRange& range, int target_count);
std::vector<double> nice_ticks(const ValueRange& range, int target_count);

// A tick label with as many decimals as `step` needs ("-110", "2.5", "0.25"); never "-0".
std::string tick_label(double value, double step);

}  // namespace tarang

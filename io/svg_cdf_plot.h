// Empirical CDF plots (one line per result) as inline SVG for the HTML report.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "io/colormap.h"
#include "io/value_scale.h"

namespace tarang {

struct CdfSeries {
  std::string label;
  Rgba color;
  std::vector<float> values;  // NaN (not computed) is left out; -inf (no signal) counts, left of every finite value
};

struct CdfPlotOptions {
  std::string title;    // "RSRP"
  std::string x_label;  // "RSRP (dBm)"
  int width_px = 560, height_px = 340;
  std::optional<ValueRange> x_range;  // default: all finite values of all series, widened to nice ticks
};

// The plot area inside the SVG (pixels, y down): x_range maps onto [left, left + width], F = 0..1 onto
// [top + height, top].
struct CdfPlotFrame {
  double left = 0, top = 0, width = 0, height = 0;
};
CdfPlotFrame cdf_plot_frame(const CdfPlotOptions& options);

// The x range used when options.x_range is empty.
ValueRange cdf_x_range(const std::vector<CdfSeries>& series);

// An <svg> element: axes with ticks and grid lines, axis labels, a legend, and per series one <polyline> (class
// "cdf") through the points (v, F(v)) where F(v) = share of the series' non-NaN values <= v, at up to 400 order
// statistics, clipped to the x range. A series with no finite value draws no line.
std::string render_cdf_svg(const std::vector<CdfSeries>& series, const CdfPlotOptions& options);

}  // namespace tarang

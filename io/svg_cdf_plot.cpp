// CDF plots written as SVG text: frame, nice ticks, grid, one polyline per series, legend.
#include "io/svg_cdf_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "io/markup_text.h"

namespace tarang {
namespace {

constexpr double kLeft = 58, kRight = 16, kTop = 34, kBottom = 46;  // plot-area margins (px)
constexpr std::size_t kMaxPoints = 400;
constexpr int kTicks = 7;

std::string num(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", v);
  return text;
}

// Sorted finite values, and how many values are -inf (below every finite value).
struct SortedSeries {
  std::vector<float> finite;
  std::size_t below = 0;
  std::size_t counted() const { return finite.size() + below; }
};

SortedSeries sorted(const std::vector<float>& values) {
  SortedSeries s;
  for (float v : values) {
    if (std::isfinite(v)) {
      s.finite.push_back(v);
    } else if (std::isinf(v) && v < 0) {
      ++s.below;
    }
  }
  std::sort(s.finite.begin(), s.finite.end());
  return s;
}

std::string polyline(const SortedSeries& s, const ValueRange& range, const CdfPlotFrame& f, Rgba color) {
  const std::size_t m = s.finite.size();
  const double n = static_cast<double>(s.counted());
  auto x_px = [&](double v) { return f.left + std::clamp(range.fraction(v), 0.0, 1.0) * f.width; };
  auto y_px = [&](double share) { return f.top + (1 - share) * f.height; };
  std::string points = num(x_px(s.finite.front())) + "," + num(y_px(s.below / n));
  const std::size_t steps = std::min(m, kMaxPoints);
  for (std::size_t k = 1; k <= steps; ++k) {
    const std::size_t i = (k * m + steps - 1) / steps - 1;  // order statistic i: F = (below + i + 1) / n
    points.append(" ").append(num(x_px(s.finite[i]))).append(",").append(num(y_px((s.below + i + 1) / n)));
  }
  return "<polyline class=\"cdf\" fill=\"none\" stroke=\"" + css_hex(color) + "\" stroke-width=\"2\" points=\"" +
         points + "\"/>\n";
}

std::string text(double x, double y, const std::string& content, const std::string& attributes = "") {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\"" + attributes + ">" + escape_markup(content) + "</text>\n";
}

}  // namespace

CdfPlotFrame cdf_plot_frame(const CdfPlotOptions& o) {
  return {kLeft, kTop, std::max(1.0, o.width_px - kLeft - kRight), std::max(1.0, o.height_px - kTop - kBottom)};
}

ValueRange cdf_x_range(const std::vector<CdfSeries>& series) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const CdfSeries& s : series) {
    for (float v : s.values) {
      if (std::isfinite(v)) lo = std::min<double>(lo, v), hi = std::max<double>(hi, v);
    }
  }
  if (!(hi >= lo)) return {0, 1};
  if (hi == lo) return {lo - 1, hi + 1};
  const double step = nice_step({lo, hi}, kTicks);
  return {std::floor(lo / step) * step, std::ceil(hi / step) * step};
}

std::string render_cdf_svg(const std::vector<CdfSeries>& series, const CdfPlotOptions& o) {
  const CdfPlotFrame f = cdf_plot_frame(o);
  const ValueRange range = o.x_range.value_or(cdf_x_range(series));
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"cdf-plot\" width=\"" +
                    std::to_string(o.width_px) + "\" height=\"" + std::to_string(o.height_px) + "\" viewBox=\"0 0 " +
                    std::to_string(o.width_px) + " " + std::to_string(o.height_px) +
                    "\" font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"12\">\n";
  svg += text(f.left, 20, o.title, " font-weight=\"bold\" font-size=\"14\"");
  const double step = nice_step(range, kTicks);
  for (double v : nice_ticks(range, kTicks)) {
    const double x = f.left + range.fraction(v) * f.width;
    svg += "<line x1=\"" + num(x) + "\" y1=\"" + num(f.top) + "\" x2=\"" + num(x) + "\" y2=\"" + num(f.top + f.height) +
           "\" stroke=\"#e0e0e0\"/>\n";
    svg += text(x, f.top + f.height + 16, tick_label(v, step), " text-anchor=\"middle\"");
  }
  for (int k = 0; k <= 4; ++k) {
    const double y = f.top + (1 - k / 4.0) * f.height;
    svg += "<line x1=\"" + num(f.left) + "\" y1=\"" + num(y) + "\" x2=\"" + num(f.left + f.width) + "\" y2=\"" +
           num(y) + "\" stroke=\"#e0e0e0\"/>\n";
    svg += text(f.left - 6, y + 4, tick_label(k / 4.0, 0.01), " text-anchor=\"end\"");
  }
  svg += "<rect x=\"" + num(f.left) + "\" y=\"" + num(f.top) + "\" width=\"" + num(f.width) + "\" height=\"" +
         num(f.height) + "\" fill=\"none\" stroke=\"#444\"/>\n";
  svg += text(f.left + f.width / 2, o.height_px - 8, o.x_label, " text-anchor=\"middle\"");
  svg += text(14, f.top + f.height / 2, "CDF",
              " text-anchor=\"middle\" transform=\"rotate(-90 14 " + num(f.top + f.height / 2) + ")\"");
  double legend_y = f.top + 16;
  for (const CdfSeries& s : series) {
    const SortedSeries data = sorted(s.values);
    if (!data.finite.empty()) svg += polyline(data, range, f, s.color);
    svg += "<line x1=\"" + num(f.left + 10) + "\" y1=\"" + num(legend_y - 4) + "\" x2=\"" + num(f.left + 30) +
           "\" y2=\"" + num(legend_y - 4) + "\" stroke=\"" + css_hex(s.color) + "\" stroke-width=\"2\"/>\n";
    svg += text(f.left + 36, legend_y, s.label);
    legend_y += 16;
  }
  return svg + "</svg>\n";
}

}  // namespace tarang

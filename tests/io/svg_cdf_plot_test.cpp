// CDF plots parsed as XML: one polyline per series, monotone, through the hand-computed empirical CDF.
#include "io/svg_cdf_plot.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>

#include <cmath>
#include <limits>
#include <sstream>

namespace tarang {
namespace {

struct Point {
  double x, y;
};

std::vector<Point> points_of(const pugi::xml_node& polyline) {
  std::vector<Point> out;
  std::istringstream in(polyline.attribute("points").value());
  double x = 0, y = 0;
  char comma = 0;
  while (in >> x >> comma >> y) out.push_back({x, y});
  return out;
}

std::vector<pugi::xml_node> polylines(const pugi::xml_document& doc) {
  std::vector<pugi::xml_node> out;
  for (const pugi::xpath_node& n : doc.select_nodes("//polyline[@class='cdf']")) out.push_back(n.node());
  return out;
}

TEST(CdfPlot, LinesFollowTheEmpiricalCdf) {
  std::vector<float> uniform;
  for (int i = 1; i <= 100; ++i) uniform.push_back(static_cast<float>(i));  // F(v) = v / 100 at v = 1..100
  CdfPlotOptions options;
  options.title = "Test";
  options.x_label = "value (unit)";
  options.x_range = ValueRange{0, 100};
  const std::string svg = render_cdf_svg({{"uniform", viridis(0.2), uniform}}, options);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(svg.c_str())) << svg;
  EXPECT_STREQ(doc.first_child().name(), "svg");
  const auto lines = polylines(doc);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_STREQ(lines[0].attribute("stroke").value(), css_hex(viridis(0.2)).c_str());
  const std::vector<Point> pts = points_of(lines[0]);
  ASSERT_EQ(pts.size(), 101u);  // start point + one per order statistic
  const CdfPlotFrame f = cdf_plot_frame(options);
  for (std::size_t k = 1; k < pts.size(); ++k) {
    // Point k is value k at F = k / 100; coordinates are written with 2 decimals (0.005 px).
    EXPECT_NEAR(pts[k].x, f.left + k / 100.0 * f.width, 0.006);
    EXPECT_NEAR(pts[k].y, f.top + (1 - k / 100.0) * f.height, 0.006);
    EXPECT_GE(pts[k].x, pts[k - 1].x);
    EXPECT_LE(pts[k].y, pts[k - 1].y);
  }
  EXPECT_NEAR(pts[0].y, f.top + f.height, 0.006);  // F = 0 below the smallest value
  EXPECT_NE(svg.find(">value (unit)</text>"), std::string::npos);
  EXPECT_NE(svg.find(">uniform</text>"), std::string::npos);
}

TEST(CdfPlot, NoSignalCountsBelowEveryValueAndNaNIsLeftOut) {
  const float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
  // 4 counted values (one -inf), one NaN: F jumps to 1/4 at the left, then 2/4, 3/4, 4/4.
  const std::vector<float> values = {-inf, 1, 2, 3, nan};
  CdfPlotOptions options;
  options.x_range = ValueRange{0, 4};
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(render_cdf_svg({{"a", viridis(0.5), values}}, options).c_str()));
  const std::vector<Point> pts = points_of(polylines(doc).at(0));
  const CdfPlotFrame f = cdf_plot_frame(options);
  ASSERT_EQ(pts.size(), 4u);
  EXPECT_NEAR(pts[0].y, f.top + 0.75 * f.height, 0.006);
  EXPECT_NEAR(pts[1].y, f.top + 0.5 * f.height, 0.006);
  EXPECT_NEAR(pts[3].y, f.top, 0.006);
}

TEST(CdfPlot, DefaultRangeCoversAllSeriesAndLongSeriesAreThinned) {
  std::vector<float> big(10000);
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<float>(i) / 100;  // 0 .. 99.99
  const std::vector<CdfSeries> series = {{"big", viridis(0), big}, {"small", viridis(1), {-12.0f, 3.0f}}};
  const ValueRange range = cdf_x_range(series);
  EXPECT_DOUBLE_EQ(range.min, -20);  // [-12, 99.99] widened to the tick step 20
  EXPECT_DOUBLE_EQ(range.max, 100);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(render_cdf_svg(series, {}).c_str()));
  const auto lines = polylines(doc);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(points_of(lines[0]).size(), 401u);  // at most 400 order statistics + the start
}

TEST(CdfPlot, SeriesWithoutFiniteValuesDrawsNoLineButKeepsItsLegend) {
  const std::string svg = render_cdf_svg({{"<empty>", viridis(0), {std::nanf("")}}}, {});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(svg.c_str()));
  EXPECT_TRUE(polylines(doc).empty());
  EXPECT_NE(svg.find("&lt;empty&gt;"), std::string::npos);  // labels are escaped
}

}  // namespace
}  // namespace tarang

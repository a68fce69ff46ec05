// RasterCanvas: compositing arithmetic, clipping, and filled shapes against exact pixel counts.
#include "io/raster_canvas.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tarang {
namespace {

constexpr Rgba kWhite = {255, 255, 255, 255};
constexpr Rgba kBlack = {0, 0, 0, 255};

int count(const RasterCanvas& c, Rgba color) {
  int n = 0;
  for (int y = 0; y < c.height(); ++y) {
    for (int x = 0; x < c.width(); ++x) n += c.pixel(x, y) == color;
  }
  return n;
}

TEST(RasterCanvas, StartsWithTheBackground) {
  const RasterCanvas c(3, 2, {1, 2, 3, 4});
  EXPECT_EQ(c.rgba().size(), 3u * 2u * 4u);
  EXPECT_EQ(c.pixel(2, 1), (Rgba{1, 2, 3, 4}));
  EXPECT_THROW(RasterCanvas(0, 5, kWhite), std::invalid_argument);
}

TEST(RasterCanvas, BlendsWithTheOverOperator) {
  RasterCanvas c(2, 1, kWhite);
  c.blend(0, 0, {0, 0, 0, 128});  // 128/255 black over white: 255 * (1 - 128/255) = 127
  EXPECT_EQ(c.pixel(0, 0), (Rgba{127, 127, 127, 255}));
  c.blend(1, 0, kBlack, 0.25);  // coverage scales opacity: 255 * 0.75 = 191.25
  EXPECT_EQ(c.pixel(1, 0), (Rgba{191, 191, 191, 255}));
  RasterCanvas clear(1, 1, {0, 0, 0, 0});
  clear.blend(0, 0, {200, 100, 50, 128});  // over a transparent pixel the colour stays, alpha is the source's
  EXPECT_EQ(clear.pixel(0, 0), (Rgba{200, 100, 50, 128}));
}

TEST(RasterCanvas, ClipsAtTheEdges) {
  RasterCanvas c(10, 10, kWhite);
  c.fill_rect(-5, -5, 8, 8, kBlack);  // covers [0, 3) x [0, 3)
  EXPECT_EQ(count(c, kBlack), 9);
  c.set(100, 100, kBlack);  // ignored
  EXPECT_THROW(c.pixel(10, 0), std::out_of_range);
}

TEST(RasterCanvas, StrokesAOnePixelOutline) {
  RasterCanvas c(10, 10, kWhite);
  c.stroke_rect(2, 2, 5, 4, kBlack);  // perimeter of 5 x 4: 2 * 5 + 2 * 2 = 14 pixels
  EXPECT_EQ(count(c, kBlack), 14);
  EXPECT_EQ(c.pixel(4, 4), kWhite);
}

TEST(RasterCanvas, FillsPolygonsAtPixelCentres) {
  RasterCanvas c(20, 20, kWhite);
  c.fill_polygon({{2, 2}, {12, 2}, {12, 7}, {2, 7}}, kBlack);  // 10 x 5 pixels exactly
  EXPECT_EQ(count(c, kBlack), 50);
  EXPECT_EQ(c.pixel(2, 2), kBlack);
  EXPECT_EQ(c.pixel(12, 2), kWhite);  // the right edge is exclusive
}

TEST(RasterCanvas, EvenOddRuleLeavesHoles) {
  RasterCanvas c(20, 20, kWhite);
  const std::vector<std::vector<PixelPoint>> rings = {{{0, 0}, {10, 0}, {10, 10}, {0, 10}},
                                                      {{3, 3}, {7, 3}, {7, 7}, {3, 7}}};
  c.fill_polygon(rings, kBlack);
  EXPECT_EQ(count(c, kBlack), 100 - 16);
  EXPECT_EQ(c.pixel(5, 5), kWhite);
}

TEST(RasterCanvas, DiscAreaIsCloseToPiRSquared) {
  RasterCanvas c(100, 100, kWhite);
  c.fill_disc({50, 50}, 20, kBlack);
  // Pixel-centre sampling of a disc of radius 20: within 2 % of pi r^2 = 1256.6 (Gauss circle problem error ~ r).
  EXPECT_NEAR(count(c, kBlack), 3.14159265 * 400, 0.02 * 3.14159265 * 400);
}

TEST(RasterCanvas, LinesHaveTheirWidth) {
  RasterCanvas c(40, 20, kWhite);
  c.draw_line({5, 10}, {35, 10}, 4, kBlack);  // a 30 x 4 rectangle from y = 8 to 12
  EXPECT_EQ(count(c, kBlack), 120);
}

}  // namespace
}  // namespace tarang

// RasterCanvas: an 8-bit RGBA image with the few drawing operations map layouts need (rectangles, lines, discs,
// filled polygons), all alpha-blended and clipped to the image.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "io/colormap.h"

namespace tarang {

struct PixelPoint {
  double x = 0, y = 0;  // pixels, origin at the top-left corner of the image, y down
};

class RasterCanvas {
 public:
  RasterCanvas(int width, int height, Rgba background);

  int width() const { return width_; }
  int height() const { return height_; }
  // Row-major RGBA bytes, 4 per pixel, top row first.
  const std::vector<std::uint8_t>& rgba() const { return rgba_; }
  Rgba pixel(int x, int y) const;

  // Replaces a pixel (no blending); ignored outside the image.
  void set(int x, int y, Rgba c);
  // Draws c over the pixel with opacity (c.a / 255) x coverage (coverage in [0, 1]); ignored outside the image.
  void blend(int x, int y, Rgba c, double coverage = 1.0);

  // Pixels [x, x + w) x [y, y + h).
  void fill_rect(int x, int y, int w, int h, Rgba c);
  // A one-pixel outline just inside [x, x + w) x [y, y + h).
  void stroke_rect(int x, int y, int w, int h, Rgba c);
  // A straight line of the given width (pixels), drawn as a filled quadrilateral.
  void draw_line(PixelPoint from, PixelPoint to, double width_px, Rgba c);
  // A filled disc; pixels whose centre lies within radius_px of the centre.
  void fill_disc(PixelPoint centre, double radius_px, Rgba c);
  // A filled polygon (even-odd rule), one or more rings, sampled at pixel centres.
  void fill_polygon(std::span<const std::vector<PixelPoint>> rings, Rgba c);
  void fill_polygon(const std::vector<PixelPoint>& ring, Rgba c);

 private:
  int width_, height_;
  std::vector<std::uint8_t> rgba_;
};

}  // namespace tarang

// RasterCanvas drawing: straight alpha compositing ("over") and scanline polygon filling at pixel centres.
#include "io/raster_canvas.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tarang {

RasterCanvas::RasterCanvas(int width, int height, Rgba background) : width_(width), height_(height) {
  if (width <= 0 || height <= 0) throw std::invalid_argument("RasterCanvas: width and height must be positive");
  rgba_.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
  for (std::size_t i = 0; i < rgba_.size(); i += 4) {
    rgba_[i] = background.r, rgba_[i + 1] = background.g, rgba_[i + 2] = background.b, rgba_[i + 3] = background.a;
  }
}

Rgba RasterCanvas::pixel(int x, int y) const {
  if (x < 0 || y < 0 || x >= width_ || y >= height_) throw std::out_of_range("RasterCanvas::pixel outside the image");
  const std::uint8_t* p = &rgba_[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) + x) * 4];
  return {p[0], p[1], p[2], p[3]};
}

void RasterCanvas::set(int x, int y, Rgba c) {
  if (x < 0 || y < 0 || x >= width_ || y >= height_) return;
  std::uint8_t* p = &rgba_[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) + x) * 4];
  p[0] = c.r, p[1] = c.g, p[2] = c.b, p[3] = c.a;
}

void RasterCanvas::blend(int x, int y, Rgba c, double coverage) {
  if (x < 0 || y < 0 || x >= width_ || y >= height_) return;
  const double alpha = std::clamp(coverage, 0.0, 1.0) * c.a / 255.0;
  if (alpha <= 0) return;
  std::uint8_t* p = &rgba_[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) + x) * 4];
  const double below = p[3] / 255.0;
  const double out_alpha = alpha + below * (1 - alpha);
  auto mix = [&](std::uint8_t src, std::uint8_t dst) {
    return static_cast<std::uint8_t>(std::lround((src * alpha + dst * below * (1 - alpha)) / out_alpha));
  };
  p[0] = mix(c.r, p[0]), p[1] = mix(c.g, p[1]), p[2] = mix(c.b, p[2]);
  p[3] = static_cast<std::uint8_t>(std::lround(out_alpha * 255));
}

void RasterCanvas::fill_rect(int x, int y, int w, int h, Rgba c) {
  const int x0 = std::max(x, 0), y0 = std::max(y, 0), x1 = std::min(x + w, width_), y1 = std::min(y + h, height_);
  for (int row = y0; row < y1; ++row) {
    for (int col = x0; col < x1; ++col) blend(col, row, c);
  }
}

void RasterCanvas::stroke_rect(int x, int y, int w, int h, Rgba c) {
  if (w <= 0 || h <= 0) return;
  fill_rect(x, y, w, 1, c);
  if (h > 1) fill_rect(x, y + h - 1, w, 1, c);
  fill_rect(x, y + 1, 1, h - 2, c);
  if (w > 1) fill_rect(x + w - 1, y + 1, 1, h - 2, c);
}

void RasterCanvas::draw_line(PixelPoint from, PixelPoint to, double width_px, Rgba c) {
  const double dx = to.x - from.x, dy = to.y - from.y, length = std::hypot(dx, dy);
  if (length == 0) return fill_disc(from, width_px / 2, c);
  const double nx = -dy / length * width_px / 2, ny = dx / length * width_px / 2;  // half-width normal
  fill_polygon({{from.x + nx, from.y + ny}, {to.x + nx, to.y + ny}, {to.x - nx, to.y - ny}, {from.x - nx, from.y - ny}},
               c);
}

void RasterCanvas::fill_disc(PixelPoint centre, double radius_px, Rgba c) {
  const int top = static_cast<int>(std::floor(centre.y - radius_px));
  const int bottom = static_cast<int>(std::ceil(centre.y + radius_px));
  const int left = static_cast<int>(std::floor(centre.x - radius_px));
  const int right = static_cast<int>(std::ceil(centre.x + radius_px));
  for (int row = top; row <= bottom; ++row) {
    for (int col = left; col <= right; ++col) {
      if (std::hypot(col + 0.5 - centre.x, row + 0.5 - centre.y) <= radius_px) blend(col, row, c);
    }
  }
}

void RasterCanvas::fill_polygon(const std::vector<PixelPoint>& ring, Rgba c) {
  fill_polygon(std::span<const std::vector<PixelPoint>>(&ring, 1), c);
}

void RasterCanvas::fill_polygon(std::span<const std::vector<PixelPoint>> rings, Rgba c) {
  double top = height_, bottom = 0;
  for (const auto& ring : rings) {
    for (const PixelPoint& p : ring) top = std::min(top, p.y), bottom = std::max(bottom, p.y);
  }
  const int row0 = std::max(0, static_cast<int>(std::floor(top)));
  const int row1 = std::min(height_ - 1, static_cast<int>(std::ceil(bottom)));
  std::vector<double> crossings;
  for (int row = row0; row <= row1; ++row) {
    const double y = row + 0.5;
    crossings.clear();
    for (const auto& ring : rings) {
      for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
        const PixelPoint& a = ring[i];
        const PixelPoint& b = ring[(i + 1) % n];
        if ((a.y <= y) != (b.y <= y)) crossings.push_back(a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x));
      }
    }
    std::sort(crossings.begin(), crossings.end());
    for (std::size_t i = 0; i + 1 < crossings.size(); i += 2) {
      // Pixel col is inside when its centre col + 0.5 lies in [left, right).
      const int first = std::max(0, static_cast<int>(std::ceil(crossings[i] - 0.5)));
      const int last = std::min(width_ - 1, static_cast<int>(std::ceil(crossings[i + 1] - 0.5)) - 1);
      for (int col = first; col <= last; ++col) blend(col, row, c);
    }
  }
}

}  // namespace tarang

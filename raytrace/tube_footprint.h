// Ray-tube footprints on the receiver plane: a crossing's power is spread over the cells its tube covers, so the
// flux estimator stays unbiased while far cells no longer depend on whether one ray happened to land in them.
#pragma once

#include <stdint.h>

#include "core/hd.h"
#include "core/hd_math.h"

namespace tarang {

// Half side of the square footprint (same area as the tube's cross-section on the plane: L^2 dOmega / |cos|),
// clamped to max_half_side_m to bound the work per crossing.
TARANG_HD inline float tube_footprint_half_side_m(float path_length_m, float tube_solid_angle_sr, float plane_cosine,
                                                  float max_half_side_m) {
  const float area_m2 = path_length_m * path_length_m * tube_solid_angle_sr / plane_cosine;
  return hd::min(static_cast<float>(0.5) * hd::sqrt(area_m2), max_half_side_m);
}

// Calls fn(cell_index, fraction) for every grid cell the square [x +- h] x [y +- h] overlaps, fraction = overlap
// area / footprint area (fractions of cells outside the grid are dropped). Grid: west/north edges, cell size,
// nx x ny, row 0 at the north edge.
template <typename Fn>
TARANG_HD inline void for_each_footprint_cell(float x, float y, float h, float west_m, float north_m, float cell_m,
                                              int nx, int ny, Fn&& fn) {
  const float inv_area = 1.0f / (4.0f * h * h);
  const int col0 = hd::max(0, static_cast<int>(hd::floor((x - h - west_m) / cell_m)));
  const int col1 = hd::min(nx - 1, static_cast<int>(hd::floor((x + h - west_m) / cell_m)));
  const int row0 = hd::max(0, static_cast<int>(hd::floor((north_m - (y + h)) / cell_m)));
  const int row1 = hd::min(ny - 1, static_cast<int>(hd::floor((north_m - (y - h)) / cell_m)));
  for (int row = row0; row <= row1; ++row) {
    const float top = north_m - static_cast<float>(row) * cell_m, bottom = top - cell_m;
    const float oy = hd::min(top, y + h) - hd::max(bottom, y - h);
    if (oy <= 0.0f) continue;
    for (int col = col0; col <= col1; ++col) {
      const float left = west_m + static_cast<float>(col) * cell_m, right = left + cell_m;
      const float ox = hd::min(right, x + h) - hd::max(left, x - h);
      if (ox <= 0.0f) continue;
      fn(static_cast<uint32_t>(row) * static_cast<uint32_t>(nx) + static_cast<uint32_t>(col), ox * oy * inv_area);
    }
  }
}

constexpr int kMaxNeedleSquares = 64;  // a needle footprint is cut into at most this many squares

// Footprint of a tube whose cross-section on the plane is a needle (a diffracted tube: long across the Keller cone,
// short along the edge): half-axis (ax, ay) of the needle, area 4 h^2 as for the square. The needle is cut into
// squares of about a cell along its axis, each taking an equal share; when |a| <= h the square footprint is used.
template <typename Fn>
TARANG_HD inline void for_each_tube_footprint_cell(float x, float y, float h, float ax, float ay, float west_m,
                                                   float north_m, float cell_m, int nx, int ny, Fn&& fn) {
  float a = hd::sqrt(ax * ax + ay * ay);
  const float longest = 0.5f * static_cast<float>(kMaxNeedleSquares) * cell_m;  // grazing needles: less spread
  if (a > longest) ax *= longest / a, ay *= longest / a, a = longest;
  if (!(a > h)) {
    for_each_footprint_cell(x, y, h, west_m, north_m, cell_m, nx, ny, fn);
    return;
  }
  const int count = hd::clamp(static_cast<int>(hd::floor(2.0f * a / cell_m)) + 1, 1, kMaxNeedleSquares);
  const float half = hd::max(a / static_cast<float>(count), h * h / a);
  const float share = 1.0f / static_cast<float>(count);
  for (int k = 0; k < count; ++k) {
    const float f = (2.0f * (static_cast<float>(k) + 0.5f)) / static_cast<float>(count) - 1.0f;
    for_each_footprint_cell(x + f * ax, y + f * ay, half, west_m, north_m, cell_m, nx, ny,
                            [&](uint32_t cell, float fraction) { fn(cell, fraction * share); });
  }
}

}  // namespace tarang

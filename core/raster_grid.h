// RasterGrid: a north-up grid of square cells in a projected metric CRS (row 0 is the north edge).
#pragma once

#include <array>
#include <cstddef>
#include <string>

namespace tarang {

struct RasterGrid {
  double west_m = 0;   // x of the west edge
  double north_m = 0;  // y of the north edge
  double cell_m = 1;   // cell side length
  int nx = 0;          // columns (west -> east)
  int ny = 0;          // rows (north -> south)
  double height_m = 1.5;  // receiver height above ground
  std::string crs_wkt;    // WKT of the projected CRS

  std::size_t cell_count() const { return static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny); }
  double x_center_m(int col) const { return west_m + (col + 0.5) * cell_m; }
  double y_center_m(int row) const { return north_m - (row + 0.5) * cell_m; }
  // GDAL geotransform: x = gt[0] + col * gt[1] + row * gt[2]; y = gt[3] + col * gt[4] + row * gt[5].
  std::array<double, 6> geotransform() const { return {west_m, cell_m, 0.0, north_m, 0.0, -cell_m}; }
};

}  // namespace tarang

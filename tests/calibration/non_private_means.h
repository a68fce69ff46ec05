// The non-private aggregates the calibration tests compare against: per (sector, cell) the mean over devices of each
// device's mean RSRP, and the device count.
#pragma once

#include <cmath>
#include <cstddef>
#include <map>
#include <tuple>
#include <utility>

#include "calibration/measurements.h"
#include "core/raster_grid.h"

namespace tarang::test {

// (sector, cell of `grid`) -> (sum over devices of the device's mean RSRP in dBm, device count).
inline std::map<std::pair<int, std::size_t>, std::pair<double, int>> non_private_cell_means(const MeasurementSet& set,
                                                                                            const RasterGrid& grid) {
  std::map<std::tuple<int, std::size_t, int>, std::pair<double, int>> device_means;
  for (const Measurement& m : set.rows) {
    const std::size_t cell = static_cast<std::size_t>(std::floor((grid.north_m - m.y_m) / grid.cell_m)) * grid.nx +
                             static_cast<std::size_t>(std::floor((m.x_m - grid.west_m) / grid.cell_m));
    auto& dm = device_means[{m.sector, cell, m.device}];
    dm.first += m.rsrp_dbm, dm.second += 1;
  }
  std::map<std::pair<int, std::size_t>, std::pair<double, int>> cells;
  for (const auto& [key, dm] : device_means) {
    auto& c = cells[{std::get<0>(key), std::get<1>(key)}];
    c.first += dm.first / dm.second, c.second += 1;
  }
  return cells;
}

}  // namespace tarang::test

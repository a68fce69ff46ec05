// Calibration corrections on gain maps: one correction per sector and cell, from the cell's distance to the site.
#include "planner/calibrated_gain.h"

#include <cmath>

#include "propagation/calibration_correction.h"

namespace tarang {

double receiver_distance_m(const SiteSpec& site, const RasterGrid& grid, int row, int col) {
  const double dx = grid.x_center_m(col) - site.x_m, dy = grid.y_center_m(row) - site.y_m;
  const double dz = grid.height_m - site.height_m;
  return std::sqrt(dx * dx + dy * dy + dz * dz);
}

void apply_calibration_to_rows(const Scenario& s, const RasterGrid& grid, std::size_t site_index, int row_begin,
                                int row_end, float* values) {
  const CalibrationSpec& c = s.calibration;
  if (c.offset_db == 0 && c.sectors.empty()) return;  // material scales act in the tracer
  const SiteSpec& site = s.sites.at(site_index);
  const std::size_t band = static_cast<std::size_t>(row_end - row_begin) * static_cast<std::size_t>(grid.nx);
  for (std::size_t k = 0; k < site.sectors.size(); ++k) {
    double offset_db = c.offset_db, slope = 0;
    for (const SectorCalibration& sc : c.sectors) {
      if (sc.sector_id == site.sectors[k].id) offset_db += sc.offset_db, slope = sc.distance_slope_db_per_decade;
    }
    float* map = values + k * band;
    for (int row = row_begin; row < row_end; ++row) {
      for (int col = 0; col < grid.nx; ++col) {
        const double d_m = receiver_distance_m(site, grid, row, col);
        map[static_cast<std::size_t>(row - row_begin) * grid.nx + col] +=
            static_cast<float>(calibration_correction_db(offset_db, slope, d_m, c.reference_distance_m));
      }
    }
  }
}

}  // namespace tarang

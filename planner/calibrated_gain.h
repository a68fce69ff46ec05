// Applies a scenario's `calibration:` corrections (global and per-sector offset, distance slope) to gain maps.
#pragma once

#include <vector>

#include "core/raster_grid.h"
#include "core/scenario.h"

namespace tarang {

// 3D distance in metres from the antenna of `site` to the receiver at the centre of cell (row, col) of `grid`
// (receiver grid.height_m and antenna site.height_m above the same ground).
double receiver_distance_m(const SiteSpec& site, const RasterGrid& grid, int row, int col);

// Adds calibration_correction_db of s.calibration to the maps of site `site_index` (sites resolved to x_m/y_m) over
// grid rows [row_begin, row_end): `values` holds [site sectors][row_end - row_begin][nx] (a work unit's layout).
// NaN and -inf cells stay as they are. Does nothing without offsets.
void apply_calibration_to_rows(const Scenario& s, const RasterGrid& grid, std::size_t site_index, int row_begin,
                               int row_end, float* values);

}  // namespace tarang

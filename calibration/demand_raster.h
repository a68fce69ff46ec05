// The demand raster of a calibration run as a GeoTIFF (users per km^2) for the planner's capacity target.
#pragma once

#include <string>
#include <vector>

#include "core/raster_grid.h"

namespace tarang {

// Writes `users_per_km2` ([ny][nx] of `grid`, row 0 north) as a one-band float32 Cloud Optimized GeoTIFF with the
// grid's geotransform and CRS, unit type "users/km^2", metadata TARANG_LAYER=demand. Atomic. InputError when the
// file cannot be written, RuntimeFailure when GDAL fails.
void write_demand_geotiff(const std::string& path, const RasterGrid& grid, const std::vector<float>& users_per_km2);

}  // namespace tarang

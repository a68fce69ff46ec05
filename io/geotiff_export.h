// One map layer of a coverage result as a Cloud Optimized GeoTIFF (GDAL's COG driver) for QGIS and other GIS tools.
#pragma once

#include <cstdint>
#include <string>

#include "core/coverage_result.h"
#include "io/map_layer.h"

namespace tarang {

// Cells of dB / dBm layers where no signal arrives (-inf in results) are written as this finite value, far below
// any receivable level (thermal noise in one 15 kHz subcarrier is about -132 dBm), so GIS statistics and colour
// stretches stay finite and "no signal" stays distinct from "not computed" (the nodata value, NaN).
inline constexpr float kGeoTiffNoSignalValue = -999.0f;
// Nodata of the int32 best_sector band: no serving sector.
inline constexpr std::int32_t kGeoTiffNoServer = -1;

// Writes `layer` of `r` to `path` as a one-band COG: float32 (int32 for best_sector), DEFLATE with the floating-point
// predictor, 256 x 256 tiles, nearest-neighbour overviews, nodata NaN (float) or -1 (best_sector), the grid's
// geotransform and CRS (/grid crs_wkt), the layer title as band description and its units as unit type, and
// metadata TARANG_LAYER, TARANG_SCENARIO and (float layers) TARANG_NO_SIGNAL_VALUE. Atomic (PATH.tmp + rename).
// Throws InputError(path, ...) when the file cannot be written, RuntimeFailure when GDAL fails or the CRS is not
// one GDAL can read.
void write_geotiff(const std::string& path, const CoverageResult& r, const MapLayer& layer);

}  // namespace tarang

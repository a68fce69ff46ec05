// One map layer of a coverage result as a KMZ for Google Earth: a GroundOverlay of the coloured map reprojected to
// WGS 84, its legend as a ScreenOverlay, and placemarks for sites and sector azimuths.
#pragma once

#include <string>

#include "core/coverage_result.h"
#include "io/map_layer.h"
#include "io/png_map.h"

namespace tarang {

// Writes `path` (a zip) holding, in this order:
//   doc.kml      Document with a GroundOverlay (overlay.png; its LatLonBox is the exact extent of the warped
//                image), a ScreenOverlay (legend.png), folder "Sites" (one Point per site, its sectors with azimuth,
//                tilt and power as ExtendedData) and folder "Sector azimuths" (a line per sector along its azimuth)
//   overlay.png  the layer coloured as in the PNG map (style.range, viridis or the sector palette), cells not
//                computed transparent, warped from the grid's CRS to WGS 84 longitude/latitude by GDAL
//                (nearest neighbour; small grids up to 4x finer than the grid so cell edges stay sharp, grids over
//                4096 cells a side coarser, to about 4096 pixels)
//   legend.png   the colour bar or sector legend
// Atomic (PATH.tmp + rename). Throws InputError(path, ...) when the file cannot be written, RuntimeFailure when
// the grid's CRS cannot be transformed to WGS 84 or GDAL, PNG or zip encoding fails.
void write_kmz(const std::string& path, const CoverageResult& r, const MapLayer& layer, const MapStyle& style = {});

}  // namespace tarang

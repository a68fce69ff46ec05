// A map of one layer as a PNG people read: colour map, colour bar (or sector legend) with units, title, scale bar,
// north arrow, site markers with ids, and a footer with the CRS and grid.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/coverage_result.h"
#include "io/layer_colors.h"
#include "io/map_layer.h"
#include "io/raster_canvas.h"
#include "scene/crs.h"

namespace tarang {

// A polygon in the grid's CRS: outer ring first, then holes (even-odd fill).
using FootprintPolygon = std::vector<std::vector<ProjectedPoint>>;

struct MapStyle {
  std::optional<ValueRange> range;  // continuous layers: the colour scale (default: display_range of the layer)
  std::string title;                // default: "TITLE (UNITS) — SCENARIO"
  int max_map_px = 720;             // longest side of the map area; small grids are scaled up by a whole factor
  // Buildings drawn in grey over the map. Result files do not carry their scene yet (format_version 1), so the
  // exporters pass none; fill this from the scene when results know it.
  std::vector<FootprintPolygon> building_footprints;
};

struct PixelRect {
  int x = 0, y = 0, w = 0, h = 0;
};

// Where render_map puts things, for callers and tests.
struct MapLayout {
  int width = 0, height = 0;
  double px_per_cell = 1;  // map pixels per grid cell (may be < 1 for very large grids)
  PixelRect title;         // band holding the title text
  PixelRect map;           // the map raster (inside a 1-pixel frame drawn just outside it)
  PixelRect colorbar;      // continuous layers: the colour bar (top = range max); categorical: the sector legend
  PixelRect scale_bar;     // the scale bar's black and white bar
  PixelRect north_arrow;   // the box holding the north arrow and "N"
};

MapLayout map_layout(const CoverageResult& r, const MapLayer& layer, const MapStyle& style = {});

// Draws the map. Throws std::invalid_argument when the layer does not match the grid, RuntimeFailure when the font
// is missing. A CRS PROJ cannot read only costs the north arrow its true-north correction (it then points up).
RasterCanvas render_map(const CoverageResult& r, const MapLayer& layer, const MapStyle& style = {});

// Just the colour bar (or sector legend) with the title above it, for KMZ screen overlays.
RasterCanvas render_legend(const CoverageResult& r, const MapLayer& layer, const MapStyle& style = {});

// render_map encoded as PNG and written atomically. Throws InputError(path, ...) when the file cannot be written.
void write_png_map(const std::string& path, const CoverageResult& r, const MapLayer& layer, const MapStyle& style = {});

// Direction of true north at the grid's centre, in degrees clockwise from the grid's up (north) axis: minus the
// meridian convergence. 0 when PROJ cannot read the CRS. The north arrow points this way.
double true_north_deg(const RasterGrid& g);

// The colouring render_map uses for `layer` under `style`.
LayerColoring map_coloring(const MapLayer& layer, const MapStyle& style);

}  // namespace tarang

// Cell colours of a map layer: viridis over a value range for continuous layers, the sector palette for best_sector.
#pragma once

#include <cstddef>

#include "io/colormap.h"
#include "io/map_layer.h"
#include "io/value_scale.h"

namespace tarang {

inline constexpr Rgba kNoSignalColor = {90, 90, 90, 255};        // -inf: computed, but no signal arrives
inline constexpr Rgba kNotComputedColor = {236, 236, 236, 255};  // NaN (inside buildings), or no server
inline constexpr Rgba kTransparent = {0, 0, 0, 0};

// How a layer's cells are coloured.
struct LayerColoring {
  ValueRange range;                       // continuous layers: viridis(range.fraction(v)), clamped at both ends
  Rgba not_computed = kNotComputedColor;  // NaN cells, and best_sector -1

  Rgba color(const MapLayer& layer, std::size_t cell) const;
};

// The colouring of `layer`: viridis over its display_range (continuous layers) or the sector palette.
LayerColoring default_coloring(const MapLayer& layer);

// Which special values a layer holds, for legends.
struct SpecialCells {
  bool not_computed = false;  // NaN (continuous) or -1 (best_sector)
  bool no_signal = false;     // -inf (continuous)
};
SpecialCells special_cells(const MapLayer& layer);

}  // namespace tarang

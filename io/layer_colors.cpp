// Layer cell colouring and special-value detection.
#include "io/layer_colors.h"

#include <cmath>

namespace tarang {

Rgba LayerColoring::color(const MapLayer& layer, std::size_t cell) const {
  if (layer.categorical) {
    const int sector = layer.categories[cell];
    return sector < 0 ? not_computed : categorical_color(sector);
  }
  const float v = layer.values[cell];
  if (std::isnan(v)) return not_computed;
  if (std::isinf(v) && v < 0) return kNoSignalColor;
  return viridis(range.fraction(v));
}

LayerColoring default_coloring(const MapLayer& layer) {
  LayerColoring coloring;
  if (!layer.categorical) coloring.range = display_range(layer.values);
  return coloring;
}

SpecialCells special_cells(const MapLayer& layer) {
  SpecialCells s;
  for (std::int32_t c : layer.categories) s.not_computed = s.not_computed || c < 0;
  for (float v : layer.values) {
    s.not_computed = s.not_computed || std::isnan(v);
    s.no_signal = s.no_signal || (std::isinf(v) && v < 0);
  }
  return s;
}

}  // namespace tarang

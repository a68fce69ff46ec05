// GPU evaluation of empirical gain maps: same TARANG_HD link code and output layout as the CPU version.
#pragma once

#include <vector>

#include "core/raster_grid.h"
#include "core/scenario.h"

namespace tarang {

// [n_sectors][ny][nx] float32 gains on the current CUDA device; throws RuntimeFailure on any CUDA error.
std::vector<float> compute_empirical_gain_maps_gpu(const Scenario& s, const RasterGrid& grid);

}  // namespace tarang

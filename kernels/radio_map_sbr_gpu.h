// The GPU SBR engine: the same per-ray body (trace_sbr_ray) over our BVH in a CUDA kernel, deposits by atomics.
#pragma once

#include <vector>

#include "core/raster_grid.h"
#include "core/scenario.h"
#include "raytrace/radio_map_sbr.h"
#include "scene/scene_mesh.h"

namespace tarang {

// Same contract as trace_sbr_gain_maps, on the current CUDA device. Deposits are float atomics, so sums vary in
// the last bits from run to run (the CPU engine is bit-exact); GPU == CPU within 0.1 dB (median) is the parity
// criterion (tests/kernels). Throws RuntimeFailure on CUDA errors and InputError (raytrace.engine) when the scene
// does not fit in the device's free memory (raytrace/sbr_gpu_memory_plan.h); maps that do not fit next to it are
// traced a few sectors per pass.
std::vector<float> trace_sbr_gain_maps_gpu(const Scenario& s, const SceneMesh& mesh, const RasterGrid& grid,
                                           Progress* progress, SbrRunStats* stats);

}  // namespace tarang

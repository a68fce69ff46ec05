// CPU shooting-and-bouncing-rays radio maps: per-sector gain maps of a scenario over a triangle scene (Embree).
#pragma once

#include <cstdint>
#include <vector>

#include "core/raster_grid.h"
#include "core/scenario.h"
#include "scene/scene_mesh.h"

namespace tarang {

class Progress;

// Rays per work block: the fixed split that makes results independent of the thread count; progress counts blocks.
constexpr std::uint64_t kSbrRaysPerBlock = 4096;

struct SbrRunStats {  // what a trace did, for the run summary
  std::uint64_t rays = 0;      // launched, all sites
  std::uint64_t segments = 0;  // traced (intersection queries)
  std::uint64_t deposits = 0;  // receiver-plane crossings inside the grid, per sector
  std::vector<std::string> warnings;  // e.g. a site inside a building
};

// [n_sectors][ny][nx] gain in dB (TX antenna gain included, isotropic receiver, incoherent sum over rays):
// -inf where no ray arrived, NaN in cells inside buildings. Deterministic: rays are split into fixed blocks
// whose deposits are summed in block order, so the result does not depend on `threads`.
std::vector<float> trace_sbr_gain_maps(const Scenario& s, const SceneMesh& mesh, const RasterGrid& grid,
                                       Progress* progress, SbrRunStats* stats, int threads = 0);

}  // namespace tarang

// CPU shooting-and-bouncing-rays radio maps: per-sector gain maps of a scenario over a triangle scene (Embree).
#pragma once

#include <cstdint>
#include <memory>
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

// [n_sectors][ny][nx] gain in dB (TX antenna gain included, isotropic receiver, incoherent sum over rays but for the
// interference of incident and diffracted fields near shadow boundaries, docs/raytracing.md):
// -inf where no ray arrived, NaN in cells inside buildings. Deterministic: rays are split into fixed blocks
// whose deposits are summed in block order, so the result does not depend on `threads`.
std::vector<float> trace_sbr_gain_maps(const Scenario& s, const SceneMesh& mesh, const RasterGrid& grid,
                                       Progress* progress, SbrRunStats* stats, int threads = 0);

// The CPU engine one site at a time: the scene, materials and the inside-building mask are prepared once, then
// trace_site gives that site's [site sectors][ny][nx] gains, bit-identical to its part of trace_sbr_gain_maps.
class SbrCpuTracer {
 public:
  SbrCpuTracer(const Scenario& s, const SceneMesh& mesh, const RasterGrid& grid, int threads = 0);
  ~SbrCpuTracer();
  SbrCpuTracer(const SbrCpuTracer&) = delete;
  SbrCpuTracer& operator=(const SbrCpuTracer&) = delete;

  // Adds the site's rays, segments, deposits and warnings to *stats (not null).
  std::vector<float> trace_site(std::size_t site_index, Progress* progress, SbrRunStats* stats) const;

 private:
  struct State;
  const Scenario& s_;
  RasterGrid grid_;
  int threads_;
  std::unique_ptr<State> state_;
};

}  // namespace tarang

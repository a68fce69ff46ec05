// run_coverage: the coverage pipeline of one scenario (grid -> per-sector gain maps -> best server -> KPIs).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/coverage_result.h"
#include "core/raster_grid.h"
#include "core/scenario.h"
#include "planner/memory_budget.h"
#include "scene/scene_mesh.h"

namespace tarang {

class Progress;

struct CoverageRunOptions {
  int threads = 0;             // 0 = all cores
  bool show_progress = true;   // progress on stderr for work longer than a second
  int gpu_device = 0;          // CUDA device for the GPU engine (MPI ranks use local rank % devices)
  MemoryLimit memory{};        // refuse runs whose maps would need more (0 bytes = no limit)
};

// What a run did besides its result: engine used, ray statistics, warnings for the user.
struct CoverageRunLog {
  std::string engine;  // "empirical", "cpu (Embree)"
  std::uint64_t rays = 0, segments = 0;
  std::size_t scene_triangles = 0;
  std::vector<std::string> warnings;
};

// The gain maps ([sectors][cells], dB) of every sector of `s` (resolved: CRS, sites and grid against its scene),
// with the ray tracer (CPU or GPU engine as raytrace.engine says) or the empirical model; appends to *log.
std::vector<float> compute_gain_maps(const Scenario& s, const SceneMesh& mesh, const RasterGrid& grid,
                                     const CoverageRunOptions& options, CoverageRunLog* log);

// The gain maps of one site of `s` at a time (same values as compute_gain_maps), with the engine chosen and prepared
// (Embree scene built) once. `s`, `mesh` and `grid` must outlive it. One site at a time: not thread-safe.
class SiteGainMaps {
 public:
  // Throws InputError when raytrace.engine is gpu and no CUDA device is present.
  SiteGainMaps(const Scenario& s, const SceneMesh& mesh, const RasterGrid& grid, const CoverageRunOptions& options);
  ~SiteGainMaps();
  SiteGainMaps(const SiteGainMaps&) = delete;
  SiteGainMaps& operator=(const SiteGainMaps&) = delete;

  // Progress steps compute() advances by per site (ray blocks, or grid rows).
  std::size_t progress_steps() const;
  // The calibrated gains of site `site` ([its sectors][cells], dB).
  std::vector<float> compute(std::size_t site, Progress* progress);
  // Sets log->engine and adds the ray counts and warnings of the sites computed so far.
  void add_to_log(CoverageRunLog* log) const;

 private:
  struct Engine;
  const Scenario& s_;
  const SceneMesh& mesh_;
  const RasterGrid& grid_;
  CoverageRunOptions options_;
  std::unique_ptr<Engine> engine_;
};

// Runs the whole coverage computation of `s`: loads its scene, resolves CRS/sites/bounds against it, computes the
// maps (metadata other than the scenario's is left for the caller). Throws InputError before allocating the maps
// when they would need more than options.memory allows, and Interrupted (core/interrupt.h) after SIGINT/SIGTERM.
CoverageResult run_coverage(const Scenario& s, const CoverageRunOptions& options, CoverageRunLog* log = nullptr);

}  // namespace tarang

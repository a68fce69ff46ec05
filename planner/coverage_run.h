// run_coverage: the coverage pipeline of one scenario (grid -> per-sector gain maps -> best server -> KPIs).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/coverage_result.h"
#include "core/raster_grid.h"
#include "core/scenario.h"
#include "planner/memory_budget.h"

namespace tarang {

struct CoverageRunOptions {
  int threads = 0;             // 0 = all cores
  bool show_progress = true;   // progress on stderr for work longer than a second
};

// What a run did besides its result: engine used, ray statistics, warnings for the user.
struct CoverageRunLog {
  std::string engine;  // "empirical", "cpu (Embree)"
  std::uint64_t rays = 0, segments = 0;
  std::size_t scene_triangles = 0;
  std::vector<std::string> warnings;
};

// Runs the whole coverage computation of `s`: loads its scene, resolves CRS/sites/bounds against it, computes the
// maps (metadata other than the scenario's is left for the caller). Throws InputError before allocating the maps
// when they would need more than `memory` allows, and Interrupted (core/interrupt.h) after SIGINT/SIGTERM.
CoverageResult run_coverage(const Scenario& s, const CoverageRunOptions& options, CoverageRunLog* log = nullptr,
                            const MemoryLimit& memory = {});

}  // namespace tarang

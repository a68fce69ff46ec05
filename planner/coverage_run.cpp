// The coverage pipeline in one process: every work unit of a CoverageJob in order, then the assembled result.
#include "planner/coverage_run.h"

#include <memory>

#include "core/error.h"
#include "core/progress.h"
#include "planner/coverage_job.h"

namespace tarang {

CoverageResult run_coverage(const Scenario& scenario, const CoverageRunOptions& options, CoverageRunLog* log) {
  if (scenario.sites.empty()) {
    throw InputError(scenario.source_path, 0, "sites", "no sites to compute (a plan scenario: run `tarang plan` on it)");
  }
  CoverageJob job(scenario, options);
  const RasterGrid& grid = job.grid();
  std::vector<float> gain(job.sectors().size() * grid.cell_count());
  std::unique_ptr<Progress> progress;
  if (options.show_progress) {
    std::size_t steps = 0;
    for (const WorkUnit& u : job.units()) steps += job.progress_steps(u);
    const bool raytrace = job.scenario().propagation.model == PathLossModel::Raytrace;
    progress = std::make_unique<Progress>(raytrace ? "ray tracing" : "gain maps", steps);
  }
  for (std::size_t i = 0; i < job.units().size(); ++i) {
    const std::vector<float> values = job.compute_unit(i, progress.get());
    place_unit_values(job.units()[i], values.data(), grid.nx, grid.ny, gain.data());
  }
  if (progress) progress->finish();
  CoverageResult r = job.assemble(std::move(gain));
  if (log != nullptr) *log = job.log();
  return r;
}

}  // namespace tarang

// The calibration pipeline: ingest, privatise first, then compare with the model's gain maps and fit.
#include "calibration/calibration_run.h"

#include <cmath>
#include <stdexcept>

#include "core/error.h"
#include "planner/best_server_maps.h"
#include "planner/calibrated_gain.h"
#include "planner/coverage_run.h"
#include "planner/scenario_scene.h"
#include "propagation/link_budget.h"

namespace tarang {
namespace {

// Model RSRP (dBm per RE) of every sector on the aggregation grid: the mean of the finite fine-cell values inside
// each coarse cell ([sector][coarse cells], NaN where none is finite).
std::vector<double> coarse_predictions(const Scenario& s, const CoverageResult& r, const RasterGrid& coarse,
                                       int factor) {
  const LinkBudget budget = link_budget_of(s);
  const std::size_t fine_cells = r.grid.cell_count(), coarse_cells = coarse.cell_count();
  const std::size_t sectors = r.sectors.size();
  std::vector<double> sum(sectors * coarse_cells, 0.0), n(sectors * coarse_cells, 0.0);
  for (std::size_t k = 0; k < sectors; ++k) {
    for (int row = 0; row < r.grid.ny; ++row) {
      for (int col = 0; col < r.grid.nx; ++col) {
        const double gain = r.maps.gain_db[k * fine_cells + static_cast<std::size_t>(row) * r.grid.nx + col];
        if (!std::isfinite(gain)) continue;
        const std::size_t c = k * coarse_cells + static_cast<std::size_t>(row / factor) * coarse.nx + col / factor;
        sum[c] += rsrp_per_re_dbm(budget.power_dbm[k], budget.n_rb, gain);
        n[c] += 1;
      }
    }
  }
  for (std::size_t i = 0; i < sum.size(); ++i) sum[i] = n[i] > 0 ? sum[i] / n[i] : std::nan("");
  return sum;
}

std::vector<const SiteSpec*> site_of_sector(const Scenario& s) {
  std::vector<const SiteSpec*> out;
  for (const SiteSpec& site : s.sites) {
    for (std::size_t k = 0; k < site.sectors.size(); ++k) out.push_back(&site);
  }
  return out;
}

}  // namespace

CalibrationRun run_calibration(const Scenario& scenario, const CalibrationOptions& options) {
  CalibrationRun run;
  SceneMesh mesh;
  SceneBuildStats scene_stats;
  run.scenario = resolve_scenario_scene(scenario, &mesh, &scene_stats);
  const Scenario& s = run.scenario;
  const RasterGrid grid = raster_grid_of(s.grid, s.scene.crs);
  run.aggregation_grid = coarsened_grid(grid, options.cell_factor);
  run.kind = s.propagation.model == PathLossModel::Raytrace ? FitKind::GlobalOffset : FitKind::SectorOffsetSlope;

  // Privacy first: the rows go into the aggregation and nowhere else.
  MeasurementSet set = read_measurements(options.measurements_path, s, grid, options.measurements_crs);
  run.ingest = set.stats;
  run.aggregates = privatize_measurements(set.rows, run.aggregation_grid, static_cast<int>(s.sector_count()),
                                          options.privacy);
  set.rows.clear();
  set.rows.shrink_to_fit();

  CoverageRunLog log;
  const CoverageResult model = run_coverage(s, CoverageRunOptions{options.threads, options.show_progress}, &log);
  run.warnings = log.warnings;
  const std::vector<double> predicted = coarse_predictions(s, model, run.aggregation_grid, options.cell_factor);
  const std::vector<const SiteSpec*> sites = site_of_sector(s);
  const std::size_t coarse_cells = run.aggregation_grid.cell_count();
  for (std::size_t i = 0; i < run.aggregates.cells.size(); ++i) {
    const AggregateCell& a = run.aggregates.cells[i];
    const double p = predicted[static_cast<std::size_t>(a.sector) * coarse_cells + a.cell];
    if (!std::isfinite(p)) continue;
    const int row = static_cast<int>(a.cell / run.aggregation_grid.nx), col = static_cast<int>(a.cell % run.aggregation_grid.nx);
    const double d_m = receiver_distance_m(*sites[static_cast<std::size_t>(a.sector)], run.aggregation_grid, row, col);
    run.samples.push_back(FitSample{a.sector, a.mean_rsrp_dbm, p, d_m});
    run.sample_cells.push_back(i);
  }
  std::vector<std::string> ids;
  for (const SiteSpec& site : s.sites) {
    for (const SectorSpec& sector : site.sectors) ids.push_back(sector.id);
  }
  run.fit = fit_calibration(run.samples, ids, run.kind, s.calibration.reference_distance_m);
  run.calibration = combined_calibration(s.calibration, run.fit, run.kind);
  if (run.samples.empty()) {
    run.warnings.push_back("no aggregate survived the k threshold and noise: the calibration is unchanged "
                           "(more data, a larger --cell-factor, a larger epsilon or a smaller k would help)");
  }

  const double cell_km2 = run.aggregation_grid.cell_m * run.aggregation_grid.cell_m / 1e6;
  run.demand_users_per_km2.resize(coarse_cells);
  for (std::size_t c = 0; c < coarse_cells; ++c) {
    run.demand_users_per_km2[c] =
        static_cast<float>(run.aggregates.demand_devices[c] * options.users_per_device / cell_km2);
  }
  return run;
}

}  // namespace tarang

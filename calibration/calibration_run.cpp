// The calibration pipeline: ingest, privatise first, then compare with the model's gain maps and fit.
#include "calibration/calibration_run.h"

#include <algorithm>
#include <cmath>

#include "planner/best_server_maps.h"
#include "planner/calibrated_gain.h"
#include "planner/coverage_run.h"
#include "planner/scenario_scene.h"
#include "propagation/link_budget.h"
#include "raytrace/surface_materials.h"

namespace tarang {

GridPredictions grid_predictions(const Scenario& s, const CoverageResult& r, const RasterGrid& coarse, int factor) {
  const LinkBudget budget = link_budget_of(s);
  const std::size_t fine_cells = r.grid.cell_count(), coarse_cells = coarse.cell_count();
  const std::size_t sectors = r.sectors.size();
  // Sums over served fine cells ([0]) and over all finite fine cells ([1]).
  std::vector<double> sum[2], n[2];
  for (int i = 0; i < 2; ++i) sum[i].assign(sectors * coarse_cells, 0.0), n[i].assign(sectors * coarse_cells, 0.0);
  for (std::size_t k = 0; k < sectors; ++k) {
    for (int row = 0; row < r.grid.ny; ++row) {
      for (int col = 0; col < r.grid.nx; ++col) {
        const std::size_t fine = static_cast<std::size_t>(row) * r.grid.nx + col;
        const double gain = r.maps.gain_db[k * fine_cells + fine];
        if (!std::isfinite(gain)) continue;
        const std::size_t c = k * coarse_cells + static_cast<std::size_t>(row / factor) * coarse.nx + col / factor;
        const double rsrp = rsrp_per_re_dbm(budget.power_dbm[k], budget.n_rb, gain);
        sum[1][c] += rsrp, n[1][c] += 1;
        if (r.maps.best_sector[fine] == static_cast<std::int32_t>(k)) sum[0][c] += rsrp, n[0][c] += 1;
      }
    }
  }
  GridPredictions p;
  p.grid = coarse;
  p.rsrp_dbm.resize(sectors * coarse_cells);
  p.distance_m.resize(sectors * coarse_cells);
  std::size_t k = 0;
  for (const SiteSpec& site : s.sites) {
    for (std::size_t j = 0; j < site.sectors.size(); ++j, ++k) {
      for (std::size_t c = 0; c < coarse_cells; ++c) {
        const std::size_t i = k * coarse_cells + c;
        p.rsrp_dbm[i] = n[0][i] > 0 ? sum[0][i] / n[0][i] : n[1][i] > 0 ? sum[1][i] / n[1][i] : std::nan("");
        p.distance_m[i] = receiver_distance_m(site, coarse, static_cast<int>(c / coarse.nx), static_cast<int>(c % coarse.nx));
      }
    }
  }
  return p;
}

std::vector<FitSample> fit_samples(const PrivateAggregates& aggregates, const GridPredictions& predictions,
                                   std::vector<std::size_t>* sample_cells) {
  std::vector<FitSample> out;
  const std::size_t cells = predictions.grid.cell_count();
  for (std::size_t i = 0; i < aggregates.cells.size(); ++i) {
    const AggregateCell& a = aggregates.cells[i];
    const std::size_t index = static_cast<std::size_t>(a.sector) * cells + a.cell;
    if (!std::isfinite(predictions.rsrp_dbm[index])) continue;
    out.push_back(FitSample{a.sector, a.mean_rsrp_dbm, predictions.rsrp_dbm[index], predictions.distance_m[index],
                            a.devices});
    if (sample_cells != nullptr) sample_cells->push_back(i);
  }
  return out;
}

std::vector<std::string> scene_material_keys(const Scenario& s, const SceneMesh& mesh) {
  std::vector<bool> used(mesh.materials.size(), false);
  for (std::uint16_t m : mesh.triangle_material) used[m] = true;
  std::vector<std::string> names;
  for (std::size_t m = 0; m < mesh.materials.size(); ++m) {
    if (used[m]) names.push_back(mesh.materials[m].name);
  }
  if (s.scene.ground == GroundKind::Flat) names.push_back(s.scene.ground_material);
  std::vector<std::string> keys;
  for (const std::string& name : names) {
    const std::string key = material_calibration_key(name, s.custom_materials);
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  }
  return keys;
}

MaterialPredictor retrace_predictor(const Scenario& s, const RasterGrid& coarse, int factor,
                                    const PrivateAggregates& aggregates, const std::vector<std::size_t>& sample_cells,
                                    int threads) {
  return [&s, coarse, factor, &aggregates, &sample_cells, threads](const std::vector<MaterialCalibration>& change) {
    Scenario scaled = s;
    scaled.calibration.materials = scaled_materials(s.calibration.materials, change);
    const CoverageResult model = run_coverage(scaled, CoverageRunOptions{threads, false});
    const GridPredictions p = grid_predictions(scaled, model, coarse, factor);
    std::vector<double> out;
    for (std::size_t i : sample_cells) {
      const AggregateCell& a = aggregates.cells[i];
      out.push_back(p.rsrp_dbm[static_cast<std::size_t>(a.sector) * coarse.cell_count() + a.cell]);
    }
    return out;
  };
}

namespace {

// The MaterialScales fit of `run` (samples ready): the material fit, then the error statistics before (the
// scenario as given) and after (re-traced with the fitted materials, plus the fitted offset).
void fit_materials(CalibrationRun& run, const SceneMesh& mesh, const std::vector<std::string>& ids,
                   const CalibrationOptions& options) {
  const Scenario& s = run.scenario;
  run.material_fit = fit_material_scales(run.samples, scene_material_keys(s, mesh),
                                         retrace_predictor(s, run.aggregation_grid, options.cell_factor,
                                                           run.aggregates, run.sample_cells, options.threads));
  const double reference_m = s.calibration.reference_distance_m;
  const CalibrationFit before = fit_calibration(run.samples, ids, FitKind::GlobalOffset, reference_m);
  std::vector<FitSample> retraced = run.samples;
  for (std::size_t i = 0; i < retraced.size(); ++i) retraced[i].predicted_dbm = run.material_fit.predicted_dbm[i];
  run.fit = fit_calibration(retraced, ids, FitKind::GlobalOffset, reference_m);
  run.fit.before = before.before;
  for (std::size_t k = 0; k < ids.size(); ++k) run.fit.sectors[k].before = before.sectors[k].before;
  run.calibration = s.calibration;
  run.calibration.offset_db += run.fit.offset_db;
  std::vector<MaterialCalibration> change;
  for (const MaterialScaleFit& m : run.material_fit.materials) {
    if (m.permittivity_fitted || m.conductivity_fitted) {
      change.push_back({m.material, m.permittivity_scale, m.conductivity_scale});
    }
  }
  run.calibration.materials = scaled_materials(s.calibration.materials, change);
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
  run.kind = s.propagation.model == PathLossModel::Raytrace ? FitKind::MaterialScales : FitKind::SectorOffsetSlope;

  // Privacy first: the rows go into the aggregation and nowhere else.
  {
    const MeasurementSet set = read_measurements(options.measurements_path, s, grid, options.measurements_crs);
    run.ingest = set.stats;
    run.aggregates = privatize_measurements(set.rows, run.aggregation_grid, static_cast<int>(s.sector_count()),
                                            options.privacy);
  }

  CoverageRunLog log;
  const CoverageResult model = run_coverage(s, CoverageRunOptions{options.threads, options.show_progress}, &log);
  run.warnings = log.warnings;
  const GridPredictions predictions = grid_predictions(s, model, run.aggregation_grid, options.cell_factor);
  run.samples = fit_samples(run.aggregates, predictions, &run.sample_cells);
  std::vector<std::string> ids;
  for (const SiteSpec& site : s.sites) {
    for (const SectorSpec& sector : site.sectors) ids.push_back(sector.id);
  }
  if (run.kind == FitKind::MaterialScales) {
    fit_materials(run, mesh, ids, options);
  } else {
    run.fit = fit_calibration(run.samples, ids, run.kind, s.calibration.reference_distance_m);
    run.calibration = combined_calibration(s.calibration, run.fit, run.kind);
  }
  if (run.samples.empty()) {
    run.warnings.push_back("no aggregate survived the k threshold and noise: the calibration is unchanged "
                           "(more data, a larger --cell-factor, a larger epsilon or a smaller k would help)");
  }

  const double cell_km2 = run.aggregation_grid.cell_m * run.aggregation_grid.cell_m / 1e6;
  const std::size_t coarse_cells = run.aggregation_grid.cell_count();
  run.demand_users_per_km2.resize(coarse_cells);
  for (std::size_t c = 0; c < coarse_cells; ++c) {
    run.demand_users_per_km2[c] =
        static_cast<float>(run.aggregates.demand_devices[c] * options.users_per_device / cell_km2);
  }
  return run;
}

}  // namespace tarang

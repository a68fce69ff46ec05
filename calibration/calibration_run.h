// run_calibration: measurements -> privatised aggregates -> model predictions -> fitted calibration and demand.
#pragma once

#include <string>
#include <vector>

#include "calibration/calibration_fit.h"
#include "calibration/material_fit.h"
#include "calibration/measurements.h"
#include "calibration/private_aggregates.h"
#include "core/coverage_result.h"
#include "core/raster_grid.h"
#include "core/scenario.h"
#include "scene/scene_mesh.h"

namespace tarang {

struct CalibrationOptions {
  std::string measurements_path;
  std::string measurements_crs;  // CRS of x/y columns; "" = the scenario's
  PrivacyOptions privacy;
  int cell_factor = 1;           // aggregation cell = factor x the scenario's grid cell
  double users_per_device = 1;   // demand scaling (e.g. 1 / market share of the measuring devices)
  int threads = 0;
  bool show_progress = true;
};

struct CalibrationRun {
  Scenario scenario;          // resolved (scene CRS, sites in x_m/y_m, grid bounds)
  RasterGrid aggregation_grid;
  IngestStats ingest;         // for the data holder's terminal only: not differentially private
  PrivateAggregates aggregates;
  std::vector<FitSample> samples;         // released aggregates with a finite model prediction
  std::vector<std::size_t> sample_cells;  // index of each sample in aggregates.cells
  FitKind kind = FitKind::SectorOffsetSlope;
  CalibrationFit fit;
  MaterialFit material_fit;               // MaterialScales only
  CalibrationSpec calibration;            // the scenario's calibration with the fit added
  std::vector<float> demand_users_per_km2;  // [ny][nx] of aggregation_grid
  std::vector<std::string> warnings;
};

// The model side of the comparison, on the aggregation grid.
struct GridPredictions {
  RasterGrid grid;                // the aggregation grid
  std::vector<double> rsrp_dbm;   // [sector][cells]: model RSRP per RE, NaN where the model has none
  std::vector<double> distance_m; // [sector][cells]: site antenna to cell centre, 3D
};

// Model RSRP (with the scenario's existing calibration) of every sector on `coarse` (factor x the model grid):
// the mean over the fine cells the sector serves (best server) inside each coarse cell, as a measurement reports
// its serving cell; over all the coarse cell's finite fine cells where the sector serves none of them.
GridPredictions grid_predictions(const Scenario& resolved, const CoverageResult& model, const RasterGrid& coarse,
                                 int factor);

// The released aggregates that have a finite prediction, as fit samples; `sample_cells` (if given) receives the
// index into aggregates.cells of each.
std::vector<FitSample> fit_samples(const PrivateAggregates& aggregates, const GridPredictions& predictions,
                                   std::vector<std::size_t>* sample_cells = nullptr);

// The material keys (material_calibration_key) the ray tracer meets in scene `mesh` of resolved scenario `s`: the
// materials of its triangles, then a flat ground's; each once.
std::vector<std::string> scene_material_keys(const Scenario& s, const SceneMesh& mesh);

// The predictor of the material fit: re-runs the coverage trace of `s` (resolved) with its calibration.materials
// scaled by the change, and returns grid_predictions on `coarse` at the aggregates `sample_cells` index.
MaterialPredictor retrace_predictor(const Scenario& s, const RasterGrid& coarse, int factor,
                                    const PrivateAggregates& aggregates, const std::vector<std::size_t>& sample_cells,
                                    int threads);

// The whole calibration of scenario `s` against options.measurements_path. The scenario's existing calibration is
// part of the model being calibrated (the result adds to it). Throws InputError for bad files and options.
CalibrationRun run_calibration(const Scenario& s, const CalibrationOptions& options);

}  // namespace tarang

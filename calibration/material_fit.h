// Ray tracer calibration: per-material permittivity/conductivity scale factors and a global offset, fitted by
// Levenberg-Marquardt over re-traced model predictions (docs/calibration.md, "Ray tracer materials").
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "calibration/calibration_fit.h"
#include "core/scenario.h"

namespace tarang {

// One fitted material: scale changes (multiplying the scenario's existing ones) and whether the data could tell them.
struct MaterialScaleFit {
  std::string material;  // material_calibration_key of the scene material
  double permittivity_scale = 1, conductivity_scale = 1;
  bool permittivity_fitted = false, conductivity_fitted = false;  // false: not identifiable, held at 1
  // Weighted RMS change of the predictions (dB) per doubling of the factor, seen in its start scan.
  double permittivity_sensitivity_db = 0, conductivity_sensitivity_db = 0;
  // The part of that change not explained by the offset and the factors kept before it (joint test; 0 when the
  // factor failed the scan test already).
  double permittivity_independent_db = 0, conductivity_independent_db = 0;
};

struct MaterialFit {
  std::vector<MaterialScaleFit> materials;
  double offset_db = 0;                 // fitted global offset change at the solution
  std::vector<double> predicted_dbm;    // per sample: re-traced model RSRP at the solution (offset not included)
  int iterations = 0, traces = 0;
  bool converged = false;               // stopped on a small step rather than the iteration limit
};

struct MaterialFitOptions {
  double min_scale = 0.25, max_scale = 4;  // bounds of every factor
  int scan_points = 13;                    // start: coordinate scan over this many log-spaced values (< 2: none)
  double log_step = 0.05;                  // finite-difference step in ln(scale)
  double min_sensitivity_db = 0.1;         // below this (dB RMS per doubling) a factor is not identifiable
  int max_iterations = 15;
  double stop_log_step = 1e-3;             // stop when no ln(scale) moves more than this in an iteration
};

// Model RSRP per sample (dBm, in sample order) with the given material scale changes; NaN where the model has none.
using MaterialPredictor = std::function<std::vector<double>(const std::vector<MaterialCalibration>& change)>;

// Weighted nonlinear least squares of measured - (predict(scales) + offset) over ln(scale) of each material's
// permittivity and conductivity, and the offset. `materials` are the material keys occurring in the scene;
// samples' predicted_dbm must be predict() without change. Start: a coordinate scan of each factor over
// options.scan_points log-spaced values in the bounds, which also measures its sensitivity (largest weighted RMS
// prediction change per doubling); factors below options.min_sensitivity_db are held at 1, and so are those whose
// change the offset and the other factors explain (pivoted QR of the Jacobian, MaterialScaleFit). Then
// Levenberg-Marquardt with forward-difference Jacobians in ln(scale) (one prediction per free factor and iteration), steps clamped to
// the bounds, the offset solved exactly for each trial. Deterministic for a deterministic predictor. A sample whose
// prediction turns NaN during the fit keeps its starting value.
MaterialFit fit_material_scales(const std::vector<FitSample>& samples, const std::vector<std::string>& materials,
                                const MaterialPredictor& predict, const MaterialFitOptions& options = {});

// `existing` with `change` applied: factors multiply material by material (new materials are appended).
std::vector<MaterialCalibration> scaled_materials(const std::vector<MaterialCalibration>& existing,
                                                  const std::vector<MaterialCalibration>& change);

}  // namespace tarang

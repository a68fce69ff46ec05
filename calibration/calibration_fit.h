// Least-squares fit of calibration parameters to privatised aggregates, with before/after error statistics.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/scenario.h"

namespace tarang {

// One released aggregate paired with the model's prediction there.
struct FitSample {
  int sector = 0;
  double measured_dbm = 0;   // privatised mean RSRP
  double predicted_dbm = 0;  // model RSRP (with the scenario's existing calibration)
  double distance_m = 0;     // site antenna to cell centre, 3D
  double weight = 1;         // least-squares weight: the aggregate's noisy device count
};

enum class FitKind {
  SectorOffsetSlope,  // empirical models: per-sector offset and distance slope
  GlobalOffset,       // one offset for all sectors
  MaterialScales,     // ray tracer: per-material permittivity/conductivity scales and a global offset (material_fit.h)
};

// Error = model - measured over samples (dB), weighted like the fit (by device count).
struct ErrorStats {
  std::size_t samples = 0;
  double mean_db = 0, std_db = 0, rmse_db = 0;
};

struct SectorFit {
  std::string sector_id;
  double offset_db = 0, slope_db_per_decade = 0;  // fitted change (added to the existing calibration)
  bool slope_fitted = false;  // false: too few samples or too small a distance spread, offset only
  ErrorStats before, after;
};

struct CalibrationFit {
  double offset_db = 0;  // fitted global change (GlobalOffset, MaterialScales)
  std::vector<SectorFit> sectors;  // scenario order
  ErrorStats before, after;        // all samples
};

// Minimum samples and spread of log10(d / reference) (standard deviation, decades) for a sector's slope fit.
inline constexpr std::size_t kMinSlopeSamples = 4;
inline constexpr double kMinLogDistanceSpread = 0.05;

// Fits `kind` by weighted linear least squares (Eigen, QR) to measured - predicted:
// offset - slope * log10(distance / reference_distance_m). Sectors without samples get zero change.
CalibrationFit fit_calibration(const std::vector<FitSample>& samples, const std::vector<std::string>& sector_ids,
                               FitKind kind, double reference_distance_m);

// `existing` with the fitted changes of `fit` added (offsets and slopes add; the reference distance is kept).
CalibrationSpec combined_calibration(const CalibrationSpec& existing, const CalibrationFit& fit, FitKind kind);

// Weighted error statistics of `errors_db` (weights > 0, same length).
ErrorStats error_stats(const std::vector<double>& errors_db, const std::vector<double>& weights);

}  // namespace tarang

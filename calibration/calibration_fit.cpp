// Calibration fit: per-sector 2-parameter (or global 1-parameter) linear least squares with Eigen.
#include "calibration/calibration_fit.h"

#include <Eigen/Dense>

#include <cmath>

#include "propagation/calibration_correction.h"

namespace tarang {
namespace {

double log_distance(double distance_m, double reference_m) { return std::log10(std::max(distance_m, 1.0) / reference_m); }

// Least squares of the residuals r over the columns of A; QR with column pivoting (rank-revealing).
Eigen::VectorXd solve(const Eigen::MatrixXd& a, const Eigen::VectorXd& r) { return a.colPivHouseholderQr().solve(r); }

}  // namespace

ErrorStats error_stats(const std::vector<double>& errors_db, const std::vector<double>& weights) {
  ErrorStats s;
  s.samples = errors_db.size();
  double sum_w = 0, sum = 0, sum_sq = 0;
  for (std::size_t i = 0; i < errors_db.size(); ++i) {
    sum_w += weights[i], sum += weights[i] * errors_db[i], sum_sq += weights[i] * errors_db[i] * errors_db[i];
  }
  if (!(sum_w > 0)) return s;
  s.mean_db = sum / sum_w;
  s.rmse_db = std::sqrt(sum_sq / sum_w);
  s.std_db = std::sqrt(std::max(0.0, sum_sq / sum_w - s.mean_db * s.mean_db));
  return s;
}

CalibrationFit fit_calibration(const std::vector<FitSample>& samples, const std::vector<std::string>& sector_ids,
                               FitKind kind, double reference_distance_m) {
  CalibrationFit fit;
  std::vector<std::vector<const FitSample*>> by_sector(sector_ids.size());
  for (const FitSample& s : samples) by_sector[static_cast<std::size_t>(s.sector)].push_back(&s);
  if (kind == FitKind::GlobalOffset && !samples.empty()) {
    const Eigen::Index n = static_cast<Eigen::Index>(samples.size());
    Eigen::MatrixXd a(n, 1);
    Eigen::VectorXd r(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      const FitSample& s = samples[static_cast<std::size_t>(i)];
      a(i, 0) = std::sqrt(s.weight);
      r[i] = std::sqrt(s.weight) * (s.measured_dbm - s.predicted_dbm);
    }
    fit.offset_db = solve(a, r)[0];
  }
  std::vector<double> all_before, all_after, all_weights;
  for (std::size_t k = 0; k < sector_ids.size(); ++k) {
    SectorFit sf;
    sf.sector_id = sector_ids[k];
    const auto& list = by_sector[k];
    const Eigen::Index n = static_cast<Eigen::Index>(list.size());
    if (kind == FitKind::SectorOffsetSlope && n > 0) {
      Eigen::VectorXd r(n), x(n), w(n);
      for (Eigen::Index i = 0; i < n; ++i) {
        const FitSample& s = *list[static_cast<std::size_t>(i)];
        w[i] = std::sqrt(s.weight);
        r[i] = w[i] * (s.measured_dbm - s.predicted_dbm);
        x[i] = log_distance(s.distance_m, reference_distance_m);
      }
      const double spread = std::sqrt(std::max(0.0, (x.array() - x.mean()).square().mean()));
      sf.slope_fitted = list.size() >= kMinSlopeSamples && spread >= kMinLogDistanceSpread;
      Eigen::MatrixXd a(n, sf.slope_fitted ? 2 : 1);
      a.col(0) = w;
      if (sf.slope_fitted) a.col(1) = -(x.array() * w.array()).matrix();
      const Eigen::VectorXd p = solve(a, r);
      sf.offset_db = p[0];
      sf.slope_db_per_decade = sf.slope_fitted ? p[1] : 0.0;
    }
    std::vector<double> before, after, weights;
    for (const FitSample* s : list) {
      weights.push_back(s->weight);
      const double change = kind == FitKind::GlobalOffset
                                ? fit.offset_db
                                : calibration_correction_db(sf.offset_db, sf.slope_db_per_decade, s->distance_m, reference_distance_m);
      before.push_back(s->predicted_dbm - s->measured_dbm);
      after.push_back(s->predicted_dbm + change - s->measured_dbm);
    }
    sf.before = error_stats(before, weights), sf.after = error_stats(after, weights);
    all_before.insert(all_before.end(), before.begin(), before.end());
    all_after.insert(all_after.end(), after.begin(), after.end());
    all_weights.insert(all_weights.end(), weights.begin(), weights.end());
    fit.sectors.push_back(sf);
  }
  fit.before = error_stats(all_before, all_weights), fit.after = error_stats(all_after, all_weights);
  return fit;
}

CalibrationSpec combined_calibration(const CalibrationSpec& existing, const CalibrationFit& fit, FitKind kind) {
  CalibrationSpec c = existing;
  if (kind == FitKind::GlobalOffset) {
    c.offset_db += fit.offset_db;
    return c;
  }
  for (const SectorFit& sf : fit.sectors) {
    if (sf.before.samples == 0) continue;
    SectorCalibration* entry = nullptr;
    for (SectorCalibration& sc : c.sectors) {
      if (sc.sector_id == sf.sector_id) entry = &sc;
    }
    if (entry == nullptr) entry = &c.sectors.emplace_back(SectorCalibration{sf.sector_id, 0, 0});
    entry->offset_db += sf.offset_db;
    entry->distance_slope_db_per_decade += sf.slope_db_per_decade;
  }
  return c;
}

}  // namespace tarang

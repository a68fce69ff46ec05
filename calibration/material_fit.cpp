// Levenberg-Marquardt (Eigen) over ln(material scale factors) with re-traced finite-difference Jacobians.
#include "calibration/material_fit.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>

namespace tarang {
namespace {

// One free parameter: material index and which factor.
struct Factor {
  std::size_t material;
  bool conductivity;
};

class Problem {
 public:
  Problem(const std::vector<FitSample>& samples, const std::vector<std::string>& materials,
          const MaterialPredictor& predict)
      : samples_(samples), materials_(materials), predict_(predict) {
    for (const FitSample& s : samples) start_.push_back(s.predicted_dbm), sum_w_ += s.weight;
  }

  // Predictions with ln(scale) `log_scales` of `factors` (the others at 1); NaN replaced by the start value.
  std::vector<double> predict(const std::vector<Factor>& factors, const Eigen::VectorXd& log_scales) {
    std::vector<MaterialCalibration> change;
    for (const std::string& m : materials_) change.push_back({m, 1, 1});
    for (std::size_t j = 0; j < factors.size(); ++j) {
      double& scale = factors[j].conductivity ? change[factors[j].material].conductivity_scale
                                              : change[factors[j].material].permittivity_scale;
      scale = std::exp(log_scales[static_cast<Eigen::Index>(j)]);
    }
    std::vector<double> p = predict_(change);
    ++traces;
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (!std::isfinite(p[i])) p[i] = start_[i];
    }
    return p;
  }

  // The weighted least-squares offset for predictions p, and the cost sum w (p + offset - measured)^2.
  std::pair<double, double> offset_and_cost(const std::vector<double>& p) const {
    double sum = 0, cost = 0;
    for (std::size_t i = 0; i < p.size(); ++i) sum += samples_[i].weight * (samples_[i].measured_dbm - p[i]);
    const double offset = sum_w_ > 0 ? sum / sum_w_ : 0.0;
    for (std::size_t i = 0; i < p.size(); ++i) {
      const double e = p[i] + offset - samples_[i].measured_dbm;
      cost += samples_[i].weight * e * e;
    }
    return {offset, cost};
  }

  // Weighted RMS of a - b.
  double rms_difference(const std::vector<double>& a, const std::vector<double>& b) const {
    double sq = 0;
    for (std::size_t i = 0; i < a.size(); ++i) sq += samples_[i].weight * (a[i] - b[i]) * (a[i] - b[i]);
    return sum_w_ > 0 ? std::sqrt(sq / sum_w_) : 0.0;
  }

  const std::vector<double>& start() const { return start_; }
  double sqrt_weight(std::size_t i) const { return std::sqrt(samples_[i].weight); }
  double measured(std::size_t i) const { return samples_[i].measured_dbm; }
  int traces = 0;

 private:
  const std::vector<FitSample>& samples_;
  const std::vector<std::string>& materials_;
  const MaterialPredictor& predict_;
  std::vector<double> start_;
  double sum_w_ = 0;
};

}  // namespace

std::vector<MaterialCalibration> scaled_materials(const std::vector<MaterialCalibration>& existing,
                                                  const std::vector<MaterialCalibration>& change) {
  std::vector<MaterialCalibration> out = existing;
  for (const MaterialCalibration& c : change) {
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const MaterialCalibration& e) { return e.material == c.material; });
    if (it == out.end()) {
      out.push_back(c);
    } else {
      it->permittivity_scale *= c.permittivity_scale, it->conductivity_scale *= c.conductivity_scale;
    }
  }
  return out;
}

MaterialFit fit_material_scales(const std::vector<FitSample>& samples, const std::vector<std::string>& materials,
                                const MaterialPredictor& predict, const MaterialFitOptions& o) {
  MaterialFit fit;
  for (const std::string& m : materials) fit.materials.push_back({m});
  Problem problem(samples, materials, predict);
  std::vector<double> current = problem.start();
  fit.predicted_dbm = current;
  if (samples.empty()) return fit;
  auto [offset, cost] = problem.offset_and_cost(current);
  fit.offset_db = offset;
  const std::size_t n = samples.size();
  const double lo = std::log(o.min_scale), hi = std::log(o.max_scale);

  // Start: a coordinate scan of every factor over a log grid of the bounds (the cost is multi-modal in a wall's
  // permittivity: the slab's internal reflections make fringes), each factor set to its best grid value before the
  // next is scanned. The largest prediction change per doubling seen in its scan is the factor's sensitivity;
  // factors below the threshold are not identifiable and stay at 1.
  std::vector<Factor> all;
  for (std::size_t m = 0; m < materials.size(); ++m) all.push_back({m, false}), all.push_back({m, true});
  Eigen::VectorXd start = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(all.size()));
  std::vector<Factor> free;
  std::vector<double> free_start;
  const int points = std::max(o.scan_points, 2);
  for (std::size_t f = 0; f < all.size(); ++f) {
    const Eigen::Index fi = static_cast<Eigen::Index>(f);
    double sensitivity_db = 0, best_cost = cost, best_log = 0;
    std::vector<double> best = current;
    for (int q = 0; q < points; ++q) {
      const double log_scale = o.scan_points >= 2 ? lo + (hi - lo) * q / (points - 1) : (q == 0 ? o.log_step : 0.0);
      if (std::fabs(log_scale) < 1e-12) continue;
      Eigen::VectorXd trial = start;
      trial[fi] = log_scale;
      const std::vector<double> p = problem.predict(all, trial);
      sensitivity_db =
          std::max(sensitivity_db, problem.rms_difference(p, current) / std::fabs(log_scale) * std::log(2.0));
      const double c = problem.offset_and_cost(p).second;
      if (c < best_cost) best_cost = c, best_log = log_scale, best = p;
    }
    MaterialScaleFit& mf = fit.materials[all[f].material];
    (all[f].conductivity ? mf.conductivity_sensitivity_db : mf.permittivity_sensitivity_db) = sensitivity_db;
    if (sensitivity_db < o.min_sensitivity_db) continue;
    (all[f].conductivity ? mf.conductivity_fitted : mf.permittivity_fitted) = true;
    free.push_back(all[f]);
    if (o.scan_points >= 2) {
      start[fi] = best_log, current = best, cost = best_cost;
    }
    free_start.push_back(start[fi]);
  }
  // Weighted Jacobian of the predictions in ln(scale) of `factors` at `at` (forward differences, inside the bounds),
  // with the offset's column last.
  const auto jacobian = [&](const std::vector<Factor>& factors, const Eigen::VectorXd& at) {
    const Eigen::Index nf = static_cast<Eigen::Index>(factors.size());
    Eigen::MatrixXd jac(static_cast<Eigen::Index>(n), nf + 1);
    for (Eigen::Index j = 0; j < nf; ++j) {
      const double h = at[j] + o.log_step > hi ? -o.log_step : o.log_step;
      Eigen::VectorXd shifted = at;
      shifted[j] += h;
      const std::vector<double> p = problem.predict(factors, shifted);
      for (std::size_t i = 0; i < n; ++i) {
        jac(static_cast<Eigen::Index>(i), j) = problem.sqrt_weight(i) * (p[i] - current[i]) / h;
      }
    }
    for (std::size_t i = 0; i < n; ++i) jac(static_cast<Eigen::Index>(i), nf) = problem.sqrt_weight(i);
    return jac;
  };

  // Joint identifiability at the scan's start: the factor columns with the offset projected out, in the order of a
  // column-pivoting QR; a factor is kept while the part of its column independent of the offset and of the factors
  // kept before it changes the predictions by at least min_sensitivity_db per doubling (weighted RMS).
  if (!free.empty()) {
    Eigen::VectorXd at = Eigen::Map<const Eigen::VectorXd>(free_start.data(), static_cast<Eigen::Index>(free.size()));
    const Eigen::MatrixXd jac = jacobian(free, at);
    const Eigen::Index nf = static_cast<Eigen::Index>(free.size());
    const Eigen::VectorXd unit = jac.col(nf) / jac.col(nf).norm();
    Eigen::MatrixXd centred = jac.leftCols(nf);
    for (Eigen::Index j = 0; j < nf; ++j) centred.col(j) -= unit * unit.dot(centred.col(j));
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(centred);
    const double to_db = std::log(2.0) / jac.col(nf).norm();  // column norm -> weighted RMS dB per doubling
    std::vector<Factor> kept;
    std::vector<double> kept_start;
    bool reset = false;
    for (Eigen::Index k = 0; k < nf; ++k) {
      const std::size_t j = static_cast<std::size_t>(qr.colsPermutation().indices()[k]);
      const double independent_db = std::fabs(qr.matrixQR()(k, k)) * to_db;
      MaterialScaleFit& mf = fit.materials[free[j].material];
      (free[j].conductivity ? mf.conductivity_independent_db : mf.permittivity_independent_db) = independent_db;
      if (independent_db >= o.min_sensitivity_db && k < std::min<Eigen::Index>(nf, static_cast<Eigen::Index>(n) - 1)) {
        kept.push_back(free[j]), kept_start.push_back(free_start[j]);
      } else {
        (free[j].conductivity ? mf.conductivity_fitted : mf.permittivity_fitted) = false;
        reset = reset || free_start[j] != 0;
      }
    }
    free = kept, free_start = kept_start;
    if (reset) {
      const Eigen::Index kept_count = static_cast<Eigen::Index>(free.size());
      current = problem.predict(free, Eigen::Map<const Eigen::VectorXd>(free_start.data(), kept_count));
      cost = problem.offset_and_cost(current).second;
    }
  }
  offset = problem.offset_and_cost(current).first;
  const Eigen::Index nf = static_cast<Eigen::Index>(free.size());
  Eigen::VectorXd theta = Eigen::Map<const Eigen::VectorXd>(free_start.data(), nf);
  double lambda = 1e-3;
  for (int it = 0; it < o.max_iterations && nf > 0; ++it) {
    fit.iterations = it + 1;
    const Eigen::MatrixXd jac = jacobian(free, theta);
    Eigen::VectorXd r(static_cast<Eigen::Index>(n));
    for (std::size_t i = 0; i < n; ++i) {
      const Eigen::Index k = static_cast<Eigen::Index>(i);
      r[k] = problem.sqrt_weight(i) * (current[i] + offset - problem.measured(i));
    }
    const Eigen::MatrixXd a = jac.transpose() * jac;
    const Eigen::VectorXd g = jac.transpose() * r;
    bool accepted = false;
    double step = 0;
    for (int attempt = 0; attempt < 10 && !accepted; ++attempt) {
      Eigen::MatrixXd damped = a;
      for (Eigen::Index j = 0; j <= nf; ++j) damped(j, j) += lambda * std::max(a(j, j), 1e-12);
      const Eigen::VectorXd delta = damped.ldlt().solve(-g);
      const Eigen::VectorXd next = (theta + delta.head(nf)).cwiseMax(lo).cwiseMin(hi);
      step = (next - theta).cwiseAbs().maxCoeff();
      if (step < o.stop_log_step) break;
      const std::vector<double> p = problem.predict(free, next);
      const auto [next_offset, next_cost] = problem.offset_and_cost(p);
      if (next_cost < cost) {
        theta = next, current = p, offset = next_offset, cost = next_cost;
        lambda = std::max(lambda / 10, 1e-9);
        accepted = true;
      } else {
        lambda *= 10;
      }
    }
    if (!accepted || step < o.stop_log_step) {
      fit.converged = true;
      break;
    }
  }
  for (Eigen::Index j = 0; j < nf; ++j) {
    MaterialScaleFit& mf = fit.materials[free[static_cast<std::size_t>(j)].material];
    const Factor& f = free[static_cast<std::size_t>(j)];
    (f.conductivity ? mf.conductivity_scale : mf.permittivity_scale) = std::exp(theta[j]);
  }
  fit.offset_db = offset;
  fit.predicted_dbm = current;
  fit.traces = problem.traces;
  return fit;
}

}  // namespace tarang

// The material-scale Levenberg-Marquardt on an analytic predictor (no tracing): recovery, identifiability, bounds,
// determinism, and the scale composition.
#include <gtest/gtest.h>

#include <cmath>

#include "calibration/material_fit.h"

namespace tarang {
namespace {

// A smooth nonlinear stand-in for the tracer: sample i depends on brick's permittivity (log term) and
// conductivity (square root); the third material ("wood") changes nothing.
std::vector<double> analytic_prediction(const std::vector<MaterialCalibration>& change, std::size_t samples) {
  double eps = 1, sigma = 1;
  for (const MaterialCalibration& c : change) {
    if (c.material == "brick") eps = c.permittivity_scale, sigma = c.conductivity_scale;
  }
  std::vector<double> p;
  for (std::size_t i = 0; i < samples; ++i) {
    const double x = 0.1 + 0.05 * static_cast<double>(i % 17), y = 0.5 + 0.1 * static_cast<double>(i % 5);
    p.push_back(-90.0 - 0.3 * static_cast<double>(i) + 10 * std::log10(1 + x * eps) - 3 * y * std::sqrt(sigma));
  }
  return p;
}

std::vector<FitSample> samples_for(double eps, double sigma, double offset_db, std::size_t n) {
  const std::vector<double> base = analytic_prediction({}, n);
  const std::vector<double> truth = analytic_prediction({{"brick", eps, sigma}}, n);
  std::vector<FitSample> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(FitSample{0, truth[i] + offset_db, base[i], 100, 1.0 + i % 3});
  return out;
}

TEST(MaterialFit, RecoversScalesAndOffsetAndHoldsTheUnidentifiableFactorsAtOne) {
  const std::size_t n = 60;
  const std::vector<FitSample> samples = samples_for(1.8, 0.6, 2.5, n);
  const auto predict = [n](const std::vector<MaterialCalibration>& c) { return analytic_prediction(c, n); };
  const MaterialFit fit = fit_material_scales(samples, {"brick", "wood"}, predict);
  ASSERT_EQ(fit.materials.size(), 2u);
  // Noise-free data: the only error is the stopping rule (steps below 1e-3 in ln(scale)), so 1e-3 relative.
  EXPECT_TRUE(fit.materials[0].permittivity_fitted);
  EXPECT_TRUE(fit.materials[0].conductivity_fitted);
  EXPECT_NEAR(fit.materials[0].permittivity_scale, 1.8, 1.8e-3);
  EXPECT_NEAR(fit.materials[0].conductivity_scale, 0.6, 0.6e-3);
  EXPECT_NEAR(fit.offset_db, 2.5, 1e-2);
  EXPECT_TRUE(fit.converged);
  EXPECT_FALSE(fit.materials[1].permittivity_fitted);
  EXPECT_FALSE(fit.materials[1].conductivity_fitted);
  EXPECT_EQ(fit.materials[1].permittivity_scale, 1.0);
  EXPECT_EQ(fit.materials[1].permittivity_sensitivity_db, 0.0);
  EXPECT_GT(fit.materials[0].permittivity_sensitivity_db, MaterialFitOptions{}.min_sensitivity_db);
  // predicted_dbm is the predictor's output at the solution.
  const std::vector<double> at = analytic_prediction({{"brick", fit.materials[0].permittivity_scale,
                                                       fit.materials[0].conductivity_scale}}, n);
  for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(fit.predicted_dbm[i], at[i]);
  // 4 sensitivity probes, then per iteration 2 Jacobian columns (after the first) and at least one trial.
  EXPECT_GE(fit.traces, 4 + fit.iterations);
}

TEST(MaterialFit, StopsAtTheBoundsAndIsDeterministic) {
  const std::size_t n = 40;
  const std::vector<FitSample> samples = samples_for(9.0, 1.0, 0.0, n);  // permittivity truth above the bound 4
  const auto predict = [n](const std::vector<MaterialCalibration>& c) { return analytic_prediction(c, n); };
  const MaterialFit a = fit_material_scales(samples, {"brick"}, predict);
  const MaterialFit b = fit_material_scales(samples, {"brick"}, predict);
  EXPECT_DOUBLE_EQ(a.materials[0].permittivity_scale, 4.0);
  EXPECT_EQ(a.materials[0].permittivity_scale, b.materials[0].permittivity_scale);
  EXPECT_EQ(a.materials[0].conductivity_scale, b.materials[0].conductivity_scale);
  EXPECT_EQ(a.offset_db, b.offset_db);
  EXPECT_EQ(a.traces, b.traces);
}

TEST(MaterialFit, NoSamplesLeavesEverythingAtOne) {
  int calls = 0;
  const auto predict = [&calls](const std::vector<MaterialCalibration>&) { return ++calls, std::vector<double>{}; };
  const MaterialFit fit = fit_material_scales({}, {"concrete"}, predict);
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(fit.materials[0].permittivity_scale, 1.0);
  EXPECT_FALSE(fit.materials[0].permittivity_fitted);
}

TEST(MaterialFit, ScaledMaterialsMultiplyAndAppend) {
  const std::vector<MaterialCalibration> out =
      scaled_materials({{"concrete", 2, 0.5}}, {{"concrete", 1.5, 4}, {"brick", 0.8, 1}});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].material, "concrete");
  EXPECT_DOUBLE_EQ(out[0].permittivity_scale, 3.0);
  EXPECT_DOUBLE_EQ(out[0].conductivity_scale, 2.0);
  EXPECT_EQ(out[1].material, "brick");
  EXPECT_DOUBLE_EQ(out[1].permittivity_scale, 0.8);
}

}  // namespace
}  // namespace tarang

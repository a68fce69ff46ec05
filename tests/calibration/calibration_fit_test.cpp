// The least-squares fit: exact recovery from noiseless samples, offset-only fallbacks, weights, combination.
#include <gtest/gtest.h>

#include <cmath>

#include "calibration/calibration_fit.h"

namespace tarang {
namespace {

// Samples of one sector whose measured - predicted follows offset - slope log10(d / 100) exactly.
std::vector<FitSample> exact_samples(int sector, double offset_db, double slope, int n) {
  std::vector<FitSample> out;
  for (int i = 0; i < n; ++i) {
    const double d = 50.0 * std::pow(1.3, i);
    const double predicted = -70 - 30 * std::log10(d);
    out.push_back(FitSample{sector, predicted + offset_db - slope * std::log10(d / 100), predicted, d, 1.0 + i});
  }
  return out;
}

TEST(CalibrationFit, RecoversPerSectorOffsetAndSlopeExactly) {
  std::vector<FitSample> s = exact_samples(0, 4.5, 3.25, 12);
  const auto more = exact_samples(1, -2, -1.5, 9);
  s.insert(s.end(), more.begin(), more.end());
  const CalibrationFit fit = fit_calibration(s, {"a", "b", "c"}, FitKind::SectorOffsetSlope, 100);
  ASSERT_EQ(fit.sectors.size(), 3u);
  EXPECT_NEAR(fit.sectors[0].offset_db, 4.5, 1e-9);
  EXPECT_NEAR(fit.sectors[0].slope_db_per_decade, 3.25, 1e-9);
  EXPECT_NEAR(fit.sectors[1].offset_db, -2, 1e-9);
  EXPECT_NEAR(fit.sectors[1].slope_db_per_decade, -1.5, 1e-9);
  EXPECT_EQ(fit.sectors[2].before.samples, 0u);  // no data: no change
  EXPECT_EQ(fit.sectors[2].offset_db, 0);
  EXPECT_GT(fit.before.rmse_db, 1.0);
  EXPECT_NEAR(fit.after.rmse_db, 0, 1e-9);
}

TEST(CalibrationFit, FewSamplesOrOneDistanceFitTheOffsetOnly) {
  std::vector<FitSample> s = exact_samples(0, 2, 5, 3);  // below kMinSlopeSamples
  for (int i = 0; i < 6; ++i) s.push_back(FitSample{1, -90.0 + (i % 2 ? 1 : -1), -95, 300, 1});  // one distance
  const CalibrationFit fit = fit_calibration(s, {"a", "b"}, FitKind::SectorOffsetSlope, 100);
  EXPECT_FALSE(fit.sectors[0].slope_fitted);
  EXPECT_EQ(fit.sectors[0].slope_db_per_decade, 0);
  EXPECT_FALSE(fit.sectors[1].slope_fitted);
  EXPECT_NEAR(fit.sectors[1].offset_db, 5, 1e-12);
  EXPECT_NEAR(fit.sectors[1].after.rmse_db, 1, 1e-12);
}

TEST(CalibrationFit, GlobalOffsetIsTheWeightedMeanResidual) {
  const std::vector<FitSample> s{{0, -80, -84, 100, 1}, {1, -90, -92, 100, 3}};
  const CalibrationFit fit = fit_calibration(s, {"a", "b"}, FitKind::GlobalOffset, 100);
  EXPECT_NEAR(fit.offset_db, (4 * 1 + 2 * 3) / 4.0, 1e-12);
  EXPECT_NEAR(fit.before.mean_db, -2.5, 1e-12);
  EXPECT_NEAR(fit.after.mean_db, 0, 1e-12);
}

TEST(CalibrationFit, CombinedCalibrationAddsToTheExistingOne) {
  CalibrationSpec existing;
  existing.offset_db = 1;
  existing.sectors = {{"a", 2, 0.5}};
  CalibrationFit fit;
  fit.offset_db = 3;
  fit.sectors = {SectorFit{"a", 1, 1, true, {5, 0, 0, 0}, {}}, SectorFit{"b", -1, 0, false, {2, 0, 0, 0}, {}},
                 SectorFit{"c", 0, 0, false, {}, {}}};
  const CalibrationSpec per_sector = combined_calibration(existing, fit, FitKind::SectorOffsetSlope);
  EXPECT_EQ(per_sector.offset_db, 1);
  ASSERT_EQ(per_sector.sectors.size(), 2u);  // c had no samples
  EXPECT_EQ(per_sector.sectors[0].offset_db, 3);
  EXPECT_EQ(per_sector.sectors[0].distance_slope_db_per_decade, 1.5);
  EXPECT_EQ(per_sector.sectors[1].sector_id, "b");
  EXPECT_EQ(per_sector.sectors[1].offset_db, -1);
  const CalibrationSpec global = combined_calibration(existing, fit, FitKind::GlobalOffset);
  EXPECT_EQ(global.offset_db, 4);
  EXPECT_EQ(global.sectors.size(), 1u);
}

}  // namespace
}  // namespace tarang

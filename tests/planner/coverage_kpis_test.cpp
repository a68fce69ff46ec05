// KPI percentiles (checked against numpy's linear interpolation) and the covered fraction.
#include "planner/coverage_kpis.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tarang {
namespace {

TEST(Percentile, MatchesNumpyLinearInterpolation) {
  // numpy.percentile([3, 1, 4, 1, 5, 9, 2, 6], [0, 5, 50, 95, 100]) = [1, 1, 3.5, 7.95, 9]
  std::vector<float> v{3, 1, 4, 1, 5, 9, 2, 6};
  EXPECT_DOUBLE_EQ(percentile(v, 0), 1);
  EXPECT_NEAR(percentile(v, 5), 1.0, 1e-12);
  EXPECT_NEAR(percentile(v, 50), 3.5, 1e-12);
  EXPECT_NEAR(percentile(v, 95), 7.95, 1e-6);
  EXPECT_DOUBLE_EQ(percentile(v, 100), 9);
  std::vector<float> one{42};
  EXPECT_DOUBLE_EQ(percentile(one, 5), 42);
  std::vector<float> with_inf{-INFINITY, -INFINITY, -80, -70};
  EXPECT_EQ(percentile(with_inf, 5), -INFINITY);
  EXPECT_NEAR(percentile(with_inf, 90), -73.0, 1e-9);
  std::vector<float> none;
  EXPECT_TRUE(std::isnan(percentile(none, 50)));
}

TEST(CoverageKpis, CoveredFractionNeedsBothTargetsAndSkipsUnservedCells) {
  CoverageMaps m;
  m.best_sector = {0, 0, 1, -1, 1};
  m.rsrp_dbm = {-90, -110, -100, NAN, -95};
  m.sinr_db = {10, 10, -8, NAN, -5};
  m.throughput_mbps = {200, 150, 10, NAN, 40};
  const CoverageKpis k = compute_coverage_kpis(m, TargetSpec{-105, -5});
  // Served cells: 4. Covered: cell 0 (both), cell 4 (SINR exactly at target). Cell 1 fails RSRP, cell 2 SINR.
  EXPECT_DOUBLE_EQ(k.covered_fraction, 0.5);
  EXPECT_EQ(k.target_rsrp_dbm, -105);
  EXPECT_EQ(k.target_sinr_db, -5);
  // numpy.percentile([-90, -110, -100, -95], 50) = -97.5
  EXPECT_NEAR(k.rsrp_p50_dbm, -97.5, 1e-9);
  EXPECT_NEAR(k.sinr_p5_db, -8 + 0.15 * 3, 1e-6);  // rank 0.15 between -8 and -5
  EXPECT_NEAR(k.throughput_p95_mbps, 150 + 0.85 * 50, 1e-4);
}

TEST(CoverageKpis, CellsWithoutSignalCountAsUncovered) {
  CoverageMaps m;
  m.best_sector = {0, -1, -1};
  m.rsrp_dbm = {-90, -INFINITY, NAN};
  m.sinr_db = {10, -INFINITY, NAN};
  m.throughput_mbps = {200, 0, NAN};
  const CoverageKpis k = compute_coverage_kpis(m, TargetSpec{-105, -5});
  EXPECT_DOUBLE_EQ(k.covered_fraction, 0.5);  // 1 of the 2 computed cells; the NaN cell is not counted
  EXPECT_DOUBLE_EQ(k.throughput_p50_mbps, 100);
}

TEST(CoverageKpis, NoServedCellGivesZeroCoverage) {
  CoverageMaps m;
  m.best_sector = {-1};
  m.rsrp_dbm = m.sinr_db = m.throughput_mbps = {NAN};
  const CoverageKpis k = compute_coverage_kpis(m, TargetSpec{});
  EXPECT_EQ(k.covered_fraction, 0);
  EXPECT_TRUE(std::isnan(k.rsrp_p50_dbm));
}

}  // namespace
}  // namespace tarang

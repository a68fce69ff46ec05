// The privacy step: exact aggregates without noise, k threshold, contribution bound, clipping, noise scales, seeds.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>

#include "calibration/noise_source.h"
#include "calibration/private_aggregates.h"

namespace tarang {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// A 4 x 4 grid of 10 m cells with its north-west corner at (0, 40).
RasterGrid small_grid() {
  RasterGrid g;
  g.west_m = 0, g.north_m = 40, g.cell_m = 10, g.nx = 4, g.ny = 4;
  return g;
}

PrivacyOptions exact(int k = 1, int bound = 100) {
  PrivacyOptions o;
  o.epsilon = kInf;
  o.k_min_devices = k;
  o.max_cells_per_device = bound;
  o.seed = 1;
  return o;
}

// Row in the cell (row, col) of small_grid().
Measurement at(int row, int col, double rsrp_dbm, int sector, int device) {
  return Measurement{col * 10.0 + 5, 40 - row * 10.0 - 5, rsrp_dbm, sector, device};
}

TEST(PrivateAggregates, WithoutNoiseAreMeansOfPerDeviceMeans) {
  // Device 0 reports twice in cell (1, 2) (mean -90), device 1 once (-100): the cell mean is -95, not -93.3.
  const std::vector<Measurement> rows{at(1, 2, -88, 0, 0), at(1, 2, -92, 0, 0), at(1, 2, -100, 0, 1),
                                      at(3, 0, -120, 1, 1)};
  const PrivateAggregates a = privatize_measurements(rows, small_grid(), 2, exact());
  ASSERT_EQ(a.cells.size(), 2u);
  EXPECT_EQ(a.cells[0].sector, 0);
  EXPECT_EQ(a.cells[0].cell, 6u);  // row 1, col 2
  EXPECT_DOUBLE_EQ(a.cells[0].devices, 2);
  EXPECT_NEAR(a.cells[0].mean_rsrp_dbm, -95, 1e-12);
  EXPECT_EQ(a.cells[1].sector, 1);
  EXPECT_EQ(a.cells[1].cell, 12u);
  EXPECT_NEAR(a.cells[1].mean_rsrp_dbm, -120, 1e-12);
  EXPECT_DOUBLE_EQ(a.demand_devices[6], 2);   // distinct devices per cell over all sectors
  EXPECT_DOUBLE_EQ(a.demand_devices[12], 1);
  EXPECT_DOUBLE_EQ(std::accumulate(a.demand_devices.begin(), a.demand_devices.end(), 0.0), 3);
}

TEST(PrivateAggregates, KThresholdSuppressesCellsWithFewDevices) {
  std::vector<Measurement> rows;
  for (int d = 0; d < 4; ++d) rows.push_back(at(0, 0, -90, 0, d));    // 4 devices
  for (int d = 4; d < 9; ++d) rows.push_back(at(2, 2, -100, 0, d));   // 5 devices
  for (int r = 0; r < 50; ++r) rows.push_back(at(3, 3, -80, 0, 9));   // 1 device, many rows
  const PrivateAggregates a = privatize_measurements(rows, small_grid(), 1, exact(5));
  ASSERT_EQ(a.cells.size(), 1u);
  EXPECT_EQ(a.cells[0].cell, 10u);
  EXPECT_EQ(a.suppressed, 2u);
  EXPECT_DOUBLE_EQ(a.demand_devices[0], 0);  // demand below k is suppressed too
  EXPECT_DOUBLE_EQ(a.demand_devices[10], 5);
  EXPECT_DOUBLE_EQ(a.demand_devices[15], 0);
}

TEST(PrivateAggregates, ContributionBoundKeepsAtMostLCellsPerDevice) {
  std::vector<Measurement> rows;
  for (int c = 0; c < 10; ++c) rows.push_back(at(c / 4, c % 4, -90, 0, 0));
  const PrivateAggregates a = privatize_measurements(rows, small_grid(), 1, exact(1, 3));
  EXPECT_EQ(a.cells.size(), 3u);
  EXPECT_EQ(a.bounded_pairs, 7u);
  EXPECT_DOUBLE_EQ(std::accumulate(a.demand_devices.begin(), a.demand_devices.end(), 0.0), 3);
}

TEST(PrivateAggregates, DeviceMeansAreClippedToTheRange) {
  PrivacyOptions o = exact();
  o.clip_min_dbm = -130, o.clip_max_dbm = -70;
  const std::vector<Measurement> rows{at(0, 0, -40, 0, 0), at(0, 1, -150, 0, 1)};
  const PrivateAggregates a = privatize_measurements(rows, small_grid(), 1, o);
  ASSERT_EQ(a.cells.size(), 2u);
  EXPECT_DOUBLE_EQ(a.cells[0].mean_rsrp_dbm, -70);
  EXPECT_DOUBLE_EQ(a.cells[1].mean_rsrp_dbm, -130);
}

TEST(PrivateAggregates, LaplaceScalesFollowTheSensitivities) {
  PrivacyOptions o;
  o.epsilon = 0.6, o.max_cells_per_device = 4, o.clip_min_dbm = -140, o.clip_max_dbm = -60;
  const NoiseScales s = noise_scales(o);
  // Budget epsilon / 3 per query; L1 sensitivities L, L * 40 dB, L.
  EXPECT_NEAR(s.count, 4 / 0.2, 1e-12);
  EXPECT_NEAR(s.sum, 4 * 40 / 0.2, 1e-9);
  EXPECT_NEAR(s.demand, 4 / 0.2, 1e-12);
  o.epsilon = kInf;
  EXPECT_EQ(noise_scales(o).sum, 0);
}

TEST(PrivateAggregates, GaussianScalesMeetTheBudgetThroughZcdp) {
  PrivacyOptions o;
  o.mechanism = NoiseMechanism::Gaussian;
  o.epsilon = 1, o.delta = 1e-6, o.max_cells_per_device = 9, o.clip_min_dbm = -140, o.clip_max_dbm = -60;
  const NoiseScales s = noise_scales(o);
  // Each query: rho_i = Delta2^2 / (2 sigma^2) with Delta2 = sqrt(L) (counts) and sqrt(L) * 40 (sums); the total
  // rho converts back to exactly (epsilon, delta) by rho + 2 sqrt(rho ln(1/delta)).
  const double rho = 9 / (2 * s.count * s.count) + 9 * 1600 / (2 * s.sum * s.sum) + 9 / (2 * s.demand * s.demand);
  EXPECT_NEAR(rho + 2 * std::sqrt(rho * std::log(1e6)), 1.0, 1e-12);
  o.delta = 0;
  EXPECT_THROW(noise_scales(o), std::invalid_argument);
}

TEST(PrivateAggregates, NoiseIsReproducibleWithASeedOnly) {
  std::vector<Measurement> rows;
  for (int d = 0; d < 40; ++d) rows.push_back(at(d % 4, 1, -90 - d % 7, 0, d));
  PrivacyOptions o;
  o.epsilon = 2, o.k_min_devices = 1, o.seed = 42;
  const PrivateAggregates a = privatize_measurements(rows, small_grid(), 1, o);
  const PrivateAggregates b = privatize_measurements(rows, small_grid(), 1, o);
  EXPECT_EQ(a.demand_devices, b.demand_devices);
  o.seed.reset();  // std::random_device
  const PrivateAggregates c = privatize_measurements(rows, small_grid(), 1, o);
  EXPECT_NE(a.demand_devices, c.demand_devices);
}

TEST(NoiseSource, LaplaceAndGaussianHaveTheirVariance) {
  // 200k draws: the sample variance is within 2 % of 2 b^2 (Laplace) and sigma^2 (Gaussian); the standard error of
  // a variance estimate is below 0.6 % here.
  NoiseSource noise(7);
  const int n = 200000;
  double lap = 0, gauss = 0, lap_mean = 0;
  for (int i = 0; i < n; ++i) {
    const double l = noise.laplace(3), g = noise.gaussian(2);
    lap += l * l, gauss += g * g, lap_mean += l;
  }
  EXPECT_NEAR(lap / n, 18, 0.02 * 18);
  EXPECT_NEAR(gauss / n, 4, 0.02 * 4);
  EXPECT_NEAR(lap_mean / n, 0, 0.05);
  EXPECT_EQ(noise.laplace(0), 0);
}

}  // namespace
}  // namespace tarang

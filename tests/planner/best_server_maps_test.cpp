// Best server, SINR and throughput against hand-computed link budgets.
#include "planner/best_server_maps.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

namespace tarang {
namespace {

constexpr double kTolDb = 1e-4;  // float32 map storage

// 100 MHz at 30 kHz: 273 RB -> RSRP per RE = P - 10 log10(3276) + gain.
LinkBudget budget_273rb(std::vector<double> power_dbm, double load) {
  LinkBudget b;
  b.power_dbm = std::move(power_dbm);
  b.n_rb = 273;
  b.noise_per_re_dbm = -174 + 10 * std::log10(30e3) + 7;
  b.load = load;
  b.bandwidth_hz = 100e6;
  return b;
}

TEST(BestServerMaps, PicksStrongestSectorAndComputesSinrByHand) {
  const LinkBudget b = budget_273rb({43, 40}, 1.0);
  CoverageMaps m;
  // cell 0: sector 0 stronger; cell 1: sector 1 stronger after its 3 dB lower power; cell 2: only sector 1 valid.
  m.gain_db = {-100, -120, NAN, /* sector 1 */ -110, -90, -95};
  compute_best_server_maps(b, 3, m, 1);

  const double re_offset = -10 * std::log10(12.0 * 273);  // -35.1535 dB
  const double noise_mw = std::pow(10, (-174 + 10 * std::log10(30e3) + 7) / 10);
  auto mw = [](double dbm) { return std::pow(10, dbm / 10); };

  ASSERT_EQ(m.best_sector, (std::vector<std::int32_t>{0, 1, 1}));
  const double s0 = 43 + re_offset - 100, i0 = 40 + re_offset - 110;
  EXPECT_NEAR(m.rsrp_dbm[0], s0, kTolDb);
  EXPECT_NEAR(m.sinr_db[0], 10 * std::log10(mw(s0) / (mw(i0) + noise_mw)), kTolDb);
  const double s1 = 40 + re_offset - 90, i1 = 43 + re_offset - 120;
  EXPECT_NEAR(m.rsrp_dbm[1], s1, kTolDb);
  EXPECT_NEAR(m.sinr_db[1], 10 * std::log10(mw(s1) / (mw(i1) + noise_mw)), kTolDb);
  // Cell 2 has no interferer: SINR = SNR.
  EXPECT_NEAR(m.sinr_db[2], 40 + re_offset - 95 - (-174 + 10 * std::log10(30e3) + 7), kTolDb);
  // Throughput: 0.6 log2(1 + SINR) x 100 MHz, capped at 4.4 b/s/Hz.
  const double snr2 = std::pow(10, m.sinr_db[2] / 10.0);
  EXPECT_NEAR(m.throughput_mbps[2], std::min(0.6 * std::log2(1 + snr2), 4.4) * 100, 1e-3);
}

TEST(BestServerMaps, LoadScalesInterferenceOnly) {
  CoverageMaps full, half;
  full.gain_db = half.gain_db = {-100, -103};
  compute_best_server_maps(budget_273rb({43, 43}, 1.0), 1, full, 1);
  compute_best_server_maps(budget_273rb({43, 43}, 0.5), 1, half, 1);
  EXPECT_FLOAT_EQ(full.rsrp_dbm[0], half.rsrp_dbm[0]);
  // Interference-limited (noise ~40 dB below): halving the load adds ~3.01 dB of SINR.
  EXPECT_NEAR(half.sinr_db[0] - full.sinr_db[0], 10 * std::log10(2.0), 0.01);
}

TEST(BestServerMaps, CellWithoutAnyGainIsMarkedNone) {
  CoverageMaps m;
  m.gain_db = {NAN, NAN};
  compute_best_server_maps(budget_273rb({43, 43}, 1.0), 1, m, 1);
  EXPECT_EQ(m.best_sector[0], -1);
  EXPECT_TRUE(std::isnan(m.rsrp_dbm[0]));
  EXPECT_TRUE(std::isnan(m.sinr_db[0]));
  EXPECT_TRUE(std::isnan(m.throughput_mbps[0]));
}

TEST(BestServerMaps, CellThatNoSignalReachesIsComputedButUnserved) {
  CoverageMaps m;
  m.gain_db = {-INFINITY, -INFINITY};
  compute_best_server_maps(budget_273rb({43, 43}, 1.0), 1, m, 1);
  EXPECT_EQ(m.best_sector[0], -1);
  EXPECT_EQ(m.rsrp_dbm[0], -INFINITY);
  EXPECT_EQ(m.sinr_db[0], -INFINITY);
  EXPECT_EQ(m.throughput_mbps[0], 0.0f);
}

TEST(BestServerMaps, ThreadCountDoesNotChangeResults) {
  const std::size_t cells = 10007, sectors = 5;
  CoverageMaps one, many;
  one.gain_db.resize(cells * sectors);
  for (std::size_t i = 0; i < one.gain_db.size(); ++i) one.gain_db[i] = -60.0f - static_cast<float>((i * 7919) % 97);
  many.gain_db = one.gain_db;
  const LinkBudget b = budget_273rb({43, 43, 46, 40, 43}, 0.7);
  compute_best_server_maps(b, cells, one, 1);
  compute_best_server_maps(b, cells, many, 4);
  EXPECT_EQ(one.best_sector, many.best_sector);
  EXPECT_EQ(0, std::memcmp(one.sinr_db.data(), many.sinr_db.data(), cells * sizeof(float)));
}

}  // namespace
}  // namespace tarang

// Tests of the NR link budget pieces: N_RB tables, RSRP and noise per RE, truncated Shannon.
#include "propagation/link_budget.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tarang {
namespace {

TEST(LinkBudget, ResourceBlocksFr1Table) {
  // TS 38.101-1 Table 5.3.2-1 entries (exact).
  EXPECT_EQ(nr_resource_blocks(100e6, 30e3), 273);
  EXPECT_EQ(nr_resource_blocks(20e6, 15e3), 106);
  EXPECT_EQ(nr_resource_blocks(5e6, 15e3), 25);
  EXPECT_EQ(nr_resource_blocks(50e6, 15e3), 270);
  EXPECT_EQ(nr_resource_blocks(35e6, 15e3), 188);
  EXPECT_EQ(nr_resource_blocks(5e6, 30e3), 11);
  EXPECT_EQ(nr_resource_blocks(40e6, 30e3), 106);
  EXPECT_EQ(nr_resource_blocks(60e6, 30e3), 162);
  EXPECT_EQ(nr_resource_blocks(90e6, 30e3), 245);
  EXPECT_EQ(nr_resource_blocks(10e6, 60e3), 11);
  EXPECT_EQ(nr_resource_blocks(50e6, 60e3), 65);
  EXPECT_EQ(nr_resource_blocks(100e6, 60e3), 135);
}

TEST(LinkBudget, ResourceBlocksFr2Table) {
  // TS 38.101-2 Table 5.3.2-1 entries (exact); 60 kHz at 50/100 MHz needs an FR2 carrier to pick the FR2 value.
  EXPECT_EQ(nr_resource_blocks(100e6, 120e3), 66);
  EXPECT_EQ(nr_resource_blocks(50e6, 120e3), 32);
  EXPECT_EQ(nr_resource_blocks(200e6, 120e3), 132);
  EXPECT_EQ(nr_resource_blocks(400e6, 120e3), 264);
  EXPECT_EQ(nr_resource_blocks(200e6, 60e3), 264);
  EXPECT_EQ(nr_resource_blocks(50e6, 60e3, 28e9), 66);
  EXPECT_EQ(nr_resource_blocks(100e6, 60e3, 28e9), 132);
  EXPECT_EQ(nr_resource_blocks(100e6, 60e3, 3.5e9), 135);
}

TEST(LinkBudget, ResourceBlocksFallback) {
  // Not tabulated: floor(B / (12 SCS)) (exact); 0 below one RB.
  EXPECT_EQ(nr_resource_blocks(100e6, 15e3), 555);   // 15 kHz stops at 50 MHz
  EXPECT_EQ(nr_resource_blocks(5e6, 60e3), 6);       // N/A in the table
  EXPECT_EQ(nr_resource_blocks(12.5e6, 30e3), 34);   // not a channel bandwidth
  EXPECT_EQ(nr_resource_blocks(100e6, 30e3, 28e9), 277);  // 30 kHz is not an FR2 numerology
  EXPECT_EQ(nr_resource_blocks(360e3, 30e3), 1);
  EXPECT_EQ(nr_resource_blocks(300e3, 30e3), 0);
  EXPECT_EQ(nr_resource_blocks(20e6, 0.0), 0);
}

TEST(LinkBudget, RsrpPerResourceElement) {
  // 46 dBm over 273 RB: 46 - 10 log10(3276) = 10.847 dBm per RE, minus a 120 dB loss (1e-9 dB).
  constexpr double kTolDb = 1e-9;
  EXPECT_NEAR(rsrp_per_re_dbm(46.0, 273, -120.0), 46.0 - 10.0 * std::log10(12.0 * 273.0) - 120.0, kTolDb);
  EXPECT_NEAR(rsrp_per_re_dbm(46.0, 273, 0.0), 10.847, 0.001);
  EXPECT_NEAR(rsrp_per_re_dbm(40.0f, 106, 3.0f), 40.0f - 10.0f * std::log10(1272.0f) + 3.0f, 1e-4f);
}

TEST(LinkBudget, NoisePerResourceElement) {
  // -174 + 10 log10(30e3) + 7 = -122.23 dBm (0.005 dB); 15 kHz, NF 9: -174 + 41.76 + 9 = -123.24 dBm.
  constexpr double kTolDb = 0.005;
  EXPECT_NEAR(noise_per_re_dbm(30e3, 7.0), -122.23, kTolDb);
  EXPECT_NEAR(noise_per_re_dbm(15e3, 9.0), -123.24, kTolDb);
  EXPECT_NEAR(noise_per_re_dbm(30e3f, 7.0f), -122.23f, kTolDb);
}

TEST(LinkBudget, TruncatedShannon) {
  constexpr double kTol = 1e-12;
  EXPECT_EQ(truncated_shannon_bps_per_hz(-11.0), 0.0);
  EXPECT_EQ(truncated_shannon_bps_per_hz(-40.0), 0.0);
  EXPECT_NEAR(truncated_shannon_bps_per_hz(-10.0), 0.6 * std::log2(1.1), kTol);
  EXPECT_NEAR(truncated_shannon_bps_per_hz(0.0), 0.6 * std::log2(2.0), kTol);
  EXPECT_NEAR(truncated_shannon_bps_per_hz(10.0), 0.6 * std::log2(11.0), kTol);
  EXPECT_NEAR(truncated_shannon_bps_per_hz(22.0), 0.6 * std::log2(1.0 + std::pow(10.0, 2.2)), kTol);  // just below cap
  EXPECT_NEAR(truncated_shannon_bps_per_hz(23.0), 4.4, kTol);
  EXPECT_NEAR(truncated_shannon_bps_per_hz(40.0), 4.4, kTol);
  EXPECT_NEAR(truncated_shannon_bps_per_hz(10.0f), static_cast<float>(0.6 * std::log2(11.0)), 1e-5f);
}

TEST(LinkBudget, TruncatedShannonMonotone) {
  double previous = 0.0;
  for (double s = -20.0; s <= 40.0; s += 0.25) {
    const double t = truncated_shannon_bps_per_hz(s);
    EXPECT_GE(t, previous);
    EXPECT_LE(t, 4.4);
    previous = t;
  }
}

}  // namespace
}  // namespace tarang

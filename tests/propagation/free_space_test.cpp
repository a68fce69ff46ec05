// Tests of the free-space (Friis) path loss.
#include "propagation/free_space.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace tarang {
namespace {

TEST(FreeSpace, PublishedValues) {
  // 20 log10(4 pi d f / c): 1 km at 1 GHz = 92.45 dB, 1 m at 2.4 GHz = 40.05 dB, 100 m at 28 GHz = 101.39 dB.
  constexpr double kTolDb = 0.005;
  EXPECT_NEAR(free_space_path_loss_db(1000.0, 1e9), 92.45, kTolDb);
  EXPECT_NEAR(free_space_path_loss_db(1.0, 2.4e9), 40.05, kTolDb);
  EXPECT_NEAR(free_space_path_loss_db(100.0, 28e9), 101.39, kTolDb);
}

TEST(FreeSpace, MatchesClosedFormExactly) {
  constexpr double kTolDb = 1e-9;
  const double expected = 20.0 * std::log10(4.0 * std::numbers::pi * 1234.5 * 3.5e9 / 299792458.0);
  EXPECT_NEAR(free_space_path_loss_db(1234.5, 3.5e9), expected, kTolDb);
}

TEST(FreeSpace, InverseSquareSlope) {
  // Doubling distance or frequency adds 20 log10(2) = 6.02 dB; a decade adds 20 dB.
  constexpr double kTolDb = 1e-9;
  const double base = free_space_path_loss_db(250.0, 3.5e9);
  EXPECT_NEAR(free_space_path_loss_db(500.0, 3.5e9) - base, 20.0 * std::log10(2.0), kTolDb);
  EXPECT_NEAR(free_space_path_loss_db(500.0, 3.5e9) - base, 6.02, 0.001);
  EXPECT_NEAR(free_space_path_loss_db(250.0, 7.0e9) - base, 6.02, 0.001);
  EXPECT_NEAR(free_space_path_loss_db(2500.0, 3.5e9) - base, 20.0, kTolDb);
}

TEST(FreeSpace, FloatAgreesWithDouble) {
  constexpr float kTolDb = 1e-3f;
  EXPECT_NEAR(free_space_path_loss_db(1000.0f, 1e9f), 92.45f, 0.005f);
  EXPECT_NEAR(free_space_path_loss_db(12345.0f, 28e9f), static_cast<float>(free_space_path_loss_db(12345.0, 28e9)),
              kTolDb);
}

}  // namespace
}  // namespace tarang

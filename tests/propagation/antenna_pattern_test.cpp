// Tests of the TR 38.901 antenna element pattern and the bearing/downtilt rotation into local angles.
#include "propagation/antenna_pattern.h"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <numbers>

namespace tarang {
namespace {

constexpr double kDeg = std::numbers::pi / 180.0;

// ENU unit vector for a bearing (clockwise from north) and an elevation above the horizon, both in degrees.
Vec3<double> direction(double bearing_deg, double elevation_deg) {
  const double b = bearing_deg * kDeg, e = elevation_deg * kDeg;
  return {std::sin(b) * std::cos(e), std::cos(b) * std::cos(e), std::sin(e)};
}

double element_gain(Vec3<double> dir, double azimuth_deg, double tilt_deg) {
  return antenna_gain_dbi(AntennaKind::Tr38901Element, dir, azimuth_deg, tilt_deg);
}

TEST(AntennaPattern, BoresightGivesMaxGain) {
  constexpr double kTolDb = 1e-9;
  for (double az : {0.0, 45.0, 90.0, 200.0, 359.0, -30.0}) {
    for (double tilt : {0.0, 6.0, 10.0, 25.0, -5.0}) {
      EXPECT_NEAR(element_gain(direction(az, -tilt), az, tilt), 8.0, kTolDb) << "az " << az << " tilt " << tilt;
    }
  }
}

TEST(AntennaPattern, ThreeDbBeamwidth) {
  // 12 (32.5 / 65)^2 = 3 dB below the 8 dBi peak, horizontally and vertically (also in the tilted plane).
  constexpr double kTolDb = 1e-9;
  EXPECT_NEAR(element_gain(direction(120.0 + 32.5, 0.0), 120.0, 0.0), 5.0, kTolDb);
  EXPECT_NEAR(element_gain(direction(120.0 - 32.5, 0.0), 120.0, 0.0), 5.0, kTolDb);
  EXPECT_NEAR(element_gain(direction(120.0, -32.5), 120.0, 0.0), 5.0, kTolDb);
  EXPECT_NEAR(element_gain(direction(120.0, 32.5), 120.0, 0.0), 5.0, kTolDb);
  EXPECT_NEAR(element_gain(direction(300.0, -10.0 - 32.5), 300.0, 10.0), 5.0, kTolDb);
  EXPECT_NEAR(tr38901_element_gain_dbi(90.0, 32.5), 5.0, kTolDb);
  EXPECT_NEAR(tr38901_element_gain_dbi(122.5, 0.0), 5.0, kTolDb);
}

TEST(AntennaPattern, FrontToBackFloor) {
  // A_max = 30 dB: 8 - 30 = -22 dBi behind the antenna and never below.
  constexpr double kTolDb = 1e-9;
  EXPECT_NEAR(element_gain(direction(180.0, 0.0), 0.0, 0.0), -22.0, kTolDb);
  EXPECT_NEAR(element_gain(direction(270.0, 0.0), 90.0, 8.0), -22.0, kTolDb);
  EXPECT_NEAR(tr38901_element_gain_dbi(0.0, 0.0), 8.0 - 12.0 * (90.0 / 65.0) * (90.0 / 65.0), kTolDb);  // zenith
  for (double z = 0.0; z <= 180.0; z += 7.5) {
    for (double a = -180.0; a <= 180.0; a += 7.5) EXPECT_GE(tr38901_element_gain_dbi(z, a), -22.0 - kTolDb);
  }
}

TEST(AntennaPattern, SymmetricLeftRight) {
  constexpr double kTolDb = 1e-9;
  for (double off : {5.0, 20.0, 47.0, 90.0, 150.0}) {
    for (double el : {-20.0, -3.0, 0.0, 15.0}) {
      const double left = element_gain(direction(60.0 - off, el), 60.0, 7.0);
      EXPECT_NEAR(element_gain(direction(60.0 + off, el), 60.0, 7.0), left, kTolDb);
    }
  }
}

TEST(AntennaPattern, TiltedBoresightBelowHorizon) {
  // Downtilt 10 deg: a receiver 10 deg below the horizon on the bearing is on boresight; one on the horizon is 10 deg
  // above it: 8 - 12 (10/65)^2 dBi.
  constexpr double kTolDb = 1e-9;
  EXPECT_NEAR(element_gain(direction(30.0, -10.0), 30.0, 10.0), 8.0, kTolDb);
  EXPECT_NEAR(element_gain(direction(30.0, 0.0), 30.0, 10.0), 8.0 - 12.0 * (10.0 / 65.0) * (10.0 / 65.0), kTolDb);
}

TEST(AntennaPattern, BearingConvention) {
  // Azimuth 90 points east (+x); 0 points north (+y); east is 90 deg clockwise, i.e. local azimuth -90 (TR: CCW).
  constexpr double kTolDeg = 1e-9;
  const LocalAngles<double> east = local_angles(Vec3<double>{1.0, 0.0, 0.0}, 90.0, 0.0);
  EXPECT_NEAR(east.zenith_deg, 90.0, kTolDeg);
  EXPECT_NEAR(east.azimuth_deg, 0.0, kTolDeg);
  EXPECT_NEAR(element_gain(Vec3<double>{5.0, 0.0, 0.0}, 90.0, 0.0), 8.0, kTolDeg);
  const LocalAngles<double> north = local_angles(Vec3<double>{1.0, 0.0, 0.0}, 0.0, 0.0);
  EXPECT_NEAR(north.azimuth_deg, -90.0, kTolDeg);
  const LocalAngles<double> up = local_angles(Vec3<double>{0.0, 0.0, 2.0}, 0.0, 0.0);
  EXPECT_NEAR(up.zenith_deg, 0.0, kTolDeg);
}

TEST(AntennaPattern, RotationMatchesTrClosedForm) {
  // TR 38.901 eq. 7.1-7 / 7.1-8 with gamma = 0 and alpha = 90 - bearing, written independently with std::complex.
  constexpr double kTolDeg = 1e-7;
  for (double bearing : {0.0, 75.0, 210.0}) {
    for (double tilt : {0.0, 12.0, 35.0}) {
      for (double az = -170.0; az <= 170.0; az += 20.0) {
        for (double el = -80.0; el <= 80.0; el += 20.0) {
          const double theta = (90.0 - el) * kDeg, phi = (90.0 - (bearing + az)) * kDeg;
          const double alpha = (90.0 - bearing) * kDeg, beta = tilt * kDeg;
          const double zen = std::acos(std::cos(beta) * std::cos(theta) +
                                       std::sin(beta) * std::cos(phi - alpha) * std::sin(theta)) / kDeg;
          const std::complex<double> z(std::cos(beta) * std::sin(theta) * std::cos(phi - alpha) -
                                           std::sin(beta) * std::cos(theta),
                                       std::sin(phi - alpha) * std::sin(theta));
          const LocalAngles<double> got = local_angles(direction(bearing + az, el), bearing, tilt);
          EXPECT_NEAR(got.zenith_deg, zen, kTolDeg);
          EXPECT_NEAR(got.azimuth_deg, std::arg(z) / kDeg, kTolDeg);
        }
      }
    }
  }
}

TEST(AntennaPattern, RotationIsNotThetaMinusTilt) {
  // Off the boresight plane the exact rotation differs from zenith - tilt: at 90 deg azimuth off boresight a
  // horizontal direction stays at local zenith 90 regardless of the tilt.
  constexpr double kTolDeg = 1e-9;
  const LocalAngles<double> side = local_angles(direction(90.0, 0.0), 0.0, 20.0);
  EXPECT_NEAR(side.zenith_deg, 90.0, kTolDeg);
  EXPECT_NEAR(side.azimuth_deg, -90.0, kTolDeg);
}

TEST(AntennaPattern, IsotropicAndFloat) {
  constexpr double kTolDb = 1e-9;
  EXPECT_NEAR(antenna_gain_dbi(AntennaKind::Isotropic, direction(10.0, -40.0), 200.0, 6.0), 0.0, kTolDb);
  EXPECT_NEAR(antenna_gain_dbi(AntennaKind::Tr38901Element, Vec3<float>{0.0f, 0.0f, 0.0f}, 0.0f, 0.0f), 8.0f, 1e-6f);
  const float g = antenna_gain_dbi(AntennaKind::Tr38901Element, Vec3<float>{0.3f, 0.8f, -0.2f}, 15.0f, 6.0f);
  EXPECT_NEAR(g, element_gain(Vec3<double>{0.3, 0.8, -0.2}, 15.0, 6.0), 1e-4);
}

}  // namespace
}  // namespace tarang

// Calibration corrections in the coverage pipeline: offset + slope at the cell's distance, per sector, global.
#include "planner/calibrated_gain.h"

#include <gtest/gtest.h>

#include <cmath>

#include "planner/coverage_run.h"

namespace tarang {
namespace {

Scenario two_sector_scenario() {
  Scenario s;
  s.name = "cal";
  s.scene.crs = "EPSG:32643";
  s.radio.frequency_hz = 3.5e9;
  s.propagation.model = PathLossModel::FreeSpace;
  SiteSpec site{"s", 0, 0, 10, {}};
  site.sectors.push_back(SectorSpec{"iso-1", 0, 0, 43, AntennaKind::Isotropic});
  site.sectors.push_back(SectorSpec{"iso-2", 0, 0, 40, AntennaKind::Isotropic});
  s.sites.push_back(site);
  s.grid = GridSpec{-500, -500, 500, 500, 50, 1.5};
  return s;
}

TEST(CalibratedGain, CoverageAddsOffsetsAndTheDistanceSlope) {
  Scenario s = two_sector_scenario();
  const CoverageResult plain = run_coverage(s, CoverageRunOptions{1, false});
  s.calibration.offset_db = -1;
  s.calibration.reference_distance_m = 200;
  s.calibration.sectors = {{"iso-2", 2.5, 10}};
  const CoverageResult calibrated = run_coverage(s, CoverageRunOptions{1, false});
  const RasterGrid& g = plain.grid;
  const std::size_t cells = g.cell_count();
  for (int row : {0, 7, 19}) {
    for (int col : {0, 3, 12}) {
      const std::size_t i = static_cast<std::size_t>(row) * g.nx + col;
      const double d = receiver_distance_m(s.sites[0], g, row, col);
      EXPECT_NEAR(d, std::hypot(g.x_center_m(col), g.y_center_m(row), 1.5 - 10), 1e-9);
      // Sector 1: only the global offset. Sector 2: -1 + 2.5 - 10 log10(d / 200). Float maps: 1e-4 dB.
      EXPECT_NEAR(calibrated.maps.gain_db[i] - plain.maps.gain_db[i], -1, 1e-4);
      EXPECT_NEAR(calibrated.maps.gain_db[cells + i] - plain.maps.gain_db[cells + i], 1.5 - 10 * std::log10(d / 200),
                  1e-4);
    }
  }
}

TEST(CalibratedGain, EmptyCalibrationChangesNothing) {
  const Scenario s = two_sector_scenario();
  const RasterGrid g = raster_grid_of(s.grid, "");
  std::vector<float> gain(2 * g.cell_count(), -80.0f);
  gain[3] = std::nanf("");
  apply_calibration_to_rows(s, g, 0, 0, g.ny, gain.data());
  EXPECT_EQ(gain[0], -80.0f);
  EXPECT_TRUE(std::isnan(gain[3]));
}

}  // namespace
}  // namespace tarang

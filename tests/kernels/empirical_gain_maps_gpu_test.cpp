// GPU == CPU for empirical gain maps (label gpu; skipped when no CUDA device is present).
#include "kernels/empirical_gain_maps_gpu.h"

#include <gtest/gtest.h>

#include <cmath>

#include "kernels/cuda_runtime_checked.h"
#include "propagation/empirical_gain_maps.h"

namespace tarang {
namespace {

TEST(EmpiricalGainMapsGpu, EqualsCpuWithin1e3Db) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  Scenario s;
  s.scene.crs = "EPSG:32643";
  s.radio.frequency_hz = 3.5e9;
  for (int i = 0; i < 3; ++i) {
    SiteSpec site;
    site.id = std::to_string(i);
    site.x_m = 300.0 * i, site.y_m = 100.0 * i, site.height_m = 20.0 + 5 * i;
    for (int k = 0; k < 3; ++k) {
      site.sectors.push_back(SectorSpec{"sector" + std::to_string(3 * i + k), 120.0 * k, 6, 46, AntennaKind::Tr38901Element});
    }
    s.sites.push_back(site);
  }
  s.grid = GridSpec{-1000, -1000, 1000, 1000, 10, 1.5};
  const RasterGrid grid = raster_grid_of(s.grid, "");
  for (LosMode los : {LosMode::Los, LosMode::Nlos, LosMode::Probabilistic}) {
    s.propagation.los = los;
    const std::vector<float> cpu = compute_empirical_gain_maps(s, grid, nullptr, 2);
    const std::vector<float> gpu = compute_empirical_gain_maps_gpu(s, grid);
    ASSERT_EQ(cpu.size(), gpu.size());
    double worst = 0;
    for (std::size_t i = 0; i < cpu.size(); ++i) worst = std::max(worst, std::fabs(double(cpu[i]) - gpu[i]));
    // Same float code on both sides; differences come from device libm ulps and FMA contraction.
    EXPECT_LT(worst, 1e-3) << "LOS mode " << static_cast<int>(los);
  }
}

}  // namespace
}  // namespace tarang

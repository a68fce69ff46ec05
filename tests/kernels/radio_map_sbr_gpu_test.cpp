// GPU SBR == CPU SBR (label gpu; skipped without a CUDA device): median |difference| <= 0.1 dB where both maps are
// above -150 dB, on a procedural city and on munich (issue #6 parity criterion), with edge diffraction (default
// order 1, and order 2 on the city).
#include "kernels/radio_map_sbr_gpu.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "kernels/cuda_runtime_checked.h"
#include "raytrace/radio_map_sbr.h"
#include "scene/mesh_import.h"
#include "scene/procedural_city.h"

namespace tarang {
namespace {

Scenario sbr_scenario(double x_m, double y_m, double height_m, GridSpec grid) {
  Scenario s;
  s.scene.crs = "EPSG:32643";
  s.radio.frequency_hz = 3.5e9;
  s.propagation.model = PathLossModel::Raytrace;
  s.raytrace.rays = 1000000;
  s.raytrace.max_depth = 3;
  s.raytrace.transmission = true;
  SiteSpec site;
  site.id = "tx";
  site.x_m = x_m, site.y_m = y_m, site.height_m = height_m;
  site.sectors.push_back(SectorSpec{"iso", 0, 0, 40, AntennaKind::Isotropic});
  site.sectors.push_back(SectorSpec{"east", 90, 6, 40, AntennaKind::Tr38901Element});
  s.sites.push_back(site);
  s.grid = grid;
  return s;
}

void expect_parity(const Scenario& s, const SceneMesh& mesh) {
  const RasterGrid grid = raster_grid_of(s.grid, "");
  const std::vector<float> cpu = trace_sbr_gain_maps(s, mesh, grid, nullptr, nullptr, 0);
  const std::vector<float> gpu = trace_sbr_gain_maps_gpu(s, mesh, grid, nullptr, nullptr);
  ASSERT_EQ(cpu.size(), gpu.size());
  std::vector<double> differences;
  for (std::size_t i = 0; i < cpu.size(); ++i) {
    ASSERT_EQ(std::isnan(cpu[i]), std::isnan(gpu[i])) << i;
    if (cpu[i] > -150 && gpu[i] > -150) differences.push_back(std::fabs(cpu[i] - gpu[i]));
  }
  ASSERT_GT(differences.size(), cpu.size() / 10);
  std::nth_element(differences.begin(), differences.begin() + differences.size() / 2, differences.end());
  EXPECT_LE(differences[differences.size() / 2], 0.1);
}

TEST(RadioMapSbrGpu, EqualsCpuOnAProceduralCity) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  ProceduralCityOptions city;
  city.blocks_per_side = 10;
  city.ground = false;
  const SceneMesh mesh = make_procedural_city(city);
  Scenario s = sbr_scenario(mesh.origin_x_m + 290, mesh.origin_y_m + 290, 100,
                            GridSpec{mesh.origin_x_m, mesh.origin_y_m, mesh.origin_x_m + 580, mesh.origin_y_m + 580, 5, 1.5});
  expect_parity(s, mesh);
}

TEST(RadioMapSbrGpu, EqualsCpuWithSecondOrderDiffraction) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  ProceduralCityOptions city;
  city.blocks_per_side = 6;
  const SceneMesh mesh = make_procedural_city(city);
  Scenario s = sbr_scenario(mesh.origin_x_m + 170, mesh.origin_y_m + 170, 90,
                            GridSpec{mesh.origin_x_m, mesh.origin_y_m, mesh.origin_x_m + 340, mesh.origin_y_m + 340, 5, 1.5});
  s.scene.ground = GroundKind::None;  // the city's ground mesh
  s.raytrace.diffraction_order = 2;
  expect_parity(s, mesh);
}

TEST(RadioMapSbrGpu, EqualsCpuOnMunich) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  const std::string xml = std::string(TARANG_SOURCE_DIR) + "/../shared/data/scenes/munich/munich.xml";
  if (!std::filesystem::exists(xml)) GTEST_SKIP() << "../shared/data not present";
  const SceneMesh mesh = load_mitsuba_scene(xml);
  expect_parity(sbr_scenario(8.5, 21, 27, GridSpec{-400, -400, 400, 400, 5, 1.5}), mesh);
}

}  // namespace
}  // namespace tarang

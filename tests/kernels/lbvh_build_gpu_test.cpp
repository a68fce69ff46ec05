// GPU LBVH build == CPU LBVH build bit for bit (label gpu; skipped without a CUDA device): nodes, leaf-order
// triangle ids and vertices on procedural cities and munich; prints the device build time next to the CPU one.
#include "kernels/lbvh_build_gpu.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "kernels/cuda_runtime_checked.h"
#include "raytrace/lbvh_build.h"
#include "scene/mesh_import.h"
#include "scene/procedural_city.h"

namespace tarang {
namespace {

void expect_same_as_cpu(const SceneMesh& mesh, const std::string& name) {
  const auto start = std::chrono::steady_clock::now();
  const Bvh cpu = build_lbvh(mesh);
  const double cpu_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  double gpu_ms = 0;
  const Bvh gpu = build_lbvh_gpu(mesh, &gpu_ms);
  std::printf("%s: %zu triangles, LBVH build CPU %.1f ms, GPU %.2f ms, SAH cost %.2f\n", name.c_str(),
              mesh.triangle_count(), cpu_ms, gpu_ms, gpu.stats.sah_cost);
  ASSERT_EQ(gpu.nodes.size(), cpu.nodes.size());
  EXPECT_EQ(0, std::memcmp(gpu.nodes.data(), cpu.nodes.data(), cpu.nodes.size() * sizeof(BvhNode)));
  EXPECT_EQ(gpu.triangle_ids, cpu.triangle_ids);
  EXPECT_EQ(gpu.triangle_vertices_m, cpu.triangle_vertices_m);
}

TEST(LbvhBuildGpu, SameArraysAsTheCpuBuildOnProceduralCities) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  for (int blocks : {1, 100, 1000}) {  // 102, 1e5 and 1e7 triangles
    ProceduralCityOptions options;
    options.blocks_per_side = blocks;
    expect_same_as_cpu(make_procedural_city(options), "city G=" + std::to_string(blocks));
  }
}

TEST(LbvhBuildGpu, SameArraysAsTheCpuBuildOnMunich) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  const std::string xml = std::string(TARANG_SOURCE_DIR) + "/../shared/data/scenes/munich/munich.xml";
  if (!std::filesystem::exists(xml)) GTEST_SKIP() << "munich scene not found at " << xml;
  expect_same_as_cpu(load_mitsuba_scene(xml), "munich");
}

}  // namespace
}  // namespace tarang

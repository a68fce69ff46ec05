// CUDA launcher of the SBR radio map: one thread per launch ray running trace_sbr_ray over BvhView.
#include <cuda_runtime.h>

#include <cmath>
#include <memory>
#include <stdexcept>

#include "core/progress.h"
#include "kernels/cuda_runtime_checked.h"
#include "kernels/device_buffer.h"
#include "kernels/lbvh_build_gpu.h"
#include "kernels/radio_map_sbr_gpu.h"
#include "raytrace/bvh.h"
#include "raytrace/bvh_build.h"
#include "raytrace/embree_intersector.h"
#include "raytrace/sbr_gpu_memory_plan.h"
#include "raytrace/sbr_ray.h"
#include "raytrace/sbr_setup.h"
#include "raytrace/tube_footprint.h"

namespace tarang {
namespace {

constexpr std::uint64_t kRaysPerLaunch = 1u << 22;  // bounded launches keep the device responsive for any N
// Scenes this large get the linear BVH built on the device instead of the host SAH build (seconds per site at this
// size); its trees have 1.7x the SAH cost and trace about 2x slower on the CPU (benchmarks/RESULTS.md, issue #6).
// Not yet measured on a device: a value to tune with benchmarks/gpu/check.sh.
constexpr std::size_t kGpuLbvhMinTriangles = std::size_t{1} << 22;

template <typename T>
std::size_t bytes_of(const std::vector<T>& v) {
  return v.size() * sizeof(T);
}

// Deposits of one launch ray: per-sector power spread over the tube footprint with float atomics.
struct AtomicSink {
  const SectorLaunch* sectors;
  int sector_count;
  float launch_gain[kSbrMaxSectorsPerSite];
  SbrDepositWeights weights;
  float west_m, north_m, cell_m;
  int nx, ny;
  float* power;  // [sector_count][ny][nx] of this site
  std::size_t cells;

  __device__ void deposit(float x_m, float y_m, float path_length_m, float spreading_m, float ax_m, float ay_m,
                          const JonesFrame& frame, float plane_cosine, const float row_weight[2]) {
    float h = 0;
    const float w = weights.point_weight(path_length_m, spreading_m, plane_cosine, &h);
    for (int k = 0; k < sector_count; ++k) {
      const float p = launch_gain[k] * launch_carried_power(sectors[k], frame, row_weight) * w;
      if (!(p > 0.0f)) continue;
      float* sector_power = power + static_cast<std::size_t>(k) * cells;
      for_each_tube_footprint_cell(x_m, y_m, h, ax_m, ay_m, west_m, north_m, cell_m, nx, ny,
                                   [&](uint32_t cell, float fraction) { atomicAdd(sector_power + cell, p * fraction); });
    }
  }
};

__global__ void sbr_kernel(SbrParams p, BvhView bvh, AtomicSink sink_template, uint64_t first_ray, uint64_t rays,
                           unsigned long long* segments) {
  const uint64_t i = first_ray + blockIdx.x * static_cast<uint64_t>(blockDim.x) + threadIdx.x;
  if (i >= first_ray + rays) return;
  AtomicSink sink = sink_template;
  const Vec3<float> d0 = launch_direction(p, i);
  for (int k = 0; k < sink.sector_count; ++k) {
    sink.launch_gain[k] = hd::db_to_linear(sector_antenna_gain_dbi(sink.sectors[k].antenna, d0));
  }
  const uint32_t n = trace_sbr_ray(i, p, bvh, sink);
  atomicAdd(segments, static_cast<unsigned long long>(n));
}

}  // namespace

std::vector<float> trace_sbr_gain_maps_gpu(const Scenario& s, const SceneMesh& mesh, const RasterGrid& grid,
                                           Progress* progress, SbrRunStats* stats) {
  SbrSetup setup;
  prepare_sbr(s, mesh, grid, setup);
  SbrParams p = setup.params;
  const std::size_t cells = grid.cell_count();

  // Cells inside buildings and sites inside buildings: the same host checks as the CPU engine.
  const EmbreeIntersector embree(mesh);
  std::vector<char> inside(cells, 0);
  for (int row = 0; row < grid.ny; ++row) {
    for (int col = 0; col < grid.nx; ++col) {
      const Vec3<float> o{p.grid_west_m + (col + 0.5f) * p.cell_m, p.grid_north_m - (row + 0.5f) * p.cell_m,
                          receiver_z_m(setup, static_cast<std::size_t>(row) * grid.nx + col)};
      const Hit h = embree.intersect(Ray{o, {0, 0, 1}, 0.0f, 1e30f});
      inside[static_cast<std::size_t>(row) * grid.nx + col] = is_hit(h) && h.normal.z > 0.0f;
    }
  }

  const Bvh bvh = mesh.triangle_count() >= kGpuLbvhMinTriangles ? build_lbvh_gpu(mesh) : build_bvh(mesh);
  // The resident scene against the device's free memory, before anything of it is allocated: passes of as many
  // sectors as fit, or a one-line error with the sizes.
  const std::size_t scene_bytes = bytes_of(bvh.nodes) + bytes_of(bvh.triangle_vertices_m) +
                                  bytes_of(bvh.triangle_ids) + bytes_of(setup.materials) +
                                  bytes_of(setup.triangle_material) + bytes_of(setup.edges.edges) +
                                  bytes_of(setup.edges.cell_first) + bytes_of(setup.edges.cell_edges) +
                                  bytes_of(setup.edges.cell_z_m) + bytes_of(setup.edges.triangle_edges) +
                                  bytes_of(setup.terrain);
  std::size_t max_sectors = 1;
  for (const auto& launches : setup.sectors) max_sectors = std::max(max_sectors, launches.size());
  const std::size_t sectors_per_pass =
      plan_sbr_gpu_sectors_per_pass(scene_bytes, cells * sizeof(float), max_sectors, cuda_free_memory_bytes());
  DeviceBuffer<BvhNode> nodes(bvh.nodes);
  DeviceBuffer<float> triangle_vertices(bvh.triangle_vertices_m);
  DeviceBuffer<uint32_t> triangle_ids(bvh.triangle_ids);
  BvhView view = bvh.view();
  view.nodes = nodes.get(), view.triangle_vertices_m = triangle_vertices.get(), view.triangle_ids = triangle_ids.get();
  DeviceBuffer<SurfaceMaterial> materials(setup.materials);
  DeviceBuffer<uint16_t> triangle_material(setup.triangle_material);
  p.materials = materials.get(), p.triangle_material = triangle_material.get();
  DeviceBuffer<DiffractionEdge> edges(setup.edges.edges);
  DeviceBuffer<uint32_t> edge_cell_first(setup.edges.cell_first), edge_cell_edges(setup.edges.cell_edges);
  DeviceBuffer<float> edge_cell_z(setup.edges.cell_z_m);
  DeviceBuffer<uint32_t> triangle_edges(setup.edges.triangle_edges);
  p.edges.edges = edges.get(), p.edges.cell_first = edge_cell_first.get(), p.edges.cell_edges = edge_cell_edges.get();
  p.edges.cell_z_m = edge_cell_z.get();
  p.edges.triangle_edges = setup.edges.triangle_edges.empty() ? nullptr : triangle_edges.get();
  DeviceBuffer<float> terrain(setup.terrain);
  p.terrain_m = setup.terrain.empty() ? nullptr : terrain.get();
  DeviceBuffer<unsigned long long> segments(2);  // [0]: the first pass over each site's rays, [1]: repeats
  cuda_check(cudaMemset(segments.get(), 0, 2 * sizeof(unsigned long long)), "cudaMemset");
  DeviceBuffer<float> site_power(sectors_per_pass * cells);

  std::vector<double> power(s.sector_count() * cells, 0.0);
  SbrRunStats local_stats;
  std::size_t first_sector = 0;
  for (std::size_t site = 0; site < s.sites.size(); ++site) {
    std::vector<SectorLaunch> launches = setup.sectors[site];
    // MSI cuts live in host memory: give each MSI sector a device copy.
    std::vector<std::unique_ptr<DeviceBuffer<float>>> msi_cuts;
    for (std::size_t k = 0; k < launches.size(); ++k) {
      const AntennaSpec& a = s.sites[site].sectors[k].antenna;
      if (a.kind != AntennaKind::Msi) continue;
      msi_cuts.push_back(std::make_unique<DeviceBuffer<float>>(a.msi_cuts_db));
      launches[k].antenna.msi.cuts_db = msi_cuts.back()->get();
    }
    DeviceBuffer<SectorLaunch> device_launches(launches);
    p.tx_m = setup.tx_m[site];
    const std::uint64_t rays = s.raytrace.rays;
    // Sectors [pass_first, pass_first + pass_sectors) per pass; every pass retraces the same rays.
    for (std::size_t pass_first = 0; pass_first < launches.size(); pass_first += sectors_per_pass) {
      const std::size_t pass_sectors = std::min(sectors_per_pass, launches.size() - pass_first);
      const bool first_pass = pass_first == 0;
      cuda_check(cudaMemset(site_power.get(), 0, pass_sectors * cells * sizeof(float)), "cudaMemset");
      AtomicSink sink{device_launches.get() + pass_first, static_cast<int>(pass_sectors), {}, setup.weights,
                      p.grid_west_m, p.grid_north_m, p.cell_m, p.nx, p.ny, site_power.get(), cells};
      for (std::uint64_t first = 0; first < rays; first += kRaysPerLaunch) {
        const std::uint64_t count = std::min(kRaysPerLaunch, rays - first);
        constexpr int kBlock = 128;
        sbr_kernel<<<static_cast<unsigned>((count + kBlock - 1) / kBlock), kBlock>>>(
            p, view, sink, first, count, segments.get() + (first_pass ? 0 : 1));
        cuda_check(cudaGetLastError(), "launch sbr_kernel");
        cuda_check(cudaDeviceSynchronize(), "sbr_kernel");
        if (progress != nullptr && first_pass) progress->advance((count + kSbrRaysPerBlock - 1) / kSbrRaysPerBlock);
      }
      std::vector<float> host(pass_sectors * cells);
      cuda_check(cudaMemcpy(host.data(), site_power.get(), host.size() * sizeof(float), cudaMemcpyDeviceToHost),
                 "download maps");
      for (std::size_t i = 0; i < host.size(); ++i) power[(first_sector + pass_first) * cells + i] = host[i];
    }
    first_sector += launches.size();
    local_stats.rays += rays;
  }
  unsigned long long traced = 0;
  cuda_check(cudaMemcpy(&traced, segments.get(), sizeof(traced), cudaMemcpyDeviceToHost), "download counters");
  local_stats.segments = traced;
  if (stats != nullptr) *stats = local_stats;
  return gain_db_from_power(power, inside);
}

}  // namespace tarang

// CUDA launchers of the LBVH steps (raytrace/lbvh.h): one thread per element, CUB for the reduce, sort and scan.
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_reduce.cuh>
#include <cub/device/device_scan.cuh>
#include <cuda_runtime.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "kernels/cuda_runtime_checked.h"
#include "kernels/device_buffer.h"
#include "kernels/lbvh_build_gpu.h"
#include "raytrace/lbvh.h"

namespace tarang {
namespace {

constexpr int kBlock = 256;

unsigned blocks(std::uint64_t n) { return static_cast<unsigned>((n + kBlock - 1) / kBlock); }

__global__ void boxes_kernel(const float* positions, const std::uint32_t* indices, std::uint32_t n, LbvhBox* boxes,
                             LbvhBox* centroids) {
  const std::uint32_t t = blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= n) return;
  boxes[t] = lbvh_triangle_box(positions, indices, t);
  centroids[t] = lbvh_point_box(lbvh_centroid(boxes[t]));
}

struct UnionOp {
  __device__ LbvhBox operator()(const LbvhBox& a, const LbvhBox& b) const { return lbvh_union(a, b); }
};

__global__ void codes_kernel(const LbvhBox* boxes, const LbvhBox* centroid_bounds, std::uint32_t n,
                             std::uint32_t* codes, std::uint32_t* ids) {
  const std::uint32_t t = blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= n) return;
  codes[t] = lbvh_morton_code(boxes[t], *centroid_bounds);
  ids[t] = t;
}

__global__ void leaf_boxes_kernel(const LbvhBox* boxes, const std::uint32_t* sorted_ids, std::uint32_t n,
                                  LbvhBox* leaf_boxes) {
  const std::uint32_t k = blockIdx.x * blockDim.x + threadIdx.x;
  if (k < n) leaf_boxes[k] = boxes[sorted_ids[k]];
}

__global__ void internal_kernel(const std::uint32_t* sorted_codes, LbvhTree tree) {
  const std::uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i + 1 < tree.leaf_count) lbvh_internal_node(i, sorted_codes, tree);
}

// Arrival counter of the bottom-up pass: the fences publish this walk's box before the count and make the
// sibling's box visible after it.
struct DeviceArrive {
  unsigned* counters;
  __device__ unsigned operator()(std::uint32_t node) const {
    __threadfence();
    const unsigned before = atomicAdd(counters + node, 1u);
    __threadfence();
    return before;
  }
};

__global__ void refit_kernel(LbvhTree tree, const LbvhBox* leaf_boxes, LbvhBox* internal_boxes, unsigned* counters) {
  const std::uint32_t leaf = blockIdx.x * blockDim.x + threadIdx.x;
  if (leaf < tree.leaf_count) lbvh_refit_from_leaf(leaf, tree, leaf_boxes, internal_boxes, DeviceArrive{counters});
}

__global__ void pair_flags_kernel(LbvhTree tree, std::uint32_t* flags) {
  const std::uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i + 1 < tree.leaf_count) flags[i] = lbvh_pair_flag(i, tree);
}

__global__ void nodes_kernel(LbvhTree tree, const LbvhBox* leaf_boxes, const LbvhBox* internal_boxes,
                             const std::uint32_t* pair_rank, BvhNode* nodes) {
  const std::uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (tree.leaf_count == 1 && i == 0) lbvh_write_single_leaf(leaf_boxes, nodes);
  if (i + 1 < tree.leaf_count) lbvh_write_nodes(i, tree, leaf_boxes, internal_boxes, pair_rank, nodes);
}

__global__ void triangles_kernel(const std::uint32_t* sorted_ids, const float* positions, const std::uint32_t* indices,
                                 std::uint32_t n, std::uint32_t* triangle_ids, float* vertices) {
  const std::uint32_t k = blockIdx.x * blockDim.x + threadIdx.x;
  if (k < n) lbvh_write_triangle(k, sorted_ids, positions, indices, triangle_ids, vertices);
}

void check_launch(const char* what) { cuda_check(cudaGetLastError(), what); }

}  // namespace

Bvh build_lbvh_gpu(const SceneMesh& mesh, double* build_ms) {
  check_bvh_mesh(mesh);
  Bvh bvh;
  const std::uint32_t n = static_cast<std::uint32_t>(mesh.triangle_count());
  if (n == 0) return bvh;
  const std::uint32_t internal_count = n - 1;
  DeviceBuffer<float> positions(mesh.positions_m.size());
  DeviceBuffer<std::uint32_t> indices(mesh.indices.size());
  positions.upload(mesh.positions_m);
  indices.upload(mesh.indices);

  cudaEvent_t start = nullptr, stop = nullptr;
  cuda_check(cudaEventCreate(&start), "cudaEventCreate");
  cuda_check(cudaEventCreate(&stop), "cudaEventCreate");
  cuda_check(cudaEventRecord(start), "cudaEventRecord");

  // 1-2: boxes, centroid bounds, Morton codes.
  DeviceBuffer<LbvhBox> boxes(n), centroids(n), centroid_bounds(1);
  boxes_kernel<<<blocks(n), kBlock>>>(positions.get(), indices.get(), n, boxes.get(), centroids.get());
  check_launch("boxes_kernel");
  const float inf = std::numeric_limits<float>::infinity();
  const LbvhBox empty{{inf, inf, inf}, {-inf, -inf, -inf}};
  std::size_t reduce_bytes = 0;
  cuda_check(cub::DeviceReduce::Reduce(nullptr, reduce_bytes, centroids.get(), centroid_bounds.get(),
                                       static_cast<int>(n), UnionOp{}, empty),
             "cub reduce");
  DeviceBuffer<unsigned char> reduce_temp(reduce_bytes);
  cuda_check(cub::DeviceReduce::Reduce(reduce_temp.get(), reduce_bytes, centroids.get(), centroid_bounds.get(),
                                       static_cast<int>(n), UnionOp{}, empty),
             "cub reduce");
  DeviceBuffer<std::uint32_t> codes(n), ids(n), sorted_codes(n), sorted_ids(n);
  codes_kernel<<<blocks(n), kBlock>>>(boxes.get(), centroid_bounds.get(), n, codes.get(), ids.get());
  check_launch("codes_kernel");

  // 3: stable radix sort of the ids by code, i.e. by (code, id) as on the host.
  std::size_t sort_bytes = 0;
  cuda_check(cub::DeviceRadixSort::SortPairs(nullptr, sort_bytes, codes.get(), sorted_codes.get(), ids.get(),
                                             sorted_ids.get(), static_cast<int>(n), 0, 30),
             "cub sort");
  DeviceBuffer<unsigned char> sort_temp(sort_bytes);
  cuda_check(cub::DeviceRadixSort::SortPairs(sort_temp.get(), sort_bytes, codes.get(), sorted_codes.get(), ids.get(),
                                             sorted_ids.get(), static_cast<int>(n), 0, 30),
             "cub sort");
  DeviceBuffer<LbvhBox> leaf_boxes(n);
  leaf_boxes_kernel<<<blocks(n), kBlock>>>(boxes.get(), sorted_ids.get(), n, leaf_boxes.get());
  check_launch("leaf_boxes_kernel");

  // 4-6: radix tree, bottom-up boxes, pair ranks, nodes.
  DeviceBuffer<std::uint32_t> child(2 * std::size_t{internal_count}), parent(2 * std::size_t{n} - 1);
  DeviceBuffer<std::uint32_t> range_first(internal_count), range_last(internal_count);
  const LbvhTree tree{n, child.get(), parent.get(), range_first.get(), range_last.get()};
  DeviceBuffer<LbvhBox> internal_boxes(internal_count);
  DeviceBuffer<std::uint32_t> flags(internal_count), pair_rank(internal_count);
  std::uint32_t pairs = 0;
  if (internal_count > 0) {
    internal_kernel<<<blocks(internal_count), kBlock>>>(sorted_codes.get(), tree);
    check_launch("internal_kernel");
    DeviceBuffer<unsigned> counters(internal_count);
    cuda_check(cudaMemset(counters.get(), 0, internal_count * sizeof(unsigned)), "cudaMemset");
    refit_kernel<<<blocks(n), kBlock>>>(tree, leaf_boxes.get(), internal_boxes.get(), counters.get());
    check_launch("refit_kernel");
    pair_flags_kernel<<<blocks(internal_count), kBlock>>>(tree, flags.get());
    check_launch("pair_flags_kernel");
    std::size_t scan_bytes = 0;
    cuda_check(cub::DeviceScan::ExclusiveSum(nullptr, scan_bytes, flags.get(), pair_rank.get(),
                                             static_cast<int>(internal_count)),
               "cub scan");
    DeviceBuffer<unsigned char> scan_temp(scan_bytes);
    cuda_check(cub::DeviceScan::ExclusiveSum(scan_temp.get(), scan_bytes, flags.get(), pair_rank.get(),
                                             static_cast<int>(internal_count)),
               "cub scan");
    std::uint32_t last[2] = {0, 0};
    cuda_check(cudaMemcpy(&last[0], pair_rank.get() + internal_count - 1, sizeof(std::uint32_t),
                          cudaMemcpyDeviceToHost),
               "download pair count");
    cuda_check(cudaMemcpy(&last[1], flags.get() + internal_count - 1, sizeof(std::uint32_t), cudaMemcpyDeviceToHost),
               "download pair count");
    pairs = last[0] + last[1];
  }
  const std::size_t node_count = 2 + 2 * std::size_t{pairs};
  DeviceBuffer<BvhNode> nodes(node_count);
  nodes_kernel<<<blocks(internal_count > 0 ? internal_count : 1), kBlock>>>(tree, leaf_boxes.get(),
                                                                            internal_boxes.get(), pair_rank.get(),
                                                                            nodes.get());
  check_launch("nodes_kernel");

  // 7: leaf-order triangles.
  DeviceBuffer<std::uint32_t> triangle_ids(n);
  DeviceBuffer<float> vertices(9 * std::size_t{n});
  triangles_kernel<<<blocks(n), kBlock>>>(sorted_ids.get(), positions.get(), indices.get(), n, triangle_ids.get(),
                                          vertices.get());
  check_launch("triangles_kernel");
  cuda_check(cudaEventRecord(stop), "cudaEventRecord");
  cuda_check(cudaEventSynchronize(stop), "lbvh build");
  float ms = 0;
  cuda_check(cudaEventElapsedTime(&ms, start, stop), "cudaEventElapsedTime");
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  if (build_ms != nullptr) *build_ms = ms;

  bvh.nodes.resize(node_count);
  bvh.triangle_ids.resize(n);
  bvh.triangle_vertices_m.resize(9 * std::size_t{n});
  nodes.download(bvh.nodes);
  triangle_ids.download(bvh.triangle_ids);
  vertices.download(bvh.triangle_vertices_m);
  bvh.stats = measure_bvh(bvh.nodes);
  return bvh;
}

}  // namespace tarang

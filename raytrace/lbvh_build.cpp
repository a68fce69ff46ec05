// CPU driver of the LBVH steps (raytrace/lbvh.h): parallel loops for the per-element steps, std::sort for the sort,
// std::atomic arrival counters for the bottom-up boxes.
#include "raytrace/lbvh_build.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/parallel_for.h"
#include "raytrace/lbvh.h"

namespace tarang {

Bvh build_lbvh(const SceneMesh& mesh, int threads) {
  if (threads <= 0) threads = default_thread_count();
  check_bvh_mesh(mesh);
  Bvh bvh;
  const std::uint32_t n = static_cast<std::uint32_t>(mesh.triangle_count());
  if (n == 0) return bvh;
  const float* positions = mesh.positions_m.data();
  const std::uint32_t* indices = mesh.indices.data();
  auto for_each = [threads](std::size_t count, auto&& fn) {
    parallel_for_chunks(
        count,
        [&](std::size_t begin, std::size_t end) {
          for (std::size_t i = begin; i < end; ++i) fn(static_cast<std::uint32_t>(i));
        },
        threads);
  };

  // 1-2: triangle boxes, centroid bounds (an exact min/max, so the chunking does not matter) and Morton codes.
  std::vector<LbvhBox> boxes(n);
  for_each(n, [&](std::uint32_t t) { boxes[t] = lbvh_triangle_box(positions, indices, t); });
  LbvhBox centroid_bounds = lbvh_point_box(lbvh_centroid(boxes[0]));
  for (const LbvhBox& b : boxes) centroid_bounds = lbvh_union(centroid_bounds, lbvh_point_box(lbvh_centroid(b)));
  // 3: sort by (code, id), as a stable radix sort of the ids by code would.
  std::vector<std::uint64_t> keys(n);
  for_each(n, [&](std::uint32_t t) {
    keys[t] = (std::uint64_t{lbvh_morton_code(boxes[t], centroid_bounds)} << 32) | t;
  });
  std::sort(keys.begin(), keys.end());
  std::vector<std::uint32_t> codes(n), sorted_ids(n);
  std::vector<LbvhBox> leaf_boxes(n);
  for_each(n, [&](std::uint32_t k) {
    codes[k] = static_cast<std::uint32_t>(keys[k] >> 32);
    sorted_ids[k] = static_cast<std::uint32_t>(keys[k]);
    leaf_boxes[k] = boxes[sorted_ids[k]];
  });

  // 4-6: radix tree, bottom-up boxes, pair ranks and the BvhNode array.
  const std::uint32_t internal_count = n - 1;
  std::vector<std::uint32_t> child(2 * std::size_t{internal_count}), parent(2 * std::size_t{n} - 1);
  std::vector<std::uint32_t> range_first(internal_count), range_last(internal_count);
  const LbvhTree tree{n, child.data(), parent.data(), range_first.data(), range_last.data()};
  if (n == 1) {
    bvh.nodes.resize(2);
    lbvh_write_single_leaf(leaf_boxes.data(), bvh.nodes.data());
  } else {
    for_each(internal_count, [&](std::uint32_t i) { lbvh_internal_node(i, codes.data(), tree); });
    std::vector<LbvhBox> internal_boxes(internal_count);
    const std::unique_ptr<std::atomic<std::uint32_t>[]> arrivals(new std::atomic<std::uint32_t>[internal_count]);
    for (std::uint32_t i = 0; i < internal_count; ++i) arrivals[i].store(0, std::memory_order_relaxed);
    // acq_rel: the second arrival sees the box its sibling's walk wrote before arriving.
    auto arrive = [&](std::uint32_t node) { return arrivals[node].fetch_add(1, std::memory_order_acq_rel); };
    for_each(n, [&](std::uint32_t leaf) {
      lbvh_refit_from_leaf(leaf, tree, leaf_boxes.data(), internal_boxes.data(), arrive);
    });
    std::vector<std::uint32_t> pair_rank(internal_count);
    std::uint32_t pairs = 0;
    for (std::uint32_t i = 0; i < internal_count; ++i) {  // exclusive scan of the pair flags
      pair_rank[i] = pairs;
      pairs += lbvh_pair_flag(i, tree);
    }
    bvh.nodes.resize(2 + 2 * std::size_t{pairs});
    for_each(internal_count, [&](std::uint32_t i) {
      lbvh_write_nodes(i, tree, leaf_boxes.data(), internal_boxes.data(), pair_rank.data(), bvh.nodes.data());
    });
  }

  // 7: leaf-order triangles.
  bvh.triangle_ids.resize(n);
  bvh.triangle_vertices_m.resize(9 * std::size_t{n});
  for_each(n, [&](std::uint32_t k) {
    lbvh_write_triangle(k, sorted_ids.data(), positions, indices, bvh.triangle_ids.data(),
                        bvh.triangle_vertices_m.data());
  });
  bvh.stats = measure_bvh(bvh.nodes);
  return bvh;
}

}  // namespace tarang

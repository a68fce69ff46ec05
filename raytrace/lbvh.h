// Per-element steps of the linear BVH build (Karras 2012), shared by the host loops (raytrace/lbvh_build.cpp) and
// the CUDA kernels (kernels/lbvh_build_gpu.cu); the result is tarang's BvhNode layout (raytrace/bvh.h).
//
// Steps, each a function of one element index so that a loop or a kernel can run it:
//  1. lbvh_triangle_box: the box of each triangle; the centroid bounds of all boxes are then reduced (a min/max).
//  2. lbvh_morton_code: a 30-bit Morton code of each box centroid in the centroid bounds (10 bits per axis).
//  3. (caller) sort the triangle ids by (code, id): a radix sort by code of ids in increasing order gives this.
//  4. lbvh_internal_node: the binary radix tree over the sorted keys (code, position), one call per internal node:
//     its key range, split and children. Keys are distinct, so the tree has exactly n - 1 internal nodes.
//  5. lbvh_refit_from_leaf: bottom-up boxes. Each leaf walks to the root; at each parent the first arrival stops
//     and the second (which then sees both children's boxes) unions them and goes on. `arrive` tells which.
//  6. lbvh_pair_flag + an exclusive scan + lbvh_write_nodes: the tree in BvhNode layout. A subtree of at most
//     kBvhMaxLeafTriangles triangles becomes one leaf (its triangles are consecutive in sorted order); every other
//     internal node gets a sibling pair of slots at 2 + 2 * (its rank among such nodes).
//  7. lbvh_write_triangle: the leaf-order vertex copy and mesh triangle id of each sorted slot.
//
// Depth. Along a root-leaf path the common-prefix length of the node's keys strictly increases; with 30 code bits
// and positions below 2^31 it takes at most 62 values (0..30 and 33..63), so no leaf is deeper than 62 and the
// fixed traversal stack of kBvhMaxDepth = 64 entries is enough.
#pragma once

#include <stdint.h>

#include "core/hd.h"
#include "core/vec3.h"
#include "raytrace/bvh.h"

namespace tarang {

// An axis-aligned box; empty when lo > hi.
struct LbvhBox {
  Vec3<float> lo_m, hi_m;
};

// Karras tree of n leaves (sorted triangles 0..n-1) and n - 1 internal nodes (root 0). A child index c < n - 1 is
// internal node c; c >= n - 1 is leaf c - (n - 1).
struct LbvhTree {
  uint32_t leaf_count;
  uint32_t* child;        // [2 (n - 1)]: left, right of each internal node
  uint32_t* parent;       // [2 n - 1]: of internal nodes, then of leaves (index n - 1 + leaf); root's is unused
  uint32_t* range_first;  // [n - 1]: first sorted triangle under each internal node
  uint32_t* range_last;   // [n - 1]: last sorted triangle under each internal node
};

namespace lbvh_detail {

TARANG_HD inline float min_f(float a, float b) { return a < b ? a : b; }
TARANG_HD inline float max_f(float a, float b) { return a > b ? a : b; }

TARANG_HD inline int count_leading_zeros(uint32_t x) {
#if defined(__CUDA_ARCH__)
  return __clz(static_cast<int>(x));
#else
  return x == 0 ? 32 : __builtin_clz(x);
#endif
}

// Spreads the low 10 bits of v to every third bit.
TARANG_HD inline uint32_t expand_bits(uint32_t v) {
  v = (v * 0x00010001u) & 0xFF0000FFu;
  v = (v * 0x00000101u) & 0x0F00F00Fu;
  v = (v * 0x00000011u) & 0xC30C30C3u;
  v = (v * 0x00000005u) & 0x49249249u;
  return v;
}

// Length of the common prefix of keys i and j (code, then position as a tie-break); -1 when j is out of range.
TARANG_HD inline int common_prefix(const uint32_t* codes, int64_t n, int64_t i, int64_t j) {
  if (j < 0 || j >= n) return -1;
  const uint32_t a = codes[i], b = codes[j];
  if (a != b) return count_leading_zeros(a ^ b);
  return 32 + count_leading_zeros(static_cast<uint32_t>(i) ^ static_cast<uint32_t>(j));
}

}  // namespace lbvh_detail

TARANG_HD inline LbvhBox lbvh_union(const LbvhBox& a, const LbvhBox& b) {
  using lbvh_detail::max_f;
  using lbvh_detail::min_f;
  return LbvhBox{{min_f(a.lo_m.x, b.lo_m.x), min_f(a.lo_m.y, b.lo_m.y), min_f(a.lo_m.z, b.lo_m.z)},
                 {max_f(a.hi_m.x, b.hi_m.x), max_f(a.hi_m.y, b.hi_m.y), max_f(a.hi_m.z, b.hi_m.z)}};
}

// The box of a point (to accumulate centroid bounds).
TARANG_HD inline LbvhBox lbvh_point_box(const Vec3<float>& p) { return LbvhBox{p, p}; }

TARANG_HD inline Vec3<float> lbvh_centroid(const LbvhBox& b) { return 0.5f * (b.lo_m + b.hi_m); }

// Step 1: box of mesh triangle t (positions: 3 floats per vertex, indices: 3 per triangle).
TARANG_HD inline LbvhBox lbvh_triangle_box(const float* positions_m, const uint32_t* indices, uint32_t t) {
  LbvhBox box{{0, 0, 0}, {0, 0, 0}};
  for (int k = 0; k < 3; ++k) {
    const float* p = positions_m + 3 * static_cast<uint64_t>(indices[3 * static_cast<uint64_t>(t) + k]);
    const LbvhBox corner = lbvh_point_box(Vec3<float>{p[0], p[1], p[2]});
    box = k == 0 ? corner : lbvh_union(box, corner);
  }
  return box;
}

// Step 2: Morton code of the box's centroid, quantised to a cube of 1024^3 cells whose edge is the largest extent
// of the centroid bounds. Cubic cells keep the order's splits spatially balanced on flat scenes: scaling each axis
// to its own extent would spend as many bits on a city's 80 m of height as on its kilometres of width.
TARANG_HD inline uint32_t lbvh_morton_code(const LbvhBox& box, const LbvhBox& centroid_bounds) {
  const Vec3<float> c = lbvh_centroid(box);
  const float lo[3] = {centroid_bounds.lo_m.x, centroid_bounds.lo_m.y, centroid_bounds.lo_m.z};
  const Vec3<float> e = centroid_bounds.hi_m - centroid_bounds.lo_m;
  const float extent = lbvh_detail::max_f(e.x, lbvh_detail::max_f(e.y, e.z));
  const float p[3] = {c.x, c.y, c.z};
  uint32_t cell[3];
  for (int a = 0; a < 3; ++a) {
    const float u = extent > 0.0f ? (p[a] - lo[a]) / extent * 1024.0f : 0.0f;
    cell[a] = u <= 0.0f ? 0u : (u >= 1023.0f ? 1023u : static_cast<uint32_t>(u));
  }
  using lbvh_detail::expand_bits;
  return (expand_bits(cell[0]) << 2) | (expand_bits(cell[1]) << 1) | expand_bits(cell[2]);
}

// Step 4: internal node i (0 <= i < n - 1) of the radix tree over the n sorted codes: its range, children and
// their parent links.
TARANG_HD inline void lbvh_internal_node(uint32_t node, const uint32_t* sorted_codes, const LbvhTree& tree) {
  using lbvh_detail::common_prefix;
  const int64_t n = tree.leaf_count, i = node;
  // Direction of the range: towards the neighbour sharing the longer prefix.
  const int d = common_prefix(sorted_codes, n, i, i + 1) - common_prefix(sorted_codes, n, i, i - 1) >= 0 ? 1 : -1;
  const int delta_min = common_prefix(sorted_codes, n, i, i - d);
  // Upper bound of the range length, then its exact other end j by binary search.
  int64_t length_max = 2;
  while (common_prefix(sorted_codes, n, i, i + length_max * d) > delta_min) length_max *= 2;
  int64_t length = 0;
  for (int64_t step = length_max / 2; step >= 1; step /= 2) {
    if (common_prefix(sorted_codes, n, i, i + (length + step) * d) > delta_min) length += step;
  }
  const int64_t j = i + length * d;
  // Split: the last key sharing more than the range's common prefix with key i.
  const int delta_node = common_prefix(sorted_codes, n, i, j);
  int64_t split = 0;
  for (int64_t divisor = 2;; divisor *= 2) {
    const int64_t step = (length + divisor - 1) / divisor;
    if (common_prefix(sorted_codes, n, i, i + (split + step) * d) > delta_node) split += step;
    if (step <= 1) break;
  }
  const int64_t gamma = i + split * d + (d < 0 ? -1 : 0);
  const int64_t first = i < j ? i : j, last = i < j ? j : i;
  const uint32_t internal_count = tree.leaf_count - 1;
  const uint32_t left = first == gamma ? internal_count + static_cast<uint32_t>(gamma) : static_cast<uint32_t>(gamma);
  const uint32_t right =
      last == gamma + 1 ? internal_count + static_cast<uint32_t>(gamma + 1) : static_cast<uint32_t>(gamma + 1);
  tree.child[2 * static_cast<uint64_t>(node)] = left;
  tree.child[2 * static_cast<uint64_t>(node) + 1] = right;
  tree.parent[left] = node;
  tree.parent[right] = node;
  tree.range_first[node] = static_cast<uint32_t>(first);
  tree.range_last[node] = static_cast<uint32_t>(last);
}

// Step 5: from sorted leaf `leaf` up towards the root. leaf_boxes: box of each sorted triangle; internal_boxes:
// filled here. arrive(node) is an atomic "how many arrived before me" counter per internal node, after which the
// caller's fences make the sibling's box visible: 0 means the sibling is not done yet and this walk ends.
template <typename Arrive>
TARANG_HD inline void lbvh_refit_from_leaf(uint32_t leaf, const LbvhTree& tree, const LbvhBox* leaf_boxes,
                                           LbvhBox* internal_boxes, Arrive&& arrive) {
  const uint32_t internal_count = tree.leaf_count - 1;
  if (internal_count == 0) return;
  uint32_t node = internal_count + leaf;
  for (;;) {
    const uint32_t p = tree.parent[node];
    if (arrive(p) == 0) return;
    const uint32_t left = tree.child[2 * static_cast<uint64_t>(p)], right = tree.child[2 * static_cast<uint64_t>(p) + 1];
    const LbvhBox& a = left < internal_count ? internal_boxes[left] : leaf_boxes[left - internal_count];
    const LbvhBox& b = right < internal_count ? internal_boxes[right] : leaf_boxes[right - internal_count];
    internal_boxes[p] = lbvh_union(a, b);
    if (p == 0) return;
    node = p;
  }
}

// Triangles under internal node i.
TARANG_HD inline uint32_t lbvh_range_size(uint32_t i, const LbvhTree& tree) {
  return tree.range_last[i] - tree.range_first[i] + 1;
}

// Step 6a: 1 when internal node i stays an interior BvhNode (more than kBvhMaxLeafTriangles triangles), else 0.
// An exclusive scan of these flags gives each interior node its pair rank.
TARANG_HD inline uint32_t lbvh_pair_flag(uint32_t i, const LbvhTree& tree) {
  return lbvh_range_size(i, tree) > kBvhMaxLeafTriangles ? 1u : 0u;
}

// The BvhNode of Karras node c (internal or leaf), given the pair ranks.
TARANG_HD inline BvhNode lbvh_bvh_node(uint32_t c, const LbvhTree& tree, const LbvhBox* leaf_boxes,
                                       const LbvhBox* internal_boxes, const uint32_t* pair_rank) {
  const uint32_t internal_count = tree.leaf_count - 1;
  if (c >= internal_count) {
    const LbvhBox& b = leaf_boxes[c - internal_count];
    return BvhNode{b.lo_m, c - internal_count, b.hi_m, 1};
  }
  const LbvhBox& b = internal_boxes[c];
  if (lbvh_pair_flag(c, tree) != 0) return BvhNode{b.lo_m, 2 + 2 * pair_rank[c], b.hi_m, 0};
  return BvhNode{b.lo_m, tree.range_first[c], b.hi_m, lbvh_range_size(c, tree)};
}

// Step 6b: for internal node i, writes its children into its pair of slots if it has one; node 0 also writes the
// root (slot 0) and the pad (slot 1). A tree of one triangle has no internal node: see lbvh_write_single_leaf.
TARANG_HD inline void lbvh_write_nodes(uint32_t i, const LbvhTree& tree, const LbvhBox* leaf_boxes,
                                       const LbvhBox* internal_boxes, const uint32_t* pair_rank, BvhNode* nodes) {
  if (i == 0) {
    nodes[0] = lbvh_bvh_node(0, tree, leaf_boxes, internal_boxes, pair_rank);
    nodes[1] = BvhNode{{0, 0, 0}, 0, {0, 0, 0}, 0};
  }
  if (lbvh_pair_flag(i, tree) == 0) return;
  const uint64_t slot = 2 + 2 * static_cast<uint64_t>(pair_rank[i]);
  for (int side = 0; side < 2; ++side) {
    nodes[slot + side] =
        lbvh_bvh_node(tree.child[2 * static_cast<uint64_t>(i) + side], tree, leaf_boxes, internal_boxes, pair_rank);
  }
}

// Step 6b for n = 1: the root is a leaf of the one triangle.
TARANG_HD inline void lbvh_write_single_leaf(const LbvhBox* leaf_boxes, BvhNode* nodes) {
  nodes[0] = BvhNode{leaf_boxes[0].lo_m, 0, leaf_boxes[0].hi_m, 1};
  nodes[1] = BvhNode{{0, 0, 0}, 0, {0, 0, 0}, 0};
}

// Step 7: leaf-order slot k holds mesh triangle sorted_ids[k]: its id and its 9 vertex coordinates.
TARANG_HD inline void lbvh_write_triangle(uint32_t k, const uint32_t* sorted_ids, const float* positions_m,
                                          const uint32_t* indices, uint32_t* triangle_ids, float* vertices_m) {
  const uint32_t t = sorted_ids[k];
  triangle_ids[k] = t;
  for (int corner = 0; corner < 3; ++corner) {
    const float* p = positions_m + 3 * static_cast<uint64_t>(indices[3 * static_cast<uint64_t>(t) + corner]);
    float* out = vertices_m + 9 * static_cast<uint64_t>(k) + 3 * corner;
    out[0] = p[0], out[1] = p[1], out[2] = p[2];
  }
}

}  // namespace tarang

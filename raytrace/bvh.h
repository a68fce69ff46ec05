// tarang's own BVH for host and device: 32-byte nodes, ordered stack traversal and a watertight triangle test.
//
// Layout. Node 0 is the root; node 1 is an unused pad so that the two children of every interior node sit side by
// side at an even index (first, first + 1): with a 64-byte aligned array each sibling pair fills one cache line
// (one 64-byte load on the GPU). Leaves hold 1..kBvhMaxLeafTriangles consecutive triangles of the leaf-order
// arrays, whose vertices are copied (9 floats per triangle) so a leaf reads one contiguous block.
//
// Traversal. Both children's boxes are tested; the nearer one (by entry distance) is visited first and the farther
// one is pushed with its entry distance, so popped nodes behind the closest hit so far are skipped. The builder
// (bvh_build.h) bounds the depth by kBvhMaxDepth and each level pushes at most one node, so a fixed stack of
// kBvhMaxDepth entries never overflows.
//
// Robustness. Triangles use the watertight test of Woop, Benthin and Wald (JCGT 2013): the ray is sheared so it
// runs along +z through the origin, the three 2D edge functions are evaluated with correctly rounded products (and
// recomputed in double when one is zero), so a ray through an edge or vertex shared by several triangles always
// hits at least one. Boxes use slab tests whose far distances are enlarged by 1 + 2 gamma(3) (Ize 2013) and in which
// the 0 x inf NaN of a ray lying in a slab plane is ignored, so boxes never cull a triangle the ray hits.
#pragma once

#include <stdint.h>

#include "core/hd.h"
#include "core/hd_math.h"
#include "core/vec3.h"
#include "raytrace/ray_hit.h"

namespace tarang {

constexpr int kBvhMaxDepth = 64;           // deepest leaf the builder makes, and the traversal stack size
constexpr uint32_t kBvhMaxLeafTriangles = 4;

// One node: the box, and either the index of its first child (interior, triangle_count 0; the second child is at
// first + 1) or the first triangle of its leaf-order range (leaf, triangle_count 1..kBvhMaxLeafTriangles).
struct alignas(32) BvhNode {
  Vec3<float> lo_m;
  uint32_t first;
  Vec3<float> hi_m;
  uint32_t triangle_count;
};
static_assert(sizeof(BvhNode) == 32, "BvhNode must stay 32 bytes");

namespace bvh_detail {

// Slab far distances are enlarged by 1 + 2 gamma(3), gamma(n) = n u / (1 - n u), u = 2^-24: the worst rounding of
// (bound - origin) x (1 / direction) on both slab ends.
constexpr float kFarScale = 1.0f + 2.0f * (3.0f * 5.96046448e-8f) / (1.0f - 3.0f * 5.96046448e-8f);

TARANG_HD inline float component(const Vec3<float>& v, int axis) { return axis == 0 ? v.x : (axis == 1 ? v.y : v.z); }

// a b - c d with each product rounded to float exactly once and no fused multiply-add, so that swapping the two
// vertices of an edge gives exactly the negated value (the property watertightness rests on).
TARANG_HD inline float difference_of_products(float a, float b, float c, float d) {
#if defined(__CUDA_ARCH__)
  return __fsub_rn(__fmul_rn(a, b), __fmul_rn(c, d));
#else
  // The product of two floats is exact in double; the cast rounds it once, and nothing is left to contract.
  const float ab = static_cast<float>(static_cast<double>(a) * static_cast<double>(b));
  const float cd = static_cast<float>(static_cast<double>(c) * static_cast<double>(d));
  return ab - cd;
#endif
}

// Per-ray constants of the slab and watertight tests.
struct TraversalRay {
  Vec3<float> origin;
  Vec3<float> inv_direction;  // 1 / d per axis: +-inf where a component is +-0
  int kx, ky, kz;             // kz: axis of the largest |d|; (kx, ky) swapped when d[kz] < 0 to keep the winding
  float origin_x, origin_y, origin_z;  // origin in the permuted axes (kx, ky, kz)
  float shear_x, shear_y, shear_z;
  float t_min;
};

TARANG_HD inline TraversalRay make_traversal_ray(const Ray& ray) {
  TraversalRay r;
  r.origin = ray.origin;
  r.inv_direction = {1.0f / ray.direction.x, 1.0f / ray.direction.y, 1.0f / ray.direction.z};
  const float ax = hd::fabs(ray.direction.x), ay = hd::fabs(ray.direction.y), az = hd::fabs(ray.direction.z);
  r.kz = (ax >= ay && ax >= az) ? 0 : (ay >= az ? 1 : 2);
  r.kx = (r.kz + 1) % 3;
  r.ky = (r.kx + 1) % 3;
  const float dz = component(ray.direction, r.kz);
  if (dz < 0.0f) {
    const int swap = r.kx;
    r.kx = r.ky, r.ky = swap;
  }
  r.origin_x = component(ray.origin, r.kx);
  r.origin_y = component(ray.origin, r.ky);
  r.origin_z = component(ray.origin, r.kz);
  r.shear_x = component(ray.direction, r.kx) / dz;
  r.shear_y = component(ray.direction, r.ky) / dz;
  r.shear_z = 1.0f / dz;
  r.t_min = ray.t_min;
  return r;
}

// Slab test of the ray against a node's box over (t_min, t_max); on success t_entry is where the ray enters.
TARANG_HD inline bool box_hit(const BvhNode& node, const TraversalRay& r, float t_max, float& t_entry) {
  float t0 = r.t_min, t1 = t_max;
  const float lo[3] = {node.lo_m.x, node.lo_m.y, node.lo_m.z}, hi[3] = {node.hi_m.x, node.hi_m.y, node.hi_m.z};
  const float o[3] = {r.origin.x, r.origin.y, r.origin.z};
  const float inv[3] = {r.inv_direction.x, r.inv_direction.y, r.inv_direction.z};
  for (int k = 0; k < 3; ++k) {
    const bool negative = inv[k] < 0.0f;
    const float near = ((negative ? hi[k] : lo[k]) - o[k]) * inv[k];
    const float far = ((negative ? lo[k] : hi[k]) - o[k]) * inv[k] * kFarScale;
    // Comparisons with NaN are false: a ray lying in a slab plane (0 x inf) keeps the interval unchanged.
    if (near > t0) t0 = near;
    if (far < t1) t1 = far;
  }
  t_entry = t0;
  return t0 <= t1;
}

// Watertight ray-triangle test (Woop, Benthin, Wald 2013). v: a, b, c (9 floats). True, with t, for a hit of
// either side in (t_min, t_max).
TARANG_HD inline bool triangle_hit(const float* v, const TraversalRay& r, float t_max, float& t) {
  const float ox = r.origin_x, oy = r.origin_y, oz = r.origin_z;
  // Vertices relative to the origin, sheared so that the ray becomes the +z axis.
  const float a_z = v[r.kz] - oz, b_z = v[3 + r.kz] - oz, c_z = v[6 + r.kz] - oz;
  const float a_x = (v[r.kx] - ox) - r.shear_x * a_z, a_y = (v[r.ky] - oy) - r.shear_y * a_z;
  const float b_x = (v[3 + r.kx] - ox) - r.shear_x * b_z, b_y = (v[3 + r.ky] - oy) - r.shear_y * b_z;
  const float c_x = (v[6 + r.kx] - ox) - r.shear_x * c_z, c_y = (v[6 + r.ky] - oy) - r.shear_y * c_z;
  // Scaled barycentrics: 2D edge functions of the origin against edges bc, ca, ab.
  float u = difference_of_products(c_x, b_y, c_y, b_x);
  float w_v = difference_of_products(a_x, c_y, a_y, c_x);
  float w = difference_of_products(b_x, a_y, b_y, a_x);
  if (u == 0.0f || w_v == 0.0f || w == 0.0f) {
    // On an edge in float: decide the sign exactly in double (products of floats are exact there).
    u = static_cast<float>(static_cast<double>(c_x) * b_y - static_cast<double>(c_y) * b_x);
    w_v = static_cast<float>(static_cast<double>(a_x) * c_y - static_cast<double>(a_y) * c_x);
    w = static_cast<float>(static_cast<double>(b_x) * a_y - static_cast<double>(b_y) * a_x);
  }
  if ((u < 0.0f || w_v < 0.0f || w < 0.0f) && (u > 0.0f || w_v > 0.0f || w > 0.0f)) return false;
  const float det = u + w_v + w;
  if (det == 0.0f) return false;  // the ray lies in the triangle's plane, or the triangle is degenerate
  const float scaled_t = u * (r.shear_z * a_z) + w_v * (r.shear_z * b_z) + w * (r.shear_z * c_z);
  t = scaled_t / det;
  return t > r.t_min && t < t_max;
}

}  // namespace bvh_detail

// Non-owning view of a built BVH (host or device pointers); what the tracers take as their intersector.
struct BvhView {
  const BvhNode* nodes;
  const float* triangle_vertices_m;  // a, b, c (9 floats) per triangle, in leaf order
  const uint32_t* triangle_ids;      // mesh triangle index of each leaf-order triangle
  uint32_t triangle_count;

  // Closest hit in (t_min, t_max); the normal is the unit cross(b - a, c - a) of the mesh triangle, not flipped.
  TARANG_HD Hit intersect(const Ray& ray) const {
    float t_best = ray.t_max;
    const uint32_t slot = traverse<false>(ray, t_best);
    if (slot == kNoHit) return Hit{ray.t_max, kNoHit, {0.0f, 0.0f, 0.0f}};
    const float* v = triangle_vertices_m + 9 * static_cast<uint64_t>(slot);
    const Vec3<float> e1{v[3] - v[0], v[4] - v[1], v[5] - v[2]}, e2{v[6] - v[0], v[7] - v[1], v[8] - v[2]};
    return Hit{t_best, triangle_ids[slot], normalize(cross(e1, e2))};
  }

  // Any hit in (t_min, t_max): stops at the first triangle found (shadow and visibility rays).
  TARANG_HD bool occluded(const Ray& ray) const {
    float t_max = ray.t_max;
    return traverse<true>(ray, t_max) != kNoHit;
  }

 private:
  // Returns the leaf-order slot of the closest (or, with kAnyHit, the first found) hit, kNoHit if none; t_best
  // enters as t_max and leaves as the hit distance.
  template <bool kAnyHit>
  TARANG_HD uint32_t traverse(const Ray& ray, float& t_best) const {
    if (triangle_count == 0) return kNoHit;
    const bvh_detail::TraversalRay r = bvh_detail::make_traversal_ray(ray);
    struct Pending {
      uint32_t node;
      float t_entry;
    };
    Pending stack[kBvhMaxDepth];
    int top = 0;
    uint32_t best = kNoHit;
    float t_entry = 0.0f;
    if (!bvh_detail::box_hit(nodes[0], r, t_best, t_entry)) return kNoHit;
    uint32_t node = 0;
    for (;;) {
      const BvhNode& n = nodes[node];
      bool descend = false;
      if (n.triangle_count == 0) {
        float t_left = 0.0f, t_right = 0.0f;
        const bool left = bvh_detail::box_hit(nodes[n.first], r, t_best, t_left);
        const bool right = bvh_detail::box_hit(nodes[n.first + 1], r, t_best, t_right);
        if (left && right) {
          const bool left_first = t_left <= t_right;
          stack[top++] = Pending{left_first ? n.first + 1 : n.first, left_first ? t_right : t_left};
          node = left_first ? n.first : n.first + 1;
          descend = true;
        } else if (left || right) {
          node = left ? n.first : n.first + 1;
          descend = true;
        }
      } else {
        for (uint32_t i = n.first; i < n.first + n.triangle_count; ++i) {
          float t = 0.0f;
          if (bvh_detail::triangle_hit(triangle_vertices_m + 9 * static_cast<uint64_t>(i), r, t_best, t)) {
            t_best = t;
            best = i;
            if constexpr (kAnyHit) return best;
          }
        }
      }
      if (descend) continue;
      // Pop the next pending node that may still hold something nearer than the best hit.
      for (;;) {
        if (top == 0) return best;
        const Pending p = stack[--top];
        if (p.t_entry <= t_best) {
          node = p.node;
          break;
        }
      }
    }
  }
};

}  // namespace tarang

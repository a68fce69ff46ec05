// BruteForceIntersector: tests every triangle (Moller-Trumbore); the reference intersector in tests, O(n) per ray.
#pragma once

#include <stdint.h>

#include "core/hd.h"
#include "core/hd_math.h"
#include "core/vec3.h"
#include "raytrace/ray_hit.h"

namespace tarang {

struct BruteForceIntersector {
  const float* positions_m;  // x, y, z per vertex
  const uint32_t* indices;   // 3 per triangle
  uint32_t triangle_count;

  TARANG_HD Hit intersect(const Ray& ray) const {
    Hit best{ray.t_max, kNoHit, {0, 0, 0}};
    for (uint32_t tri = 0; tri < triangle_count; ++tri) {
      const Vec3<float> a = vertex(indices[3 * tri]), b = vertex(indices[3 * tri + 1]), c = vertex(indices[3 * tri + 2]);
      const Vec3<float> e1 = b - a, e2 = c - a;
      const Vec3<float> p = cross(ray.direction, e2);
      const float det = dot(e1, p);
      if (hd::fabs(det) < 1e-12f) continue;  // parallel to the triangle
      const float inv = 1.0f / det;
      const Vec3<float> s = ray.origin - a;
      const float u = dot(s, p) * inv;
      if (u < 0.0f || u > 1.0f) continue;
      const Vec3<float> q = cross(s, e1);
      const float v = dot(ray.direction, q) * inv;
      if (v < 0.0f || u + v > 1.0f) continue;
      const float t = dot(e2, q) * inv;
      if (t > ray.t_min && t < best.t) best = Hit{t, tri, normalize(cross(e1, e2))};
    }
    return best;
  }

 private:
  TARANG_HD Vec3<float> vertex(uint32_t i) const {
    return {positions_m[3 * i], positions_m[3 * i + 1], positions_m[3 * i + 2]};
  }
};

}  // namespace tarang

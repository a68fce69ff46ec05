// Ray and Hit: the plain structs every intersector (Embree, brute force, our BVH) takes and returns.
#pragma once

#include <stdint.h>

#include "core/hd.h"
#include "core/vec3.h"

namespace tarang {

struct Ray {
  Vec3<float> origin;
  Vec3<float> direction;  // unit length
  float t_min;            // ignore hits closer than this (self-intersection guard)
  float t_max;
};

constexpr uint32_t kNoHit = 0xffffffffu;

struct Hit {
  float t;             // distance along the ray
  uint32_t triangle;   // kNoHit when the ray escaped
  Vec3<float> normal;  // unit geometric normal of the triangle (counter-clockwise winding), not flipped
};

TARANG_HD inline bool is_hit(const Hit& h) { return h.triangle != kNoHit; }

}  // namespace tarang

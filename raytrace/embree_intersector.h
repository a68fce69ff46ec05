// EmbreeIntersector: the CPU intersector (Embree 3), the only place tarang calls the Embree API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "raytrace/ray_hit.h"
#include "scene/scene_mesh.h"

namespace tarang {

class EmbreeIntersector {
 public:
  // Builds Embree's BVH over the mesh (local coordinates; consecutive triangle pairs that are Embree's split of a quad
  // or form an axis-parallel rectangle as quads, hits reported per triangle as before); keeps a pointer to
  // mesh.positions_m/indices, which must outlive this object. Throws RuntimeFailure when Embree reports an error.
  explicit EmbreeIntersector(const SceneMesh& mesh);
  ~EmbreeIntersector();
  EmbreeIntersector(const EmbreeIntersector&) = delete;
  EmbreeIntersector& operator=(const EmbreeIntersector&) = delete;

  // Closest hit in (t_min, t_max); thread-safe.
  Hit intersect(const Ray& ray) const;

  // Closest hits of rays[0..count), count <= kPacketSize, as one Embree packet (rtcIntersect16; the triangles
  // intersect() finds ray by ray, distances equal to float rounding). `coherent`: the rays have nearby origins and
  // directions, which Embree's packet traversal exploits. Thread-safe.
  static constexpr int kPacketSize = 16;
  void intersect_packet(const Ray* rays, int count, Hit* hits, bool coherent) const;

  // How many of the mesh's triangles went to Embree paired into quads (the rest as degenerate quads).
  std::size_t paired_triangle_count() const;

  struct State;  // Embree device and scene (opaque)

 private:
  Hit hit_of(unsigned quad, float u, float v, float t) const;  // our Hit for Embree's hit on quad at (u, v), t

  std::unique_ptr<State> state_;
  const float* positions_m_;
  const std::uint32_t* indices_;
};

}  // namespace tarang

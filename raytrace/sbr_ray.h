// trace_sbr_ray: the per-ray body of shooting and bouncing rays, shared by the CPU engine and the GPU kernels.
// One launch direction is followed through reflections (and wall transmissions) up to max_depth interactions;
// every crossing of the receiver plane inside the grid is handed to the deposit sink.
#pragma once

#include <stdint.h>

#include "core/complex.h"
#include "core/hd.h"
#include "core/hd_math.h"
#include "core/vec3.h"
#include "raytrace/fibonacci_sphere.h"
#include "raytrace/jones_frame.h"
#include "raytrace/ray_hit.h"
#include "raytrace/surface_coefficients.h"

namespace tarang {

// Everything the body needs besides the intersector and the sink; plain data, copied to the device as is.
struct SbrParams {
  uint64_t ray_count;             // rays launched from this site
  float rotation[9];              // row-major rotation applied to the Fibonacci directions (identity: seed 0)
  Vec3<float> tx_m;               // antenna position, local scene coordinates
  int max_depth;                  // interactions per path (0 = line of sight only)
  int transmission;               // nonzero: walls also transmit (the ray splits)
  float min_power;                // paths whose carried power falls below this stop (linear)
  float frequency_hz;
  // Receiver plane and grid, local coordinates.
  float plane_z_m;
  float grid_west_m, grid_north_m, cell_m;
  int nx, ny;
  // Flat ground at z = 0 (analytic plane), used when has_ground is nonzero.
  int has_ground;
  SurfaceMaterial ground;
  // Per-triangle materials of the mesh.
  const uint16_t* triangle_material;
  const SurfaceMaterial* materials;
};

constexpr int kSbrMaxStack = 32;               // pending transmitted branches per launch ray
constexpr uint32_t kGroundTriangle = 0xfffffffeu;  // Hit::triangle of the analytic ground plane
constexpr float kSbrSurfaceOffset_m = 1e-3f;  // new segments start this far off the surface

// Launch direction of ray i: the rotated Fibonacci direction.
TARANG_HD inline Vec3<float> launch_direction(const SbrParams& p, uint64_t i) {
  const Vec3<float> f = fibonacci_direction<float>(i, p.ray_count);
  const float* r = p.rotation;
  return {r[0] * f.x + r[1] * f.y + r[2] * f.z, r[3] * f.x + r[4] * f.y + r[5] * f.z,
          r[6] * f.x + r[7] * f.y + r[8] * f.z};
}

// Hands every crossing of the receiver plane by the segment origin + t d, 0 < t < t_end, inside the grid to the
// sink, with the unfolded path length from the transmitter (length_m at the segment origin).
template <typename Sink>
TARANG_HD inline void deposit_plane_crossing(const SbrParams& p, Vec3<float> origin, Vec3<float> d, float t_end,
                                             float length_m, const JonesFrame& frame, Sink& sink) {
  if (d.z == 0.0f) return;
  const float t = (p.plane_z_m - origin.z) / d.z;
  if (!(t > 0.0f && t < t_end)) return;
  const float x = origin.x + t * d.x, y = origin.y + t * d.y;
  const float col = (x - p.grid_west_m) / p.cell_m, row = (p.grid_north_m - y) / p.cell_m;
  if (col < 0.0f || row < 0.0f || col >= static_cast<float>(p.nx) || row >= static_cast<float>(p.ny)) return;
  sink.deposit(x, y, length_m + t, frame, hd::fabs(d.z));
}

// Follows launch ray `ray_index` of the site. Intersector: Hit intersect(const Ray&) const. Sink: deposit(x_m, y_m,
// path_length_m, JonesFrame, |cos| of the angle between ray and plane normal). Returns the segments traced.
template <typename Intersector, typename Sink>
TARANG_HD inline uint32_t trace_sbr_ray(uint64_t ray_index, const SbrParams& p, const Intersector& intersector,
                                        Sink& sink) {
  struct Pending {
    Vec3<float> origin, d;
    JonesFrame frame;
    int depth;
    float length_m;  // unfolded path length from the transmitter to origin
  };
  Pending stack[kSbrMaxStack];
  int top = 0;
  const Vec3<float> d0 = launch_direction(p, ray_index);
  stack[top++] = Pending{p.tx_m, d0, launch_frame(d0), 0, 0.0f};
  uint32_t segments = 0;

  while (top > 0) {
    Pending r = stack[--top];
    for (;;) {
      Hit hit = intersector.intersect(Ray{r.origin, r.d, 0.0f, 1e30f});
      ++segments;
      SurfaceMaterial material{};
      Vec3<float> n = hit.normal;
      if (is_hit(hit)) material = p.materials[p.triangle_material[hit.triangle]];
      // The analytic ground plane z = 0 competes with the mesh.
      if (p.has_ground && r.d.z < 0.0f && r.origin.z > 0.0f) {
        const float t_ground = -r.origin.z / r.d.z;
        if (t_ground < hit.t) hit = Hit{t_ground, kGroundTriangle, {0.0f, 0.0f, 1.0f}}, n = hit.normal, material = p.ground;
      }
      deposit_plane_crossing(p, r.origin, r.d, hit.t, r.length_m, r.frame, sink);
      if (!is_hit(hit) || r.depth >= p.max_depth) break;

      // Interaction: orient the normal against the ray, build the (s, p) bases, apply Fresnel.
      float cos_i = -dot(r.d, n);
      if (cos_i < 0.0f) n = -1.0f * n, cos_i = -cos_i;
      const Vec3<float> hit_point = r.origin + hit.t * r.d;
      Vec3<float> s = cross(r.d, n);
      const float s_len = length(s);
      s = s_len > 1e-6f ? (1.0f / s_len) * s : r.frame.u;  // normal incidence: any transverse s
      const Vec3<float> p_in = cross(r.d, s);
      const Vec3<float> d_reflected = r.d + (2.0f * cos_i) * n;
      const SurfaceCoefficients c = surface_coefficients(material, cos_i, p.frequency_hz);

      if (p.transmission && material.transmits && top < kSbrMaxStack) {
        Pending t = r;
        apply_interaction(t.frame, s, p_in, p_in, c.t_te, c.t_tm);
        if (max_carried_power(t.frame) >= p.min_power) {
          t.origin = hit_point + (-kSbrSurfaceOffset_m) * n;
          t.depth = r.depth + 1;
          t.length_m = r.length_m + hit.t;
          stack[top++] = t;
        }
      }
      apply_interaction(r.frame, s, p_in, cross(d_reflected, s), c.r_te, c.r_tm);
      if (max_carried_power(r.frame) < p.min_power) break;
      r.origin = hit_point + kSbrSurfaceOffset_m * n;
      r.d = d_reflected;
      r.depth += 1;
      r.length_m += hit.t;
    }
  }
  return segments;
}

}  // namespace tarang

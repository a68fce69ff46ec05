// trace_sbr_ray: the per-ray body of shooting and bouncing rays, shared by the CPU engine and the GPU kernels.
// One launch direction is followed through reflections (and wall transmissions) and edge diffractions up to max_depth
// interactions; every crossing of the receiver plane inside the grid is handed to the deposit sink.
#pragma once

#include <stdint.h>

#include "core/complex.h"
#include "core/hd.h"
#include "core/hd_math.h"
#include "core/vec3.h"
#include "raytrace/diffraction_edge.h"
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
  // Edge diffraction (docs/raytracing.md): rays passing an edge closer than capture_radius_per_m x their tube's
  // spreading length spawn diffraction_rays rays on the Keller cone, at most diffraction_order times per path.
  int diffraction_order;
  int diffraction_rays;
  float capture_radius_per_m;  // sqrt(tube solid angle / pi): the tube radius per metre of spreading length
  EdgeGridView edges;
};

constexpr int kSbrMaxStack = 64;               // pending branches (transmitted, diffracted) per launch ray
constexpr int kSbrMaxDiffractionRays = 24;     // diffraction_rays at most (stack room for two orders)
constexpr float kSbrFarDistance_m = 1e4f;      // UTD distance parameter of a diffracted ray that escapes
constexpr float kSbrKellerWarp_rad = 0.05f;    // Keller-cone samples crowd within about this of the shadow boundary

// Sample j of the Keller cone's exterior angles [0, n pi]: uniform in gamma = sign(phi - c) ln(1 + |phi - c| / w)
// (c the incident shadow boundary phi' + pi, clamped to the exterior), so samples crowd where the UTD field
// changes fastest. Returns phi; *dphi is the angle the sample stands for (d phi / d gamma x the gamma step).
TARANG_HD inline float keller_sample_phi(float phi_in, float exterior_rad, int j, int count, float offset,
                                         float* dphi) {
  const float w = kSbrKellerWarp_rad;
  const float c = hd::clamp(phi_in + static_cast<float>(hd::kPi), 0.0f, exterior_rad);
  const float g0 = -hd::log(1.0f + c / w), g1 = hd::log(1.0f + (exterior_rad - c) / w);
  const float step = (g1 - g0) / static_cast<float>(count);
  const float gamma = g0 + (static_cast<float>(j) + offset) * step;
  const float grow = hd::exp(hd::fabs(gamma));
  *dphi = step * w * grow;
  return c + hd::copysign(w * (grow - 1.0f), gamma);
}
constexpr uint32_t kGroundTriangle = 0xfffffffeu;  // Hit::triangle of the analytic ground plane
constexpr float kSbrSurfaceOffset_m = 1e-3f;  // new segments start this far off the surface

// Launch direction of ray i: the rotated Fibonacci direction.
TARANG_HD inline Vec3<float> launch_direction(const SbrParams& p, uint64_t i) {
  const Vec3<float> f = fibonacci_direction<float>(i, p.ray_count);
  const float* r = p.rotation;
  return {r[0] * f.x + r[1] * f.y + r[2] * f.z, r[3] * f.x + r[4] * f.y + r[5] * f.z,
          r[6] * f.x + r[7] * f.y + r[8] * f.z};
}

// Spreading length of a tube at unfolded length L: its cross-section is spreading^2 x tube solid angle. A launched
// tube has spreading L; a diffracted one (L_e the length at its edge) (L - L_e) L q, q set at the edge.
TARANG_HD inline float spreading_length_m(float length_m, float spread_from_m, float spread_q) {
  return hd::sqrt((length_m - spread_from_m) * length_m * spread_q);
}

// The part of a ray the receiver plane needs besides its direction and polarisation: lengths and tube shape.
struct SbrTube {
  float length_m;         // unfolded path length from the transmitter to the segment origin
  float spread_from_m;    // spreading: see spreading_length_m (0 and 1 for a launched tube)
  float spread_q;
  Vec3<float> phi_axis;   // diffracted tube: unit vector across the Keller cone (perpendicular to the ray)
  float phi_width_per_m;  // diffracted tube: its width across the cone per metre from the edge (0: not diffracted)
};

// Hands every crossing of the receiver plane by the segment origin + t d, 0 < t < t_end, inside the grid to the
// sink, with the unfolded path length, the tube's spreading length and, for a diffracted tube, the half-axis of
// its needle-shaped cross-section on the plane.
template <typename Sink>
TARANG_HD inline void deposit_plane_crossing(const SbrParams& p, Vec3<float> origin, Vec3<float> d, float t_end,
                                             const SbrTube& tube, const JonesFrame& frame, Sink& sink) {
  if (d.z == 0.0f) return;
  const float t = (p.plane_z_m - origin.z) / d.z;
  if (!(t > 0.0f && t < t_end)) return;
  const float x = origin.x + t * d.x, y = origin.y + t * d.y;
  const float col = (x - p.grid_west_m) / p.cell_m, row = (p.grid_north_m - y) / p.cell_m;
  if (col < 0.0f || row < 0.0f || col >= static_cast<float>(p.nx) || row >= static_cast<float>(p.ny)) return;
  const float length_m = tube.length_m + t;
  float ax = 0.0f, ay = 0.0f;
  if (tube.phi_width_per_m > 0.0f) {  // half-width vector moved along the ray onto the plane
    const float half = 0.5f * (length_m - tube.spread_from_m) * tube.phi_width_per_m;
    const Vec3<float> w = half * tube.phi_axis;
    ax = w.x - w.z / d.z * d.x, ay = w.y - w.z / d.z * d.y;
  }
  sink.deposit(x, y, length_m, spreading_length_m(length_m, tube.spread_from_m, tube.spread_q), ax, ay, frame,
               hd::fabs(d.z));
}

// A ray on the stack of trace_sbr_ray.
struct SbrPending {
  Vec3<float> origin, d;
  JonesFrame frame;
  int depth;
  SbrTube tube;
  int diffractions;     // edge diffractions so far
  int last_edge;        // edge this ray leaves (-1: none): never captured again by it
  int pending_edge;     // >= 0: UTD coefficients still to apply on the first segment (its length sets L)
  float phi_in, phi_out, beta0;
};

// Deterministic offset in (0, 1) of the Keller-cone samples of one capture (ray index x edge).
TARANG_HD inline float keller_sample_offset(uint64_t ray_index, uint32_t edge, int depth) {
  uint64_t z = ray_index * 0x9e3779b97f4a7c15ull + (static_cast<uint64_t>(edge) << 8) + static_cast<uint64_t>(depth);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  z ^= z >> 31;
  return (static_cast<float>(z >> 40) + 0.5f) * (1.0f / 16777216.0f);
}

// Edge captures along the segment r.origin + t r.d, 0 <= t <= t_end: every edge passed closer than the capture
// radius r_c (the tube radius at that length, at most the grid margin) spawns diffraction_rays rays over the
// exterior angle n pi of its Keller cone. Each stands for an edge length of spreading^2 dOmega / (2 r_c sin beta0)
// and an angle dphi (keller_sample_phi), so its power is the tube's times |D|^2 dphi / (2 r_c) (docs/raytracing.md).
TARANG_HD inline void spawn_diffracted_rays(const SbrParams& p, const SbrPending& r, float t_end, uint64_t ray_index,
                                            SbrPending* stack, int& top) {
  const EdgeGridView& grid = p.edges;
  for_each_edge_cell(grid, r.origin, r.d, t_end, [&](uint32_t cell, float t_enter, float t_exit) {
    for (uint32_t k = grid.cell_first[cell]; k < grid.cell_first[cell + 1]; ++k) {
      const uint32_t index = grid.cell_edges[k];
      if (static_cast<int>(index) == r.last_edge) continue;
      const DiffractionEdge& g = grid.edges[index];
      float t = 0, u = 0, distance_m = 0;
      if (!closest_approach(g, r.origin, r.d, t_end, &t, &u, &distance_m)) continue;
      if (t < t_enter || t >= t_exit || u <= 0.0f || u >= g.length_m) continue;
      const float length_m = r.tube.length_m + t;
      const float spreading_m = spreading_length_m(length_m, r.tube.spread_from_m, r.tube.spread_q);
      const float capture_m = hd::min(p.capture_radius_per_m * spreading_m, grid.margin_m);
      if (!(distance_m < capture_m)) continue;
      const float exterior = g.wedge_n * static_cast<float>(hd::kPi);
      const float phi_in = edge_phi(g, -1.0f * r.d);
      if (phi_in > exterior) continue;  // arrives from inside the wedge
      const float cos_beta = dot(r.d, g.e), sin_beta = hd::sqrt(hd::max(0.0f, 1.0f - cos_beta * cos_beta));
      if (sin_beta < 0.05f) continue;
      const Vec3<float> q = g.a + u * g.e, outward = edge_outward(g);
      const float offset = keller_sample_offset(ray_index, index, r.depth);
      for (int j = 0; j < p.diffraction_rays && top < kSbrMaxStack; ++j) {
        float dphi = 0;
        const float phi = keller_sample_phi(phi_in, exterior, j, p.diffraction_rays, offset, &dphi);
        const float scale = hd::sqrt(dphi / (2.0f * capture_m));
        SbrPending c = r;
        c.d = keller_direction(g, cos_beta, sin_beta, phi);
        apply_edge_diffraction(c.frame, g.e, r.d, c.d, Complex<float>{scale, 0}, Complex<float>{scale, 0});
        c.origin = q + kSbrSurfaceOffset_m * (c.d + outward);
        c.depth = r.depth + 1;
        c.diffractions = r.diffractions + 1;
        c.tube.length_m = length_m;
        c.tube.spread_from_m = length_m;
        c.tube.spread_q = dphi * spreading_m * spreading_m / (2.0f * capture_m * length_m);
        c.tube.phi_axis = hd::cos(phi) * g.n0 + (-hd::sin(phi)) * g.t0;
        c.tube.phi_width_per_m = sin_beta * dphi;
        c.last_edge = static_cast<int>(index);
        c.pending_edge = static_cast<int>(index);
        c.phi_in = phi_in, c.phi_out = phi, c.beta0 = hd::acos(hd::clamp(cos_beta, -1.0f, 1.0f));
        stack[top++] = c;
      }
    }
  });
}

// Applies the UTD coefficients of a diffracted ray's edge once its first segment (to the first hit or receiver-
// plane crossing, s) is known: distance parameter L = s s' sin^2(beta0) / (s + s'), s' the length at the edge.
TARANG_HD inline void apply_pending_diffraction(const SbrParams& p, SbrPending& r, const Hit& hit) {
  float s = is_hit(hit) ? hit.t : kSbrFarDistance_m;
  if (r.d.z != 0.0f) {
    const float t_plane = (p.plane_z_m - r.origin.z) / r.d.z;
    if (t_plane > 0.0f && t_plane < s) s = t_plane;
  }
  s = hd::max(s, 1e-2f);
  const DiffractionEdge& g = p.edges.edges[r.pending_edge];
  const float sb = hd::sin(r.beta0), s_in = r.tube.spread_from_m;
  const UtdCoefficients<float> c =
      edge_utd_coefficients(g, p.materials[g.material0], p.materials[g.material_n], r.phi_in, r.phi_out, r.beta0,
                            s * s_in * sb * sb / (s + s_in), p.frequency_hz);
  scale_frame_rows(r.frame, c.soft, c.hard);
  r.pending_edge = -1;
}

// Follows launch ray `ray_index` of the site. Intersector: Hit intersect(const Ray&) const. Sink: deposit(x_m, y_m,
// path_length_m, spreading_length_m, needle half-axis ax_m, ay_m (0, 0: square footprint), JonesFrame, |cos| of the
// angle between ray and plane normal). Returns the segments traced.
template <typename Intersector, typename Sink>
TARANG_HD inline uint32_t trace_sbr_ray(uint64_t ray_index, const SbrParams& p, const Intersector& intersector,
                                        Sink& sink) {
  SbrPending stack[kSbrMaxStack];
  int top = 0;
  const Vec3<float> d0 = launch_direction(p, ray_index);
  stack[top++] = SbrPending{p.tx_m, d0, launch_frame(d0), 0, SbrTube{0.0f, 0.0f, 1.0f, {0.0f, 0.0f, 0.0f}, 0.0f},
                            0, -1, -1, 0.0f, 0.0f, 0.0f};
  uint32_t segments = 0;

  while (top > 0) {
    SbrPending r = stack[--top];
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
      if (r.pending_edge >= 0) {
        apply_pending_diffraction(p, r, hit);
        if (max_carried_power(r.frame) < p.min_power) break;
      }
      deposit_plane_crossing(p, r.origin, r.d, hit.t, r.tube, r.frame, sink);
      if (r.depth < p.max_depth && r.diffractions < p.diffraction_order) {
        spawn_diffracted_rays(p, r, hit.t, ray_index, stack, top);
      }
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
        SbrPending t = r;
        apply_interaction(t.frame, s, p_in, p_in, c.t_te, c.t_tm);
        if (max_carried_power(t.frame) >= p.min_power) {
          t.origin = hit_point + (-kSbrSurfaceOffset_m) * n;
          t.depth = r.depth + 1;
          t.tube.length_m = r.tube.length_m + hit.t;
          stack[top++] = t;
        }
      }
      apply_interaction(r.frame, s, p_in, cross(d_reflected, s), c.r_te, c.r_tm);
      if (max_carried_power(r.frame) < p.min_power) break;
      r.origin = hit_point + kSbrSurfaceOffset_m * n;
      r.d = d_reflected;
      r.tube.phi_axis = r.tube.phi_axis + (-2.0f * dot(r.tube.phi_axis, n)) * n;  // mirrored with the ray
      r.depth += 1;
      r.tube.length_m += hit.t;
      r.last_edge = -1;
    }
  }
  return segments;
}

}  // namespace tarang

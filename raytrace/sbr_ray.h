// trace_sbr_ray: the per-ray body of shooting and bouncing rays, shared by the CPU engine and the GPU kernels.
// One launch direction is followed through reflections (and wall transmissions) and edge diffractions up to max_depth
// interactions; every crossing of the receiver plane inside the grid is handed to the deposit sink.
#pragma once

#include "raytrace/sbr_crossings.h"
#include "raytrace/sbr_params.h"

namespace tarang {

// A ray on the stack of trace_sbr_ray.
struct SbrPending {
  Vec3<float> origin, d;
  JonesFrame frame;
  int depth;
  SbrTube tube;
  int diffractions;     // edge diffractions so far
  int scattered;        // nonzero after a diffuse scattering (a path scatters at most once)
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

// Uniform number in [0, 1) from a hash of (ray, draw): deterministic for any thread count and on both engines.
TARANG_HD inline float sbr_uniform(uint64_t ray_index, uint32_t draw) {
  uint64_t z = ray_index * 0xd1b54a32d192ed03ull + static_cast<uint64_t>(draw) * 0x9e3779b97f4a7c15ull + 1;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  z ^= z >> 31;
  return static_cast<float>(z >> 40) * (1.0f / 16777216.0f);
}

// Orthonormal (a, b) perpendicular to unit n (Duff et al. 2017).
TARANG_HD inline void orthonormal_basis(Vec3<float> n, Vec3<float>& a, Vec3<float>& b) {
  const float sign = n.z >= 0.0f ? 1.0f : -1.0f;
  const float k = -1.0f / (sign + n.z), m = n.x * n.y * k;
  a = {1.0f + sign * n.x * n.x * k, sign * m, -sign * n.x};
  b = {m, sign + n.y * n.y * k, -n.y};
}

// A diffuse direction on the side of n (the side the ray came from) from two uniforms: Lambertian (cosine about n)
// or the directive lobe about the specular direction (rejected when it points into the surface). *pdf_sr is the
// sampling density per steradian; false: no direction (directive lobe below the surface).
TARANG_HD inline bool sample_scattering_direction(const SbrParams& p, Vec3<float> n, Vec3<float> specular, float u1,
                                                  float u2, Vec3<float>* w, float* pdf_sr) {
  const float pi = static_cast<float>(hd::kPi);
  const Vec3<float> axis = p.scattering_directive ? specular : n;
  float cos_t = 0;
  if (p.scattering_directive) {
    const float half = hd::pow(hd::max(u1, 1e-30f), 1.0f / (p.scattering_alpha + 1.0f));  // (1 + cos psi) / 2
    cos_t = 2.0f * half - 1.0f;
    *pdf_sr = (p.scattering_alpha + 1.0f) / (4.0f * pi) * hd::pow(half, p.scattering_alpha);
  } else {
    cos_t = hd::sqrt(u1);
    *pdf_sr = cos_t / pi;
  }
  const float sin_t = hd::sqrt(hd::max(0.0f, 1.0f - cos_t * cos_t)), phi = 2.0f * pi * u2;
  Vec3<float> a, b;
  orthonormal_basis(axis, a, b);
  *w = cos_t * axis + sin_t * (hd::cos(phi) * a + hd::sin(phi) * b);
  return dot(*w, n) > 1e-3f && *pdf_sr > 0.0f;
}

// Diffuse rays of a hit: each carries the reflected field (Jones matrix after Fresnel) times S / sqrt(K), its
// transverse basis re-projected onto the new direction; its tube starts at the hit point with solid angle
// 1 / (K pdf). A path scatters once; the scattered rays still reflect and diffract.
TARANG_HD inline void spawn_scattered_rays(const SbrParams& p, const SbrPending& r, const JonesFrame& reflected,
                                           Vec3<float> hit_point, Vec3<float> n, Vec3<float> specular, float hit_t,
                                           float scattering, uint64_t ray_index, SbrPending* stack, int& top) {
  const float scale = scattering / hd::sqrt(static_cast<float>(p.scattering_rays));
  for (int k = 0; k < p.scattering_rays && top < kSbrMaxStack; ++k) {
    const uint32_t draw = static_cast<uint32_t>(r.depth * 64 + k) * 2u;
    Vec3<float> w{};
    float pdf_sr = 0;
    if (!sample_scattering_direction(p, n, specular, sbr_uniform(ray_index, draw), sbr_uniform(ray_index, draw + 1),
                                     &w, &pdf_sr)) {
      continue;
    }
    SbrPending c = r;
    c.frame = reflected;
    Vec3<float> u = reflected.u + (-dot(reflected.u, w)) * w;
    u = length(u) > 1e-4f ? normalize(u) : normalize(reflected.v + (-dot(reflected.v, w)) * w);
    c.frame.u = u;
    c.frame.v = cross(w, u);
    for (int i = 0; i < 4; ++i) c.frame.m[i] = scale * c.frame.m[i];
    c.origin = hit_point + kSbrSurfaceOffset_m * n;
    c.d = w;
    c.depth = r.depth + 1;
    c.scattered = 1;
    c.last_edge = -1;
    c.tube.length_m = r.tube.length_m + hit_t;
    c.tube.spread_from_m = c.tube.length_m;
    c.tube.spread_rho_m = 0.0f;
    c.tube.spread_q = 1.0f / (static_cast<float>(p.scattering_rays) * hd::max(pdf_sr, 1e-3f) * p.launch_sr);
    c.tube.phi_width_per_m = 0.0f;
    c.tube.go_source_m = 0.0f;
    stack[top++] = c;
  }
}

// Whether a tube spreads from the transmitter or its image (launched, reflected or transmitted; not diffracted or
// scattered): its rays then have a point source at unfolded distance tube.length_m.
TARANG_HD inline bool from_point_source(const SbrTube& tube) {
  return tube.spread_from_m == 0.0f && tube.spread_rho_m == 0.0f;
}

// Whether a ray's field may interfere coherently with edge g's diffracted field (shadow-boundary continuity): its
// tube spreads from a point source and its segment does not start on the plane of one of g's faces (a reflection
// there belongs to the reflection boundary, not handled).
TARANG_HD inline bool coherent_with_edge(const DiffractionEdge& g, const SbrPending& r) {
  if (!from_point_source(r.tube)) return false;
  const Vec3<float> v = r.origin - g.a;
  const float phi_n = g.wedge_n * static_cast<float>(hd::kPi);
  const Vec3<float> normal_n = (-hd::sin(phi_n)) * g.t0 + hd::cos(phi_n) * g.n0;  // normal of face n's plane
  return hd::fabs(dot(v, g.n0)) > 1e-2f && hd::fabs(dot(v, normal_n)) > 1e-2f;
}

// Spawns the Keller-cone rays of one capture: ray r passing edge `index` at ray parameter t (edge point u) with
// capture radius capture_m. Each of the diffraction_rays rays stands for an edge length of spreading^2 dOmega /
// (2 r_c sin beta0) and an angle dphi (keller_sample_phi), so its power is the tube's times |D|^2 dphi / (2 r_c)
// (docs/raytracing.md).
TARANG_HD inline void spawn_keller_rays(const SbrParams& p, const SbrPending& r, uint32_t index, float t, float u,
                                        float capture_m, float spreading_m, uint64_t ray_index, SbrPending* stack,
                                        int& top) {
  const DiffractionEdge& g = p.edges.edges[index];
  const float exterior = g.wedge_n * static_cast<float>(hd::kPi);
  const float length_m = r.tube.length_m + t;
  const Vec3<float> q = g.a + u * g.e, outward = edge_outward(g);
  // Incidence at the edge point: from the tube's point source (the ray passes up to capture_m beside q; its own
  // direction would shift the shadow boundary by that much), else the ray's direction.
  Vec3<float> d_in = r.d;
  if (from_point_source(r.tube)) d_in = normalize(length_m * r.d + (q - (r.origin + t * r.d)));
  const float phi_in = edge_phi(g, -1.0f * d_in);
  if (phi_in > exterior) return;  // arrives from inside the wedge
  const float cos_beta = dot(d_in, g.e), sin_beta = hd::sqrt(hd::max(0.0f, 1.0f - cos_beta * cos_beta));
  if (sin_beta < 0.05f) return;
  const float offset = keller_sample_offset(ray_index, index, r.depth);
  // Samples crowd at the incident shadow boundary phi_sb + pi; a knife ridge lit from its far side has it at
  // phi_in - pi.
  const float two_pi = static_cast<float>(2 * hd::kPi);
  const float phi_sb = g.ridge != 0 && phi_in > static_cast<float>(hd::kPi) ? phi_in - two_pi : phi_in;
  const bool coherent = coherent_with_edge(g, r);
  for (int j = 0; j < p.diffraction_rays && top < kSbrMaxStack; ++j) {
    float dphi = 0;
    const float phi = keller_sample_phi(phi_sb, exterior, j, p.diffraction_rays, offset, &dphi);
    const float scale = hd::sqrt(dphi / (2.0f * capture_m));
    SbrPending c = r;
    c.d = keller_direction(g, cos_beta, sin_beta, phi);
    apply_edge_diffraction(c.frame, g.e, r.d, c.d, Complex<float>{scale, 0}, Complex<float>{scale, 0});
    c.origin = q + kSbrSurfaceOffset_m * (c.d + outward);
    c.depth = r.depth + 1;
    c.diffractions = r.diffractions + 1;
    c.tube.length_m = length_m;
    c.tube.spread_from_m = length_m;
    c.tube.spread_rho_m = length_m;
    c.tube.spread_q = dphi * spreading_m * spreading_m / (2.0f * capture_m * length_m);
    c.tube.phi_axis = hd::cos(phi) * g.n0 + (-hd::sin(phi)) * g.t0;
    c.tube.phi_width_per_m = sin_beta * dphi;
    // On the lit side (|phi - phi'| < pi) part of its power moves to the incident rays (diffracted_lit_weight).
    c.tube.go_source_m = coherent ? length_m - r.tube.spread_from_m : 0.0f;
    c.tube.go_sin_beta2 = sin_beta * sin_beta;
    c.tube.go_phi_rel = phi - phi_in;
    c.tube.go_dphi = dphi;
    c.last_edge = static_cast<int>(index);
    c.pending_edge = static_cast<int>(index);
    c.phi_in = phi_in, c.phi_out = phi, c.beta0 = hd::acos(hd::clamp(cos_beta, -1.0f, 1.0f));
    stack[top++] = c;
  }
}

// Edge captures of the segment r.origin + t r.d, 0 <= t <= t_end, whose lines pass within the capture radius r_c
// (the tube radius at that length, at most the grid margin) of an edge, so that the strip of captured rays is
// 2 r_c wide: rays passing an edge (closest point inside the segment: found through the edge grid), and rays
// that hit a face of a wedge before reaching its edge (closest point beyond the hit: the hit triangle's edges).
TARANG_HD inline void spawn_diffracted_rays(const SbrParams& p, const SbrPending& r, float t_end, uint32_t hit_triangle,
                                            uint64_t ray_index, SbrPending* stack, int& top, SbrEdgePass* pass) {
  const EdgeGridView& grid = p.edges;
  float pass_distance_m = grid.margin_m;
  for_each_edge_cell(grid, r.origin, r.d, t_end, [&](uint32_t cell, float t_enter, float t_exit) {
    for (uint32_t k = grid.cell_first[cell]; k < grid.cell_first[cell + 1]; ++k) {
      const uint32_t index = grid.cell_edges[k];
      if (static_cast<int>(index) == r.last_edge) continue;
      const DiffractionEdge& g = grid.edges[index];
      float t = 0, u = 0, distance_m = 0, line_distance_m = 0;
      if (!closest_approach(g, r.origin, r.d, t_end, &t, &u, &distance_m, &line_distance_m)) continue;
      if (t < t_enter || t >= t_exit || t >= t_end || u <= 0.0f || u >= g.length_m) continue;
      const float spreading_m = spreading_length_m(r.tube, r.tube.length_m + t);
      const float capture_m = hd::min(p.capture_radius_per_m * spreading_m, grid.margin_m);
      if (distance_m < capture_m) spawn_keller_rays(p, r, index, t, u, capture_m, spreading_m, ray_index, stack, top);
      // The closest lit pass (the edge's exterior, beside the segment, not from one of its faces' planes).
      const float cos_beta = dot(r.d, g.e);
      if (distance_m < pass_distance_m && t > 0.0f && 1.0f - cos_beta * cos_beta >= 0.0025f &&
          edge_phi(g, -1.0f * r.d) <= g.wedge_n * static_cast<float>(hd::kPi) && coherent_with_edge(g, r)) {
        pass_distance_m = distance_m;
        *pass = SbrEdgePass{static_cast<int>(index), t, u};
      }
    }
  });
  if (hit_triangle >= kGroundTriangle || grid.triangle_edges == nullptr) return;
  for (int k = 0; k < 3; ++k) {
    const uint32_t index = grid.triangle_edges[3 * static_cast<size_t>(hit_triangle) + static_cast<size_t>(k)];
    if (index == kNoEdge || static_cast<int>(index) == r.last_edge) continue;
    const DiffractionEdge& g = grid.edges[index];
    float t = 0, u = 0, distance_m = 0, line_distance_m = 0;
    if (!closest_approach(g, r.origin, r.d, t_end, &t, &u, &distance_m, &line_distance_m)) continue;
    if (t < t_end || u <= 0.0f || u >= g.length_m) continue;  // closest point inside the segment: handled above
    const float spreading_m = spreading_length_m(r.tube, r.tube.length_m + t);
    const float capture_m = hd::min(p.capture_radius_per_m * spreading_m, grid.margin_m);
    if (line_distance_m < capture_m) {
      spawn_keller_rays(p, r, index, t, u, capture_m, spreading_m, ray_index, stack, top);
    }
  }
}

// Applies the UTD coefficients of a diffracted ray's edge once its first segment (to the first hit or receiver-
// plane crossing, s) is known: distance parameter L = s s' sin^2(beta0) / (s + s'), s' the length at the edge.
TARANG_HD inline void apply_pending_diffraction(const SbrParams& p, SbrPending& r, const Hit& hit) {
  float s = is_hit(hit) ? hit.t : kSbrFarDistance_m;
  if (r.d.z != 0.0f && p.terrain_m == nullptr) {  // over terrain: the next hit (the ground behind the receivers)
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

// Follows launch ray `ray_index` of the site, whose launch direction d0 = launch_direction(p, ray_index) the caller
// has computed. Intersector: Hit intersect(const Ray&) const. Sink: deposit(x_m, y_m, path_length_m,
// spreading_length_m, needle half-axis ax_m, ay_m (0, 0: square footprint), JonesFrame, |cos| of the angle between
// ray and plane normal, row_weight[2]: the power weights of the frame's two rows, 1 but near a shadow boundary
// (emit_crossing), >= 0). Returns the segments traced.
template <typename Intersector, typename Sink>
TARANG_HD inline uint32_t trace_sbr_ray_from(uint64_t ray_index, Vec3<float> d0, const SbrParams& p,
                                             const Intersector& intersector, Sink& sink) {
  SbrPending stack[kSbrMaxStack];
  int top = 0;
  const SbrTube launch_tube{0.0f, 0.0f, 0.0f, 1.0f, {0.0f, 0.0f, 0.0f}, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
  stack[top++] = SbrPending{p.tx_m, d0, launch_frame(d0), 0, launch_tube,
                            0, 0, -1, -1, 0.0f, 0.0f, 0.0f};
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
      SbrEdgePass pass{-1, 0.0f, 0.0f};
      if (r.depth < p.max_depth && r.diffractions < p.diffraction_order) {
        spawn_diffracted_rays(p, r, hit.t, is_hit(hit) ? hit.triangle : kNoHit, ray_index, stack, top, &pass);
      }
      deposit_plane_crossing(p, r.origin, r.d, hit.t, r.tube, r.frame, pass, sink);
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
      SurfaceCoefficients c = surface_coefficients(material, cos_i, p.frequency_hz);
      if (p.scattering && material.scattering > 0.0f && !r.scattered) {
        JonesFrame reflected = r.frame;
        apply_interaction(reflected, s, p_in, cross(d_reflected, s), c.r_te, c.r_tm);
        spawn_scattered_rays(p, r, reflected, hit_point, n, d_reflected, hit.t, material.scattering, ray_index, stack,
                             top);
        const float specular = hd::sqrt(hd::max(0.0f, 1.0f - material.scattering * material.scattering));
        c.r_te = specular * c.r_te, c.r_tm = specular * c.r_tm;
      }

      if (p.transmission && material.transmits && top < kSbrMaxStack) {
        SbrPending t = r;
        apply_interaction(t.frame, s, p_in, p_in, c.t_te, c.t_tm);
        if (max_carried_power(t.frame) >= p.min_power) {
          t.origin = hit_point + (-kSbrSurfaceOffset_m) * n;
          t.depth = r.depth + 1;
          t.tube.length_m = r.tube.length_m + hit.t;
          t.tube.go_source_m = 0.0f;  // coherent deposits on the first, straight segment only
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
      r.tube.go_source_m = 0.0f;
      r.last_edge = -1;
    }
  }
  return segments;
}

// Follows launch ray `ray_index` of the site (trace_sbr_ray_from with its launch direction).
template <typename Intersector, typename Sink>
TARANG_HD inline uint32_t trace_sbr_ray(uint64_t ray_index, const SbrParams& p, const Intersector& intersector,
                                        Sink& sink) {
  return trace_sbr_ray_from(ray_index, launch_direction(p, ray_index), p, intersector, sink);
}

}  // namespace tarang

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
  // Terrain under the receivers (DEM scenes; nullptr: the flat plane z = plane_z_m): per cell (row-major) its
  // height at the centre and slopes dz/dx, dz/dy; the receiver surface in the cell is that plane raised by
  // plane_z_m (docs/raytracing.md). terrain_min/max_z_m bound the surface (plane_z_m included).
  const float* terrain_m;
  float terrain_min_z_m, terrain_max_z_m;
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
  float capture_radius_per_m;  // capture distance per metre of spreading length (a multiple of the tube radius)
  EdgeGridView edges;
  // Diffuse scattering (docs/raytracing.md): at a hit on a material with coefficient S > 0 the specular ray keeps
  // sqrt(1 - S^2) of its amplitude and scattering_rays rays share S^2 of the reflected power.
  int scattering;
  int scattering_directive;  // 0: Lambertian; 1: Degli-Esposti directive lobe ((1 + cos psi) / 2)^alpha
  float scattering_alpha;
  int scattering_rays;
  float launch_sr;           // solid angle of a launched tube (4 pi / rays)
};

constexpr int kSbrMaxStack = 64;               // pending branches (transmitted, diffracted) per launch ray
constexpr int kSbrMaxDiffractionRays = 24;     // diffraction_rays at most (stack room for two orders)
constexpr float kSbrFarDistance_m = 1e4f;      // UTD distance parameter of a diffracted ray that escapes
constexpr float kSbrKellerWarp_rad = 0.005f;   // Keller-cone samples crowd within about this of the shadow boundary

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

// The part of a ray the receiver plane needs besides its direction and polarisation: lengths and tube shape. The
// tube's cross-section at unfolded length L is spreading_length_m^2 x the launch solid angle.
struct SbrTube {
  float length_m;         // unfolded path length from the transmitter to the segment origin
  float spread_from_m;    // length where the tube was last re-born (edge, scattering point; 0 at launch)
  float spread_rho_m;     // its other caustic distance: the length at the edge (diffracted), 0 (launch, scattered)
  float spread_q;         // area factor (1 at launch)
  Vec3<float> phi_axis;   // diffracted tube: unit vector across the Keller cone (perpendicular to the ray)
  float phi_width_per_m;  // diffracted tube: its width across the cone per metre from the edge (0: not diffracted)
  // First segment of a diffracted ray whose incident field reaches its lit side too (docs/raytracing.md,
  // "Shadow-boundary continuity"): there part of its power moves to the incident rays. go_source_m = 0: none.
  float go_source_m;    // s': distance from the incident tube's point source to the edge (unfolded)
  float go_sin_beta2;   // sin^2(beta0)
  float go_phi_rel;     // phi - phi' of the ray (lit where |phi - phi'| < pi)
  float go_dphi;        // the angle the ray stands for (its needle spans phi -+ go_dphi / 2)
};

// Spreading length at unfolded length L: sqrt(s (s + rho) q), s = L - spread_from; L for a launched tube.
TARANG_HD inline float spreading_length_m(const SbrTube& tube, float length_m) {
  const float s = length_m - tube.spread_from_m;
  return hd::sqrt(s * (s + tube.spread_rho_m) * tube.spread_q);
}

// An edge a segment passes on its lit side within the edge grid's margin (the closest one): the incident field
// there interferes with that edge's diffracted field. edge < 0: none.
struct SbrEdgePass {
  int edge;
  float t_m;  // ray parameter of the closest approach
  float u_m;  // edge parameter (metres from a) of the closest edge point
};

// Share of the interference of the incident and diffracted fields a receiver gets when its direct ray passes the
// edge at rho_m: 1 up to half the search radius (the edge grid's margin), then a cosine taper to 0 at the margin.
TARANG_HD inline float coherence_window(float rho_m, float margin_m) {
  const float x = 2.0f * rho_m / margin_m - 1.0f;
  if (x <= 0.0f) return 1.0f;
  if (x >= 1.0f) return 0.0f;
  return 0.5f + 0.5f * hd::cos(static_cast<float>(hd::kPi) * x);
}

// Power weight of a diffracted ray's crossing (first segment) in direction phi = phi' + phi_rel: 1 in the shadow;
// on the lit side 1 - window, the window's share being carried by the incident rays (edge_pass_row_weights). With
// h = sin^2(beta0) cos^2(phi_rel / 2) = (1 - d_in . d_out) / 2, the direct ray to the crossing (length R, R^2 =
// (s' + s)^2 - 4 s s' h) passes the edge at rho = s s' sin(angle) / R, sin(angle) = 2 sqrt(h (1 - h)).
TARANG_HD inline float diffracted_lit_weight(const SbrTube& tube, float length_m, float phi_rel, float margin_m) {
  const float s = length_m - tube.spread_from_m, sp = tube.go_source_m;
  if (!(sp > 0.0f) || !(s > 0.0f) || !(hd::fabs(phi_rel) < static_cast<float>(hd::kPi))) return 1.0f;
  const float half_cos = hd::cos(0.5f * phi_rel), h = tube.go_sin_beta2 * half_cos * half_cos;
  const float sum = s + sp, r = hd::sqrt(hd::max(sum * sum - 4.0f * s * sp * h, 1e-12f));
  const float rho = 2.0f * s * sp * hd::sqrt(hd::max(h * (1.0f - h), 0.0f)) / r;
  return 1.0f - coherence_window(rho, margin_m);
}

// Wavenumber k of the carrier in rad/m.
TARANG_HD inline float sbr_wavenumber(const SbrParams& p) {
  return static_cast<float>(2 * hd::kPi) * p.frequency_hz / static_cast<float>(hd::kSpeedOfLight_m_per_s);
}

// Row weights of an incident (GO) ray's crossing at ray parameter t_p behind an edge it passed on the lit side:
// 1 + w (2 Re d_i + |d_i|^2), w the coherence_window, d_i = E_d,i / E_GO,i the edge's UTD field relative to the
// incident one at the crossing, per row of *frame re-expressed in the edge's (beta0', phi') basis, so that the
// deposit is |E_GO + E_d|^2 - (1 - w) |E_d|^2 (the lit diffracted rays deposit the rest). With s' and s the
// distances source - edge point Q and Q - crossing, R = s' + s - delta the direct length:
// d = (R / s') sqrt(s' / (s (s' + s))) D e^{-jk delta}.
// *shift_m: the footprint (half side half_side_m) moved, if needed, to stay on the lit side of the boundary's trace
// on the plane (at (R / before) |m| along -m, m the ray's offset from the edge carried along d onto the plane), so
// that no incident power spills into the shadow.
TARANG_HD inline void edge_pass_row_weights(const SbrParams& p, const SbrEdgePass& pass, const SbrTube& tube,
                                            Vec3<float> origin, Vec3<float> d, float t_p, float half_side_m,
                                            JonesFrame& frame, float weight[2], float shift_m[2]) {
  weight[0] = 1.0f, weight[1] = 1.0f;
  shift_m[0] = 0.0f, shift_m[1] = 0.0f;
  if (!(t_p > pass.t_m)) return;
  const DiffractionEdge& g = p.edges.edges[pass.edge];
  const Vec3<float> w = (g.a + pass.u_m * g.e) - (origin + pass.t_m * d);  // closest ray point -> Q
  const float rho = length(w), window = coherence_window(rho, p.edges.margin_m);
  if (!(window > 0.0f)) return;
  const float before = tube.length_m + pass.t_m - tube.spread_from_m, after = t_p - pass.t_m;
  const Vec3<float> leg_in = before * d + w, leg_out = after * d + (-1.0f) * w;
  const float sp = length(leg_in), s = length(leg_out);
  const float dw = dot(d, w), w2 = dot(w, w);
  const float delta = (2.0f * before * dw + w2) / (sp + before) + (w2 - 2.0f * after * dw) / (s + after);
  const Vec3<float> d_in = (1.0f / sp) * leg_in, d_out = (1.0f / s) * leg_out;
  const float cos_beta = hd::clamp(dot(d_in, g.e), -1.0f, 1.0f), sin_beta2 = 1.0f - cos_beta * cos_beta;
  const UtdCoefficients<float> c =
      edge_utd_coefficients(g, p.materials[g.material0], p.materials[g.material_n], edge_phi(g, -1.0f * d_in),
                            edge_phi(g, d_out), hd::acos(cos_beta), s * sp * sin_beta2 / (s + sp), p.frequency_hz);
  const Complex<float> scale =
      ((before + after) / sp) * hd::sqrt(sp / (s * (s + sp))) * expj(-sbr_wavenumber(p) * delta);
  apply_edge_diffraction(frame, g.e, d, d, Complex<float>{1.0f, 0.0f}, Complex<float>{1.0f, 0.0f});
  const Complex<float> ratio[2] = {scale * c.soft, scale * c.hard};
  for (int i = 0; i < 2; ++i) weight[i] = 1.0f + window * (2.0f * ratio[i].re + norm2(ratio[i]));
  if (d.z == 0.0f) return;
  const float grow = (before + after) / before;
  const float mx = grow * (w.z / d.z * d.x - w.x), my = grow * (w.z / d.z * d.y - w.y);
  const float distance_m = hd::sqrt(mx * mx + my * my);
  if (!(distance_m > 0.0f)) return;
  const float ux = mx / distance_m, uy = my / distance_m;
  const float reach_m = half_side_m * (hd::fabs(ux) + hd::fabs(uy));
  if (reach_m > distance_m) shift_m[0] = (reach_m - distance_m) * ux, shift_m[1] = (reach_m - distance_m) * uy;
}

// Hands one crossing at ray parameter t, at (x, y) with needle half-axis (ax, ay), to the sink with its row
// weights: an incident ray's interference with the edge it passed (edge_pass_row_weights), or a diffracted ray's
// diffracted_lit_weight; a diffracted ray whose needle straddles the incident shadow boundary (|phi_rel| = pi)
// is cut there into two needles, each with its length's share of the power and its own weight.
template <typename Sink>
TARANG_HD inline void emit_crossing(const SbrParams& p, const SbrEdgePass& pass, const SbrTube& tube,
                                    Vec3<float> origin, Vec3<float> d, float t, float x, float y, float ax, float ay,
                                    float cosine, const JonesFrame& frame, Sink& sink) {
  const float length_m = tube.length_m + t, spreading_m = spreading_length_m(tube, length_m);
  float weight[2] = {1.0f, 1.0f};
  if (tube.go_source_m > 0.0f) {
    const float pi = static_cast<float>(hd::kPi), half = 0.5f * tube.go_dphi;
    const float cut = ((tube.go_phi_rel >= 0.0f ? pi : -pi) - tube.go_phi_rel) / half;  // needle parameter
    const bool split = cut > -1.0f && cut < 1.0f;
    const float bounds[3] = {-1.0f, split ? cut : 1.0f, 1.0f};
    for (int k = 0; k < (split ? 2 : 1); ++k) {
      const float centre = 0.5f * (bounds[k] + bounds[k + 1]), share = 0.5f * (bounds[k + 1] - bounds[k]);
      const float w = share * diffracted_lit_weight(tube, length_m, tube.go_phi_rel + centre * half,
                                                    p.edges.margin_m);
      weight[0] = weight[1] = w;
      sink.deposit(x + centre * ax, y + centre * ay, length_m, spreading_m, share * ax, share * ay, frame, cosine,
                   weight);
    }
    return;
  }
  if (pass.edge < 0) {
    sink.deposit(x, y, length_m, spreading_m, ax, ay, frame, cosine, weight);
    return;
  }
  JonesFrame weighted = frame;
  float shift_m[2];
  // The sink's square footprint half side, as SbrDepositWeights::point_weight computes it (without its cap).
  const float half_side_m = 0.5f * spreading_m * hd::sqrt(p.launch_sr / hd::max(cosine, 1e-2f));
  edge_pass_row_weights(p, pass, tube, origin, d, t, half_side_m, weighted, weight, shift_m);
  sink.deposit(x + shift_m[0], y + shift_m[1], length_m, spreading_m, ax, ay, weighted, cosine, weight);
}

// Hands a crossing at ray parameter t (inside the grid) to the sink, with the unfolded path length, the tube's
// spreading length and, for a diffracted tube, the half-axis of its needle-shaped cross-section moved along the
// ray onto the receiver surface of (unnormalised) normal n = (-gx, -gy, 1); `cosine` = |d.n| / n_z.
template <typename Sink>
TARANG_HD inline void deposit_crossing_at(const SbrParams& p, Vec3<float> origin, Vec3<float> d, float t, float gx,
                                          float gy, float cosine, const SbrTube& tube, const JonesFrame& frame,
                                          const SbrEdgePass& pass, Sink& sink) {
  const float x = origin.x + t * d.x, y = origin.y + t * d.y;
  const float length_m = tube.length_m + t;
  float ax = 0.0f, ay = 0.0f;
  if (tube.phi_width_per_m > 0.0f) {  // half-width vector moved along the ray onto the surface
    const float half = 0.5f * (length_m - tube.spread_from_m) * tube.phi_width_per_m;
    const Vec3<float> w = half * tube.phi_axis;
    const float k = (w.z - gx * w.x - gy * w.y) / (d.z - gx * d.x - gy * d.y);
    ax = w.x - k * d.x, ay = w.y - k * d.y;
  }
  emit_crossing(p, pass, tube, origin, d, t, x, y, ax, ay, cosine, frame, sink);
}

// Crossings of the terrain-following receiver surface by the segment origin + t d, 0 < t < t_end: the segment is
// clipped to the grid and the surface's height band, then walked cell by cell (2D DDA); in each cell the surface is
// the cell's plane and a sign change of (ray height - surface height) between the cell's entry and exit is a
// crossing.
template <typename Sink>
TARANG_HD inline void deposit_terrain_crossings(const SbrParams& p, Vec3<float> origin, Vec3<float> d, float t_end,
                                                const SbrTube& tube, const JonesFrame& frame,
                                                const SbrEdgePass& pass, Sink& sink) {
  float t0 = 0.0f, t1 = t_end;
  const float lo[3] = {p.grid_west_m, p.grid_north_m - static_cast<float>(p.ny) * p.cell_m, p.terrain_min_z_m};
  const float hi[3] = {p.grid_west_m + static_cast<float>(p.nx) * p.cell_m, p.grid_north_m, p.terrain_max_z_m};
  const float o[3] = {origin.x, origin.y, origin.z}, dv[3] = {d.x, d.y, d.z};
  for (int k = 0; k < 3; ++k) {  // slab clipping
    if (dv[k] == 0.0f) {
      if (o[k] < lo[k] || o[k] > hi[k]) return;
      continue;
    }
    float ta = (lo[k] - o[k]) / dv[k], tb = (hi[k] - o[k]) / dv[k];
    if (ta > tb) { const float tmp = ta; ta = tb; tb = tmp; }
    t0 = hd::max(t0, ta), t1 = hd::min(t1, tb);
  }
  if (!(t0 < t1)) return;
  const float tm = 0.5f * (t0 + t1);  // cell of the clipped segment's start, taken a little inside it
  const float ts = hd::min(t0 + 1e-4f * p.cell_m, tm);
  int col = static_cast<int>(hd::floor((origin.x + ts * d.x - p.grid_west_m) / p.cell_m));
  int row = static_cast<int>(hd::floor((p.grid_north_m - (origin.y + ts * d.y)) / p.cell_m));
  col = hd::clamp(col, 0, p.nx - 1), row = hd::clamp(row, 0, p.ny - 1);
  const int step_col = d.x > 0.0f ? 1 : -1, step_row = d.y > 0.0f ? -1 : 1;
  const float inf = 1e30f;
  float t_cell = t0;
  while (t_cell < t1) {
    // Exit of the current cell: the nearer of its next column and row boundaries.
    const float x_next = p.grid_west_m + static_cast<float>(d.x > 0.0f ? col + 1 : col) * p.cell_m;
    const float y_next = p.grid_north_m - static_cast<float>(d.y > 0.0f ? row : row + 1) * p.cell_m;
    const float tx = d.x != 0.0f ? (x_next - origin.x) / d.x : inf;
    const float ty = d.y != 0.0f ? (y_next - origin.y) / d.y : inf;
    const float t_exit = hd::min(hd::min(tx, ty), t1);
    const float* c = p.terrain_m + 3 * (static_cast<size_t>(row) * static_cast<size_t>(p.nx) + static_cast<size_t>(col));
    const float xc = p.grid_west_m + (static_cast<float>(col) + 0.5f) * p.cell_m;
    const float yc = p.grid_north_m - (static_cast<float>(row) + 0.5f) * p.cell_m;
    const float gx = c[1], gy = c[2];
    // f(t) = ray height - surface height, linear in t within the cell.
    const float f0 = origin.z - (p.plane_z_m + c[0] + gx * (origin.x - xc) + gy * (origin.y - yc));
    const float slope = d.z - gx * d.x - gy * d.y;
    const float fa = f0 + slope * t_cell, fb = f0 + slope * t_exit;
    if ((fa > 0.0f) != (fb > 0.0f) && slope != 0.0f) {
      const float t = -f0 / slope;
      if (t > 0.0f && t < t_end) {
        deposit_crossing_at(p, origin, d, t, gx, gy, hd::fabs(slope), tube, frame, pass, sink);
      }
    }
    if (t_exit >= t1) break;
    if (tx <= ty) col += step_col; else row += step_row;
    if (col < 0 || row < 0 || col >= p.nx || row >= p.ny) break;
    t_cell = t_exit;
  }
}

// Hands every crossing of the receiver plane (or terrain-following surface) by the segment origin + t d,
// 0 < t < t_end, inside the grid to the sink, with the unfolded path length, the tube's spreading length and, for
// a diffracted tube, the half-axis of its needle-shaped cross-section on the plane.
template <typename Sink>
TARANG_HD inline void deposit_plane_crossing(const SbrParams& p, Vec3<float> origin, Vec3<float> d, float t_end,
                                             const SbrTube& tube, const JonesFrame& frame, const SbrEdgePass& pass,
                                             Sink& sink) {
  if (p.terrain_m != nullptr) {
    deposit_terrain_crossings(p, origin, d, t_end, tube, frame, pass, sink);
    return;
  }
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
  emit_crossing(p, pass, tube, origin, d, t, x, y, ax, ay, hd::fabs(d.z), frame, sink);
}

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

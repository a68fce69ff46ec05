// Receiver-surface crossings of SBR ray segments: the tube's spreading, the shadow-boundary interference weights of
// rays passing an edge, and the deposits on the flat plane or the terrain-following surface (TARANG_HD, both engines).
#pragma once

#include "raytrace/sbr_params.h"

namespace tarang {

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

}  // namespace tarang

// Diffracting edges as the tracers see them (wedge frame, materials), a uniform xy grid over them for segment
// queries, and the UTD interaction at an edge (Keller cone directions, Luebbers coefficients, Jones update).
#pragma once

#include <stdint.h>

#include "core/complex.h"
#include "core/hd.h"
#include "core/hd_math.h"
#include "core/vec3.h"
#include "propagation/utd_wedge.h"
#include "raytrace/jones_frame.h"
#include "raytrace/surface_coefficients.h"

namespace tarang {

// A straight wedge edge. The wedge's exterior is phi in [0, n pi] around e, phi measured from face 0 (direction t0)
// towards its outward normal n0; face n lies at phi = n pi. A free edge (one face: a screen) is a half-plane, n = 2.
struct DiffractionEdge {
  Vec3<float> a;        // first end point, local coordinates
  Vec3<float> e;        // unit direction from a to the other end
  float length_m;
  Vec3<float> t0;       // unit vector in face 0, perpendicular to e, pointing into the face
  Vec3<float> n0;       // unit outward normal of face 0
  float wedge_n;        // exterior angle / pi, in (1, 2]
  uint16_t material0;   // material index of face 0
  uint16_t material_n;  // material index of face n (face 0's for a free edge)
  uint32_t triangle0;   // mesh triangles of face 0 and face n (the same for a free edge)
  uint32_t triangle_n;
  uint32_t ridge;       // nonzero: a terrain ridge knife edge (incidence from either side of its half-plane)
};

constexpr uint32_t kNoEdge = 0xffffffffu;  // empty slot of EdgeGridView::triangle_edges

// Edges bucketed in a uniform xy grid: cell (cx, cy) holds edges[cell_edges[cell_first[c] .. cell_first[c + 1])],
// every edge whose xy bounding box grown by margin_m overlaps the cell. Plain pointers: device-copyable.
struct EdgeGridView {
  const DiffractionEdge* edges;
  const uint32_t* cell_first;  // nx * ny + 1 offsets
  const uint32_t* cell_edges;
  const float* cell_z_m;  // per cell: lowest and highest z of its edges, grown by margin_m (2 per cell)
  const uint32_t* triangle_edges;  // per mesh triangle: up to 3 edges it is a face of (kNoEdge: none)
  float west_m, south_m, cell_m;
  int nx, ny;
  uint32_t edge_count;
  float margin_m;  // largest capture distance the buckets cover
  float top_m;     // highest edge point + margin_m: a rising segment above it meets no edge
};

// Angle of direction w around the edge, in [0, 2 pi), from face 0 towards its outward side.
TARANG_HD inline float edge_phi(const DiffractionEdge& g, Vec3<float> w) {
  float phi = hd::atan2(dot(w, g.n0), dot(w, g.t0));
  if (phi < 0.0f) phi += static_cast<float>(2 * hd::kPi);
  return phi;
}

// Direction on the Keller cone: cos(beta0) along e, sin(beta0) towards angle phi around the edge.
TARANG_HD inline Vec3<float> keller_direction(const DiffractionEdge& g, float cos_beta, float sin_beta, float phi) {
  return cos_beta * g.e + sin_beta * (hd::cos(phi) * g.t0 + hd::sin(phi) * g.n0);
}

// Outward bisector of the exterior (phi = n pi / 2): the side a point is pushed to when it leaves the edge.
TARANG_HD inline Vec3<float> edge_outward(const DiffractionEdge& g) {
  const float phi = 0.5f * g.wedge_n * static_cast<float>(hd::kPi);
  return hd::cos(phi) * g.t0 + hd::sin(phi) * g.n0;
}

// Soft and hard UTD coefficients (K&P with Luebbers' face reflection coefficients, propagation/utd_wedge.h) for
// incidence from angle phi_in, observation at phi_out, Keller angle beta0 and distance parameter L.
TARANG_HD inline UtdCoefficients<float> edge_utd_coefficients(const DiffractionEdge& g, const SurfaceMaterial& face0,
                                                              const SurfaceMaterial& face_n, float phi_in,
                                                              float phi_out, float beta0_rad,
                                                              float distance_parameter_m, float frequency_hz) {
  const float k = static_cast<float>(2 * hd::kPi) * frequency_hz / static_cast<float>(hd::kSpeedOfLight_m_per_s);
  const UtdWedgeGeometry<float> w{g.wedge_n, phi_in, phi_out, beta0_rad, distance_parameter_m, k};
  // Luebbers: R_0 at grazing angle phi' on face 0, R_n at grazing angle n pi - phi on face n (cos from normal =
  // sin of the grazing angle).
  const float cos0 = hd::fabs(hd::sin(phi_in));
  const float cosn = hd::fabs(hd::sin(g.wedge_n * static_cast<float>(hd::kPi) - phi_out));
  const SurfaceCoefficients r0 = surface_coefficients(face0, cos0, frequency_hz);
  const SurfaceCoefficients rn = surface_coefficients(face_n, cosn, frequency_hz);
  return {utd_wedge_coefficient(w, r0.r_te, rn.r_te), utd_wedge_coefficient(w, r0.r_tm, rn.r_tm)};
}

// Re-expresses the frame in the edge-fixed incident basis (beta0', phi'), scales the two rows by c_soft and c_hard,
// and leaves the frame in the diffracted basis (beta0, phi) of d_out: phi' = e x d_in / |.|, beta0' = phi' x d_in
// (likewise for d_out), so at normal incidence both soft axes are -e and the scalar UTD form applies per row.
TARANG_HD inline void apply_edge_diffraction(JonesFrame& f, Vec3<float> e, Vec3<float> d_in, Vec3<float> d_out,
                                             Complex<float> c_soft, Complex<float> c_hard) {
  const Vec3<float> phi_in = normalize(cross(e, d_in)), beta_in = cross(phi_in, d_in);
  const Vec3<float> phi_out = normalize(cross(e, d_out)), beta_out = cross(phi_out, d_out);
  const float r00 = dot(f.u, beta_in), r01 = dot(f.v, beta_in), r10 = dot(f.u, phi_in), r11 = dot(f.v, phi_in);
  const Complex<float> a0 = r00 * f.m[0] + r01 * f.m[2], a1 = r00 * f.m[1] + r01 * f.m[3];
  const Complex<float> b0 = r10 * f.m[0] + r11 * f.m[2], b1 = r10 * f.m[1] + r11 * f.m[3];
  f.m[0] = c_soft * a0, f.m[1] = c_soft * a1, f.m[2] = c_hard * b0, f.m[3] = c_hard * b1;
  f.u = beta_out;
  f.v = phi_out;
}

// Scales the soft (u) and hard (v) rows of a frame already in an edge's diffracted basis.
TARANG_HD inline void scale_frame_rows(JonesFrame& f, Complex<float> c_u, Complex<float> c_v) {
  f.m[0] = c_u * f.m[0], f.m[1] = c_u * f.m[1], f.m[2] = c_v * f.m[2], f.m[3] = c_v * f.m[3];
}

// Calls fn(cell_index, t_enter, t_exit) for the edge-grid cells the segment origin + t d, 0 <= t <= t_end, crosses
// in xy, in order along the segment (2D DDA, Amanatides-Woo), skipping cells whose edges' z range (grown by the
// margin) the segment misses there, and stopping once a rising segment is above every edge. The [t_enter, t_exit] intervals partition the part
// of the segment inside the grid, so a test accepted only when its parameter lies in the interval runs once.
template <typename Fn>
TARANG_HD inline void for_each_edge_cell(const EdgeGridView& g, Vec3<float> o, Vec3<float> d, float t_end, Fn&& fn) {
  if (g.edge_count == 0) return;
  float t0 = 0.0f, t1 = t_end;
  const float lo[2] = {g.west_m, g.south_m};
  const float hi[2] = {g.west_m + g.cell_m * static_cast<float>(g.nx), g.south_m + g.cell_m * static_cast<float>(g.ny)};
  const float oo[2] = {o.x, o.y}, dd[2] = {d.x, d.y};
  for (int axis = 0; axis < 2; ++axis) {
    if (hd::fabs(dd[axis]) < 1e-12f) {
      if (oo[axis] < lo[axis] || oo[axis] > hi[axis]) return;
      continue;
    }
    float ta = (lo[axis] - oo[axis]) / dd[axis], tb = (hi[axis] - oo[axis]) / dd[axis];
    if (ta > tb) {
      const float tmp = ta;
      ta = tb, tb = tmp;
    }
    t0 = hd::max(t0, ta), t1 = hd::min(t1, tb);
  }
  if (t0 > t1) return;
  const float x = o.x + t0 * d.x, y = o.y + t0 * d.y;
  int cx = hd::clamp(static_cast<int>(hd::floor((x - g.west_m) / g.cell_m)), 0, g.nx - 1);
  int cy = hd::clamp(static_cast<int>(hd::floor((y - g.south_m) / g.cell_m)), 0, g.ny - 1);
  const int step_x = d.x > 0.0f ? 1 : -1, step_y = d.y > 0.0f ? 1 : -1;
  const float inf = 1e30f;
  const float delta_x = hd::fabs(d.x) > 1e-12f ? g.cell_m / hd::fabs(d.x) : inf;
  const float delta_y = hd::fabs(d.y) > 1e-12f ? g.cell_m / hd::fabs(d.y) : inf;
  float next_x = inf, next_y = inf;
  if (delta_x < inf) {
    const float boundary = g.west_m + g.cell_m * static_cast<float>(cx + (step_x > 0 ? 1 : 0));
    next_x = (boundary - o.x) / d.x;
  }
  if (delta_y < inf) {
    const float boundary = g.south_m + g.cell_m * static_cast<float>(cy + (step_y > 0 ? 1 : 0));
    next_y = (boundary - o.y) / d.y;
  }
  float t_enter = t0;
  for (;;) {
    const float t_exit = hd::min(hd::min(next_x, next_y), t1);
    const uint32_t cell = static_cast<uint32_t>(cy) * static_cast<uint32_t>(g.nx) + static_cast<uint32_t>(cx);
    // Skip cells whose edges' z range the segment does not reach there.
    const float z_enter = o.z + t_enter * d.z, z_exit = o.z + t_exit * d.z;
    if (hd::max(z_enter, z_exit) >= g.cell_z_m[2 * cell] && hd::min(z_enter, z_exit) <= g.cell_z_m[2 * cell + 1]) {
      fn(cell, t_enter, t_exit);
    }
    if (t_exit >= t1 || (d.z >= 0.0f && z_exit > g.top_m)) return;
    t_enter = t_exit;
    if (next_x < next_y) {
      cx += step_x, next_x += delta_x;
      if (cx < 0 || cx >= g.nx) return;
    } else {
      cy += step_y, next_y += delta_y;
      if (cy < 0 || cy >= g.ny) return;
    }
  }
}

// Closest approach of the segment origin + t d (0 <= t <= t_end) to the edge's line: the ray parameter t, the
// edge parameter u (metres from a) and the distance; *line_distance_m is the distance between the two infinite
// lines. Returns false for a ray (nearly) parallel to the edge.
TARANG_HD inline bool closest_approach(const DiffractionEdge& g, Vec3<float> o, Vec3<float> d, float t_end, float* t,
                                       float* u, float* distance_m, float* line_distance_m) {
  const Vec3<float> w = o - g.a;
  const float b = dot(d, g.e), denom = 1.0f - b * b;
  if (denom < 1e-6f) return false;
  const float dw = dot(d, w), ew = dot(g.e, w);
  const float t_line = (b * ew - dw) / denom;
  *line_distance_m = length(o + t_line * d - (g.a + (ew + t_line * b) * g.e));
  *t = hd::clamp(t_line, 0.0f, t_end);
  *u = ew + *t * b;
  *distance_m = length(o + *t * d - (g.a + *u * g.e));
  return true;
}

}  // namespace tarang

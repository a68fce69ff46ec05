// Exact diffracted paths: Fermat edge points (bisection; coordinate descent for two edges), exterior and visibility
// checks, UTD amplitudes with the spreading of a cascade of straight edges.
#include "raytrace/diffraction_paths.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace tarang {
namespace {

using Vec3d = Vec3<double>;
constexpr double kSpeedOfLight_m_per_s = 299792458.0;
constexpr double kAngleTolerance_rad = 1e-4;

Vec3d to_double(Vec3<float> v) { return {v.x, v.y, v.z}; }
Vec3<float> to_float(Vec3d v) { return {static_cast<float>(v.x), static_cast<float>(v.y), static_cast<float>(v.z)}; }

Vec3d edge_point(const DiffractionEdge& g, double u_m) { return to_double(g.a) + u_m * to_double(g.e); }

// dF/du of F(u) = |from - Q(u)| + |Q(u) - to|: increasing in u (F is convex).
double fermat_slope(const DiffractionEdge& g, Vec3d from, Vec3d to, double u_m) {
  const Vec3d q = edge_point(g, u_m), e = to_double(g.e);
  return dot(e, normalize(q - from)) + dot(e, normalize(q - to));
}

// Minimiser of F on [0, length], clamped to the ends; *interior is false when it lies on an end.
double fermat_point_clamped(const DiffractionEdge& g, Vec3d from, Vec3d to, bool* interior) {
  const double len = g.length_m;
  *interior = false;
  if (!(fermat_slope(g, from, to, 0) < 0)) return 0;
  if (!(fermat_slope(g, from, to, len) > 0)) return len;
  double lo = 0, hi = len;
  for (int i = 0; i < 80 && hi - lo > 1e-10; ++i) {
    const double mid = 0.5 * (lo + hi);
    (fermat_slope(g, from, to, mid) < 0 ? lo : hi) = mid;
  }
  *interior = true;
  return 0.5 * (lo + hi);
}

double bearing_deg(Vec3d d) { return std::fmod(std::atan2(d.x, d.y) * 180.0 / M_PI + 360.0, 360.0); }
double elevation_deg(Vec3d d) { return std::asin(std::clamp(d.z, -1.0, 1.0)) * 180.0 / M_PI; }

// phi in [0, n pi]: directions a hair outside the exterior (grazing a face) are put on the face.
float exterior_phi(const DiffractionEdge& g, Vec3d w) {
  const float phi = edge_phi(g, to_float(w));
  const float limit = g.wedge_n * static_cast<float>(M_PI);
  return phi <= limit ? phi : (phi > 0.5f * (limit + static_cast<float>(2 * M_PI)) ? 0.0f : limit);
}

// Complex amplitude of a path transmitter -> interactions -> receiver, each interaction an edge (kEdgeSurfaceFlag |
// index), a ground reflection (kGroundSurface) or a reflection on mesh triangle t (needs `mesh`): Jones chain of UTD
// coefficients (distance parameter s_in s_out sin^2(beta0) / (s_in + s_out), s_in and s_out the unfolded lengths
// to the neighbouring edges or terminals) and Fresnel coefficients; spreading 1/S0 x prod sqrt(rho / (S (rho + S)))
// over the edges, with rho the unfolded length up to the edge and S the unfolded length after it; free-space phase
// on the total length.
std::complex<double> diffracted_amplitude(const SceneMesh* mesh, const std::vector<DiffractionEdge>& edges,
                                          const std::vector<std::uint32_t>& surfaces,
                                          const std::vector<SurfaceMaterial>& materials, const SurfaceMaterial& ground,
                                          const std::vector<Vec3d>& points, const SpecularPathOptions& o,
                                          double* length_out) {
  // Unfolded lengths between consecutive edges (terminals at both ends).
  std::vector<double> run{0};
  for (std::size_t k = 0; k + 1 < points.size(); ++k) {
    run.back() += length(points[k + 1] - points[k]);
    if (k + 1 < points.size() - 1 && is_edge_surface(surfaces[k])) run.push_back(0);
  }
  Vec3<float> d = to_float(normalize(points[1] - points[0]));
  JonesFrame frame = launch_frame(d);
  double rho = run[0], spreading = 1.0 / run[0], total = 0;
  std::size_t edge_k = 0;
  for (std::size_t k = 0; k < surfaces.size(); ++k) {
    const Vec3d q = points[k + 1];
    const Vec3<float> d_out = to_float(normalize(points[k + 2] - q));
    if (!is_edge_surface(surfaces[k])) {
      const bool on_ground = surfaces[k] == kGroundSurface;
      Vec3<float> n = on_ground ? Vec3<float>{0, 0, 1} : to_float(triangle_normal(*mesh, surfaces[k]));
      float cos_i = -dot(d, n);
      if (cos_i < 0) n = -1.0f * n, cos_i = -cos_i;
      Vec3<float> s = cross(d, n);
      s = length(s) > 1e-6f ? normalize(s) : frame.u;
      const SurfaceMaterial& m = on_ground ? ground : materials[mesh->triangle_material[surfaces[k]]];
      const SurfaceCoefficients c = surface_coefficients(m, cos_i, static_cast<float>(o.frequency_hz));
      apply_interaction(frame, s, cross(d, s), cross(d_out, s), c.r_te, c.r_tm);
      d = d_out;
      continue;
    }
    const DiffractionEdge& g = edges[surfaces[k] & ~kEdgeSurfaceFlag];
    const double s_in = run[edge_k], s_out = run[edge_k + 1];
    ++edge_k;
    const double cos_beta = std::clamp(static_cast<double>(dot(d, g.e)), -1.0, 1.0);
    const double sin2 = 1 - cos_beta * cos_beta;
    const UtdCoefficients<float> c = edge_utd_coefficients(
        g, materials[g.material0], materials[g.material_n], exterior_phi(g, points[k] - q),
        exterior_phi(g, points[k + 2] - q), static_cast<float>(std::acos(cos_beta)),
        static_cast<float>(s_in * s_out * sin2 / (s_in + s_out)), static_cast<float>(o.frequency_hz));
    apply_edge_diffraction(frame, g.e, d, d_out, c.soft, c.hard);
    spreading *= std::sqrt(rho / (s_out * (rho + s_out)));
    rho += s_out;
    d = d_out;
  }
  for (std::size_t k = 0; k + 1 < points.size(); ++k) total += length(points[k + 1] - points[k]);
  *length_out = total;
  return received_amplitude(frame, points, o, total, spreading);
}

PropagationPath make_path(const std::vector<DiffractionEdge>& edges, const std::vector<std::uint32_t>& surfaces,
                          const std::vector<SurfaceMaterial>& materials, const SurfaceMaterial& ground,
                          const std::vector<Vec3d>& points, const SpecularPathOptions& o) {
  return make_diffracted_path(nullptr, edges, surfaces, materials, ground, points, o);
}

// Where the straight line from a (below the ground, an image) to b (above it) crosses z = 0.
Vec3d ground_point(Vec3d a, Vec3d b) { return a + (-a.z / (b.z - a.z)) * (b - a); }

Vec3d mirrored(Vec3d p) { return {p.x, p.y, -p.z}; }

}  // namespace

Vec3<double> triangle_normal(const SceneMesh& mesh, std::uint32_t triangle) {
  const std::uint32_t* t = &mesh.indices[3 * static_cast<std::size_t>(triangle)];
  auto vertex = [&](std::uint32_t i) {
    return Vec3d{mesh.positions_m[3 * i], mesh.positions_m[3 * i + 1], mesh.positions_m[3 * i + 2]};
  };
  const Vec3d a = vertex(t[0]);
  return normalize(cross(vertex(t[1]) - a, vertex(t[2]) - a));
}

PropagationPath make_diffracted_path(const SceneMesh* mesh, const std::vector<DiffractionEdge>& edges,
                                     const std::vector<std::uint32_t>& surfaces,
                                     const std::vector<SurfaceMaterial>& materials, const SurfaceMaterial& ground,
                                     const std::vector<Vec3<double>>& points, const SpecularPathOptions& o) {
  PropagationPath path;
  path.vertices = points;
  path.surfaces = surfaces;
  path.amplitude = diffracted_amplitude(mesh, edges, surfaces, materials, ground, points, o, &path.length_m);
  path.delay_s = path.length_m / kSpeedOfLight_m_per_s;
  const Vec3d departure = normalize(points[1] - points[0]);
  const Vec3d arrival = normalize(points[points.size() - 2] - points.back());
  path.aod_azimuth_deg = bearing_deg(departure), path.aod_elevation_deg = elevation_deg(departure);
  path.aoa_azimuth_deg = bearing_deg(arrival), path.aoa_elevation_deg = elevation_deg(arrival);
  return path;
}

bool segment_clear(const EmbreeIntersector& embree, bool ground, Vec3d from, Vec3d to) {
  const double len = length(to - from);
  const double tolerance_m = 2e-3 + 2e-5 * len;
  if (len <= 2 * tolerance_m) return true;
  const Vec3d d = (1.0 / len) * (to - from);
  const Hit hit = embree.intersect(
      Ray{to_float(from), to_float(d), static_cast<float>(tolerance_m), static_cast<float>(len - tolerance_m)});
  if (is_hit(hit)) return false;
  if (ground && d.z < 0 && from.z > 0) {
    const double t_ground = -from.z / d.z;
    if (t_ground < len - tolerance_m) return false;
  }
  return true;
}

bool in_exterior(const DiffractionEdge& g, Vec3d q, Vec3d from, Vec3d to) {
  const double limit = g.wedge_n * M_PI + kAngleTolerance_rad;
  const float phi_in = edge_phi(g, to_float(normalize(from - q))), phi_out = edge_phi(g, to_float(normalize(to - q)));
  auto ok = [&](double phi) { return phi <= limit || phi >= 2 * M_PI - kAngleTolerance_rad; };
  return ok(phi_in) && ok(phi_out);
}

std::vector<std::uint32_t> edges_in_sight(const EmbreeIntersector& embree, bool ground,
                                          const std::vector<DiffractionEdge>& edges, Vec3d p) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t i = 0; i < edges.size(); ++i) {
    const DiffractionEdge& g = edges[i];
    const Vec3d push = 1e-2 * to_double(edge_outward(g));
    for (double f : {0.25, 0.5, 0.75}) {
      if (segment_clear(embree, ground, p, edge_point(g, f * g.length_m) + push)) {
        out.push_back(i);
        break;
      }
    }
  }
  return out;
}

bool fermat_edge_point(const DiffractionEdge& g, Vec3<double> from, Vec3<double> to, double* u_m) {
  bool interior = false;
  *u_m = fermat_point_clamped(g, from, to, &interior);
  return interior;
}

std::vector<PropagationPath> find_diffraction_paths(const EmbreeIntersector& embree,
                                                    const std::vector<SurfaceMaterial>& materials,
                                                    const SurfaceMaterial& ground,
                                                    const std::vector<DiffractionEdge>& edges, Vec3<double> tx,
                                                    Vec3<double> rx, const SpecularPathOptions& o, int order) {
  std::vector<PropagationPath> paths;
  if (order < 1) return paths;
  for (std::uint32_t i = 0; i < edges.size(); ++i) {
    const DiffractionEdge& g = edges[i];
    double u = 0;
    if (!fermat_edge_point(g, tx, rx, &u)) continue;
    const Vec3d q = edge_point(g, u);
    if (!in_exterior(g, q, tx, rx)) continue;
    if (!segment_clear(embree, o.ground, tx, q) || !segment_clear(embree, o.ground, q, rx)) continue;
    paths.push_back(make_path(edges, {kEdgeSurfaceFlag | i}, materials, ground, {tx, q, rx}, o));
  }
  // Single diffraction with ground reflections before and/or after (G-D, D-G, G-D-G): the edge point for the
  // mirrored terminal(s), the reflection points where the unfolded legs cross z = 0.
  if (o.ground && tx.z > 0 && rx.z > 0) {
    for (int mirror = 1; mirror <= 3; ++mirror) {
      const bool before = (mirror & 1) != 0, after = (mirror & 2) != 0;
      const Vec3d from = before ? mirrored(tx) : tx, to = after ? mirrored(rx) : rx;
      for (std::uint32_t i = 0; i < edges.size(); ++i) {
        const DiffractionEdge& g = edges[i];
        double u = 0;
        if (!fermat_edge_point(g, from, to, &u)) continue;
        const Vec3d q = edge_point(g, u);
        if (q.z <= 0 || !in_exterior(g, q, from, to)) continue;
        std::vector<Vec3d> points{tx};
        std::vector<std::uint32_t> surfaces;
        if (before) points.push_back(ground_point(from, q)), surfaces.push_back(kGroundSurface);
        points.push_back(q), surfaces.push_back(kEdgeSurfaceFlag | i);
        if (after) points.push_back(ground_point(to, q)), surfaces.push_back(kGroundSurface);
        points.push_back(rx);
        bool clear = true;
        for (std::size_t k = 0; clear && k + 1 < points.size(); ++k) {
          clear = segment_clear(embree, true, points[k], points[k + 1]);
        }
        if (clear) paths.push_back(make_path(edges, surfaces, materials, ground, points, o));
      }
    }
  }
  if (order >= 2) {
    const std::vector<std::uint32_t> from_tx = edges_in_sight(embree, o.ground, edges, tx);
    const std::vector<std::uint32_t> from_rx = edges_in_sight(embree, o.ground, edges, rx);
    for (std::uint32_t i : from_tx) {
      for (std::uint32_t j : from_rx) {
        if (i == j) continue;
        const DiffractionEdge &g1 = edges[i], &g2 = edges[j];
        double u1 = 0.5 * g1.length_m, u2 = 0.5 * g2.length_m;
        bool in1 = false, in2 = false;
        for (int it = 0; it < 60; ++it) {  // coordinate descent on a convex function of (u1, u2)
          const double old1 = u1, old2 = u2;
          u1 = fermat_point_clamped(g1, tx, edge_point(g2, u2), &in1);
          u2 = fermat_point_clamped(g2, edge_point(g1, u1), rx, &in2);
          if (std::fabs(u1 - old1) + std::fabs(u2 - old2) < 1e-9) break;
        }
        if (!in1 || !in2) continue;
        const Vec3d q1 = edge_point(g1, u1), q2 = edge_point(g2, u2);
        if (std::fabs(fermat_slope(g1, tx, q2, u1)) > 1e-6 || std::fabs(fermat_slope(g2, q1, rx, u2)) > 1e-6) continue;
        if (length(q2 - q1) < 1e-3) continue;  // a shared corner
        if (!in_exterior(g1, q1, tx, q2) || !in_exterior(g2, q2, q1, rx)) continue;
        if (!segment_clear(embree, o.ground, tx, q1) || !segment_clear(embree, o.ground, q1, q2) ||
            !segment_clear(embree, o.ground, q2, rx)) {
          continue;
        }
        paths.push_back(
            make_path(edges, {kEdgeSurfaceFlag | i, kEdgeSurfaceFlag | j}, materials, ground, {tx, q1, q2, rx}, o));
      }
    }
  }
  std::stable_sort(paths.begin(), paths.end(),
                   [](const PropagationPath& a, const PropagationPath& b) { return a.delay_s < b.delay_s; });
  return paths;
}

}  // namespace tarang

// R-D and D-R link paths: face planes seen from a terminal, image terminal, Fermat edge point, unfolding and checks.
#include "raytrace/reflected_diffraction_paths.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "core/parallel_for.h"
#include "raytrace/edge_extraction.h"
#include "raytrace/fibonacci_sphere.h"

namespace tarang {
namespace {

using Vec3d = Vec3<double>;

Vec3d to_double(Vec3<float> v) { return {v.x, v.y, v.z}; }
Vec3<float> to_float(Vec3d v) { return {static_cast<float>(v.x), static_cast<float>(v.y), static_cast<float>(v.z)}; }

// The plane n . x = offset_m, n a unit normal towards the terminal that saw it.
struct FacePlane {
  Vec3d normal;
  double offset_m;
  double distance(Vec3d p) const { return dot(normal, p) - offset_m; }
};

Vec3d triangle_vertex(const SceneMesh& mesh, std::uint32_t triangle, int corner) {
  const std::uint32_t i = mesh.indices[3 * static_cast<std::size_t>(triangle) + corner];
  return {mesh.positions_m[3 * i], mesh.positions_m[3 * i + 1], mesh.positions_m[3 * i + 2]};
}

constexpr float kRdrCaptureMargin_m = 5;  // largest distance at which a reflected seed ray proposes an edge

using PlaneKey = std::tuple<long long, long long, long long, long long>;

// What a terminal's seed rays find: the planes of the triangles they hit first (before the ground, when it is on),
// each once (normal to 1e-4, offset to 1 mm) in the order of the first ray that found it; and, with an edge grid,
// for each edge the planes whose reflected seed rays pass it within three tube radii (the R-D-R candidates).
struct TerminalSeeds {
  std::vector<FacePlane> planes;
  std::map<std::uint32_t, std::set<std::size_t>> planes_by_edge;  // edge -> indices into planes
};

TerminalSeeds seed_terminal(const SceneMesh& mesh, const EmbreeIntersector& embree, const EdgeGrid* grid, bool ground,
                            Vec3d p, std::uint64_t rays) {
  TerminalSeeds out;
  std::map<PlaneKey, std::size_t> index;
  const double tube_radius_per_m = 2.0 / std::sqrt(static_cast<double>(rays));  // sqrt((4 pi / rays) / pi)
  const EdgeGridView view = grid != nullptr ? grid->view() : EdgeGridView{};
  for (std::uint64_t i = 0; i < rays; ++i) {
    const Vec3<float> d = fibonacci_direction<float>(i, rays);
    const float t_max = ground && d.z < 0 && p.z > 0 ? static_cast<float>(-p.z / d.z) : 1e30f;  // up to the ground
    const Hit hit = embree.intersect(Ray{to_float(p), d, 0.0f, t_max});
    if (!is_hit(hit)) continue;
    FacePlane plane{triangle_normal(mesh, hit.triangle), 0};
    plane.offset_m = dot(plane.normal, triangle_vertex(mesh, hit.triangle, 0));
    if (plane.distance(p) < 0) plane.normal = -1.0 * plane.normal, plane.offset_m = -plane.offset_m;
    if (!(plane.distance(p) > 1e-3)) continue;  // p on the plane: no image
    if (ground && std::fabs(plane.normal.z) > 0.99999 && std::fabs(plane.offset_m) < 1e-3) continue;
    const PlaneKey key{std::llround(plane.normal.x * 1e4), std::llround(plane.normal.y * 1e4),
                       std::llround(plane.normal.z * 1e4), std::llround(plane.offset_m * 1e3)};
    const auto [it, added] = index.emplace(key, out.planes.size());
    if (added) out.planes.push_back(plane);
    if (grid == nullptr || view.edge_count == 0) continue;
    // The reflected seed ray, up to its next hit (or the ground, or 10 km), against the edges near it.
    const Vec3<float> n = to_float(plane.normal);
    const Vec3<float> o = to_float(p) + hit.t * d + 1e-3f * n, r = d - (2.0f * dot(d, n)) * n;
    const float r_max = ground && r.z < 0 && o.z > 0 ? -o.z / r.z : 1e4f;
    const Hit next = embree.intersect(Ray{o, r, 0.0f, r_max});
    const float t_end = is_hit(next) ? next.t : r_max;
    const float capture_m = std::min(view.margin_m, static_cast<float>(3 * tube_radius_per_m * (hit.t + t_end) + 0.01));
    for_each_edge_cell(view, o, r, t_end, [&](std::uint32_t cell, float, float) {
      for (std::uint32_t k = view.cell_first[cell]; k < view.cell_first[cell + 1]; ++k) {
        const std::uint32_t e = view.cell_edges[k];
        float t = 0, u = 0, distance_m = 0, line_m = 0;
        if (!closest_approach(view.edges[e], o, r, t_end, &t, &u, &distance_m, &line_m)) continue;
        if (u > 0 && u < view.edges[e].length_m && distance_m < capture_m) out.planes_by_edge[e].insert(it->second);
      }
    });
  }
  return out;
}

// The triangle of `plane` that the ray from terminal t towards the reflection point r meets first, at r (float
// geometry tolerance); kNoEdge when something else comes first or the point is off the plane's triangles.
std::uint32_t reflecting_triangle(const SceneMesh& mesh, const EmbreeIntersector& embree, const FacePlane& plane,
                                  Vec3d t, Vec3d r) {
  const double len = length(r - t);
  const double tolerance_m = 1e-3 + 2e-5 * len;
  const Hit hit = embree.intersect(Ray{to_float(t), to_float((1.0 / len) * (r - t)), 0.0f, 1e30f});
  if (!is_hit(hit) || std::fabs(hit.t - len) > tolerance_m) return kNoEdge;
  if (std::fabs(dot(triangle_normal(mesh, hit.triangle), plane.normal)) < 0.99999 ||
      std::fabs(plane.distance(triangle_vertex(mesh, hit.triangle, 0))) > 0.01) {
    return kNoEdge;
  }
  return hit.triangle;
}

// Paths near -> (reflection on a plane seen from near) -> edge -> far, for the candidate planes and edges; listed
// in transmitter-to-receiver order (reflection first when near is the transmitter). Planes run in parallel; the
// results are merged in plane order, so the output does not depend on the threads.
void add_one_side(const SceneMesh& mesh, const EmbreeIntersector& embree, const std::vector<SurfaceMaterial>& materials,
                  const SurfaceMaterial& ground, const std::vector<DiffractionEdge>& edges,
                  const std::vector<FacePlane>& planes, Vec3d near, Vec3d far, bool near_is_tx,
                  const SpecularPathOptions& o, std::set<std::vector<std::uint32_t>>& seen,
                  std::vector<PropagationPath>& paths) {
  const std::vector<std::uint32_t> candidates = edges_in_sight(embree, o.ground, edges, far);
  std::vector<std::vector<PropagationPath>> per_plane(planes.size());
  parallel_for(planes.size(), [&](std::size_t k) {
    const FacePlane& plane = planes[k];
    const double near_m = plane.distance(near);
    const Vec3d image = near - (2.0 * near_m) * plane.normal;
    for (std::uint32_t j : candidates) {
      const DiffractionEdge& g = edges[j];
      const Vec3d a = to_double(g.a), b = a + static_cast<double>(g.length_m) * to_double(g.e);
      if (std::max(plane.distance(a), plane.distance(b)) <= 1e-3) continue;  // behind or in the plane
      double u = 0;
      if (!fermat_edge_point(g, image, far, &u)) continue;
      const Vec3d q = a + u * to_double(g.e);
      const double q_m = plane.distance(q);
      if (q_m <= 1e-3) continue;
      const Vec3d r = image + (near_m / (near_m + q_m)) * (q - image);  // where image -> q crosses the plane
      if (o.ground && r.z <= 0) continue;
      if (!in_exterior(g, q, r, far)) continue;
      const std::uint32_t triangle = reflecting_triangle(mesh, embree, plane, near, r);
      if (triangle == kNoEdge) continue;
      if (!segment_clear(embree, o.ground, r, q) || !segment_clear(embree, o.ground, q, far)) continue;
      const std::uint32_t edge = kEdgeSurfaceFlag | j;
      const std::vector<std::uint32_t> surfaces =
          near_is_tx ? std::vector<std::uint32_t>{triangle, edge} : std::vector<std::uint32_t>{edge, triangle};
      const std::vector<Vec3d> points =
          near_is_tx ? std::vector<Vec3d>{near, r, q, far} : std::vector<Vec3d>{far, q, r, near};
      per_plane[k].push_back(make_diffracted_path(&mesh, edges, surfaces, materials, ground, points, o));
    }
  });
  for (std::vector<PropagationPath>& found : per_plane) {
    for (PropagationPath& path : found) {
      if (seen.insert(path.surfaces).second) paths.push_back(std::move(path));
    }
  }
}

// R-D-R paths: for each edge, the planes the transmitter's reflected seed rays pass it by times those of the
// receiver's; both terminals mirrored, the Fermat point for the two images, both reflection points checked.
void add_both_sides(const SceneMesh& mesh, const EmbreeIntersector& embree,
                    const std::vector<SurfaceMaterial>& materials, const SurfaceMaterial& ground,
                    const std::vector<DiffractionEdge>& edges, const TerminalSeeds& from_tx,
                    const TerminalSeeds& from_rx, Vec3d tx, Vec3d rx, const SpecularPathOptions& o,
                    std::set<std::vector<std::uint32_t>>& seen, std::vector<PropagationPath>& paths) {
  for (const auto& [j, tx_planes] : from_tx.planes_by_edge) {
    const auto rx_side = from_rx.planes_by_edge.find(j);
    if (rx_side == from_rx.planes_by_edge.end()) continue;
    const DiffractionEdge& g = edges[j];
    for (std::size_t p1 : tx_planes) {
      for (std::size_t p2 : rx_side->second) {
        const FacePlane &a = from_tx.planes[p1], &b = from_rx.planes[p2];
        const double tx_m = a.distance(tx), rx_m = b.distance(rx);
        const Vec3d tx_image = tx - (2.0 * tx_m) * a.normal, rx_image = rx - (2.0 * rx_m) * b.normal;
        double u = 0;
        if (!fermat_edge_point(g, tx_image, rx_image, &u)) continue;
        const Vec3d q = to_double(g.a) + u * to_double(g.e);
        const double qa_m = a.distance(q), qb_m = b.distance(q);
        if (qa_m <= 1e-3 || qb_m <= 1e-3) continue;
        const Vec3d r1 = tx_image + (tx_m / (tx_m + qa_m)) * (q - tx_image);
        const Vec3d r2 = rx_image + (rx_m / (rx_m + qb_m)) * (q - rx_image);
        if (o.ground && (r1.z <= 0 || r2.z <= 0)) continue;
        if (!in_exterior(g, q, r1, r2)) continue;
        const std::uint32_t t1 = reflecting_triangle(mesh, embree, a, tx, r1);
        const std::uint32_t t2 = t1 == kNoEdge ? kNoEdge : reflecting_triangle(mesh, embree, b, rx, r2);
        if (t2 == kNoEdge) continue;
        if (!segment_clear(embree, o.ground, r1, q) || !segment_clear(embree, o.ground, q, r2)) continue;
        const std::vector<std::uint32_t> surfaces{t1, kEdgeSurfaceFlag | j, t2};
        if (!seen.insert(surfaces).second) continue;
        paths.push_back(make_diffracted_path(&mesh, edges, surfaces, materials, ground, {tx, r1, q, r2, rx}, o));
      }
    }
  }
}

}  // namespace

std::vector<PropagationPath> find_reflected_diffraction_paths(const SceneMesh& mesh, const EmbreeIntersector& embree,
                                                              const std::vector<SurfaceMaterial>& materials,
                                                              const SurfaceMaterial& ground,
                                                              const std::vector<DiffractionEdge>& edges,
                                                              Vec3<double> tx, Vec3<double> rx,
                                                              const SpecularPathOptions& o) {
  std::vector<PropagationPath> paths;
  if (o.max_depth < 2 || edges.empty() || mesh.triangle_count() == 0) return paths;
  const std::uint64_t rays = std::min<std::uint64_t>(o.rays, kFaceSeedRays);
  std::unique_ptr<EdgeGrid> grid;  // for the R-D-R candidates
  if (o.max_depth >= 3) {
    grid = std::make_unique<EdgeGrid>(build_edge_grid(edges, kRdrCaptureMargin_m, mesh.triangle_count()));
  }
  const TerminalSeeds from_tx = seed_terminal(mesh, embree, grid.get(), o.ground, tx, rays);
  const TerminalSeeds from_rx = seed_terminal(mesh, embree, grid.get(), o.ground, rx, rays);
  std::set<std::vector<std::uint32_t>> seen;
  add_one_side(mesh, embree, materials, ground, edges, from_tx.planes, tx, rx, true, o, seen, paths);
  add_one_side(mesh, embree, materials, ground, edges, from_rx.planes, rx, tx, false, o, seen, paths);
  add_both_sides(mesh, embree, materials, ground, edges, from_tx, from_rx, tx, rx, o, seen, paths);
  std::stable_sort(paths.begin(), paths.end(),
                   [](const PropagationPath& a, const PropagationPath& b) { return a.delay_s < b.delay_s; });
  return paths;
}

}  // namespace tarang

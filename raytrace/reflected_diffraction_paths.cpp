// R-D and D-R link paths: face planes seen from a terminal, image terminal, Fermat edge point, unfolding and checks.
#include "raytrace/reflected_diffraction_paths.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include "core/parallel_for.h"
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

// Planes of the triangles first hit by the seed rays from p (before the ground, when it is on), each once (normal to 1e-4, offset to 1 mm), in the
// order of the first ray that found them.
std::vector<FacePlane> planes_in_sight(const SceneMesh& mesh, const EmbreeIntersector& embree, bool ground, Vec3d p,
                                       std::uint64_t rays) {
  std::vector<FacePlane> planes;
  std::set<std::tuple<long long, long long, long long, long long>> seen;
  std::set<std::uint32_t> seen_triangles;
  for (std::uint64_t i = 0; i < rays; ++i) {
    const Vec3<float> d = fibonacci_direction<float>(i, rays);
    const float t_max = ground && d.z < 0 && p.z > 0 ? static_cast<float>(-p.z / d.z) : 1e30f;  // up to the ground
    const Hit hit = embree.intersect(Ray{to_float(p), d, 0.0f, t_max});
    if (!is_hit(hit) || !seen_triangles.insert(hit.triangle).second) continue;
    FacePlane plane{triangle_normal(mesh, hit.triangle), 0};
    plane.offset_m = dot(plane.normal, triangle_vertex(mesh, hit.triangle, 0));
    if (plane.distance(p) < 0) plane.normal = -1.0 * plane.normal, plane.offset_m = -plane.offset_m;
    if (!(plane.distance(p) > 1e-3)) continue;  // p on the plane: no image
    if (ground && std::fabs(plane.normal.z) > 0.99999 && std::fabs(plane.offset_m) < 1e-3) continue;
    const auto key = std::make_tuple(std::llround(plane.normal.x * 1e4), std::llround(plane.normal.y * 1e4),
                                     std::llround(plane.normal.z * 1e4), std::llround(plane.offset_m * 1e3));
    if (seen.insert(key).second) planes.push_back(plane);
  }
  return planes;
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
                  const SurfaceMaterial& ground, const std::vector<DiffractionEdge>& edges, Vec3d near, Vec3d far,
                  bool near_is_tx, const SpecularPathOptions& o, std::set<std::vector<std::uint32_t>>& seen,
                  std::vector<PropagationPath>& paths) {
  const std::vector<FacePlane> planes =
      planes_in_sight(mesh, embree, o.ground, near, std::min<std::uint64_t>(o.rays, kFaceSeedRays));
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

}  // namespace

std::vector<PropagationPath> find_reflected_diffraction_paths(const SceneMesh& mesh, const EmbreeIntersector& embree,
                                                              const std::vector<SurfaceMaterial>& materials,
                                                              const SurfaceMaterial& ground,
                                                              const std::vector<DiffractionEdge>& edges,
                                                              Vec3<double> tx, Vec3<double> rx,
                                                              const SpecularPathOptions& o) {
  std::vector<PropagationPath> paths;
  if (o.max_depth < 2 || edges.empty() || mesh.triangle_count() == 0) return paths;
  std::set<std::vector<std::uint32_t>> seen;
  add_one_side(mesh, embree, materials, ground, edges, tx, rx, true, o, seen, paths);
  add_one_side(mesh, embree, materials, ground, edges, rx, tx, false, o, seen, paths);
  std::stable_sort(paths.begin(), paths.end(),
                   [](const PropagationPath& a, const PropagationPath& b) { return a.delay_s < b.delay_s; });
  return paths;
}

}  // namespace tarang

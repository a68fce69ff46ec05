// Edge extraction: weld vertices, pair faces by shared edges, classify (free, convex, flat, concave), and bucket.
#include "raytrace/edge_extraction.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <unordered_map>

#include "raytrace/terrain_surface.h"

namespace tarang {
namespace {

using Vec3d = Vec3<double>;

struct FaceSide {
  std::uint32_t triangle;
  bool forward;        // the triangle runs the edge from its lower to its higher vertex id
  Vec3d third;         // the triangle's vertex off the edge
};

Vec3d vertex_of(const SceneMesh& mesh, std::uint32_t i) {
  return {mesh.positions_m[3 * i], mesh.positions_m[3 * i + 1], mesh.positions_m[3 * i + 2]};
}

Vec3<float> to_float(Vec3d v) { return {static_cast<float>(v.x), static_cast<float>(v.y), static_cast<float>(v.z)}; }

// Canonical vertex id per mesh vertex: positions rounded to the weld distance share one id.
std::vector<std::uint32_t> weld_vertices(const SceneMesh& mesh, double weld_m) {
  std::map<std::array<long long, 3>, std::uint32_t> ids;
  std::vector<std::uint32_t> canonical(mesh.vertex_count());
  for (std::size_t i = 0; i < mesh.vertex_count(); ++i) {
    const std::array<long long, 3> key{std::llround(mesh.positions_m[3 * i] / weld_m),
                                       std::llround(mesh.positions_m[3 * i + 1] / weld_m),
                                       std::llround(mesh.positions_m[3 * i + 2] / weld_m)};
    canonical[i] = ids.emplace(key, static_cast<std::uint32_t>(i)).first->second;
  }
  return canonical;
}

// Unit vector in the face, perpendicular to the edge (a, e), towards the face's third vertex.
Vec3d face_tangent(Vec3d a, Vec3d e, Vec3d third) {
  const Vec3d w = third - a;
  return normalize(w - dot(w, e) * e);
}

}  // namespace

std::vector<DiffractionEdge> extract_diffraction_edges(const SceneMesh& mesh, const EdgeExtractionOptions& o,
                                                       EdgeExtractionStats* stats_out) {
  EdgeExtractionStats stats;
  const std::vector<std::uint32_t> id = weld_vertices(mesh, o.weld_m);
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<FaceSide>> sides;
  std::vector<Vec3d> normals(mesh.triangle_count());
  for (std::uint32_t t = 0; t < mesh.triangle_count(); ++t) {
    const std::uint32_t* v = &mesh.indices[3 * static_cast<std::size_t>(t)];
    const Vec3d p0 = vertex_of(mesh, v[0]), p1 = vertex_of(mesh, v[1]), p2 = vertex_of(mesh, v[2]);
    const Vec3d c = cross(p1 - p0, p2 - p0);
    if (length(c) < 1e-9) continue;  // degenerate
    normals[t] = normalize(c);
    for (int k = 0; k < 3; ++k) {
      const std::uint32_t i = id[v[k]], j = id[v[(k + 1) % 3]];
      if (i == j) continue;
      sides[{std::min(i, j), std::max(i, j)}].push_back(FaceSide{t, i < j, vertex_of(mesh, v[(k + 2) % 3])});
    }
  }

  const double min_turn_rad = o.min_turn_deg * M_PI / 180.0;
  const double ridge_turn_rad = o.terrain_ridge_min_turn_deg * M_PI / 180.0;
  std::uint32_t terrain = 0;  // object id of the terrain (object_names.size(): none)
  while (terrain < mesh.object_names.size() && mesh.object_names[terrain] != kTerrainObjectName) ++terrain;
  auto on_terrain = [&](std::uint32_t triangle) {
    return o.terrain_ridges && terrain < mesh.object_names.size() && mesh.triangle_object[triangle] == terrain;
  };
  std::vector<DiffractionEdge> edges;
  for (const auto& [key, faces] : sides) {
    const Vec3d a = vertex_of(mesh, key.first), b = vertex_of(mesh, key.second);
    const double len = length(b - a);
    if (len < 1e-6) continue;
    if (o.skip_ground_edges && std::fabs(a.z - o.ground_z_m) < 0.01 && std::fabs(b.z - o.ground_z_m) < 0.01) {
      ++stats.on_ground;
      continue;
    }
    const Vec3d e = (1.0 / len) * (b - a);
    DiffractionEdge edge{};
    edge.a = to_float(a), edge.e = to_float(e), edge.length_m = static_cast<float>(len);
    const FaceSide& f0 = faces[0];
    const Vec3d t0 = face_tangent(a, e, f0.third);
    edge.t0 = to_float(t0);
    edge.material0 = mesh.triangle_material[f0.triangle];
    edge.triangle0 = edge.triangle_n = f0.triangle;
    if (faces.size() == 1) {
      if (on_terrain(f0.triangle)) {  // the DEM's border, not a physical edge
        ++stats.terrain_border;
        continue;
      }
      if (o.skip_wall_bases && t0.z > 0.9) {
        ++stats.wall_bases;
        continue;
      }
      edge.n0 = to_float(normals[f0.triangle]);
      edge.wedge_n = 2.0f;
      edge.material_n = edge.material0;
      edges.push_back(edge);
      ++stats.free;
      continue;
    }
    if (faces.size() > 2 || faces[0].forward == faces[1].forward) {
      ++stats.non_manifold;
      continue;
    }
    const FaceSide& f1 = faces[1];
    const Vec3d n0 = normals[f0.triangle], t1 = face_tangent(a, e, f1.third);
    const double interior_rad = std::acos(std::clamp(dot(t0, t1), -1.0, 1.0));
    if (on_terrain(f0.triangle) && on_terrain(f1.triangle) && t0.z < 0 && t1.z < 0 && std::fabs(e.z) < 0.5 &&
        M_PI - interior_rad > ridge_turn_rad) {
      // Knife edge: face 0 is the vertical half-plane below the crest.
      const Vec3d down = normalize(Vec3d{0, 0, -1} + e.z * e);
      edge.t0 = to_float(down), edge.n0 = to_float(cross(e, down));
      edge.wedge_n = 2.0f;
      edge.material_n = mesh.triangle_material[f1.triangle];
      edge.triangle_n = f1.triangle;
      edge.ridge = 1;
      edges.push_back(edge);
      ++stats.terrain_ridges;
      continue;
    }
    if (M_PI - interior_rad < min_turn_rad) {
      ++stats.flat;
      continue;
    }
    if (dot(t1, n0) > 0) {  // face 1 bends towards face 0's outside: an inner corner
      ++stats.concave;
      continue;
    }
    edge.n0 = to_float(n0);
    edge.wedge_n = static_cast<float>((2 * M_PI - interior_rad) / M_PI);
    edge.material_n = mesh.triangle_material[f1.triangle];
    edge.triangle_n = f1.triangle;
    edges.push_back(edge);
    ++stats.shared;
  }
  if (stats_out != nullptr) *stats_out = stats;
  return edges;
}

EdgeGrid build_edge_grid(std::vector<DiffractionEdge> edges, float margin_m, std::size_t triangle_count) {
  EdgeGrid grid;
  grid.edges = std::move(edges);
  grid.triangle_edges.assign(3 * triangle_count, kNoEdge);
  for (std::uint32_t i = 0; i < grid.edges.size(); ++i) {
    for (const std::uint32_t t : {grid.edges[i].triangle0, grid.edges[i].triangle_n}) {
      std::uint32_t* slots = &grid.triangle_edges[3 * static_cast<std::size_t>(t)];
      for (int k = 0; k < 3; ++k) {
        if (slots[k] == i) break;
        if (slots[k] == kNoEdge) {
          slots[k] = i;
          break;
        }
      }
    }
  }
  EdgeGridView& g = grid.layout;
  g.edge_count = static_cast<std::uint32_t>(grid.edges.size());
  g.margin_m = margin_m;
  double x0 = 1e30, y0 = 1e30, x1 = -1e30, y1 = -1e30;
  for (const DiffractionEdge& e : grid.edges) {
    for (const Vec3<float> p : {e.a, e.a + e.length_m * e.e}) {
      x0 = std::min<double>(x0, p.x), y0 = std::min<double>(y0, p.y);
      x1 = std::max<double>(x1, p.x), y1 = std::max<double>(y1, p.y);
    }
  }
  if (grid.edges.empty()) x0 = y0 = 0, x1 = y1 = 1;
  x0 -= margin_m, y0 -= margin_m, x1 += margin_m, y1 += margin_m;
  const int side = std::clamp(static_cast<int>(std::sqrt(static_cast<double>(grid.edges.size()))), 1, 512);
  g.cell_m = static_cast<float>(std::max({(x1 - x0) / side, (y1 - y0) / side, 1.0}));
  g.west_m = static_cast<float>(x0), g.south_m = static_cast<float>(y0);
  g.nx = std::max(1, static_cast<int>(std::ceil((x1 - x0) / g.cell_m)));
  g.ny = std::max(1, static_cast<int>(std::ceil((y1 - y0) / g.cell_m)));
  std::vector<std::vector<std::uint32_t>> cells(static_cast<std::size_t>(g.nx) * g.ny);
  for (std::uint32_t i = 0; i < grid.edges.size(); ++i) {
    const DiffractionEdge& e = grid.edges[i];
    const Vec3<float> b = e.a + e.length_m * e.e;
    auto cell_of = [&](float v, float origin, int n) {
      return std::clamp(static_cast<int>(std::floor((v - origin) / g.cell_m)), 0, n - 1);
    };
    const int cx0 = cell_of(std::min(e.a.x, b.x) - margin_m, g.west_m, g.nx);
    const int cx1 = cell_of(std::max(e.a.x, b.x) + margin_m, g.west_m, g.nx);
    const int cy0 = cell_of(std::min(e.a.y, b.y) - margin_m, g.south_m, g.ny);
    const int cy1 = cell_of(std::max(e.a.y, b.y) + margin_m, g.south_m, g.ny);
    for (int cy = cy0; cy <= cy1; ++cy) {
      for (int cx = cx0; cx <= cx1; ++cx) cells[static_cast<std::size_t>(cy) * g.nx + cx].push_back(i);
    }
  }
  grid.cell_first.push_back(0);
  g.top_m = -1e30f;
  for (const auto& c : cells) {
    grid.cell_edges.insert(grid.cell_edges.end(), c.begin(), c.end());
    grid.cell_first.push_back(static_cast<std::uint32_t>(grid.cell_edges.size()));
    float z0 = 1e30f, z1 = -1e30f;  // empty cell: a range no segment reaches
    for (std::uint32_t i : c) {
      const DiffractionEdge& e = grid.edges[i];
      const float za = e.a.z, zb = e.a.z + e.length_m * e.e.z;
      z0 = std::min({z0, za - margin_m, zb - margin_m}), z1 = std::max({z1, za + margin_m, zb + margin_m});
    }
    grid.cell_z_m.insert(grid.cell_z_m.end(), {z0, z1});
    g.top_m = std::max(g.top_m, z1);
  }
  return grid;
}

}  // namespace tarang

// Mesh checks: edge pairing for closed surfaces, divergence-theorem volume, degenerate-triangle count.
#include "scene/mesh_checks.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tarang {
namespace {

using Point = std::array<double, 3>;

Point position(const SceneMesh& mesh, std::uint32_t vertex) {
  const float* p = &mesh.positions_m[3 * static_cast<std::size_t>(vertex)];
  return {p[0], p[1], p[2]};
}

Point minus(const Point& a, const Point& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }

Point cross(const Point& a, const Point& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

double dot(const Point& a, const Point& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

// The triangles of one object.
std::vector<std::size_t> object_triangles(const SceneMesh& mesh, std::uint32_t object) {
  std::vector<std::size_t> triangles;
  for (std::size_t t = 0; t < mesh.triangle_object.size(); ++t) {
    if (mesh.triangle_object[t] == object) triangles.push_back(t);
  }
  return triangles;
}

// Lowest z of the triangles' vertices.
double lowest_z(const SceneMesh& mesh, const std::vector<std::size_t>& triangles) {
  double z = std::numeric_limits<double>::infinity();
  for (const std::size_t t : triangles) {
    for (int c = 0; c < 3; ++c) z = std::min<double>(z, mesh.positions_m[3 * std::size_t{mesh.indices[3 * t + c]} + 2]);
  }
  return z;
}

// Hash of a vertex position (bit pattern, with -0 folded into +0).
struct PositionHash {
  std::size_t operator()(const std::array<float, 3>& p) const {
    std::uint64_t h = 1469598103934665603ull;
    for (const float v : p) h = (h ^ std::bit_cast<std::uint32_t>(v + 0.0f)) * 1099511628211ull;
    return static_cast<std::size_t>(h);
  }
};

}  // namespace

void require_consistent(const SceneMesh& mesh, std::string_view who) {
  auto require = [&](bool ok, const char* message) {
    if (!ok) throw std::invalid_argument(std::string(who) + ": " + message);
  };
  const std::size_t triangles = mesh.triangle_count();
  require(mesh.positions_m.size() % 3 == 0 && mesh.indices.size() % 3 == 0, "positions or indices not in threes");
  require(mesh.triangle_material.size() == triangles && mesh.triangle_object.size() == triangles,
          "per-triangle material/object arrays do not match the triangle count");
  require(mesh.materials.size() <= std::size_t{UINT16_MAX} + 1, "more than 65536 materials");
  const std::size_t vertices = mesh.vertex_count();
  for (const std::uint32_t index : mesh.indices) require(index < vertices, "vertex index out of range");
  for (const std::uint16_t m : mesh.triangle_material) require(m < mesh.materials.size(), "material id out of range");
  for (const std::uint32_t o : mesh.triangle_object) require(o < mesh.object_names.size(), "object id out of range");
}

bool is_watertight(const SceneMesh& mesh, std::uint32_t object, OpenBase open_base) {
  require_consistent(mesh, "mesh check");
  const std::vector<std::size_t> triangles = object_triangles(mesh, object);
  if (triangles.empty()) return false;

  // Weld vertices by position so that split vertices (per-face normals) still join their edges.
  std::unordered_map<std::array<float, 3>, std::uint32_t, PositionHash> ids;
  std::vector<float> welded_z;
  auto welded = [&](std::uint32_t vertex) {
    const float* p = &mesh.positions_m[3 * std::size_t{vertex}];
    const std::array<float, 3> key = {p[0] + 0.0f, p[1] + 0.0f, p[2] + 0.0f};
    const auto [it, inserted] = ids.try_emplace(key, static_cast<std::uint32_t>(welded_z.size()));
    if (inserted) welded_z.push_back(key[2]);
    return it->second;
  };

  // Directed edges (from << 32 | to), each with whether its triangle lies flat in the base plane.
  const float base_z = static_cast<float>(lowest_z(mesh, triangles));
  std::vector<std::pair<std::uint64_t, bool>> edges;
  edges.reserve(3 * triangles.size());
  for (const std::size_t t : triangles) {
    const std::uint32_t v[3] = {welded(mesh.indices[3 * t]), welded(mesh.indices[3 * t + 1]),
                                welded(mesh.indices[3 * t + 2])};
    const bool flat_on_base = welded_z[v[0]] == base_z && welded_z[v[1]] == base_z && welded_z[v[2]] == base_z;
    for (int c = 0; c < 3; ++c) {
      const std::uint32_t from = v[c], to = v[(c + 1) % 3];
      if (from == to) return false;  // a collapsed edge cannot be shared properly
      edges.emplace_back(std::uint64_t{from} << 32 | to, flat_on_base);
    }
  }
  std::sort(edges.begin(), edges.end());
  const auto same_key = [](const auto& a, const auto& b) { return a.first == b.first; };
  if (std::adjacent_find(edges.begin(), edges.end(), same_key) != edges.end()) return false;  // same direction twice

  for (const auto& [edge, flat_on_base] : edges) {
    const auto from = static_cast<std::uint32_t>(edge >> 32), to = static_cast<std::uint32_t>(edge);
    const std::uint64_t reverse = std::uint64_t{to} << 32 | from;
    const auto found = std::lower_bound(edges.begin(), edges.end(), std::make_pair(reverse, false));
    if (found != edges.end() && found->first == reverse) continue;
    // An open base edge must belong to a wall rising from the base, not to a sheet lying in it.
    const bool on_base = welded_z[from] == base_z && welded_z[to] == base_z && !flat_on_base;
    if (open_base == OpenBase::no || !on_base) return false;
  }
  return true;
}

double signed_volume_m3(const SceneMesh& mesh, std::uint32_t object) {
  require_consistent(mesh, "mesh check");
  const std::vector<std::size_t> triangles = object_triangles(mesh, object);
  if (triangles.empty()) return 0;
  // Apex on the base plane: a missing floor there would add tetrahedra of zero height, so it changes nothing.
  const Point first = position(mesh, mesh.indices[3 * triangles.front()]);
  const Point apex = {first[0], first[1], lowest_z(mesh, triangles)};
  double six_volume = 0;
  for (const std::size_t t : triangles) {
    const Point a = minus(position(mesh, mesh.indices[3 * t]), apex);
    const Point b = minus(position(mesh, mesh.indices[3 * t + 1]), apex);
    const Point c = minus(position(mesh, mesh.indices[3 * t + 2]), apex);
    six_volume += dot(a, cross(b, c));
  }
  return six_volume / 6.0;
}

std::size_t degenerate_triangle_count(const SceneMesh& mesh) {
  require_consistent(mesh, "mesh check");
  std::size_t count = 0;
  for (std::size_t t = 0; t < mesh.triangle_count(); ++t) {
    const std::uint32_t* v = &mesh.indices[3 * t];
    if (v[0] == v[1] || v[1] == v[2] || v[0] == v[2]) {
      ++count;
      continue;
    }
    const Point a = position(mesh, v[0]), b = position(mesh, v[1]), c = position(mesh, v[2]);
    const Point ab = minus(b, a), bc = minus(c, b), ca = minus(a, c);
    const double longest_squared = std::max({dot(ab, ab), dot(bc, bc), dot(ca, ca)});
    const Point n = cross(ab, minus(c, a));
    const double twice_area = std::sqrt(dot(n, n));
    if (longest_squared == 0 || twice_area <= 2e-6 * longest_squared) ++count;
  }
  return count;
}

}  // namespace tarang

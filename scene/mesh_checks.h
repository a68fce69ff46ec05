// Geometric sanity checks on a SceneMesh: closed surfaces, enclosed volume, degenerate triangles.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scene/scene_mesh.h"

namespace tarang {

// Throws std::invalid_argument("WHO: what is wrong") unless the mesh agrees with itself: positions and indices in
// threes, one material and object id per triangle, every vertex index, material id and object id in range, at most
// 65536 materials. For writers and checks that must not index out of bounds.
void require_consistent(const SceneMesh& mesh, std::string_view who);

// What may stay open when checking whether an object's surface is closed.
enum class OpenBase {
  no,   // a closed surface: every edge is shared by exactly two triangles
  yes,  // a building standing on the ground without a floor: an edge whose two vertices lie at the object's lowest z
        // may belong to a single triangle (the base outline) if that triangle rises above the base (a wall)
};

// Whether object `object`'s triangles form a closed, consistently oriented surface: every edge is used by exactly
// two of its triangles, once in each direction (so the normals agree). Vertices are matched by position, so a mesh
// that duplicates vertices (per-face normals) still counts as closed. An object with no triangles is not watertight.
// Throws std::invalid_argument for an inconsistent mesh (see require_consistent).
bool is_watertight(const SceneMesh& mesh, std::uint32_t object, OpenBase open_base = OpenBase::no);

// Volume enclosed by object `object` in cubic metres: positive when its normals face outward, negative when inward.
// Computed as a sum of tetrahedra from a point on the object's lowest z plane, so a floorless building standing on
// that plane (OpenBase::yes) gets its true volume as well. Meaningful only for watertight objects.
double signed_volume_m3(const SceneMesh& mesh, std::uint32_t object);

// Triangles without a usable normal: a repeated vertex index, or an area below 1e-6 of the square of the longest
// edge (corners coincident or within a millionth of the longest edge of a line; float32 cannot do better).
std::size_t degenerate_triangle_count(const SceneMesh& mesh);

}  // namespace tarang

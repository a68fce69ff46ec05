// Tests for the mesh checks: closed and open surfaces, orientation, volume sign and size, degenerate triangles.
#include "scene/mesh_checks.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace tarang {
namespace {

// Appends a box [x0, x0+dx] x [y0, y0+dy] x [z0, z0+dz] as object `object` with outward faces; `skip` names a face
// to leave out ("bottom", "top", or "" for none). Corners are shared (8 vertices).
void add_box(SceneMesh& mesh, std::uint32_t object, float x0, float y0, float z0, float dx, float dy, float dz,
             const std::string& skip = "") {
  const auto base = static_cast<std::uint32_t>(mesh.vertex_count());
  for (const float z : {z0, z0 + dz}) {
    for (const auto& [x, y] : {std::pair{x0, y0}, {x0 + dx, y0}, {x0 + dx, y0 + dy}, {x0, y0 + dy}}) {
      mesh.positions_m.insert(mesh.positions_m.end(), {x, y, z});
    }
  }
  std::vector<std::array<std::uint32_t, 3>> faces = {{0, 1, 5}, {0, 5, 4}, {1, 2, 6}, {1, 6, 5},
                                                     {2, 3, 7}, {2, 7, 6}, {3, 0, 4}, {3, 4, 7}};
  if (skip != "top") faces.insert(faces.end(), {{4, 5, 6}, {4, 6, 7}});
  if (skip != "bottom") faces.insert(faces.end(), {{0, 2, 1}, {0, 3, 2}});
  for (const auto& f : faces) {
    mesh.indices.insert(mesh.indices.end(), {base + f[0], base + f[1], base + f[2]});
    mesh.triangle_material.push_back(0);
    mesh.triangle_object.push_back(object);
  }
  if (mesh.materials.empty()) mesh.materials.push_back({"concrete", 0.1});
  while (mesh.object_names.size() <= object)
    mesh.object_names.push_back(std::to_string(mesh.object_names.size()));
}

SceneMesh tetrahedron() {
  SceneMesh mesh;
  mesh.positions_m = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1};
  mesh.indices = {0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3};
  mesh.triangle_material.assign(4, 0);
  mesh.triangle_object.assign(4, 0);
  mesh.materials = {{"concrete", 0.1}};
  mesh.object_names = {"tetra"};
  return mesh;
}

TEST(MeshChecks, TetrahedronIsClosedWithPositiveVolume) {
  const SceneMesh mesh = tetrahedron();
  EXPECT_TRUE(is_watertight(mesh, 0));
  EXPECT_NEAR(signed_volume_m3(mesh, 0), 1.0 / 6.0, 1e-12);
}

TEST(MeshChecks, InwardNormalsGiveNegativeVolumeOneFlippedFaceBreaksClosure) {
  SceneMesh inward = tetrahedron();
  for (std::size_t t = 0; t < 4; ++t) std::swap(inward.indices[3 * t + 1], inward.indices[3 * t + 2]);
  EXPECT_TRUE(is_watertight(inward, 0));  // consistently oriented, just inside out
  EXPECT_NEAR(signed_volume_m3(inward, 0), -1.0 / 6.0, 1e-12);

  SceneMesh one_flipped = tetrahedron();
  std::swap(one_flipped.indices[1], one_flipped.indices[2]);
  EXPECT_FALSE(is_watertight(one_flipped, 0));
}

TEST(MeshChecks, BoxVolumeFarFromTheOriginAndPerObject) {
  SceneMesh mesh;
  add_box(mesh, 0, 1000, 2000, 50, 2, 3, 4);
  add_box(mesh, 1, 0, 0, 0, 1, 1, 1, "top");
  EXPECT_TRUE(is_watertight(mesh, 0));
  EXPECT_NEAR(signed_volume_m3(mesh, 0), 24.0, 1e-9);
  EXPECT_FALSE(is_watertight(mesh, 1));
  EXPECT_FALSE(is_watertight(mesh, 1, OpenBase::yes)) << "an open top is not an open base";
  EXPECT_FALSE(is_watertight(mesh, 7)) << "an object without triangles";
  EXPECT_EQ(signed_volume_m3(mesh, 7), 0.0);
}

TEST(MeshChecks, FloorlessBuildingIsClosedOnlyOnTheGround) {
  SceneMesh mesh;
  add_box(mesh, 0, 10, 10, 5, 4, 6, 20, "bottom");
  EXPECT_FALSE(is_watertight(mesh, 0));
  EXPECT_TRUE(is_watertight(mesh, 0, OpenBase::yes));
  EXPECT_NEAR(signed_volume_m3(mesh, 0), 4.0 * 6.0 * 20.0, 1e-9);  // base at z = 5, not 0
}

TEST(MeshChecks, SplitVerticesAreMatchedByPosition) {
  SceneMesh mesh = tetrahedron();
  // Give every triangle its own three vertices (as files with per-face normals do).
  std::vector<float> positions;
  std::vector<std::uint32_t> indices;
  for (const std::uint32_t index : mesh.indices) {
    indices.push_back(static_cast<std::uint32_t>(positions.size() / 3));
    positions.insert(positions.end(), &mesh.positions_m[3 * index], &mesh.positions_m[3 * index] + 3);
  }
  mesh.positions_m = positions;
  mesh.indices = indices;
  EXPECT_TRUE(is_watertight(mesh, 0));
  EXPECT_NEAR(signed_volume_m3(mesh, 0), 1.0 / 6.0, 1e-12);
}

TEST(MeshChecks, ExtraFaceOnAnEdgeIsNotClosed) {
  SceneMesh mesh = tetrahedron();
  mesh.positions_m.insert(mesh.positions_m.end(), {1, 1, 1});
  mesh.indices.insert(mesh.indices.end(), {1, 2, 4, 2, 1, 4});  // a fin on edge 1-2, both sides
  mesh.triangle_material.insert(mesh.triangle_material.end(), {0, 0});
  mesh.triangle_object.insert(mesh.triangle_object.end(), {0, 0});
  EXPECT_FALSE(is_watertight(mesh, 0));
}

TEST(MeshChecks, DegenerateTriangles) {
  SceneMesh mesh;
  mesh.positions_m = {0, 0, 0, 1, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 1, 1e-7f, 0};
  mesh.indices = {0, 1, 2,   // fine
                  0, 0, 1,   // repeated index
                  0, 1, 3,   // collinear
                  0, 4, 1,   // coincident corners 0 and 4
                  0, 3, 5,   // sliver: height 1e-7 over a 2 m edge
                  0, 1, 5};  // still a sliver, relative to its 1 m edge
  mesh.triangle_material.assign(6, 0);
  mesh.triangle_object.assign(6, 0);
  mesh.materials = {{"concrete", 0.1}};
  mesh.object_names = {"x"};
  EXPECT_EQ(degenerate_triangle_count(mesh), 5u);
  mesh.positions_m[16] = 0.01f;  // a 1 cm apex height is a thin but real triangle
  EXPECT_EQ(degenerate_triangle_count(mesh), 3u);
}

TEST(MeshChecks, InconsistentMeshesAreRejected) {
  SceneMesh mesh = tetrahedron();
  mesh.indices[4] = 9;
  EXPECT_THROW(is_watertight(mesh, 0), std::invalid_argument);
  EXPECT_THROW(degenerate_triangle_count(mesh), std::invalid_argument);
  SceneMesh short_objects = tetrahedron();
  short_objects.triangle_object.pop_back();
  EXPECT_THROW(signed_volume_m3(short_objects, 0), std::invalid_argument);
  SceneMesh bad_material = tetrahedron();
  bad_material.triangle_material[0] = 3;
  EXPECT_THROW(require_consistent(bad_material, "test"), std::invalid_argument);
  EXPECT_NO_THROW(require_consistent(tetrahedron(), "test"));
}

}  // namespace
}  // namespace tarang

// MeshBuilder: appends objects, vertices and triangles to a SceneMesh, given CRS coordinates (origin subtracted).
#pragma once

#include <cstdint>
#include <string>

#include "scene/scene_mesh.h"

namespace tarang {

class MeshBuilder {
 public:
  // Appends to `mesh`, whose origin must already be set; materials already in the mesh are reused by name.
  explicit MeshBuilder(SceneMesh& mesh) : mesh_(mesh) {}

  // The index of material `name` (canonicalised with canonical_material_name), added with the default thickness
  // when new.
  std::uint16_t material(const std::string& name);
  // Starts a new object; returns its id.
  std::uint32_t add_object(const std::string& name);
  // Adds a vertex at projected CRS coordinates (x_m, y_m) and absolute height z_m; returns its index.
  std::uint32_t add_vertex(double x_m, double y_m, double z_m);
  void add_triangle(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint16_t material, std::uint32_t object);

  std::uint32_t vertex_count() const { return static_cast<std::uint32_t>(mesh_.vertex_count()); }

 private:
  SceneMesh& mesh_;
};

}  // namespace tarang

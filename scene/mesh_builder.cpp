// MeshBuilder: SceneMesh appends with origin-relative float32 vertices.
#include "scene/mesh_builder.h"

#include <limits>
#include <stdexcept>

#include "scene/material_names.h"

namespace tarang {

std::uint16_t MeshBuilder::material(const std::string& given_name) {
  const std::string name = canonical_material_name(given_name);
  for (std::size_t i = 0; i < mesh_.materials.size(); ++i) {
    if (mesh_.materials[i].name == name) return static_cast<std::uint16_t>(i);
  }
  if (mesh_.materials.size() >= std::numeric_limits<std::uint16_t>::max()) {
    throw std::length_error("a scene holds at most 65535 materials");
  }
  mesh_.materials.push_back(SceneMaterial{name});
  return static_cast<std::uint16_t>(mesh_.materials.size() - 1);
}

std::uint32_t MeshBuilder::add_object(const std::string& name) {
  mesh_.object_names.push_back(name);
  return static_cast<std::uint32_t>(mesh_.object_names.size() - 1);
}

std::uint32_t MeshBuilder::add_vertex(double x_m, double y_m, double z_m) {
  if (mesh_.vertex_count() >= std::numeric_limits<std::uint32_t>::max()) {
    throw std::length_error("a scene holds at most 2^32 - 1 vertices");
  }
  mesh_.positions_m.push_back(static_cast<float>(x_m - mesh_.origin_x_m));
  mesh_.positions_m.push_back(static_cast<float>(y_m - mesh_.origin_y_m));
  mesh_.positions_m.push_back(static_cast<float>(z_m));
  return static_cast<std::uint32_t>(mesh_.vertex_count() - 1);
}

void MeshBuilder::add_triangle(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint16_t material,
                               std::uint32_t object) {
  mesh_.indices.insert(mesh_.indices.end(), {a, b, c});
  mesh_.triangle_material.push_back(material);
  mesh_.triangle_object.push_back(object);
}

}  // namespace tarang

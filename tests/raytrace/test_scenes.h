// Small scenes built in code for the ray tracing tests: axis-aligned boxes with outward normals.
#pragma once

#include <cstdint>
#include <string>

#include "scene/scene_mesh.h"

namespace tarang::test {

// Appends a closed box [x0, x1] x [y0, y1] x [z0, z1] (12 triangles, counter-clockwise seen from outside) with
// material index `material` as a new object. `inward` flips the winding (normals facing into the box).
inline void add_box(SceneMesh& mesh, float x0, float y0, float z0, float x1, float y1, float z1,
                    std::uint16_t material, bool inward = false) {
  const std::uint32_t base = static_cast<std::uint32_t>(mesh.vertex_count());
  const float v[8][3] = {{x0, y0, z0}, {x1, y0, z0}, {x1, y1, z0}, {x0, y1, z0},
                         {x0, y0, z1}, {x1, y0, z1}, {x1, y1, z1}, {x0, y1, z1}};
  for (const auto& p : v) mesh.positions_m.insert(mesh.positions_m.end(), {p[0], p[1], p[2]});
  const std::uint32_t faces[12][3] = {{0, 2, 1}, {0, 3, 2}, {4, 5, 6}, {4, 6, 7}, {0, 1, 5}, {0, 5, 4},
                                      {1, 2, 6}, {1, 6, 5}, {2, 3, 7}, {2, 7, 6}, {3, 0, 4}, {3, 4, 7}};
  const std::uint32_t object = static_cast<std::uint32_t>(mesh.object_names.size());
  mesh.object_names.push_back("box" + std::to_string(object));
  for (const auto& f : faces) {
    if (inward) {
      mesh.indices.insert(mesh.indices.end(), {base + f[0], base + f[2], base + f[1]});
    } else {
      mesh.indices.insert(mesh.indices.end(), {base + f[0], base + f[1], base + f[2]});
    }
    mesh.triangle_material.push_back(material);
    mesh.triangle_object.push_back(object);
  }
}

// Appends a plate in the plane y = y_m, x in [x0, x1], z in [z0, z1] (two triangles; the tracers
// reflect on both sides) with material index `material` as a new object.
inline void add_plate_y(SceneMesh& mesh, float y_m, float x0_m, float x1_m, float z0_m, float z1_m,
                        std::uint16_t material) {
  const std::uint32_t base = static_cast<std::uint32_t>(mesh.vertex_count());
  const float v[4][3] = {{x0_m, y_m, z0_m}, {x1_m, y_m, z0_m}, {x1_m, y_m, z1_m}, {x0_m, y_m, z1_m}};
  for (const auto& p : v) mesh.positions_m.insert(mesh.positions_m.end(), {p[0], p[1], p[2]});
  const std::uint32_t object = static_cast<std::uint32_t>(mesh.object_names.size());
  mesh.object_names.push_back("plate" + std::to_string(object));
  mesh.indices.insert(mesh.indices.end(), {base, base + 1, base + 2, base, base + 2, base + 3});
  mesh.triangle_material.insert(mesh.triangle_material.end(), {material, material});
  mesh.triangle_object.insert(mesh.triangle_object.end(), {object, object});
}

}  // namespace tarang::test

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

}  // namespace tarang::test

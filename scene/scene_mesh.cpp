// SceneMesh helpers.
#include "scene/scene_mesh.h"

#include <algorithm>

namespace tarang {

std::array<double, 6> SceneMesh::local_bounds() const {
  if (positions_m.empty()) return {0, 0, 0, 0, 0, 0};
  std::array<double, 6> b{positions_m[0], positions_m[1], positions_m[2], positions_m[0], positions_m[1],
                          positions_m[2]};
  for (std::size_t i = 0; i < positions_m.size(); i += 3) {
    for (int a = 0; a < 3; ++a) {
      b[a] = std::min<double>(b[a], positions_m[i + a]);
      b[a + 3] = std::max<double>(b[a + 3], positions_m[i + a]);
    }
  }
  return b;
}

}  // namespace tarang

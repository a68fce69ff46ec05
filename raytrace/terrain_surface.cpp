// Terrain sampling by vertical rays against the mesh's terrain object alone.
#include "raytrace/terrain_surface.h"

#include <algorithm>

#include "raytrace/embree_intersector.h"

namespace tarang {

TerrainSampler::TerrainSampler(const SceneMesh& mesh) {
  std::uint32_t object = 0;
  while (object < mesh.object_names.size() && mesh.object_names[object] != kTerrainObjectName) ++object;
  if (object == mesh.object_names.size()) return;
  mesh_.origin_x_m = mesh.origin_x_m, mesh_.origin_y_m = mesh.origin_y_m;
  mesh_.positions_m = mesh.positions_m;
  for (std::size_t t = 0; t < mesh.triangle_count(); ++t) {
    if (mesh.triangle_object[t] != object) continue;
    for (int k = 0; k < 3; ++k) mesh_.indices.push_back(mesh.indices[3 * t + k]);
  }
  if (mesh_.indices.empty()) return;
  bool first = true;
  for (std::uint32_t i : mesh_.indices) {
    const double z = mesh_.positions_m[3 * static_cast<std::size_t>(i) + 2];
    lowest_m_ = first ? z : std::min(lowest_m_, z), highest_m_ = first ? z : std::max(highest_m_, z);
    first = false;
  }
  terrain_ = std::make_unique<EmbreeIntersector>(mesh_);
}

TerrainSampler::~TerrainSampler() = default;

std::optional<double> TerrainSampler::height_m(double x_local_m, double y_local_m) const {
  if (terrain_ == nullptr) return std::nullopt;
  const float top = static_cast<float>(highest_m_ + 10.0);
  const Hit h = terrain_->intersect(
      Ray{{static_cast<float>(x_local_m), static_cast<float>(y_local_m), top}, {0.0f, 0.0f, -1.0f}, 0.0f, 1e30f});
  if (!is_hit(h)) return std::nullopt;
  return static_cast<double>(top) - h.t;
}

std::vector<float> terrain_cells(const TerrainSampler& terrain, const SceneMesh& mesh, const RasterGrid& grid) {
  if (terrain.empty()) return {};
  const std::size_t nx = static_cast<std::size_t>(grid.nx);
  std::vector<float> z(grid.cell_count());
  for (int row = 0; row < grid.ny; ++row) {
    for (int col = 0; col < grid.nx; ++col) {
      const std::optional<double> h =
          terrain.height_m(grid.x_center_m(col) - mesh.origin_x_m, grid.y_center_m(row) - mesh.origin_y_m);
      z[row * nx + col] = static_cast<float>(h ? *h : terrain.lowest_m());
    }
  }
  std::vector<float> cells(3 * z.size());
  const float cell_m = static_cast<float>(grid.cell_m);
  for (int row = 0; row < grid.ny; ++row) {
    for (int col = 0; col < grid.nx; ++col) {
      const int c0 = std::max(col - 1, 0), c1 = std::min(col + 1, grid.nx - 1);
      const int r0 = std::max(row - 1, 0), r1 = std::min(row + 1, grid.ny - 1);  // rows run north -> south
      const std::size_t i = row * nx + col;
      cells[3 * i] = z[i];
      cells[3 * i + 1] = c1 > c0 ? (z[row * nx + c1] - z[row * nx + c0]) / (static_cast<float>(c1 - c0) * cell_m) : 0;
      cells[3 * i + 2] = r1 > r0 ? (z[r0 * nx + col] - z[r1 * nx + col]) / (static_cast<float>(r1 - r0) * cell_m) : 0;
    }
  }
  return cells;
}

}  // namespace tarang

// Terrain under the receivers of a DEM scene: the mesh's "terrain" object sampled at the grid's cell centres (height
// and slopes per cell, the receiver surface of the SBR engines) and under single points (sites, link ends).
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "core/raster_grid.h"
#include "scene/scene_mesh.h"

namespace tarang {

// Name of the terrain object a DEM scene's mesh carries (scene/terrain_dem.h, append_terrain_mesh).
constexpr const char* kTerrainObjectName = "terrain";

class EmbreeIntersector;

// Heights of the mesh's terrain object, found by vertical rays (buildings are ignored).
class TerrainSampler {
 public:
  explicit TerrainSampler(const SceneMesh& mesh);  // empty when the mesh has no terrain object
  ~TerrainSampler();
  TerrainSampler(const TerrainSampler&) = delete;
  TerrainSampler& operator=(const TerrainSampler&) = delete;

  bool empty() const { return terrain_ == nullptr; }
  // Terrain height at local (x, y); nullopt off the terrain or when empty.
  std::optional<double> height_m(double x_local_m, double y_local_m) const;
  double lowest_m() const { return lowest_m_; }

 private:
  SceneMesh mesh_;  // the terrain triangles only
  std::unique_ptr<EmbreeIntersector> terrain_;
  double lowest_m_ = 0, highest_m_ = 0;
};

// Per cell (row-major) of `grid`: terrain height at the centre (local z) and slopes dz/dx, dz/dy from central
// differences of the neighbours' heights (one-sided on the border); cells off the terrain take its lowest height.
// Empty when the mesh has no terrain object.
std::vector<float> terrain_cells(const TerrainSampler& terrain, const SceneMesh& mesh, const RasterGrid& grid);

}  // namespace tarang

// Terrain from a DEM raster: resampled onto a regular grid in the scene CRS, a bilinear height sampler and a mesh.
#pragma once

#include <string>
#include <vector>

#include "scene/building_footprints.h"
#include "scene/scene_mesh.h"

namespace tarang {

struct DemOptions {
  double resolution_m = 0;        // grid spacing in the scene CRS; 0 = the DEM's own pixel size there
  int max_nodes_per_side = 4096;  // the spacing grows (with a warning) when the extent would need more nodes
};

// Heights (metres, the DEM's vertical datum) on grid nodes (x0 + i * spacing, y0 + j * spacing) of the scene CRS,
// i in [0, columns), j in [0, rows) from south to north.
class TerrainDem {
 public:
  // `heights_m` holds columns * rows finite values, row j = 0 (south) first. Throws std::invalid_argument otherwise.
  TerrainDem(double x0_m, double y0_m, double spacing_m, int columns, int rows, std::vector<float> heights_m);

  // Bilinear height at a CRS point; outside the grid the nearest edge node values are used.
  double height_at(double x_m, double y_m) const;
  // The lowest terrain under a polygon: the minimum of the heights at its vertices and at the grid nodes inside it.
  double min_height_under(const FootprintPolygon& polygon) const;

  int columns() const { return columns_; }
  int rows() const { return rows_; }
  double spacing_m() const { return spacing_m_; }
  PlanPoint node(int i, int j) const { return {x0_m_ + i * spacing_m_, y0_m_ + j * spacing_m_}; }
  double node_height_m(int i, int j) const { return heights_m_[static_cast<std::size_t>(j) * columns_ + i]; }

 private:
  double x0_m_, y0_m_, spacing_m_;
  int columns_, rows_;
  std::vector<float> heights_m_;
};

// Reads the DEM raster `path` (GeoTIFF or any raster GDAL reads; band 1, metres) and warps it (bilinear) onto a grid
// covering `extent` of the projected CRS `scene_crs_wkt`. Cells without data (the DEM's nodata, or outside the DEM)
// are filled by inverse-distance interpolation from the nearest valid cells (GDALFillNodata, search radius = the whole
// grid, no smoothing) and reported in stats.warnings. Throws InputError(path, ...) when the file is not a
// georeferenced raster or has no data over the extent; std::invalid_argument for an empty extent or
// max_nodes_per_side < 2.
TerrainDem read_terrain_dem(const std::string& path, const std::string& scene_crs_wkt, const PlanExtent& extent,
                            const DemOptions& options, SceneBuildStats& stats);

struct TerrainMeshOptions {
  int stride = 1;  // use every stride-th grid node (the last row and column always)
  std::string material = "medium_dry_ground";
  std::string object_name = "terrain";
};

// Appends the terrain as one object: two triangles per (strided) grid cell, counter-clockwise seen from above.
// `mesh.origin_*` must be set. Throws std::invalid_argument when stride < 1.
void append_terrain_mesh(const TerrainDem& terrain, const TerrainMeshOptions& options, SceneMesh& mesh);

}  // namespace tarang

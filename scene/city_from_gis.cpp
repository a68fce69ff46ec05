// build_city_scene: CRS choice, footprints, optional DEM, extrusion and ground, in that order.
#include "scene/city_from_gis.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "core/error.h"
#include "scene/crs.h"
#include "scene/mesh_builder.h"

namespace tarang {
namespace {

void check_options(const GisSceneOptions& options) {
  auto fail = [&](const char* key, const std::string& message) {
    throw InputError(options.options_file, 0, key, message);
  };
  if (options.buildings_path.empty()) fail("buildings", "no building footprint file given");
  if (options.ground == GisGround::terrain && options.dem_path.empty()) {
    fail("ground", "terrain ground needs a DEM file (dem)");
  }
  if (!(options.ground_margin_m >= 0)) fail("ground_margin_m", "must be at least 0");
  if (options.terrain_stride < 1) fail("terrain_stride", "must be at least 1");
}

ProjectedCrs scene_crs(const GisSceneOptions& options) {
  if (options.crs == "auto") return utm_crs_for_vector_source(options.buildings_path, options.footprints.layer);
  try {
    return resolve_projected_crs(options.crs);
  } catch (const std::invalid_argument& e) {
    throw InputError(options.options_file, 0, "crs", e.what());
  }
}

// A horizontal rectangle over `extent` at height z_m, counter-clockwise seen from above.
void append_flat_ground(const PlanExtent& extent, double z_m, const std::string& material, SceneMesh& mesh) {
  MeshBuilder builder(mesh);
  const std::uint16_t m = builder.material(material);
  const std::uint32_t object = builder.add_object("ground");
  const std::uint32_t sw = builder.add_vertex(extent.xmin_m, extent.ymin_m, z_m);
  const std::uint32_t se = builder.add_vertex(extent.xmax_m, extent.ymin_m, z_m);
  const std::uint32_t ne = builder.add_vertex(extent.xmax_m, extent.ymax_m, z_m);
  const std::uint32_t nw = builder.add_vertex(extent.xmin_m, extent.ymax_m, z_m);
  builder.add_triangle(sw, se, ne, m, object);
  builder.add_triangle(sw, ne, nw, m, object);
}

double lowest_node_m(const TerrainDem& terrain) {
  double lowest = terrain.node_height_m(0, 0);
  for (int j = 0; j < terrain.rows(); ++j) {
    for (int i = 0; i < terrain.columns(); ++i) lowest = std::min(lowest, terrain.node_height_m(i, j));
  }
  return lowest;
}

}  // namespace

SceneMesh build_city_scene(const GisSceneOptions& options, SceneBuildStats& stats) {
  check_options(options);
  const ProjectedCrs crs = scene_crs(options);
  FootprintOptions footprint_options = options.footprints;
  footprint_options.target_crs_wkt = crs.wkt;
  const std::vector<BuildingFootprint> footprints =
      read_building_footprints(options.buildings_path, footprint_options, stats);
  if (footprints.empty()) {
    throw InputError(options.buildings_path,
                     "no usable building footprints (" + std::to_string(stats.skipped) + " skipped" +
                         (stats.warnings.empty() ? "" : "; first: " + stats.warnings.front()) + ")");
  }

  PlanExtent extent = footprint_extent(footprints);
  extent.xmin_m -= options.ground_margin_m;
  extent.ymin_m -= options.ground_margin_m;
  extent.xmax_m += options.ground_margin_m;
  extent.ymax_m += options.ground_margin_m;

  SceneMesh mesh;
  mesh.crs_wkt = crs.wkt;
  mesh.origin_x_m = std::round(0.5 * (extent.xmin_m + extent.xmax_m));
  mesh.origin_y_m = std::round(0.5 * (extent.ymin_m + extent.ymax_m));

  std::optional<TerrainDem> terrain;
  if (!options.dem_path.empty()) terrain = read_terrain_dem(options.dem_path, crs.wkt, extent, options.dem, stats);
  extrude_buildings(footprints, ExtrudeOptions{options.floors, terrain ? &*terrain : nullptr}, mesh, stats);

  if (options.ground == GisGround::flat) {
    append_flat_ground(extent, terrain ? lowest_node_m(*terrain) : 0.0, options.ground_material, mesh);
  } else if (options.ground == GisGround::terrain) {
    append_terrain_mesh(*terrain, TerrainMeshOptions{options.terrain_stride, options.ground_material, "terrain"}, mesh);
  }
  return mesh;
}

}  // namespace tarang

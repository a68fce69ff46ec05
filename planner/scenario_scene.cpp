// Scene loading for a scenario and the resolution of CRS, site positions and grid bounds against it.
#include "planner/scenario_scene.h"

#include <stdexcept>

#include "core/error.h"
#include "io/scene_h5.h"
#include "scene/city_from_gis.h"
#include "scene/crs.h"
#include "scene/mesh_import.h"
#include "scene/procedural_city.h"

namespace tarang {

SceneMesh build_scenario_scene(const Scenario& s, SceneBuildStats* stats) {
  const SceneSpec& spec = s.scene;
  switch (spec.source) {
    case SceneSource::None: {
      SceneMesh empty;
      empty.crs_wkt = resolve_projected_crs(spec.crs).wkt;
      return empty;
    }
    case SceneSource::Mesh: {
      MeshImportOptions options;
      options.material = spec.building_material;
      options.crs_wkt = resolve_projected_crs(spec.crs).wkt;
      options.origin_x_m = spec.origin_x_m;
      options.origin_y_m = spec.origin_y_m;
      return load_mesh_file(spec.mesh_path, options, stats);
    }
    case SceneSource::Procedural: {
      ProceduralCityOptions options;
      const ProceduralSpec& p = spec.procedural;
      options.blocks_per_side = p.blocks;
      options.building_size_m = p.building_size_m;
      options.pitch_m = p.pitch_m;
      options.min_height_m = p.min_height_m;
      options.max_height_m = p.max_height_m;
      options.seed = p.seed;
      options.origin_lon_deg = p.origin_lon_deg;
      options.origin_lat_deg = p.origin_lat_deg;
      options.ground = false;  // scene.ground: flat is the exact infinite plane
      try {
        SceneMesh city = make_procedural_city(options);
        if (stats != nullptr) stats->buildings = static_cast<std::size_t>(p.blocks) * p.blocks;
        return city;
      } catch (const std::invalid_argument& e) {
        throw InputError(s.source_path, 0, "scene.procedural", e.what());
      }
    }
    case SceneSource::File: {
      SceneFile file = read_scene_file(spec.file_path);
      if (stats != nullptr) *stats = file.stats;
      return std::move(file.mesh);
    }
    case SceneSource::Gis: {
      GisSceneOptions options;
      options.buildings_path = spec.buildings_path;
      options.dem_path = spec.dem_path;
      options.crs = spec.crs;
      // The ray tracer adds the exact infinite ground plane itself (scene.ground: flat); a DEM is traced as terrain.
      options.ground = spec.dem_path.empty() ? GisGround::none : GisGround::terrain;
      options.ground_material = spec.ground_material;
      options.footprints.default_height_m = spec.default_height_m;
      options.footprints.level_height_m = spec.level_height_m;
      options.footprints.material_attribute = spec.material_attribute;
      options.footprints.default_material = spec.building_material;
      options.options_file = s.source_path;
      SceneBuildStats local;
      SceneMesh city = build_city_scene(options, stats != nullptr ? *stats : local);
      return city;
    }
  }
  throw std::logic_error("unknown scene source");
}

Scenario resolve_scenario_scene(const Scenario& s, SceneMesh* mesh, SceneBuildStats* stats) {
  Scenario r = s;
  *mesh = build_scenario_scene(s, stats);
  if (mesh->crs_wkt.empty()) mesh->crs_wkt = resolve_projected_crs(s.scene.crs).wkt;
  r.scene.crs = mesh->crs_wkt;

  for (SiteSpec& site : r.sites) {
    if (!site.from_lonlat) continue;
    try {
      const ProjectedPoint p = lonlat_to_projected(site.lon_deg, site.lat_deg, mesh->crs_wkt);
      site.x_m = p.x_m, site.y_m = p.y_m;
    } catch (const std::exception& e) {
      throw InputError(s.source_path, 0, "sites." + site.id, std::string("cannot place lon/lat: ") + e.what());
    }
    site.from_lonlat = false;
  }

  if (s.scene.source == SceneSource::Gis && !s.scene.dem_path.empty()) {
    // Terrain is traced as a mesh. The ray tracers stand receivers (per cell) and sites on it
    // (raytrace/terrain_surface.h); the lowest point is the ground of everything else (empirical models).
    r.scene.ground = GroundKind::None;
    r.grid.base_z_m = mesh->local_bounds()[2];
  }

  if (r.grid.bounds_from_scene) {
    const auto b = mesh->local_bounds();
    if (b[3] <= b[0] || b[4] <= b[1]) {
      throw InputError(s.source_path, 0, "grid.bounds_m", "the scene is empty, so its extent cannot be the grid");
    }
    r.grid.xmin_m = mesh->origin_x_m + b[0], r.grid.xmax_m = mesh->origin_x_m + b[3];
    r.grid.ymin_m = mesh->origin_y_m + b[1], r.grid.ymax_m = mesh->origin_y_m + b[4];
    const double cells = (r.grid.xmax_m - r.grid.xmin_m) / r.grid.cell_m * (r.grid.ymax_m - r.grid.ymin_m) / r.grid.cell_m;
    if (cells > 1e9) {
      throw InputError(s.source_path, 0, "grid.cell_m", "the scene extent would need " + std::to_string(cells) +
                                                            " cells; the limit is 1e9");
    }
    r.grid.bounds_from_scene = false;
  }
  return r;
}

}  // namespace tarang

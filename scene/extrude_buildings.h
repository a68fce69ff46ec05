// Building footprints extruded into closed prisms (walls, flat roof, floor where needed) appended to a SceneMesh.
#pragma once

#include <vector>

#include "scene/building_footprints.h"
#include "scene/scene_mesh.h"
#include "scene/terrain_dem.h"

namespace tarang {

enum class BuildingFloors {
  raised_only,  // a floor only under raised parts (min_height > 0); a building on the ground is open at its base
  always,       // every prism closed (every edge shared by exactly two triangles)
};

struct ExtrudeOptions {
  BuildingFloors floors = BuildingFloors::raised_only;
  const TerrainDem* terrain = nullptr;  // building bases at the lowest terrain under the footprint; nullptr = z 0
};

// Appends each footprint as one object named footprint.id: for every polygon, walls from base + min_height_m to
// base + height_m (wall material), a flat roof (roof material) and, per `floors`, a floor (wall material). Roofs and
// floors are triangulated with GEOS (triangulate_polygon), holes respected. Each ring's vertices are shared by its
// walls and its roof/floor, so the prisms are watertight; triangles are counter-clockwise seen from outside.
// `mesh.origin_*` must be set (vertices are stored relative to it). Footprints GEOS cannot triangulate are skipped
// with a warning; stats.buildings counts the objects added.
void extrude_buildings(const std::vector<BuildingFootprint>& footprints, const ExtrudeOptions& options, SceneMesh& mesh,
                       SceneBuildStats& stats);

}  // namespace tarang

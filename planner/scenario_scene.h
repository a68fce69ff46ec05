// The scene a scenario names (mesh file, procedural city, scene file, GIS data), and the scenario fields that can
// only be settled once it is loaded: the CRS ("auto"), lon/lat site positions, grid bounds from the scene extent.
#pragma once

#include "core/scenario.h"
#include "scene/scene_mesh.h"

namespace tarang {

// Builds or loads the scene `s` names (an empty mesh in the scenario's CRS when it names none).
SceneMesh build_scenario_scene(const Scenario& s, SceneBuildStats* stats);

// Builds or loads the scene of `s` into *mesh (empty when the scenario names none) and returns a copy of `s` with
// scene.crs set to the scene's CRS WKT, every site in x_m/y_m, and concrete grid bounds. Throws InputError for
// unreadable scene data or positions that cannot be placed.
Scenario resolve_scenario_scene(const Scenario& s, SceneMesh* mesh, SceneBuildStats* stats);

}  // namespace tarang

// The candidate sites of a plan: existing sites (locked), the user's points (list, file), rooftops of tall
// buildings and a street lattice, minus exclusion zones, each expanded into its sector configurations.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/scenario.h"
#include "planner/site_selection.h"
#include "scene/scene_mesh.h"

namespace tarang {

struct PlanCandidateSet {
  // One site per position holding the sectors of all its configurations: the rows of the gain matrix, in order
  // (so the ray tracer traces each position once whatever the number of configurations).
  std::vector<SiteSpec> matrix_sites;
  std::vector<Candidate> candidates;      // one per configuration; `sectors` index the gain-matrix rows
  std::vector<SiteSpec> candidate_sites;  // candidate i's site with that configuration's sectors only
  std::size_t existing = 0, listed = 0, rooftops = 0, streets = 0, excluded = 0;
};

// Every candidate of `s` (resolved against its scene: CRS, sites, grid). User points outside the grid are an
// InputError naming the point; generated points outside the grid, inside buildings or in exclusion zones are
// skipped (excluded counts those in exclusion zones). Throws InputError when no candidate remains.
PlanCandidateSet make_plan_candidates(const Scenario& s, const SceneMesh& mesh);

// The roof point of every building of `mesh` at least min_height_m tall: near the roof corner farthest from the
// roof's centre (0.5 m inside), at roof height; local mesh coordinates plus origin (scene CRS), z absolute.
struct RoofPoint {
  std::string building;
  double x_m = 0, y_m = 0, roof_z_m = 0, height_m = 0;
};
std::vector<RoofPoint> rooftop_points(const SceneMesh& mesh, double ground_z_m, double min_height_m);

// Building volume (m^3) per cell of `grid`: every roof triangle's area x its height above ground_z_m, put in the
// cell under its centroid (demand from building volume: users scale with floor space).
std::vector<double> building_volume_per_cell(const SceneMesh& mesh, const RasterGrid& grid, double ground_z_m);

}  // namespace tarang

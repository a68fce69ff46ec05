// SBR maps across the shadow boundary of one edge: near the boundary the incident rays carry their interference with
// the edge's diffracted field, so the map follows the exact coherent field (link paths) through the transition
// instead of stepping from 1.25 x to 0.25 x the incident power.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "raytrace/diffraction_paths.h"
#include "raytrace/edge_extraction.h"
#include "raytrace/radio_map_sbr.h"
#include "raytrace/specular_paths.h"
#include "raytrace/surface_materials.h"
#include "tests/raytrace/test_scenes.h"

namespace tarang {
namespace {

constexpr double kFrequency_hz = 3.5e9;

// An absorbing vertical screen y = 100 m, x in [-1000, 1000], z in [-1000, 20] (two triangles).
SceneMesh screen_mesh() {
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"absorber", 0.2});
  test::add_plate_y(mesh, 100, -1000, 1000, -1000, 20, 0);
  return mesh;
}

// Isotropic V site 30 m high at the origin, no ground, order-1 diffraction, 4e6 rays; 4 m cells at 1.5 m,
// x in [-40, 40], y in [south, south + 192] (48 rows).
Scenario site_scenario(double south_m) {
  Scenario s;
  s.scene.crs = "EPSG:32643";
  s.scene.ground = GroundKind::None;
  s.radio.frequency_hz = kFrequency_hz;
  s.propagation.model = PathLossModel::Raytrace;
  s.raytrace.rays = 4000000;
  s.raytrace.max_depth = 1;
  s.raytrace.diffraction_order = 1;
  s.custom_materials.push_back(CustomMaterial{"absorber", 1, 0, 0.2, 0});  // eta = 1: no reflection
  SiteSpec site;
  site.id = "s";
  site.height_m = 30;
  site.sectors.push_back(SectorSpec{"iso", 0, 0, 43, AntennaKind::Isotropic, SectorPolarization::V});
  s.sites.push_back(site);
  s.grid = GridSpec{-40, south_m, 40, south_m + 192, 4, 1.5};
  return s;
}

// Coherent gain (dB) of the exact line-of-sight and diffracted link paths to (x, y, 1.5).
double exact_gain_db(const SceneMesh& mesh, const EmbreeIntersector& embree, const std::vector<DiffractionEdge>& edges,
                     const std::vector<SurfaceMaterial>& materials, double x_m, double y_m) {
  SpecularPathOptions o;
  o.rays = 20000, o.max_depth = 0, o.ground = false, o.frequency_hz = kFrequency_hz;
  const Vec3<double> tx{0, 0, 30}, rx{x_m, y_m, 1.5};
  std::vector<PropagationPath> paths = find_specular_paths(mesh, embree, materials, SurfaceMaterial{}, tx, rx, o);
  const std::vector<PropagationPath> d =
      find_diffraction_paths(embree, materials, SurfaceMaterial{}, edges, tx, rx, o, 1);
  paths.insert(paths.end(), d.begin(), d.end());
  return summarize_paths(paths).coherent_gain_db;
}

double median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

// What the tests check, within 40 m of the boundary y = boundary_m (a straight line along x, so every column sees
// the same field). Adjacent cells: the same column, consecutive rows (4 m apart).
struct Continuity {
  double across_db = 0;        // worst jump between the cells either side of the boundary line
  double cell_db = 0;          // worst jump between adjacent cells
  double profile_error_db = 0;  // worst |row mean - exact coherent field at x = 2 m|
  double excess_db = 0;        // worst |row-mean jump - the exact field's jump|
  double lit_vs_friis_db = 0;  // median map - Friis per cell more than 60 m out on the lit side
};

Continuity measure_continuity(const SceneMesh& mesh, const Scenario& s, const std::string& material,
                              double boundary_m) {
  const RasterGrid grid = raster_grid_of(s.grid, "");
  const std::vector<float> map = trace_sbr_gain_maps(s, mesh, grid, nullptr, nullptr, 2);
  const EmbreeIntersector embree(mesh);
  const std::vector<SurfaceMaterial> materials{
      surface_material_of(material, 0.2, kFrequency_hz, false, s.custom_materials)};
  const std::vector<DiffractionEdge> edges = extract_diffraction_edges(mesh, EdgeExtractionOptions{});
  const double lambda_m = 299792458.0 / kFrequency_hz;
  auto cell_db = [&](int row, int col) {
    return static_cast<double>(map[static_cast<std::size_t>(row) * grid.nx + col]);
  };

  // Row profile: mean power over the 20 columns (the boundary runs along x, so every column sees the same field),
  // against the exact coherent field at x = 2 m.
  std::vector<double> profile_db(grid.ny), exact_db(grid.ny);
  std::vector<double> lit_vs_friis;
  for (int row = 0; row < grid.ny; ++row) {
    const double y = grid.y_center_m(row);
    double mean = 0;
    for (int col = 0; col < grid.nx; ++col) mean += std::pow(10.0, cell_db(row, col) / 10);
    profile_db[row] = 10 * std::log10(mean / grid.nx);
    exact_db[row] = exact_gain_db(mesh, embree, edges, materials, 2, y);
    if (y - boundary_m > 60) {  // far on the lit side (the interference window ends ~70 m out): Friis per cell
      for (int col = 0; col < grid.nx; ++col) {
        const double r = std::sqrt(grid.x_center_m(col) * grid.x_center_m(col) + y * y + 28.5 * 28.5);
        lit_vs_friis.push_back(cell_db(row, col) - 20 * std::log10(lambda_m / (4 * M_PI * r)));
      }
    }
  }
  // Adjacent cells: the same column, consecutive rows (4 m apart), within 40 m of the boundary (the transition
  // zone); `across`: the two rows either side of the boundary line y = 285 m (a row edge of this grid).
  double worst_across_db = 0, worst_cell_db = 0, worst_profile_db = 0, worst_profile_jump_db = 0;
  double worst_excess_db = 0, worst_exact_jump_db = 0;
  std::vector<double> jumps;
  for (int row = 1; row < grid.ny; ++row) {
    const double y0 = grid.y_center_m(row - 1), y1 = grid.y_center_m(row);
    if (std::fabs(0.5 * (y0 + y1) - boundary_m) > 40) continue;
    const bool across = (y0 - boundary_m) * (y1 - boundary_m) < 0;
    for (int col = 0; col < grid.nx; ++col) {
      const double jump = std::fabs(cell_db(row, col) - cell_db(row - 1, col));
      jumps.push_back(jump);
      worst_cell_db = std::max(worst_cell_db, jump);
      if (across) worst_across_db = std::max(worst_across_db, jump);
    }
    const double map_jump = profile_db[row] - profile_db[row - 1], exact_jump = exact_db[row] - exact_db[row - 1];
    worst_profile_jump_db = std::max(worst_profile_jump_db, std::fabs(map_jump));
    worst_exact_jump_db = std::max(worst_exact_jump_db, std::fabs(exact_jump));
    worst_excess_db = std::max(worst_excess_db, std::fabs(map_jump - exact_jump));
  }
  for (int row = 0; row < grid.ny; ++row) {
    if (std::fabs(grid.y_center_m(row) - boundary_m) > 40) continue;
    worst_profile_db = std::max(worst_profile_db, std::fabs(profile_db[row] - exact_db[row]));
    std::printf("y %6.1f m: map (row mean) %7.2f dB, exact coherent %7.2f dB\n", grid.y_center_m(row),
                profile_db[row], exact_db[row]);
  }
  std::printf("within 40 m of the boundary: cells across it jump at most %.2f dB; adjacent cells (%zu pairs) median "
              "%.2f dB, worst %.2f dB; row profile: worst jump %.2f dB (exact field %.2f dB, difference %.2f dB), "
              "worst error vs exact %.2f dB; far lit side vs Friis: median %.2f dB\n",
              worst_across_db, jumps.size(), median(jumps), worst_cell_db, worst_profile_jump_db, worst_exact_jump_db,
              worst_excess_db, worst_profile_db, median(lit_vs_friis));
  Continuity c;
  c.across_db = worst_across_db, c.cell_db = worst_cell_db, c.profile_error_db = worst_profile_db;
  c.excess_db = worst_excess_db, c.lit_vs_friis_db = median(lit_vs_friis);
  return c;
}

TEST(ShadowBoundaryContinuity, NoJumpAcrossTheShadowBoundaryOfAScreen) {
  // The screen's top (20 m) hides the 1.5 m plane up to y = 100 + 100 x 28.5 / 10 = 285 m (a row edge here).
  const Continuity c = measure_continuity(screen_mesh(), site_scenario(189), "absorber", 285);
  EXPECT_LT(c.across_db, 1.0);          // 7.6 dB with incoherent deposits
  EXPECT_LT(c.profile_error_db, 0.75);  // the transition follows the exact field
  EXPECT_LT(c.excess_db, 0.75);         // no jump beyond the field's own change per row (<= 0.69 dB here)
  EXPECT_LT(c.cell_db, 1.75);           // per cell, with the Monte Carlo noise of the diffracted rays
  EXPECT_NEAR(c.lit_vs_friis_db, 0.0, 0.5);
}

TEST(ShadowBoundaryContinuity, NoJumpAcrossTheShadowBoundaryBehindABuilding) {
  // A concrete block 20 m high, y in [100, 130], 1 km wide: its back roof edge (a 90-degree wedge, lossy faces)
  // hides the plane up to y = 130 + 130 x 18.5 / 10 = 370.5 m; rays reflected by the roof go up.
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"concrete", 0.2});
  test::add_box(mesh, -500, 100, 0, 500, 130, 20, 0);
  const Continuity c = measure_continuity(mesh, site_scenario(276), "concrete", 370.5);
  EXPECT_LT(c.across_db, 1.0);
  EXPECT_LT(c.profile_error_db, 0.75);
  EXPECT_LT(c.excess_db, 0.75);
  EXPECT_LT(c.cell_db, 1.75);
  EXPECT_NEAR(c.lit_vs_friis_db, 0.0, 0.5);
}

}  // namespace
}  // namespace tarang

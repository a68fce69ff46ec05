// SBR preparation shared by the engines: materials, launch parameters, sectors, weights; power -> dB.
#include "raytrace/sbr_setup.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

#include "propagation/empirical_gain_maps.h"
#include "raytrace/surface_materials.h"
#include "raytrace/terrain_surface.h"

namespace tarang {
namespace {

// Identity for seed 0; otherwise a rotation drawn uniformly (random unit quaternion, Shoemake 1992) from
// splitmix64 of the seed, so a second run with another seed samples the sphere with shifted rays.
void seeded_rotation(std::uint64_t seed, float* r) {
  double q[4] = {1, 0, 0, 0};
  if (seed != 0) {
    auto next = [state = seed]() mutable {
      std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
      return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
    };
    const double u1 = next(), u2 = next() * 2 * M_PI, u3 = next() * 2 * M_PI;
    q[0] = std::sqrt(1 - u1) * std::sin(u2), q[1] = std::sqrt(1 - u1) * std::cos(u2);
    q[2] = std::sqrt(u1) * std::sin(u3), q[3] = std::sqrt(u1) * std::cos(u3);
  }
  const double w = q[0], x = q[1], y = q[2], z = q[3];
  const double m[9] = {1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
                       2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
                       2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)};
  for (int i = 0; i < 9; ++i) r[i] = static_cast<float>(m[i]);
}

}  // namespace

SectorLaunch sector_launch(const SectorSpec& sector) {
  SectorLaunch l{sector_antenna_of(sector), 1, {}};
  const float h = 0.70710678f;
  switch (sector.polarization) {
    case SectorPolarization::V: l.e[0][0] = {1, 0}, l.e[0][1] = {0, 0}; break;
    case SectorPolarization::H: l.e[0][0] = {0, 0}, l.e[0][1] = {1, 0}; break;
    case SectorPolarization::Slant45: l.e[0][0] = {h, 0}, l.e[0][1] = {h, 0}; break;
    case SectorPolarization::Cross:
      l.ports = 2;
      l.e[0][0] = {h, 0}, l.e[0][1] = {h, 0};
      l.e[1][0] = {h, 0}, l.e[1][1] = {-h, 0};
      break;
  }
  return l;
}

void prepare_sbr(const Scenario& s, const SceneMesh& mesh, const RasterGrid& grid, SbrSetup& setup) {
  const RaytraceSpec& rt = s.raytrace;
  const double frequency_hz = s.radio.frequency_hz;
  const double wavelength_m = 299792458.0 / frequency_hz;
  for (const SceneMaterial& m : mesh.materials) {
    setup.materials.push_back(
        surface_material_of(m.name, m.thickness_m, frequency_hz, false, s.custom_materials,
                            s.allow_extrapolation, s.calibration.materials));
  }
  setup.triangle_material = mesh.triangle_material;
  if (setup.triangle_material.size() != mesh.triangle_count()) throw std::invalid_argument("mesh materials incomplete");

  SbrParams& p = setup.params;
  p.ray_count = rt.rays;
  seeded_rotation(rt.seed, p.rotation);
  p.max_depth = rt.max_depth;
  p.transmission = rt.transmission ? 1 : 0;
  p.min_power = static_cast<float>(std::pow(10.0, rt.min_gain_db / 10.0));
  p.frequency_hz = static_cast<float>(frequency_hz);
  p.plane_z_m = static_cast<float>(s.grid.base_z_m + grid.height_m);
  p.grid_west_m = static_cast<float>(grid.west_m - mesh.origin_x_m);
  p.grid_north_m = static_cast<float>(grid.north_m - mesh.origin_y_m);
  p.cell_m = static_cast<float>(grid.cell_m);
  p.nx = grid.nx, p.ny = grid.ny;
  const TerrainSampler terrain(mesh);
  setup.terrain = terrain_cells(terrain, mesh, grid);
  p.terrain_m = nullptr;
  if (!setup.terrain.empty()) {
    p.plane_z_m = static_cast<float>(grid.height_m);
    p.terrain_m = setup.terrain.data();
    float lo = 1e30f, hi = -1e30f;
    const float half_cell_m = 0.5f * p.cell_m;
    for (std::size_t i = 0; i < grid.cell_count(); ++i) {
      const float* c = &setup.terrain[3 * i];
      const float rise_m = half_cell_m * (std::fabs(c[1]) + std::fabs(c[2]));
      lo = std::min(lo, c[0] - rise_m), hi = std::max(hi, c[0] + rise_m);
    }
    p.terrain_min_z_m = lo + p.plane_z_m - 1e-2f, p.terrain_max_z_m = hi + p.plane_z_m + 1e-2f;
  }
  p.has_ground = s.scene.ground == GroundKind::Flat ? 1 : 0;
  if (p.has_ground) {
    p.ground = surface_material_of(s.scene.ground_material, 1.0, frequency_hz, true, s.custom_materials,
                                   s.allow_extrapolation, s.calibration.materials);
  }
  p.triangle_material = setup.triangle_material.data();
  p.materials = setup.materials.data();
  p.diffraction_order = rt.diffraction_order;
  p.diffraction_rays = rt.diffraction_rays;
  if (rt.diffraction_rays < 1 || rt.diffraction_rays > kSbrMaxDiffractionRays) {
    throw std::invalid_argument("diffraction_rays must be in 1..24");
  }
  p.capture_radius_per_m = static_cast<float>(kSbrCaptureTubeRadii * std::sqrt(4.0 / static_cast<double>(rt.rays)));
  if (rt.diffraction_order > 0 && rt.max_depth > 0) {
    // Edges on z = 0 are walls meeting the ground (flat, or a ground mesh such as a procedural city's): dropped.
    setup.edges = build_edge_grid(extract_diffraction_edges(mesh, EdgeExtractionOptions{}), kSbrEdgeCaptureMargin_m,
                                  mesh.triangle_count());
  }
  p.edges = setup.edges.view();
  p.scattering = rt.scattering ? 1 : 0;
  p.scattering_directive = rt.scattering_directive ? 1 : 0;
  p.scattering_alpha = static_cast<float>(rt.scattering_alpha);
  p.scattering_rays = rt.scattering_rays;
  p.launch_sr = static_cast<float>(4.0 * M_PI / static_cast<double>(rt.rays));
  // Materials without their own scattering coefficient (P.2040 ones, the ground) take the scenario's.
  for (SurfaceMaterial& m : setup.materials) {
    if (m.scattering < 0) m.scattering = static_cast<float>(rt.scattering_coefficient);
  }
  if (p.ground.scattering < 0) p.ground.scattering = static_cast<float>(rt.scattering_coefficient);

  const double tube_sr = 4.0 * M_PI / static_cast<double>(rt.rays);
  setup.weights.tube_sr = static_cast<float>(tube_sr);
  setup.weights.weight =
      static_cast<float>(std::pow(wavelength_m / (4.0 * M_PI), 2) * tube_sr / (grid.cell_m * grid.cell_m));
  setup.weights.max_half_side_m = kSbrMaxFootprintCells * static_cast<float>(grid.cell_m);
  setup.weights.excess_neper_per_m = static_cast<float>(excess_loss_db_per_m(s.radio) * std::log(10.0) / 10.0);

  for (const SiteSpec& site : s.sites) {
    if (site.sectors.size() > static_cast<std::size_t>(kSbrMaxSectorsPerSite)) {
      throw std::invalid_argument("site " + site.id + " has more than 64 sectors");
    }
    setup.sectors.emplace_back();
    for (const SectorSpec& sector : site.sectors) setup.sectors.back().push_back(sector_launch(sector));
    const double x_m = site.x_m - mesh.origin_x_m, y_m = site.y_m - mesh.origin_y_m;
    const std::optional<double> ground_m = terrain.height_m(x_m, y_m);  // on the terrain when there is one
    setup.tx_m.push_back({static_cast<float>(x_m), static_cast<float>(y_m),
                          static_cast<float>((ground_m ? *ground_m : s.grid.base_z_m) + site.height_m)});
  }
}

std::vector<float> gain_db_from_power(const std::vector<double>& power, const std::vector<char>& inside) {
  const std::size_t cells = inside.size();
  std::vector<float> gain_db(power.size());
  const float nan = std::numeric_limits<float>::quiet_NaN(), minus_inf = -std::numeric_limits<float>::infinity();
  for (std::size_t first = 0; first < power.size(); first += cells) {  // one sector's map after the other
    for (std::size_t cell = 0; cell < cells; ++cell) {
      // No log10(0): libm's pole-error path (errno) is slow, and cells that nothing reached are common.
      const double p = power[first + cell];
      gain_db[first + cell] = inside[cell] ? nan : p == 0.0 ? minus_inf : static_cast<float>(10.0 * std::log10(p));
    }
  }
  return gain_db;
}

}  // namespace tarang

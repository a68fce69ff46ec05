// Link computation: scene loading, receivers in local coordinates, specular paths and per-sector gains.
#include "planner/link_run.h"

#include <algorithm>
#include <cmath>
#include <complex>

#include "core/error.h"
#include "planner/scenario_scene.h"
#include "propagation/sector_antenna.h"
#include "raytrace/diffraction_paths.h"
#include "raytrace/edge_extraction.h"
#include "raytrace/reflected_diffraction_paths.h"
#include "raytrace/surface_materials.h"
#include "raytrace/terrain_surface.h"

namespace tarang {

LinkRunResult run_links(const Scenario& scenario, const std::vector<LinkReceiver>& receivers) {
  if (receivers.empty()) throw InputError("command line", 0, "--rx", "no receiver points given");
  LinkRunResult out;
  SceneMesh mesh;
  SceneBuildStats stats;
  out.scenario = resolve_scenario_scene(scenario, &mesh, &stats);
  const Scenario& s = out.scenario;
  out.origin_x_m = mesh.origin_x_m, out.origin_y_m = mesh.origin_y_m;
  out.receivers = receivers;

  std::vector<SurfaceMaterial> materials;
  for (const SceneMaterial& m : mesh.materials) {
    materials.push_back(
        surface_material_of(m.name, m.thickness_m, s.radio.frequency_hz, false, s.custom_materials,
                            s.allow_extrapolation, s.calibration.materials));
  }
  SurfaceMaterial ground{};
  if (s.scene.ground == GroundKind::Flat) {
    ground = surface_material_of(s.scene.ground_material, 1, s.radio.frequency_hz, true, s.custom_materials,
                                 s.allow_extrapolation, s.calibration.materials);
  }
  const EmbreeIntersector embree(mesh);
  const auto bounds = mesh.local_bounds();
  SpecularPathOptions options;
  options.rays = s.raytrace.rays;
  options.max_depth = s.raytrace.max_depth;
  options.ground = s.scene.ground == GroundKind::Flat;
  options.frequency_hz = s.radio.frequency_hz;
  options.horizontal_polarization = s.radio.polarization == SectorPolarization::H;
  // Diffraction counts as one of max_depth's interactions, as in the maps.
  const int diffraction_order = std::min(s.raytrace.diffraction_order, s.raytrace.max_depth);
  std::vector<DiffractionEdge> edges;
  if (diffraction_order > 0) {
    edges = extract_diffraction_edges(mesh, EdgeExtractionOptions{});  // edges on z = 0 (the ground) dropped
  }

  const TerrainSampler terrain(mesh);  // over a DEM, both link ends stand on the terrain
  auto ground_z_m = [&](double x_local_m, double y_local_m) {
    return terrain.height_m(x_local_m, y_local_m).value_or(s.grid.base_z_m);
  };
  std::vector<Vec3<double>> rx_local;
  for (std::size_t r = 0; r < receivers.size(); ++r) {
    const LinkReceiver& rx = receivers[r];
    if (!(std::isfinite(rx.x_m) && std::isfinite(rx.y_m) && rx.height_m > 0 && rx.height_m <= 1000)) {
      throw InputError("command line", 0, "--rx", "receiver " + std::to_string(r + 1) +
                                                      ": needs finite x, y and a height in (0, 1000] m");
    }
    const double x_m = rx.x_m - mesh.origin_x_m, y_m = rx.y_m - mesh.origin_y_m;
    const Vec3<double> local{x_m, y_m, ground_z_m(x_m, y_m) + rx.height_m};
    if (mesh.triangle_count() > 0 &&
        (local.x < bounds[0] || local.x > bounds[3] || local.y < bounds[1] || local.y > bounds[4])) {
      out.warnings.push_back("receiver " + std::to_string(r + 1) + " lies outside the scene's extent");
    }
    const Hit up = embree.intersect(Ray{{static_cast<float>(local.x), static_cast<float>(local.y),
                                         static_cast<float>(local.z)},
                                        {0, 0, 1}, 0.0f, 1e30f});
    if (is_hit(up) && up.normal.z > 0) out.warnings.push_back("receiver " + std::to_string(r + 1) + " is inside a building");
    rx_local.push_back(local);
    out.receiver_z_m.push_back(local.z);
  }

  for (std::size_t i = 0; i < s.sites.size(); ++i) {
    const SiteSpec& site = s.sites[i];
    const double x_m = site.x_m - mesh.origin_x_m, y_m = site.y_m - mesh.origin_y_m;
    const Vec3<double> tx{x_m, y_m, ground_z_m(x_m, y_m) + site.height_m};
    for (std::size_t r = 0; r < rx_local.size(); ++r) {
      SiteReceiverLink link;
      link.site = i, link.receiver = r;
      link.paths = find_specular_paths(mesh, embree, materials, ground, tx, rx_local[r], options);
      if (diffraction_order > 0) {
        std::vector<PropagationPath> diffracted =
            find_diffraction_paths(embree, materials, ground, edges, tx, rx_local[r], options, diffraction_order);
        link.paths.insert(link.paths.end(), diffracted.begin(), diffracted.end());
        const std::vector<PropagationPath> reflected =
            find_reflected_diffraction_paths(mesh, embree, materials, ground, edges, tx, rx_local[r], options);
        link.paths.insert(link.paths.end(), reflected.begin(), reflected.end());
        std::stable_sort(link.paths.begin(), link.paths.end(),
                         [](const PropagationPath& a, const PropagationPath& b) { return a.delay_s < b.delay_s; });
      }
      link.summary = summarize_paths(link.paths);
      for (const SectorSpec& sector : site.sectors) {
        const SectorAntenna antenna = sector_antenna_of(sector);
        std::complex<double> sum = 0;
        for (const PropagationPath& p : link.paths) {
          const Vec3<double> d = normalize(p.vertices[1] - p.vertices[0]);
          const float gain_dbi = sector_antenna_gain_dbi(
              antenna, Vec3<float>{static_cast<float>(d.x), static_cast<float>(d.y), static_cast<float>(d.z)});
          sum += p.amplitude * std::pow(10.0, gain_dbi / 20.0);
        }
        link.sector_coherent_gain_db.push_back(10 * std::log10(std::norm(sum)));
      }
      out.links.push_back(std::move(link));
    }
  }
  return out;
}

}  // namespace tarang

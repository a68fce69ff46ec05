// Point-to-point links of a scenario: every site to every receiver point, specular paths over the scene.
#pragma once

#include <string>
#include <vector>

#include "core/scenario.h"
#include "raytrace/specular_paths.h"

namespace tarang {

struct LinkReceiver {
  double x_m = 0, y_m = 0;  // scene CRS
  double height_m = 1.5;    // above ground
};

struct LinkRunResult {
  Scenario scenario;  // resolved (CRS, site positions)
  double origin_x_m = 0, origin_y_m = 0;
  std::vector<LinkReceiver> receivers;
  std::vector<double> receiver_z_m;     // absolute height of each receiver (on the terrain over a DEM)
  std::vector<SiteReceiverLink> links;  // site-major
  std::vector<std::string> warnings;    // e.g. a receiver outside the scene or inside a building
};

// Loads the scenario's scene and finds the paths from every site to every receiver (raytrace.max_depth
// reflections, raytrace.rays candidate rays, ground per scene.ground). Throws InputError for bad receivers.
LinkRunResult run_links(const Scenario& scenario, const std::vector<LinkReceiver>& receivers);

}  // namespace tarang

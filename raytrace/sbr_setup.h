// Host-side preparation shared by the CPU and GPU SBR engines: materials at the carrier, SbrParams, sectors as seen
// at launch, deposit weights, cells inside buildings, and the final conversion of summed power to gain maps.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/complex.h"
#include "core/hd.h"
#include "core/raster_grid.h"
#include "core/scenario.h"
#include "propagation/sector_antenna.h"
#include "raytrace/edge_extraction.h"
#include "raytrace/jones_frame.h"
#include "raytrace/sbr_ray.h"
#include "raytrace/tube_footprint.h"
#include "scene/scene_mesh.h"

namespace tarang {

constexpr float kSbrMinPlaneCosine = 1e-2f;   // grazing crossings are weighted as at ~0.6 deg (docs/raytracing.md)
constexpr float kSbrMaxFootprintCells = 8;    // footprint half side at most 8 cells (17 x 17 cells)
constexpr int kSbrMaxSectorsPerSite = 64;
constexpr float kSbrEdgeCaptureMargin_m = 2.0f;
constexpr double kSbrCaptureTubeRadii = 4;  // capture distance in tube radii sqrt(dOmega / pi) x spreading length  // edge capture radius at most this (edge-grid bucket margin)

// One sector as seen at launch: its antenna and its launch polarisation(s).
struct SectorLaunch {
  SectorAntenna antenna;
  int ports;               // 1, or 2 for dual-slant (power split equally)
  Complex<float> e[2][2];  // per port: (e_theta, e_phi) of unit power
};

SectorLaunch sector_launch(const SectorSpec& sector);

// Power fraction a ray carries for this sector's launch polarisation(s), its frame's two rows weighted by
// row_weight (1, 1 but near a shadow boundary: emit_crossing in raytrace/sbr_ray.h).
TARANG_HD inline float launch_carried_power(const SectorLaunch& l, const JonesFrame& frame,
                                            const float row_weight[2]) {
  float carried = 0;
  for (int port = 0; port < l.ports; ++port) {
    carried += weighted_carried_power(frame, l.e[port][0], l.e[port][1], row_weight);
  }
  return carried / static_cast<float>(l.ports);
}

// The deposit weights of docs/raytracing.md, identical in both engines.
struct SbrDepositWeights {
  float weight;               // (lambda / 4 pi)^2 x tube solid angle / cell area (point estimator)
  float tube_sr;              // 4 pi / rays
  float max_half_side_m;      // footprint cap
  float excess_neper_per_m;   // gases + rain: power x exp(-excess x path length)

  // Point-estimator deposit of a crossing for unit launch gain, and its footprint half side (the tube's
  // cross-section is spreading_m^2 x tube_sr; spreading_m = path_length_m for a tube that was not diffracted).
  TARANG_HD float point_weight(float path_length_m, float spreading_m, float plane_cosine, float* half_side_m) const {
    const float cosine = plane_cosine > kSbrMinPlaneCosine ? plane_cosine : kSbrMinPlaneCosine;
    *half_side_m = tube_footprint_half_side_m(spreading_m, tube_sr, cosine, max_half_side_m);
    return weight / cosine * hd::exp(-excess_neper_per_m * path_length_m);
  }
};

// Everything an engine needs before tracing. `params` points into `materials` and `triangle_material`: keep the
// setup in place (it is neither copied nor moved).
struct SbrSetup {
  SbrSetup() = default;
  SbrSetup(const SbrSetup&) = delete;
  SbrSetup& operator=(const SbrSetup&) = delete;

  std::vector<SurfaceMaterial> materials;
  std::vector<std::uint16_t> triangle_material;
  EdgeGrid edges;      // diffracting edges (empty with diffraction_order 0)
  std::vector<float> terrain;  // per cell: terrain height and slopes (terrain_cells); empty without a DEM
  SbrParams params{};  // all but tx_m, which is per site
  SbrDepositWeights weights{};
  std::vector<std::vector<SectorLaunch>> sectors;  // per site
  std::vector<Vec3<float>> tx_m;                   // per site, local coordinates
};

// Receiver height (local z) at the centre of `cell`: terrain + grid height over a DEM, else the flat plane.
inline float receiver_z_m(const SbrSetup& setup, std::size_t cell) {
  return setup.terrain.empty() ? setup.params.plane_z_m : setup.params.plane_z_m + setup.terrain[3 * cell];
}

// Fills `setup` for scenario `s` over `mesh` and `grid` (throws InputError for unusable materials). When the mesh
// has a terrain object (a DEM scene), receivers follow it at grid.height_m and sites stand on it.
void prepare_sbr(const Scenario& s, const SceneMesh& mesh, const RasterGrid& grid, SbrSetup& setup);

// Summed linear power [n_sectors][cells] -> gain in dB (-inf where nothing arrived), NaN where inside[cell].
std::vector<float> gain_db_from_power(const std::vector<double>& power, const std::vector<char>& inside);

}  // namespace tarang

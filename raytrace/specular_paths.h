// Point-to-point propagation paths: specular reflection paths between a transmitter and a receiver, found by SBR
// candidates (rays passing near the receiver) and made exact by the image method, then checked for visibility.
#pragma once

#include <complex>
#include <cstdint>
#include <string>
#include <vector>

#include "core/vec3.h"
#include "raytrace/embree_intersector.h"
#include "raytrace/jones_frame.h"
#include "raytrace/surface_coefficients.h"
#include "scene/scene_mesh.h"

namespace tarang {

constexpr std::uint32_t kGroundSurface = 0xfffffffeu;  // interaction with the analytic ground plane z = 0

struct PropagationPath {
  std::vector<Vec3<double>> vertices;     // transmitter, interaction points..., receiver (local coordinates)
  std::vector<std::uint32_t> surfaces;    // per interaction: triangle index, kGroundSurface or kEdgeSurfaceFlag | edge
  double length_m = 0;
  double delay_s = 0;
  // Complex field ratio at the receiver for isotropic, co-polarised (V or H) antennas at both ends:
  // (lambda / 4 pi L) e^{-j k L} times the Jones chain of Fresnel coefficients, projected on the receive
  // polarisation. |amplitude|^2 is the path gain.
  std::complex<double> amplitude;
  double aod_azimuth_deg = 0, aod_elevation_deg = 0;  // departure direction (bearing, elevation above horizon)
  double aoa_azimuth_deg = 0, aoa_elevation_deg = 0;  // direction the wave arrives from, seen at the receiver
};

struct SpecularPathOptions {
  std::uint64_t rays = 200000;  // candidate search rays (Fibonacci sphere)
  int max_depth = 3;            // reflections per path
  bool ground = true;           // the analytic ground plane z = 0 reflects
  double frequency_hz = 3.5e9;
  bool horizontal_polarization = false;  // false: V at both ends
};

// The complex amplitude a path's Jones frame delivers at the receiver: the field projected on the receive
// polarisation (theta-hat for V, phi-hat for H, of the direction the wave arrives from, points[n-2] -> points[n-1]),
// times lambda / (4 pi) x `spreading` (1 / length for free space) and the phase of the unfolded `length_m`.
std::complex<double> received_amplitude(const JonesFrame& frame, const std::vector<Vec3<double>>& points,
                                        const SpecularPathOptions& o, double length_m, double spreading);

// All specular paths (line of sight included) from tx to rx up to max_depth reflections on the mesh (materials per
// triangle: `materials[mesh.triangle_material[t]]`) and the ground. Deduplicated by interaction sequence, sorted
// by delay. Deterministic.
std::vector<PropagationPath> find_specular_paths(const SceneMesh& mesh, const EmbreeIntersector& embree,
                                                 const std::vector<SurfaceMaterial>& materials,
                                                 const SurfaceMaterial& ground, Vec3<double> tx, Vec3<double> rx,
                                                 const SpecularPathOptions& options);

struct LinkSummary {
  double coherent_gain_db = 0;    // |sum of amplitudes|^2
  double incoherent_gain_db = 0;  // sum of |amplitude|^2
  double rms_delay_spread_s = 0;  // power-weighted
};

LinkSummary summarize_paths(const std::vector<PropagationPath>& paths);

// The paths between one site and one receiver point.
struct SiteReceiverLink {
  std::size_t site = 0, receiver = 0;
  std::vector<PropagationPath> paths;  // local coordinates (CRS = origin + local), isotropic V (or H) antennas
  LinkSummary summary;
  std::vector<double> sector_coherent_gain_db;  // per sector of the site: its antenna pattern applied at each AoD
};

// "LOS", "R" for a building reflection, "G" for the ground, "D" for an edge diffraction: e.g. "G-R", "D-D".
std::string interaction_text(const PropagationPath& path);

}  // namespace tarang

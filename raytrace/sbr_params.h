// SbrParams: the plain data the SBR per-ray body needs (scene views, grid, physics options), the launch
// directions and the Keller-cone sampling shared by both engines.
#pragma once

#include <stdint.h>

#include "core/complex.h"
#include "core/hd.h"
#include "core/hd_math.h"
#include "core/vec3.h"
#include "raytrace/diffraction_edge.h"
#include "raytrace/fibonacci_sphere.h"
#include "raytrace/jones_frame.h"
#include "raytrace/ray_hit.h"
#include "raytrace/surface_coefficients.h"

namespace tarang {

// Everything the body needs besides the intersector and the sink; plain data, copied to the device as is.
struct SbrParams {
  uint64_t ray_count;             // rays launched from this site
  float rotation[9];              // row-major rotation applied to the Fibonacci directions (identity: seed 0)
  Vec3<float> tx_m;               // antenna position, local scene coordinates
  int max_depth;                  // interactions per path (0 = line of sight only)
  int transmission;               // nonzero: walls also transmit (the ray splits)
  float min_power;                // paths whose carried power falls below this stop (linear)
  float frequency_hz;
  // Receiver plane and grid, local coordinates.
  float plane_z_m;
  float grid_west_m, grid_north_m, cell_m;
  int nx, ny;
  // Terrain under the receivers (DEM scenes; nullptr: the flat plane z = plane_z_m): per cell (row-major) its
  // height at the centre and slopes dz/dx, dz/dy; the receiver surface in the cell is that plane raised by
  // plane_z_m (docs/raytracing.md). terrain_min/max_z_m bound the surface (plane_z_m included).
  const float* terrain_m;
  float terrain_min_z_m, terrain_max_z_m;
  // Flat ground at z = 0 (analytic plane), used when has_ground is nonzero.
  int has_ground;
  SurfaceMaterial ground;
  // Per-triangle materials of the mesh.
  const uint16_t* triangle_material;
  const SurfaceMaterial* materials;
  // Edge diffraction (docs/raytracing.md): rays passing an edge closer than capture_radius_per_m x their tube's
  // spreading length spawn diffraction_rays rays on the Keller cone, at most diffraction_order times per path.
  int diffraction_order;
  int diffraction_rays;
  float capture_radius_per_m;  // capture distance per metre of spreading length (a multiple of the tube radius)
  EdgeGridView edges;
  // Diffuse scattering (docs/raytracing.md): at a hit on a material with coefficient S > 0 the specular ray keeps
  // sqrt(1 - S^2) of its amplitude and scattering_rays rays share S^2 of the reflected power.
  int scattering;
  int scattering_directive;  // 0: Lambertian; 1: Degli-Esposti directive lobe ((1 + cos psi) / 2)^alpha
  float scattering_alpha;
  int scattering_rays;
  float launch_sr;           // solid angle of a launched tube (4 pi / rays)
};

constexpr int kSbrMaxStack = 64;               // pending branches (transmitted, diffracted) per launch ray
constexpr int kSbrMaxDiffractionRays = 24;     // diffraction_rays at most (stack room for two orders)
constexpr float kSbrFarDistance_m = 1e4f;      // UTD distance parameter of a diffracted ray that escapes
constexpr float kSbrKellerWarp_rad = 0.005f;   // Keller-cone samples crowd within about this of the shadow boundary

// Sample j of the Keller cone's exterior angles [0, n pi]: uniform in gamma = sign(phi - c) ln(1 + |phi - c| / w)
// (c the incident shadow boundary phi' + pi, clamped to the exterior), so samples crowd where the UTD field
// changes fastest. Returns phi; *dphi is the angle the sample stands for (d phi / d gamma x the gamma step).
TARANG_HD inline float keller_sample_phi(float phi_in, float exterior_rad, int j, int count, float offset,
                                         float* dphi) {
  const float w = kSbrKellerWarp_rad;
  const float c = hd::clamp(phi_in + static_cast<float>(hd::kPi), 0.0f, exterior_rad);
  const float g0 = -hd::log(1.0f + c / w), g1 = hd::log(1.0f + (exterior_rad - c) / w);
  const float step = (g1 - g0) / static_cast<float>(count);
  const float gamma = g0 + (static_cast<float>(j) + offset) * step;
  const float grow = hd::exp(hd::fabs(gamma));
  *dphi = step * w * grow;
  return c + hd::copysign(w * (grow - 1.0f), gamma);
}
constexpr uint32_t kGroundTriangle = 0xfffffffeu;  // Hit::triangle of the analytic ground plane
constexpr float kSbrSurfaceOffset_m = 1e-3f;  // new segments start this far off the surface

// Launch direction of ray i: the rotated Fibonacci direction.
TARANG_HD inline Vec3<float> launch_direction(const SbrParams& p, uint64_t i) {
  const Vec3<float> f = fibonacci_direction<float>(i, p.ray_count);
  const float* r = p.rotation;
  return {r[0] * f.x + r[1] * f.y + r[2] * f.z, r[3] * f.x + r[4] * f.y + r[5] * f.z,
          r[6] * f.x + r[7] * f.y + r[8] * f.z};
}

}  // namespace tarang

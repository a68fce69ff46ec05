// Diffuse scattering in the per-ray body: energy bookkeeping (specular + diffuse power leaving a plate equals the
// reflected power of the specular-only trace) and the Lambertian and directive angular patterns.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "raytrace/brute_force_intersector.h"
#include "raytrace/sbr_ray.h"
#include "raytrace/surface_materials.h"
#include "tests/raytrace/test_scenes.h"

namespace tarang {
namespace {

constexpr double kFrequency_hz = 3.5e9;

// Sums the V power of the crossings of the plane and of those at more than 45 degrees from its normal.
struct PowerSink {
  double total = 0, oblique = 0;
  std::size_t crossings = 0;
  void deposit(float, float, float, float, float, float, const JonesFrame& frame, float cos_abs, const float*) {
    const double power = carried_power(frame, Complex<float>{1, 0}, Complex<float>{0, 0});
    total += power;
    if (cos_abs < std::sqrt(0.5)) oblique += power;
    ++crossings;
  }
};

// A 2 km concrete plate at z = 0, the transmitter 2 m above it, the receiver plane at 5 m (10 km grid): every ray
// that leaves the plate upwards crosses the plane once (depth 1, no ground).
struct PlateScene {
  SceneMesh mesh;
  std::vector<SurfaceMaterial> materials;
  std::vector<std::uint16_t> triangle_material;
  SbrParams p{};

  PlateScene(float scattering, int directive) {
    mesh.materials.push_back(SceneMaterial{"concrete", 0.3});
    test::add_box(mesh, -1000, -1000, -1, 1000, 1000, 0, 0);
    materials.push_back(surface_material_of("concrete", 0.3, kFrequency_hz, false));
    materials[0].scattering = scattering;
    triangle_material.assign(mesh.triangle_count(), 0);
    p.ray_count = 200000;
    for (int i = 0; i < 9; ++i) p.rotation[i] = (i % 4 == 0) ? 1.0f : 0.0f;
    p.tx_m = {0, 0, 2};
    p.max_depth = 1;
    p.min_power = 1e-20f;
    p.frequency_hz = static_cast<float>(kFrequency_hz);
    p.plane_z_m = 5;
    p.grid_west_m = -5000, p.grid_north_m = 5000, p.cell_m = 250, p.nx = 40, p.ny = 40;
    p.triangle_material = triangle_material.data();
    p.materials = materials.data();
    p.scattering = 1;
    p.scattering_directive = directive;
    p.scattering_alpha = 4;
    p.scattering_rays = 4;
    p.launch_sr = static_cast<float>(4 * M_PI / p.ray_count);
  }

  PowerSink trace() const {
    const BruteForceIntersector brute{mesh.positions_m.data(), mesh.indices.data(),
                                      static_cast<std::uint32_t>(mesh.triangle_count())};
    PowerSink sink;
    for (std::uint64_t i = 0; i < p.ray_count; ++i) trace_sbr_ray(i, p, brute, sink);
    return sink;
  }
};

TEST(DiffuseScattering, SpecularPlusDiffusePowerEqualsTheReflectedPower) {
  const PowerSink specular = PlateScene(0.0f, 0).trace();
  for (float s : {0.5f, 1.0f}) {
    const PowerSink mixed = PlateScene(s, 0).trace();
    // The upward direct rays (half of all) are common to both traces; the rest is what the plate sends back up.
    const double direct = 0.5 * 200000;
    const double reflected = specular.total - direct, leaving = mixed.total - direct;
    std::printf("S = %.1f: power leaving the plate %.1f vs specular-only %.1f (%zu vs %zu crossings)\n", s, leaving,
                reflected, mixed.crossings, specular.crossings);
    EXPECT_NEAR(leaving / reflected, 1.0, 0.02);  // to 2 % (sampling of the diffuse directions)
    EXPECT_GT(mixed.crossings, specular.crossings + 50000);
  }
}

TEST(DiffuseScattering, LambertianAndDirectivePatterns) {
  // Beyond 45 degrees from the normal: a Lambertian pattern sends sin^2(45 deg) = 1/2 of its power there; the
  // directive lobe, centred on the specular direction, sends more (the transmitter is close above the plate, so
  // most specular directions are oblique).
  const PlateScene lambert(1.0f, 0), directive(1.0f, 1);
  const PowerSink l = lambert.trace(), d = directive.trace();
  // The direct upward rays beyond 45 degrees (unit power each), counted on the Fibonacci set itself.
  double direct_oblique_power = 0;
  for (std::uint64_t i = 0; i < lambert.p.ray_count; ++i) {
    const Vec3<float> d0 = launch_direction(lambert.p, i);
    if (d0.z > 0 && d0.z < std::sqrt(0.5f)) direct_oblique_power += 1;
  }
  const double lambert_share = (l.oblique - direct_oblique_power) / (l.total - 0.5 * 200000);
  const double directive_share = (d.oblique - direct_oblique_power) / (d.total - 0.5 * 200000);
  std::printf("share beyond 45 deg: Lambertian %.3f (1/2 expected), directive %.3f\n", lambert_share, directive_share);
  EXPECT_NEAR(lambert_share, 0.5, 0.02);
  EXPECT_GT(directive_share, lambert_share + 0.1);
}

}  // namespace
}  // namespace tarang

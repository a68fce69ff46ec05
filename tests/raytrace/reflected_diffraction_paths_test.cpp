// Link paths with wall reflections before (R-D), after (D-R) or around (R-D-R) an edge diffraction: image-method
// geometry by hand, amplitude = the D path between the image terminals times the walls' Fresnel coefficients,
// continuity of the total field across the image's shadow boundary, reciprocity, a wall too short to hold the
// reflection point, and the depth limit.
#include "raytrace/reflected_diffraction_paths.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <string>
#include <vector>

#include "raytrace/edge_extraction.h"
#include "raytrace/surface_materials.h"
#include "tests/raytrace/test_scenes.h"

namespace tarang {
namespace {

constexpr double kF_hz = 3.5e9;
const SurfaceMaterial kAbsorber{{1, 0}, 0.01f, 0, 1, 0.0f};  // eta = 1: no reflection (a Kirchhoff half-plane)
const SurfaceMaterial kMetal = surface_material_of("metal", 0.1, kF_hz, false);
const SurfaceMaterial kConcrete = surface_material_of("concrete", 0.2, kF_hz, false);  // |r| about -8 dB here

// Absorbing screen 4 km wide at y = 100, top at z = 15 (material 0); optionally a metal wall (material 1) at
// y = wall_y_m, x in [-200, 200], top at wall_top_m (material 1: metal unless the test passes another).
SceneMesh screen_scene(bool wall, float wall_y_m = 0, float wall_top_m = 0) {
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"absorber", 0.01});
  mesh.materials.push_back(SceneMaterial{"metal", 0.1});
  test::add_plate_y(mesh, 100, -2000, 2000, -1000, 15, 0);
  if (wall) test::add_plate_y(mesh, wall_y_m, -200, 200, -1000, wall_top_m, 1);
  return mesh;
}

std::vector<DiffractionEdge> edges_of(const SceneMesh& mesh) {
  EdgeExtractionOptions eo;
  eo.skip_ground_edges = false;
  return extract_diffraction_edges(mesh, eo);
}

SpecularPathOptions options(bool ground, bool horizontal = false) {
  SpecularPathOptions o;
  o.rays = 20000, o.max_depth = 3, o.ground = ground, o.frequency_hz = kF_hz, o.horizontal_polarization = horizontal;
  return o;
}

// The path of the given kind whose vertices include the screen's top edge point above x = 0 (ADD_FAILURE if none).
PropagationPath over_screen_top(const std::vector<PropagationPath>& paths, const std::string& kind) {
  for (const PropagationPath& p : paths) {
    if (interaction_text(p) != kind) continue;
    for (const Vec3<double>& v : p.vertices) {
      if (std::fabs(v.x) < 1e-6 && std::fabs(v.y - 100) < 1e-6 && std::fabs(v.z - 15) < 1e-6) return p;
    }
  }
  ADD_FAILURE() << "no " << kind << " path over the screen's top edge";
  return PropagationPath{};
}

double db(std::complex<double> a) { return 20 * std::log10(std::abs(a)); }

// The D path over the screen alone (no wall) between the given ends: the reference for the image terminals.
PropagationPath image_d_path(Vec3<double> from, Vec3<double> to, bool horizontal) {
  const SceneMesh mesh = screen_scene(false);
  const EmbreeIntersector embree(mesh);
  return over_screen_top(find_diffraction_paths(embree, {kAbsorber}, SurfaceMaterial{}, edges_of(mesh), from, to,
                                                options(false, horizontal), 1),
                         "D");
}

// The wall's Fresnel coefficient for a leg along `leg`: the plane of incidence x = 0 is vertical, so V is TM and H
// is TE.
double wall_reflection_db(const SurfaceMaterial& wall, Vec3<double> leg, bool horizontal) {
  const SurfaceCoefficients c =
      surface_coefficients(wall, static_cast<float>(std::fabs(normalize(leg).y)), static_cast<float>(kF_hz));
  return 20 * std::log10(std::sqrt(norm2(horizontal ? c.r_te : c.r_tm)));
}

TEST(ReflectedDiffractionPaths, WallBehindTheTransmitterGivesTheImageRdPath) {
  // TX 10 m high at y = 0, a metal (|r| ~ 1) or concrete (about -8 dB) wall at y = -20 behind it, RX 3 m high at
  // y = 200 behind the screen. Image of TX: (0, -40, 10); the Fermat point is the screen's top at x = 0 (both ends
  // in the plane x = 0). V and H.
  const SceneMesh mesh = screen_scene(true, -20, 40);
  const EmbreeIntersector embree(mesh);
  const Vec3<double> tx{0, 0, 10}, rx{0, 200, 3}, image{0, -40, 10};
  for (const SurfaceMaterial& wall : {kMetal, kConcrete}) {
    for (bool horizontal : {false, true}) {
      const std::vector<PropagationPath> paths = find_reflected_diffraction_paths(
          mesh, embree, {kAbsorber, wall}, SurfaceMaterial{}, edges_of(mesh), tx, rx, options(false, horizontal));
      const PropagationPath rd = over_screen_top(paths, "R-D");
      ASSERT_EQ(rd.vertices.size(), 4u);
      const double unfolded_m = std::hypot(140.0, 5.0) + std::hypot(100.0, 12.0);
      EXPECT_NEAR(rd.length_m, unfolded_m, 1e-6);
      EXPECT_NEAR(rd.delay_s * 299792458.0, unfolded_m, 1e-6);
      EXPECT_NEAR(rd.vertices[1].y, -20, 1e-6);  // reflection point on the wall, on the line image -> edge
      EXPECT_NEAR(rd.vertices[1].z, 10 + 5 * 20.0 / 140.0, 1e-6);
      EXPECT_EQ(mesh.triangle_material[rd.surfaces[0]], 1);
      const double expected_db =
          db(image_d_path(image, rx, horizontal).amplitude) + wall_reflection_db(wall, rd.vertices[1] - tx, horizontal);
      EXPECT_NEAR(db(rd.amplitude), expected_db, 0.01) << wall.eta.re << (horizontal ? " H" : " V");
    }
  }
}

TEST(ReflectedDiffractionPaths, WallBehindTheReceiverGivesTheImageDrPath) {
  // The mirror case: the wall at y = 220 behind RX (y = 200); image of RX: (0, 240, 3).
  const SceneMesh mesh = screen_scene(true, 220, 40);
  const EmbreeIntersector embree(mesh);
  const Vec3<double> tx{0, 0, 10}, rx{0, 200, 3}, image{0, 240, 3};
  for (const SurfaceMaterial& wall : {kMetal, kConcrete}) {
    for (bool horizontal : {false, true}) {
      const std::vector<PropagationPath> paths = find_reflected_diffraction_paths(
          mesh, embree, {kAbsorber, wall}, SurfaceMaterial{}, edges_of(mesh), tx, rx, options(false, horizontal));
      const PropagationPath dr = over_screen_top(paths, "D-R");
      ASSERT_EQ(dr.vertices.size(), 4u);
      const double unfolded_m = std::hypot(100.0, 5.0) + std::hypot(140.0, 12.0);
      EXPECT_NEAR(dr.length_m, unfolded_m, 1e-6);
      EXPECT_NEAR(dr.vertices[2].y, 220, 1e-6);
      EXPECT_NEAR(dr.vertices[2].z, 15 - 12 * 120.0 / 140.0, 1e-6);
      const double expected_db =
          db(image_d_path(tx, image, horizontal).amplitude) + wall_reflection_db(wall, rx - dr.vertices[2], horizontal);
      EXPECT_NEAR(db(dr.amplitude), expected_db, 0.01) << wall.eta.re << (horizontal ? " H" : " V");
    }
  }
}

TEST(ReflectedDiffractionPaths, WallsBehindBothEndsGiveTheImageRdrPath) {
  // Concrete walls at y = -20 (behind TX) and y = 220 (behind RX): R-D-R is the D path between both images, times
  // both walls' coefficients; it needs max_depth 3.
  SceneMesh mesh = screen_scene(true, -20, 40);
  test::add_plate_y(mesh, 220, -200, 200, -1000, 40, 1);
  const EmbreeIntersector embree(mesh);
  const Vec3<double> tx{0, 0, 10}, rx{0, 200, 3}, tx_image{0, -40, 10}, rx_image{0, 240, 3};
  for (bool horizontal : {false, true}) {
    const std::vector<PropagationPath> paths = find_reflected_diffraction_paths(
        mesh, embree, {kAbsorber, kConcrete}, SurfaceMaterial{}, edges_of(mesh), tx, rx, options(false, horizontal));
    const PropagationPath rdr = over_screen_top(paths, "R-D-R");
    ASSERT_EQ(rdr.vertices.size(), 5u);
    const double unfolded_m = std::hypot(140.0, 5.0) + std::hypot(140.0, 12.0);
    EXPECT_NEAR(rdr.length_m, unfolded_m, 1e-6);
    EXPECT_NEAR(rdr.vertices[1].y, -20, 1e-6);
    EXPECT_NEAR(rdr.vertices[3].y, 220, 1e-6);
    const double expected_db = db(image_d_path(tx_image, rx_image, horizontal).amplitude) +
                               wall_reflection_db(kConcrete, rdr.vertices[1] - tx, horizontal) +
                               wall_reflection_db(kConcrete, rx - rdr.vertices[3], horizontal);
    EXPECT_NEAR(db(rdr.amplitude), expected_db, 0.01) << (horizontal ? "H" : "V");
    over_screen_top(paths, "R-D");  // the single reflections are there too
    over_screen_top(paths, "D-R");
  }
  SpecularPathOptions o = options(false);
  o.max_depth = 2;
  for (const PropagationPath& p : find_reflected_diffraction_paths(mesh, embree, {kAbsorber, kConcrete},
                                                                   SurfaceMaterial{}, edges_of(mesh), tx, rx, o)) {
    EXPECT_EQ(p.surfaces.size(), 2u) << interaction_text(p);
  }
}

TEST(ReflectedDiffractionPaths, TotalFieldIsContinuousAcrossTheImageShadowBoundary) {
  // Metal wall behind TX: the wall's R path to a receiver at y = 200 is cut by the screen below z = 18.57 m (the
  // line from the image (0, -40, 10) over the top edge); there the R-D path must take over without a jump (without
  // R-D the total steps by 11.5 dB). The direct line is blocked throughout (its boundary is at 20 m), so the total
  // is D + (R or R-D).
  const SceneMesh mesh = screen_scene(true, -20, 40);
  const EmbreeIntersector embree(mesh);
  const std::vector<DiffractionEdge> edges = edges_of(mesh);
  const std::vector<SurfaceMaterial> materials{kAbsorber, kMetal};
  SpecularPathOptions o = options(false);
  o.max_depth = 2;
  const Vec3<double> tx{0, 0, 10};
  const double boundary_z = 10 + 5 * 240.0 / 140.0;
  double previous_db = 0, worst_step_db = 0;
  int with_r = 0, with_rd = 0;
  for (int i = -20; i <= 20; ++i) {
    const Vec3<double> rx{0, 200, boundary_z + 0.05 * i};  // 5 cm steps, 1 m either side
    std::vector<PropagationPath> paths = find_specular_paths(mesh, embree, materials, SurfaceMaterial{}, tx, rx, o);
    for (const auto& more :
         {find_diffraction_paths(embree, materials, SurfaceMaterial{}, edges, tx, rx, o, 1),
          find_reflected_diffraction_paths(mesh, embree, materials, SurfaceMaterial{}, edges, tx, rx, o)}) {
      paths.insert(paths.end(), more.begin(), more.end());
    }
    for (const PropagationPath& p : paths) {
      with_r += interaction_text(p) == "R";
      with_rd += interaction_text(p) == "R-D";
    }
    const double gain_db = summarize_paths(paths).coherent_gain_db;
    if (i > -20) worst_step_db = std::max(worst_step_db, std::fabs(gain_db - previous_db));
    previous_db = gain_db;
  }
  EXPECT_GE(with_r, 15);   // the R path on the lit side (above the boundary)
  EXPECT_GE(with_rd, 30);  // R-D on both sides
  EXPECT_LT(worst_step_db, 0.5);  // 0.21 dB seen
}

TEST(ReflectedDiffractionPaths, SwappingTheEndsKeepsTheTotalGain) {
  // Metal walls behind both ends, over medium-dry ground: all link paths (specular, D with ground, R-D, D-R, R-D-R)
  // both ways; RX off the plane x = 0 so that nothing is symmetric by construction.
  SceneMesh mesh = screen_scene(true, -20, 40);
  test::add_plate_y(mesh, 220, -200, 200, -1000, 40, 1);
  const EmbreeIntersector embree(mesh);
  const std::vector<DiffractionEdge> edges = edges_of(mesh);
  const std::vector<SurfaceMaterial> materials{kAbsorber, kMetal};
  const SurfaceMaterial ground = surface_material_of("medium_dry_ground", 1, kF_hz, true);
  const SpecularPathOptions o = options(true);
  auto all_paths = [&](Vec3<double> a, Vec3<double> b) {
    std::vector<PropagationPath> p = find_specular_paths(mesh, embree, materials, ground, a, b, o);
    for (const auto& more : {find_diffraction_paths(embree, materials, ground, edges, a, b, o, 1),
                             find_reflected_diffraction_paths(mesh, embree, materials, ground, edges, a, b, o)}) {
      p.insert(p.end(), more.begin(), more.end());
    }
    return p;
  };
  auto count = [](const std::vector<PropagationPath>& paths, const std::string& kind) {
    int n = 0;
    for (const PropagationPath& p : paths) n += interaction_text(p) == kind;
    return n;
  };
  const Vec3<double> tx{0, 0, 10}, rx{30, 200, 3};
  const std::vector<PropagationPath> forward = all_paths(tx, rx), backward = all_paths(rx, tx);
  EXPECT_GE(count(forward, "R-D"), 1);
  EXPECT_GE(count(forward, "R-D-R"), 1);
  EXPECT_EQ(count(forward, "R-D"), count(backward, "D-R"));
  EXPECT_EQ(count(forward, "D-R"), count(backward, "R-D"));
  EXPECT_EQ(count(forward, "R-D-R"), count(backward, "R-D-R"));
  EXPECT_EQ(forward.size(), backward.size());
  const LinkSummary f = summarize_paths(forward), b = summarize_paths(backward);
  EXPECT_NEAR(f.coherent_gain_db, b.coherent_gain_db, 0.01);
  EXPECT_NEAR(f.incoherent_gain_db, b.incoherent_gain_db, 0.01);
}

TEST(ReflectedDiffractionPaths, NoPathWhenTheReflectionPointMissesTheWall) {
  // The wall behind TX ends at z = 9 m, below the reflection point (10.71 m): no R-D path over the screen's top;
  // at 12 m one.
  const Vec3<double> tx{0, 0, 10}, rx{0, 200, 3};
  for (float top_m : {9.0f, 12.0f}) {
    const SceneMesh mesh = screen_scene(true, -20, top_m);
    const EmbreeIntersector embree(mesh);
    const std::vector<PropagationPath> paths = find_reflected_diffraction_paths(
        mesh, embree, {kAbsorber, kMetal}, SurfaceMaterial{}, edges_of(mesh), tx, rx, options(false));
    int rd = 0;
    for (const PropagationPath& p : paths) {
      rd += interaction_text(p) == "R-D" && std::fabs(p.vertices[2].y - 100) < 1e-6 &&
            std::fabs(p.vertices[2].z - 15) < 1e-6;
    }
    EXPECT_EQ(rd, top_m > 11 ? 1 : 0) << top_m;
  }
}

TEST(ReflectedDiffractionPaths, DepthLimitOfOneLeavesNoReflectedDiffraction) {
  const SceneMesh mesh = screen_scene(true, -20, 40);
  const EmbreeIntersector embree(mesh);
  SpecularPathOptions o = options(false);
  o.max_depth = 1;
  EXPECT_TRUE(find_reflected_diffraction_paths(mesh, embree, {kAbsorber, kMetal}, SurfaceMaterial{}, edges_of(mesh),
                                               {0, 0, 10}, {0, 200, 3}, o)
                  .empty());
  o.max_depth = 2;
  EXPECT_FALSE(find_reflected_diffraction_paths(mesh, embree, {kAbsorber, kMetal}, SurfaceMaterial{}, edges_of(mesh),
                                                {0, 0, 10}, {0, 200, 3}, o)
                   .empty());
}

}  // namespace
}  // namespace tarang

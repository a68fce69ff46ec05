// Diffracted link paths: a half-plane against the exact P.526 knife edge J(v), continuity of the total field across
// the shadow boundary, double diffraction over two screens against Epstein-Peterson with Millington's correction,
// and a right-angle metal wedge against the closed-form UTD field.
#include "raytrace/diffraction_paths.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <complex>

#include "propagation/fresnel.h"
#include "propagation/knife_edge_itu_p526.h"
#include "raytrace/edge_extraction.h"
#include "raytrace/surface_materials.h"
#include "tests/raytrace/test_scenes.h"

namespace tarang {
namespace {

constexpr double kF_hz = 3.5e9;
const double kLambda_m = 299792458.0 / kF_hz;

// Appends a vertical screen y = y_m, x in [-half_width, half_width], z in [z0, z1] (two triangles).
void add_screen(SceneMesh& mesh, float y_m, float half_width_m, float z0_m, float z1_m, std::uint16_t material) {
  const std::uint32_t base = static_cast<std::uint32_t>(mesh.vertex_count());
  const float v[4][3] = {{-half_width_m, y_m, z0_m}, {half_width_m, y_m, z0_m}, {half_width_m, y_m, z1_m},
                         {-half_width_m, y_m, z1_m}};
  for (const auto& p : v) mesh.positions_m.insert(mesh.positions_m.end(), {p[0], p[1], p[2]});
  mesh.indices.insert(mesh.indices.end(), {base, base + 1, base + 2, base, base + 2, base + 3});
  mesh.triangle_material.insert(mesh.triangle_material.end(), {material, material});
  mesh.triangle_object.insert(mesh.triangle_object.end(), {0, 0});
}

// An absorbing face (eta = 1: no reflection), the half-plane of Fresnel-Kirchhoff theory.
const SurfaceMaterial kAbsorber{{1, 0}, 0.01f, 0, 1, 0.0f};

// Coherent gain (dB) of line of sight + diffracted paths between tx and rx.
double total_gain_db(const SceneMesh& mesh, const std::vector<SurfaceMaterial>& materials, Vec3<double> tx,
                     Vec3<double> rx, int order, int* diffracted = nullptr) {
  const EmbreeIntersector embree(mesh);
  SpecularPathOptions o;
  o.rays = 20000, o.max_depth = 0, o.ground = false, o.frequency_hz = kF_hz;
  EdgeExtractionOptions eo;
  eo.skip_ground_edges = false;
  const std::vector<DiffractionEdge> edges = extract_diffraction_edges(mesh, eo);
  std::vector<PropagationPath> paths = find_specular_paths(mesh, embree, materials, SurfaceMaterial{}, tx, rx, o);
  const std::vector<PropagationPath> d = find_diffraction_paths(embree, materials, SurfaceMaterial{}, edges, tx, rx, o, order);
  if (diffracted != nullptr) *diffracted = static_cast<int>(d.size());
  paths.insert(paths.end(), d.begin(), d.end());
  return summarize_paths(paths).coherent_gain_db;
}

TEST(DiffractionPaths, HalfPlaneMatchesTheP526KnifeEdge) {
  // TX and RX 10 m high, 100 m either side of an absorbing screen 4 km wide; the screen's top sets v.
  const double d1 = 100, d2 = 100, h = 10;
  const double fspl_db = 20 * std::log10(kLambda_m / (4 * M_PI * (d1 + d2)));
  double worst_db = 0;
  for (double v : {-0.5, -0.25, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0}) {
    const double clearance_m = v / std::sqrt(2 / kLambda_m * (1 / d1 + 1 / d2));
    SceneMesh mesh;
    mesh.materials.push_back(SceneMaterial{"absorber", 0.01});
    add_screen(mesh, static_cast<float>(d1), 2000, -2000, static_cast<float>(h + clearance_m), 0);
    int diffracted = 0;
    const double gain_db = total_gain_db(mesh, {kAbsorber}, {0, 0, h}, {0, d1 + d2, h}, 1, &diffracted);
    EXPECT_GE(diffracted, 1) << v;
    const double error_db = (gain_db - fspl_db) + knife_edge_loss_exact_db(v);
    std::printf("v = %5.2f: UTD %7.2f dB, P.526 J(v) %7.2f dB, difference %5.2f dB\n", v, fspl_db - gain_db,
                knife_edge_loss_exact_db(v), error_db);
    worst_db = std::max(worst_db, std::fabs(error_db));
  }
  EXPECT_LT(worst_db, 0.1);  // 0.01 dB seen; first-order UTD on an absorbing half-plane vs Fresnel-Kirchhoff, small angles
}

TEST(DiffractionPaths, TotalFieldIsContinuousAcrossTheShadowBoundary) {
  // A concrete screen 20 m high at y = 50, the transmitter 30 m high at y = 0; the receiver at y = 150 descends
  // through the shadow boundary, where the line of sight grazes the edge (z = 0 there).
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"concrete", 0.2});
  add_screen(mesh, 50, 2000, -2000, 20, 0);
  const std::vector<SurfaceMaterial> materials{surface_material_of("concrete", 0.2, kF_hz, false)};
  const Vec3<double> tx{0, 0, 30};
  const double boundary_z = 30 + (20 - 30) * 150.0 / 50.0;  // 0 m
  double previous = 0, worst_step_db = 0;
  for (int i = -40; i <= 40; ++i) {
    const double z = boundary_z + 0.05 * i;  // 5 cm steps, 2 m either side
    const double g = total_gain_db(mesh, materials, tx, {0, 150, z}, 1);
    if (i > -40) worst_step_db = std::max(worst_step_db, std::fabs(g - previous));
    previous = g;
  }
  // 5 cm steps near the boundary move the field by a small fraction of a Fresnel zone: no jumps.
  EXPECT_LT(worst_step_db, 0.5);
  // Well inside the shadow the field has fallen by tens of dB, and it is continuous with the lit side.
  const double fspl_db = 20 * std::log10(kLambda_m / (4 * M_PI * std::hypot(150.0, 30 - boundary_z)));
  const double at_boundary_db = total_gain_db(mesh, materials, tx, {0, 150, boundary_z + 1e-4}, 1) - fspl_db;
  EXPECT_NEAR(at_boundary_db, -6.0, 1.0);  // half the incident field on the boundary
}

TEST(DiffractionPaths, TwoScreensMatchEpsteinPetersonWithMillingtonsCorrection) {
  // Absorbing screens 25 m high at y = 100 and y = 200, TX and RX 10 m high at y = 0 and y = 300.
  const double a = 100, b = 100, c = 100, h = 10, top = 25;
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"absorber", 0.01});
  add_screen(mesh, static_cast<float>(a), 2000, -2000, static_cast<float>(top), 0);
  add_screen(mesh, static_cast<float>(a + b), 2000, -2000, static_cast<float>(top), 0);
  int diffracted = 0;
  const double order1_db = total_gain_db(mesh, {kAbsorber}, {0, 0, h}, {0, a + b + c, h}, 1, &diffracted);
  EXPECT_EQ(order1_db, -INFINITY);  // no single edge sees both ends
  const double gain_db = total_gain_db(mesh, {kAbsorber}, {0, 0, h}, {0, a + b + c, h}, 2, &diffracted);
  EXPECT_GE(diffracted, 1);
  // Epstein-Peterson: J(v) of each edge over its sub-path (TX-edge1-edge2, edge1-edge2-RX), plus Millington's
  // spherical correction 20 log10 sqrt((a + b)(b + c) / (b (a + b + c))), the large-v limit of the exact result.
  const double h1 = top - (h + (top - h) * a / (a + b)), h2 = top - (top + (h - top) * b / (b + c));
  const double v1 = fresnel_parameter_v(h1, a, b, kLambda_m), v2 = fresnel_parameter_v(h2, b, c, kLambda_m);
  const double correction_db = 10 * std::log10((a + b) * (b + c) / (b * (a + b + c)));
  const double total_m = std::hypot(a, top - h) + b + std::hypot(c, top - h);
  const double reference_db = 20 * std::log10(kLambda_m / (4 * M_PI * total_m)) - knife_edge_loss_exact_db(v1) -
                               knife_edge_loss_exact_db(v2) - correction_db;
  std::printf("v1 = v2 = %.2f: UTD double diffraction %.2f dB, Epstein-Peterson + Millington %.2f dB\n", v1, gain_db,
              reference_db);
  EXPECT_NEAR(gain_db, reference_db, 0.5);  // 0.11 dB seen
}

TEST(DiffractionPaths, GroundReflectionsBeforeAndAfterTheEdgeFollowTheImageMethod) {
  // Absorbing screen 15 m high at y = 100 over medium-dry ground; TX 20 m high, RX 3 m high at y = 200. The G-D
  // path is the D path from the transmitter's image (z -> -z) times the ground's r_TM (V: vertical plane of
  // incidence), likewise D-G with the receiver's image; G-D-G uses both.
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"absorber", 0.01});
  add_screen(mesh, 100, 2000, -1000, 15, 0);
  const EmbreeIntersector embree(mesh);
  EdgeExtractionOptions eo;
  eo.skip_ground_edges = false;
  const std::vector<DiffractionEdge> edges = extract_diffraction_edges(mesh, eo);
  const SurfaceMaterial ground = surface_material_of("medium_dry_ground", 1, kF_hz, true);
  const Vec3<double> tx{0, 0, 20}, rx{0, 200, 3};
  SpecularPathOptions o;
  o.frequency_hz = kF_hz;
  const std::vector<PropagationPath> with_ground = find_diffraction_paths(embree, {kAbsorber}, ground, edges, tx, rx, o, 1);
  o.ground = false;
  auto top_edge_path = [](const std::vector<PropagationPath>& paths, const std::string& kind) {
    for (const PropagationPath& p : paths) {
      if (interaction_text(p) != kind) continue;
      for (const Vec3<double>& v : p.vertices) {
        if (std::fabs(v.z - 15) < 1e-6 && std::fabs(v.y - 100) < 1e-6) return p;
      }
    }
    ADD_FAILURE() << "no " << kind << " path over the top edge";
    return PropagationPath{};
  };
  const int kinds = 4;
  const char* names[kinds] = {"D", "G-D", "D-G", "G-D-G"};
  for (int m = 0; m < kinds; ++m) {
    const bool before = (m & 1) != 0, after = (m & 2) != 0;
    const PropagationPath got = top_edge_path(with_ground, names[m]);
    const Vec3<double> from{tx.x, tx.y, before ? -tx.z : tx.z}, to{rx.x, rx.y, after ? -rx.z : rx.z};
    const PropagationPath image =
        top_edge_path(find_diffraction_paths(embree, {kAbsorber}, SurfaceMaterial{}, edges, from, to, o, 1), "D");
    double expected_db = 20 * std::log10(std::abs(image.amplitude));
    const Vec3<double> q = image.vertices[1];
    auto ground_loss_db = [&](Vec3<double> leg) {  // r_TM at the leg's incidence angle
      const FresnelCoefficients<double> f =
          fresnel_half_space(Complex<double>{ground.eta.re, ground.eta.im}, std::fabs(normalize(leg).z));
      return 10 * std::log10(norm2(f.r_tm));
    };
    if (before) expected_db += ground_loss_db(q - from);
    if (after) expected_db += ground_loss_db(to - q);
    EXPECT_NEAR(got.length_m, image.length_m, 1e-6) << names[m];
    EXPECT_NEAR(20 * std::log10(std::abs(got.amplitude)), expected_db, 0.01) << names[m];
  }
}

TEST(DiffractionPaths, RightAngleMetalWedgeMatchesTheClosedFormUtdField) {
  // A metal block x < 0, z < 0 (200 m deep): its edge along y at x = z = 0 is a 90-degree wedge, n = 1.5. The
  // transmitter is above the top face, the receivers beside the side face, in the top face's shadow.
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"metal", 0.1});
  test::add_box(mesh, -200, -200, -200, 0, 200, 0, 0);
  const std::vector<SurfaceMaterial> materials{surface_material_of("metal", 0.1, kF_hz, false)};
  const EmbreeIntersector embree(mesh);
  EdgeExtractionOptions eo;
  eo.skip_ground_edges = false;
  const std::vector<DiffractionEdge> edges = extract_diffraction_edges(mesh, eo);
  const Vec3<double> tx{-50, 0, 20};
  const double k = 2 * M_PI / kLambda_m;
  for (bool horizontal : {false, true}) {
    for (const Vec3<double> rx : {Vec3<double>{30, 0, -40}, Vec3<double>{10, 0, -60}, Vec3<double>{50, 0, -5}}) {
      SpecularPathOptions o;
      o.ground = false, o.frequency_hz = kF_hz, o.horizontal_polarization = horizontal;
      const PropagationPath* over_edge = nullptr;
      const std::vector<PropagationPath> paths = find_diffraction_paths(embree, materials, SurfaceMaterial{}, edges, tx, rx, o, 1);
      for (const PropagationPath& p : paths) {
        if (std::fabs(p.vertices[1].x) < 1e-6 && std::fabs(p.vertices[1].z) < 1e-6) over_edge = &p;
      }
      ASSERT_NE(over_edge, nullptr);
      EXPECT_NEAR(over_edge->vertices[1].y, 0, 1e-6);  // Fermat point in the plane of both terminals
      // Closed form: phi from the top face (t0 = -x) towards its normal (+z); normal incidence (beta0 = 90 deg).
      const double phi_in = std::atan2(tx.z, -tx.x), phi_out = std::atan2(rx.z, -rx.x) + 2 * M_PI;
      const double s_in = std::hypot(tx.x, tx.z), s_out = std::hypot(rx.x, rx.z);
      const UtdWedgeGeometry<double> g{1.5, phi_in, phi_out, M_PI / 2, s_in * s_out / (s_in + s_out), k};
      const UtdCoefficients<double> pec = utd_pec_wedge_coefficients(g);
      // V lies in the plane perpendicular to the edge (hard), H along the edge (soft).
      const double d = std::sqrt(norm2(horizontal ? pec.soft : pec.hard));
      const double expected_db =
          20 * std::log10(kLambda_m / (4 * M_PI) * d / s_in * std::sqrt(s_in / (s_out * (s_in + s_out))));
      EXPECT_NEAR(20 * std::log10(std::abs(over_edge->amplitude)), expected_db, 0.1)
          << (horizontal ? "H " : "V ") << rx.x << ", " << rx.z;
    }
  }
}

}  // namespace
}  // namespace tarang

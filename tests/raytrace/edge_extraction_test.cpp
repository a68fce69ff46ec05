// Edge extraction on a box (12 right-angle edges, 8 off the ground), a screen (free edges), an L-shaped block
// (inner corner dropped), the xy grid's segment queries, and munich (every kept edge a valid wedge).
#include "raytrace/edge_extraction.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>

#include "scene/mesh_import.h"
#include "tests/raytrace/test_scenes.h"

namespace tarang {
namespace {

TEST(EdgeExtraction, BoxHasTwelveRightAngleEdgesEightOffTheGround) {
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"concrete", 0.2});
  test::add_box(mesh, 0, 0, 0, 10, 20, 15, 0);
  EdgeExtractionOptions o;
  o.skip_ground_edges = false;
  EdgeExtractionStats stats;
  std::vector<DiffractionEdge> edges = extract_diffraction_edges(mesh, o, &stats);
  ASSERT_EQ(edges.size(), 12u);
  EXPECT_EQ(stats.flat, 6u);  // the box faces' diagonals
  double total_m = 0;
  for (const DiffractionEdge& e : edges) {
    EXPECT_NEAR(e.wedge_n, 1.5, 1e-6);
    total_m += e.length_m;
    // Face n lies at phi = n pi: the exterior is the three quarters of the turn outside the box.
    const Vec3<float> mid = e.a + (0.5f * e.length_m) * e.e;
    const Vec3<float> outward = edge_outward(e);
    const Vec3<float> probe = mid + 0.5f * outward;  // outside the box
    EXPECT_TRUE(probe.x < 0 || probe.x > 10 || probe.y < 0 || probe.y > 20 || probe.z < 0 || probe.z > 15);
    EXPECT_NEAR(dot(e.t0, e.e), 0, 1e-6);
    EXPECT_NEAR(dot(e.n0, e.t0), 0, 1e-6);
  }
  EXPECT_NEAR(total_m, 4 * (10 + 20 + 15), 1e-3);
  o.skip_ground_edges = true;
  edges = extract_diffraction_edges(mesh, o, &stats);
  EXPECT_EQ(edges.size(), 8u);
  EXPECT_EQ(stats.on_ground, 5u);  // the 4 floor edges and the floor's diagonal
}

TEST(EdgeExtraction, ScreenHasFreeHalfPlaneEdgesAndSplitVerticesAreWelded) {
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"metal", 0.01});
  // A vertical screen y = 5 as two triangles that do not share vertex indices.
  const float v[6][3] = {{-10, 5, 0}, {10, 5, 0}, {10, 5, 8}, {-10, 5, 0}, {10, 5, 8}, {-10, 5, 8}};
  for (const auto& p : v) mesh.positions_m.insert(mesh.positions_m.end(), {p[0], p[1], p[2]});
  mesh.indices = {0, 1, 2, 3, 4, 5};
  mesh.triangle_material = {0, 0};
  mesh.triangle_object = {0, 0};
  mesh.object_names = {"screen"};
  EdgeExtractionStats stats;
  const std::vector<DiffractionEdge> edges = extract_diffraction_edges(mesh, EdgeExtractionOptions{}, &stats);
  EXPECT_EQ(stats.free, 3u);  // top and both sides; the bottom stands on the ground
  EXPECT_EQ(stats.flat, 1u);  // the diagonal
  ASSERT_EQ(edges.size(), 3u);
  for (const DiffractionEdge& e : edges) EXPECT_EQ(e.wedge_n, 2.0f);
  // Raised 100 m (as on a DEM), the bottom is a wall base, not a free edge.
  for (std::size_t i = 2; i < mesh.positions_m.size(); i += 3) mesh.positions_m[i] += 100;
  EXPECT_EQ(extract_diffraction_edges(mesh, EdgeExtractionOptions{}, &stats).size(), 3u);
  EXPECT_EQ(stats.wall_bases, 1u);
  EXPECT_EQ(stats.on_ground, 0u);
}

TEST(EdgeExtraction, InnerCornerOfAnLShapeIsNotAWedge) {
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"concrete", 0.2});
  test::add_box(mesh, 0, 0, 0, 10, 10, 5, 0);
  test::add_box(mesh, 0, 10, 0, 10, 20, 5, 0);  // touches the first box: two closed boxes, no shared edges
  EdgeExtractionStats stats;
  extract_diffraction_edges(mesh, EdgeExtractionOptions{}, &stats);
  EXPECT_EQ(stats.concave, 0u);
  // One closed L-shaped prism: floor/roof L hexagons triangulated, walls as quads.
  SceneMesh l;
  l.materials.push_back(SceneMaterial{"concrete", 0.2});
  const float xy[6][2] = {{0, 0}, {20, 0}, {20, 10}, {10, 10}, {10, 20}, {0, 20}};
  for (float z : {0.0f, 6.0f}) {
    for (const auto& p : xy) l.positions_m.insert(l.positions_m.end(), {p[0], p[1], z});
  }
  // Roof (counter-clockwise from above) and floor (clockwise from above).
  const std::uint32_t roof[4][3] = {{0, 1, 2}, {0, 2, 3}, {0, 3, 4}, {0, 4, 5}};
  for (const auto& t : roof) {
    l.indices.insert(l.indices.end(), {t[0] + 6, t[1] + 6, t[2] + 6});
    l.indices.insert(l.indices.end(), {t[0], t[2], t[1]});
  }
  for (std::uint32_t i = 0; i < 6; ++i) {
    const std::uint32_t j = (i + 1) % 6;
    l.indices.insert(l.indices.end(), {i, j, j + 6, i, j + 6, i + 6});
  }
  l.triangle_material.assign(l.triangle_count(), 0);
  l.triangle_object.assign(l.triangle_count(), 0);
  l.object_names = {"l"};
  EdgeExtractionOptions o;
  o.skip_ground_edges = false;
  const std::vector<DiffractionEdge> edges = extract_diffraction_edges(l, o, &stats);
  EXPECT_EQ(stats.concave, 1u);  // the vertical inner corner at (10, 10)
  EXPECT_EQ(stats.non_manifold, 0u);
  EXPECT_EQ(edges.size(), 17u);  // 6 roof + 6 floor + 5 convex vertical edges
}

TEST(EdgeGrid, SegmentQueriesVisitEachEdgeOnceInOrder) {
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"concrete", 0.2});
  for (int i = 0; i < 5; ++i) test::add_box(mesh, 30.0f * i, 0, 0, 30.0f * i + 10, 10, 20, 0);
  const EdgeGrid grid = build_edge_grid(extract_diffraction_edges(mesh, EdgeExtractionOptions{}), 1.0f,
                                        mesh.triangle_count());
  const EdgeGridView v = grid.view();
  ASSERT_EQ(v.edge_count, 40u);
  // A ray along y = 5 at z = 20.5 passes 0.5 m above the roofs' y-parallel edges (x = 30 i and 30 i + 10).
  const Vec3<float> o{-50, 5, 20.5f}, d{1, 0, 0};
  std::multiset<std::uint32_t> near;
  float last_t = -1;
  bool ordered = true;
  for_each_edge_cell(v, o, d, 1000.0f, [&](std::uint32_t cell, float t_enter, float t_exit) {
    ordered = ordered && t_enter >= last_t && t_exit >= t_enter;
    last_t = t_enter;
    for (std::uint32_t k = v.cell_first[cell]; k < v.cell_first[cell + 1]; ++k) {
      float t = 0, u = 0, dist = 0, line_dist = 0;
      if (!closest_approach(v.edges[v.cell_edges[k]], o, d, 1000.0f, &t, &u, &dist, &line_dist)) continue;
      if (t < t_enter || t >= t_exit || u <= 0 || u >= v.edges[v.cell_edges[k]].length_m) continue;
      if (dist < 0.75f) near.insert(v.cell_edges[k]);
    }
  });
  EXPECT_TRUE(ordered);
  EXPECT_EQ(near.size(), 10u);
  EXPECT_EQ(std::set<std::uint32_t>(near.begin(), near.end()).size(), 10u);  // each once
}

TEST(EdgeExtraction, MunichEdgesAreValidWedges) {
  const std::string xml = std::string(TARANG_SOURCE_DIR) + "/../shared/data/scenes/munich/munich.xml";
  if (!std::ifstream(xml)) GTEST_SKIP() << "munich scene not found at " << xml;
  const SceneMesh mesh = load_mitsuba_scene(xml);
  EdgeExtractionStats stats;
  const std::vector<DiffractionEdge> edges = extract_diffraction_edges(mesh, EdgeExtractionOptions{}, &stats);
  std::printf("munich: %zu triangles -> %zu shared + %zu free edges kept; %zu flat, %zu concave, %zu non-manifold, "
              "%zu on the ground, %zu wall bases\n",
              mesh.triangle_count(), stats.shared, stats.free, stats.flat, stats.concave, stats.non_manifold,
              stats.on_ground, stats.wall_bases);
  EXPECT_GT(stats.shared, 1000u);
  for (const DiffractionEdge& e : edges) {
    ASSERT_GT(e.wedge_n, 1.0f + 20.0f / 180.0f - 1e-4f);
    ASSERT_LE(e.wedge_n, 2.0f);
    ASSERT_NEAR(length(e.e), 1, 1e-5);
    ASSERT_LT(std::max(e.material0, e.material_n), mesh.materials.size());
  }
}

}  // namespace
}  // namespace tarang

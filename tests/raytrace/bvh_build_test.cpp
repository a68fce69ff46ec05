// BVH build invariants: every triangle in exactly one leaf, boxes that contain their contents, the depth bound,
// the reported SAH cost, SAH behaviour on separated clusters, and the same tree for any thread count; the same
// invariants for the linear BVH (build_lbvh) and its Morton codes.
#include "raytrace/bvh_build.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

#include "raytrace/lbvh.h"
#include "raytrace/lbvh_build.h"
#include "scene/procedural_city.h"
#include "tests/raytrace/test_scenes.h"

namespace tarang {
namespace {

SceneMesh city(int blocks_per_side) {
  ProceduralCityOptions options;
  options.blocks_per_side = blocks_per_side;
  return make_procedural_city(options);
}

void add_triangle(SceneMesh& mesh, Vec3<float> a, Vec3<float> b, Vec3<float> c) {
  const std::uint32_t base = static_cast<std::uint32_t>(mesh.vertex_count());
  for (const Vec3<float>& p : {a, b, c}) mesh.positions_m.insert(mesh.positions_m.end(), {p.x, p.y, p.z});
  mesh.indices.insert(mesh.indices.end(), {base, base + 1, base + 2});
  mesh.triangle_material.push_back(0);
  mesh.triangle_object.push_back(0);
}

// Trees a and b are equal node for node and triangle for triangle.
void expect_same_tree(const Bvh& a, const Bvh& b) {
  ASSERT_EQ(a.nodes.size(), b.nodes.size());
  EXPECT_EQ(0, std::memcmp(a.nodes.data(), b.nodes.data(), a.nodes.size() * sizeof(BvhNode)));
  EXPECT_EQ(a.triangle_ids, b.triangle_ids);
}

// 20000 random triangles up to 20 m across in a 1 km cube, from `seed`.
SceneMesh triangle_soup(unsigned seed) {
  SceneMesh soup;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> coord(-500, 500), offset(-20, 20);
  for (int i = 0; i < 20000; ++i) {
    const Vec3<float> a{coord(rng), coord(rng), coord(rng)};
    add_triangle(soup, a, a + Vec3<float>{offset(rng), offset(rng), offset(rng)},
                 a + Vec3<float>{offset(rng), offset(rng), offset(rng)});
  }
  return soup;
}

// Unit triangles at (8^i, 8^j, 8^k), i, j, k < 16, which no split plane separates well; corners gets their corners.
SceneMesh geometric_grid(std::vector<Vec3<float>>& corners) {
  SceneMesh mesh;
  for (int i = 0; i < 16; ++i) {
    for (int j = 0; j < 16; ++j) {
      for (int k = 0; k < 16; ++k) {
        const Vec3<float> p{std::ldexp(1.0f, 3 * i), std::ldexp(1.0f, 3 * j), std::ldexp(1.0f, 3 * k)};
        add_triangle(mesh, p, p + Vec3<float>{1, 0, 0}, p + Vec3<float>{0, 1, 0});
        corners.push_back(p);
      }
    }
  }
  return mesh;
}

// Every triangle of geometric_grid small enough for float to resolve (7^3 of them) is found by a ray dropped onto it
// from 1 m above, at t = 1 up to float rounding of z + 1 at z up to 1e6.
void expect_dropped_rays_hit(const Bvh& bvh, const std::vector<Vec3<float>>& corners) {
  int checked = 0;
  for (std::size_t t = 0; t < corners.size(); ++t) {
    const Vec3<float> p = corners[t];
    if (std::max({p.x, p.y, p.z}) > 1e6f) continue;
    const Hit hit = bvh.view().intersect(Ray{p + Vec3<float>{0.25f, 0.25f, 1}, {0, 0, -1}, 0, 1e30f});
    ASSERT_TRUE(is_hit(hit)) << "triangle " << t;
    EXPECT_EQ(hit.triangle, t);
    EXPECT_NEAR(hit.t, 1.0f, 1e-6f * std::max(1.0f, p.z));
    ++checked;
  }
  EXPECT_EQ(checked, 7 * 7 * 7);
}

bool contains(const BvhNode& outer, Vec3<float> lo, Vec3<float> hi) {
  return outer.lo_m.x <= lo.x && outer.lo_m.y <= lo.y && outer.lo_m.z <= lo.z && hi.x <= outer.hi_m.x &&
         hi.y <= outer.hi_m.y && hi.z <= outer.hi_m.z;
}

double area(const BvhNode& n) {
  const double ex = n.hi_m.x - n.lo_m.x, ey = n.hi_m.y - n.lo_m.y, ez = n.hi_m.z - n.lo_m.z;
  return 2 * (ex * ey + ey * ez + ez * ex);
}

// Walks the tree recursively and checks every structural invariant; returns the SAH cost recomputed here.
struct TreeChecker {
  const Bvh& bvh;
  const SceneMesh& mesh;
  std::vector<int> slot_uses = std::vector<int>(bvh.triangle_ids.size(), 0);
  std::vector<int> node_visits = std::vector<int>(bvh.nodes.size(), 0);
  double sah = 0;
  int max_depth = 0;
  std::size_t leaves = 0;

  void visit(std::uint32_t index, int depth) {
    ASSERT_LT(index, bvh.nodes.size());
    ++node_visits[index];
    const BvhNode& n = bvh.nodes[index];
    const double relative = area(n) / area(bvh.nodes[0]);
    if (n.triangle_count == 0) {
      ASSERT_EQ(n.first % 2, 0u) << "sibling pairs start at even indices";
      ASSERT_GE(n.first, 2u);
      for (std::uint32_t child : {n.first, n.first + 1}) {
        ASSERT_LT(child, bvh.nodes.size());
        EXPECT_TRUE(contains(n, bvh.nodes[child].lo_m, bvh.nodes[child].hi_m)) << "node " << index;
      }
      sah += kBvhNodeCost * relative;
      visit(n.first, depth + 1);
      visit(n.first + 1, depth + 1);
      return;
    }
    ASSERT_LE(n.triangle_count, kBvhMaxLeafTriangles);
    ++leaves;
    max_depth = std::max(max_depth, depth);
    sah += kBvhTriangleCost * n.triangle_count * relative;
    for (std::uint32_t slot = n.first; slot < n.first + n.triangle_count; ++slot) {
      ASSERT_LT(slot, slot_uses.size());
      ++slot_uses[slot];
      const std::uint32_t t = bvh.triangle_ids[slot];
      for (int k = 0; k < 3; ++k) {
        const float* p = mesh.positions_m.data() + 3 * mesh.indices[3 * std::size_t{t} + k];
        const float* copy = bvh.triangle_vertices_m.data() + 9 * std::size_t{slot} + 3 * k;
        ASSERT_EQ(0, std::memcmp(p, copy, 3 * sizeof(float))) << "vertices of slot " << slot;
        EXPECT_TRUE(contains(n, {p[0], p[1], p[2]}, {p[0], p[1], p[2]})) << "leaf " << index << " triangle " << t;
      }
    }
  }
};

void check_tree(const SceneMesh& mesh, const Bvh& bvh) {
  const std::size_t n = mesh.triangle_count();
  ASSERT_EQ(bvh.triangle_ids.size(), n);
  ASSERT_EQ(bvh.triangle_vertices_m.size(), 9 * n);
  TreeChecker checker{bvh, mesh};
  checker.visit(0, 0);
  if (testing::Test::HasFatalFailure()) return;
  for (std::size_t slot = 0; slot < n; ++slot) ASSERT_EQ(checker.slot_uses[slot], 1) << "slot " << slot;
  std::vector<int> id_uses(n, 0);
  for (std::uint32_t id : bvh.triangle_ids) ++id_uses[id];
  for (std::size_t t = 0; t < n; ++t) ASSERT_EQ(id_uses[t], 1) << "triangle " << t << " in the leaves";
  // Every node but the pad is reached exactly once: no orphans, no shared children.
  for (std::size_t i = 0; i < bvh.nodes.size(); ++i) EXPECT_EQ(checker.node_visits[i], i == 1 ? 0 : 1) << i;
  // The root box is the mesh's bounding box.
  const auto b = mesh.local_bounds();
  EXPECT_EQ(bvh.nodes[0].lo_m.x, static_cast<float>(b[0]));
  EXPECT_EQ(bvh.nodes[0].hi_m.z, static_cast<float>(b[5]));
  EXPECT_EQ(bvh.stats.node_count, bvh.nodes.size());
  EXPECT_EQ(bvh.stats.leaf_count, checker.leaves);
  EXPECT_EQ(bvh.stats.max_depth, checker.max_depth);
  EXPECT_LT(bvh.stats.max_depth, kBvhMaxDepth);
  EXPECT_NEAR(bvh.stats.sah_cost, checker.sah, 1e-9 * checker.sah);
}

TEST(BvhBuild, ProceduralCityInvariants) {
  const SceneMesh mesh = city(60);  // 36002 triangles: several parallel subtrees
  const Bvh bvh = build_bvh(mesh, 2);
  check_tree(mesh, bvh);
  // A single leaf would cost n triangle tests; a good tree for 36002 triangles costs a few dozen.
  EXPECT_LT(bvh.stats.sah_cost, 200.0);
  EXPECT_GT(bvh.stats.sah_cost, 1.0);
}

TEST(BvhBuild, RandomTriangleSoupInvariants) {
  const SceneMesh soup = triangle_soup(3);
  check_tree(soup, build_bvh(soup, 2));
}

TEST(BvhBuild, SameTreeForAnyThreadCount) {
  const SceneMesh mesh = city(100);  // 100002 triangles: the top phase bins in parallel
  const Bvh one = build_bvh(mesh, 1), two = build_bvh(mesh, 2), three = build_bvh(mesh, 3);
  expect_same_tree(one, two);
  expect_same_tree(one, three);
}

TEST(BvhBuild, SahSeparatesDistantClustersAtTheRoot) {
  // Two boxes 1 km apart: the cheapest root split puts each box in its own child, whose bounds are the box's.
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"concrete", 0.2});
  test::add_box(mesh, 0, 0, 0, 10, 10, 10, 0);
  test::add_box(mesh, 1000, 0, 0, 1010, 20, 5, 0);
  const Bvh bvh = build_bvh(mesh, 1);
  check_tree(mesh, bvh);
  const BvhNode& root = bvh.nodes[0];
  ASSERT_EQ(root.triangle_count, 0u);
  const BvhNode& a = bvh.nodes[root.first];
  const BvhNode& b = bvh.nodes[root.first + 1];
  const BvhNode& near = a.lo_m.x < b.lo_m.x ? a : b;
  const BvhNode& far = a.lo_m.x < b.lo_m.x ? b : a;
  EXPECT_EQ(near.lo_m.x, 0.0f);
  EXPECT_EQ(near.hi_m.x, 10.0f);
  EXPECT_EQ(near.hi_m.z, 10.0f);
  EXPECT_EQ(far.lo_m.x, 1000.0f);
  EXPECT_EQ(far.hi_m.y, 20.0f);
  EXPECT_EQ(far.hi_m.z, 5.0f);
}

TEST(BvhBuild, CoincidentTrianglesStillMakeSmallLeaves) {
  // 200 copies of one triangle: no SAH plane separates equal centroids, so the object-median fallback splits.
  SceneMesh mesh;
  for (int i = 0; i < 200; ++i) add_triangle(mesh, {0, 0, 0}, {1, 0, 0}, {0, 1, 0});
  const Bvh bvh = build_bvh(mesh, 1);
  check_tree(mesh, bvh);
  // Hit by a ray down the z axis: any of the copies at t = 1.
  const Hit hit = bvh.view().intersect(Ray{{0.25f, 0.25f, 1}, {0, 0, -1}, 0, 1e30f});
  ASSERT_TRUE(is_hit(hit));
  EXPECT_NEAR(hit.t, 1.0f, 1e-6f);
}

TEST(BvhBuild, GeometricGridReachesTheMedianFallbackAndStaysWithinTheDepthBound) {
  // Unit triangles at (8^i, 8^j, 8^k): each binned SAH split can peel off only one or two coordinate planes, which
  // drives the tree past depth 32, where the object-median fallback takes over and keeps leaves above kBvhMaxDepth.
  std::vector<Vec3<float>> corners;
  const SceneMesh mesh = geometric_grid(corners);
  const Bvh bvh = build_bvh(mesh, 2);
  check_tree(mesh, bvh);
  EXPECT_GT(bvh.stats.max_depth, 32);  // the median fallback ran
  expect_dropped_rays_hit(bvh, corners);
}

TEST(BvhBuild, EmptyAndSingleTriangleMeshes) {
  const Bvh empty = build_bvh(SceneMesh{}, 1);
  EXPECT_TRUE(empty.nodes.empty());
  EXPECT_FALSE(is_hit(empty.view().intersect(Ray{{0, 0, 0}, {0, 0, 1}, 0, 1e30f})));
  EXPECT_FALSE(empty.view().occluded(Ray{{0, 0, 0}, {0, 0, 1}, 0, 1e30f}));

  SceneMesh one;
  add_triangle(one, {0, 0, 5}, {1, 0, 5}, {0, 1, 5});
  const Bvh bvh = build_bvh(one, 1);
  check_tree(one, bvh);
  EXPECT_EQ(bvh.nodes[0].triangle_count, 1u);  // the root is the leaf
  EXPECT_EQ(bvh.stats.sah_cost, 1.0);           // one triangle test per ray through the root box
  const Hit hit = bvh.view().intersect(Ray{{0.2f, 0.2f, 0}, {0, 0, 1}, 0, 1e30f});
  ASSERT_TRUE(is_hit(hit));
  EXPECT_NEAR(hit.t, 5.0f, 1e-6f);  // float rounding of the sheared test
  EXPECT_EQ(hit.triangle, 0u);
  EXPECT_EQ(hit.normal.z, 1.0f);
}

TEST(BvhBuild, RejectsNonFiniteVerticesAndBadIndices) {
  SceneMesh mesh;
  add_triangle(mesh, {0, 0, 0}, {1, 0, 0}, {0, std::numeric_limits<float>::quiet_NaN(), 0});
  EXPECT_THROW(build_bvh(mesh, 1), std::invalid_argument);
  SceneMesh bad_index;
  add_triangle(bad_index, {0, 0, 0}, {1, 0, 0}, {0, 1, 0});
  bad_index.indices[2] = 3;
  EXPECT_THROW(build_bvh(bad_index, 1), std::invalid_argument);
}

TEST(LbvhBuild, MortonCodesInterleaveTenBitsPerAxis) {
  const LbvhBox bounds{{0, 0, 0}, {1024, 1024, 1024}};
  auto code = [&](float x, float y, float z) { return lbvh_morton_code(LbvhBox{{x, y, z}, {x, y, z}}, bounds); };
  EXPECT_EQ(code(0, 0, 0), 0u);
  EXPECT_EQ(code(1024, 1024, 1024), 0x3FFFFFFFu);  // clamped to cell 1023 on every axis
  EXPECT_EQ(code(1024, 0, 0), 0x24924924u);        // x takes bits 2, 5, ..., 29
  EXPECT_EQ(code(0, 1024, 0), 0x12492492u);
  EXPECT_EQ(code(0, 0, 1024), 0x09249249u);
  EXPECT_EQ(code(1.5f, 2.5f, 3.5f), 0x0000001Du);  // cells (1, 2, 3): x1 -> bit 2, y2 -> bit 4, z3 -> bits 0, 3
  // Cubic cells: the largest extent (x, 10 m) sets the cell for all axes, so y (2.5 m of 2.5) reaches only cell
  // 256 and z (no extent) stays at cell 0: cells (512, 256, 0), bit 9 of x -> bit 29, bit 8 of y -> bit 25.
  EXPECT_EQ(lbvh_morton_code(LbvhBox{{5, 2.5f, 7}, {5, 2.5f, 7}}, LbvhBox{{0, 0, 7}, {10, 2.5f, 7}}), 0x22000000u);
  // A single centroid (no extent at all) maps to cell 0.
  EXPECT_EQ(lbvh_morton_code(LbvhBox{{5, 5, 7}, {5, 5, 7}}, LbvhBox{{5, 5, 7}, {5, 5, 7}}), 0u);
}

TEST(LbvhBuild, ProceduralCityInvariants) {
  const SceneMesh mesh = city(60);
  const Bvh lbvh = build_lbvh(mesh, 2);
  check_tree(mesh, lbvh);
  // Worse than the SAH build (Morton order ignores triangle sizes) but far from one leaf of 36002 triangles.
  const Bvh sah = build_bvh(mesh, 2);
  EXPECT_GT(lbvh.stats.sah_cost, sah.stats.sah_cost);
  EXPECT_LT(lbvh.stats.sah_cost, 4 * sah.stats.sah_cost);
}

TEST(LbvhBuild, RandomTriangleSoupInvariants) {
  const SceneMesh soup = triangle_soup(5);
  check_tree(soup, build_lbvh(soup, 2));
}

TEST(LbvhBuild, SameTreeForAnyThreadCount) {
  // The bottom-up boxes race (whichever child finishes second unions them): min/max makes the result exact anyway.
  const SceneMesh mesh = city(60);
  const Bvh one = build_lbvh(mesh, 1), two = build_lbvh(mesh, 2), three = build_lbvh(mesh, 3);
  expect_same_tree(one, two);
  expect_same_tree(one, three);
}

TEST(LbvhBuild, EqualMortonCodesSplitOnPosition) {
  // 200 copies of one triangle share one code: the position tie-break splits them into a balanced tree of 64
  // leaves (200 = 8 x 25 -> ranges of 3 or 4 after six halvings), depth 6.
  SceneMesh mesh;
  for (int i = 0; i < 200; ++i) add_triangle(mesh, {0, 0, 0}, {1, 0, 0}, {0, 1, 0});
  const Bvh bvh = build_lbvh(mesh, 2);
  check_tree(mesh, bvh);
  EXPECT_EQ(bvh.stats.max_depth, 6);
  const Hit hit = bvh.view().intersect(Ray{{0.25f, 0.25f, 1}, {0, 0, -1}, 0, 1e30f});
  ASSERT_TRUE(is_hit(hit));
  EXPECT_NEAR(hit.t, 1.0f, 1e-6f);
}

TEST(LbvhBuild, GeometricGridStaysWithinTheDepthBound) {
  // Triangles at (8^i, 8^j, 8^k): nearly all centroids fall in the first Morton cells, so the tree is as deep as
  // the codes and positions make it; it must stay below kBvhMaxDepth and every resolvable triangle must be found.
  std::vector<Vec3<float>> corners;
  const SceneMesh mesh = geometric_grid(corners);
  const Bvh bvh = build_lbvh(mesh, 2);
  check_tree(mesh, bvh);
  expect_dropped_rays_hit(bvh, corners);
}

TEST(LbvhBuild, TinyMeshes) {
  EXPECT_TRUE(build_lbvh(SceneMesh{}, 1).nodes.empty());
  // 1 triangle: the root is its leaf; 2..4: one leaf of all; 5: a root with two leaves.
  for (int n : {1, 2, 4, 5}) {
    SceneMesh mesh;
    for (int i = 0; i < n; ++i) add_triangle(mesh, {10.0f * i, 0, 5}, {10.0f * i + 1, 0, 5}, {10.0f * i, 1, 5});
    const Bvh bvh = build_lbvh(mesh, 1);
    check_tree(mesh, bvh);
    EXPECT_EQ(bvh.nodes.size(), n <= 4 ? 2u : 4u) << n << " triangles";
    for (int i = 0; i < n; ++i) {
      const Hit hit = bvh.view().intersect(Ray{{10.0f * i + 0.2f, 0.2f, 0}, {0, 0, 1}, 0, 1e30f});
      ASSERT_TRUE(is_hit(hit));
      EXPECT_EQ(hit.triangle, static_cast<std::uint32_t>(i));
    }
  }
}

TEST(LbvhBuild, RejectsNonFiniteVerticesAndBadIndices) {
  SceneMesh mesh;
  add_triangle(mesh, {0, 0, 0}, {1, 0, 0}, {0, std::numeric_limits<float>::quiet_NaN(), 0});
  EXPECT_THROW(build_lbvh(mesh, 1), std::invalid_argument);
  SceneMesh bad_index;
  add_triangle(bad_index, {0, 0, 0}, {1, 0, 0}, {0, 1, 0});
  bad_index.indices[2] = 3;
  EXPECT_THROW(build_lbvh(bad_index, 1), std::invalid_argument);
}

}  // namespace
}  // namespace tarang

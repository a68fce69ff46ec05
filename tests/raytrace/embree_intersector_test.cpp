// Embree intersector against the brute-force reference, hit for hit, on random rays through a box city (its walls and
// roofs go to Embree as quads), on the shared diagonal of a quad, and on a tilted wall in Embree's split order.
#include "raytrace/embree_intersector.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <random>

#include "raytrace/brute_force_intersector.h"
#include "tests/raytrace/test_scenes.h"

namespace tarang {
namespace {

SceneMesh box_city() {
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"concrete", 0.2});
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> height(5, 60);
  for (int i = 0; i < 6; ++i) {
    for (int j = 0; j < 6; ++j) {
      test::add_box(mesh, i * 50.0f, j * 50.0f, 0, i * 50.0f + 35, j * 50.0f + 35, height(rng), 0);
    }
  }
  return mesh;
}

TEST(EmbreeIntersector, MatchesBruteForceHitForHit) {
  const SceneMesh mesh = box_city();
  const EmbreeIntersector embree(mesh);
  const BruteForceIntersector brute{mesh.positions_m.data(), mesh.indices.data(),
                                    static_cast<std::uint32_t>(mesh.triangle_count())};
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> coord(-20, 320), z(0.5f, 80), u(-1, 1);
  int hits = 0, triangle_mismatches = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    Vec3<float> d{u(rng), u(rng), u(rng)};
    if (length(d) < 1e-3f) continue;
    const Ray ray{{coord(rng), coord(rng), z(rng)}, normalize(d), 0.0f, 1e30f};
    const Hit a = embree.intersect(ray), b = brute.intersect(ray);
    ASSERT_EQ(is_hit(a), is_hit(b)) << "ray " << i;
    if (!is_hit(a)) continue;
    ++hits;
    EXPECT_NEAR(a.t, b.t, 1e-4f * std::max(1.0f, b.t)) << "ray " << i;
    if (a.triangle != b.triangle) {
      ++triangle_mismatches;  // only legal on a shared edge: the two triangles are hit at the same distance
      EXPECT_NEAR(a.t, b.t, 1e-4f * std::max(1.0f, b.t));
    } else {
      EXPECT_NEAR(dot(a.normal, b.normal), 1.0f, 1e-6f);
    }
  }
  EXPECT_GT(hits, n / 4);
  EXPECT_LE(triangle_mismatches, n / 10000);
}

TEST(EmbreeIntersector, PacketsGiveTheSingleRayHits) {
  const SceneMesh mesh = box_city();
  const EmbreeIntersector embree(mesh);
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> coord(-20, 320), z(0.5f, 80), u(-1, 1);
  int hits = 0;
  for (int packet = 0; packet < 500; ++packet) {
    const int count = 1 + packet % EmbreeIntersector::kPacketSize;  // partly filled packets too
    Ray rays[EmbreeIntersector::kPacketSize];
    for (int k = 0; k < count; ++k) {
      Vec3<float> d{u(rng), u(rng), u(rng)};
      if (length(d) < 1e-3f) d = {0, 0, 1};
      rays[k] = Ray{{coord(rng), coord(rng), z(rng)}, normalize(d), 0.0f, packet % 7 == 0 ? 30.0f : 1e30f};
    }
    Hit packed[EmbreeIntersector::kPacketSize];
    embree.intersect_packet(rays, count, packed, packet % 2 == 0);
    for (int k = 0; k < count; ++k) {
      const Hit single = embree.intersect(rays[k]);
      ASSERT_EQ(packed[k].triangle, single.triangle) << "packet " << packet << " ray " << k;
      EXPECT_FLOAT_EQ(packed[k].t, single.t) << "packet " << packet << " ray " << k;  // within 4 ulp
      hits += is_hit(single) ? 1 : 0;
    }
  }
  EXPECT_GT(hits, 500);
}

// Embree gets an axis-parallel rectangle's two triangles as one quad, any other triangle alone: every hit must still
// name the triangle that contains it, and rays through the shared diagonal must hit (watertight).
TEST(EmbreeIntersector, QuadsReportTheirOwnTrianglesAndTheDiagonalIsWatertight) {
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"concrete", 0.2});
  test::add_plate_y(mesh, 10, 0, 20, 0, 30, 0);  // axis-parallel rectangle: one quad
  // The same rectangle turned 30 degrees about z (coplanar triangles, not axis-parallel: two triangles).
  const float c = std::cos(0.5236f), s = std::sin(0.5236f);
  const std::uint32_t base = static_cast<std::uint32_t>(mesh.vertex_count());
  for (const auto& p : {std::array<float, 3>{0, 0, 0}, {20, 0, 0}, {20, 0, 30}, {0, 0, 30}}) {
    mesh.positions_m.insert(mesh.positions_m.end(), {60 + c * p[0], 10 + s * p[0], p[2]});
  }
  mesh.indices.insert(mesh.indices.end(), {base, base + 1, base + 2, base, base + 2, base + 3});
  mesh.triangle_material.insert(mesh.triangle_material.end(), {0, 0});
  mesh.triangle_object.insert(mesh.triangle_object.end(), {1, 1});
  mesh.object_names = {"plate", "turned"};
  const EmbreeIntersector embree(mesh);
  const BruteForceIntersector brute{mesh.positions_m.data(), mesh.indices.data(),
                                    static_cast<std::uint32_t>(mesh.triangle_count())};
  int inside = 0, diagonal = 0;
  for (std::uint32_t first : {0u, 2u}) {  // the two triangles of each plate
    const std::uint32_t* a = &mesh.indices[3 * first];
    auto corner = [&](std::uint32_t v) {
      return Vec3<float>{mesh.positions_m[3 * v], mesh.positions_m[3 * v + 1], mesh.positions_m[3 * v + 2]};
    };
    const Vec3<float> v0 = corner(a[0]), v2 = corner(a[2]), v1 = corner(a[1]), v3 = corner(mesh.indices[3 * first + 5]);
    const Vec3<float> normal = normalize(cross(v1 - v0, v2 - v0));
    for (int i = 1; i < 20; ++i) {
      for (int j = 1; j < 20; ++j) {
        const float u = i / 20.0f, w = j / 20.0f;
        // Points of the plate (v0, v1, v2, v3); the diagonal v0-v2 where u == w.
        const Vec3<float> target = v0 + u * (v1 - v0) + w * (v3 - v0);
        const Ray ray{target + 25.0f * normal + Vec3<float>{0.3f, 0, 0.2f}, {0, 0, 0}, 0.0f, 1e30f};
        const Ray aimed{ray.origin, normalize(target - ray.origin), 0.0f, 1e30f};
        const Hit got = embree.intersect(aimed), want = brute.intersect(aimed);
        ASSERT_TRUE(is_hit(got)) << "plate " << first << " point " << i << "," << j;
        EXPECT_NEAR(got.t, length(target - aimed.origin), 1e-4f) << "plate " << first << " point " << i << "," << j;
        EXPECT_NEAR(dot(got.normal, normal), 1.0f, 1e-6f);
        if (i == j) {
          ++diagonal;  // on the shared diagonal: either triangle
          EXPECT_TRUE(got.triangle == first || got.triangle == first + 1);
        } else {
          ++inside;
          EXPECT_EQ(got.triangle, want.triangle) << "plate " << first << " point " << i << "," << j;
          EXPECT_EQ(got.triangle, i > j ? first : first + 1) << "plate " << first << " point " << i << "," << j;
        }
      }
    }
  }
  EXPECT_EQ(inside, 2 * (19 * 19 - 19));
  EXPECT_EQ(diagonal, 2 * 19);
}

// A wall tilted in plan whose triangles are already Embree's split of quad (p0, p1, p2, p3), as the GIS extruder
// writes them: (p0, p1, p3) and (p2, p3, p1). It goes to Embree as one quad, and every hit must name the triangle that
// contains it with the very distance and normal Embree gives when the two triangles go separately (other objects).
TEST(EmbreeIntersector, WallInEmbreeSplitOrderPairsWithBitIdenticalHits) {
  auto wall = [](bool separate) {
    SceneMesh mesh;
    mesh.materials.push_back(SceneMaterial{"concrete", 0.2});
    const float c = std::cos(0.41f), s = std::sin(0.41f);  // about 23.5 degrees in plan: no side axis-parallel
    for (const auto& p : {std::array<float, 3>{0, 0, 0}, {17.3f, 0, 0}, {17.3f, 0, 21.7f}, {0, 0, 21.7f}}) {
      mesh.positions_m.insert(mesh.positions_m.end(), {31.7f + c * p[0], -12.9f + s * p[0], 0.4f + p[2]});
    }
    mesh.indices = {0, 1, 3, 2, 3, 1};
    mesh.triangle_material = {0, 0};
    mesh.triangle_object = {0, separate ? 1u : 0u};
    mesh.object_names = {"wall", "other"};
    return mesh;
  };
  const SceneMesh paired_mesh = wall(false), separate_mesh = wall(true);
  const EmbreeIntersector paired(paired_mesh), separate(separate_mesh);
  EXPECT_EQ(paired.paired_triangle_count(), 2u);
  EXPECT_EQ(separate.paired_triangle_count(), 0u);
  auto corner = [&](std::uint32_t v) {
    return Vec3<float>{paired_mesh.positions_m[3 * v], paired_mesh.positions_m[3 * v + 1],
                       paired_mesh.positions_m[3 * v + 2]};
  };
  const Vec3<float> p0 = corner(0), p1 = corner(1), p3 = corner(3);
  const Vec3<float> normal = normalize(cross(p1 - p0, p3 - p0));
  int inside = 0, diagonal = 0;
  for (int i = 1; i < 20; ++i) {
    for (int j = 1; j < 20; ++j) {
      const float u = i / 20.0f, w = j / 20.0f;
      // Points of the wall; the shared diagonal p1-p3 where u + w == 1.
      const Vec3<float> target = p0 + u * (p1 - p0) + w * (p3 - p0);
      const Vec3<float> origin = target + 25.0f * normal + Vec3<float>{0.3f, -0.7f, 0.2f};
      const Ray ray{origin, normalize(target - origin), 0.0f, 1e30f};
      const Hit got = paired.intersect(ray), want = separate.intersect(ray);
      ASSERT_TRUE(is_hit(got)) << "point " << i << "," << j;
      ASSERT_TRUE(is_hit(want)) << "point " << i << "," << j;
      EXPECT_EQ(got.t, want.t) << "point " << i << "," << j;  // bit-identical, on the diagonal too
      if (i + j == 20) {
        ++diagonal;  // either triangle
        EXPECT_LE(got.triangle, 1u);
      } else {
        ++inside;
        EXPECT_EQ(got.triangle, i + j < 20 ? 0u : 1u) << "point " << i << "," << j;
        EXPECT_EQ(got.triangle, want.triangle) << "point " << i << "," << j;
        EXPECT_EQ(got.normal.x, want.normal.x);
        EXPECT_EQ(got.normal.y, want.normal.y);
        EXPECT_EQ(got.normal.z, want.normal.z);
      }
      EXPECT_NEAR(dot(got.normal, normal), 1.0f, 1e-6f);
    }
  }
  EXPECT_EQ(inside, 19 * 19 - 19);
  EXPECT_EQ(diagonal, 19);
}

TEST(EmbreeIntersector, EmptySceneMissesAndRespectsTMax) {
  SceneMesh empty;
  const EmbreeIntersector embree(empty);
  EXPECT_FALSE(is_hit(embree.intersect(Ray{{0, 0, 0}, {0, 0, 1}, 0, 1e30f})));
  const SceneMesh mesh = box_city();
  const EmbreeIntersector city(mesh);
  // Straight down onto the first roof, but t_max stops short of it.
  const Ray down{{10, 10, 100}, {0, 0, -1}, 0, 1.0f};
  EXPECT_FALSE(is_hit(city.intersect(down)));
}

}  // namespace
}  // namespace tarang

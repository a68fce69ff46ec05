// Embree intersector against the brute-force reference, hit for hit, on random rays through a box city.
#include "raytrace/embree_intersector.h"

#include <gtest/gtest.h>

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

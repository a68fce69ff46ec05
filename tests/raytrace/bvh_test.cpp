// tarang's BVH traversal against Embree hit for hit (munich and a procedural city; SAH and linear BVH builds), watertightness on closed
// meshes (rays aimed exactly at shared edges and vertices, axis-parallel rays on box planes), any-hit queries, and
// trace_sbr_ray depositing the same as with Embree.
#include "raytrace/bvh.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "raytrace/bvh_build.h"
#include "raytrace/embree_intersector.h"
#include "raytrace/lbvh_build.h"
#include "raytrace/sbr_ray.h"
#include "raytrace/surface_materials.h"
#include "scene/mesh_import.h"
#include "scene/procedural_city.h"

namespace tarang {
namespace {

using Rng = std::mt19937_64;

// t agreement: 1e-4 relative, plus 4 float ulps of the scene's coordinate magnitude scale_m. Any float tracer
// interpolates t from vertex coordinates relative to the origin, each rounded at that magnitude: on the G = 60 city
// (3.8 km) Embree is up to 2.3e-4 m and our BVH up to 3.9e-4 m off the double-precision distance.
float t_tolerance(float t, float scale_m) { return 1e-4f * t + 4.0f * FLT_EPSILON * scale_m; }

// Largest coordinate magnitude of the mesh.
float coordinate_scale_m(const SceneMesh& mesh) {
  float scale = 0;
  for (float c : mesh.positions_m) scale = std::max(scale, std::fabs(c));
  return scale;
}

Vec3<float> random_direction(Rng& rng) {
  std::normal_distribution<float> g(0, 1);
  for (;;) {
    const Vec3<float> d{g(rng), g(rng), g(rng)};
    if (length(d) > 1e-3f) return normalize(d);
  }
}

Vec3<float> vertex(const SceneMesh& mesh, std::uint32_t v) {
  return {mesh.positions_m[3 * std::size_t{v}], mesh.positions_m[3 * std::size_t{v} + 1],
          mesh.positions_m[3 * std::size_t{v} + 2]};
}

Vec3<float> corner(const SceneMesh& mesh, std::uint32_t triangle, int k) {
  return vertex(mesh, mesh.indices[3 * std::size_t{triangle} + k]);
}

// An edge (as vertex positions, so duplicated vertices still match) used by two or more triangles, with the third
// vertex of each of them.
struct SharedEdge {
  Vec3<float> a, b;
  std::vector<Vec3<float>> opposite;
};

std::vector<SharedEdge> shared_edges(const SceneMesh& mesh) {
  std::map<std::array<float, 6>, SharedEdge> edges;
  for (std::uint32_t t = 0; t < mesh.triangle_count(); ++t) {
    for (int k = 0; k < 3; ++k) {
      Vec3<float> a = corner(mesh, t, k), b = corner(mesh, t, (k + 1) % 3);
      if (std::tie(b.x, b.y, b.z) < std::tie(a.x, a.y, a.z)) std::swap(a, b);
      SharedEdge& e = edges[{a.x, a.y, a.z, b.x, b.y, b.z}];
      e.a = a, e.b = b;
      e.opposite.push_back(corner(mesh, t, (k + 2) % 3));
    }
  }
  std::vector<SharedEdge> shared;
  for (const auto& [key, e] : edges) {
    if (e.opposite.size() >= 2) shared.push_back(e);
  }
  return shared;
}

// Whether, seen along d, the edge's triangles lie on both sides of it: then they cover a neighbourhood of every
// point of the edge and a watertight test cannot let a ray through it slip. (Along a silhouette edge the ray only
// grazes, and a target rounded off the edge may rightly miss.)
bool covers_both_sides(const SharedEdge& e, Vec3<float> d) {
  bool positive = false, negative = false;
  for (const Vec3<float>& c : e.opposite) {
    const Vec3<float> n = cross(e.b - e.a, c - e.a);
    const float side = dot(n, d), scale = 1e-3f * length(n) * length(d);
    positive = positive || side > scale;
    negative = negative || side < -scale;
  }
  return positive && negative;
}

Vec3<float> point_on(const SharedEdge& e, float s) { return e.a + s * (e.b - e.a); }

struct Tally {
  int rays = 0, hits = 0, ties = 0, grazing_ties = 0, embree_leaks = 0;
};

// Same hit or miss, t within t_tolerance, the same triangle and normal unless the ray hits two triangles at the
// same distance (a tie on a shared edge or vertex, or overlapping coplanar triangles: both distances must then
// agree). aimed_distance_m > 0: the ray is aimed exactly at a shared edge that far away, where Embree (not
// watertight) may slip through to something behind or to nothing, and our BVH must not.
void expect_same_hit(const SceneMesh& mesh, float scale_m, const Ray& ray, const Hit& embree, const Hit& ours,
                     float aimed_distance_m, Tally& tally, const std::string& what) {
  ++tally.rays;
  const bool ours_at_target = is_hit(ours) && std::fabs(ours.t - aimed_distance_m) <= t_tolerance(ours.t, scale_m);
  if (aimed_distance_m > 0 && ours_at_target && (!is_hit(embree) || embree.t > ours.t + t_tolerance(ours.t, scale_m))) {
    ++tally.embree_leaks;
    return;
  }
  ASSERT_EQ(is_hit(embree), is_hit(ours)) << what;
  if (!is_hit(ours)) return;
  ++tally.hits;
  ASSERT_NEAR(ours.t, embree.t, t_tolerance(embree.t, scale_m)) << what;
  if (ours.triangle == embree.triangle) {
    EXPECT_NEAR(ours.normal.x, embree.normal.x, 1e-6f) << what;
    EXPECT_NEAR(ours.normal.y, embree.normal.y, 1e-6f) << what;
    EXPECT_NEAR(ours.normal.z, embree.normal.z, 1e-6f) << what;
    return;
  }
  ++tally.ties;
  // A genuine tie: the watertight test also finds Embree's triangle, at our distance.
  float v[9];
  for (int k = 0; k < 3; ++k) {
    const Vec3<float> p = corner(mesh, embree.triangle, k);
    v[3 * k] = p.x, v[3 * k + 1] = p.y, v[3 * k + 2] = p.z;
  }
  float t_other = 0;
  if (bvh_detail::triangle_hit(v, bvh_detail::make_traversal_ray(ray), ray.t_max, t_other)) {
    EXPECT_NEAR(t_other, ours.t, t_tolerance(ours.t, scale_m)) << what;
  } else {
    ++tally.grazing_ties;  // Embree's triangle only touches the ray within Embree's rounding (t agrees, see above)
  }
}

struct EmbreeComparison {
  Tally random, from_edges, aimed;
};

// 1e5 random rays (random origins in the scene's bounds, random directions, some with t_min/t_max limits), 2e4
// rays starting on shared edges and vertices, and 2e4 rays aimed exactly at shared edges.
EmbreeComparison compare_with_embree(const SceneMesh& mesh, const Bvh& built) {
  const EmbreeIntersector embree(mesh);
  const BvhView bvh = built.view();
  const auto b = mesh.local_bounds();
  const float scale_m = coordinate_scale_m(mesh);
  Rng rng(2024);
  std::uniform_real_distribution<float> x(static_cast<float>(b[0]), static_cast<float>(b[3]));
  std::uniform_real_distribution<float> y(static_cast<float>(b[1]), static_cast<float>(b[4]));
  std::uniform_real_distribution<float> z(static_cast<float>(b[2]), static_cast<float>(b[5]));
  std::uniform_real_distribution<float> unit(0, 1);

  EmbreeComparison out;
  Tally& random = out.random;
  for (int i = 0; i < 100000; ++i) {
    Ray ray{{x(rng), y(rng), z(rng)}, random_direction(rng), 0.0f, 1e30f};
    if (i % 4 == 1) ray.t_min = 50 * unit(rng);
    if (i % 4 == 2) ray.t_max = 200 * unit(rng);
    expect_same_hit(mesh, scale_m, ray, embree.intersect(ray), bvh.intersect(ray), 0.0f, random, "random ray " +
                    std::to_string(i));
    if (testing::Test::HasFatalFailure()) return out;
  }
  EXPECT_GT(random.hits, 20000);

  const auto edges = shared_edges(mesh);
  EXPECT_GT(edges.size(), 1000u);
  std::uniform_int_distribution<std::size_t> pick(0, edges.size() - 1);
  Tally& from_edges = out.from_edges;
  for (int i = 0; i < 20000; ++i) {
    // t_min = 1 cm: the edge the ray starts on lies at t ~ 0 +- rounding, which each tracer may take or not.
    const SharedEdge& e = edges[pick(rng)];
    const float u = unit(rng);
    const Vec3<float> start = u < 0.125f ? e.a : (u < 0.25f ? e.b : point_on(e, unit(rng)));  // vertex or edge
    const Ray ray{start, random_direction(rng), 0.01f, 1e30f};
    expect_same_hit(mesh, scale_m, ray, embree.intersect(ray), bvh.intersect(ray), 0.0f, from_edges,
                    "ray from an edge " + std::to_string(i));
    if (testing::Test::HasFatalFailure()) return out;
  }
  EXPECT_GT(from_edges.hits, 5000);

  Tally& aimed = out.aimed;
  for (int i = 0; i < 20000; ++i) {
    const SharedEdge& e = edges[pick(rng)];
    const Vec3<float> target = point_on(e, unit(rng));
    const Vec3<float> origin{x(rng), y(rng), z(rng)};
    const float distance = length(target - origin);
    if (distance < 1.0f) continue;
    const Ray ray{origin, normalize(target - origin), 0.0f, 1e30f};
    const Hit ours = bvh.intersect(ray);
    if (covers_both_sides(e, ray.direction)) {
      // Watertight: the ray meets the shared edge (or something before it) and never slips through.
      EXPECT_TRUE(is_hit(ours)) << "aimed ray " << i;
      EXPECT_LE(ours.t, distance + t_tolerance(distance, scale_m)) << "aimed ray " << i;
      expect_same_hit(mesh, scale_m, ray, embree.intersect(ray), ours, distance, aimed,
                      "aimed ray " + std::to_string(i));
      if (testing::Test::HasFatalFailure()) return out;
    }
  }
  EXPECT_GT(aimed.rays, 10000);
  for (const auto& [name, t] : {std::pair{"random", random}, {"from edges", from_edges}, {"aimed at edges", aimed}}) {
    std::printf("%s: %d rays, %d hits, %d ties (%d grazing Embree's triangle), %d Embree misses\n", name, t.rays,
                t.hits, t.ties, t.grazing_ties, t.embree_leaks);
  }
  return out;
}

TEST(Bvh, MatchesEmbreeOnAProceduralCity) {
  ProceduralCityOptions options;
  options.blocks_per_side = 60;
  const SceneMesh mesh = make_procedural_city(options);
  const EmbreeComparison c = compare_with_embree(mesh, build_bvh(mesh, 2));
  // No overlapping triangles here: off the aimed rays, two tracers choosing different triangles at the same t is
  // a rounding-level coincidence (0 seen).
  EXPECT_LE(c.random.ties + c.from_edges.ties, 3);
  EXPECT_LE(c.aimed.ties, c.aimed.rays / 100);  // 28 of 13564 seen
}

TEST(Bvh, MatchesEmbreeOnMunich) {
  const std::string xml = std::string(TARANG_SOURCE_DIR) + "/../shared/data/scenes/munich/munich.xml";
  if (!std::ifstream(xml)) GTEST_SKIP() << "munich scene not found at " << xml;
  // munich has coincident coplanar faces (z-fighting), so ties also occur on random rays (228 of 1e5 seen): each
  // is checked to be at equal t; more than 1 % would mean a real disagreement.
  const SceneMesh mesh = load_mitsuba_scene(xml);
  const EmbreeComparison c = compare_with_embree(mesh, build_bvh(mesh, 2));
  EXPECT_LE(c.random.ties, c.random.rays / 100);
  EXPECT_LE(c.from_edges.ties, c.from_edges.rays / 20);  // 325 of 2e4 seen
  EXPECT_LE(c.aimed.ties, c.aimed.rays / 10);            // 646 of 16397 seen
}

// The linear BVH (Morton order, raytrace/lbvh_build.h) under the same comparison: traversal and triangle tests are
// the same code, only the tree differs, so the same limits apply.
TEST(Lbvh, MatchesEmbreeOnAProceduralCity) {
  ProceduralCityOptions options;
  options.blocks_per_side = 60;
  const SceneMesh mesh = make_procedural_city(options);
  const EmbreeComparison c = compare_with_embree(mesh, build_lbvh(mesh, 2));
  EXPECT_LE(c.random.ties + c.from_edges.ties, 3);
  EXPECT_LE(c.aimed.ties, c.aimed.rays / 100);
}

TEST(Lbvh, MatchesEmbreeOnMunich) {
  const std::string xml = std::string(TARANG_SOURCE_DIR) + "/../shared/data/scenes/munich/munich.xml";
  if (!std::ifstream(xml)) GTEST_SKIP() << "munich scene not found at " << xml;
  const SceneMesh mesh = load_mitsuba_scene(xml);
  const EmbreeComparison c = compare_with_embree(mesh, build_lbvh(mesh, 2));
  EXPECT_LE(c.random.ties, c.random.rays / 100);
  EXPECT_LE(c.from_edges.ties, c.from_edges.rays / 20);
  EXPECT_LE(c.aimed.ties, c.aimed.rays / 10);
}

// A closed cube of side size_m centred on the origin, each face cut into n x n squares (2 triangles each), vertices
// shared by index; with `rotate`, turned by a random rotation and shifted so that no coordinate is special.
SceneMesh subdivided_cube(int n, float size_m, bool rotate, Rng& rng) {
  SceneMesh mesh;
  mesh.materials.push_back(SceneMaterial{"concrete", 0.2});
  mesh.object_names.push_back("cube");
  std::map<std::array<int, 3>, std::uint32_t> ids;
  std::vector<std::array<int, 3>> lattice;
  auto id = [&](std::array<int, 3> p) {
    auto [it, inserted] = ids.emplace(p, static_cast<std::uint32_t>(lattice.size()));
    if (inserted) lattice.push_back(p);
    return it->second;
  };
  for (int axis = 0; axis < 3; ++axis) {
    for (int side : {0, n}) {
      for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
          auto at = [&](int di, int dj) {
            std::array<int, 3> p{};
            p[axis] = side, p[(axis + 1) % 3] = i + di, p[(axis + 2) % 3] = j + dj;
            return id(p);
          };
          const std::uint32_t q[4] = {at(0, 0), at(1, 0), at(1, 1), at(0, 1)};
          const bool flip = side == 0;  // outward winding on both sides
          mesh.indices.insert(mesh.indices.end(), {q[0], q[flip ? 2 : 1], q[flip ? 1 : 2]});
          mesh.indices.insert(mesh.indices.end(), {q[0], q[flip ? 3 : 2], q[flip ? 2 : 3]});
          mesh.triangle_material.insert(mesh.triangle_material.end(), {0, 0});
          mesh.triangle_object.insert(mesh.triangle_object.end(), {0, 0});
        }
      }
    }
  }
  // Random rotation (normalised quaternion) and offset.
  std::normal_distribution<double> g(0, 1);
  double qw = 1, qx = 0, qy = 0, qz = 0;
  if (rotate) {
    qw = g(rng), qx = g(rng), qy = g(rng), qz = g(rng);
    const double norm = std::sqrt(qw * qw + qx * qx + qy * qy + qz * qz);
    qw /= norm, qx /= norm, qy /= norm, qz /= norm;
  }
  const double r[9] = {1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy - qz * qw), 2 * (qx * qz + qy * qw),
                       2 * (qx * qy + qz * qw), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz - qx * qw),
                       2 * (qx * qz - qy * qw), 2 * (qy * qz + qx * qw), 1 - 2 * (qx * qx + qy * qy)};
  const double shift = rotate ? 137.25 : 0.0;
  for (const auto& p : lattice) {
    const double c[3] = {(2.0 * p[0] / n - 1) * size_m / 2, (2.0 * p[1] / n - 1) * size_m / 2,
                         (2.0 * p[2] / n - 1) * size_m / 2};
    for (int k = 0; k < 3; ++k) {
      const double rotated = r[3 * k] * c[0] + r[3 * k + 1] * c[1] + r[3 * k + 2] * c[2];
      mesh.positions_m.push_back(static_cast<float>(rotated + shift));
    }
  }
  return mesh;
}

// Points exactly as float arithmetic places them: every vertex, then the middle and three random points of every
// shared edge (with the edge, for the silhouette check).
struct Target {
  Vec3<float> point;
  const SharedEdge* edge;  // null for a vertex
};

std::vector<Target> vertex_and_edge_targets(const SceneMesh& mesh, const std::vector<SharedEdge>& edges, Rng& rng) {
  std::vector<Target> targets;
  std::uniform_real_distribution<float> s(0, 1);
  for (std::uint32_t v = 0; v < mesh.vertex_count(); ++v) targets.push_back({vertex(mesh, v), nullptr});
  for (const SharedEdge& e : edges) {
    targets.push_back({point_on(e, 0.5f), &e});
    for (int k = 0; k < 3; ++k) targets.push_back({point_on(e, s(rng)), &e});
  }
  return targets;
}

TEST(Bvh, RaysAimedAtSharedEdgesAndVerticesOfClosedMeshesNeverMiss) {
  Rng rng(99);
  for (int trial = 0; trial < 4; ++trial) {
    const SceneMesh cube = subdivided_cube(9, 50.0f, true, rng);
    const BvhIntersector bvh(cube, 1);
    const auto b = cube.local_bounds();
    const Vec3<float> center{static_cast<float>((b[0] + b[3]) / 2), static_cast<float>((b[1] + b[4]) / 2),
                             static_cast<float>((b[2] + b[5]) / 2)};
    const std::vector<SharedEdge> edges = shared_edges(cube);
    const float scale_m = coordinate_scale_m(cube);
    int inside_rays = 0, outside_rays = 0;
    for (const Target& target : vertex_and_edge_targets(cube, edges, rng)) {
      const Vec3<float> p = target.point;
      // From inside the convex cube, every vertex and edge is surrounded by its triangles: the first surface is
      // the target itself.
      const float distance = length(p - center);
      const Hit hit = bvh.intersect(Ray{center, normalize(p - center), 0.0f, 1e30f});
      ASSERT_TRUE(is_hit(hit)) << "from inside towards " << p.x << " " << p.y << " " << p.z;
      ASSERT_NEAR(hit.t, distance, t_tolerance(distance, scale_m));
      ++inside_rays;
      // From outside, 200 m away in a random direction, through edges that are no silhouette from there: hit at
      // the target or before it.
      if (target.edge == nullptr) continue;
      const Vec3<float> origin = p + 200.0f * random_direction(rng);
      if (!covers_both_sides(*target.edge, p - origin)) continue;
      const float outside_distance = length(p - origin);
      const Hit outside = bvh.intersect(Ray{origin, normalize(p - origin), 0.0f, 1e30f});
      ASSERT_TRUE(is_hit(outside)) << "from outside towards " << p.x << " " << p.y << " " << p.z;
      ASSERT_LE(outside.t, outside_distance + t_tolerance(outside_distance, scale_m));
      ++outside_rays;
    }
    EXPECT_GT(inside_rays, 3000);
    EXPECT_GT(outside_rays, 1500);
  }
}

TEST(Bvh, AxisParallelRaysOnBoxPlanesHitEdgesAndCorners) {
  // Unrotated cube [-25, 25]^3 cut into 5 x 5 per face: vertical and horizontal rays through lattice points lie
  // in the planes of faces and of the root box, the case where the slab test meets 0 x inf.
  Rng rng(1);
  const SceneMesh cube = subdivided_cube(5, 50.0f, false, rng);
  const BvhIntersector bvh(cube, 1);
  int rays = 0;
  for (int i = 0; i <= 5; ++i) {
    for (int j = 0; j <= 5; ++j) {
      const float u = -25.0f + 10.0f * i, v = -25.0f + 10.0f * j;
      const Vec3<float> starts[6] = {{u, v, 60}, {u, v, -60}, {60, u, v}, {-60, u, v}, {u, 60, v}, {u, -60, v}};
      const Vec3<float> directions[6] = {{0, 0, -1}, {0, 0, 1}, {-1, 0, 0}, {1, 0, 0}, {0, -1, 0}, {0, 1, 0}};
      for (int k = 0; k < 6; ++k) {
        const Hit hit = bvh.intersect(Ray{starts[k], directions[k], 0.0f, 1e30f});
        ASSERT_TRUE(is_hit(hit)) << "lattice point " << i << " " << j << " direction " << k;
        EXPECT_NEAR(hit.t, 35.0f, 1e-5f);
        ++rays;
      }
      // Along a negative zero direction component, and from inside the cube through its faces' lattice points.
      EXPECT_TRUE(is_hit(bvh.intersect(Ray{{u, v, 60}, {-0.0f, -0.0f, -1}, 0.0f, 1e30f})));
      if (i > 0 && i < 5 && j > 0 && j < 5) {
        const Hit up = bvh.intersect(Ray{{u, v, 0}, {0, 0, 1}, 0.0f, 1e30f});
        ASSERT_TRUE(is_hit(up));
        EXPECT_NEAR(up.t, 25.0f, 1e-5f);
      }
    }
  }
  EXPECT_EQ(rays, 216);
}

TEST(Bvh, RaysFromInsideAProceduralBuildingNeverEscape) {
  // Building (0, 0) of a 2 x 2 city stands on the ground: from its inside, every vertex and edge point of its walls
  // and roof is reached without slipping through a seam (walls meet the ground plane, which covers z = 0).
  ProceduralCityOptions options;
  options.blocks_per_side = 2;
  const SceneMesh city = make_procedural_city(options);
  SceneMesh building;
  for (std::uint32_t t = 0; t < city.triangle_count(); ++t) {
    if (city.triangle_object[t] != 0) continue;
    for (int k = 0; k < 3; ++k) {
      const Vec3<float> p = corner(city, t, k);
      building.positions_m.insert(building.positions_m.end(), {p.x, p.y, p.z});
      building.indices.push_back(static_cast<std::uint32_t>(building.indices.size()));
    }
  }
  ASSERT_EQ(building.indices.size(), 30u);
  const BvhIntersector bvh(city, 1);
  const float scale_m = coordinate_scale_m(city);
  Rng rng(5);
  std::uniform_real_distribution<float> inside_xy(1, 39), inside_z(1, 9);
  int rays = 0;
  const std::vector<SharedEdge> edges = shared_edges(building);
  for (const Target& target : vertex_and_edge_targets(building, edges, rng)) {
    for (int k = 0; k < 10; ++k) {
      const Vec3<float> origin{inside_xy(rng), inside_xy(rng), inside_z(rng)};
      const float distance = length(target.point - origin);
      const Hit hit = bvh.intersect(Ray{origin, normalize(target.point - origin), 0.0f, 1e30f});
      ASSERT_TRUE(is_hit(hit));
      ASSERT_NEAR(hit.t, distance, t_tolerance(distance, scale_m));
      ++rays;
    }
  }
  EXPECT_GT(rays, 300);
}

TEST(Bvh, OccludedAgreesWithTheClosestHit) {
  ProceduralCityOptions options;
  options.blocks_per_side = 20;
  const SceneMesh city = make_procedural_city(options);
  const BvhIntersector bvh(city, 2);
  Rng rng(8);
  std::uniform_real_distribution<float> xy(-100, 1300), z(0, 90);
  int hits = 0;
  for (int i = 0; i < 20000; ++i) {
    const Ray ray{{xy(rng), xy(rng), z(rng)}, random_direction(rng), 0.0f, 1e30f};
    const Hit hit = bvh.intersect(ray);
    ASSERT_EQ(bvh.occluded(ray), is_hit(hit)) << i;
    if (!is_hit(hit)) continue;
    ++hits;
    // Nothing is nearer than the closest hit; it is inside a slightly longer segment.
    EXPECT_FALSE(bvh.occluded(Ray{ray.origin, ray.direction, 0.0f, 0.999f * hit.t})) << i;
    EXPECT_TRUE(bvh.occluded(Ray{ray.origin, ray.direction, 0.0f, 1.001f * hit.t})) << i;
    // Starting just past the closest hit finds a farther one or nothing.
    const Hit next = bvh.intersect(Ray{ray.origin, ray.direction, 1.001f * hit.t, 1e30f});
    if (is_hit(next)) {
      EXPECT_GT(next.t, hit.t) << i;
    }
  }
  EXPECT_GT(hits, 5000);
}

// Records every deposit of trace_sbr_ray: position, path length, |cos| and carried V power.
struct RecordingSink {
  std::vector<std::array<float, 5>> deposits;
  void deposit(float x_m, float y_m, float length_m, float, float, float, const JonesFrame& frame, float cos_abs,
               const float*) {
    deposits.push_back({x_m, y_m, length_m, cos_abs, carried_power(frame, Complex<float>{1, 0}, Complex<float>{0, 0})});
  }
};

TEST(Bvh, TraceSbrRayDepositsTheSameAsWithEmbree) {
  ProceduralCityOptions options;
  options.blocks_per_side = 8;
  const SceneMesh city = make_procedural_city(options);
  const EmbreeIntersector embree(city);
  const BvhIntersector bvh(city, 1);
  constexpr double kFrequency_hz = 3.5e9;
  std::vector<SurfaceMaterial> materials;
  for (const SceneMaterial& m : city.materials) {
    materials.push_back(surface_material_of(m.name, m.thickness_m, kFrequency_hz, m.name == "medium_dry_ground"));
  }
  SbrParams p{};
  p.ray_count = 20000;
  for (int i = 0; i < 9; ++i) p.rotation[i] = (i % 4 == 0) ? 1.0f : 0.0f;
  p.tx_m = {30, 30, 100};
  p.max_depth = 3;
  p.transmission = 1;
  p.min_power = 1e-12f;
  p.frequency_hz = static_cast<float>(kFrequency_hz);
  p.plane_z_m = 1.5f;
  p.grid_west_m = -100, p.grid_north_m = 600, p.cell_m = 5, p.nx = 140, p.ny = 140;
  p.triangle_material = city.triangle_material.data();
  p.materials = materials.data();

  const BvhView view = bvh.view();
  std::size_t deposits = 0, segments = 0;
  int differing_rays = 0;
  for (std::uint64_t i = 0; i < p.ray_count; ++i) {
    RecordingSink with_embree, with_bvh;
    const std::uint32_t embree_segments = trace_sbr_ray(i, p, embree, with_embree);
    const std::uint32_t bvh_segments = trace_sbr_ray(i, p, view, with_bvh);
    segments += bvh_segments;
    deposits += with_bvh.deposits.size();
    bool same = embree_segments == bvh_segments && with_embree.deposits.size() == with_bvh.deposits.size();
    for (std::size_t k = 0; same && k < with_bvh.deposits.size(); ++k) {
      const auto& a = with_embree.deposits[k];
      const auto& b = with_bvh.deposits[k];
      // Positions and lengths to 1 mm over up to ~2 km of path; |cos| and power to 1e-4 relative.
      same = std::fabs(a[0] - b[0]) < 1e-3f && std::fabs(a[1] - b[1]) < 1e-3f && std::fabs(a[2] - b[2]) < 1e-3f &&
             std::fabs(a[3] - b[3]) <= 1e-4f * a[3] && std::fabs(a[4] - b[4]) <= 1e-4f * a[4] + 1e-30f;
    }
    differing_rays += same ? 0 : 1;
  }
  EXPECT_GT(deposits, 10000u);
  EXPECT_GT(segments, 2 * p.ray_count);  // half the rays leave upwards in one segment; the rest bounce
  // Only a ray through an exact tie between two non-coplanar triangles (measure zero) may reflect differently.
  EXPECT_EQ(differing_rays, 0);
}

}  // namespace
}  // namespace tarang

// Tests for extrude_buildings: triangle counts, closed prisms, outward normals, holes, materials, terrain bases.
#include "scene/extrude_buildings.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "scene/mesh_checks.h"
#include "tests/scene/gis_test_support.h"

namespace tarang {
namespace {

using test::closed_by_index;
using test::object_id;
using test::object_triangle_count;

constexpr double kX0 = 781000, kY0 = 1435000;

std::vector<PlanPoint> ring(std::initializer_list<std::pair<double, double>> points) {
  std::vector<PlanPoint> out;
  for (const auto& [x, y] : points) out.push_back({kX0 + x, kY0 + y});
  return out;
}

std::vector<PlanPoint> box(double x0, double y0, double x1, double y1) {
  return ring({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}});
}

std::vector<PlanPoint> reversed(std::vector<PlanPoint> r) {
  std::reverse(r.begin(), r.end());
  return r;
}

BuildingFootprint building(const std::string& id, std::vector<FootprintPolygon> polygons, double height_m,
                           double min_height_m = 0) {
  BuildingFootprint b;
  b.id = id;
  b.polygons = std::move(polygons);
  b.height_m = height_m;
  b.min_height_m = min_height_m;
  b.wall_material = "brick";
  b.roof_material = "glass";
  return b;
}

std::vector<BuildingFootprint> test_buildings() {
  return {
      building("square", {{box(0, 0, 10, 10), {}}}, 12),
      building("l_shape", {{ring({{20, 0}, {40, 0}, {40, 10}, {30, 10}, {30, 20}, {20, 20}}), {}}}, 12),
      building("courtyard", {{box(50, 0, 80, 30), {reversed(box(60, 10, 70, 20))}}}, 9),
      building("multi", {{box(0, 40, 10, 50), {}}, {box(20, 40, 30, 50), {}}}, 6),
      // A repaired bow-tie: two triangles touching at (45, 45).
      building("bowtie", {{ring({{40, 40}, {50, 40}, {45, 45}}), {}}, {ring({{45, 45}, {50, 50}, {40, 50}}), {}}}, 5),
      building("raised", {{box(140, 40, 150, 50), {}}}, 8, 3),
  };
}

SceneMesh extrude(const std::vector<BuildingFootprint>& buildings, const ExtrudeOptions& options,
                  SceneBuildStats& stats) {
  SceneMesh mesh;
  mesh.origin_x_m = kX0 + 75;
  mesh.origin_y_m = kY0 + 25;
  extrude_buildings(buildings, options, mesh, stats);
  return mesh;
}

TEST(ExtrudeBuildings, TriangleCounts) {
  SceneBuildStats stats;
  const SceneMesh mesh = extrude(test_buildings(), {}, stats);
  EXPECT_EQ(stats.buildings, 6u);
  EXPECT_EQ(stats.skipped, 0u);
  ASSERT_EQ(mesh.object_names.size(), 6u);
  EXPECT_EQ(object_triangle_count(mesh, object_id(mesh, "square")), 8u + 2u);      // 4 walls, 2 roof
  EXPECT_EQ(object_triangle_count(mesh, object_id(mesh, "l_shape")), 12u + 4u);    // 6 walls, 4 roof
  EXPECT_EQ(object_triangle_count(mesh, object_id(mesh, "courtyard")), 16u + 8u);  // 8 walls, 8 roof
  EXPECT_EQ(object_triangle_count(mesh, object_id(mesh, "multi")), 2u * 10u);
  EXPECT_EQ(object_triangle_count(mesh, object_id(mesh, "bowtie")), 2u * (6u + 1u));
  EXPECT_EQ(object_triangle_count(mesh, object_id(mesh, "raised")), 8u + 2u + 2u);  // floor under a raised part
  EXPECT_EQ(degenerate_triangle_count(mesh), 0u);

  SceneBuildStats closed_stats;
  const SceneMesh closed = extrude(test_buildings(), {BuildingFloors::always, nullptr}, closed_stats);
  EXPECT_EQ(object_triangle_count(closed, object_id(closed, "square")), 12u);
  EXPECT_EQ(object_triangle_count(closed, object_id(closed, "courtyard")), 32u);
}

TEST(ExtrudeBuildings, PrismsAreClosedWithSharedVertices) {
  SceneBuildStats stats;
  const SceneMesh closed = extrude(test_buildings(), {BuildingFloors::always, nullptr}, stats);
  for (std::uint32_t o = 0; o < closed.object_names.size(); ++o) {
    EXPECT_TRUE(closed_by_index(closed, o)) << closed.object_names[o];
  }
  // Vertex positions welded: closed too, except the bow-tie whose two prisms share a vertical edge.
  for (const char* name : {"square", "l_shape", "courtyard", "multi", "raised"}) {
    EXPECT_TRUE(is_watertight(closed, object_id(closed, name))) << name;
  }

  const SceneMesh open = extrude(test_buildings(), {}, stats);
  const double ground = 0;
  for (std::uint32_t o = 0; o < open.object_names.size(); ++o) {
    EXPECT_TRUE(closed_by_index(open, o, &ground)) << open.object_names[o];
    EXPECT_FALSE(closed_by_index(open, o) && open.object_names[o] != "raised") << open.object_names[o];
  }
  EXPECT_TRUE(closed_by_index(open, object_id(open, "raised")));  // raised: its floor closes it
}

TEST(ExtrudeBuildings, NormalsFaceOutward) {
  SceneBuildStats stats;
  const SceneMesh mesh = extrude(test_buildings(), {BuildingFloors::always, nullptr}, stats);
  EXPECT_NEAR(signed_volume_m3(mesh, object_id(mesh, "square")), 100.0 * 12, 1e-2);
  EXPECT_NEAR(signed_volume_m3(mesh, object_id(mesh, "l_shape")), 300.0 * 12, 1e-2);
  EXPECT_NEAR(signed_volume_m3(mesh, object_id(mesh, "courtyard")), 800.0 * 9, 1e-2);
  EXPECT_NEAR(signed_volume_m3(mesh, object_id(mesh, "multi")), 200.0 * 6, 1e-2);
  EXPECT_NEAR(signed_volume_m3(mesh, object_id(mesh, "bowtie")), 50.0 * 5, 1e-2);
  EXPECT_NEAR(signed_volume_m3(mesh, object_id(mesh, "raised")), 100.0 * 5, 1e-2);

  // Floorless (the default): the volume down to the base plane is the same.
  const SceneMesh open = extrude(test_buildings(), {}, stats);
  EXPECT_NEAR(signed_volume_m3(open, object_id(open, "courtyard")), 800.0 * 9, 1e-2);
}

TEST(ExtrudeBuildings, RoofLeavesTheCourtyardOpenAndUsesTheRoofMaterial) {
  SceneBuildStats stats;
  const SceneMesh mesh = extrude(test_buildings(), {}, stats);
  const std::uint32_t courtyard = object_id(mesh, "courtyard");
  std::size_t roof = 0;
  for (std::size_t t = 0; t < mesh.triangle_count(); ++t) {
    if (mesh.triangle_object[t] != courtyard) continue;
    double cx = 0, cy = 0, zmin = 1e9, zmax = -1e9;
    for (int c = 0; c < 3; ++c) {
      const float* p = &mesh.positions_m[3 * std::size_t{mesh.indices[3 * t + c]}];
      cx += (p[0] + mesh.origin_x_m - kX0) / 3;
      cy += (p[1] + mesh.origin_y_m - kY0) / 3;
      zmin = std::min<double>(zmin, p[2]);
      zmax = std::max<double>(zmax, p[2]);
    }
    const std::string& material = mesh.materials[mesh.triangle_material[t]].name;
    if (zmin == 9 && zmax == 9) {
      ++roof;
      EXPECT_EQ(material, "glass");
      EXPECT_FALSE(cx > 60 && cx < 70 && cy > 10 && cy < 20) << "roof triangle over the courtyard";
    } else {
      EXPECT_EQ(material, "brick");
    }
  }
  EXPECT_EQ(roof, 8u);
}

TEST(ExtrudeBuildings, VerticesAreLocalToTheOrigin) {
  SceneBuildStats stats;
  const SceneMesh mesh = extrude(test_buildings(), {}, stats);
  const auto bounds = mesh.local_bounds();
  EXPECT_NEAR(bounds[0], -75, 1e-4);  // x: 781000 - (781000 + 75)
  EXPECT_NEAR(bounds[3], 150 - 75, 1e-4);
  EXPECT_NEAR(bounds[1], -25, 1e-4);
  EXPECT_NEAR(bounds[5], 12, 1e-6);
}

TEST(ExtrudeBuildings, BasesSitOnTheLowestTerrainUnderTheFootprint) {
  // A plane rising 0.5 m per metre east and 0.25 m per metre north, from 100 m at (kX0 - 10, kY0 - 10).
  const int columns = 201, rows = 101;
  std::vector<float> heights;
  for (int j = 0; j < rows; ++j) {
    for (int i = 0; i < columns; ++i) heights.push_back(static_cast<float>(100 + 0.5 * i + 0.25 * j));
  }
  const TerrainDem terrain(kX0 - 10, kY0 - 10, 1.0, columns, rows, heights);
  SceneBuildStats stats;
  const SceneMesh mesh = extrude(test_buildings(), {BuildingFloors::raised_only, &terrain}, stats);
  auto lowest_z = [&](const std::string& name) {
    const std::uint32_t o = object_id(mesh, name);
    double z = 1e9;
    for (std::size_t t = 0; t < mesh.triangle_count(); ++t) {
      if (mesh.triangle_object[t] != o) continue;
      for (int c = 0; c < 3; ++c)
        z = std::min<double>(z, mesh.positions_m[3 * std::size_t{mesh.indices[3 * t + c]} + 2]);
    }
    return z;
  };
  EXPECT_NEAR(lowest_z("square"), 100 + 0.5 * 10 + 0.25 * 10, 1e-4);       // its south-west corner (0, 0)
  EXPECT_NEAR(lowest_z("courtyard"), 100 + 0.5 * 60 + 0.25 * 10, 1e-4);    // corner (50, 0)
  EXPECT_NEAR(lowest_z("raised"), 100 + 0.5 * 150 + 0.25 * 50 + 3, 1e-4);  // (140, 40) plus min_height
  const double square_base = 107.5;
  EXPECT_TRUE(closed_by_index(mesh, object_id(mesh, "square"), &square_base));
}

}  // namespace
}  // namespace tarang

// Tests for triangulate_polygon (GEOS constrained Delaunay): coverage, orientation, holes, concave shapes.
#include "scene/polygon_triangulation.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tarang {
namespace {

std::vector<PlanPoint> ring(std::initializer_list<std::pair<double, double>> points, double dx = 0, double dy = 0) {
  std::vector<PlanPoint> out;
  for (const auto& [x, y] : points) out.push_back({x + dx, y + dy});
  return out;
}

std::vector<PlanPoint> all_vertices(const FootprintPolygon& polygon) {
  std::vector<PlanPoint> out = polygon.outer;
  for (const auto& hole : polygon.holes) out.insert(out.end(), hole.begin(), hole.end());
  return out;
}

double twice_area(const PlanPoint& a, const PlanPoint& b, const PlanPoint& c) {
  return (b.x_m - a.x_m) * (c.y_m - a.y_m) - (c.x_m - a.x_m) * (b.y_m - a.y_m);
}

bool inside(const std::vector<PlanPoint>& r, const PlanPoint& p) {
  bool in = false;
  for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
    if ((r[i].y_m > p.y_m) != (r[j].y_m > p.y_m) &&
        p.x_m < (r[j].x_m - r[i].x_m) * (p.y_m - r[i].y_m) / (r[j].y_m - r[i].y_m) + r[i].x_m) {
      in = !in;
    }
  }
  return in;
}

// Checks count, orientation, total area and that every centroid lies in the polygon and outside its holes.
void expect_covers(const FootprintPolygon& polygon, std::size_t triangles_expected, double area_expected) {
  const auto triangles = triangulate_polygon(polygon);
  const auto v = all_vertices(polygon);
  ASSERT_EQ(triangles.size(), triangles_expected);
  double area = 0;
  for (const auto& t : triangles) {
    for (const std::uint32_t i : t) ASSERT_LT(i, v.size());
    const double a2 = twice_area(v[t[0]], v[t[1]], v[t[2]]);
    EXPECT_GT(a2, 0) << "triangle not counter-clockwise";
    area += a2 / 2;
    const PlanPoint centroid{(v[t[0]].x_m + v[t[1]].x_m + v[t[2]].x_m) / 3,
                             (v[t[0]].y_m + v[t[1]].y_m + v[t[2]].y_m) / 3};
    EXPECT_TRUE(inside(polygon.outer, centroid));
    for (const auto& hole : polygon.holes) EXPECT_FALSE(inside(hole, centroid)) << "triangle inside a hole";
  }
  EXPECT_NEAR(area, area_expected, 1e-9 * area_expected);
}

TEST(TriangulatePolygon, Square) { expect_covers({ring({{0, 0}, {10, 0}, {10, 10}, {0, 10}}), {}}, 2, 100); }

TEST(TriangulatePolygon, LShape) {
  expect_covers({ring({{0, 0}, {20, 0}, {20, 10}, {10, 10}, {10, 20}, {0, 20}}), {}}, 4, 300);
}

TEST(TriangulatePolygon, CombWithDeepNotches) {
  expect_covers({ring({{0, 0},
                       {30, 0},
                       {30, 20},
                       {25, 20},
                       {25, 2},
                       {20, 2},
                       {20, 20},
                       {15, 20},
                       {15, 2},
                       {10, 2},
                       {10, 20},
                       {0, 20}}),
                 {}},
                10, 30 * 2 + 10 * 18 + 5 * 18 + 5 * 18);
}

TEST(TriangulatePolygon, CourtyardHoleIsLeftOpen) {
  // n + 2h - 2 triangles for n vertices and h holes.
  expect_covers({ring({{0, 0}, {30, 0}, {30, 30}, {0, 30}}), {ring({{10, 10}, {10, 20}, {20, 20}, {20, 10}})}}, 8, 800);
}

TEST(TriangulatePolygon, TwoHolesAtUtmCoordinates) {
  const double x = 781000, y = 1435000;
  expect_covers(
      {ring({{0, 0}, {50, 0}, {50, 20}, {0, 20}}, x, y),
       {ring({{5, 5}, {5, 15}, {15, 15}, {15, 5}}, x, y), ring({{30, 5}, {30, 15}, {40, 15}, {40, 5}}, x, y)}},
      4 + 4 + 4 + 4 - 2, 1000 - 200);
}

}  // namespace
}  // namespace tarang

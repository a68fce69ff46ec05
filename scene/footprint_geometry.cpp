// Footprint geometry: reprojection, coordinate checks, GEOS repair (through OGR) and ring cleaning.
#include "scene/footprint_geometry.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace tarang {
namespace {

// Each ring of each polygon of a multipolygon, for coordinate checks.
template <typename RingFn>
void for_each_ring(const OGRMultiPolygon& polygons, RingFn&& fn) {
  for (const OGRPolygon* polygon : polygons) {
    for (const OGRLinearRing* ring : *polygon) fn(*ring);
  }
}

// "" when every coordinate is finite and (when `limit` > 0) within +-limit, else what is wrong.
std::string coordinate_problem(const OGRMultiPolygon& polygons, double limit) {
  std::string problem;
  for_each_ring(polygons, [&](const OGRLinearRing& ring) {
    for (int i = 0; i < ring.getNumPoints() && problem.empty(); ++i) {
      const double x = ring.getX(i), y = ring.getY(i);
      if (!std::isfinite(x) || !std::isfinite(y)) {
        problem = "a coordinate is not finite";
      } else if (limit > 0 && (std::abs(x) > limit || std::abs(y) > limit)) {
        std::ostringstream text;
        text << "projected coordinate (" << x << ", " << y << ") is absurd (beyond " << limit << " m)";
        problem = text.str();
      }
    }
  });
  return problem;
}

// Moves the polygons of any geometry (polygon, multipolygon, nested collections) into `out`.
void collect_polygons(const OGRGeometry& geometry, OGRMultiPolygon& out) {
  const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
  if (type == wkbPolygon) {
    out.addGeometry(&geometry);
  } else if (OGR_GT_IsSubClassOf(type, wkbGeometryCollection)) {
    for (const OGRGeometry* part : *geometry.toGeometryCollection()) collect_polygons(*part, out);
  }
}

double distance(const PlanPoint& a, const PlanPoint& b) { return std::hypot(a.x_m - b.x_m, a.y_m - b.y_m); }

// Drops vertices closer than the tolerance to their predecessor or to the line through their neighbours (which
// also removes zero-width spikes); returns whether any vertex was dropped.
bool clean_ring(std::vector<PlanPoint>& ring) {
  bool removed_any = false;
  bool removed = true;
  while (removed && ring.size() >= 3) {
    removed = false;
    for (std::size_t i = 0; i < ring.size() && ring.size() >= 3; ++i) {
      const PlanPoint& prev = ring[(i + ring.size() - 1) % ring.size()];
      const PlanPoint& cur = ring[i];
      const PlanPoint& next = ring[(i + 1) % ring.size()];
      const double base = distance(prev, next);
      const double offset =
          base < kVertexTolerance_m
              ? 0.0
              : std::abs((next.x_m - prev.x_m) * (cur.y_m - prev.y_m) - (next.y_m - prev.y_m) * (cur.x_m - prev.x_m)) /
                    base;
      if (distance(prev, cur) < kVertexTolerance_m || offset < kVertexTolerance_m) {
        ring.erase(ring.begin() + static_cast<std::ptrdiff_t>(i));
        removed = removed_any = true;
        --i;
      }
    }
  }
  return removed_any;
}

// An open ring from an OGR ring (closing vertex dropped).
std::vector<PlanPoint> open_ring(const OGRLinearRing& ring) {
  std::vector<PlanPoint> points;
  points.reserve(static_cast<std::size_t>(ring.getNumPoints()));
  for (int i = 0; i < ring.getNumPoints(); ++i) points.push_back({ring.getX(i), ring.getY(i)});
  if (points.size() > 1 && points.front().x_m == points.back().x_m && points.front().y_m == points.back().y_m) {
    points.pop_back();
  }
  return points;
}

// Cleans and orients a ring; false when it is degenerate (fewer than 3 vertices or under min_area_m2).
bool usable_ring(std::vector<PlanPoint>& ring, bool counter_clockwise, double min_area_m2, bool& changed) {
  changed = clean_ring(ring) || changed;
  if (ring.size() < 3) return false;
  const double area = signed_area_m2(ring);
  if (std::abs(area) < min_area_m2) return false;
  if ((area > 0) != counter_clockwise) std::reverse(ring.begin(), ring.end());
  return true;
}

// Cleaned polygons of a multipolygon; `changed` is set when anything was removed.
std::vector<FootprintPolygon> cleaned_polygons(const OGRMultiPolygon& polygons, double min_area_m2, bool& changed) {
  std::vector<FootprintPolygon> out;
  for (const OGRPolygon* polygon : polygons) {
    if (polygon->IsEmpty()) continue;
    FootprintPolygon part;
    part.outer = open_ring(*polygon->getExteriorRing());
    if (!usable_ring(part.outer, true, min_area_m2, changed)) {
      changed = true;
      continue;
    }
    for (int h = 0; h < polygon->getNumInteriorRings(); ++h) {
      std::vector<PlanPoint> hole = open_ring(*polygon->getInteriorRing(h));
      if (usable_ring(hole, false, min_area_m2, changed)) {
        part.holes.push_back(std::move(hole));
      } else {
        changed = true;
      }
    }
    out.push_back(std::move(part));
  }
  return out;
}

OGRLinearRing closed_ring(const std::vector<PlanPoint>& points) {
  OGRLinearRing ring;
  for (const PlanPoint& p : points) ring.addPoint(p.x_m, p.y_m);
  ring.closeRings();
  return ring;
}

OGRMultiPolygon to_ogr(const std::vector<FootprintPolygon>& polygons) {
  OGRMultiPolygon out;
  for (const FootprintPolygon& part : polygons) {
    OGRPolygon polygon;
    OGRLinearRing outer = closed_ring(part.outer);
    polygon.addRing(&outer);
    for (const auto& hole_points : part.holes) {
      OGRLinearRing hole = closed_ring(hole_points);
      polygon.addRing(&hole);
    }
    out.addGeometry(&polygon);
  }
  return out;
}

// The polygons with rings of fewer than 3 distinct vertices dropped (GEOS rejects them) and every ring closed
// (OSM extracts can cut rings open); `changed` is set when a ring was dropped.
OGRMultiPolygon without_short_rings(const OGRMultiPolygon& polygons, bool& changed) {
  std::vector<FootprintPolygon> kept;
  for (const OGRPolygon* polygon : polygons) {
    if (polygon->IsEmpty()) continue;
    FootprintPolygon part;
    part.outer = open_ring(*polygon->getExteriorRing());
    if (part.outer.size() < 3) {
      changed = true;
      continue;
    }
    for (int h = 0; h < polygon->getNumInteriorRings(); ++h) {
      std::vector<PlanPoint> hole = open_ring(*polygon->getInteriorRing(h));
      if (hole.size() >= 3) {
        part.holes.push_back(std::move(hole));
      } else {
        changed = true;
      }
    }
    kept.push_back(std::move(part));
  }
  return to_ogr(kept);
}

// OGRGeometry::IsValid without GDAL's warning naming the reason (the repair is counted instead).
bool is_valid(const OGRGeometry& geometry) {
  const gdal::QuietScope quiet;
  return geometry.IsValid();
}

// The polygons of MakeValid's result (which may also hold lines and points from collapsed parts).
OGRMultiPolygon made_valid(const OGRGeometry& geometry) {
  OGRMultiPolygon out;
  gdal::GeometryPtr valid(geometry.MakeValid());
  if (valid) collect_polygons(*valid, out);
  return out;
}

}  // namespace

bool is_polygonal(const OGRGeometry& geometry) {
  const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
  if (OGR_GT_IsSurface(type)) return true;
  if (!OGR_GT_IsSubClassOf(type, wkbGeometryCollection)) return false;
  for (const OGRGeometry* part : *geometry.toGeometryCollection()) {
    if (is_polygonal(*part)) return true;
  }
  return false;
}

double signed_area_m2(const std::vector<PlanPoint>& ring) {
  double twice = 0;
  for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
    const PlanPoint& a = ring[i];
    const PlanPoint& b = ring[(i + 1) % n];
    twice += a.x_m * b.y_m - b.x_m * a.y_m;
  }
  return 0.5 * twice;
}

CleanFootprintGeometry project_and_clean(const OGRGeometry& geometry, OGRCoordinateTransformation& transform,
                                         double min_area_m2) {
  CleanFootprintGeometry out;
  gdal::GeometryPtr linear(geometry.getLinearGeometry());  // curves become line strings; a copy either way
  if (!linear) {
    out.problem = "geometry cannot be read";
    return out;
  }
  linear->flattenTo2D();
  OGRMultiPolygon polygons;
  collect_polygons(*linear, polygons);
  out.problem = coordinate_problem(polygons, 0);
  if (out.problem.empty() && polygons.transform(&transform) != OGRERR_NONE) {
    out.problem = "cannot be transformed to the scene CRS";
  }
  if (out.problem.empty()) out.problem = coordinate_problem(polygons, kMaxAbsCoordinate_m);
  if (!out.problem.empty()) return out;

  bool changed = false;
  polygons = without_short_rings(polygons, changed);
  if (!polygons.IsEmpty() && !is_valid(polygons)) {
    polygons = made_valid(polygons);
    changed = true;
  }
  out.polygons = cleaned_polygons(polygons, min_area_m2, changed);
  if (changed && !out.polygons.empty()) {
    // Dropping vertices can (rarely) make rings touch or cross: repair once more, then give up.
    OGRMultiPolygon rebuilt = to_ogr(out.polygons);
    if (!is_valid(rebuilt)) {
      out.polygons = cleaned_polygons(made_valid(rebuilt), min_area_m2, changed);
      if (!out.polygons.empty() && !is_valid(to_ogr(out.polygons))) out.polygons.clear();
    }
  }
  if (out.polygons.empty()) {
    std::ostringstream text;
    text << "polygon is degenerate (no part of at least " << min_area_m2 << " m^2 after repair)";
    out.problem = text.str();
  }
  out.repaired = changed;
  return out;
}

}  // namespace tarang

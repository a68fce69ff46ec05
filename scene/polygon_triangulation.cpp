// Polygon triangulation through the GEOS C API (reentrant, one context per thread; errors become RuntimeFailure).
#include "scene/polygon_triangulation.h"

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.h"
#include "scene/footprint_geometry.h"

namespace tarang {
namespace {

// A GEOS context for the calling thread that records the last error message instead of printing it.
class GeosContext {
 public:
  GeosContext() : handle_(GEOS_init_r()) {
    if (handle_ == nullptr) throw RuntimeFailure("GEOS: cannot create a context");
    GEOSContext_setErrorMessageHandler_r(handle_, record, &last_error_);
    GEOSContext_setNoticeMessageHandler_r(handle_, ignore, nullptr);
  }
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;
  ~GeosContext() { GEOS_finish_r(handle_); }

  GEOSContextHandle_t get() const { return handle_; }

  [[noreturn]] void fail(std::string_view operation) {
    std::string message = "GEOS: " + std::string(operation) + " failed";
    if (!last_error_.empty()) message += ": " + std::exchange(last_error_, std::string());
    throw RuntimeFailure(message);
  }

 private:
  static void record(const char* message, void* last_error) {
    *static_cast<std::string*>(last_error) = message != nullptr ? message : "";
  }
  static void ignore(const char* /*message*/, void* /*unused*/) {}

  GEOSContextHandle_t handle_;
  std::string last_error_;
};

GeosContext& thread_context() {
  thread_local GeosContext context;
  return context;
}

struct GeometryDeleter {
  GEOSContextHandle_t handle;
  void operator()(GEOSGeometry* geometry) const { GEOSGeom_destroy_r(handle, geometry); }
};
using GeometryPtr = std::unique_ptr<GEOSGeometry, GeometryDeleter>;

// A closed GEOS linear ring through the open ring `points`.
GeometryPtr linear_ring(GeosContext& geos, const std::vector<PlanPoint>& points) {
  const auto n = static_cast<unsigned>(points.size());
  GEOSCoordSequence* sequence = GEOSCoordSeq_create_r(geos.get(), n + 1, 2);
  if (sequence == nullptr) geos.fail("creating a coordinate sequence");
  for (unsigned i = 0; i <= n; ++i) {
    const PlanPoint& p = points[i % n];
    GEOSCoordSeq_setXY_r(geos.get(), sequence, i, p.x_m, p.y_m);
  }
  GEOSGeometry* ring = GEOSGeom_createLinearRing_r(geos.get(), sequence);  // takes the sequence
  if (ring == nullptr) geos.fail("creating a linear ring");
  return GeometryPtr(ring, GeometryDeleter{geos.get()});
}

GeometryPtr geos_polygon(GeosContext& geos, const FootprintPolygon& polygon) {
  GeometryPtr shell = linear_ring(geos, polygon.outer);
  std::vector<GeometryPtr> holes;
  for (const auto& hole : polygon.holes) holes.push_back(linear_ring(geos, hole));
  std::vector<GEOSGeometry*> hole_pointers;
  for (auto& hole : holes) hole_pointers.push_back(hole.release());  // GEOS takes the rings
  GEOSGeometry* out = GEOSGeom_createPolygon_r(geos.get(), shell.release(), hole_pointers.data(),
                                               static_cast<unsigned>(hole_pointers.size()));
  if (out == nullptr) geos.fail("creating a polygon");
  return GeometryPtr(out, GeometryDeleter{geos.get()});
}

double twice_signed_area(const PlanPoint& a, const PlanPoint& b, const PlanPoint& c) {
  return (b.x_m - a.x_m) * (c.y_m - a.y_m) - (c.x_m - a.x_m) * (b.y_m - a.y_m);
}

}  // namespace

std::vector<std::array<std::uint32_t, 3>> triangulate_polygon(const FootprintPolygon& polygon) {
  // Vertex numbering: outer ring, then holes; positions map back to their first index.
  std::map<std::pair<double, double>, std::uint32_t> index_of;
  std::vector<PlanPoint> vertices;
  double expected_area_m2 = std::abs(signed_area_m2(polygon.outer));
  auto add_ring = [&](const std::vector<PlanPoint>& ring) {
    for (const PlanPoint& p : ring) {
      index_of.emplace(std::make_pair(p.x_m, p.y_m), static_cast<std::uint32_t>(vertices.size()));
      vertices.push_back(p);
    }
  };
  add_ring(polygon.outer);
  for (const auto& hole : polygon.holes) {
    add_ring(hole);
    expected_area_m2 -= std::abs(signed_area_m2(hole));
  }

  GeosContext& geos = thread_context();
  const GeometryPtr input = geos_polygon(geos, polygon);
  GEOSGeometry* raw = GEOSConstrainedDelaunayTriangulation_r(geos.get(), input.get());
  if (raw == nullptr) geos.fail("constrained Delaunay triangulation");
  const GeometryPtr triangles(raw, GeometryDeleter{geos.get()});

  std::vector<std::array<std::uint32_t, 3>> out;
  double covered_m2 = 0;
  const int count = GEOSGetNumGeometries_r(geos.get(), triangles.get());
  for (int t = 0; t < count; ++t) {
    const GEOSGeometry* ring = GEOSGetExteriorRing_r(geos.get(), GEOSGetGeometryN_r(geos.get(), triangles.get(), t));
    const GEOSCoordSequence* sequence = ring != nullptr ? GEOSGeom_getCoordSeq_r(geos.get(), ring) : nullptr;
    if (sequence == nullptr) geos.fail("reading a triangle");
    std::array<std::uint32_t, 3> triangle{};
    for (unsigned k = 0; k < 3; ++k) {
      double x = 0, y = 0;
      GEOSCoordSeq_getXY_r(geos.get(), sequence, k, &x, &y);
      const auto found = index_of.find({x, y});
      if (found == index_of.end()) {
        throw RuntimeFailure("GEOS: constrained Delaunay triangulation added a vertex the polygon does not have");
      }
      triangle[k] = found->second;
    }
    const double twice_area = twice_signed_area(vertices[triangle[0]], vertices[triangle[1]], vertices[triangle[2]]);
    if (twice_area < 0) std::swap(triangle[1], triangle[2]);
    covered_m2 += 0.5 * std::abs(twice_area);
    out.push_back(triangle);
  }
  if (std::abs(covered_m2 - expected_area_m2) > 1e-6 * std::max(1.0, expected_area_m2)) {
    throw RuntimeFailure("GEOS: constrained Delaunay triangulation covers " + std::to_string(covered_m2) +
                         " m^2 of a " + std::to_string(expected_area_m2) + " m^2 polygon");
  }
  return out;
}

}  // namespace tarang

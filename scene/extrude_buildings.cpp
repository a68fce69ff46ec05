// Footprint extrusion: shared ring vertices, wall quads split as Embree splits them, GEOS-triangulated roofs and floors.
#include "scene/extrude_buildings.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <utility>

#include "core/error.h"
#include "scene/mesh_builder.h"
#include "scene/polygon_triangulation.h"

namespace tarang {
namespace {

// A polygon ready to extrude: its triangulation (computed relative to the scene origin for precision) and, for each
// vertex in outer-then-holes order, the index of the first vertex at the same position.
struct PreparedPolygon {
  const FootprintPolygon* polygon = nullptr;
  std::vector<std::array<std::uint32_t, 3>> triangles;
  std::vector<std::uint32_t> first_at_position;
};

PreparedPolygon prepare(const FootprintPolygon& polygon, double origin_x_m, double origin_y_m) {
  PreparedPolygon out;
  out.polygon = &polygon;
  FootprintPolygon local;
  std::map<std::pair<double, double>, std::uint32_t> first;
  auto localise = [&](const std::vector<PlanPoint>& ring) {
    std::vector<PlanPoint> shifted;
    for (const PlanPoint& p : ring) {
      shifted.push_back({p.x_m - origin_x_m, p.y_m - origin_y_m});
      const auto next = static_cast<std::uint32_t>(out.first_at_position.size());
      const PlanPoint& q = shifted.back();  // the same keys triangulate_polygon uses
      out.first_at_position.push_back(first.emplace(std::make_pair(q.x_m, q.y_m), next).first->second);
    }
    return shifted;
  };
  local.outer = localise(polygon.outer);
  for (const auto& hole : polygon.holes) local.holes.push_back(localise(hole));
  out.triangles = triangulate_polygon(local);
  return out;
}

// Appends one polygon's prism between z_bottom_m and z_top_m.
void append_prism(const PreparedPolygon& prepared, double z_bottom_m, double z_top_m, bool floor,
                  std::uint16_t wall_material, std::uint16_t roof_material, std::uint32_t object,
                  MeshBuilder& builder) {
  const FootprintPolygon& polygon = *prepared.polygon;
  std::vector<const std::vector<PlanPoint>*> rings{&polygon.outer};
  for (const auto& hole : polygon.holes) rings.push_back(&hole);

  // Vertex ids at the bottom and top of every polygon vertex (one pair per distinct position).
  const std::size_t n = prepared.first_at_position.size();
  std::vector<std::uint32_t> bottom(n), top(n);
  std::size_t k = 0;
  for (const auto* ring : rings) {
    for (const PlanPoint& p : *ring) {
      if (prepared.first_at_position[k] == k) {
        bottom[k] = builder.add_vertex(p.x_m, p.y_m, z_bottom_m);
        top[k] = builder.add_vertex(p.x_m, p.y_m, z_top_m);
      } else {
        bottom[k] = bottom[prepared.first_at_position[k]];
        top[k] = top[prepared.first_at_position[k]];
      }
      ++k;
    }
  }

  // Walls: outer rings run counter-clockwise and holes clockwise, so (b_i, b_j, t_i) faces away from the solid. The
  // two triangles are Embree's split of quad (b_i, b_j, t_j, t_i), corners in its order, so the Embree wrapper can
  // hand each wall over as one quad with bit-identical distances.
  std::size_t ring_start = 0;
  for (const auto* ring : rings) {
    const std::size_t size = ring->size();
    for (std::size_t i = 0; i < size; ++i) {
      const std::size_t a = ring_start + i, b = ring_start + (i + 1) % size;
      builder.add_triangle(bottom[a], bottom[b], top[a], wall_material, object);
      builder.add_triangle(top[b], top[a], bottom[b], wall_material, object);
    }
    ring_start += size;
  }
  for (const auto& t : prepared.triangles) {
    builder.add_triangle(top[t[0]], top[t[1]], top[t[2]], roof_material, object);
    if (floor) builder.add_triangle(bottom[t[0]], bottom[t[2]], bottom[t[1]], wall_material, object);
  }
}

}  // namespace

void extrude_buildings(const std::vector<BuildingFootprint>& footprints, const ExtrudeOptions& options, SceneMesh& mesh,
                       SceneBuildStats& stats) {
  MeshBuilder builder(mesh);
  for (const BuildingFootprint& footprint : footprints) {
    std::vector<PreparedPolygon> prepared;
    try {
      for (const FootprintPolygon& polygon : footprint.polygons) {
        prepared.push_back(prepare(polygon, mesh.origin_x_m, mesh.origin_y_m));
      }
    } catch (const RuntimeFailure& e) {
      ++stats.skipped;
      stats.warnings.push_back(footprint.id + ": " + e.what() + ", skipped");
      continue;
    }
    double base_m = 0;
    if (options.terrain != nullptr) {
      base_m = std::numeric_limits<double>::infinity();
      for (const FootprintPolygon& polygon : footprint.polygons) {
        base_m = std::min(base_m, options.terrain->min_height_under(polygon));
      }
    }
    const bool floor = options.floors == BuildingFloors::always || footprint.min_height_m > 0;
    const std::uint16_t wall = builder.material(footprint.wall_material);
    const std::uint16_t roof = builder.material(footprint.roof_material);
    const std::uint32_t object = builder.add_object(footprint.id);
    for (const PreparedPolygon& polygon : prepared) {
      append_prism(polygon, base_m + footprint.min_height_m, base_m + footprint.height_m, floor, wall, roof, object,
                   builder);
    }
    ++stats.buildings;
  }
}

}  // namespace tarang

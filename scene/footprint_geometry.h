// Footprint geometry: an OGR polygonal geometry reprojected, validated, repaired (GEOS MakeValid) and cleaned.
#pragma once

#include <string>
#include <vector>

#include "scene/building_footprints.h"
#include "scene/gdal_checked.h"

namespace tarang {

// Coordinates (after projection) beyond this many metres from the CRS origin are treated as absurd.
inline constexpr double kMaxAbsCoordinate_m = 1e7;
// Vertices closer than this to their predecessor, or to the line through their neighbours, are dropped.
inline constexpr double kVertexTolerance_m = 0.01;

struct CleanFootprintGeometry {
  std::vector<FootprintPolygon> polygons;  // empty when `problem` is set
  bool repaired = false;                   // MakeValid applied, vertices removed, or small parts / holes dropped
  std::string problem;                     // why the geometry is unusable, e.g. "a coordinate is not finite"
};

// Whether `geometry` is a polygon, multipolygon (curved ones included) or a collection holding polygons.
bool is_polygonal(const OGRGeometry& geometry);

// Projects `geometry` with `transform` and turns it into valid, cleaned polygons: non-finite source or projected
// coordinates and projected coordinates beyond kMaxAbsCoordinate_m are problems; invalid geometry is repaired with
// MakeValid; duplicate and collinear vertices are removed; polygons and holes under `min_area_m2` are dropped.
CleanFootprintGeometry project_and_clean(const OGRGeometry& geometry, OGRCoordinateTransformation& transform,
                                         double min_area_m2);

// Signed area of an open ring (positive when counter-clockwise).
double signed_area_m2(const std::vector<PlanPoint>& ring);

}  // namespace tarang

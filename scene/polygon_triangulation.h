// Polygon triangulation for flat roofs and floors: the one place tarang calls GEOS directly.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "scene/building_footprints.h"

namespace tarang {

// Triangles covering `polygon` (holes excluded) exactly, using only its own vertices: GEOS constrained Delaunay
// triangulation (GEOS >= 3.10). Each triangle is three indices into the polygon's vertices numbered outer ring
// first, then each hole in order, counter-clockwise seen from above. A vertex repeated at the same position (a hole
// touching the outer ring) is given the index of its first occurrence. Throws RuntimeFailure when GEOS fails or its
// triangles do not cover exactly the polygon's area.
std::vector<std::array<std::uint32_t, 3>> triangulate_polygon(const FootprintPolygon& polygon);

}  // namespace tarang

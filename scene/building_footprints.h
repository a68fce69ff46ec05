// Building footprints from any OGR vector source (GeoJSON, Shapefile, GeoPackage, OSM XML / PBF), in a projected CRS.
#pragma once

#include <string>
#include <vector>

#include "scene/crs.h"
#include "scene/scene_mesh.h"

namespace tarang {

struct PlanPoint {
  double x_m = 0, y_m = 0;  // projected CRS coordinates (east, north)
};

// One polygon of a footprint: outer ring counter-clockwise, holes (courtyards) clockwise, seen from above. Rings are
// open (the first vertex is not repeated) and hold no duplicate or collinear vertices; the polygon is valid (GEOS).
struct FootprintPolygon {
  std::vector<PlanPoint> outer;
  std::vector<std::vector<PlanPoint>> holes;
};

struct BuildingFootprint {
  std::string id;                          // "way/1234", "relation/56" for OSM, else "<layer>/<feature id>" or its "id"
  std::vector<FootprintPolygon> polygons;  // several for multipolygons
  double height_m = 0;                     // roof above the ground
  double min_height_m = 0;                 // underside above the ground (> 0 for raised parts: bridges, overhangs)
  std::string wall_material;               // ITU-R P.2040 name, e.g. "concrete"
  std::string roof_material;               // same; the wall material unless the data names a roof material
};

struct FootprintOptions {
  std::string target_crs_wkt;      // projected CRS (metres) the footprints are returned in; required
  std::string layer;               // layer to read; "" = "multipolygons" for OSM files, else every layer
  double default_height_m = 10;    // when neither `height` nor `building:levels` is given
  double level_height_m = 3;       // metres per `building:levels` / `building:min_level`
  double max_height_m = 1000;      // taller (and negative) heights are skipped as absurd
  double min_area_m2 = 0.5;        // polygons and holes smaller than this are dropped as degenerate
  std::string material_attribute;  // attribute naming the wall material, checked before `building:material`
  std::string default_material = "concrete";
};

// Axis-aligned extent in projected CRS metres; empty (xmin > xmax) until a point is added.
struct PlanExtent {
  double xmin_m = 1e300, ymin_m = 1e300, xmax_m = -1e300, ymax_m = -1e300;
  bool empty() const { return xmin_m > xmax_m; }
  void add(const PlanPoint& p);
};

// Reads building footprints from `path`. Heights, in order: `height` (metres; "12", "12.5", "12 m" accepted),
// `building:levels` x level_height_m, else default_height_m (but at least one level above a tagged underside);
// `min_height` or `building:min_level` x level_height_m raise the underside. OSM attributes are read from fields and
// from the `other_tags` hstore field alike. Features with unusable values (unparseable or out-of-range heights, NaN
// or absurd coordinates, degenerate polygons) are skipped and counted in stats.skipped with a warning; invalid
// polygons are repaired (GEOS MakeValid, duplicate and collinear vertices removed) and counted in stats.repaired.
// OSM: only polygons tagged building=* (not "no") count; building:part polygons without a building tag are not read.
// Other sources: every polygon is a building unless tagged building=no. GDAL's own warnings are appended to
// stats.warnings. Throws InputError(path, ...) when the file cannot be read, has no (building) polygon features, or
// has a layer without a CRS or with one GDAL cannot transform to the target.
std::vector<BuildingFootprint> read_building_footprints(const std::string& path, const FootprintOptions& options,
                                                        SceneBuildStats& stats);

// The UTM zone (utm_crs_for) of the centre of the polygon data in `path` (layer as in FootprintOptions::layer).
// Throws InputError(path, ...) as read_building_footprints does.
ProjectedCrs utm_crs_for_vector_source(const std::string& path, const std::string& layer = "");

// The extent of all footprint vertices.
PlanExtent footprint_extent(const std::vector<BuildingFootprint>& footprints);

}  // namespace tarang

// Projected coordinate reference systems: resolving a user's CRS text (EPSG code, WKT, PROJ string) via PROJ.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace tarang {

struct ProjectedCrs {
  std::string name;  // e.g. "WGS 84 / UTM zone 43N"
  std::string wkt;   // WKT2 (2019) text, as stored in result files
};

// Resolves `definition` to a projected CRS with metre axes. Throws std::invalid_argument with a one-line reason
// (unknown code, geographic CRS, non-metre units) for the caller to attach a file and key to.
ProjectedCrs resolve_projected_crs(const std::string& definition);

struct ProjectedPoint {
  double x_m = 0, y_m = 0;  // easting, northing
};

// Converts WGS 84 longitude/latitude (degrees) to the projected CRS `crs_definition` (anything
// resolve_projected_crs accepts, e.g. the wkt of utm_crs_for). Throws std::invalid_argument for a bad CRS or
// coordinates outside [-180, 180] x [-90, 90], std::runtime_error when PROJ cannot transform the point.
ProjectedPoint lonlat_to_projected(double lon_deg, double lat_deg, const std::string& crs_definition);

struct LonLat {
  double lon_deg = 0, lat_deg = 0;  // WGS 84
};

// Converts points of the projected CRS `crs_definition` to WGS 84 longitude/latitude (the inverse of
// lonlat_to_projected). Throws std::invalid_argument for a bad CRS, std::runtime_error when PROJ cannot transform a
// point.
std::vector<LonLat> projected_to_lonlat(std::span<const ProjectedPoint> points, const std::string& crs_definition);
LonLat projected_to_lonlat(double x_m, double y_m, const std::string& crs_definition);

// The WGS 84 / UTM zone containing (lon_deg, lat_deg): EPSG:326zz north of the equator, EPSG:327zz south, with the
// plain 6-degree zones (no Norway/Svalbard exceptions). Throws std::invalid_argument for non-finite or out-of-range
// coordinates (|lat| > 84 is outside UTM).
ProjectedCrs utm_crs_for(double lon_deg, double lat_deg);

}  // namespace tarang

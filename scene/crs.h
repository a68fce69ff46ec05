// Projected coordinate reference systems: resolving a user's CRS text (EPSG code, WKT, PROJ string) via PROJ.
#pragma once

#include <string>

namespace tarang {

struct ProjectedCrs {
  std::string name;  // e.g. "WGS 84 / UTM zone 43N"
  std::string wkt;   // WKT2 (2019) text, as stored in result files
};

// Resolves `definition` to a projected CRS with metre axes. Throws std::invalid_argument with a one-line reason
// (unknown code, geographic CRS, non-metre units) for the caller to attach a file and key to.
ProjectedCrs resolve_projected_crs(const std::string& definition);

}  // namespace tarang

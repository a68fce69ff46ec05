// The planner's GIS inputs read through GDAL/OGR: candidate points (CSV or any OGR point layer), exclusion polygons
// and the demand raster, all brought into the scene CRS.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/plan_spec.h"
#include "core/raster_grid.h"

namespace tarang {

// Candidate points of a CSV file (columns id, x_m + y_m in the scene CRS or lon + lat in WGS 84, optional height_m
// and cost) or of any OGR point layer (GeoJSON, GeoPackage, Shapefile: point geometries in their own CRS, optional
// id/height_m/cost attributes). Throws InputError(path, feature, ...) for rows without coordinates.
std::vector<PlanCandidatePoint> read_candidate_points(const std::string& path, const std::string& scene_crs_wkt);

// Exclusion zones: the polygons of a vector file, in the scene CRS.
class ExclusionZones {
 public:
  ExclusionZones();
  ExclusionZones(const std::string& path, const std::string& scene_crs_wkt);
  ~ExclusionZones();
  ExclusionZones(ExclusionZones&&) noexcept;
  ExclusionZones& operator=(ExclusionZones&&) noexcept;

  bool contains(double x_m, double y_m) const;
  std::size_t polygon_count() const;

 private:
  struct Polygons;
  std::unique_ptr<Polygons> polygons_;
};

// Users per cell of `grid` from a raster of users per km^2 in any CRS GDAL reads (area-averaged onto the grid;
// no data = 0). Throws InputError(path, ...) for unreadable rasters, negative densities, or no overlap.
std::vector<float> read_demand_users(const std::string& path, const RasterGrid& grid);

}  // namespace tarang

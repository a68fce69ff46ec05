// Candidate points, exclusion polygons and demand rasters through GDAL/OGR, transformed into the scene CRS.
#include "planner/plan_gis_inputs.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/error.h"
#include "scene/gdal_checked.h"

namespace tarang {
namespace {

bool ends_with_csv(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".csv";
}

// Field index by name, or -1.
int field(OGRFeatureDefn* defn, const char* name) { return defn->GetFieldIndex(name); }

double number_field(OGRFeature& f, int index, const std::string& path, int row, const char* name) {
  if (index < 0 || !f.IsFieldSetAndNotNull(index)) return 0;
  const char* text = f.GetFieldAsString(index);
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (end == text || *end != '\0' || !std::isfinite(v)) {
    throw InputError(path, row, name, std::string("expected a number, got \"") + text + "\"");
  }
  return v;
}

OGRSpatialReference scene_srs(const std::string& wkt) {
  try {
    return gdal::spatial_reference(wkt);
  } catch (const std::invalid_argument& e) {
    throw RuntimeFailure(std::string("scene CRS: ") + e.what());
  }
}

}  // namespace

std::vector<PlanCandidatePoint> read_candidate_points(const std::string& path, const std::string& scene_crs_wkt) {
  const bool csv = ends_with_csv(path);
  // CSV: every column as text, so that numbers are checked here with the row named.
  gdal::DatasetPtr ds = gdal::open_vector(path, csv ? std::vector<std::string>{"AUTODETECT_TYPE=NO"}
                                                    : std::vector<std::string>{});
  if (ds->GetLayerCount() < 1) throw InputError(path, "holds no layer of candidate points");
  OGRLayer* layer = ds->GetLayer(0);
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  const int id_field = field(defn, "id"), height_field = field(defn, "height_m"), cost_field = field(defn, "cost");
  const int x_field = field(defn, "x_m"), y_field = field(defn, "y_m");
  const int lon_field = field(defn, "lon"), lat_field = field(defn, "lat");
  if (csv && !(x_field >= 0 && y_field >= 0) && !(lon_field >= 0 && lat_field >= 0)) {
    throw InputError(path, 1, "", "needs columns x_m and y_m (scene CRS) or lon and lat (WGS 84)");
  }
  const OGRSpatialReference target = scene_srs(scene_crs_wkt);
  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  gdal::TransformPtr from_wgs84 = gdal::coordinate_transform(wgs84, target);
  gdal::TransformPtr from_layer;
  if (!csv && layer->GetSpatialRef() != nullptr) {
    OGRSpatialReference layer_srs = *layer->GetSpatialRef();
    layer_srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    from_layer = gdal::coordinate_transform(layer_srs, target);
  }

  std::vector<PlanCandidatePoint> points;
  layer->ResetReading();
  int row = 0;
  for (gdal::FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
    ++row;
    const int line = csv ? row + 1 : row;  // CSV: the header is line 1
    PlanCandidatePoint p;
    p.line = line;
    p.id = id_field >= 0 && f->IsFieldSetAndNotNull(id_field) ? f->GetFieldAsString(id_field)
                                                               : "point" + std::to_string(row);
    p.height_m = number_field(*f, height_field, path, line, "height_m");
    p.cost = number_field(*f, cost_field, path, line, "cost");
    if (p.height_m < 0 || p.height_m > 1000) throw InputError(path, line, "height_m", "must be between 0 and 1000 m");
    if (p.cost < 0) throw InputError(path, line, "cost", "must be >= 0");
    double x = 0, y = 0;
    if (x_field >= 0 && y_field >= 0 && f->IsFieldSetAndNotNull(x_field)) {
      x = number_field(*f, x_field, path, line, "x_m"), y = number_field(*f, y_field, path, line, "y_m");
    } else if (lon_field >= 0 && lat_field >= 0 && f->IsFieldSetAndNotNull(lon_field)) {
      x = number_field(*f, lon_field, path, line, "lon"), y = number_field(*f, lat_field, path, line, "lat");
      if (std::abs(x) > 180 || std::abs(y) > 90) throw InputError(path, line, "lon", "lon/lat out of range");
      if (!from_wgs84->Transform(1, &x, &y)) throw InputError(path, line, "lon", "cannot transform to the scene CRS");
    } else {
      const OGRGeometry* g = f->GetGeometryRef();
      if (g == nullptr || wkbFlatten(g->getGeometryType()) != wkbPoint) {
        throw InputError(path, line, "", "candidate without coordinates (need a point geometry, x_m/y_m or lon/lat)");
      }
      x = g->toPoint()->getX(), y = g->toPoint()->getY();
      if (from_layer && !from_layer->Transform(1, &x, &y)) {
        throw InputError(path, line, "", "cannot transform the point to the scene CRS");
      }
    }
    p.x_m = x, p.y_m = y;
    points.push_back(p);
  }
  return points;
}

struct ExclusionZones::Polygons {
  std::vector<gdal::GeometryPtr> shapes;
};

ExclusionZones::ExclusionZones(const std::string& path, const std::string& scene_crs_wkt)
    : polygons_(std::make_unique<Polygons>()) {
  gdal::DatasetPtr ds = gdal::open_vector(path);
  const OGRSpatialReference target = scene_srs(scene_crs_wkt);
  for (int l = 0; l < ds->GetLayerCount(); ++l) {
    OGRLayer* layer = ds->GetLayer(l);
    gdal::TransformPtr transform;
    if (layer->GetSpatialRef() != nullptr) {
      OGRSpatialReference srs = *layer->GetSpatialRef();
      srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
      transform = gdal::coordinate_transform(srs, target);
    }
    layer->ResetReading();
    for (gdal::FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
      const OGRGeometry* g = f->GetGeometryRef();
      if (g == nullptr) continue;
      const OGRwkbGeometryType type = wkbFlatten(g->getGeometryType());
      if (type != wkbPolygon && type != wkbMultiPolygon) continue;
      gdal::GeometryPtr copy(g->clone());
      if (transform && copy->transform(transform.get()) != OGRERR_NONE) {
        throw InputError(path, "cannot transform exclusion polygons to the scene CRS");
      }
      polygons_->shapes.push_back(std::move(copy));
    }
  }
  if (polygons_->shapes.empty()) throw InputError(path, "holds no polygons (exclusion zones must be polygons)");
}

ExclusionZones::ExclusionZones() = default;
ExclusionZones::~ExclusionZones() = default;
ExclusionZones::ExclusionZones(ExclusionZones&&) noexcept = default;
ExclusionZones& ExclusionZones::operator=(ExclusionZones&&) noexcept = default;

bool ExclusionZones::contains(double x_m, double y_m) const {
  if (!polygons_) return false;
  const OGRPoint point(x_m, y_m);
  for (const gdal::GeometryPtr& shape : polygons_->shapes) {
    if (shape->Intersects(&point)) return true;
  }
  return false;
}

std::size_t ExclusionZones::polygon_count() const { return polygons_ ? polygons_->shapes.size() : 0; }

std::vector<float> read_demand_users(const std::string& path, const RasterGrid& grid) {
  gdal::DatasetPtr raster = gdal::open_raster(path);
  if (raster->GetSpatialRef() == nullptr) throw InputError(path, "has no CRS (a demand raster must be georeferenced)");
  const double south_m = grid.north_m - grid.ny * grid.cell_m, east_m = grid.west_m + grid.nx * grid.cell_m;
  gdal::DatasetPtr warped;
  try {
    warped = gdal::warp_in_memory(
        *raster, {"-t_srs", grid.crs_wkt, "-te", gdal::argument_text(grid.west_m), gdal::argument_text(south_m), gdal::argument_text(east_m),
                  gdal::argument_text(grid.north_m), "-ts", std::to_string(grid.nx), std::to_string(grid.ny), "-r", "average",
                  "-ot", "Float32", "-dstnodata", "nan"});
  } catch (const RuntimeFailure& e) {
    throw InputError(path, std::string("cannot bring the demand raster onto the grid: ") + e.what());
  }
  std::vector<float> density(grid.cell_count());
  gdal::read_band(*warped->GetRasterBand(1), GDT_Float32, density.data());
  const double cell_km2 = grid.cell_m * grid.cell_m * 1e-6;
  std::size_t valid = 0;
  for (float& d : density) {
    if (!std::isfinite(d)) {
      d = 0;
      continue;
    }
    if (d < 0) throw InputError(path, "has negative user densities (expected users per km^2 >= 0)");
    ++valid;
    d = static_cast<float>(d * cell_km2);
  }
  if (valid == 0) throw InputError(path, "does not overlap the grid");
  return density;
}

}  // namespace tarang

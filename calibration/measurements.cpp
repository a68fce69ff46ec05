// Measurement ingest: column matching, cell lookup by sector id or PCI, CRS transform with OGR, bad-row counting.
#include "calibration/measurements.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include "core/error.h"
#include "scene/gdal_checked.h"

namespace tarang {
namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Index of the first field whose lower-cased name is one of `names`, or -1.
int find_field(const OGRFeatureDefn& defn, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    for (int i = 0; i < defn.GetFieldCount(); ++i) {
      if (lower(defn.GetFieldDefn(i)->GetNameRef()) == name) return i;
    }
  }
  return -1;
}

// A finite number from a field, or nothing (unset, empty, NaN, text).
std::optional<double> number_of(const OGRFeature& f, int field) {
  if (field < 0 || !f.IsFieldSetAndNotNull(field)) return std::nullopt;
  const char* text = f.GetFieldAsString(field);
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (end == text) return std::nullopt;
  while (*end == ' ') ++end;
  if (*end != '\0' || !std::isfinite(v)) return std::nullopt;
  return v;
}

struct Columns {
  int lon = -1, lat = -1, x = -1, y = -1, rsrp = -1, cell = -1, device = -1;
  bool geometry = false;  // positions from the point geometry
};

Columns find_columns(const std::string& path, OGRLayer& layer) {
  const OGRFeatureDefn& defn = *layer.GetLayerDefn();
  Columns c;
  c.lon = find_field(defn, {"lon", "longitude", "lng", "long"});
  c.lat = find_field(defn, {"lat", "latitude"});
  c.x = find_field(defn, {"x", "x_m", "easting"});
  c.y = find_field(defn, {"y", "y_m", "northing"});
  c.rsrp = find_field(defn, {"rsrp", "rsrp_dbm", "ss_rsrp", "ss_rsrp_dbm"});
  c.cell = find_field(defn, {"cell", "cell_id", "sector", "sector_id", "pci"});
  c.device = find_field(defn, {"device", "device_id", "ue", "ue_id"});
  std::string fields;
  for (int i = 0; i < defn.GetFieldCount(); ++i) fields += (i ? ", " : "") + std::string(defn.GetFieldDefn(i)->GetNameRef());
  const std::string known = " (columns: " + (fields.empty() ? std::string("none") : fields) + ")";
  if (c.rsrp < 0) throw InputError(path, "no RSRP column (rsrp, rsrp_dbm, ss_rsrp)" + known);
  if (c.cell < 0) throw InputError(path, "no cell column (cell, cell_id, sector, sector_id, pci)" + known);
  if ((c.lon < 0) != (c.lat < 0)) throw InputError(path, "has only one of the lon/lat columns" + known);
  if ((c.x < 0) != (c.y < 0)) throw InputError(path, "has only one of the x/y columns" + known);
  c.geometry = c.lon < 0 && c.x < 0;
  if (c.geometry && wkbFlatten(layer.GetGeomType()) != wkbPoint) {
    throw InputError(path, "no position columns (lon/lat or x/y) and no point geometry" + known);
  }
  return c;
}

// The CRS positions are given in (x = east / longitude order), and a description for the report.
OGRSpatialReference source_crs(const std::string& path, OGRLayer& layer, const Columns& c, const Scenario& s,
                               const std::string& xy_crs, std::string* description) {
  try {
    if (c.lon >= 0) {
      *description = "lon/lat columns (WGS 84)";
      return gdal::spatial_reference("EPSG:4326");
    }
    if (c.x >= 0) {
      *description = xy_crs.empty() ? "x/y columns (scenario CRS)" : "x/y columns (" + xy_crs + ")";
      return gdal::spatial_reference(xy_crs.empty() ? s.scene.crs : xy_crs);
    }
  } catch (const std::invalid_argument& e) {
    throw InputError(path, std::string("measurement CRS: ") + e.what());
  }
  const OGRSpatialReference* srs = layer.GetSpatialRef();
  if (srs == nullptr) throw InputError(path, "point geometry without a coordinate reference system");
  OGRSpatialReference copy(*srs);
  copy.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  *description = "point geometry (" + gdal::spatial_reference_name(copy) + ")";
  return copy;
}

// Sector lookup by id, then by pci.
class SectorLookup {
 public:
  explicit SectorLookup(const Scenario& s) {
    int index = 0;
    for (const SiteSpec& site : s.sites) {
      for (const SectorSpec& sector : site.sectors) {
        by_id_[sector.id] = index;
        if (sector.pci >= 0) by_pci_[sector.pci] = index;
        ++index;
      }
    }
  }
  std::optional<int> find(const std::string& cell) const {
    if (auto it = by_id_.find(cell); it != by_id_.end()) return it->second;
    char* end = nullptr;
    const long pci = std::strtol(cell.c_str(), &end, 10);
    if (end == cell.c_str() || *end != '\0') return std::nullopt;
    if (auto it = by_pci_.find(static_cast<int>(pci)); it != by_pci_.end()) return it->second;
    return std::nullopt;
  }

 private:
  std::unordered_map<std::string, int> by_id_;
  std::map<int, int> by_pci_;
};

}  // namespace

MeasurementSet read_measurements(const std::string& path, const Scenario& s, const RasterGrid& grid,
                                 const std::string& xy_crs) {
  gdal::DatasetPtr dataset = gdal::open_vector(path);
  if (dataset->GetLayerCount() < 1) throw InputError(path, "has no layers");
  OGRLayer& layer = *dataset->GetLayer(0);
  const Columns c = find_columns(path, layer);
  MeasurementSet out;
  IngestStats& st = out.stats;
  st.device_ids = c.device >= 0;
  const OGRSpatialReference from = source_crs(path, layer, c, s, xy_crs, &st.position_columns);
  gdal::TransformPtr to_scene;
  try {
    to_scene = gdal::coordinate_transform(from, gdal::spatial_reference(s.scene.crs));
  } catch (const std::invalid_argument& e) {
    throw InputError(path, std::string("measurement CRS: ") + e.what());
  }
  const SectorLookup sectors(s);
  std::unordered_map<std::string, int> devices;
  int next_device = 0;
  const double east_m = grid.west_m + grid.nx * grid.cell_m, south_m = grid.north_m - grid.ny * grid.cell_m;
  layer.ResetReading();
  for (gdal::FeaturePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature())) {
    ++st.rows;
    std::optional<double> px, py;
    if (c.geometry) {
      const OGRGeometry* g = f->GetGeometryRef();
      if (g != nullptr && !g->IsEmpty() && wkbFlatten(g->getGeometryType()) == wkbPoint) {
        px = g->toPoint()->getX(), py = g->toPoint()->getY();
      }
    } else {
      px = number_of(*f, c.lon >= 0 ? c.lon : c.x), py = number_of(*f, c.lon >= 0 ? c.lat : c.y);
    }
    const std::optional<double> rsrp = number_of(*f, c.rsrp);
    const std::string cell = f->IsFieldSetAndNotNull(c.cell) ? f->GetFieldAsString(c.cell) : "";
    if (!px || !py || !rsrp || cell.empty()) {
      ++st.missing_value;
      continue;
    }
    if (*rsrp < kMinReportableRsrp_dbm || *rsrp > kMaxReportableRsrp_dbm) {
      ++st.rsrp_out_of_range;
      continue;
    }
    const std::optional<int> sector = sectors.find(cell);
    if (!sector) {
      ++st.unknown_cell;
      continue;
    }
    double x = *px, y = *py;
    {
      gdal::QuietScope quiet;
      if (!to_scene->Transform(1, &x, &y) || !std::isfinite(x) || !std::isfinite(y)) {
        ++st.bad_position;
        continue;
      }
    }
    if (x < grid.west_m || x >= east_m || y > grid.north_m || y <= south_m) {
      ++st.outside_grid;
      continue;
    }
    const std::string id = c.device >= 0 && f->IsFieldSetAndNotNull(c.device) ? f->GetFieldAsString(c.device) : "";
    int device = next_device;
    if (!id.empty()) device = devices.emplace(id, next_device).first->second;  // else a device of its own
    if (device == next_device) ++next_device;
    out.rows.push_back(Measurement{x, y, *rsrp, *sector, device});
  }
  st.used = out.rows.size();
  st.devices = static_cast<std::size_t>(next_device);
  return out;
}

}  // namespace tarang

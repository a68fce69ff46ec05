// The one place tarang talks to PROJ: CRS lookup and validation, UTM zones, lon/lat <-> projected coordinates.
#include "scene/crs.h"

#include <proj.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

namespace tarang {
namespace {

struct ContextDeleter {
  void operator()(PJ_CONTEXT* c) const { proj_context_destroy(c); }
};
struct PjDeleter {
  void operator()(PJ* p) const { proj_destroy(p); }
};
using ContextPtr = std::unique_ptr<PJ_CONTEXT, ContextDeleter>;
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

std::string last_proj_error(PJ_CONTEXT* ctx) {
  const char* text = proj_context_errno_string(ctx, proj_context_errno(ctx));
  return text != nullptr ? text : "unknown PROJ error";
}

// Creates a PROJ context that stays quiet (errors are read back with last_proj_error).
ContextPtr quiet_context() {
  ContextPtr ctx(proj_context_create());
  if (!ctx) throw std::runtime_error("PROJ: cannot create a context");
  proj_log_level(ctx.get(), PJ_LOG_NONE);
  return ctx;
}

// WGS 84 lon/lat (degrees) <-> `target` easting/northing, with that axis order whatever the definitions say.
PjPtr wgs84_to(PJ_CONTEXT* ctx, const ProjectedCrs& target) {
  PjPtr raw(proj_create_crs_to_crs(ctx, "EPSG:4326", target.wkt.c_str(), nullptr));
  if (!raw) {
    throw std::runtime_error("PROJ: no transformation between WGS 84 and " + target.name + " (" +
                             last_proj_error(ctx) + ")");
  }
  PjPtr transform(proj_normalize_for_visualization(ctx, raw.get()));
  if (!transform) throw std::runtime_error("PROJ: cannot normalise the transformation to " + target.name);
  return transform;
}

}  // namespace

ProjectedPoint lonlat_to_projected(double lon_deg, double lat_deg, const std::string& crs_definition) {
  if (!(lon_deg >= -180 && lon_deg <= 180) || !(lat_deg >= -90 && lat_deg <= 90)) {
    throw std::invalid_argument("lon " + std::to_string(lon_deg) + ", lat " + std::to_string(lat_deg) +
                                " is not a WGS 84 longitude/latitude in degrees");
  }
  const ProjectedCrs target = resolve_projected_crs(crs_definition);
  ContextPtr ctx = quiet_context();
  PjPtr transform = wgs84_to(ctx.get(), target);
  const PJ_COORD out = proj_trans(transform.get(), PJ_FWD, proj_coord(lon_deg, lat_deg, 0, 0));
  if (!std::isfinite(out.xy.x) || !std::isfinite(out.xy.y)) {
    throw std::runtime_error("PROJ: cannot transform lon " + std::to_string(lon_deg) + ", lat " +
                             std::to_string(lat_deg) + " to " + target.name + " (" + last_proj_error(ctx.get()) + ")");
  }
  return ProjectedPoint{out.xy.x, out.xy.y};
}

std::vector<LonLat> projected_to_lonlat(std::span<const ProjectedPoint> points, const std::string& crs_definition) {
  const ProjectedCrs source = resolve_projected_crs(crs_definition);
  ContextPtr ctx = quiet_context();
  PjPtr transform = wgs84_to(ctx.get(), source);
  std::vector<LonLat> out;
  out.reserve(points.size());
  for (const ProjectedPoint& p : points) {
    const PJ_COORD c = proj_trans(transform.get(), PJ_INV, proj_coord(p.x_m, p.y_m, 0, 0));
    if (!std::isfinite(c.lp.lam) || !std::isfinite(c.lp.phi)) {
      throw std::runtime_error("PROJ: cannot transform x " + std::to_string(p.x_m) + " m, y " + std::to_string(p.y_m) +
                               " m of " + source.name + " to WGS 84 (" + last_proj_error(ctx.get()) + ")");
    }
    out.push_back(LonLat{c.lp.lam, c.lp.phi});  // normalised for visualisation: lam = longitude, in degrees
  }
  return out;
}

LonLat projected_to_lonlat(double x_m, double y_m, const std::string& crs_definition) {
  const ProjectedPoint point{x_m, y_m};
  return projected_to_lonlat(std::span<const ProjectedPoint>(&point, 1), crs_definition).front();
}

ProjectedCrs resolve_projected_crs(const std::string& definition) {
  if (definition.empty()) throw std::invalid_argument("empty CRS");
  ContextPtr ctx = quiet_context();

  PjPtr crs(proj_create(ctx.get(), definition.c_str()));
  if (!crs || !proj_is_crs(crs.get())) {
    throw std::invalid_argument("'" + definition + "' is not a CRS PROJ can interpret (" + last_proj_error(ctx.get()) +
                                "); use e.g. EPSG:32643");
  }
  if (proj_get_type(crs.get()) != PJ_TYPE_PROJECTED_CRS) {
    throw std::invalid_argument("'" + definition +
                                "' is not a projected CRS; scene coordinates must be in metres (e.g. a UTM zone)");
  }
  PjPtr cs(proj_crs_get_coordinate_system(ctx.get(), crs.get()));
  const int axes = cs ? proj_cs_get_axis_count(ctx.get(), cs.get()) : 0;
  for (int i = 0; i < axes; ++i) {
    double to_metre = 0;
    const char* unit_name = nullptr;
    proj_cs_get_axis_info(ctx.get(), cs.get(), i, nullptr, nullptr, nullptr, &to_metre, &unit_name, nullptr, nullptr);
    if (to_metre != 1.0) {
      throw std::invalid_argument("'" + definition + "' has axes in " + (unit_name ? unit_name : "non-metre units") +
                                  "; tarang needs a CRS in metres");
    }
  }
  const char* wkt = proj_as_wkt(ctx.get(), crs.get(), PJ_WKT2_2019, nullptr);
  if (wkt == nullptr) throw std::runtime_error("PROJ: cannot export '" + definition + "' as WKT");
  const char* name = proj_get_name(crs.get());
  return ProjectedCrs{name != nullptr ? name : definition, wkt};
}

ProjectedCrs utm_crs_for(double lon_deg, double lat_deg) {
  if (!std::isfinite(lon_deg) || !std::isfinite(lat_deg) || lon_deg < -180 || lon_deg > 180 || lat_deg < -84 ||
      lat_deg > 84) {
    throw std::invalid_argument("(" + std::to_string(lon_deg) + ", " + std::to_string(lat_deg) +
                                ") is outside the UTM zones (longitude -180..180, latitude -84..84 degrees)");
  }
  const int zone = std::min(60, static_cast<int>(std::floor((lon_deg + 180.0) / 6.0)) + 1);
  return resolve_projected_crs("EPSG:" + std::to_string((lat_deg >= 0 ? 32600 : 32700) + zone));
}

}  // namespace tarang

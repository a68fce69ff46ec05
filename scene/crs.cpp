// The one place tarang talks to PROJ: CRS lookup and validation.
#include "scene/crs.h"

#include <proj.h>

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

}  // namespace

ProjectedCrs resolve_projected_crs(const std::string& definition) {
  if (definition.empty()) throw std::invalid_argument("empty CRS");
  ContextPtr ctx(proj_context_create());
  if (!ctx) throw std::runtime_error("PROJ: cannot create a context");
  proj_log_level(ctx.get(), PJ_LOG_NONE);

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

}  // namespace tarang

// Candidate generation for `tarang plan`: user points, rooftops, street lattice, exclusions, sector configurations.
#include "planner/plan_candidates.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "core/error.h"
#include "planner/plan_gis_inputs.h"
#include "scene/crs.h"

namespace tarang {
namespace {

// Upward-facing triangles above the ground: the roofs (the footprints of buildings seen from above).
struct Roofs {
  std::vector<std::size_t> triangles;
};

bool is_roof(const SceneMesh& mesh, std::size_t t, double ground_z_m, double* nz_out = nullptr) {
  const float* p = mesh.positions_m.data();
  const std::uint32_t* idx = &mesh.indices[3 * t];
  const float* a = p + 3 * idx[0];
  const float* b = p + 3 * idx[1];
  const float* c = p + 3 * idx[2];
  const double ux = b[0] - a[0], uy = b[1] - a[1], uz = b[2] - a[2];
  const double vx = c[0] - a[0], vy = c[1] - a[1], vz = c[2] - a[2];
  const double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
  const double len = std::sqrt(nx * nx + ny * ny + nz * nz);
  if (!(len > 0)) return false;
  if (nz_out != nullptr) *nz_out = nz / len;
  const double zmin = std::min({a[2], b[2], c[2]});
  return nz / len > 0.7 && zmin > ground_z_m + 2.0;
}

// Whether (x, y) (local) lies inside the 2D projection of triangle t.
bool inside_triangle_xy(const SceneMesh& mesh, std::size_t t, double x, double y) {
  const float* p = mesh.positions_m.data();
  const std::uint32_t* idx = &mesh.indices[3 * t];
  double d[3];
  for (int k = 0; k < 3; ++k) {
    const float* a = p + 3 * idx[k];
    const float* b = p + 3 * idx[(k + 1) % 3];
    d[k] = (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]);
  }
  return (d[0] >= 0 && d[1] >= 0 && d[2] >= 0) || (d[0] <= 0 && d[1] <= 0 && d[2] <= 0);
}

std::string format_deg(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

bool inside_grid(const GridSpec& g, double x, double y) {
  return x >= g.xmin_m && x <= g.xmax_m && y >= g.ymin_m && y <= g.ymax_m;
}

// A candidate position before expansion into configurations.
struct Position {
  std::string id;
  double x_m = 0, y_m = 0, height_m = 0, cost = 1;
};

}  // namespace

std::vector<RoofPoint> rooftop_points(const SceneMesh& mesh, double ground_z_m, double min_height_m) {
  // Per building: its roof triangles' vertices.
  std::map<std::uint32_t, std::vector<std::uint32_t>> roof_vertices;
  for (std::size_t t = 0; t < mesh.triangle_count(); ++t) {
    if (!is_roof(mesh, t, ground_z_m)) continue;
    auto& v = roof_vertices[mesh.triangle_object.empty() ? 0 : mesh.triangle_object[t]];
    for (int k = 0; k < 3; ++k) v.push_back(mesh.indices[3 * t + k]);
  }
  std::vector<RoofPoint> out;
  const float* p = mesh.positions_m.data();
  for (const auto& [object, vertices] : roof_vertices) {
    double cx = 0, cy = 0, top = -1e30;
    for (std::uint32_t v : vertices) cx += p[3 * v], cy += p[3 * v + 1], top = std::max<double>(top, p[3 * v + 2]);
    cx /= static_cast<double>(vertices.size()), cy /= static_cast<double>(vertices.size());
    if (top - ground_z_m < min_height_m) continue;
    std::uint32_t corner = vertices.front();
    double far = -1;
    for (std::uint32_t v : vertices) {  // the highest roof's corner farthest from the centre; lowest index on ties
      if (p[3 * v + 2] < top - 0.5) continue;
      const double d = std::hypot(p[3 * v] - cx, p[3 * v + 1] - cy);
      if (d > far + 1e-9 || (std::abs(d - far) <= 1e-9 && v < corner)) far = d, corner = v;
    }
    const double dx = cx - p[3 * corner], dy = cy - p[3 * corner + 1], len = std::hypot(dx, dy);
    const double step = len > 1.0 ? 0.5 / len : 0.0;  // 0.5 m inside the roof edge
    RoofPoint r;
    r.building = object < mesh.object_names.size() ? mesh.object_names[object] : "building" + std::to_string(object);
    r.x_m = mesh.origin_x_m + p[3 * corner] + dx * step;
    r.y_m = mesh.origin_y_m + p[3 * corner + 1] + dy * step;
    r.roof_z_m = top, r.height_m = top - ground_z_m;
    out.push_back(r);
  }
  return out;
}

std::vector<double> building_volume_per_cell(const SceneMesh& mesh, const RasterGrid& grid, double ground_z_m) {
  std::vector<double> volume(grid.cell_count(), 0.0);
  const float* p = mesh.positions_m.data();
  for (std::size_t t = 0; t < mesh.triangle_count(); ++t) {
    if (!is_roof(mesh, t, ground_z_m)) continue;
    const std::uint32_t* idx = &mesh.indices[3 * t];
    const float* a = p + 3 * idx[0];
    const float* b = p + 3 * idx[1];
    const float* c = p + 3 * idx[2];
    const double area_m2 = 0.5 * std::abs((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
    const double height_m = (a[2] + b[2] + c[2]) / 3.0 - ground_z_m;
    const double x = mesh.origin_x_m + (a[0] + b[0] + c[0]) / 3.0, y = mesh.origin_y_m + (a[1] + b[1] + c[1]) / 3.0;
    const double col = std::floor((x - grid.west_m) / grid.cell_m), row = std::floor((grid.north_m - y) / grid.cell_m);
    if (col < 0 || row < 0 || col >= grid.nx || row >= grid.ny) continue;
    volume[static_cast<std::size_t>(row) * grid.nx + static_cast<std::size_t>(col)] += area_m2 * height_m;
  }
  return volume;
}

PlanCandidateSet make_plan_candidates(const Scenario& s, const SceneMesh& mesh) {
  const PlanSpec& plan = s.plan;
  PlanCandidateSet set;
  const ExclusionZones exclusions =
      plan.exclusion_file.empty() ? ExclusionZones() : ExclusionZones(plan.exclusion_file, s.scene.crs);
  std::set<std::string> ids;
  for (const SiteSpec& site : s.sites) ids.insert(site.id);

  std::vector<Position> positions;
  auto add_position = [&](Position pos) {
    std::string id = pos.id;
    for (int n = 2; !ids.insert(id).second; ++n) id = pos.id + "#" + std::to_string(n);
    pos.id = id;
    positions.push_back(pos);
  };

  // The user's points: list, then file. Outside the grid is an error; in an exclusion zone, skipped and counted.
  std::vector<PlanCandidatePoint> user = plan.candidates;
  if (!plan.candidates_file.empty()) {
    const std::vector<PlanCandidatePoint> from_file = read_candidate_points(plan.candidates_file, s.scene.crs);
    user.insert(user.end(), from_file.begin(), from_file.end());
  }
  for (std::size_t i = 0; i < user.size(); ++i) {
    PlanCandidatePoint p = user[i];
    const bool listed = i < plan.candidates.size();
    const std::string file = listed ? s.source_path : plan.candidates_file;
    const std::string key = listed ? "plan.candidates.list[" + std::to_string(i) + "]" : "candidate " + p.id;
    if (p.from_lonlat) {
      const ProjectedPoint q = lonlat_to_projected(p.lon_deg, p.lat_deg, s.scene.crs);
      p.x_m = q.x_m, p.y_m = q.y_m;
    }
    if (!inside_grid(s.grid, p.x_m, p.y_m)) {
      char where[96];
      std::snprintf(where, sizeof where, "(%.1f, %.1f)", p.x_m, p.y_m);
      throw InputError(file, p.line, key, std::string("candidate '") + p.id + "' at " + where +
                                              " m is outside the grid");
    }
    if (exclusions.contains(p.x_m, p.y_m)) {
      ++set.excluded;
      continue;
    }
    add_position({p.id, p.x_m, p.y_m, p.height_m > 0 ? p.height_m : plan.default_height_m,
                  p.cost > 0 ? p.cost : plan.default_cost});
    ++set.listed;
  }

  const double ground_z = s.grid.base_z_m;
  if (plan.rooftop_min_height_m >= 0) {
    for (const RoofPoint& r : rooftop_points(mesh, ground_z, plan.rooftop_min_height_m)) {
      if (!inside_grid(s.grid, r.x_m, r.y_m)) continue;
      if (exclusions.contains(r.x_m, r.y_m)) {
        ++set.excluded;
        continue;
      }
      add_position({"roof-" + r.building, r.x_m, r.y_m, r.height_m + plan.rooftop_mast_m, plan.rooftop_cost});
      ++set.rooftops;
    }
  }

  if (plan.street_spacing_m > 0) {
    // Lattice points at cell centres of a spacing-sized lattice over the grid; roofs bucketed per lattice cell.
    const double step = plan.street_spacing_m;
    const int nx = std::max(1, static_cast<int>(std::floor((s.grid.xmax_m - s.grid.xmin_m) / step)));
    const int ny = std::max(1, static_cast<int>(std::floor((s.grid.ymax_m - s.grid.ymin_m) / step)));
    if (static_cast<double>(nx) * ny > 1e6) {
      throw InputError(s.source_path, 0, "plan.candidates.streets.spacing_m", "gives more than 1e6 street points");
    }
    std::vector<std::vector<std::size_t>> bucket(static_cast<std::size_t>(nx) * ny);
    const float* p = mesh.positions_m.data();
    for (std::size_t t = 0; t < mesh.triangle_count(); ++t) {
      if (!is_roof(mesh, t, ground_z)) continue;
      double lo_x = 1e300, hi_x = -1e300, lo_y = 1e300, hi_y = -1e300;
      for (int k = 0; k < 3; ++k) {
        const std::uint32_t v = mesh.indices[3 * t + k];
        lo_x = std::min<double>(lo_x, p[3 * v]), hi_x = std::max<double>(hi_x, p[3 * v]);
        lo_y = std::min<double>(lo_y, p[3 * v + 1]), hi_y = std::max<double>(hi_y, p[3 * v + 1]);
      }
      const auto col = [&](double x) {
        return std::clamp(static_cast<int>(std::floor((mesh.origin_x_m + x - s.grid.xmin_m) / step)), 0, nx - 1);
      };
      const auto row = [&](double y) {
        return std::clamp(static_cast<int>(std::floor((mesh.origin_y_m + y - s.grid.ymin_m) / step)), 0, ny - 1);
      };
      for (int j = row(lo_y); j <= row(hi_y); ++j) {
        for (int i = col(lo_x); i <= col(hi_x); ++i) bucket[static_cast<std::size_t>(j) * nx + i].push_back(t);
      }
    }
    for (int j = 0; j < ny; ++j) {
      for (int i = 0; i < nx; ++i) {
        const double x = s.grid.xmin_m + (i + 0.5) * step, y = s.grid.ymin_m + (j + 0.5) * step;
        bool in_building = false;
        for (std::size_t t : bucket[static_cast<std::size_t>(j) * nx + i]) {
          in_building = in_building || inside_triangle_xy(mesh, t, x - mesh.origin_x_m, y - mesh.origin_y_m);
        }
        if (in_building) continue;
        if (exclusions.contains(x, y)) {
          ++set.excluded;
          continue;
        }
        add_position({"street-" + std::to_string(i) + "-" + std::to_string(j), x, y, plan.street_height_m,
                      plan.street_cost});
        ++set.streets;
      }
    }
  }
  if (positions.empty()) {
    throw InputError(s.source_path, 0, "plan.candidates",
                     "no candidate sites remain (" + std::to_string(set.excluded) +
                         " in exclusion zones): add candidates or widen the grid");
  }

  // Existing sites: locked candidates with their own sectors.
  std::uint32_t row = 0;
  for (const SiteSpec& site : s.sites) {
    Candidate c;
    c.id = site.id, c.group = site.id, c.cost = 0, c.locked = true, c.x_m = site.x_m, c.y_m = site.y_m;
    for (std::size_t k = 0; k < site.sectors.size(); ++k) c.sectors.push_back(row++);
    set.matrix_sites.push_back(site);
    set.candidates.push_back(c);
    set.candidate_sites.push_back(site);
    ++set.existing;
  }
  // New positions: every (azimuth offset, tilt) configuration of the sector template.
  const PlanSectorTemplate& t = plan.sectors;
  const bool several = t.azimuth_offsets_deg.size() * t.tilts_deg.size() > 1;
  for (const Position& pos : positions) {
    SiteSpec all{pos.id, pos.x_m, pos.y_m, pos.height_m, {}, false, 0, 0};
    for (double offset : t.azimuth_offsets_deg) {
      for (double tilt : t.tilts_deg) {
        Candidate c;
        c.id = several ? pos.id + "/az" + format_deg(offset) + "-tilt" + format_deg(tilt) : pos.id;
        c.group = pos.id, c.cost = pos.cost, c.x_m = pos.x_m, c.y_m = pos.y_m;
        SiteSpec site{pos.id, pos.x_m, pos.y_m, pos.height_m, {}, false, 0, 0};
        for (int k = 0; k < t.sector_count; ++k) {
          SectorSpec sector;
          sector.id = pos.id + "-" + std::to_string(k + 1);
          sector.azimuth_deg = std::fmod(offset + k * 360.0 / t.sector_count, 360.0);
          sector.tilt_deg = tilt, sector.power_dbm = t.power_dbm;
          sector.antenna = t.antenna, sector.polarization = t.polarization;
          site.sectors.push_back(sector);
          all.sectors.push_back(sector);
          c.sectors.push_back(row++);
        }
        set.candidates.push_back(c);
        set.candidate_sites.push_back(site);
      }
    }
    set.matrix_sites.push_back(all);
  }
  return set;
}

}  // namespace tarang

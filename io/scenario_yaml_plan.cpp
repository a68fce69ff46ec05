// Scenario reader: the `plan:` section (candidates, sector template, demand, targets, budget, search).
#include <cmath>
#include <filesystem>
#include <set>

#include "io/scenario_yaml_sections.h"

namespace tarang::yaml_detail {

namespace {

// A list of numbers under `key` (a single number is a list of one), each within [lo, hi].
std::vector<double> number_list(MapReader& m, const std::string& key, std::vector<double> fallback, double lo,
                                double hi, const std::string& unit) {
  YAML::Node node = m.optional(key);
  if (!node.IsDefined() || node.IsNull()) return fallback;
  std::vector<double> values;
  if (node.IsScalar()) {
    values.push_back(m.to_number(node, m.child_path(key)));
  } else if (node.IsSequence() && node.size() > 0) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      values.push_back(m.to_number(node[i], m.child_path(key) + "[" + std::to_string(i) + "]"));
    }
  } else {
    m.fail_at(line_of(node), m.child_path(key), "expected a number or a non-empty list of numbers, got " +
                                                    describe(node));
  }
  for (double v : values) {
    m.check(v >= lo && v <= hi, key, "values must be between " + format_number(lo) + " and " + format_number(hi) +
                                         " " + unit + " (got " + format_number(v) + ")");
  }
  return values;
}

// `candidates.list`: explicit candidate positions.
void read_candidate_list(MapReader& m, PlanSpec& plan, std::set<std::string>& ids) {
  YAML::Node list = m.optional("list");
  if (!list.IsDefined() || list.IsNull()) return;
  if (!list.IsSequence()) m.fail_at(line_of(list), m.child_path("list"), "expected a list, got " + describe(list));
  for (std::size_t i = 0; i < list.size(); ++i) {
    MapReader c(list[i], m.child_path("list") + "[" + std::to_string(i) + "]", m.file(), line_of(list),
                {"id", "x_m", "y_m", "lon", "lat", "height_m", "cost"});
    PlanCandidatePoint p;
    p.line = line_of(list[i]);
    p.id = c.text("id", std::nullopt);
    c.check(!p.id.empty(), "id", "must not be empty");
    c.check(ids.insert(p.id).second, "id", "duplicate candidate id '" + p.id + "'");
    const PlacedPoint at = read_position(c);
    p.from_lonlat = at.from_lonlat, p.x_m = at.x_m, p.y_m = at.y_m, p.lon_deg = at.lon_deg, p.lat_deg = at.lat_deg;
    p.height_m = c.number("height_m", 0.0);
    c.check(p.height_m >= 0 && p.height_m <= 1000, "height_m", "must be between 0 and 1000 m above ground");
    p.cost = c.number("cost", 0.0);
    c.check(p.cost >= 0 && p.cost <= 1e12, "cost", "must be >= 0 (0 = candidates.default_cost)");
    plan.candidates.push_back(p);
  }
}

void read_candidates(MapReader& plan_reader, const std::string& base_dir, PlanSpec& plan) {
  YAML::Node node = plan_reader.required("candidates");
  MapReader m(node, plan_reader.child_path("candidates"), plan_reader.file(), plan_reader.line(),
              {"list", "file", "default_height_m", "default_cost", "rooftops", "streets", "exclusion"});
  std::set<std::string> ids;
  read_candidate_list(m, plan, ids);
  if (m.optional("file").IsDefined()) plan.candidates_file = existing_file(m, "file", base_dir);
  plan.default_height_m = m.number("default_height_m", plan.default_height_m);
  require_range(m, "default_height_m", plan.default_height_m, 0.5, 1000, "m");
  plan.default_cost = m.number("default_cost", plan.default_cost);
  m.check(plan.default_cost > 0, "default_cost", "must be > 0");
  if (YAML::Node roof = m.optional("rooftops"); roof.IsDefined() && !roof.IsNull()) {
    MapReader r(roof, m.child_path("rooftops"), m.file(), m.line(), {"min_height_m", "mast_m", "cost"});
    plan.rooftop_min_height_m = r.number("min_height_m", std::nullopt);
    require_range(r, "min_height_m", plan.rooftop_min_height_m, 0, 1000, "m");
    plan.rooftop_mast_m = r.number("mast_m", plan.rooftop_mast_m);
    require_range(r, "mast_m", plan.rooftop_mast_m, 0.5, 100, "m");
    plan.rooftop_cost = r.number("cost", plan.default_cost);
    r.check(plan.rooftop_cost > 0, "cost", "must be > 0");
  }
  if (YAML::Node streets = m.optional("streets"); streets.IsDefined() && !streets.IsNull()) {
    MapReader r(streets, m.child_path("streets"), m.file(), m.line(), {"spacing_m", "height_m", "cost"});
    plan.street_spacing_m = r.number("spacing_m", std::nullopt);
    require_range(r, "spacing_m", plan.street_spacing_m, 1, 1e5, "m");
    plan.street_height_m = r.number("height_m", plan.street_height_m);
    require_range(r, "height_m", plan.street_height_m, 0.5, 1000, "m");
    plan.street_cost = r.number("cost", plan.default_cost);
    r.check(plan.street_cost > 0, "cost", "must be > 0");
  }
  if (m.optional("exclusion").IsDefined()) plan.exclusion_file = existing_file(m, "exclusion", base_dir);
  m.check(!plan.candidates.empty() || !plan.candidates_file.empty() || plan.rooftop_min_height_m >= 0 ||
              plan.street_spacing_m > 0,
          "list", "no candidates: give a list, a file, rooftops or streets");
}

void read_sector_template(MapReader& plan_reader, const std::string& base_dir, RadioSpec& radio, PlanSpec& plan) {
  YAML::Node node = plan_reader.optional("sectors");
  PlanSectorTemplate& t = plan.sectors;
  t.polarization = radio.polarization;
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader m(node, plan_reader.child_path("sectors"), plan_reader.file(), plan_reader.line(),
              {"count", "azimuth_offsets_deg", "tilts_deg", "power_dbm", "antenna", "polarization"});
  const double count = m.number("count", 3.0);
  m.check(count >= 1 && count <= 12 && count == std::floor(count), "count", "must be a whole number from 1 to 12");
  t.sector_count = static_cast<int>(count);
  t.azimuth_offsets_deg = number_list(m, "azimuth_offsets_deg", t.azimuth_offsets_deg, 0, 360, "deg");
  t.tilts_deg = number_list(m, "tilts_deg", t.tilts_deg, -90, 90, "deg");
  m.check(t.azimuth_offsets_deg.size() * t.tilts_deg.size() <= 64, "tilts_deg",
          "at most 64 configurations per site (azimuth offsets x tilts)");
  t.power_dbm = m.number("power_dbm", t.power_dbm);
  require_range(m, "power_dbm", t.power_dbm, -30, 80, "dBm");
  if (m.optional("antenna").IsDefined()) t.antenna = read_antenna(m, base_dir);
  t.polarization = static_cast<SectorPolarization>(
      m.choice("polarization", {"V", "H", "slant45", "cross"}, static_cast<int>(radio.polarization)));
}

void read_demand(MapReader& plan_reader, const std::string& base_dir, PlanSpec& plan) {
  YAML::Node node = plan_reader.optional("demand");
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader m(node, plan_reader.child_path("demand"), plan_reader.file(), plan_reader.line(),
              {"file", "users_per_1000_m3", "mbps_per_user", "capacity", "max_utilisation"});
  if (m.optional("file").IsDefined()) plan.demand_file = existing_file(m, "file", base_dir);
  plan.users_per_1000_m3 = m.number("users_per_1000_m3", 0.0);
  m.check(plan.users_per_1000_m3 >= 0 && plan.users_per_1000_m3 <= 1e4, "users_per_1000_m3",
          "must be between 0 and 10000");
  m.check(plan.demand_file.empty() || plan.users_per_1000_m3 == 0, "users_per_1000_m3",
          "give either file or users_per_1000_m3, not both");
  plan.demand_mbps_per_user = m.number("mbps_per_user", plan.demand_mbps_per_user);
  m.check(plan.demand_mbps_per_user > 0 && plan.demand_mbps_per_user <= 1e4, "mbps_per_user",
          "must be > 0 and <= 10000 Mbit/s");
  plan.capacity = m.choice("capacity", {"false", "true"}, 0) == 1;
  plan.max_utilisation = m.number("max_utilisation", plan.max_utilisation);
  m.check(plan.max_utilisation > 0 && plan.max_utilisation <= 1, "max_utilisation", "must be > 0 and <= 1");
}

void read_search(MapReader& plan_reader, PlanSpec& plan) {
  YAML::Node node = plan_reader.optional("search");
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader m(node, plan_reader.child_path("search"), plan_reader.file(), plan_reader.line(),
              {"seed", "iterations", "time_limit_s", "bound_time_limit_s"});
  const double seed = m.number("seed", 1.0);
  m.check(seed >= 0 && seed <= 9.0e15 && seed == std::floor(seed), "seed", "must be a whole number >= 0");
  plan.seed = static_cast<std::uint64_t>(seed);
  const double iterations = m.number("iterations", static_cast<double>(plan.iterations));
  m.check(iterations >= 0 && iterations <= 1e9 && iterations == std::floor(iterations), "iterations",
          "must be a whole number from 0 to 1e9");
  plan.iterations = static_cast<std::int64_t>(iterations);
  plan.time_limit_s = m.number("time_limit_s", plan.time_limit_s);
  m.check(plan.time_limit_s > 0 && plan.time_limit_s <= 1e6, "time_limit_s", "must be > 0 s");
  plan.bound_time_limit_s = m.number("bound_time_limit_s", plan.bound_time_limit_s);
  m.check(plan.bound_time_limit_s >= 0 && plan.bound_time_limit_s <= 1e6, "bound_time_limit_s",
          "must be >= 0 s (0 = no bound)");
}

}  // namespace

void read_plan(MapReader& root, const std::string& base_dir, Scenario& s) {
  YAML::Node node = root.optional("plan");
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader m(node, "plan", root.file(), root.line(),
              {"objective", "target_fraction", "min_throughput_p5_mbps", "max_sites", "max_cost", "candidates", "sectors", "demand", "search",
               "keep_rsrp_dbm", "gain_cache"});
  PlanSpec& plan = s.plan;
  plan.enabled = true;
  plan.objective = m.choice("objective", {"max-coverage", "min-cost"}, 1) == 0 ? PlanObjective::MaxCoverage
                                                                             : PlanObjective::MinCost;
  plan.target_fraction = m.number("target_fraction", plan.target_fraction);
  m.check(plan.target_fraction > 0 && plan.target_fraction <= 1, "target_fraction", "must be > 0 and <= 1");
  plan.min_throughput_p5_mbps = m.number("min_throughput_p5_mbps", 0.0);
  m.check(plan.min_throughput_p5_mbps >= 0 && plan.min_throughput_p5_mbps <= 1e5, "min_throughput_p5_mbps",
          "must be between 0 and 100000 Mbit/s");
  m.check(plan.min_throughput_p5_mbps == 0 || plan.objective == PlanObjective::MinCost, "min_throughput_p5_mbps",
          "is a target of the min-cost objective");
  if (m.optional("max_sites").IsDefined()) {
    const double max_sites = m.number("max_sites", std::nullopt);
    m.check(max_sites >= 1 && max_sites <= 1e6 && max_sites == std::floor(max_sites), "max_sites",
            "must be a whole number >= 1");
    plan.max_sites = static_cast<std::size_t>(max_sites);
  }
  if (m.optional("max_cost").IsDefined()) {
    plan.max_cost = m.number("max_cost", std::nullopt);
    m.check(plan.max_cost > 0, "max_cost", "must be > 0");
  }
  m.check(plan.objective == PlanObjective::MinCost || plan.max_sites < std::numeric_limits<std::size_t>::max() ||
              std::isfinite(plan.max_cost),
          "objective", "max-coverage needs a budget: max_sites or max_cost");
  read_candidates(m, base_dir, plan);
  read_sector_template(m, base_dir, s.radio, plan);
  read_demand(m, base_dir, plan);
  read_search(m, plan);
  plan.keep_rsrp_dbm = m.number("keep_rsrp_dbm", plan.keep_rsrp_dbm);
  require_range(m, "keep_rsrp_dbm", plan.keep_rsrp_dbm, -200, -50, "dBm");
  m.check(plan.keep_rsrp_dbm < s.targets.rsrp_dbm, "keep_rsrp_dbm",
          "must be below targets.rsrp_dbm (" + format_number(s.targets.rsrp_dbm) + " dBm), or nothing counts as covered");
  const std::string cache = m.text("gain_cache", "");
  if (cache.empty() || cache == "none") {
    plan.gain_cache_path = cache;
  } else {
    std::filesystem::path p = cache;
    if (p.is_relative() && !base_dir.empty()) p = std::filesystem::path(base_dir) / p;
    plan.gain_cache_path = p.lexically_normal().string();
  }
}

}  // namespace tarang::yaml_detail

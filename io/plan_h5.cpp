// The /plan group of plan result files; the coverage part is written by io/results_h5. HDF5 calls via h5_checked.
//
// Layout of /plan (beside /grid, /sectors, /maps, /kpi of the final plan):
//   attrs   objective ("min-cost" | "max-coverage"), target_fraction, max_sites (-1 = none), max_cost (inf = none),
//           cost, objective_value, covered_fraction, served_fraction, rsrp_covered_fraction, throughput_p5_mbps,
//           overloaded_sectors, target_met (0/1), bound, gap (NaN = none), bound_source, seed (decimal text),
//           runtime_s, iterations, stop_reason
//   /plan/candidates   compound[n]: id, group (strings), cost, locked, selected (float64; flags 0/1)
//   /plan/selected     uint32[n_selected]: indices into /plan/candidates, ascending
//   /plan/trajectory   compound[points]: iteration, phase (0 greedy, 1 search, 2 prune), objective,
//                      best_objective, served_fraction, sites, cost (float64)
#include "io/plan_h5.h"

#include <limits>
#include <string>
#include <vector>

#include "core/error.h"
#include "io/h5_checked.h"
#include "io/h5_file_io.h"
#include "io/results_h5.h"

namespace tarang {
namespace {

const std::vector<std::string> kCandidateStrings = {"id", "group"};
const std::vector<std::string> kCandidateDoubles = {"cost", "locked", "selected"};
const std::vector<std::string> kTrajectoryDoubles = {"iteration", "phase", "objective", "best_objective",
                                                     "served_fraction", "sites", "cost"};

// One float64 attribute of /plan and the field it maps to.
struct PlanField {
  const char* name;
  double PlanResult::*field;
};
constexpr PlanField kPlanFields[] = {
    {"target_fraction", &PlanResult::target_fraction},
    {"max_cost", &PlanResult::max_cost},
    {"cost", &PlanResult::cost},
    {"objective_value", &PlanResult::objective_value},
    {"covered_fraction", &PlanResult::covered_fraction},
    {"served_fraction", &PlanResult::served_fraction},
    {"rsrp_covered_fraction", &PlanResult::rsrp_covered_fraction},
    {"throughput_p5_mbps", &PlanResult::throughput_p5_mbps},
    {"bound", &PlanResult::bound},
    {"gap", &PlanResult::gap},
    {"runtime_s", &PlanResult::runtime_s},
};

// Opens an existing file read-write. h5_checked has no such call yet; this is the one HDF5 call outside it.
h5::Handle open_file_append(const std::string& path) {
  h5::silence_errors();
  return h5::Handle(h5::check_id(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), "open file '" + path + "' to append"),
                    H5Fclose);
}

void write_plan_group(hid_t file, const PlanResult& plan) {
  h5::Handle group = h5::create_group(file, "plan");
  const hid_t g = group.get();
  h5::write_attribute(g, "objective", plan.objective == PlanObjective::MinCost ? "min-cost" : "max-coverage");
  for (const PlanField& f : kPlanFields) h5::write_attribute(g, f.name, plan.*f.field);
  const bool no_site_limit = plan.max_sites == std::numeric_limits<std::size_t>::max();
  h5::write_attribute(g, "max_sites", no_site_limit ? std::int64_t{-1} : static_cast<std::int64_t>(plan.max_sites));
  h5::write_attribute(g, "overloaded_sectors", static_cast<std::int64_t>(plan.overloaded_sectors));
  h5::write_attribute(g, "target_met", std::int64_t{plan.target_met ? 1 : 0});
  h5::write_attribute(g, "bound_source", plan.bound_source);
  h5::write_attribute(g, "seed", std::to_string(plan.seed));
  h5::write_attribute(g, "iterations", static_cast<std::int64_t>(plan.iterations));
  h5::write_attribute(g, "stop_reason", plan.stop_reason);

  h5::Table candidates;
  candidates.string_names = kCandidateStrings;
  candidates.double_names = kCandidateDoubles;
  candidates.string_columns.assign(2, {});
  candidates.double_columns.assign(3, {});
  for (const PlanCandidateRecord& c : plan.candidates) {
    candidates.string_columns[0].push_back(c.id);
    candidates.string_columns[1].push_back(c.group);
    candidates.double_columns[0].push_back(c.cost);
    candidates.double_columns[1].push_back(c.locked ? 1.0 : 0.0);
    candidates.double_columns[2].push_back(c.selected ? 1.0 : 0.0);
  }
  h5::write_table(g, "candidates", candidates);

  const std::vector<std::uint32_t> selected(plan.selected.begin(), plan.selected.end());
  const hsize_t selected_dims[1] = {selected.size()};
  h5::write_dataset(g, "selected", selected_dims, selected.data());

  h5::Table trajectory;
  trajectory.double_names = kTrajectoryDoubles;
  trajectory.double_columns.assign(kTrajectoryDoubles.size(), {});
  for (const PlanTrajectoryPoint& p : plan.trajectory) {
    const double values[] = {static_cast<double>(p.iteration), static_cast<double>(p.phase), p.objective,
                             p.best_objective, p.served_fraction, static_cast<double>(p.sites), p.cost};
    for (std::size_t c = 0; c < kTrajectoryDoubles.size(); ++c) trajectory.double_columns[c].push_back(values[c]);
  }
  h5::write_table(g, "trajectory", trajectory);
}

// Reads /plan; structural problems become InputError(path, ...).
PlanResult read_plan_group(const std::string& path, hid_t file) {
  auto fail = [&](const std::string& message) { throw InputError(path, message); };
  h5::Handle group = h5::open_group(file, "/plan");
  const hid_t g = group.get();
  auto require = [&](const char* name) {
    if (!h5::attribute_exists(g, name)) fail(std::string("missing attribute ") + name + " on /plan");
  };
  PlanResult plan;
  require("objective");
  const std::string objective = h5::read_string_attribute(g, "objective");
  if (objective != "min-cost" && objective != "max-coverage") fail("unknown /plan objective \"" + objective + "\"");
  plan.objective = objective == "min-cost" ? PlanObjective::MinCost : PlanObjective::MaxCoverage;
  for (const PlanField& f : kPlanFields) {
    require(f.name);
    plan.*f.field = h5::read_double_attribute(g, f.name);
  }
  for (const char* name : {"max_sites", "overloaded_sectors", "target_met", "bound_source", "seed", "iterations",
                           "stop_reason"}) {
    require(name);
  }
  const std::int64_t max_sites = h5::read_int_attribute(g, "max_sites");
  plan.max_sites = max_sites < 0 ? std::numeric_limits<std::size_t>::max() : static_cast<std::size_t>(max_sites);
  plan.overloaded_sectors = static_cast<std::size_t>(h5::read_int_attribute(g, "overloaded_sectors"));
  plan.target_met = h5::read_int_attribute(g, "target_met") != 0;
  plan.bound_source = h5::read_string_attribute(g, "bound_source");
  try {
    plan.seed = std::stoull(h5::read_string_attribute(g, "seed"));
  } catch (const std::exception&) {
    fail("attribute seed on /plan is not a whole number");
  }
  plan.iterations = h5::read_int_attribute(g, "iterations");
  plan.stop_reason = h5::read_string_attribute(g, "stop_reason");

  for (const char* name : {"/plan/candidates", "/plan/selected", "/plan/trajectory"}) {
    if (!h5::object_exists(file, name)) fail(std::string("missing dataset ") + name);
  }
  const h5::Table candidates = h5::read_table(file, "/plan/candidates", kCandidateStrings, kCandidateDoubles);
  for (std::size_t i = 0; i < candidates.rows(); ++i) {
    plan.candidates.push_back({candidates.string_columns[0][i], candidates.string_columns[1][i],
                               candidates.double_columns[0][i], candidates.double_columns[1][i] != 0,
                               candidates.double_columns[2][i] != 0});
  }
  std::vector<hsize_t> dims;
  for (std::uint32_t i : h5::read_uint32_dataset(file, "/plan/selected", dims)) {
    if (i >= plan.candidates.size()) fail("/plan/selected names a candidate that /plan/candidates does not have");
    plan.selected.push_back(i);
  }
  const h5::Table trajectory = h5::read_table(file, "/plan/trajectory", {}, kTrajectoryDoubles);
  for (std::size_t i = 0; i < trajectory.rows(); ++i) {
    const auto& c = trajectory.double_columns;
    plan.trajectory.push_back({static_cast<std::int64_t>(c[0][i]), static_cast<int>(c[1][i]), c[2][i], c[3][i],
                               c[4][i], static_cast<std::size_t>(c[5][i]), c[6][i]});
  }
  return plan;
}

}  // namespace

void write_plan_result(const std::string& path, const CoverageResult& coverage, const PlanResult& plan) {
  write_atomically(path, [&](const std::string& temp) {
    write_coverage_result(temp, coverage);
    h5::Handle file = open_file_append(temp);
    write_plan_group(file.get(), plan);
    file.close("close (flush) " + temp);
  });
}

std::optional<PlanResult> read_plan_result(const std::string& path) {
  check_readable_hdf5(path);
  try {
    h5::Handle file = h5::open_file_read(path);
    if (!h5::object_exists(file.get(), "/plan")) return std::nullopt;
    PlanResult plan = read_plan_group(path, file.get());
    file.close("close " + path);
    return plan;
  } catch (const RuntimeFailure& e) {
    throw RuntimeFailure("reading " + path + ": " + e.what());
  }
}

}  // namespace tarang

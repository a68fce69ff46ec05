// Planner benchmarks (issue #8): time to plan 500 candidates over 1e6 cells to 95 % coverage (gain matrix, greedy,
// annealing, LP bound), and plan size against the CBC optimum on instances CBC solves within two minutes.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <random>
#include <string>

#include "benchmarks/peak_memory.h"
#include "planner/gain_matrix.h"
#include "planner/set_cover_milp.h"
#include "planner/site_selection.h"

namespace tarang {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// A synthetic layout: `sites` tri-sector 3.5 GHz macro candidates (46 dBm, 25-35 m, 6 deg tilt, random azimuth
// offset) on a jittered grid over a square of `side` cells of 10 m; TR 38.901 UMa with probabilistic LOS; load 0.5.
Scenario synthetic_candidates(int sites, int side) {
  Scenario s;
  s.name = "synthetic";
  s.radio.frequency_hz = 3.5e9;
  s.radio.load = 0.5;
  s.grid = GridSpec{0, 0, side * 10.0, side * 10.0, 10, 1.5};
  std::mt19937_64 rng(2026);
  std::uniform_real_distribution<double> unit(0, 1);
  const int per_row = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(sites))));
  const double pitch_m = side * 10.0 / per_row;
  for (int i = 0; i < sites; ++i) {
    SiteSpec site;
    site.id = "s" + std::to_string(i);
    site.x_m = ((i % per_row) + 0.2 + 0.6 * unit(rng)) * pitch_m;
    site.y_m = ((i / per_row) + 0.2 + 0.6 * unit(rng)) * pitch_m;
    site.height_m = 25 + 10 * unit(rng);
    const double offset_deg = 120 * unit(rng);
    for (int k = 0; k < 3; ++k) {
      SectorSpec sector;
      sector.id = site.id + "-" + std::to_string(k);
      sector.azimuth_deg = offset_deg + 120 * k;
      sector.tilt_deg = 6;
      sector.power_dbm = 46;
      site.sectors.push_back(sector);
    }
    s.sites.push_back(site);
  }
  return s;
}

RasterGrid grid_of(int side) {
  RasterGrid g;
  g.cell_m = 10, g.nx = side, g.ny = side, g.north_m = side * 10.0, g.height_m = 1.5;
  return g;
}

// One candidate per site (its three sectors), cost 1.
std::vector<Candidate> site_candidates(const Scenario& s) {
  std::vector<Candidate> out;
  std::uint32_t row = 0;
  for (const SiteSpec& site : s.sites) {
    Candidate c;
    c.id = site.id, c.x_m = site.x_m, c.y_m = site.y_m;
    for (std::size_t k = 0; k < site.sectors.size(); ++k) c.sectors.push_back(row++);
    out.push_back(c);
  }
  return out;
}

struct Instance {
  Scenario scenario;
  SparseGainMatrix gains;
  SparseGainColumns columns;
  PlanProblem problem;
  double matrix_s = 0, transpose_s = 0;
};

// keep_rsrp_dbm: cells below this are dropped as servers and interferers (noise per RE is -122.2 dBm).
std::unique_ptr<Instance> make_instance(int sites, int side, double keep_rsrp_dbm) {
  auto in = std::make_unique<Instance>();
  in->scenario = synthetic_candidates(sites, side);
  GainMatrixOptions options;
  options.keep_rsrp_dbm = keep_rsrp_dbm;
  auto t = Clock::now();
  in->gains = build_empirical_gain_matrix(in->scenario, grid_of(side), options);
  in->matrix_s = seconds_since(t);
  t = Clock::now();
  in->columns = transpose_gain_matrix(in->gains);
  in->transpose_s = seconds_since(t);
  PlanProblem& p = in->problem;
  p.gains = &in->gains, p.columns = &in->columns;
  p.budget = link_budget_of(in->scenario);
  p.targets = in->scenario.targets;
  p.candidates = site_candidates(in->scenario);
  return in;
}

// range(0): candidates, range(1): grid side in cells, range(2): annealing iterations.
void BM_PlanToCoverageTarget(benchmark::State& state) {
  const int sites = static_cast<int>(state.range(0)), side = static_cast<int>(state.range(1));
  for (auto _ : state) {
    const bench::PeakMemoryProbe probe;
    const auto start = Clock::now();
    auto in = make_instance(sites, side, -130);
    auto t = Clock::now();
    const auto coverage = candidate_rsrp_coverage(in->problem);
    PlanGoal goal;
    goal.target_fraction = 0.95;
    const GreedyResult greedy = greedy_select(in->problem, coverage, goal, true);
    const double greedy_s = seconds_since(t);
    SearchOptions options;
    options.max_iterations = state.range(2);
    options.time_limit_s = 180;
    t = Clock::now();
    PlanResult plan = plan_sites(in->problem, goal, options);
    const double plan_s = seconds_since(t);
    SetCoverOptions lp;
    lp.solve_integer = false;
    lp.time_limit_s = 60;
    t = Clock::now();
    const SetCoverSolution bound = solve_set_cover(in->problem, coverage, goal, lp);
    const double lp_s = seconds_since(t);
    apply_set_cover_bound(bound, plan);
    state.counters["total_s"] = seconds_since(start);
    state.counters["matrix_s"] = in->matrix_s;
    state.counters["transpose_s"] = in->transpose_s;
    state.counters["greedy_s"] = greedy_s;
    state.counters["plan_s"] = plan_s;
    state.counters["lp_s"] = lp_s;
    state.counters["entries_M"] = static_cast<double>(in->gains.entry_count()) / 1e6;
    state.counters["peak_MiB"] = probe.peak_mib();
    state.counters["greedy_sites"] = static_cast<double>(greedy.picks.size());
    state.counters["plan_sites"] = static_cast<double>(plan.selected.size());
    state.counters["covered"] = plan.covered_fraction;
    state.counters["rsrp_covered"] = plan.rsrp_covered_fraction;
    state.counters["lp_bound"] = bound.bound;
    state.counters["gap"] = plan.gap;
    state.counters["classes"] = static_cast<double>(bound.cell_classes);
    state.counters["iterations"] = static_cast<double>(plan.iterations);
    state.SetLabel(std::string(plan.target_met ? "target met" : "target NOT met") + ", stop: " + plan.stop_reason);
  }
}
BENCHMARK(BM_PlanToCoverageTarget)
    ->Args({500, 1000, 20000})
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

// Plan size against CBC on the RSRP-only criterion (SINR target -100 dB, so the heuristic's objective is the
// MILP's): greedy alone, greedy + annealing, and CBC's optimum or bound within 120 s.
void BM_PlanSizeVersusCbc(benchmark::State& state) {
  const int sites = static_cast<int>(state.range(0)), side = static_cast<int>(state.range(1));
  for (auto _ : state) {
    auto in = make_instance(sites, side, -110);
    in->problem.targets.sinr_db = -100;
    PlanGoal goal;
    goal.target_fraction = 0.95;
    const auto coverage = candidate_rsrp_coverage(in->problem);
    const GreedyResult greedy = greedy_select(in->problem, coverage, goal, true);
    SearchOptions options;
    options.max_iterations = 20000;
    options.time_limit_s = 120;
    auto t = Clock::now();
    const PlanResult plan = plan_sites(in->problem, goal, options);
    const double plan_s = seconds_since(t);
    SetCoverOptions milp;
    milp.time_limit_s = 120;
    milp.start = plan.selected;
    t = Clock::now();
    const SetCoverSolution cbc = solve_set_cover(in->problem, coverage, goal, milp);
    state.counters["cbc_s"] = seconds_since(t);
    state.counters["plan_s"] = plan_s;
    state.counters["greedy_sites"] = static_cast<double>(greedy.picks.size());
    state.counters["plan_sites"] = static_cast<double>(plan.selected.size());
    state.counters["cbc_sites"] = cbc.selected.empty() ? NAN : static_cast<double>(cbc.selected.size());
    state.counters["cbc_bound"] = cbc.bound;
    state.counters["lp_bound"] = cbc.lp_bound;
    state.counters["classes"] = static_cast<double>(cbc.cell_classes);
    state.SetLabel(cbc.status == SetCoverStatus::Optimal ? "CBC optimal" : "CBC stopped at the time limit");
  }
}
BENCHMARK(BM_PlanSizeVersusCbc)
    ->Args({60, 250})
    ->Args({120, 350})
    ->Args({250, 500})
    ->Args({500, 700})
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace
}  // namespace tarang

BENCHMARK_MAIN();

// Incremental coverage state: hand-computed SINR and capacity, and 1e3 random add/drop moves against a full
// recomputation with compute_best_server_maps.
#include "planner/coverage_state.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "planner/coverage_kpis.h"
#include "tests/planner/plan_test_support.h"

namespace tarang {
namespace {

using test::kNoSignal;

double mw(double dbm) { return std::pow(10.0, dbm / 10.0); }
const double kNoiseDbm = -174 + 10 * std::log10(30e3) + 7;  // -122.23 dBm per RE

TEST(CoverageState, TwoSectorsMatchTheClosedForm) {
  // Cell 0: -80 vs -90 dBm; cell 1: only sector 1 at -100; cell 2: none.
  auto t = test::make_problem({{-80, kNoSignal, kNoSignal}, {-90, -100, kNoSignal}});
  const PlanProblem& p = t->problem;
  CoverageState s(*p.gains, *p.columns, p.budget, p.targets);
  s.add_sector(0);
  s.add_sector(1);
  const CellRadio c0 = s.cell(0), c1 = s.cell(1), c2 = s.cell(2);
  EXPECT_EQ(c0.best_sector, 0);
  EXPECT_NEAR(c0.rsrp_dbm, -80, 1e-4);  // float gain storage
  EXPECT_NEAR(c0.sinr_db, 10 * std::log10(mw(-80) / (mw(-90) + mw(kNoiseDbm))), 1e-4);
  EXPECT_EQ(c1.best_sector, 1);
  EXPECT_NEAR(c1.sinr_db, -100 - kNoiseDbm, 1e-4);
  EXPECT_EQ(c2.best_sector, -1);
  EXPECT_EQ(c2.rsrp_dbm, -INFINITY);
  EXPECT_EQ(s.covered_cells(), 2u);  // cell 0 at 10 dB, cell 1 at 22 dB; cell 2 has no signal
  EXPECT_EQ(s.computed_cells(), 3u);

  s.remove_sector(0);  // cell 0 falls back to sector 1 alone
  EXPECT_EQ(s.cell(0).best_sector, 1);
  EXPECT_NEAR(s.cell(0).sinr_db, -90 - kNoiseDbm, 1e-4);
  EXPECT_NEAR(s.covered_demand(), 2.0, 1e-12);
}

TEST(CoverageState, SectorsAreReferenceCounted) {
  auto t = test::make_problem({{-80, -80}});
  const PlanProblem& p = t->problem;
  CoverageState s(*p.gains, *p.columns, p.budget, p.targets);
  s.add_sector(0);
  s.add_sector(0);
  EXPECT_NEAR(s.cell(0).sinr_db, -80 - kNoiseDbm, 1e-4);  // not counted twice as its own interferer
  s.remove_sector(0);
  EXPECT_TRUE(s.is_selected(0));
  s.remove_sector(0);
  EXPECT_FALSE(s.is_selected(0));
  EXPECT_EQ(s.covered_cells(), 0u);
  EXPECT_THROW(s.remove_sector(0), std::logic_error);
}

TEST(CoverageState, CapacityShareOfAnOverloadedSectorByHand) {
  // One sector, two cells at -80 dBm (SNR 42 dB: spectral efficiency capped at 4.4 b/s/Hz -> 440 Mbit/s per
  // carrier). Demands 300 + 300 Mbit/s need 600/440 of the carrier: served share 440/600.
  auto t = test::make_problem({{-80, -80}});
  const PlanProblem& p = t->problem;
  const std::vector<float> demand = {300, 300};
  CoverageState s(*p.gains, *p.columns, p.budget, p.targets, demand, CapacityModel{true, 1.0});
  s.add_sector(0);
  EXPECT_NEAR(s.covered_demand(), 600, 1e-9);
  EXPECT_NEAR(s.served_demand(), 440, 1e-6);
  EXPECT_NEAR(s.served_demand_fraction(), 440.0 / 600.0, 1e-9);
  const CoverageSummary summary = s.summary();
  EXPECT_EQ(summary.overloaded_sectors, 1u);
  EXPECT_NEAR(summary.served_demand_fraction, 440.0 / 600.0, 1e-9);
  EXPECT_NEAR(summary.throughput_p5_mbps, 440.0 * 440.0 / 600.0, 1e-3);  // each cell: full rate x share
  // At 50 % utilisation the sector can give 220 Mbit/s.
  CoverageState half(*p.gains, *p.columns, p.budget, p.targets, demand, CapacityModel{true, 0.5});
  half.add_sector(0);
  EXPECT_NEAR(half.served_demand(), 220, 1e-6);
}

TEST(CoverageState, CapacityIgnoresCellsThatAreNotCovered) {
  // Cell 1 is below the RSRP target: its demand is neither covered nor served, and loads no sector.
  auto t = test::make_problem({{-80, -110}});
  const PlanProblem& p = t->problem;
  const std::vector<float> demand = {100, 1000};
  CoverageState s(*p.gains, *p.columns, p.budget, p.targets, demand, CapacityModel{true, 1.0});
  s.add_sector(0);
  EXPECT_NEAR(s.served_demand(), 100, 1e-9);
  EXPECT_NEAR(s.served_demand_fraction(), 100.0 / 1100.0, 1e-12);
  EXPECT_EQ(s.summary().overloaded_sectors, 0u);
}

// The dense maps a full recomputation sees: the stored gain for selected sectors' kept cells, -inf elsewhere, NaN
// where the matrix says the cell was not computed.
CoverageMaps dense_maps(const SparseGainMatrix& m, const std::vector<bool>& selected) {
  CoverageMaps maps;
  const std::size_t cells = m.cell_count;
  maps.gain_db.assign(m.sector_count() * cells, -INFINITY);
  for (std::size_t k = 0; k < m.sector_count(); ++k) {
    if (!selected[k]) continue;
    m.for_each_entry(k, [&](std::size_t c, float g) { maps.gain_db[k * cells + c] = g; });
  }
  for (std::size_t c = 0; c < cells; ++c) {
    if (m.computed[c]) continue;
    for (std::size_t k = 0; k < m.sector_count(); ++k) maps.gain_db[k * cells + c] = NAN;
  }
  return maps;
}

TEST(CoverageState, ThousandRandomMovesMatchFullRecomputation) {
  // 24 sectors with random RSRP over 600 cells (some not computed, many below the keep threshold; whole dB in
  // the odd cells, so that equally strong sectors tie there).
  std::mt19937_64 rng(2026);
  std::uniform_real_distribution<double> rsrp(-140, -60);
  std::uniform_int_distribution<int> pick(0, 23);
  const std::size_t sectors = 24, cells = 600;
  std::vector<std::vector<double>> table(sectors, std::vector<double>(cells));
  for (auto& row : table) {
    for (std::size_t c = 0; c < cells; ++c) row[c] = c % 97 == 5 ? NAN : c % 2 ? std::round(rsrp(rng) / 4) * 4 : rsrp(rng);
  }
  auto t = test::make_problem(table, 0.7, -125);
  const PlanProblem& p = t->problem;
  CoverageState s(*p.gains, *p.columns, p.budget, p.targets);
  std::vector<bool> selected(sectors, false);
  for (int move = 0; move < 1000; ++move) {
    const int k = pick(rng);
    if (selected[static_cast<std::size_t>(k)]) {
      s.remove_sector(static_cast<std::uint32_t>(k));
    } else {
      s.add_sector(static_cast<std::uint32_t>(k));
    }
    selected[static_cast<std::size_t>(k)] = !selected[static_cast<std::size_t>(k)];
  }
  CoverageMaps maps = dense_maps(*p.gains, selected);
  compute_best_server_maps(p.budget, cells, maps, 1);
  std::size_t compared = 0;
  for (std::size_t c = 0; c < cells; ++c) {
    const CellRadio r = s.cell(c);
    if (std::isnan(maps.rsrp_dbm[c])) {
      EXPECT_FALSE(p.gains->computed[c]);
      continue;
    }
    ASSERT_EQ(r.best_sector, maps.best_sector[c]) << "cell " << c;
    if (std::isinf(maps.rsrp_dbm[c])) {
      EXPECT_EQ(r.rsrp_dbm, -INFINITY);
      continue;
    }
    EXPECT_NEAR(r.rsrp_dbm, maps.rsrp_dbm[c], 1e-4) << "cell " << c;  // float32 map storage
    EXPECT_NEAR(r.sinr_db, maps.sinr_db[c], 1e-4) << "cell " << c;
    ++compared;
  }
  EXPECT_GT(compared, cells / 2);
  const CoverageKpis kpis = compute_coverage_kpis(maps, p.targets);
  EXPECT_NEAR(s.summary().covered_fraction, kpis.covered_fraction, 1e-12);
  EXPECT_NEAR(static_cast<double>(s.covered_cells()) / static_cast<double>(s.computed_cells()), kpis.covered_fraction,
              1e-12);
}

}  // namespace
}  // namespace tarang

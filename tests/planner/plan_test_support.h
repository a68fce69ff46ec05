// Hand-built planning problems for the planner tests: sectors given by their RSRP per cell, one candidate each.
#pragma once

#include <cmath>
#include <limits>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "planner/gain_matrix.h"
#include "planner/site_selection.h"
#include "propagation/link_budget.h"

namespace tarang::test {

constexpr double kNoSignal = -std::numeric_limits<double>::infinity();

// 100 MHz at 30 kHz (273 RB), NF 7 dB, full load, 46 dBm per sector.
inline LinkBudget test_budget(std::size_t sectors, double load = 1.0) {
  LinkBudget b;
  b.power_dbm.assign(sectors, 46.0);
  b.n_rb = 273;
  b.noise_per_re_dbm = -174 + 10 * std::log10(30e3) + 7;
  b.load = load;
  b.bandwidth_hz = 100e6;
  return b;
}

// The matrix, its transpose and a problem over them (not movable: the problem points at the matrix).
struct TestProblem {
  SparseGainMatrix gains;
  SparseGainColumns columns;
  PlanProblem problem;
  TestProblem() = default;
  TestProblem(const TestProblem&) = delete;
  TestProblem& operator=(const TestProblem&) = delete;
};

// rsrp_dbm[k][c]: RSRP per RE of sector k at cell c (kNoSignal: none; NaN: cell not computed). Candidate k is
// sector k alone ("c<k>", cost 1, at x = k). Targets -105 dBm / -5 dB.
inline std::unique_ptr<TestProblem> make_problem(const std::vector<std::vector<double>>& rsrp_dbm,
                                                 double load = 1.0, double keep_rsrp_dbm = -150) {
  auto t = std::make_unique<TestProblem>();
  const std::size_t sectors = rsrp_dbm.size(), cells = rsrp_dbm.front().size();
  const LinkBudget budget = test_budget(sectors, load);
  const double offset = rsrp_per_re_dbm(46.0, 273, 0.0);
  std::vector<float> dense;
  for (const auto& row : rsrp_dbm) {
    for (double r : row) dense.push_back(static_cast<float>(r - offset));
  }
  SparseGainMatrixBuilder builder(cells, keep_rsrp_dbm);
  builder.append(dense, std::vector<double>(sectors, offset), 1);
  t->gains = builder.finish();
  t->columns = transpose_gain_matrix(t->gains);
  PlanProblem& p = t->problem;
  p.gains = &t->gains;
  p.columns = &t->columns;
  p.budget = budget;
  p.targets = TargetSpec{-105, -5};
  for (std::size_t k = 0; k < sectors; ++k) {
    Candidate c;
    c.id = (std::ostringstream() << 'c' << k).str();  // not "c" + ...: a GCC 12 -Wrestrict false positive
    c.x_m = static_cast<double>(k);
    c.sectors = {static_cast<std::uint32_t>(k)};
    p.candidates.push_back(c);
  }
  return t;
}

// Set-cover style sectors: sector k gives -80 dBm on the cells of sets[k] and nothing elsewhere.
inline std::unique_ptr<TestProblem> make_set_problem(const std::vector<std::vector<int>>& sets, std::size_t cells) {
  std::vector<std::vector<double>> rsrp(sets.size(), std::vector<double>(cells, kNoSignal));
  for (std::size_t k = 0; k < sets.size(); ++k) {
    for (int c : sets[k]) rsrp[k][static_cast<std::size_t>(c)] = -80;
  }
  return make_problem(rsrp);
}

}  // namespace tarang::test

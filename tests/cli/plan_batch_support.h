// Plan batch tests: small plan scenarios and bit-for-bit comparison of gains caches, /plan groups and files.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "batch_test_support.h"
#include "io/gain_matrix_h5.h"
#include "io/plan_h5.h"

namespace tarang::test {

// A 2 km x 2 km UMa area at 40 m: one existing site and a 400 m street lattice of candidates with two tilts
// (26 positions, 51 configurations).
inline std::string empirical_plan_yaml() {
  return "name: small\nscene: {crs: EPSG:32643, ground: flat}\n"
         "radio: {frequency_hz: 3.5e9, bandwidth_hz: 20e6, subcarrier_spacing_hz: 30e3, noise_figure_db: 7, "
         "load: 0.5}\n"
         "sites:\n  - id: old\n    x_m: 715500\n    y_m: 3167500\n    height_m: 30\n    sectors:\n"
         "      - {id: old-a, azimuth_deg: 0, tilt_deg: 6, power_dbm: 46, antenna: 3gpp-38901}\n"
         "      - {id: old-b, azimuth_deg: 120, tilt_deg: 6, power_dbm: 46, antenna: 3gpp-38901}\n"
         "propagation: {model: 3gpp-38901, scenario: uma, los: probabilistic}\n"
         "grid: {bounds_m: [715000, 3167000, 717000, 3169000], cell_m: 40, height_m: 1.5}\n"
         "targets: {rsrp_dbm: -95, sinr_db: -5}\n"
         "plan:\n  target_fraction: 0.9\n  candidates:\n    streets: {spacing_m: 400, height_m: 25}\n"
         "  sectors: {count: 3, tilts_deg: [4, 8], power_dbm: 46, antenna: 3gpp-38901}\n"
         "  search: {seed: 7, iterations: 400, bound_time_limit_s: 5}\n";
}

// Rooftop candidates on a procedural city, ray traced with few rays (16 positions).
inline std::string raytraced_plan_yaml() {
  return "name: rt\nscene: {procedural: {blocks: 4, seed: 7}, ground: flat}\n"
         "radio: {frequency_hz: 3.5e9, bandwidth_hz: 20e6, subcarrier_spacing_hz: 30e3, load: 0.8}\n"
         "propagation: {model: raytrace}\nraytrace: {rays: 20000, max_depth: 2, engine: cpu}\n"
         "grid: {cell_m: 10, height_m: 1.5}\ntargets: {rsrp_dbm: -100, sinr_db: -5}\n"
         "plan:\n  target_fraction: 0.5\n  candidates:\n    rooftops: {min_height_m: 0, mast_m: 5}\n"
         "  sectors: {count: 3, tilts_deg: [6], power_dbm: 43}\n"
         "  demand: {users_per_1000_m3: 0.01}\n  search: {iterations: 300, bound_time_limit_s: 5}\n";
}

inline std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline bool same_double(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Both gain matrix caches hold the same key and every stored value bit for bit.
inline void expect_same_gains_cache(const std::string& expected_path, const std::string& actual_path) {
  std::string key_text;
  {
    h5::Handle file = h5::open_file_read(expected_path);
    key_text = h5::read_string_attribute(file.get(), "input_key");
  }
  const std::uint64_t key = std::stoull(key_text, nullptr, 16);
  std::string why;
  const std::optional<SparseGainMatrix> e = read_gain_matrix_cache(expected_path, key, &why);
  ASSERT_TRUE(e.has_value()) << why;
  const std::optional<SparseGainMatrix> a = read_gain_matrix_cache(actual_path, key, &why);
  ASSERT_TRUE(a.has_value()) << why;  // also: the same input key
  EXPECT_EQ(e->cell_count, a->cell_count);
  EXPECT_TRUE(same_double(e->keep_rsrp_dbm, a->keep_rsrp_dbm));
  EXPECT_TRUE(same_bits(e->rsrp_offset_db, a->rsrp_offset_db)) << actual_path;
  EXPECT_TRUE(same_bits(e->computed, a->computed)) << actual_path;
  EXPECT_TRUE(same_bits(e->run_offsets, a->run_offsets)) << actual_path;
  EXPECT_TRUE(same_bits(e->gain_offsets, a->gain_offsets)) << actual_path;
  ASSERT_EQ(e->runs.size(), a->runs.size()) << actual_path;
  EXPECT_EQ(std::memcmp(e->runs.data(), a->runs.data(), e->runs.size() * sizeof(GainRun)), 0) << actual_path;
  EXPECT_TRUE(same_bits(e->gain_db, a->gain_db)) << actual_path;
  EXPECT_GT(e->entry_count(), 0u);
}

// Both /plan groups are identical, bit for bit, except runtime_s (how long the search took).
inline void expect_same_plan(const std::string& expected_path, const std::string& actual_path) {
  const std::optional<PlanResult> e = read_plan_result(expected_path), a = read_plan_result(actual_path);
  ASSERT_TRUE(e.has_value() && a.has_value()) << actual_path;
  EXPECT_EQ(e->objective, a->objective);
  EXPECT_EQ(e->max_sites, a->max_sites);
  ASSERT_EQ(e->candidates.size(), a->candidates.size());
  for (std::size_t i = 0; i < e->candidates.size(); ++i) {
    const PlanCandidateRecord &x = e->candidates[i], &y = a->candidates[i];
    EXPECT_TRUE(x.id == y.id && x.group == y.group && same_double(x.cost, y.cost) && x.locked == y.locked &&
                x.selected == y.selected)
        << "candidate " << i << " of " << actual_path;
  }
  EXPECT_EQ(e->selected, a->selected) << actual_path;
  for (double PlanResult::*field : {&PlanResult::target_fraction, &PlanResult::max_cost, &PlanResult::cost,
                                    &PlanResult::objective_value, &PlanResult::covered_fraction,
                                    &PlanResult::served_fraction, &PlanResult::rsrp_covered_fraction,
                                    &PlanResult::throughput_p5_mbps, &PlanResult::bound, &PlanResult::gap}) {
    EXPECT_TRUE(same_double((*e).*field, (*a).*field)) << (*e).*field << " vs " << (*a).*field << ": " << actual_path;
  }
  EXPECT_EQ(e->overloaded_sectors, a->overloaded_sectors);
  EXPECT_EQ(e->target_met, a->target_met);
  EXPECT_EQ(e->bound_source, a->bound_source);
  EXPECT_EQ(e->seed, a->seed);
  EXPECT_EQ(e->iterations, a->iterations);
  EXPECT_EQ(e->stop_reason, a->stop_reason);
  ASSERT_EQ(e->trajectory.size(), a->trajectory.size()) << actual_path;
  for (std::size_t i = 0; i < e->trajectory.size(); ++i) {
    const PlanTrajectoryPoint &x = e->trajectory[i], &y = a->trajectory[i];
    EXPECT_TRUE(x.iteration == y.iteration && x.phase == y.phase && same_double(x.objective, y.objective) &&
                same_double(x.best_objective, y.best_objective) && same_double(x.served_fraction, y.served_fraction) &&
                x.sites == y.sites && same_double(x.cost, y.cost))
        << "trajectory point " << i << " of " << actual_path;
  }
}

}  // namespace tarang::test

// Sparse gain matrices: kept cells and runs by hand, chunking invariance, transposition, input keys, the cache.
#include "planner/gain_matrix.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>
#include <limits>
#include <map>

#include "io/gain_matrix_h5.h"
#include "propagation/empirical_gain_maps.h"
#include "tests/support/temp_folder_test.h"

namespace tarang {
namespace {

const float kNaN = std::numeric_limits<float>::quiet_NaN();

// Every (cell, gain) of a sector, in order.
std::vector<std::pair<std::size_t, float>> entries(const SparseGainMatrix& m, std::size_t sector) {
  std::vector<std::pair<std::size_t, float>> out;
  m.for_each_entry(sector, [&](std::size_t c, float g) { out.emplace_back(c, g); });
  return out;
}

// Matrices m and expected hold the same sectors, runs, gains, offsets and computed-cell mask.
void expect_same_matrix(const SparseGainMatrix& m, const SparseGainMatrix& expected) {
  EXPECT_EQ(m.sector_count(), expected.sector_count());
  EXPECT_EQ(m.rsrp_offset_db, expected.rsrp_offset_db);
  EXPECT_EQ(m.computed, expected.computed);
  EXPECT_EQ(m.gain_db, expected.gain_db);
  EXPECT_EQ(m.gain_offsets, expected.gain_offsets);
  EXPECT_EQ(m.run_offsets, expected.run_offsets);
  ASSERT_EQ(m.runs.size(), expected.runs.size());
  for (std::size_t i = 0; i < m.runs.size(); ++i) {
    EXPECT_EQ(m.runs[i].first_cell, expected.runs[i].first_cell);
    EXPECT_EQ(m.runs[i].cell_count, expected.runs[i].cell_count);
  }
}

TEST(SparseGainMatrixBuilder, KeepsCellsAtOrAboveThresholdAsMaximalRuns) {
  // 2 sectors x 8 cells; offset +10 dB for sector 0, 0 dB for sector 1; threshold -100 dBm.
  SparseGainMatrixBuilder b(8, -100);
  const std::vector<float> gain = {-110, -111, -95, -120, -105, -110, kNaN, -100,  // RSRP -100 -101 -85 -110 -95 ...
                                   -100, -99, -101, kNaN, kNaN, -50, -100, -100};
  b.append(gain, std::vector<double>{10.0, 0.0}, 2);
  const SparseGainMatrix m = b.finish();
  ASSERT_EQ(m.sector_count(), 2u);
  // Sector 0 keeps cells 0 (-100, at the threshold), 2, 4, 5, 7 -> runs [0,1) [2,3) [4,6) [7,8).
  EXPECT_EQ(entries(m, 0), (std::vector<std::pair<std::size_t, float>>{{0, -110}, {2, -95}, {4, -105}, {5, -110}, {7, -100}}));
  ASSERT_EQ(m.sector_runs(0).size(), 4u);
  EXPECT_EQ(m.sector_runs(0)[2].first_cell, 4u);
  EXPECT_EQ(m.sector_runs(0)[2].cell_count, 2u);
  // Sector 1 keeps 0, 1, 5, 6, 7 -> runs [0,2) [5,8).
  EXPECT_EQ(entries(m, 1), (std::vector<std::pair<std::size_t, float>>{{0, -100}, {1, -99}, {5, -50}, {6, -100}, {7, -100}}));
  EXPECT_EQ(m.sector_runs(1).size(), 2u);
  // Computed: every cell has a non-NaN gain in some sector.
  EXPECT_EQ(m.computed, (std::vector<std::uint8_t>{1, 1, 1, 1, 1, 1, 1, 1}));
  EXPECT_EQ(m.entry_count(), 10u);
}

TEST(SparseGainMatrixBuilder, CellsNaNInEverySectorAreNotComputed) {
  SparseGainMatrixBuilder b(3, -200);
  b.append(std::vector<float>{kNaN, -90, kNaN, kNaN, -91, -92}, std::vector<double>{0.0, 0.0});
  const SparseGainMatrix m = b.finish();
  EXPECT_EQ(m.computed, (std::vector<std::uint8_t>{0, 1, 1}));
}

TEST(SparseGainMatrixBuilder, ChunkingDoesNotChangeTheMatrix) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<float> gain(-160, -60);
  const std::size_t cells = 500, sectors = 9;
  std::vector<float> dense(cells * sectors);
  for (float& g : dense) g = gain(rng);
  std::vector<double> offsets(sectors);
  for (std::size_t k = 0; k < sectors; ++k) offsets[k] = static_cast<double>(k);

  SparseGainMatrixBuilder whole(cells, -110), chunked(cells, -110);
  whole.append(dense, offsets, 2);
  for (std::size_t first : {0, 4, 5}) {
    const std::size_t count = first == 0 ? 4 : (first == 4 ? 1 : 4);
    chunked.append(std::span<const float>(dense).subspan(first * cells, count * cells),
                   std::span<const double>(offsets).subspan(first, count), 1);
  }
  const SparseGainMatrix a = whole.finish(), b = chunked.finish();
  EXPECT_EQ(a.gain_db, b.gain_db);
  EXPECT_EQ(a.run_offsets, b.run_offsets);
  EXPECT_EQ(a.gain_offsets, b.gain_offsets);
  EXPECT_EQ(a.rsrp_offset_db, b.rsrp_offset_db);
  ASSERT_EQ(a.runs.size(), b.runs.size());
  for (std::size_t i = 0; i < a.runs.size(); ++i) {
    EXPECT_EQ(a.runs[i].first_cell, b.runs[i].first_cell);
    EXPECT_EQ(a.runs[i].cell_count, b.runs[i].cell_count);
  }
}

TEST(TransposeGainMatrix, ColumnsListEverySectorOfACellAscending) {
  SparseGainMatrixBuilder b(4, -100);
  b.append(std::vector<float>{-90, -200, -80, -70,  /* sector 1 */ -95, -96, -200, -60,  /* sector 2 */ -1, -2, -3, -4},
           std::vector<double>{0, 0, 0});
  const SparseGainColumns t = transpose_gain_matrix(b.finish());
  EXPECT_EQ(t.offsets, (std::vector<std::uint64_t>{0, 3, 5, 7, 10}));
  EXPECT_EQ(t.sector, (std::vector<std::uint32_t>{0, 1, 2, 1, 2, 0, 2, 0, 1, 2}));
  EXPECT_EQ(t.gain_db, (std::vector<float>{-90, -95, -1, -96, -2, -80, -3, -70, -60, -4}));
}

// A small empirical scenario: 3 sites with 3, 1 and 2 sectors over 40 x 30 cells of 20 m.
Scenario small_scenario() {
  Scenario s;
  s.radio.frequency_hz = 3.5e9;
  s.grid = GridSpec{0, 0, 800, 600, 20, 1.5};
  auto site = [](const char* id, double x, double y, std::vector<double> azimuths) {
    SiteSpec site;
    site.id = id, site.x_m = x, site.y_m = y, site.height_m = 25;
    for (double az : azimuths) {
      SectorSpec sector;
      sector.id = std::string(id) + std::to_string(static_cast<int>(az));
      sector.azimuth_deg = az, sector.tilt_deg = 6, sector.power_dbm = 46;
      site.sectors.push_back(sector);
    }
    return site;
  };
  s.sites = {site("a", 100, 100, {0, 120, 240}), site("b", 500, 300, {90}), site("c", 700, 500, {45, 225})};
  return s;
}

RasterGrid small_grid() {
  RasterGrid g;
  g.west_m = 0, g.north_m = 600, g.cell_m = 20, g.nx = 40, g.ny = 30, g.height_m = 1.5;
  return g;
}

TEST(BuildEmpiricalGainMatrix, ChunksOfOneSiteEqualSparsifyingAllDenseMaps) {
  const Scenario s = small_scenario();
  const RasterGrid grid = small_grid();
  const std::vector<float> dense = compute_empirical_gain_maps(s, grid, nullptr, 1);
  SparseGainMatrixBuilder reference(grid.cell_count(), -115);
  reference.append(dense, rsrp_offsets_db(s), 1);
  const SparseGainMatrix expected = reference.finish();

  GainMatrixOptions options;
  options.keep_rsrp_dbm = -115;
  options.max_chunk_bytes = 1;  // forces one site per chunk
  options.threads = 2;
  const SparseGainMatrix m = build_empirical_gain_matrix(s, grid, options);
  EXPECT_EQ(m.sector_count(), 6u);
  EXPECT_EQ(m.gain_db, expected.gain_db);
  EXPECT_EQ(m.gain_offsets, expected.gain_offsets);
  EXPECT_EQ(m.run_offsets, expected.run_offsets);
  EXPECT_GT(m.entry_count(), 0u);
  EXPECT_LT(m.entry_count(), 6 * grid.cell_count());  // the threshold drops cells
  // RSRP offset of 46 dBm over 273 RB: 46 - 10 log10(3276) = 10.847 dB.
  EXPECT_NEAR(m.rsrp_offset_db[0], 46 - 10 * std::log10(12.0 * 273), 1e-12);
}

// Sites delivered out of order (as MPI ranks deliver them) give the matrix of the site-ordered chunked build.
TEST(BuildGainMatrixOfSites, AnyDeliveryOrderGivesTheSameMatrixAsTheChunkedBuild) {
  const Scenario s = small_scenario();
  const RasterGrid grid = small_grid();
  GainMatrixOptions options;
  options.keep_rsrp_dbm = -115;
  options.threads = 1;
  const SparseGainMatrix expected = build_empirical_gain_matrix(s, grid, options);
  ASSERT_GE(s.sites.size(), 2u);

  const UnitComputeFn site_maps = [&](std::uint32_t site) {
    Scenario one = s;
    one.sites = {s.sites.at(site)};
    return compute_empirical_gain_maps(one, grid, nullptr, 1);
  };
  // Computes every unit first, then delivers them last to first.
  const UnitRunner reversed = [](const std::vector<std::uint32_t>& units, const UnitComputeFn& compute,
                                 const UnitDeliverFn& deliver) {
    std::vector<std::vector<float>> values;
    for (const std::uint32_t u : units) values.push_back(compute(u));
    for (std::size_t i = units.size(); i-- > 0;) deliver(units[i], std::move(values[i]));
  };
  for (const UnitRunner& runner : {UnitRunner(run_units_here), reversed}) {
    const SparseGainMatrix m = build_gain_matrix_of_sites(s, grid, options, site_maps, runner);
    expect_same_matrix(m, expected);
  }
  // A process that only computes (nothing delivered to it) gets an empty matrix.
  const UnitRunner elsewhere = [](const std::vector<std::uint32_t>&, const UnitComputeFn&, const UnitDeliverFn&) {};
  EXPECT_EQ(build_gain_matrix_of_sites(s, grid, options, site_maps, elsewhere).sector_count(), 0u);
  // A unit delivered twice is a logic error, not a silently wrong matrix.
  const UnitRunner twice = [](const std::vector<std::uint32_t>& units, const UnitComputeFn& compute,
                              const UnitDeliverFn& deliver) {
    deliver(units[1], compute(units[1]));
    deliver(units[1], compute(units[1]));
  };
  EXPECT_THROW(build_gain_matrix_of_sites(s, grid, options, site_maps, twice), std::logic_error);
}

// Units read back from a store (a checkpoint) instead of computed give the matrix of computing them all, computed
// mask included; only the units the store lacks are computed, and each of those is stored.
TEST(BuildGainMatrixOfSites, UnitsFromAStoreGiveTheSameMatrixAsComputingThem) {
  const Scenario s = small_scenario();
  const RasterGrid grid = small_grid();
  ASSERT_GE(s.sites.size(), 3u);
  GainMatrixOptions options;
  options.keep_rsrp_dbm = -115;
  options.threads = 1;
  std::vector<std::uint32_t> computed_sites;
  const UnitComputeFn site_maps = [&](std::uint32_t site) {
    computed_sites.push_back(site);
    Scenario one = s;
    one.sites = {s.sites.at(site)};
    std::vector<float> dense = compute_empirical_gain_maps(one, grid, nullptr, 1);
    for (std::size_t c = 0; c < grid.cell_count(); ++c) {  // cells no site computed, and cells of this site only
      if (c % 7 != 0 && c % 11 != site) continue;
      for (std::size_t k = 0; k < one.sites[0].sectors.size(); ++k) dense[k * grid.cell_count() + c] = kNaN;
    }
    return dense;
  };
  std::map<std::uint32_t, SparseGainRows> kept;
  SparseUnitStore store;
  store.done.assign(s.sites.size(), 0);
  store.read = [&](std::uint32_t unit) { return kept.at(unit); };
  store.write = [&](std::uint32_t unit, const SparseGainRows& rows) { kept[unit] = rows; };
  const SparseGainMatrix expected = build_gain_matrix_of_sites(s, grid, options, site_maps, run_units_here, &store);
  EXPECT_EQ(kept.size(), s.sites.size());
  EXPECT_NE(std::count(expected.computed.begin(), expected.computed.end(), 0), 0);

  store.done.assign(s.sites.size(), 1);
  store.done[1] = 0;  // a unit in the middle is missing
  kept.erase(1);
  computed_sites.clear();
  const SparseGainMatrix m = build_gain_matrix_of_sites(s, grid, options, site_maps, run_units_here, &store);
  EXPECT_EQ(computed_sites, std::vector<std::uint32_t>{1});
  EXPECT_EQ(kept.count(1), 1u);
  expect_same_matrix(m, expected);
  // Everything stored: nothing is computed.
  computed_sites.clear();
  store.done.assign(s.sites.size(), 1);
  EXPECT_EQ(build_gain_matrix_of_sites(s, grid, options, site_maps, run_units_here, &store).gain_db, expected.gain_db);
  EXPECT_TRUE(computed_sites.empty());
}

TEST(GainMatrixInputKey, EqualInputsGiveEqualKeysAndAnyChangeAnother) {
  const Scenario s = small_scenario();
  const RasterGrid grid = small_grid();
  const std::uint64_t key = gain_matrix_input_key(s, grid, -120);
  EXPECT_EQ(key, gain_matrix_input_key(small_scenario(), small_grid(), -120));
  EXPECT_NE(key, gain_matrix_input_key(s, grid, -121));
  Scenario power = s;
  power.sites[1].sectors[0].power_dbm = 45;
  EXPECT_NE(key, gain_matrix_input_key(power, grid, -120));
  Scenario tilt = s;
  tilt.sites[2].sectors[1].tilt_deg = 7;
  EXPECT_NE(key, gain_matrix_input_key(tilt, grid, -120));
  Scenario model = s;
  model.propagation.scenario = Tr38901Scenario::UMi;
  EXPECT_NE(key, gain_matrix_input_key(model, grid, -120));
  RasterGrid shifted = grid;
  shifted.west_m += 1;
  EXPECT_NE(key, gain_matrix_input_key(s, shifted, -120));
  Scenario renamed = s;  // names do not change the gains
  renamed.sites[0].id = "other";
  EXPECT_EQ(key, gain_matrix_input_key(renamed, grid, -120));
  Scenario calibrated = s;  // e.g. a calibration fragment file rewritten by `tarang calibrate`
  calibrated.calibration.offset_db = -2;
  EXPECT_NE(key, gain_matrix_input_key(calibrated, grid, -120));
  Scenario scaled = s;
  scaled.calibration.materials = {{"concrete", 1.5, 1}};
  EXPECT_NE(key, gain_matrix_input_key(scaled, grid, -120));
}

class GainMatrixCacheTest : public test::TempFolderTest {};

TEST_F(GainMatrixCacheTest, SecondRunReusesTheCacheAndOtherInputsRebuild) {
  const Scenario s = small_scenario();
  const RasterGrid grid = small_grid();
  GainMatrixOptions options;
  options.keep_rsrp_dbm = -115;
  int builds = 0;
  auto build = [&] {
    ++builds;
    return build_empirical_gain_matrix(s, grid, options);
  };
  const std::string cache = path("gains.h5");
  const std::uint64_t key = gain_matrix_input_key(s, grid, options.keep_rsrp_dbm);
  bool reused = true;
  std::string note = "x";
  const SparseGainMatrix first = load_or_build_gain_matrix(cache, key, build, &reused, &note);
  EXPECT_FALSE(reused);
  EXPECT_EQ(note, "");  // no cache file yet
  EXPECT_TRUE(std::filesystem::exists(cache));
  const SparseGainMatrix second = load_or_build_gain_matrix(cache, key, build, &reused, &note);
  EXPECT_TRUE(reused);
  EXPECT_EQ(builds, 1);
  EXPECT_EQ(second.gain_db, first.gain_db);
  EXPECT_EQ(second.computed, first.computed);
  // Other inputs: rebuilt, with the reason, and the cache now holds the new key.
  load_or_build_gain_matrix(cache, key + 1, build, &reused, &note);
  EXPECT_FALSE(reused);
  EXPECT_NE(note.find("other inputs"), std::string::npos) << note;
  EXPECT_EQ(builds, 2);
  EXPECT_TRUE(read_gain_matrix_cache(cache, key + 1).has_value());
}

}  // namespace
}  // namespace tarang

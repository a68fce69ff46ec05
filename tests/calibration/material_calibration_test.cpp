// Ray tracer material calibration end to end on a tiny scene (a walled block on medium-dry ground, V-pol site):
// synthetic measurements traced with known scaled materials -> the fit recovers the factors, epsilon -> infinity
// equals the non-private fit, the report's material table, and the calibrated fragment makes coverage reproduce the
// truth map.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <map>

#include "calibration/calibration_report_h5.h"
#include "calibration/calibration_run.h"
#include "calibration/synthetic_measurements.h"
#include "io/h5_checked.h"
#include "io/scenario_yaml.h"
#include "io/scenario_yaml_writer.h"
#include "planner/coverage_run.h"
#include "planner/scenario_scene.h"
#include "tests/calibration/non_private_means.h"
#include "tests/support/temp_folder_test.h"

namespace tarang {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// A 300 m x 20 m x 30 m block 120 m north of the site (outward counter-clockwise faces, no floor), of a lossy
// 0.5 m wall material: its slab behaves like a half-space (no thin-slab fringes in the permittivity, which make the
// cost multi-modal; docs/calibration.md).
const char* kBlockObj = R"(v -150 120 0
v 150 120 0
v 150 140 0
v -150 140 0
v -150 120 30
v 150 120 30
v 150 140 30
v -150 140 30
usemtl lossy_wall
f 5 6 7 8
f 1 2 6 5
f 2 3 7 6
f 3 4 8 7
f 4 1 5 8
)";

const char* kScenario = R"(name: rt-materials
materials: {lossy_wall: {eps_r: 5.24, sigma_s_per_m: 0.3, thickness_m: 0.5}}
scene: {crs: "EPSG:32643", mesh: block.obj, origin_x_m: 715000, origin_y_m: 3167000, ground_material: medium_dry_ground}
radio: {frequency_hz: 3.5e9, bandwidth_hz: 20e6, subcarrier_spacing_hz: 15e3}
sites:
  - id: s
    x_m: 715000
    y_m: 3167000
    height_m: 25
    sectors:
      - {id: n, azimuth_deg: 0, tilt_deg: 4, power_dbm: 43, polarization: V}
      - {id: s, azimuth_deg: 180, tilt_deg: 4, power_dbm: 43, polarization: V}
propagation: {model: raytrace}
raytrace: {rays: 20000, max_depth: 2, transmission: true, diffraction_order: 0}
grid: {bounds_m: [714700, 3166700, 715300, 3167300], cell_m: 20}
)";

// The truth: scaled wall and ground permittivity (and a ground conductivity the data cannot see), and an offset.
const std::vector<MaterialCalibration> kTruthMaterials{{"lossy_wall", 1.5, 1.0}, {"medium_dry_ground", 0.7, 1.6}};
constexpr double kTruthOffset_db = -2;

class RaytraceMaterialCalibration : public test::TempFolderTest {
 protected:
  void SetUp() override {
    TempFolderTest::SetUp();
    std::ofstream(path("block.obj")) << kBlockObj;
    scenario_ = parse_scenario_text(kScenario, path("rt.yaml"), dir_.string());
    Scenario truth = scenario_;
    truth.calibration.materials = kTruthMaterials;
    truth_model_ = run_coverage(truth, CoverageRunOptions{2, false});
    SyntheticTruth t;
    t.correction.offset_db = kTruthOffset_db;
    t.shadowing_db = 1;
    SyntheticOptions o;
    o.devices = 1500, o.rows_per_device = 6, o.walk_m = 20, o.seed = 7;
    rows_ = synthesize_measurements(truth, truth_model_, t, o);
    write_measurements_csv(path("meas.csv"), rows_, false);
  }

  CalibrationOptions options() const {
    CalibrationOptions o;
    o.measurements_path = path("meas.csv");
    o.privacy.epsilon = kInf, o.privacy.k_min_devices = 1, o.privacy.max_cells_per_device = 1000;
    o.privacy.clip_min_dbm = -156, o.privacy.clip_max_dbm = -31;
    o.privacy.seed = 3;
    o.cell_factor = 1, o.threads = 2, o.show_progress = false;
    return o;
  }

  Scenario scenario_;
  CoverageResult truth_model_;
  std::vector<SyntheticRow> rows_;
};

TEST_F(RaytraceMaterialCalibration, RecoversTheIdentifiableScaleFactorsAndTheOffset) {
  const CalibrationRun run = run_calibration(scenario_, options());
  ASSERT_EQ(run.kind, FitKind::MaterialScales);
  ASSERT_EQ(run.material_fit.materials.size(), 2u);
  const MaterialScaleFit& wall = run.material_fit.materials[0];
  const MaterialScaleFit& ground = run.material_fit.materials[1];
  EXPECT_EQ(wall.material, "lossy_wall");
  EXPECT_EQ(ground.material, "medium_dry_ground");
  // Identifiability (measured: wall permittivity 0.91 dB per doubling, ground permittivity 0.44 dB; the wall's
  // conductivity 0.17 dB, but along the same direction as its permittivity; ground conductivity 0.01 dB).
  EXPECT_TRUE(wall.permittivity_fitted);
  EXPECT_TRUE(ground.permittivity_fitted);
  EXPECT_FALSE(wall.conductivity_fitted);
  EXPECT_GT(wall.conductivity_sensitivity_db, MaterialFitOptions{}.min_sensitivity_db);
  EXPECT_LT(wall.conductivity_independent_db, MaterialFitOptions{}.min_sensitivity_db);
  EXPECT_FALSE(ground.conductivity_fitted);
  EXPECT_EQ(wall.conductivity_scale, 1.0);
  // Tolerances: 1 dB shadowing over ~9000 rows in ~800 cells. The wall's permittivity is well determined (5%); the
  // ground's moves the predictions by only 0.44 dB per doubling (15%; measured 1.5% and 8%).
  EXPECT_NEAR(wall.permittivity_scale, 1.5, 0.05 * 1.5);
  EXPECT_NEAR(ground.permittivity_scale, 0.7, 0.15 * 0.7);
  EXPECT_NEAR(run.calibration.offset_db, kTruthOffset_db, 0.15);
  EXPECT_LT(run.fit.after.rmse_db, 0.3 * run.fit.before.rmse_db);
  // The fragment carries every material with a fitted factor; held factors stay 1.
  ASSERT_EQ(run.calibration.materials.size(), 2u);
  EXPECT_EQ(run.calibration.materials[0].permittivity_scale, wall.permittivity_scale);
  EXPECT_EQ(run.calibration.materials[1].conductivity_scale, 1.0);

  // The report's /calibration/materials table holds the same numbers.
  write_calibration_report(path("calib.h5"), run, options().privacy, {"test", "now", "calibrate"});
  h5::Handle file = h5::open_file_read(path("calib.h5"));
  h5::Handle group = h5::open_group(file.get(), "calibration");
  EXPECT_EQ(h5::read_string_attribute(group.get(), "fit"), "material_scales");
  EXPECT_EQ(h5::read_int_attribute(group.get(), "material_fit_traces"), run.material_fit.traces);
  const h5::Table table = h5::read_table(group.get(), "materials", {"material"},
                                         {"permittivity_fitted", "permittivity_scale", "conductivity_fitted",
                                          "conductivity_scale", "permittivity_sensitivity_db"});
  ASSERT_EQ(table.string_columns[0].size(), 2u);
  EXPECT_EQ(table.string_columns[0][0], "lossy_wall");
  EXPECT_EQ(table.double_columns[0][0], 1.0);
  EXPECT_EQ(table.double_columns[1][0], wall.permittivity_scale);
  EXPECT_EQ(table.double_columns[2][0], 0.0);
  EXPECT_EQ(table.double_columns[3][1], 1.0);
  EXPECT_EQ(table.double_columns[4][1], ground.permittivity_sensitivity_db);
}

TEST_F(RaytraceMaterialCalibration, EpsilonInfinityEqualsTheNonPrivateFit) {
  const CalibrationOptions o = options();
  const CalibrationRun run = run_calibration(scenario_, o);
  // The non-private aggregates, computed here: per (sector, cell) the mean over devices of each device's mean RSRP.
  const RasterGrid grid = raster_grid_of(run.scenario.grid, run.scenario.scene.crs);
  const MeasurementSet set = read_measurements(path("meas.csv"), run.scenario, grid);
  const auto cells = test::non_private_cell_means(set, grid);
  const CoverageResult model = run_coverage(run.scenario, CoverageRunOptions{2, false});
  const GridPredictions p = grid_predictions(run.scenario, model, grid, 1);
  PrivateAggregates plain;
  std::vector<std::size_t> sample_cells;
  std::vector<FitSample> samples;
  for (const auto& [key, c] : cells) {
    const std::size_t i = static_cast<std::size_t>(key.first) * grid.cell_count() + key.second;
    if (!std::isfinite(p.rsrp_dbm[i])) continue;
    sample_cells.push_back(plain.cells.size());
    plain.cells.push_back(AggregateCell{key.first, key.second, double(c.second), c.first / c.second});
    samples.push_back(FitSample{key.first, c.first / c.second, p.rsrp_dbm[i], p.distance_m[i], double(c.second)});
  }
  SceneMesh mesh;
  SceneBuildStats stats;
  resolve_scenario_scene(scenario_, &mesh, &stats);
  const MaterialFit fit = fit_material_scales(samples, scene_material_keys(run.scenario, mesh),
                                              retrace_predictor(run.scenario, grid, 1, plain, sample_cells, 2));
  ASSERT_EQ(run.samples.size(), samples.size());
  ASSERT_EQ(fit.materials.size(), run.material_fit.materials.size());
  for (std::size_t m = 0; m < fit.materials.size(); ++m) {
    EXPECT_NEAR(run.material_fit.materials[m].permittivity_scale, fit.materials[m].permittivity_scale, 1e-9);
    EXPECT_NEAR(run.material_fit.materials[m].conductivity_scale, fit.materials[m].conductivity_scale, 1e-9);
  }
  EXPECT_NEAR(run.material_fit.offset_db, fit.offset_db, 1e-9);
}

TEST_F(RaytraceMaterialCalibration, CalibratedFragmentMakesCoverageReproduceTheTruthMap) {
  const CalibrationRun run = run_calibration(scenario_, options());
  write_calibration_yaml(path("calibrated.yaml"), run.calibration, "test");
  const Scenario calibrated =
      parse_scenario_text(std::string(kScenario) + "calibration: calibrated.yaml\n", path("rt.yaml"), dir_.string());
  ASSERT_EQ(calibrated.calibration.materials.size(), 2u);
  const CoverageResult after = run_coverage(calibrated, CoverageRunOptions{2, false});
  const CoverageResult before = run_coverage(scenario_, CoverageRunOptions{2, false});
  // RMS difference of the best-server RSRP maps from the truth's (its model plus the true offset), over the cells
  // both have a value.
  const auto rms_from_truth = [&](const CoverageResult& r) {
    double sq = 0;
    std::size_t n = 0;
    for (std::size_t c = 0; c < r.grid.cell_count(); ++c) {
      const double truth = truth_model_.maps.rsrp_dbm[c] + kTruthOffset_db, model = r.maps.rsrp_dbm[c];
      if (!std::isfinite(truth) || !std::isfinite(model)) continue;
      sq += (model - truth) * (model - truth), ++n;
    }
    return std::sqrt(sq / n);
  };
  const double before_db = rms_from_truth(before), after_db = rms_from_truth(after);
  // Measured 3.13 -> 0.33 dB: 1 dB shadowing leaves the ground's permittivity 8% off (0.44 dB per doubling).
  EXPECT_LT(after_db, 0.5) << before_db << " -> " << after_db;
  EXPECT_LT(after_db, 0.25 * before_db) << before_db << " -> " << after_db;
}

}  // namespace
}  // namespace tarang

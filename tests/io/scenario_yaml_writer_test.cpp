// Scenario YAML writer: every kind of scenario round-trips exactly through parse_scenario_text.
#include "io/scenario_yaml_writer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "core/error.h"
#include "io/scenario_yaml.h"
#include "tests/support/temp_folder_test.h"

namespace tarang {
namespace {

class ScenarioYamlWriterTest : public test::TempFolderTest {
 protected:
  // Parses `text` from the test folder, writes it, parses the written text and checks both agree field by field;
  // the writer is also a fixed point (writing the re-read scenario gives the same text).
  void expect_round_trip(const std::string& text) {
    const Scenario first = parse_scenario_text(text, path("in.yaml"), dir_.string());
    const std::string written = scenario_yaml_text(first);
    SCOPED_TRACE(written);
    const Scenario second = parse_scenario_text(written, path("out.yaml"), dir_.string());
    expect_same(first, second);
    EXPECT_EQ(scenario_yaml_text(second), written);
  }

  static void expect_same(const Scenario& a, const Scenario& b) {
    EXPECT_EQ(a.name, b.name);
    const SceneSpec &sa = a.scene, &sb = b.scene;
    EXPECT_EQ(sa.crs, sb.crs);
    EXPECT_EQ(sa.ground, sb.ground);
    EXPECT_EQ(sa.ground_material, sb.ground_material);
    EXPECT_EQ(sa.building_material, sb.building_material);
    EXPECT_EQ(sa.source, sb.source);
    EXPECT_EQ(sa.mesh_path, sb.mesh_path);
    EXPECT_EQ(sa.origin_x_m, sb.origin_x_m);
    EXPECT_EQ(sa.origin_y_m, sb.origin_y_m);
    EXPECT_EQ(sa.procedural.blocks, sb.procedural.blocks);
    EXPECT_EQ(sa.procedural.building_size_m, sb.procedural.building_size_m);
    EXPECT_EQ(sa.procedural.pitch_m, sb.procedural.pitch_m);
    EXPECT_EQ(sa.procedural.min_height_m, sb.procedural.min_height_m);
    EXPECT_EQ(sa.procedural.max_height_m, sb.procedural.max_height_m);
    EXPECT_EQ(sa.procedural.seed, sb.procedural.seed);
    EXPECT_EQ(sa.procedural.origin_lon_deg, sb.procedural.origin_lon_deg);
    EXPECT_EQ(sa.procedural.origin_lat_deg, sb.procedural.origin_lat_deg);
    EXPECT_EQ(sa.file_path, sb.file_path);
    EXPECT_EQ(sa.buildings_path, sb.buildings_path);
    EXPECT_EQ(sa.dem_path, sb.dem_path);
    EXPECT_EQ(sa.level_height_m, sb.level_height_m);
    EXPECT_EQ(sa.default_height_m, sb.default_height_m);
    EXPECT_EQ(sa.material_attribute, sb.material_attribute);
    const RadioSpec &ra = a.radio, &rb = b.radio;
    EXPECT_EQ(ra.frequency_hz, rb.frequency_hz);
    EXPECT_EQ(ra.bandwidth_hz, rb.bandwidth_hz);
    EXPECT_EQ(ra.subcarrier_spacing_hz, rb.subcarrier_spacing_hz);
    EXPECT_EQ(ra.noise_figure_db, rb.noise_figure_db);
    EXPECT_EQ(ra.load, rb.load);
    EXPECT_EQ(ra.polarization, rb.polarization);
    EXPECT_EQ(ra.atmosphere, rb.atmosphere);
    EXPECT_EQ(ra.pressure_hpa, rb.pressure_hpa);
    EXPECT_EQ(ra.temperature_c, rb.temperature_c);
    EXPECT_EQ(ra.water_vapour_g_m3, rb.water_vapour_g_m3);
    EXPECT_EQ(ra.rain_mm_h, rb.rain_mm_h);
    ASSERT_EQ(a.sites.size(), b.sites.size());
    for (std::size_t i = 0; i < a.sites.size(); ++i) {
      const SiteSpec &x = a.sites[i], &y = b.sites[i];
      EXPECT_EQ(x.id, y.id);
      EXPECT_EQ(x.x_m, y.x_m);
      EXPECT_EQ(x.y_m, y.y_m);
      EXPECT_EQ(x.height_m, y.height_m);
      EXPECT_EQ(x.from_lonlat, y.from_lonlat);
      EXPECT_EQ(x.lon_deg, y.lon_deg);
      EXPECT_EQ(x.lat_deg, y.lat_deg);
      ASSERT_EQ(x.sectors.size(), y.sectors.size());
      for (std::size_t k = 0; k < x.sectors.size(); ++k) {
        const SectorSpec &p = x.sectors[k], &q = y.sectors[k];
        EXPECT_EQ(p.id, q.id);
        EXPECT_EQ(p.azimuth_deg, q.azimuth_deg);
        EXPECT_EQ(p.tilt_deg, q.tilt_deg);
        EXPECT_EQ(p.power_dbm, q.power_dbm);
        EXPECT_EQ(p.polarization, q.polarization);
        const AntennaSpec &u = p.antenna, &v = q.antenna;
        EXPECT_EQ(u.kind, v.kind);
        EXPECT_EQ(u.rows, v.rows);
        EXPECT_EQ(u.cols, v.cols);
        EXPECT_EQ(u.spacing_wl, v.spacing_wl);
        EXPECT_EQ(u.beams, v.beams);
        EXPECT_EQ(u.beam_half_span_deg, v.beam_half_span_deg);
        EXPECT_EQ(u.beam_tilts, v.beam_tilts);
        EXPECT_EQ(u.beam_tilt_first_deg, v.beam_tilt_first_deg);
        EXPECT_EQ(u.beam_tilt_step_deg, v.beam_tilt_step_deg);
        EXPECT_EQ(u.element, v.element);
        EXPECT_EQ(u.msi_path, v.msi_path);
        EXPECT_EQ(u.msi_name, v.msi_name);
        EXPECT_EQ(u.msi_gain_dbi, v.msi_gain_dbi);
        EXPECT_EQ(u.msi_cuts_db, v.msi_cuts_db);
      }
    }
    const PropagationSpec &pa = a.propagation, &pb = b.propagation;
    EXPECT_EQ(pa.model, pb.model);
    EXPECT_EQ(pa.scenario, pb.scenario);
    EXPECT_EQ(pa.los, pb.los);
    EXPECT_EQ(pa.rma_building_height_m, pb.rma_building_height_m);
    EXPECT_EQ(pa.rma_street_width_m, pb.rma_street_width_m);
    EXPECT_EQ(pa.p1411_environment, pb.p1411_environment);
    EXPECT_EQ(pa.p1411_placement, pb.p1411_placement);
    EXPECT_EQ(pa.hata_environment, pb.hata_environment);
    EXPECT_EQ(pa.hata_city, pb.hata_city);
    EXPECT_EQ(pa.cost231_metropolitan, pb.cost231_metropolitan);
    EXPECT_EQ(a.raytrace.engine, b.raytrace.engine);
    EXPECT_EQ(a.raytrace.rays, b.raytrace.rays);
    EXPECT_EQ(a.raytrace.max_depth, b.raytrace.max_depth);
    EXPECT_EQ(a.raytrace.transmission, b.raytrace.transmission);
    EXPECT_EQ(a.raytrace.min_gain_db, b.raytrace.min_gain_db);
    EXPECT_EQ(a.raytrace.seed, b.raytrace.seed);
    ASSERT_EQ(a.custom_materials.size(), b.custom_materials.size());
    for (std::size_t i = 0; i < a.custom_materials.size(); ++i) {
      EXPECT_EQ(a.custom_materials[i].name, b.custom_materials[i].name);
      EXPECT_EQ(a.custom_materials[i].eps_r, b.custom_materials[i].eps_r);
      EXPECT_EQ(a.custom_materials[i].sigma_s_per_m, b.custom_materials[i].sigma_s_per_m);
      EXPECT_EQ(a.custom_materials[i].thickness_m, b.custom_materials[i].thickness_m);
      EXPECT_EQ(a.custom_materials[i].scattering_coefficient, b.custom_materials[i].scattering_coefficient);
    }
    EXPECT_EQ(a.allow_extrapolation, b.allow_extrapolation);
    EXPECT_EQ(a.grid.xmin_m, b.grid.xmin_m);
    EXPECT_EQ(a.grid.ymin_m, b.grid.ymin_m);
    EXPECT_EQ(a.grid.xmax_m, b.grid.xmax_m);
    EXPECT_EQ(a.grid.ymax_m, b.grid.ymax_m);
    EXPECT_EQ(a.grid.cell_m, b.grid.cell_m);
    EXPECT_EQ(a.grid.height_m, b.grid.height_m);
    EXPECT_EQ(a.grid.bounds_from_scene, b.grid.bounds_from_scene);
    EXPECT_EQ(a.targets.rsrp_dbm, b.targets.rsrp_dbm);
    EXPECT_EQ(a.targets.sinr_db, b.targets.sinr_db);
  }

  void write_file(const std::string& name, const std::string& text) { std::ofstream(path(name)) << text; }
};

TEST_F(ScenarioYamlWriterTest, DemoScenarioRoundTrips) {
  std::ifstream in(std::string(TARANG_SOURCE_DIR) + "/scenarios/demo.yaml");
  ASSERT_TRUE(in) << "scenarios/demo.yaml";
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  expect_round_trip(text);
}

TEST_F(ScenarioYamlWriterTest, RayTracedProceduralCityWithEverythingRoundTrips) {
  expect_round_trip(R"(name: "null"
materials:
  allow_extrapolation: true
  tinted_glass: {eps_r: 6.5, sigma_s_per_m: 0.02, thickness_m: 0.012, scattering_coefficient: 0.1}
scene:
  crs: auto
  ground: none
  ground_material: wet_ground
  building_material: tinted_glass
  procedural: {blocks: 7, building_size_m: 33.3, pitch_m: 51.7, min_height_m: 12, max_height_m: 61,
               seed: 123456789012, origin_lon_deg: 77.1, origin_lat_deg: 28.7}
  level_height_m: 3.2
  default_height_m: 11
  material_attribute: facade
radio:
  frequency_hz: 28e9
  bandwidth_hz: 400e6
  subcarrier_spacing_hz: 120e3
  noise_figure_db: 9.5
  load: 0.35
  polarization: slant45
  atmosphere: {pressure_hpa: 990, temperature_c: 31.5, water_vapour_g_m3: 19}
  rain_mm_h: 25
sites:
  - id: "yes"
    lon: 77.1012345678
    lat: 28.7001
    height_m: 27.125
    sectors:
      - {id: a, azimuth_deg: 0.1, tilt_deg: -3, power_dbm: 33.3, polarization: cross,
         antenna: {type: array, rows: 8, cols: 4, spacing_wl: 0.7, beams: 5, beam_half_span_deg: 50, beam_tilts: 2,
                   beam_tilt_first_deg: 3, beam_tilt_step_deg: 4.5, element: isotropic}}
      - {id: "b: c", azimuth_deg: 359.9, power_dbm: 30, antenna: isotropic}
  - id: two
    x_m: 1e-3
    y_m: -2.5e6
    height_m: 999.9
    sectors: [{id: d, azimuth_deg: -120, power_dbm: -30, antenna: half-wave-dipole, polarization: H}]
propagation: {model: raytrace}
raytrace: {engine: cpu, rays: 4321, max_depth: 7, transmission: true, min_gain_db: -250.5, seed: 99}
grid: {cell_m: 2.5, height_m: 1.25}
targets: {rsrp_dbm: -98.5, sinr_db: 3}
)");
}

TEST_F(ScenarioYamlWriterTest, MeshSceneWithAnMsiAntennaRoundTrips) {
  write_file("city.ply", "ply\n");
  std::string msi = "NAME Panel x\nFREQUENCY 1800\nGAIN 15 dBd\nHORIZONTAL 360\n";
  for (int a = 0; a < 360; ++a) msi += std::to_string(a) + " " + std::to_string(a % 7) + ".5\n";
  msi += "VERTICAL 360\n";
  for (int a = 0; a < 360; ++a) msi += std::to_string(a) + " " + std::to_string(a % 11) + "\n";
  write_file("panel.msi", msi);
  expect_round_trip(R"(scene: {crs: EPSG:32632, mesh: city.ply, origin_x_m: 372000.5, origin_y_m: 4842000}
radio: {frequency_hz: 1.8e9}
sites:
  - {id: s, x_m: 10, y_m: 20, height_m: 30,
     sectors: [{id: m, antenna: {type: msi, file: panel.msi}, azimuth_deg: 45, tilt_deg: 2, power_dbm: 43}]}
propagation: {model: cost231-hata, hata_environment: suburban, hata_city: large, cost231_metropolitan: true}
grid: {bounds_m: [0, 0, 100.1, 50], cell_m: 0.1}
)");
}

TEST_F(ScenarioYamlWriterTest, GisSceneAndP1411RoundTrip) {
  write_file("b.geojson", "{}");
  write_file("dem.tif", "x");
  expect_round_trip(R"(scene: {buildings: b.geojson, dem: dem.tif}
radio: {frequency_hz: 5e9}
sites: [{id: s, x_m: 1, y_m: 2, height_m: 3, sectors: [{id: k, azimuth_deg: 10, power_dbm: 20}]}]
propagation: {model: itu-p1411, los: nlos, p1411_environment: urban-high-rise, p1411_placement: below-rooftop}
grid: {cell_m: 5}
)");
}

TEST_F(ScenarioYamlWriterTest, HeaderCommentAndOutputAreWrittenAndTheFileIsAtomic) {
  const Scenario s = parse_scenario_text(
      "scene: {crs: EPSG:32643}\nradio: {frequency_hz: 3.5e9}\n"
      "sites: [{id: s, x_m: 1, y_m: 2, height_m: 3, sectors: [{id: k, azimuth_deg: 0, power_dbm: 40}]}]\n"
      "grid: {bounds_m: [0, 0, 10, 10], cell_m: 1}\n",
      "x.yaml", "");
  ScenarioYamlOptions options;
  options.header_comment = "planned by tarang\nseed 7";
  options.output = "final.h5";
  write_scenario_yaml(path("plan.yaml"), s, options);
  EXPECT_EQ(entries(), (std::set<std::string>{"plan.yaml"}));
  const Scenario back = load_scenario_file(path("plan.yaml"));
  EXPECT_EQ(back.output_path, path("final.h5"));
  EXPECT_EQ(back.yaml_text.rfind("# planned by tarang\n# seed 7\n", 0), 0u) << back.yaml_text;
  EXPECT_THROW(write_scenario_yaml(path("missing/plan.yaml"), s), InputError);
}

}  // namespace
}  // namespace tarang

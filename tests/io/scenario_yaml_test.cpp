// Scenario YAML reader: defaults, the issue's example, and every rejected input with its FILE:LINE: key: message.
#include "io/scenario_yaml.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "propagation/antenna_msi.h"

namespace tarang {
namespace {

const char* kExample = R"(name: demo
scene:
  crs: EPSG:32643            # projected metric CRS of the scene; x/y below are in it
  ground: flat
radio:
  frequency_hz: 3.5e9
  bandwidth_hz: 100e6
  subcarrier_spacing_hz: 30e3
  noise_figure_db: 7
  load: 1.0
sites:
  - id: s1
    x_m: 500
    y_m: 500
    height_m: 25
    sectors:
      - {id: s1a, azimuth_deg: 0, tilt_deg: 6, power_dbm: 43, antenna: 3gpp-38901}
propagation:
  model: 3gpp-38901
  scenario: uma
  los: probabilistic
grid:
  bounds_m: [0, 0, 1000, 1000]
  cell_m: 10
  height_m: 1.5
targets:
  rsrp_dbm: -105
  sinr_db: -5
output: demo.h5
)";

// Replaces the first occurrence of `from` in the example with `to`.
std::string example_with(const std::string& from, const std::string& to) {
  std::string text = kExample;
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return text.replace(pos, from.size(), to);
}

// Applies several replacements, in order.
std::string example_with(const std::vector<std::pair<std::string, std::string>>& edits) {
  std::string text = kExample;
  for (const auto& [from, to] : edits) {
    const auto pos = text.find(from);
    EXPECT_NE(pos, std::string::npos) << from;
    text.replace(pos, from.size(), to);
  }
  return text;
}

// Parses `text` and returns the error message; fails the test if it parses.
std::string error_of(const std::string& text) {
  try {
    parse_scenario_text(text, "s.yaml", "/tmp");
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an InputError";
  return "";
}

TEST(ScenarioYaml, ParsesTheDocumentedExample) {
  const Scenario s = parse_scenario_text(kExample, "s.yaml", "/data/run");
  EXPECT_EQ(s.name, "demo");
  EXPECT_EQ(s.scene.crs, "EPSG:32643");
  EXPECT_EQ(s.scene.ground, GroundKind::Flat);
  EXPECT_DOUBLE_EQ(s.radio.frequency_hz, 3.5e9);
  EXPECT_DOUBLE_EQ(s.radio.bandwidth_hz, 100e6);
  EXPECT_DOUBLE_EQ(s.radio.subcarrier_spacing_hz, 30e3);
  EXPECT_DOUBLE_EQ(s.radio.noise_figure_db, 7);
  EXPECT_DOUBLE_EQ(s.radio.load, 1.0);
  ASSERT_EQ(s.sites.size(), 1u);
  EXPECT_EQ(s.sites[0].id, "s1");
  EXPECT_DOUBLE_EQ(s.sites[0].height_m, 25);
  ASSERT_EQ(s.sites[0].sectors.size(), 1u);
  EXPECT_EQ(s.sites[0].sectors[0].id, "s1a");
  EXPECT_DOUBLE_EQ(s.sites[0].sectors[0].tilt_deg, 6);
  EXPECT_EQ(s.sites[0].sectors[0].antenna.kind, AntennaKind::Tr38901Element);
  EXPECT_EQ(s.propagation.model, PathLossModel::Tr38901);
  EXPECT_EQ(s.propagation.scenario, Tr38901Scenario::UMa);
  EXPECT_EQ(s.propagation.los, LosMode::Probabilistic);
  EXPECT_DOUBLE_EQ(s.grid.xmax_m, 1000);
  EXPECT_DOUBLE_EQ(s.grid.cell_m, 10);
  EXPECT_DOUBLE_EQ(s.targets.rsrp_dbm, -105);
  EXPECT_EQ(s.output_path, "/data/run/demo.h5");
  EXPECT_EQ(s.yaml_text, kExample);
  EXPECT_EQ(s.sector_count(), 1u);
}

TEST(ScenarioYaml, AppliesDocumentedDefaults) {
  const Scenario s = parse_scenario_text(R"(scene: {crs: "EPSG:32633"}
radio: {frequency_hz: 2.1e9}
sites:
  - {id: a, x_m: 0, y_m: 0, height_m: 20, sectors: [{id: a1, antenna: isotropic, power_dbm: 40}]}
grid: {bounds_m: [-100, -100, 100, 100], cell_m: 5}
)",
                                         "dir/city.yaml", "dir");
  EXPECT_EQ(s.name, "city");
  EXPECT_EQ(s.output_path, "dir/city.h5");
  EXPECT_DOUBLE_EQ(s.radio.bandwidth_hz, 100e6);
  EXPECT_DOUBLE_EQ(s.radio.subcarrier_spacing_hz, 30e3);
  EXPECT_DOUBLE_EQ(s.radio.noise_figure_db, 7);
  EXPECT_DOUBLE_EQ(s.radio.load, 1);
  EXPECT_DOUBLE_EQ(s.grid.height_m, 1.5);
  EXPECT_DOUBLE_EQ(s.sites[0].sectors[0].azimuth_deg, 0);
  EXPECT_EQ(s.sites[0].sectors[0].antenna.kind, AntennaKind::Isotropic);
  EXPECT_EQ(s.propagation.model, PathLossModel::Tr38901);
  EXPECT_EQ(s.propagation.los, LosMode::Probabilistic);
  EXPECT_DOUBLE_EQ(s.targets.rsrp_dbm, -105);
  EXPECT_DOUBLE_EQ(s.targets.sinr_db, -5);
}

struct BadCase {
  const char* name;
  std::string text;
  std::string expected;  // full "FILE:LINE: key: message" prefix
};

// Short test names in ctest output.
void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class ScenarioYamlRejects : public ::testing::TestWithParam<BadCase> {};

TEST_P(ScenarioYamlRejects, WithFileLineKeyAndReason) {
  const std::string message = error_of(GetParam().text);
  EXPECT_EQ(message.rfind(GetParam().expected, 0), 0u) << "got: " << message;
}

INSTANTIATE_TEST_SUITE_P(
    BadInputs, ScenarioYamlRejects,
    ::testing::Values(
        BadCase{"UnknownTopKey", example_with("output: demo.h5", "outptu: demo.h5"), "s.yaml:29: outptu: unknown key"},
        BadCase{"UnknownNestedKey", example_with("height_m: 25", "heigth_m: 25"),
                "s.yaml:15: sites[0].heigth_m: unknown key (known keys: id, x_m, y_m, lon, lat, height_m, sectors)"},
        BadCase{"MisspeltOptionalKey", example_with("noise_figure_db: 7", "noise_figure: 7"),
                "s.yaml:9: radio.noise_figure: unknown key"},
        BadCase{"WrongTypeText", example_with("frequency_hz: 3.5e9", "frequency_hz: high"),
                "s.yaml:6: radio.frequency_hz: expected a number, got \"high\""},
        BadCase{"WrongTypeList", example_with("cell_m: 10", "cell_m: [10]"),
                "s.yaml:24: grid.cell_m: expected a number, got a list"},
        BadCase{"FrequencyZero", example_with("frequency_hz: 3.5e9", "frequency_hz: 0"),
                "s.yaml:6: radio.frequency_hz: must be > 0"},
        BadCase{"FrequencyNegative", example_with("frequency_hz: 3.5e9", "frequency_hz: -3.5e9"),
                "s.yaml:6: radio.frequency_hz: must be > 0"},
        BadCase{"FrequencyOutsideModel", example_with("frequency_hz: 3.5e9", "frequency_hz: 150e9"),
                "s.yaml:6: radio.frequency_hz: 1.5e+11 Hz is outside the 3gpp-38901 model's range"},
        BadCase{"CellZero", example_with("cell_m: 10", "cell_m: 0"), "s.yaml:24: grid.cell_m: must be > 0"},
        BadCase{"CellNegative", example_with("cell_m: 10", "cell_m: -5"), "s.yaml:24: grid.cell_m: must be > 0"},
        BadCase{"BoundsInverted", example_with("[0, 0, 1000, 1000]", "[1000, 0, 0, 1000]"),
                "s.yaml:23: grid.bounds_m: bounds are inverted or empty"},
        BadCase{"BoundsWrongLength", example_with("[0, 0, 1000, 1000]", "[0, 0, 1000]"),
                "s.yaml:23: grid.bounds_m: expected [xmin, ymin, xmax, ymax]"},
        BadCase{"TooManyCells", example_with("cell_m: 10", "cell_m: 0.01"),
                "s.yaml:24: grid.cell_m: grid would have 1e+10 cells"},
        BadCase{"LoadAboveOne", example_with("load: 1.0", "load: 1.5"),
                "s.yaml:10: radio.load: must be between 0 and 1 (got 1.5)"},
        BadCase{"LoadNegative", example_with("load: 1.0", "load: -0.1"), "s.yaml:10: radio.load: must be between 0 and 1"},
        BadCase{"UnknownModel", example_with("model: 3gpp-38901", "model: hata"),
                "s.yaml:19: propagation.model: unknown value 'hata' (expected one of: free-space, 3gpp-38901, raytrace, "
                "itu-p1411, okumura-hata, cost231-hata)"},
        BadCase{"UnknownScenario", example_with("scenario: uma", "scenario: urban"),
                "s.yaml:20: propagation.scenario: unknown value 'urban'"},
        BadCase{"UnknownAntenna", example_with("antenna: 3gpp-38901}", "antenna: yagi}"),
                "s.yaml:17: sites[0].sectors[0].antenna: unknown value 'yagi'"},
        BadCase{"DuplicateSiteId",
                example_with("propagation:", "  - {id: s1, x_m: 0, y_m: 0, height_m: 10, sectors: [{id: s2a, "
                                             "power_dbm: 40, azimuth_deg: 0}]}\npropagation:"),
                "s.yaml:18: sites[1].id: duplicate site id 's1'"},
        BadCase{"DuplicateSectorId",
                example_with("propagation:", "      - {id: s1a, azimuth_deg: 120, power_dbm: 43}\npropagation:"),
                "s.yaml:18: sites[0].sectors[1].id: duplicate sector id 's1a'"},
        BadCase{"DuplicateKey", example_with("  load: 1.0", "  load: 1.0\n  load: 0.5"),
                "s.yaml:11: radio.load: duplicate key"},
        BadCase{"MissingSites", example_with("sites:", "sitez:"), "s.yaml:11: sitez: unknown key"},
        BadCase{"EmptySectors",
                example_with("      - {id: s1a, azimuth_deg: 0, tilt_deg: 6, power_dbm: 43, antenna: 3gpp-38901}",
                             "      []"),
                "s.yaml:17: sites[0].sectors: expected a non-empty list of sectors"},
        BadCase{"SiteHeightNegative", example_with("height_m: 25", "height_m: -3"),
                "s.yaml:15: sites[0].height_m: must be > 0 and <= 1000 m"},
        BadCase{"TiltOutOfRange", example_with("tilt_deg: 6", "tilt_deg: 95"),
                "s.yaml:17: sites[0].sectors[0].tilt_deg: must be between -90 and 90 deg"},
        BadCase{"NotANumberValue", example_with("x_m: 500", "x_m: nan"),
                "s.yaml:13: sites[0].x_m: must be a finite number"},
        BadCase{"UnknownCrs", example_with("EPSG:32643", "EPSG:999999"),
                "s.yaml:3: scene.crs: 'EPSG:999999' is not a CRS PROJ can interpret"},
        BadCase{"GeographicCrs", example_with("EPSG:32643", "EPSG:4326"),
                "s.yaml:3: scene.crs: 'EPSG:4326' is not a projected CRS"},
        BadCase{"BadSubcarrierSpacing", example_with("subcarrier_spacing_hz: 30e3", "subcarrier_spacing_hz: 20e3"),
                "s.yaml:8: radio.subcarrier_spacing_hz: must be an NR numerology"},
        BadCase{"BadYamlSyntax", example_with("  ground: flat", "  ground: [flat"), "s.yaml:5: invalid YAML"},
        BadCase{"RaysTooFew", example_with("output: demo.h5", "raytrace: {rays: 10}"),
                "s.yaml:29: raytrace.rays: must be a whole number between 1000 and 1e10 (got 10)"},
        BadCase{"RaysTooMany", example_with("output: demo.h5", "raytrace: {rays: 2e10}"),
                "s.yaml:29: raytrace.rays: must be a whole number between 1000 and 1e10"},
        BadCase{"DepthNegative", example_with("output: demo.h5", "raytrace: {max_depth: -1}"),
                "s.yaml:29: raytrace.max_depth: must be a whole number between 0 and 20 (got -1)"},
        BadCase{"DepthTooLarge", example_with("output: demo.h5", "raytrace: {max_depth: 21}"),
                "s.yaml:29: raytrace.max_depth: must be a whole number between 0 and 20 (got 21)"},
        BadCase{"DiffractionOrderThree", example_with("output: demo.h5", "raytrace: {diffraction_order: 3}"),
                "s.yaml:29: raytrace.diffraction_order: must be 0, 1 or 2 (got 3)"},
        BadCase{"DiffractionRaysTooMany", example_with("output: demo.h5", "raytrace: {diffraction_rays: 25}"),
                "s.yaml:29: raytrace.diffraction_rays: must be a whole number between 4 and 24 (got 25)"},
        BadCase{"ScatteringPatternUnknown", example_with("output: demo.h5", "raytrace: {scattering_pattern: phong}"),
                "s.yaml:29: raytrace.scattering_pattern: unknown value 'phong' (expected one of: lambertian, directive)"},
        BadCase{"ScatteringRaysZero", example_with("output: demo.h5", "raytrace: {scattering_rays: 0}"),
                "s.yaml:29: raytrace.scattering_rays: must be a whole number between 1 and 8 (got 0)"},
        BadCase{"UnknownMaterial", example_with("  ground: flat", "  ground: flat\n  ground_material: lava"),
                "s.yaml:5: scene.ground_material: unknown material 'lava' (ITU-R P.2040 materials: vacuum, concrete"},
        BadCase{"MaterialOutsideItsRange",
                example_with({{"  ground: flat", "  ground: flat\n  ground_material: wet_ground"},
                              {"model: 3gpp-38901", "model: raytrace"},
                              {"frequency_hz: 3.5e9", "frequency_hz: 28e9"}}),
                "s.yaml:5: scene.ground_material: ITU-R P.2040 gives no wet_ground parameters at 2.8e+10 Hz (set "
                "materials.allow_extrapolation: true"},
        BadCase{"UnknownPolarization", example_with("antenna: 3gpp-38901}", "antenna: 3gpp-38901, polarization: X}"),
                "s.yaml:17: sites[0].sectors[0].polarization: unknown value 'X' (expected one of: V, H, slant45, cross)"},
        BadCase{"HataOutsideItsBand", example_with("model: 3gpp-38901", "model: okumura-hata"),
                "s.yaml:6: radio.frequency_hz: 3.5e+09 Hz is outside the okumura-hata model's range 1.5e+08..1.5e+09 Hz"},
        BadCase{"P1411NeedsLosOrNlos", example_with("model: 3gpp-38901", "model: itu-p1411"),
                "s.yaml:21: propagation.los: itu-p1411 needs los: los or los: nlos"},
        BadCase{"AtmosphereBadPressure",
                example_with("  load: 1.0", "  load: 1.0\n  atmosphere: {pressure_hpa: 5000}"),
                "s.yaml:11: radio.atmosphere.pressure_hpa: must be between 100 and 1100 hPa (got 5000)"},
        BadCase{"AtmosphereUnknownWord", example_with("  load: 1.0", "  load: 1.0\n  atmosphere: thick"),
                "s.yaml:11: radio.atmosphere: unknown value 'thick' (expected one of: standard)"},
        BadCase{"RainNegative", example_with("  load: 1.0", "  load: 1.0\n  rain_mm_h: -5"),
                "s.yaml:11: radio.rain_mm_h: must be between 0 and 300 mm/h (got -5)"},
        BadCase{"ArrayTooManyRows",
                example_with("antenna: 3gpp-38901}", "antenna: {type: array, rows: 100, cols: 8}}"),
                "s.yaml:17: sites[0].sectors[0].antenna.rows: must be a whole number between 1 and 64 (got 100)"},
        BadCase{"ArrayWithFile",
                example_with("antenna: 3gpp-38901}", "antenna: {type: array, file: a.msi}}"),
                "s.yaml:17: sites[0].sectors[0].antenna.file: only applies to antennas of type msi"},
        BadCase{"AntennaWithoutType", example_with("antenna: 3gpp-38901}", "antenna: {rows: 2}}"),
                "s.yaml:17: sites[0].sectors[0].antenna.type: required key is missing"},
        BadCase{"MsiFileMissing", example_with("antenna: 3gpp-38901}", "antenna: {type: msi, file: nope.msi}}"),
                "/tmp/nope.msi"},
        BadCase{"CustomMaterialShadowsP2040", example_with("output: demo.h5", "materials: {glass: {eps_r: 5, sigma_s_per_m: 0}}"),
                "s.yaml:29: materials.glass: is an ITU-R P.2040 material already"},
        BadCase{"CustomMaterialWithoutEps", example_with("output: demo.h5", "materials: {mine: {sigma_s_per_m: 0}}"),
                "s.yaml:29: materials.mine.eps_r: required key is missing"},
        BadCase{"CustomMaterialBadScattering",
                example_with("output: demo.h5", "materials: {mine: {eps_r: 4, sigma_s_per_m: 0.1, scattering_coefficient: 2}}"),
                "s.yaml:29: materials.mine.scattering_coefficient: must be between 0 and 1 (got 2)"},
        BadCase{"NotAMapping", std::string("- just\n- a list\n"), "s.yaml:1: expected a mapping of keys"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

TEST(ScenarioYaml, ReadsRaytraceKeys) {
  const Scenario s = parse_scenario_text(
      example_with("model: 3gpp-38901", "model: raytrace") +
          "raytrace: {engine: cpu, rays: 2e6, max_depth: 5, transmission: true, min_gain_db: -160, seed: 7, "
          "diffraction_order: 2, diffraction_rays: 8, scattering: true, scattering_coefficient: 0.5, "
          "scattering_pattern: directive, scattering_alpha: 6, scattering_rays: 3}\n",
      "s.yaml", "");
  EXPECT_EQ(s.propagation.model, PathLossModel::Raytrace);
  EXPECT_EQ(s.raytrace.engine, RaytraceEngine::Cpu);
  EXPECT_EQ(s.raytrace.rays, 2000000u);
  EXPECT_EQ(s.raytrace.max_depth, 5);
  EXPECT_TRUE(s.raytrace.transmission);
  EXPECT_DOUBLE_EQ(s.raytrace.min_gain_db, -160);
  EXPECT_EQ(s.raytrace.seed, 7u);
  EXPECT_EQ(s.raytrace.diffraction_order, 2);
  EXPECT_EQ(s.raytrace.diffraction_rays, 8);
  EXPECT_TRUE(s.raytrace.scattering);
  EXPECT_DOUBLE_EQ(s.raytrace.scattering_coefficient, 0.5);
  EXPECT_TRUE(s.raytrace.scattering_directive);
  EXPECT_DOUBLE_EQ(s.raytrace.scattering_alpha, 6);
  EXPECT_EQ(s.raytrace.scattering_rays, 3);
  EXPECT_EQ(s.scene.ground_material, "medium_dry_ground");
  EXPECT_EQ(s.scene.building_material, "concrete");
  const Scenario aliases =
      parse_scenario_text(example_with("  ground: flat", "  ground: flat\n  building_material: mat-itu_glass"), "s", "");
  EXPECT_EQ(aliases.scene.building_material, "glass");
}

TEST(ScenarioYaml, ReadsRadioExtrasModelsAndAntennas) {
  const Scenario s = parse_scenario_text(
      example_with({{"  load: 1.0", "  load: 1.0\n  polarization: slant45\n  atmosphere: {temperature_c: 30}\n"
                                    "  rain_mm_h: 25"},
                    {"frequency_hz: 3.5e9", "frequency_hz: 1800e6"},
                    {"model: 3gpp-38901", "model: cost231-hata\n  cost231_metropolitan: true"},
                    {"antenna: 3gpp-38901}", "antenna: {type: array, rows: 8, cols: 4, beams: 6, element: isotropic}}"}}),
      "s.yaml", "");
  EXPECT_EQ(s.radio.polarization, SectorPolarization::Slant45);
  EXPECT_EQ(s.sites[0].sectors[0].polarization, SectorPolarization::Slant45);  // inherits radio.polarization
  EXPECT_TRUE(s.radio.atmosphere);
  EXPECT_DOUBLE_EQ(s.radio.temperature_c, 30);
  EXPECT_DOUBLE_EQ(s.radio.pressure_hpa, 1013.25);
  EXPECT_DOUBLE_EQ(s.radio.rain_mm_h, 25);
  EXPECT_EQ(s.propagation.model, PathLossModel::Cost231Hata);
  EXPECT_TRUE(s.propagation.cost231_metropolitan);
  const Scenario hata = parse_scenario_text(
      example_with({{"frequency_hz: 3.5e9", "frequency_hz: 900e6"},
                    {"model: 3gpp-38901", "model: okumura-hata\n  hata_environment: suburban\n  hata_city: large"}}),
      "s.yaml", "");
  EXPECT_EQ(hata.propagation.hata_environment, HataEnvironment::Suburban);
  EXPECT_EQ(hata.propagation.hata_city, HataCitySize::Large);
  EXPECT_THROW(parse_scenario_text(example_with({{"frequency_hz: 3.5e9", "frequency_hz: 900e6"},
                                                 {"  load: 1.0", "  load: 1.0\n  atmosphere: standard"}}),
                                   "s.yaml", ""),
               InputError);  // P.676 starts at 1 GHz
  const AntennaSpec& a = s.sites[0].sectors[0].antenna;
  EXPECT_EQ(a.kind, AntennaKind::Array);
  EXPECT_EQ(a.rows, 8);
  EXPECT_EQ(a.cols, 4);
  EXPECT_EQ(a.beams, 6);
  EXPECT_EQ(a.element, AntennaKind::Isotropic);
  const Scenario dipole =
      parse_scenario_text(example_with("antenna: 3gpp-38901}", "antenna: half-wave-dipole}"), "s.yaml", "");
  EXPECT_EQ(dipole.sites[0].sectors[0].antenna.kind, AntennaKind::HalfWaveDipole);
}

TEST(ScenarioYaml, LoadsMsiAntennaRelativeToTheScenario) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "tarang_scenario_msi";
  std::filesystem::create_directories(dir);
  AntennaPatternTable table;
  table.name = "panel-65";
  table.gain_dbi = 17.5;
  for (int i = 0; i < 360; ++i) {
    table.horizontal_db[i] = static_cast<float>(std::min(12.0 * std::pow(std::min(i, 360 - i) / 65.0, 2), 30.0));
    table.vertical_db[i] = static_cast<float>(std::min(12.0 * std::pow(std::min(i, 360 - i) / 7.0, 2), 30.0));
  }
  write_msi_file(table, (dir / "panel.msi").string());
  const Scenario s = parse_scenario_text(example_with("antenna: 3gpp-38901}", "antenna: {type: msi, file: panel.msi}}"),
                                         (dir / "s.yaml").string(), dir.string());
  const AntennaSpec& a = s.sites[0].sectors[0].antenna;
  EXPECT_EQ(a.kind, AntennaKind::Msi);
  EXPECT_EQ(a.msi_name, "panel-65");
  EXPECT_DOUBLE_EQ(a.msi_gain_dbi, 17.5);
  ASSERT_EQ(a.msi_cuts_db.size(), 720u);
  EXPECT_FLOAT_EQ(a.msi_cuts_db[65], 12.0f);         // horizontal cut at 65 deg
  EXPECT_FLOAT_EQ(a.msi_cuts_db[360 + 7], 12.0f);    // vertical cut at 7 deg
  // A malformed file is reported with its own name and line.
  std::ofstream((dir / "bad.msi").string()) << "NAME x\nGAIN 10 dBi\nHORIZONTAL 360\n0 abc\n";
  try {
    parse_scenario_text(example_with("antenna: 3gpp-38901}", "antenna: {type: msi, file: bad.msi}}"), "s.yaml",
                        dir.string());
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find((dir / "bad.msi").string() + ":4"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

TEST(ScenarioYaml, CustomMaterialsAndExtrapolation) {
  const Scenario s = parse_scenario_text(
      example_with({{"output: demo.h5",
                     "materials:\n  allow_extrapolation: true\n  tinted_glass: {eps_r: 6.5, sigma_s_per_m: 0.02, "
                     "thickness_m: 0.012, scattering_coefficient: 0.1}"},
                    {"  ground: flat", "  ground: flat\n  building_material: tinted_glass\n  ground_material: wet_ground"},
                    {"model: 3gpp-38901", "model: raytrace"},
                    {"frequency_hz: 3.5e9", "frequency_hz: 28e9"}}),
      "s.yaml", "");
  ASSERT_EQ(s.custom_materials.size(), 1u);
  EXPECT_EQ(s.custom_materials[0].name, "tinted_glass");
  EXPECT_DOUBLE_EQ(s.custom_materials[0].eps_r, 6.5);
  EXPECT_DOUBLE_EQ(s.custom_materials[0].thickness_m, 0.012);
  EXPECT_DOUBLE_EQ(s.custom_materials[0].scattering_coefficient, 0.1);
  EXPECT_TRUE(s.allow_extrapolation);
  EXPECT_EQ(s.scene.building_material, "tinted_glass");
  EXPECT_EQ(s.scene.ground_material, "wet_ground");  // outside its 1-10 GHz range, allowed by allow_extrapolation
}

TEST(ScenarioYaml, EmptyFileIsRejected) { EXPECT_EQ(error_of(""), "s.yaml: scenario file is empty"); }

TEST(ScenarioYaml, MissingFileIsRejected) {
  try {
    load_scenario_file("/nonexistent/folder/x.yaml");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/folder/x.yaml: file not found");
  }
}

}  // namespace
}  // namespace tarang

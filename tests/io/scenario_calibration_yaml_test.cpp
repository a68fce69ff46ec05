// The scenario's `calibration:` section (inline or a fragment file), sector `pci`, and the fragment writer.
#include <gtest/gtest.h>

#include <fstream>

#include "core/error.h"
#include "io/scenario_yaml.h"
#include "io/scenario_yaml_writer.h"
#include "tests/support/temp_folder_test.h"

namespace tarang {
namespace {

const char* kBase = R"(name: c
scene: {crs: "EPSG:32643"}
radio: {frequency_hz: 3.5e9}
sites:
  - id: s
    x_m: 0
    y_m: 0
    height_m: 25
    sectors:
      - {id: s-a, pci: 5, azimuth_deg: 0, power_dbm: 43}
      - {id: s-b, azimuth_deg: 180, power_dbm: 43}
grid: {bounds_m: [-100, -100, 100, 100], cell_m: 10}
)";

class CalibrationYaml : public test::TempFolderTest {};

TEST_F(CalibrationYaml, ReadsAnInlineSectionAndPci) {
  const Scenario s = parse_scenario_text(std::string(kBase) + R"(calibration:
  offset_db: -1.5
  reference_distance_m: 250
  sectors:
    - {id: s-b, offset_db: 3, distance_slope_db_per_decade: -2.5}
)",
                                         "c.yaml", "");
  EXPECT_EQ(s.sites[0].sectors[0].pci, 5);
  EXPECT_EQ(s.sites[0].sectors[1].pci, -1);
  EXPECT_EQ(s.calibration.offset_db, -1.5);
  EXPECT_EQ(s.calibration.reference_distance_m, 250);
  ASSERT_EQ(s.calibration.sectors.size(), 1u);
  EXPECT_EQ(s.calibration.sectors[0].sector_id, "s-b");
  EXPECT_EQ(s.calibration.sectors[0].offset_db, 3);
  EXPECT_EQ(s.calibration.sectors[0].distance_slope_db_per_decade, -2.5);
  const Scenario plain = parse_scenario_text(kBase, "c.yaml", "");
  EXPECT_TRUE(plain.calibration.empty());
  EXPECT_EQ(plain.calibration.reference_distance_m, 100);
}

TEST_F(CalibrationYaml, FragmentWrittenByTheWriterReadsBackExactly) {
  CalibrationSpec c;
  c.offset_db = 0.1 + 0.2;  // not a short decimal: must survive exactly
  c.reference_distance_m = 100;
  c.sectors = {{"s-a", -3.3333333333333335, 1.0 / 3}, {"s-b", 7, 0}};
  write_calibration_yaml(path("frag.yaml"), c, "first line\nsecond line");
  std::ifstream in(path("frag.yaml"));
  std::string first;
  std::getline(in, first);
  EXPECT_EQ(first, "# first line");
  const Scenario s = parse_scenario_text(std::string(kBase) + "calibration: frag.yaml\n", path("c.yaml"), dir_.string());
  EXPECT_EQ(s.calibration.offset_db, c.offset_db);
  ASSERT_EQ(s.calibration.sectors.size(), 2u);
  EXPECT_EQ(s.calibration.sectors[0].offset_db, c.sectors[0].offset_db);
  EXPECT_EQ(s.calibration.sectors[0].distance_slope_db_per_decade, c.sectors[0].distance_slope_db_per_decade);
  EXPECT_EQ(s.calibration.sectors[1].sector_id, "s-b");
  // The whole-scenario writer keeps the calibration and the pci.
  const Scenario again = parse_scenario_text(scenario_yaml_text(s), "again.yaml", "");
  EXPECT_EQ(again.calibration.sectors.size(), 2u);
  EXPECT_EQ(again.calibration.offset_db, c.offset_db);
  EXPECT_EQ(again.sites[0].sectors[0].pci, 5);
}

// Message of the InputError parsing `text` (scenario c.yaml in the test folder) throws, "" when none.
std::string error_of(const std::string& text, const std::string& dir) {
  try {
    parse_scenario_text(text, dir + "/c.yaml", dir);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST_F(CalibrationYaml, RejectsBadSectionsWithFileLineAndKey) {
  const std::string d = dir_.string();
  EXPECT_EQ(error_of(std::string(kBase) + "calibration:\n  sectors:\n    - {id: s-x, offset_db: 1}\n", d),
            d + "/c.yaml:15: calibration.sectors[0].id: no sector 's-x' in the scenario's sites");
  EXPECT_EQ(error_of(std::string(kBase) + "calibration: {offset_db: 500}\n", d),
            d + "/c.yaml:13: calibration.offset_db: must be between -100 and 100 dB (got 500)");
  EXPECT_EQ(error_of(std::string(kBase) + "calibration: {slope: 1}\n", d).find(d + "/c.yaml:13: calibration.slope: unknown key"),
            0u);
  EXPECT_EQ(error_of(std::string(kBase) + "calibration: missing.yaml\n", d),
            d + "/c.yaml:13: calibration: file not found: " + d + "/missing.yaml");
  std::ofstream(path("bad.yaml")) << "calibration:\n  offset_db: x\n";
  EXPECT_EQ(error_of(std::string(kBase) + "calibration: bad.yaml\n", d),
            d + "/bad.yaml:2: calibration.offset_db: expected a number, got \"x\"");
  std::string dup = kBase;
  dup.replace(dup.find("{id: s-b,"), 9, "{id: s-b, pci: 5,");
  EXPECT_EQ(error_of(dup, d), d + "/c.yaml:11: sites[0].sectors[1].pci: duplicate pci 5 (measurements could not tell "
                              "the sectors apart)");
  std::string range = kBase;
  range.replace(range.find("pci: 5"), 6, "pci: 1008");
  EXPECT_NE(error_of(range, d).find("sites[0].sectors[0].pci: must be a whole number between -1 and 1007"),
            std::string::npos);
}

TEST_F(CalibrationYaml, MaterialScalesReadUnderCanonicalNamesAndRoundTrip) {
  const Scenario s = parse_scenario_text(std::string(kBase) + R"(materials: {tinted: {eps_r: 6.5, sigma_s_per_m: 0.02}}
calibration:
  materials:
    itu_concrete: {permittivity_scale: 1.25, conductivity_scale: 0.5}
    mat-itu_medium_dry_ground: {permittivity_scale: 0.7}
    tinted: {conductivity_scale: 3}
)",
                                         "c.yaml", "");
  const std::vector<MaterialCalibration>& m = s.calibration.materials;
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].material, "concrete");
  EXPECT_EQ(m[0].permittivity_scale, 1.25);
  EXPECT_EQ(m[0].conductivity_scale, 0.5);
  EXPECT_EQ(m[1].material, "medium_dry_ground");
  EXPECT_EQ(m[1].conductivity_scale, 1.0);
  EXPECT_EQ(m[2].material, "tinted");
  EXPECT_EQ(m[2].permittivity_scale, 1.0);
  EXPECT_FALSE(s.calibration.empty());
  CalibrationSpec c = s.calibration;
  c.materials[0].permittivity_scale = 0.1 + 0.2;  // not a short decimal: must survive exactly
  write_calibration_yaml(path("frag.yaml"), c, "materials");
  const std::string with_tinted = std::string(kBase) + "materials: {tinted: {eps_r: 6.5, sigma_s_per_m: 0.02}}\n";
  const Scenario back = parse_scenario_text(with_tinted + "calibration: frag.yaml\n", path("c.yaml"), dir_.string());
  ASSERT_EQ(back.calibration.materials.size(), 3u);
  EXPECT_EQ(back.calibration.materials[0].permittivity_scale, 0.1 + 0.2);
  EXPECT_EQ(back.calibration.materials[2].material, "tinted");
  EXPECT_EQ(back.calibration.materials[2].conductivity_scale, 3.0);
}

TEST_F(CalibrationYaml, RejectsBadMaterialScalesWithFileLineAndKey) {
  const std::string d = dir_.string();
  const std::string base = kBase;
  EXPECT_EQ(error_of(base + "calibration: {materials: {concrete: {permittivity_scale: 0}}}\n", d),
            d + "/c.yaml:13: calibration.materials.concrete.permittivity_scale: must be between 0.01 and 100 (got 0)");
  EXPECT_EQ(error_of(base + "calibration:\n  materials:\n    brick: {conductivity_scale: 250}\n", d),
            d + "/c.yaml:15: calibration.materials.brick.conductivity_scale: must be between 0.01 and 100 (got 250)");
  EXPECT_EQ(error_of(base + "calibration:\n  materials:\n    brick: {conductivity_scale: .nan}\n", d),
            d + "/c.yaml:15: calibration.materials.brick.conductivity_scale: must be a finite number, got \".nan\"");
  EXPECT_EQ(error_of(base + "calibration:\n  materials:\n    unobtainium: {permittivity_scale: 2}\n", d),
            d + "/c.yaml:15: calibration.materials.unobtainium: unknown material (neither an ITU-R P.2040 name nor "
                "defined under materials:)");
  EXPECT_EQ(error_of(base + "calibration:\n  materials:\n    concrete: {}\n    itu_concrete: {}\n", d),
            d + "/c.yaml:16: calibration.materials.itu_concrete: material 'concrete' is given twice");
  EXPECT_EQ(error_of(base + "calibration: {materials: [concrete]}\n", d),
            d + "/c.yaml:13: calibration.materials: expected a mapping, got a list");
  EXPECT_EQ(error_of(base + "calibration:\n  materials:\n    concrete: 2\n", d),
            d + "/c.yaml:15: calibration.materials.concrete: expected a mapping of keys, got \"2\"");
  EXPECT_EQ(error_of(base + "calibration:\n  materials:\n    concrete: {eps: 2}\n", d)
                .find(d + "/c.yaml:15: calibration.materials.concrete.eps: unknown key"),
            0u);
  std::ofstream(path("bad.yaml")) << "calibration:\n  materials:\n    glass: {permittivity_scale: -1}\n";
  EXPECT_EQ(error_of(base + "calibration: bad.yaml\n", d),
            d + "/bad.yaml:3: calibration.materials.glass.permittivity_scale: must be between 0.01 and 100 (got -1)");
}

}  // namespace
}  // namespace tarang

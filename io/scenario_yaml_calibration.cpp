// Scenario reader: the `calibration:` section, inline or from a fragment file written by `tarang calibrate`.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "io/scenario_yaml_sections.h"
#include "raytrace/surface_materials.h"

namespace tarang::yaml_detail {
namespace {

// Accepted range of a material scale factor (the fit keeps to 0.25..4; repeated calibrations multiply).
constexpr double kMinMaterialScale = 0.01, kMaxMaterialScale = 100;

// `materials:` of a calibration mapping `m`: material name -> {permittivity_scale, conductivity_scale}; names are
// stored under material_calibration_key (custom materials are read before).
void read_material_scales(MapReader& m, Scenario& s) {
  YAML::Node map = m.optional("materials");
  if (!map.IsDefined() || map.IsNull()) return;
  if (!map.IsMap()) m.fail_at(line_of(map), m.child_path("materials"), "expected a mapping, got " + describe(map));
  std::set<std::string> seen;
  for (const auto& entry : map) {
    const std::string name = entry.first.Scalar();
    const std::string path = m.child_path("materials") + "." + name;
    const std::string key = material_calibration_key(name, s.custom_materials);
    if (key.empty()) {
      m.fail_at(line_of(entry.first), path,
                "unknown material (neither an ITU-R P.2040 name nor defined under materials:)");
    }
    if (!seen.insert(key).second) m.fail_at(line_of(entry.first), path, "material '" + key + "' is given twice");
    MapReader e(entry.second, path, m.file(), line_of(entry.first), {"permittivity_scale", "conductivity_scale"});
    MaterialCalibration mc{key, e.number("permittivity_scale", 1.0), e.number("conductivity_scale", 1.0)};
    require_range(e, "permittivity_scale", mc.permittivity_scale, kMinMaterialScale, kMaxMaterialScale, "");
    require_range(e, "conductivity_scale", mc.conductivity_scale, kMinMaterialScale, kMaxMaterialScale, "");
    s.calibration.materials.push_back(mc);
  }
}

// Reads the calibration mapping `node` (at `path` in `file`) into s.calibration.
void read_calibration_map(const YAML::Node& node, const std::string& path, const std::string& file, int parent_line,
                          Scenario& s) {
  MapReader m(node, path, file, parent_line, {"offset_db", "reference_distance_m", "sectors", "materials"});
  CalibrationSpec& c = s.calibration;
  read_material_scales(m, s);
  c.offset_db = m.number("offset_db", 0.0);
  require_range(m, "offset_db", c.offset_db, -100, 100, "dB");
  c.reference_distance_m = m.number("reference_distance_m", 100.0);
  require_range(m, "reference_distance_m", c.reference_distance_m, 1, 1e6, "m");
  YAML::Node list = m.optional("sectors");
  if (!list.IsDefined() || list.IsNull()) return;
  if (!list.IsSequence()) m.fail_at(line_of(list), m.child_path("sectors"), "expected a list, got " + describe(list));
  std::set<std::string> known, seen;
  for (const SiteSpec& site : s.sites) {
    for (const SectorSpec& sector : site.sectors) known.insert(sector.id);
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    MapReader e(list[i], m.child_path("sectors") + "[" + std::to_string(i) + "]", file, line_of(list),
                {"id", "offset_db", "distance_slope_db_per_decade"});
    SectorCalibration sc;
    sc.sector_id = e.text("id", std::nullopt);
    e.check(known.count(sc.sector_id) == 1, "id", "no sector '" + sc.sector_id + "' in the scenario's sites");
    e.check(seen.insert(sc.sector_id).second, "id", "duplicate sector '" + sc.sector_id + "'");
    sc.offset_db = e.number("offset_db", 0.0);
    require_range(e, "offset_db", sc.offset_db, -100, 100, "dB");
    sc.distance_slope_db_per_decade = e.number("distance_slope_db_per_decade", 0.0);
    require_range(e, "distance_slope_db_per_decade", sc.distance_slope_db_per_decade, -50, 50, "dB/decade");
    c.sectors.push_back(sc);
  }
}

}  // namespace

void read_calibration(MapReader& root, const std::string& base_dir, Scenario& s) {
  YAML::Node node = root.optional("calibration");
  if (!node.IsDefined() || node.IsNull()) return;
  if (node.IsMap()) {
    read_calibration_map(node, "calibration", root.file(), root.line(), s);
    return;
  }
  const std::string fragment = existing_file(root, "calibration", base_dir);
  std::ifstream in(fragment, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw InputError(fragment, "cannot read file");
  YAML::Node doc;
  try {
    doc = YAML::Load(text.str());
  } catch (const YAML::ParserException& e) {
    throw InputError(fragment, e.mark.is_null() ? 0 : e.mark.line + 1, "", "invalid YAML: " + e.msg);
  }
  if (!doc.IsDefined() || doc.IsNull()) throw InputError(fragment, "calibration file is empty");
  MapReader top(doc, "", fragment, 1, {"calibration"});
  read_calibration_map(top.required("calibration"), "calibration", fragment, 1, s);
}

}  // namespace tarang::yaml_detail

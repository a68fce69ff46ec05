// Scenario reader: the `materials:` and `scene:` sections.
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "io/scenario_yaml_sections.h"
#include "propagation/materials_itu_p2040.h"
#include "scene/crs.h"

namespace tarang::yaml_detail {

namespace {

// A material key: a custom material of the scenario, or an ITU-R P.2040 name or alias (itu_concrete,
// mat-itu_concrete), stored canonical.
std::string material_name(MapReader& m, const std::string& key, const std::string& fallback, const Scenario& s) {
  const std::string name = m.text(key, fallback);
  for (const CustomMaterial& c : s.custom_materials) {
    if (c.name == name) return name;
  }
  ItuMaterial material = ItuMaterial::Concrete;
  if (!itu_material_from_name(name.c_str(), &material)) {
    std::string known;
    for (int i = 0; i < kItuMaterialCount; ++i) {
      known += std::string(known.empty() ? "" : ", ") + itu_material_name(static_cast<ItuMaterial>(i));
    }
    m.check(false, key, "unknown material '" + name + "' (ITU-R P.2040 materials: " + known +
                            "; or define it under materials:)");
  }
  return itu_material_name(material);
}

}  // namespace

// `materials:` holds allow_extrapolation and the user's own materials, one mapping per name.
void read_materials(MapReader& root, Scenario& s) {
  YAML::Node node = root.optional("materials");
  if (!node.IsDefined() || node.IsNull()) return;
  std::vector<std::string> keys{"allow_extrapolation"};
  if (node.IsMap()) {
    for (const auto& entry : node) {
      if (entry.first.Scalar() != "allow_extrapolation") keys.push_back(entry.first.Scalar());
    }
  }
  MapReader m(node, "materials", root.file(), root.line(), keys);
  s.allow_extrapolation = m.choice("allow_extrapolation", {"false", "true"}, 0) == 1;
  for (std::size_t i = 1; i < keys.size(); ++i) {
    ItuMaterial builtin;
    m.check(!itu_material_from_name(keys[i].c_str(), &builtin), keys[i],
            "is an ITU-R P.2040 material already; give your material another name");
    MapReader c(m.required(keys[i]), m.child_path(keys[i]), root.file(), m.line(),
                {"eps_r", "sigma_s_per_m", "thickness_m", "scattering_coefficient"});
    CustomMaterial material;
    material.name = keys[i];
    material.eps_r = c.number("eps_r", std::nullopt);
    require_range(c, "eps_r", material.eps_r, 1, 1000, "");
    material.sigma_s_per_m = c.number("sigma_s_per_m", std::nullopt);
    require_range(c, "sigma_s_per_m", material.sigma_s_per_m, 0, 1e8, "S/m");
    material.thickness_m = c.number("thickness_m", 0.1);
    require_range(c, "thickness_m", material.thickness_m, 1e-4, 10, "m");
    material.scattering_coefficient = c.number("scattering_coefficient", 0.0);
    require_range(c, "scattering_coefficient", material.scattering_coefficient, 0, 1, "");
    s.custom_materials.push_back(material);
  }
}

namespace {

void read_procedural(MapReader& scene, ProceduralSpec& p) {
  MapReader m(scene.optional("procedural"), scene.child_path("procedural"), scene.file(), scene.line(),
              {"blocks", "building_size_m", "pitch_m", "min_height_m", "max_height_m", "seed", "origin_lon_deg",
               "origin_lat_deg"});
  p.blocks = whole_number(m, "blocks", p.blocks, 1, 10000);
  p.building_size_m = m.number("building_size_m", p.building_size_m);
  require_range(m, "building_size_m", p.building_size_m, 1, 1000, "m");
  p.pitch_m = m.number("pitch_m", p.pitch_m);
  m.check(p.pitch_m >= p.building_size_m && p.pitch_m <= 10000, "pitch_m",
          "must be >= building_size_m (the street width is pitch - size) and <= 10000 m");
  p.min_height_m = m.number("min_height_m", p.min_height_m);
  p.max_height_m = m.number("max_height_m", p.max_height_m);
  m.check(p.min_height_m > 0 && p.min_height_m <= p.max_height_m && p.max_height_m <= 1000, "max_height_m",
          "heights need 0 < min_height_m <= max_height_m <= 1000 m");
  const double seed = m.number("seed", 1);
  m.check(seed >= 0 && seed < 9.007e15 && seed == std::floor(seed), "seed", "must be a whole number >= 0");
  p.seed = static_cast<std::uint64_t>(seed);
  p.origin_lon_deg = m.number("origin_lon_deg", p.origin_lon_deg);
  require_range(m, "origin_lon_deg", p.origin_lon_deg, -180, 180, "deg");
  p.origin_lat_deg = m.number("origin_lat_deg", p.origin_lat_deg);
  require_range(m, "origin_lat_deg", p.origin_lat_deg, -80, 84, "deg");
}

}  // namespace

const std::vector<std::string> kSceneKeys{"crs",        "ground",           "ground_material",   "building_material",
                                          "mesh",       "origin_x_m",       "origin_y_m",        "procedural",
                                          "file",       "buildings",        "dem",               "level_height_m",
                                          "default_height_m", "material_attribute"};

void read_scene(MapReader& root, const std::string& base_dir, Scenario& s) {
  MapReader m(root.required("scene"), "scene", root.file(), root.line(), kSceneKeys);
  SceneSpec& scene = s.scene;
  int sources = 0;
  for (const char* key : {"mesh", "procedural", "file", "buildings"}) sources += m.optional(key).IsDefined() ? 1 : 0;
  m.check(sources <= 1, "mesh", "give at most one of mesh, procedural, file and buildings");
  if (m.optional("mesh").IsDefined()) {
    scene.source = SceneSource::Mesh, scene.mesh_path = existing_file(m, "mesh", base_dir);
  } else if (m.optional("procedural").IsDefined()) {
    scene.source = SceneSource::Procedural;
    read_procedural(m, scene.procedural);
  } else if (m.optional("file").IsDefined()) {
    scene.source = SceneSource::File, scene.file_path = existing_file(m, "file", base_dir);
  } else if (m.optional("buildings").IsDefined() || m.optional("dem").IsDefined()) {
    scene.source = SceneSource::Gis;
    if (m.optional("buildings").IsDefined()) scene.buildings_path = existing_file(m, "buildings", base_dir);
  }
  if (m.optional("dem").IsDefined()) {
    m.check(scene.source == SceneSource::Gis, "dem", "a DEM goes with building footprints (or alone), not with " +
                                                         std::string("mesh, procedural or file scenes"));
    scene.dem_path = existing_file(m, "dem", base_dir);
  }
  for (const char* key : {"origin_x_m", "origin_y_m"}) {
    m.check(scene.source == SceneSource::Mesh || !m.optional(key).IsDefined(), key, "only applies to mesh scenes");
  }
  scene.origin_x_m = m.number("origin_x_m", 0.0);
  scene.origin_y_m = m.number("origin_y_m", 0.0);
  scene.level_height_m = m.number("level_height_m", scene.level_height_m);
  require_range(m, "level_height_m", scene.level_height_m, 1, 20, "m");
  scene.default_height_m = m.number("default_height_m", scene.default_height_m);
  require_range(m, "default_height_m", scene.default_height_m, 1, 1000, "m");
  scene.material_attribute = m.text("material_attribute", "");

  // The CRS: explicit, or "auto" where the data fixes it (procedural city, scene file, GIS data).
  const bool auto_capable = scene.source == SceneSource::Procedural || scene.source == SceneSource::File ||
                            scene.source == SceneSource::Gis;
  scene.crs = m.text("crs", auto_capable ? std::optional<std::string>("auto") : std::nullopt);
  if (scene.crs == "auto") {
    m.check(auto_capable, "crs", "auto needs georeferenced data (buildings:, procedural: or file:); give an EPSG code");
  } else {
    m.check(scene.source != SceneSource::Procedural && scene.source != SceneSource::File, "crs",
            "must be auto for procedural and file scenes (they carry their own CRS)");
    try {
      resolve_projected_crs(scene.crs);
    } catch (const std::invalid_argument& e) {
      m.check(false, "crs", e.what());
    }
  }
  scene.ground = static_cast<GroundKind>(m.choice("ground", {"flat", "none"}, 0));
  scene.ground_material = material_name(m, "ground_material", "medium_dry_ground", s);
  scene.building_material = material_name(m, "building_material", "concrete", s);
}

}  // namespace tarang::yaml_detail

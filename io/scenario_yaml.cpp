// Scenario YAML reader: the one place yaml-cpp is used; strict about unknown keys, types and ranges.
#include "io/scenario_yaml.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>
#include <vector>

#include "core/error.h"
#include "io/scenario_yaml_sections.h"
#include "propagation/antenna_msi.h"
#include "propagation/itu_p1411_pathloss.h"
#include "propagation/materials_itu_p2040.h"
#include "scene/crs.h"

namespace tarang {
namespace {

using namespace yaml_detail;

const std::vector<std::string> kRadioKeys{"frequency_hz",    "bandwidth_hz", "subcarrier_spacing_hz",
                                          "noise_figure_db", "load",         "polarization",
                                          "atmosphere",      "rain_mm_h"};

// `atmosphere: standard` or a mapping of its parameters turns on ITU-R P.676 gaseous attenuation.
void read_atmosphere(MapReader& radio, RadioSpec& r) {
  YAML::Node node = radio.optional("atmosphere");
  if (!node.IsDefined() || node.IsNull()) return;
  r.atmosphere = true;
  if (node.IsScalar()) {
    radio.choice("atmosphere", {"standard"}, 0);
  } else {
    MapReader m(node, radio.child_path("atmosphere"), radio.file(), radio.line(),
                {"pressure_hpa", "temperature_c", "water_vapour_g_m3"});
    r.pressure_hpa = m.number("pressure_hpa", r.pressure_hpa);
    require_range(m, "pressure_hpa", r.pressure_hpa, 100, 1100, "hPa");
    r.temperature_c = m.number("temperature_c", r.temperature_c);
    require_range(m, "temperature_c", r.temperature_c, -60, 60, "C");
    r.water_vapour_g_m3 = m.number("water_vapour_g_m3", r.water_vapour_g_m3);
    require_range(m, "water_vapour_g_m3", r.water_vapour_g_m3, 0, 50, "g/m^3");
  }
  radio.check(r.frequency_hz >= 1e9 && r.frequency_hz <= 1000e9, "atmosphere",
              "ITU-R P.676 gaseous attenuation covers 1-1000 GHz only");
}

void read_radio(MapReader& root, Scenario& s) {
  MapReader m(root.required("radio"), "radio", root.file(), root.line(), kRadioKeys);
  RadioSpec& r = s.radio;
  r.frequency_hz = m.number("frequency_hz", std::nullopt);
  m.check(r.frequency_hz > 0, "frequency_hz", "must be > 0 (got " + format_number(r.frequency_hz) + ")");
  r.bandwidth_hz = m.number("bandwidth_hz", 100e6);
  m.check(r.bandwidth_hz > 0, "bandwidth_hz", "must be > 0 (got " + format_number(r.bandwidth_hz) + ")");
  r.subcarrier_spacing_hz = m.number("subcarrier_spacing_hz", 30e3);
  bool numerology = false;
  for (int mu = 0; mu <= 6; ++mu) numerology = numerology || r.subcarrier_spacing_hz == 15e3 * (1 << mu);
  m.check(numerology, "subcarrier_spacing_hz",
          "must be an NR numerology 15e3 * 2^mu, mu = 0..6 (got " + format_number(r.subcarrier_spacing_hz) + ")");
  m.check(r.bandwidth_hz >= 12 * r.subcarrier_spacing_hz, "bandwidth_hz",
          "is smaller than one resource block (12 subcarriers)");
  r.noise_figure_db = m.number("noise_figure_db", 7.0);
  require_range(m, "noise_figure_db", r.noise_figure_db, 0, 30, "dB");
  r.load = m.number("load", 1.0);
  require_range(m, "load", r.load, 0, 1, "");
  r.polarization = static_cast<SectorPolarization>(m.choice("polarization", {"V", "H", "slant45", "cross"}, 0));
  read_atmosphere(m, r);
  r.rain_mm_h = m.number("rain_mm_h", 0.0);
  require_range(m, "rain_mm_h", r.rain_mm_h, 0, 300, "mm/h");
  m.check(r.rain_mm_h == 0 || (r.frequency_hz >= 1e9 && r.frequency_hz <= 1000e9), "rain_mm_h",
          "ITU-R P.838 rain attenuation covers 1-1000 GHz only");
}

void read_sector(const YAML::Node& node, const std::string& path, const std::string& file, int parent_line,
                 const std::string& base_dir, SectorPolarization default_polarization, SectorSpec& sector) {
  MapReader m(node, path, file, parent_line,
              {"id", "antenna", "azimuth_deg", "tilt_deg", "power_dbm", "polarization", "pci"});
  sector.id = m.text("id", std::nullopt);
  m.check(!sector.id.empty(), "id", "must not be empty");
  sector.antenna = read_antenna(m, base_dir);
  sector.azimuth_deg = m.number("azimuth_deg", sector.antenna.kind == AntennaKind::Isotropic ? std::optional<double>(0.0)
                                                                                         : std::optional<double>());
  require_range(m, "azimuth_deg", sector.azimuth_deg, -360, 360, "deg");
  sector.tilt_deg = m.number("tilt_deg", 0.0);
  require_range(m, "tilt_deg", sector.tilt_deg, -90, 90, "deg");
  sector.power_dbm = m.number("power_dbm", std::nullopt);
  require_range(m, "power_dbm", sector.power_dbm, -30, 80, "dBm");
  sector.polarization = static_cast<SectorPolarization>(
      m.choice("polarization", {"V", "H", "slant45", "cross"}, static_cast<int>(default_polarization)));
  sector.pci = whole_number(m, "pci", -1, -1, 1007);
}

// `sites:`; a scenario with a `plan:` section may have none (its sites are the existing ones the plan keeps).
void read_sites(MapReader& root, const std::string& base_dir, Scenario& s) {
  const bool planning = root.optional("plan").IsDefined() && !root.optional("plan").IsNull();
  YAML::Node list = planning ? root.optional("sites") : root.required("sites");
  if (planning && (!list.IsDefined() || list.IsNull() || (list.IsSequence() && list.size() == 0))) return;
  if (!list.IsSequence() || list.size() == 0) {
    root.fail_at(line_of(list), "sites", "expected a non-empty list of sites, got " + describe(list));
  }
  std::set<std::string> site_ids, sector_ids;
  std::set<int> sector_pcis;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = "sites[" + std::to_string(i) + "]";
    MapReader m(list[i], path, root.file(), line_of(list), {"id", "x_m", "y_m", "lon", "lat", "height_m", "sectors"});
    SiteSpec site;
    site.id = m.text("id", std::nullopt);
    m.check(!site.id.empty(), "id", "must not be empty");
    m.check(site_ids.insert(site.id).second, "id", "duplicate site id '" + site.id + "'");
    const PlacedPoint at = read_position(m);
    site.from_lonlat = at.from_lonlat, site.x_m = at.x_m, site.y_m = at.y_m;
    site.lon_deg = at.lon_deg, site.lat_deg = at.lat_deg;
    site.height_m = m.number("height_m", std::nullopt);
    m.check(site.height_m > 0 && site.height_m <= 1000, "height_m",
            "must be > 0 and <= 1000 m above ground (got " + format_number(site.height_m) + ")");
    YAML::Node sectors = m.required("sectors");
    if (!sectors.IsSequence() || sectors.size() == 0) {
      m.fail_at(line_of(sectors), m.child_path("sectors"), "expected a non-empty list of sectors, got " +
                                                               describe(sectors));
    }
    for (std::size_t k = 0; k < sectors.size(); ++k) {
      SectorSpec sector;
      read_sector(sectors[k], m.child_path("sectors") + "[" + std::to_string(k) + "]", root.file(), line_of(sectors),
                  base_dir, s.radio.polarization, sector);
      if (sector.pci >= 0 && !sector_pcis.insert(sector.pci).second) {
        root.fail_at(line_of(sectors[k]), m.child_path("sectors") + "[" + std::to_string(k) + "].pci",
                     "duplicate pci " + std::to_string(sector.pci) + " (measurements could not tell the sectors apart)");
      }
      if (!sector_ids.insert(sector.id).second) {
        root.fail_at(line_of(sectors[k]), m.child_path("sectors") + "[" + std::to_string(k) + "].id",
                     "duplicate sector id '" + sector.id + "'");
      }
      site.sectors.push_back(sector);
    }
      s.sites.push_back(std::move(site));
  }
}

void read_propagation(MapReader& root, Scenario& s) {
  YAML::Node node = root.optional("propagation");
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader m(node, "propagation", root.file(), root.line(),
              {"model", "scenario", "los", "rma_building_height_m", "rma_street_width_m", "p1411_environment",
               "p1411_placement", "hata_environment", "hata_city", "cost231_metropolitan"});
  PropagationSpec& p = s.propagation;
  p.model = static_cast<PathLossModel>(
      m.choice("model", {"free-space", "3gpp-38901", "raytrace", "itu-p1411", "okumura-hata", "cost231-hata"}, 1));
  p.scenario = static_cast<Tr38901Scenario>(m.choice("scenario", {"uma", "umi", "rma", "inh"}, 0));
  p.los = static_cast<LosMode>(m.choice("los", {"los", "nlos", "probabilistic"}, 2));
  p.rma_building_height_m = m.number("rma_building_height_m", 5.0);
  require_range(m, "rma_building_height_m", p.rma_building_height_m, 5, 50, "m");
  p.rma_street_width_m = m.number("rma_street_width_m", 20.0);
  require_range(m, "rma_street_width_m", p.rma_street_width_m, 5, 50, "m");
  p.p1411_environment = static_cast<P1411Environment>(
      m.choice("p1411_environment", {"urban-high-rise", "urban-low-rise", "residential"}, 0));
  p.p1411_placement =
      static_cast<P1411Placement>(m.choice("p1411_placement", {"below-rooftop", "above-rooftop"}, 1));
  p.hata_environment = static_cast<HataEnvironment>(m.choice("hata_environment", {"urban", "suburban", "open"}, 0));
  p.hata_city = static_cast<HataCitySize>(m.choice("hata_city", {"small-medium", "large"}, 0));
  p.cost231_metropolitan = m.choice("cost231_metropolitan", {"false", "true"}, 0) == 1;
  if (p.model == PathLossModel::ItuP1411) {
    m.check(p.los != LosMode::Probabilistic, "los", "itu-p1411 needs los: los or los: nlos (it has no LOS probability)");
    const bool available =
        p1411_site_general_coefficients<double>(p.p1411_placement, p.p1411_environment, p.los == LosMode::Los).available;
    m.check(available, "p1411_environment", "ITU-R P.1411 Table 4 has no row for this environment, placement and LOS");
  }
}

// The 38.901 path loss models are specified for 0.5-100 GHz (RMa: 0.5-30 GHz); outside that they are rejected.
void check_model_frequency(MapReader& root, const Scenario& s) {
  double min_hz = 0, max_hz = 0;
  const char* model = "";
  const PropagationSpec& p = s.propagation;
  switch (p.model) {
    case PathLossModel::Tr38901:
      min_hz = 0.5e9, max_hz = p.scenario == Tr38901Scenario::RMa ? 30e9 : 100e9, model = "3gpp-38901";
      break;
    case PathLossModel::OkumuraHata: min_hz = 150e6, max_hz = 1500e6, model = "okumura-hata"; break;
    case PathLossModel::Cost231Hata: min_hz = 1500e6, max_hz = 2000e6, model = "cost231-hata"; break;
    case PathLossModel::ItuP1411: {
      const auto c = p1411_site_general_coefficients<double>(p.p1411_placement, p.p1411_environment, p.los == LosMode::Los);
      if (!c.available) return;  // reported with the propagation keys
      min_hz = c.min_frequency_hz, max_hz = c.max_frequency_hz, model = "itu-p1411";
      break;
    }
    default: return;
  }
  if (s.radio.frequency_hz >= min_hz && s.radio.frequency_hz <= max_hz) return;
  MapReader radio(root.optional("radio"), "radio", root.file(), root.line(), kRadioKeys);
  radio.check(false, "frequency_hz",
              format_number(s.radio.frequency_hz) + " Hz is outside the " + model + " model's range " +
                  format_number(min_hz) + ".." + format_number(max_hz) + " Hz");
}

void read_raytrace(MapReader& root, Scenario& s) {
  YAML::Node node = root.optional("raytrace");
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader m(node, "raytrace", root.file(), root.line(),
              {"engine", "rays", "max_depth", "transmission", "min_gain_db", "seed", "diffraction_order",
               "diffraction_rays", "scattering", "scattering_coefficient", "scattering_pattern", "scattering_alpha",
               "scattering_rays"});
  RaytraceSpec& rt = s.raytrace;
  rt.engine = static_cast<RaytraceEngine>(m.choice("engine", {"auto", "cpu", "gpu"}, 0));
  const double rays = m.number("rays", 1e6);
  m.check(rays >= 1000 && rays <= 1e10 && rays == std::floor(rays), "rays",
          "must be a whole number between 1000 and 1e10 (got " + format_number(rays) + ")");
  rt.rays = static_cast<std::uint64_t>(rays);
  const double depth = m.number("max_depth", 3);
  m.check(depth >= 0 && depth <= 20 && depth == std::floor(depth), "max_depth",
          "must be a whole number between 0 and 20 (got " + format_number(depth) + ")");
  rt.max_depth = static_cast<int>(depth);
  rt.transmission = m.choice("transmission", {"false", "true"}, 0) == 1;
  rt.min_gain_db = m.number("min_gain_db", -200);
  require_range(m, "min_gain_db", rt.min_gain_db, -400, 0, "dB");
  const double seed = m.number("seed", 0);
  m.check(seed >= 0 && seed < 9.007e15 && seed == std::floor(seed), "seed", "must be a whole number >= 0");
  rt.seed = static_cast<std::uint64_t>(seed);
  const double order = m.number("diffraction_order", 1);
  m.check(order == 0 || order == 1 || order == 2, "diffraction_order",
          "must be 0, 1 or 2 (got " + format_number(order) + ")");
  rt.diffraction_order = static_cast<int>(order);
  const double keller_rays = m.number("diffraction_rays", 16);
  m.check(keller_rays >= 4 && keller_rays <= 24 && keller_rays == std::floor(keller_rays), "diffraction_rays",
          "must be a whole number between 4 and 24 (got " + format_number(keller_rays) + ")");
  rt.diffraction_rays = static_cast<int>(keller_rays);
  rt.scattering = m.choice("scattering", {"false", "true"}, 0) == 1;
  rt.scattering_coefficient = m.number("scattering_coefficient", 0.3);
  require_range(m, "scattering_coefficient", rt.scattering_coefficient, 0, 1, "");
  rt.scattering_directive = m.choice("scattering_pattern", {"lambertian", "directive"}, 0) == 1;
  rt.scattering_alpha = m.number("scattering_alpha", 4);
  require_range(m, "scattering_alpha", rt.scattering_alpha, 1, 50, "");
  const double diffuse_rays = m.number("scattering_rays", 2);
  m.check(diffuse_rays >= 1 && diffuse_rays <= 8 && diffuse_rays == std::floor(diffuse_rays), "scattering_rays",
          "must be a whole number between 1 and 8 (got " + format_number(diffuse_rays) + ")");
  rt.scattering_rays = static_cast<int>(diffuse_rays);
}

// Scene materials must be inside their P.2040 frequency range for a ray-traced model.
void check_material_frequency(MapReader& root, const Scenario& s) {
  if (s.propagation.model != PathLossModel::Raytrace) return;
  MapReader scene(root.optional("scene"), "scene", root.file(), root.line(), kSceneKeys);
  for (const char* key : {"ground_material", "building_material"}) {
    if (std::string(key) == "ground_material" && s.scene.ground != GroundKind::Flat) continue;
    const std::string& name = std::string(key) == "ground_material" ? s.scene.ground_material : s.scene.building_material;
    ItuMaterial material = ItuMaterial::Concrete;
    if (s.allow_extrapolation || !itu_material_from_name(name.c_str(), &material)) continue;  // custom: any frequency
    scene.check(itu_material_valid(material, s.radio.frequency_hz), key,
                "ITU-R P.2040 gives no " + name + " parameters at " + format_number(s.radio.frequency_hz) +
                    " Hz (set materials.allow_extrapolation: true, or define a custom material)");
  }
}

void read_grid(MapReader& root, Scenario& s) {
  MapReader m(root.required("grid"), "grid", root.file(), root.line(), {"bounds_m", "cell_m", "height_m"});
  GridSpec& g = s.grid;
  YAML::Node bounds = m.optional("bounds_m");
  if (!bounds.IsDefined() || bounds.IsNull()) {
    m.check(s.scene.source != SceneSource::None, "bounds_m",
            "required key is missing (it defaults to the scene's extent only when the scene has geometry)");
    g.bounds_from_scene = true;
  } else if (!bounds.IsSequence() || bounds.size() != 4) {
    m.fail_at(line_of(bounds), "grid.bounds_m", "expected [xmin, ymin, xmax, ymax] in metres, got " + describe(bounds));
  }
  if (!g.bounds_from_scene) {
    double b[4];
    for (int i = 0; i < 4; ++i) b[i] = m.to_number(bounds[i], "grid.bounds_m[" + std::to_string(i) + "]");
    g.xmin_m = b[0], g.ymin_m = b[1], g.xmax_m = b[2], g.ymax_m = b[3];
    m.check(g.xmin_m < g.xmax_m && g.ymin_m < g.ymax_m, "bounds_m",
            "bounds are inverted or empty: need xmin < xmax and ymin < ymax");
  }
  g.cell_m = m.number("cell_m", std::nullopt);
  m.check(g.cell_m > 0, "cell_m", "must be > 0 (got " + format_number(g.cell_m) + ")");
  if (!g.bounds_from_scene) {
    const double cells = std::ceil((g.xmax_m - g.xmin_m) / g.cell_m) * std::ceil((g.ymax_m - g.ymin_m) / g.cell_m);
    m.check(cells <= 1e9, "cell_m", "grid would have " + format_number(cells) + " cells; the limit is 1e9");
  }
  g.height_m = m.number("height_m", 1.5);
  m.check(g.height_m > 0 && g.height_m <= 500, "height_m",
          "must be > 0 and <= 500 m above ground (got " + format_number(g.height_m) + ")");
}

void read_targets(MapReader& root, Scenario& s) {
  YAML::Node node = root.optional("targets");
  if (!node.IsDefined() || node.IsNull()) return;
  MapReader m(node, "targets", root.file(), root.line(), {"rsrp_dbm", "sinr_db"});
  s.targets.rsrp_dbm = m.number("rsrp_dbm", s.targets.rsrp_dbm);
  require_range(m, "rsrp_dbm", s.targets.rsrp_dbm, -200, 0, "dBm");
  s.targets.sinr_db = m.number("sinr_db", s.targets.sinr_db);
  require_range(m, "sinr_db", s.targets.sinr_db, -30, 60, "dB");
}

// YAML is text: a control character (other than tab and line breaks) means a binary file was given.
void check_is_text(const std::string& text, const std::string& source_name) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      char code[8];
      std::snprintf(code, sizeof code, "0x%02x", c);
      throw InputError(source_name, "not a YAML text file (control character " + std::string(code) + " at byte " +
                                        std::to_string(i) + "; binary data?)");
    }
  }
}

}  // namespace

Scenario parse_scenario_text(const std::string& yaml_text, const std::string& source_name,
                             const std::string& base_dir) {
  check_is_text(yaml_text, source_name);
  YAML::Node doc;
  try {
    doc = YAML::Load(yaml_text);
  } catch (const YAML::DeepRecursion& e) {  // yaml-cpp's own guard; its message just says "bad file"
    throw InputError(source_name, e.mark.is_null() ? 0 : e.mark.line + 1, "",
                     "invalid YAML: nested too deep (" + std::to_string(e.depth()) + " levels)");
  } catch (const YAML::ParserException& e) {
    throw InputError(source_name, e.mark.is_null() ? 0 : e.mark.line + 1, "", "invalid YAML: " + e.msg);
  }
  if (!doc.IsDefined() || doc.IsNull()) throw InputError(source_name, "scenario file is empty");

  Scenario s;
  s.source_path = source_name;
  s.yaml_text = yaml_text;
  MapReader root(doc, "", source_name, 1,
                 {"name", "scene", "radio", "sites", "propagation", "raytrace", "materials", "grid", "targets",
                  "output", "plan", "calibration"});
  const std::string stem = std::filesystem::path(source_name).stem().string();
  s.name = root.text("name", stem.empty() ? std::string("scenario") : stem);
  root.check(!s.name.empty(), "name", "must not be empty");
  read_materials(root, s);
  read_scene(root, base_dir, s);
  read_radio(root, s);
  read_sites(root, base_dir, s);
  read_propagation(root, s);
  check_model_frequency(root, s);
  read_raytrace(root, s);
  check_material_frequency(root, s);
  read_grid(root, s);
  read_targets(root, s);
  read_plan(root, base_dir, s);
  read_calibration(root, base_dir, s);
  const std::string output = root.text("output", "");

  std::filesystem::path out_path = output.empty() ? std::filesystem::path(s.name + ".h5") : std::filesystem::path(output);
  if (out_path.is_relative() && !base_dir.empty()) out_path = std::filesystem::path(base_dir) / out_path;
  s.output_path = out_path.lexically_normal().string();
  return s;
}

Scenario load_scenario_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw InputError(path, "file not found");
  if (std::filesystem::is_directory(path, ec)) throw InputError(path, "is a folder, expected a scenario YAML file");
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) throw InputError(path, std::string("cannot read file (") + std::strerror(errno) + ")");
  std::string text;
  char buffer[1 << 16];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) text.append(buffer, n);
  const int read_errno = std::ferror(file) ? errno : 0;
  std::fclose(file);
  if (read_errno != 0) throw InputError(path, std::string("cannot read file (") + std::strerror(read_errno) + ")");
  const std::string base_dir = std::filesystem::path(path).parent_path().string();
  return parse_scenario_text(text, path, base_dir);
}

}  // namespace tarang

// Scenario YAML writer with yaml-cpp's emitter; key names and value spellings mirror io/scenario_yaml.cpp.
#include "io/scenario_yaml_writer.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace tarang {
namespace {

// The shortest decimal text that reads back as exactly `v`.
std::string number(double v) {
  char text[64];
  const auto result = std::to_chars(text, text + sizeof text, v);
  return std::string(text, result.ptr);
}

const char* polarization_name(SectorPolarization p) {
  switch (p) {
    case SectorPolarization::V: return "V";
    case SectorPolarization::H: return "H";
    case SectorPolarization::Slant45: return "slant45";
    case SectorPolarization::Cross: return "cross";
  }
  return "V";
}

const char* antenna_kind_name(AntennaKind k) {
  switch (k) {
    case AntennaKind::Isotropic: return "isotropic";
    case AntennaKind::Tr38901Element: return "3gpp-38901";
    case AntennaKind::ShortDipole: return "short-dipole";
    case AntennaKind::HalfWaveDipole: return "half-wave-dipole";
    default: return "3gpp-38901";  // Array and Msi are written as mappings
  }
}

const char* bool_name(bool b) { return b ? "true" : "false"; }

// A key with a numeric value.
void key_number(YAML::Emitter& out, const char* key, double v) { out << YAML::Key << key << YAML::Value << number(v); }
void key_text(YAML::Emitter& out, const char* key, const std::string& v) { out << YAML::Key << key << YAML::Value << v; }

void emit_materials(YAML::Emitter& out, const Scenario& s) {
  if (!s.allow_extrapolation && s.custom_materials.empty()) return;
  out << YAML::Key << "materials" << YAML::Value << YAML::BeginMap;
  key_text(out, "allow_extrapolation", bool_name(s.allow_extrapolation));
  for (const CustomMaterial& m : s.custom_materials) {
    out << YAML::Key << m.name << YAML::Value << YAML::Flow << YAML::BeginMap;
    key_number(out, "eps_r", m.eps_r);
    key_number(out, "sigma_s_per_m", m.sigma_s_per_m);
    key_number(out, "thickness_m", m.thickness_m);
    key_number(out, "scattering_coefficient", m.scattering_coefficient);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

void emit_scene(YAML::Emitter& out, const SceneSpec& scene) {
  out << YAML::Key << "scene" << YAML::Value << YAML::BeginMap;
  const bool auto_crs = scene.source == SceneSource::Procedural || scene.source == SceneSource::File;
  key_text(out, "crs", auto_crs ? std::string("auto") : scene.crs);
  key_text(out, "ground", scene.ground == GroundKind::Flat ? "flat" : "none");
  key_text(out, "ground_material", scene.ground_material);
  key_text(out, "building_material", scene.building_material);
  switch (scene.source) {
    case SceneSource::Mesh:
      key_text(out, "mesh", scene.mesh_path);
      key_number(out, "origin_x_m", scene.origin_x_m);
      key_number(out, "origin_y_m", scene.origin_y_m);
      break;
    case SceneSource::Procedural: {
      const ProceduralSpec& p = scene.procedural;
      out << YAML::Key << "procedural" << YAML::Value << YAML::BeginMap;
      key_number(out, "blocks", p.blocks);
      key_number(out, "building_size_m", p.building_size_m);
      key_number(out, "pitch_m", p.pitch_m);
      key_number(out, "min_height_m", p.min_height_m);
      key_number(out, "max_height_m", p.max_height_m);
      key_text(out, "seed", std::to_string(p.seed));
      key_number(out, "origin_lon_deg", p.origin_lon_deg);
      key_number(out, "origin_lat_deg", p.origin_lat_deg);
      out << YAML::EndMap;
      break;
    }
    case SceneSource::File: key_text(out, "file", scene.file_path); break;
    case SceneSource::Gis:
      if (!scene.buildings_path.empty()) key_text(out, "buildings", scene.buildings_path);
      if (!scene.dem_path.empty()) key_text(out, "dem", scene.dem_path);
      break;
    case SceneSource::None: break;
  }
  key_number(out, "level_height_m", scene.level_height_m);
  key_number(out, "default_height_m", scene.default_height_m);
  if (!scene.material_attribute.empty()) key_text(out, "material_attribute", scene.material_attribute);
  out << YAML::EndMap;
}

void emit_radio(YAML::Emitter& out, const RadioSpec& r) {
  out << YAML::Key << "radio" << YAML::Value << YAML::BeginMap;
  key_number(out, "frequency_hz", r.frequency_hz);
  key_number(out, "bandwidth_hz", r.bandwidth_hz);
  key_number(out, "subcarrier_spacing_hz", r.subcarrier_spacing_hz);
  key_number(out, "noise_figure_db", r.noise_figure_db);
  key_number(out, "load", r.load);
  key_text(out, "polarization", polarization_name(r.polarization));
  if (r.atmosphere) {
    out << YAML::Key << "atmosphere" << YAML::Value << YAML::Flow << YAML::BeginMap;
    key_number(out, "pressure_hpa", r.pressure_hpa);
    key_number(out, "temperature_c", r.temperature_c);
    key_number(out, "water_vapour_g_m3", r.water_vapour_g_m3);
    out << YAML::EndMap;
  }
  key_number(out, "rain_mm_h", r.rain_mm_h);
  out << YAML::EndMap;
}

void emit_antenna(YAML::Emitter& out, const AntennaSpec& a) {
  out << YAML::Key << "antenna" << YAML::Value;
  if (a.kind == AntennaKind::Msi) {
    out << YAML::Flow << YAML::BeginMap;
    key_text(out, "type", "msi");
    key_text(out, "file", a.msi_path);
    out << YAML::EndMap;
  } else if (a.kind == AntennaKind::Array) {
    out << YAML::Flow << YAML::BeginMap;
    key_text(out, "type", "array");
    key_number(out, "rows", a.rows);
    key_number(out, "cols", a.cols);
    key_number(out, "spacing_wl", a.spacing_wl);
    key_number(out, "beams", a.beams);
    key_number(out, "beam_half_span_deg", a.beam_half_span_deg);
    key_number(out, "beam_tilts", a.beam_tilts);
    key_number(out, "beam_tilt_first_deg", a.beam_tilt_first_deg);
    key_number(out, "beam_tilt_step_deg", a.beam_tilt_step_deg);
    key_text(out, "element", a.element == AntennaKind::Isotropic ? "isotropic" : "3gpp-38901");
    out << YAML::EndMap;
  } else {
    out << antenna_kind_name(a.kind);
  }
}

void emit_sites(YAML::Emitter& out, const std::vector<SiteSpec>& sites) {
  out << YAML::Key << "sites" << YAML::Value << YAML::BeginSeq;
  for (const SiteSpec& site : sites) {
    out << YAML::BeginMap;
    key_text(out, "id", site.id);
    if (site.from_lonlat) {
      key_number(out, "lon", site.lon_deg);
      key_number(out, "lat", site.lat_deg);
    } else {
      key_number(out, "x_m", site.x_m);
      key_number(out, "y_m", site.y_m);
    }
    key_number(out, "height_m", site.height_m);
    out << YAML::Key << "sectors" << YAML::Value << YAML::BeginSeq;
    for (const SectorSpec& sector : site.sectors) {
      out << YAML::Flow << YAML::BeginMap;
      key_text(out, "id", sector.id);
      emit_antenna(out, sector.antenna);
      key_number(out, "azimuth_deg", sector.azimuth_deg);
      key_number(out, "tilt_deg", sector.tilt_deg);
      key_number(out, "power_dbm", sector.power_dbm);
      key_text(out, "polarization", polarization_name(sector.polarization));
      if (sector.pci >= 0) key_number(out, "pci", sector.pci);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void emit_propagation(YAML::Emitter& out, const PropagationSpec& p) {
  static const char* const kModels[] = {"free-space", "3gpp-38901", "raytrace", "itu-p1411", "okumura-hata",
                                        "cost231-hata"};
  static const char* const kScenarios[] = {"uma", "umi", "rma", "inh"};
  static const char* const kLos[] = {"los", "nlos", "probabilistic"};
  static const char* const kP1411Environments[] = {"urban-high-rise", "urban-low-rise", "residential"};
  static const char* const kP1411Placements[] = {"below-rooftop", "above-rooftop"};
  static const char* const kHataEnvironments[] = {"urban", "suburban", "open"};
  static const char* const kHataCities[] = {"small-medium", "large"};
  out << YAML::Key << "propagation" << YAML::Value << YAML::BeginMap;
  key_text(out, "model", kModels[static_cast<int>(p.model)]);
  key_text(out, "scenario", kScenarios[static_cast<int>(p.scenario)]);
  key_text(out, "los", kLos[static_cast<int>(p.los)]);
  key_number(out, "rma_building_height_m", p.rma_building_height_m);
  key_number(out, "rma_street_width_m", p.rma_street_width_m);
  key_text(out, "p1411_environment", kP1411Environments[static_cast<int>(p.p1411_environment)]);
  key_text(out, "p1411_placement", kP1411Placements[static_cast<int>(p.p1411_placement)]);
  key_text(out, "hata_environment", kHataEnvironments[static_cast<int>(p.hata_environment)]);
  key_text(out, "hata_city", kHataCities[static_cast<int>(p.hata_city)]);
  key_text(out, "cost231_metropolitan", bool_name(p.cost231_metropolitan));
  out << YAML::EndMap;
}

void emit_raytrace(YAML::Emitter& out, const RaytraceSpec& rt) {
  static const char* const kEngines[] = {"auto", "cpu", "gpu"};
  out << YAML::Key << "raytrace" << YAML::Value << YAML::BeginMap;
  key_text(out, "engine", kEngines[static_cast<int>(rt.engine)]);
  key_text(out, "rays", std::to_string(rt.rays));
  key_number(out, "max_depth", rt.max_depth);
  key_text(out, "transmission", bool_name(rt.transmission));
  key_number(out, "min_gain_db", rt.min_gain_db);
  key_text(out, "seed", std::to_string(rt.seed));
  key_number(out, "diffraction_order", rt.diffraction_order);
  key_number(out, "diffraction_rays", rt.diffraction_rays);
  key_text(out, "scattering", bool_name(rt.scattering));
  key_number(out, "scattering_coefficient", rt.scattering_coefficient);
  key_text(out, "scattering_pattern", rt.scattering_directive ? "directive" : "lambertian");
  key_number(out, "scattering_alpha", rt.scattering_alpha);
  key_number(out, "scattering_rays", rt.scattering_rays);
  out << YAML::EndMap;
}

void emit_grid_and_targets(YAML::Emitter& out, const Scenario& s) {
  out << YAML::Key << "grid" << YAML::Value << YAML::BeginMap;
  if (!s.grid.bounds_from_scene) {
    out << YAML::Key << "bounds_m" << YAML::Value << YAML::Flow << YAML::BeginSeq << number(s.grid.xmin_m)
        << number(s.grid.ymin_m) << number(s.grid.xmax_m) << number(s.grid.ymax_m) << YAML::EndSeq;
  }
  key_number(out, "cell_m", s.grid.cell_m);
  key_number(out, "height_m", s.grid.height_m);
  out << YAML::EndMap;
  out << YAML::Key << "targets" << YAML::Value << YAML::BeginMap;
  key_number(out, "rsrp_dbm", s.targets.rsrp_dbm);
  key_number(out, "sinr_db", s.targets.sinr_db);
  out << YAML::EndMap;
}

void emit_calibration(YAML::Emitter& out, const CalibrationSpec& c) {
  out << YAML::Key << "calibration" << YAML::Value << YAML::BeginMap;
  key_number(out, "offset_db", c.offset_db);
  key_number(out, "reference_distance_m", c.reference_distance_m);
  if (!c.sectors.empty()) {
    out << YAML::Key << "sectors" << YAML::Value << YAML::BeginSeq;
    for (const SectorCalibration& sc : c.sectors) {
      out << YAML::Flow << YAML::BeginMap;
      key_text(out, "id", sc.sector_id);
      key_number(out, "offset_db", sc.offset_db);
      key_number(out, "distance_slope_db_per_decade", sc.distance_slope_db_per_decade);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (!c.materials.empty()) {
    out << YAML::Key << "materials" << YAML::Value << YAML::BeginMap;
    for (const MaterialCalibration& mc : c.materials) {
      out << YAML::Key << mc.material << YAML::Value << YAML::Flow << YAML::BeginMap;
      key_number(out, "permittivity_scale", mc.permittivity_scale);
      key_number(out, "conductivity_scale", mc.conductivity_scale);
      out << YAML::EndMap;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

std::string with_header(const std::string& header_comment, const YAML::Emitter& out) {
  std::string text;
  std::istringstream comment(header_comment);
  for (std::string line; std::getline(comment, line);) text += "# " + line + "\n";
  return text + out.c_str() + "\n";
}

// Writes `text` to PATH.tmp and renames it to `path`; InputError with the OS reason, nothing left on failure.
void write_text_atomically(const std::string& path, const std::string& text) {
  const std::string temp = path + ".tmp";
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    if (!file) throw InputError(path, std::string("cannot write output file (") + std::strerror(errno) + ")");
    file << text;
    file.close();
    if (!file) {
      std::remove(temp.c_str());
      throw InputError(path, "cannot write output file (write failed)");
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    std::remove(temp.c_str());
    throw InputError(path, "cannot write output file (" + reason + ")");
  }
}

}  // namespace

std::string scenario_yaml_text(const Scenario& s, const ScenarioYamlOptions& options) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  key_text(out, "name", s.name);
  emit_materials(out, s);
  emit_scene(out, s.scene);
  emit_radio(out, s.radio);
  emit_sites(out, s.sites);
  emit_propagation(out, s.propagation);
  emit_raytrace(out, s.raytrace);
  emit_grid_and_targets(out, s);
  if (!s.calibration.empty()) emit_calibration(out, s.calibration);
  if (!options.output.empty()) key_text(out, "output", options.output);
  out << YAML::EndMap;
  if (!out.good()) throw RuntimeFailure("yaml-cpp: cannot emit the scenario (" + out.GetLastError() + ")");
  return with_header(options.header_comment, out);
}

void write_scenario_yaml(const std::string& path, const Scenario& s, const ScenarioYamlOptions& options) {
  write_text_atomically(path, scenario_yaml_text(s, options));
}

std::string calibration_yaml_text(const CalibrationSpec& c, const std::string& header_comment) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  emit_calibration(out, c);
  out << YAML::EndMap;
  if (!out.good()) throw RuntimeFailure("yaml-cpp: cannot emit the calibration (" + out.GetLastError() + ")");
  return with_header(header_comment, out);
}

void write_calibration_yaml(const std::string& path, const CalibrationSpec& c, const std::string& header_comment) {
  write_text_atomically(path, calibration_yaml_text(c, header_comment));
}

}  // namespace tarang

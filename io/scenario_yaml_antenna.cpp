// Scenario reader: a sector's `antenna:` key.
#include <filesystem>

#include "io/scenario_yaml_sections.h"
#include "propagation/antenna_msi.h"

namespace tarang::yaml_detail {

// `antenna:` is a built-in pattern name, or a mapping {type: array, ...} / {type: msi, file: ...}.
AntennaSpec read_antenna(MapReader& sector, const std::string& base_dir) {
  AntennaSpec a;
  YAML::Node node = sector.optional("antenna");
  if (!node.IsDefined() || node.IsNull()) return a;
  if (!node.IsMap()) {
    static const AntennaKind kinds[] = {AntennaKind::Isotropic, AntennaKind::Tr38901Element, AntennaKind::ShortDipole,
                                        AntennaKind::HalfWaveDipole};
    a.kind = kinds[sector.choice("antenna", {"isotropic", "3gpp-38901", "short-dipole", "half-wave-dipole"}, 1)];
    return a;
  }
  MapReader m(node, sector.child_path("antenna"), sector.file(), sector.line(),
              {"type", "file", "rows", "cols", "spacing_wl", "beams", "beam_half_span_deg", "beam_tilts",
               "beam_tilt_first_deg", "beam_tilt_step_deg", "element"});
  m.required("type");
  const bool is_array = m.choice("type", {"msi", "array"}, 0) == 1;
  if (!is_array) {
    for (const char* key : {"rows", "cols", "spacing_wl", "beams", "beam_half_span_deg", "beam_tilts",
                            "beam_tilt_first_deg", "beam_tilt_step_deg", "element"}) {
      m.check(!m.optional(key).IsDefined(), key, "only applies to antennas of type array");
    }
    a.kind = AntennaKind::Msi;
    std::filesystem::path file = m.text("file", std::nullopt);
    if (file.is_relative() && !base_dir.empty()) file = std::filesystem::path(base_dir) / file;
    a.msi_path = file.lexically_normal().string();
    const AntennaPatternTable table = load_msi_file(a.msi_path);  // InputError naming the MSI file and line
    a.msi_name = table.name;
    a.msi_gain_dbi = table.gain_dbi;
    const auto cuts = msi_packed_cuts(table);
    a.msi_cuts_db.assign(cuts.begin(), cuts.end());
    return a;
  }
  m.check(!m.optional("file").IsDefined(), "file", "only applies to antennas of type msi");
  a.kind = AntennaKind::Array;
  a.rows = whole_number(m, "rows", a.rows, 1, 64);
  a.cols = whole_number(m, "cols", a.cols, 1, 64);
  a.spacing_wl = m.number("spacing_wl", a.spacing_wl);
  require_range(m, "spacing_wl", a.spacing_wl, 0.1, 2, "wavelengths");
  a.beams = whole_number(m, "beams", a.beams, 1, 64);
  a.beam_half_span_deg = m.number("beam_half_span_deg", a.beam_half_span_deg);
  require_range(m, "beam_half_span_deg", a.beam_half_span_deg, 0, 90, "deg");
  a.beam_tilts = whole_number(m, "beam_tilts", a.beam_tilts, 1, 16);
  a.beam_tilt_first_deg = m.number("beam_tilt_first_deg", a.beam_tilt_first_deg);
  require_range(m, "beam_tilt_first_deg", a.beam_tilt_first_deg, -90, 90, "deg");
  a.beam_tilt_step_deg = m.number("beam_tilt_step_deg", a.beam_tilt_step_deg);
  require_range(m, "beam_tilt_step_deg", a.beam_tilt_step_deg, -30, 30, "deg");
  a.element = m.choice("element", {"isotropic", "3gpp-38901"}, 1) == 0 ? AntennaKind::Isotropic
                                                                       : AntennaKind::Tr38901Element;
  return a;
}

}  // namespace tarang::yaml_detail

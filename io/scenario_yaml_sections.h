// The scenario reader's section readers that live in their own files (scene and materials, antennas).
#pragma once

#include <string>
#include <vector>

#include "core/scenario.h"
#include "io/yaml_map_reader.h"

namespace tarang::yaml_detail {

extern const std::vector<std::string> kSceneKeys;

// `materials:`: allow_extrapolation and the user's own materials.
void read_materials(MapReader& root, Scenario& s);

// `scene:`: the geometry source, CRS, ground and default materials.
void read_scene(MapReader& root, const std::string& base_dir, Scenario& s);

// A sector's `antenna:` key (a built-in name, or a mapping for arrays and MSI files).
AntennaSpec read_antenna(MapReader& sector, const std::string& base_dir);

// `plan:`: candidates, sector template, demand, targets, budget and search settings of `tarang plan`.
void read_plan(MapReader& root, const std::string& base_dir, Scenario& s);
// `calibration:` (a mapping, or the name of a fragment file holding one, as `tarang calibrate` writes); sector ids
// must name sectors of s.sites, so it is read after them.
void read_calibration(MapReader& root, const std::string& base_dir, Scenario& s);

}  // namespace tarang::yaml_detail

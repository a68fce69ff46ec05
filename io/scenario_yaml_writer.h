// Writing a Scenario as YAML (the inverse of io/scenario_yaml.h), e.g. the scenario of a finished plan, so that
// `tarang coverage` can run it again.
#pragma once

#include <string>

#include "core/scenario.h"

namespace tarang {

struct ScenarioYamlOptions {
  std::string header_comment;  // written as "# ..." lines at the top (may hold several lines)
  std::string output;          // written as the `output` key when not empty
};

// Every key of docs/scenario.md with its value in `s`, such that parse_scenario_text of the text gives back `s`
// (its fields other than source_path, yaml_text and output_path). Numbers are written in their shortest exact form;
// file paths as stored (absolute, or relative to the folder the text will be read from); sites given by lon/lat
// keep lon/lat; procedural and file scenes get `crs: auto`.
std::string scenario_yaml_text(const Scenario& s, const ScenarioYamlOptions& options = {});

// Writes scenario_yaml_text(s, options) to `path` atomically; InputError when the file cannot be written.
void write_scenario_yaml(const std::string& path, const Scenario& s, const ScenarioYamlOptions& options = {});

// A calibration fragment: a YAML file whose only key is `calibration:` (what `tarang calibrate` writes; a scenario
// names it as `calibration: FILE`). `header_comment` as in ScenarioYamlOptions.
std::string calibration_yaml_text(const CalibrationSpec& c, const std::string& header_comment);

// Writes calibration_yaml_text(c, header_comment) to `path` atomically; InputError when it cannot be written.
void write_calibration_yaml(const std::string& path, const CalibrationSpec& c, const std::string& header_comment);

}  // namespace tarang

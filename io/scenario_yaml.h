// Reading scenario YAML files into a validated Scenario (every key is documented in docs/scenario.md).
#pragma once

#include <string>

#include "core/scenario.h"

namespace tarang {

// Reads and validates the scenario at `path`. Relative file paths inside it resolve against its folder.
// Throws InputError "FILE:LINE: key: what is wrong" on any problem.
Scenario load_scenario_file(const std::string& path);

// Parses scenario text; `source_name` is used in messages, `base_dir` resolves relative paths.
Scenario parse_scenario_text(const std::string& yaml_text, const std::string& source_name,
                             const std::string& base_dir);

}  // namespace tarang

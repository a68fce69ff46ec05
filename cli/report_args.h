// `tarang report`: one self-contained HTML page comparing result files.
#pragma once

#include <string>
#include <vector>

namespace tarang {

struct ReportArgs {
  std::vector<std::string> result_paths;  // one or more result files, shown in this order
  std::string output_path;                // the HTML file
};

// Checks the output path, reads every result, writes the report, prints "wrote PATH ...". Throws InputError for
// anything the user can fix (nothing is written then).
int run_report_command(const ReportArgs& args);

}  // namespace tarang

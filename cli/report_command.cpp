// `tarang report`: reads every result first, so a bad file stops the command before anything is written.
#include <fmt/format.h>

#include "cli/output_path.h"
#include "cli/report_args.h"
#include "core/error.h"
#include "io/html_report.h"

namespace tarang {

int run_report_command(const ReportArgs& args) {
  if (args.result_paths.empty()) throw InputError("command line", 0, "report", "give at least one result file");
  check_output_writable(args.output_path);
  std::vector<ReportSource> sources;
  for (const std::string& path : args.result_paths) sources.push_back(load_report_source(path));
  const std::string html = render_html_report(sources);
  write_text_file_atomic(args.output_path, html);
  fmt::print("wrote {} ({} result{}, {:.0f} kB, self-contained)\n", args.output_path, sources.size(),
             sources.size() == 1 ? "" : "s", html.size() / 1024.0);
  return 0;
}

}  // namespace tarang

// HTML report assembly: tables and figures as escaped markup, maps from png_map, plots from svg_cdf_plot.
#include "io/html_report.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>

#include "core/version.h"
#include "io/colormap.h"
#include "io/h5_checked.h"
#include "io/map_layer.h"
#include "io/markup_text.h"
#include "io/png_codec.h"
#include "io/png_map.h"
#include "io/results_h5.h"
#include "io/svg_cdf_plot.h"
#include "scene/crs.h"

namespace tarang {
namespace {

constexpr int kReportMapPx = 400;  // longest side of each map image in the report

constexpr const char* kStyle = R"(
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 24px auto; max-width: 1180px; color: #1e1e1e; }
h1 { margin-bottom: 4px; }
h2 { border-bottom: 2px solid #440154; padding-bottom: 4px; margin-top: 32px; }
p.meta { color: #555; margin-top: 0; }
p.note { color: #555; font-size: 13px; max-width: 420px; }
table { border-collapse: collapse; font-size: 14px; }
th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
thead th { background: #f0eef5; }
.figures { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
pre { background: #f6f6f6; padding: 8px; overflow-x: auto; font-size: 12px; }
.placeholder { border: 2px dashed #aaa; padding: 24px; color: #555; }
.tables { display: flex; flex-wrap: wrap; gap: 0 40px; align-items: flex-start; }
)";

// Short names for the results: the scenario name, or the file name when scenario names repeat.
std::vector<std::string> result_labels(const std::vector<ReportSource>& sources) {
  std::map<std::string, int> count;
  for (const auto& s : sources) ++count[s.result.meta.scenario_name];
  std::vector<std::string> labels;
  for (const auto& s : sources) {
    const std::string& name = s.result.meta.scenario_name;
    labels.push_back(count[name] == 1 && !name.empty() ? name : std::filesystem::path(s.path).filename().string());
  }
  return labels;
}

std::string crs_name(const RasterGrid& g) {
  try {
    return resolve_projected_crs(g.crs_wkt).name;
  } catch (const std::exception&) {
    return "unrecognised CRS";
  }
}

std::string frequencies_ghz(const std::vector<SectorRecord>& sectors) {
  std::set<double> unique;
  for (const auto& s : sectors) unique.insert(s.frequency_hz / 1e9);
  std::string out;
  for (double f : unique) out += (out.empty() ? "" : ", ") + fmt::format("{:.3f}", f);
  return out;
}

std::size_t site_count(const std::vector<SectorRecord>& sectors) {
  std::set<std::string> ids;
  for (const auto& s : sectors) ids.insert(s.site_id);
  return ids.size();
}

// A table with one header column of row names and one column per result.
std::string side_by_side_table(const std::vector<std::string>& labels, const std::vector<std::string>& row_names,
                               const std::vector<std::vector<std::string>>& cells, bool numeric) {
  std::string html = "<table>\n<thead><tr><th></th>";
  for (const auto& label : labels) html += "<th>" + escape_markup(label) + "</th>";
  html += "</tr></thead>\n<tbody>\n";
  for (std::size_t row = 0; row < row_names.size(); ++row) {
    html += "<tr><th>" + escape_markup(row_names[row]) + "</th>";
    for (std::size_t col = 0; col < labels.size(); ++col) {
      html += std::string(numeric ? "<td class=\"num\">" : "<td>") + escape_markup(cells[col][row]) + "</td>";
    }
    html += "</tr>\n";
  }
  return html + "</tbody>\n</table>\n";
}

std::string summary_section(const std::vector<ReportSource>& sources, const std::vector<std::string>& labels) {
  const std::vector<std::string> rows = {"File", "Scenario",        "Written", "tarang",  "Grid",          "Area",
                                         "CRS",  "Receiver height", "Sites",   "Sectors", "Carrier (GHz)", "Command"};
  std::vector<std::vector<std::string>> cells;
  for (const auto& s : sources) {
    const CoverageResult& r = s.result;
    const RasterGrid& g = r.grid;
    const double area_km2 = g.cell_count() * g.cell_m * g.cell_m / 1e6;
    cells.push_back({s.path, r.meta.scenario_name, r.meta.created_utc, r.meta.tarang_version,
                     fmt::format("{} \u00d7 {} cells of {:g} m", g.nx, g.ny, g.cell_m),
                     fmt::format("{:.2f} km\u00b2", area_km2), crs_name(g), fmt::format("{:g} m", g.height_m),
                     std::to_string(site_count(r.sectors)), std::to_string(r.sectors.size()),
                     frequencies_ghz(r.sectors), r.meta.command_line});
  }
  return "<section id=\"summary\">\n<h2>Scenarios</h2>\n" + side_by_side_table(labels, rows, cells, false) +
         "</section>\n";
}

std::string kpi_section(const std::vector<ReportSource>& sources, const std::vector<std::string>& labels) {
  const std::vector<std::string> rows = {
      "Covered cells (%)",      "Target RSRP (dBm)",       "Target SINR (dB)",
      "RSRP p5 (dBm)",          "RSRP p50 (dBm)",          "RSRP p95 (dBm)",
      "SINR p5 (dB)",           "SINR p50 (dB)",           "SINR p95 (dB)",
      "Throughput p5 (Mbit/s)", "Throughput p50 (Mbit/s)", "Throughput p95 (Mbit/s)"};
  std::vector<std::vector<std::string>> cells;
  for (const auto& s : sources) {
    const CoverageKpis& k = s.result.kpis;
    const double values[] = {
        100 * k.covered_fraction, k.target_rsrp_dbm,    k.target_sinr_db, k.rsrp_p5_dbm, k.rsrp_p50_dbm,
        k.rsrp_p95_dbm,           k.sinr_p5_db,         k.sinr_p50_db,    k.sinr_p95_db, k.throughput_p5_mbps,
        k.throughput_p50_mbps,    k.throughput_p95_mbps};
    auto& column = cells.emplace_back();
    for (double v : values) column.push_back(fmt::format("{:.1f}", v));
  }
  return "<section id=\"kpis\">\n<h2>Key performance indicators</h2>\n" +
         side_by_side_table(labels, rows, cells, true) +
         "<p class=\"note\">Covered: RSRP and SINR at or above the targets. Shares and percentiles are over the "
         "computed cells.</p>\n</section>\n";
}

// Maps layer by layer; with several results each layer gets its own row of figures so results line up.
std::string maps_section(const std::vector<ReportSource>& sources, const std::vector<std::string>& labels) {
  const bool one_result = sources.size() == 1;
  std::string html = "<section id=\"maps\">\n<h2>Maps</h2>\n";
  if (one_result) html += "<div class=\"figures\">\n";
  std::vector<std::string> layers = continuous_layer_names();
  layers.push_back(kBestSectorLayer);
  for (const std::string& name : layers) {
    std::vector<MapLayer> per_result;
    for (const auto& s : sources) per_result.push_back(select_map_layer(s.result, name, s.path));
    MapStyle style;
    style.max_map_px = kReportMapPx;
    if (!per_result.front().categorical) {
      ValueRange range = display_range(per_result.front().values);
      for (const MapLayer& layer : per_result) range = merged(range, display_range(layer.values));
      style.range = range;
    }
    if (!one_result) html += "<h3>" + escape_markup(per_result.front().title) + "</h3>\n<div class=\"figures\">\n";
    for (std::size_t i = 0; i < sources.size(); ++i) {
      const std::string png = encode_png(render_map(sources[i].result, per_result[i], style));
      html += "<figure><img class=\"map\" src=\"" + data_uri("image/png", png) + "\" alt=\"" +
              escape_markup(per_result[i].title + " map of " + labels[i]) + "\"/></figure>\n";
    }
    if (!one_result) html += "</div>\n";
  }
  if (one_result) html += "</div>\n";
  return html + "</section>\n";
}

std::string cdf_section(const std::vector<ReportSource>& sources, const std::vector<std::string>& labels) {
  std::string html = "<section id=\"cdfs\">\n<h2>Distributions over the grid</h2>\n<div class=\"figures\">\n";
  for (const std::string& name : continuous_layer_names()) {
    std::vector<CdfSeries> series;
    CdfPlotOptions options;
    for (std::size_t i = 0; i < sources.size(); ++i) {
      MapLayer layer = select_map_layer(sources[i].result, name, sources[i].path);
      options.title = layer.title;
      options.x_label = layer.title + " (" + layer.units + ")";
      series.push_back({labels[i], categorical_color(static_cast<int>(i)), std::move(layer.values)});
    }
    html += render_cdf_svg(series, options);
  }
  return html + "</div>\n</section>\n";
}

std::string plan_section(const std::vector<ReportSource>& sources) {
  std::string files;
  for (const auto& s : sources) {
    if (s.has_plan) files += (files.empty() ? "" : ", ") + s.path;
  }
  if (files.empty()) return "";
  return "<section id=\"plan\">\n<h2>Plan trade-off</h2>\n<div class=\"placeholder\">" + escape_markup(files) +
         " holds a /plan group. The trade-off curve of the site-placement planner (coverage "
         "against sites) will be drawn here once the planner's output format is settled.</div>\n</section>\n";
}

std::string scenario_files_section(const std::vector<ReportSource>& sources, const std::vector<std::string>& labels) {
  std::string html = "<section id=\"scenario-files\">\n<h2>Scenario files</h2>\n";
  for (std::size_t i = 0; i < sources.size(); ++i) {
    html += "<details><summary>" + escape_markup(labels[i]) + "</summary><pre>" +
            escape_markup(sources[i].result.meta.scenario_yaml) + "</pre></details>\n";
  }
  return html + "</section>\n";
}

}  // namespace

ReportSource load_report_source(const std::string& path) {
  ReportSource source;
  source.path = path;
  source.result = read_coverage_result(path, ResultReadOptions{false});
  h5::Handle file = h5::open_file_read(path);
  source.has_plan = h5::object_exists(file.get(), "/plan");
  return source;
}

std::string render_html_report(const std::vector<ReportSource>& sources) {
  if (sources.empty()) throw std::invalid_argument("render_html_report: no results");
  const std::vector<std::string> labels = result_labels(sources);
  std::string names;
  for (const auto& label : labels) names += (names.empty() ? "" : ", ") + label;
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>" +
      escape_markup("tarang report: " + names) + "</title>\n<style>" + kStyle + "</style>\n</head>\n";
  html += "<body>\n<header>\n<h1>Coverage report</h1>\n<p class=\"meta\">" +
          escape_markup(fmt::format("{} result{}: {} \u00b7 written by tarang {}", sources.size(),
                                    sources.size() == 1 ? "" : "s", names, kVersion)) +
          "</p>\n</header>\n";
  html += "<div class=\"tables\">\n" + summary_section(sources, labels) + kpi_section(sources, labels) + "</div>\n";
  html += maps_section(sources, labels);
  html += cdf_section(sources, labels);
  html += plan_section(sources);
  html += scenario_files_section(sources, labels);
  return html + "</body>\n</html>\n";
}

}  // namespace tarang

// `tarang export`: validates everything before writing, then hands the layer to the GeoTIFF, PNG or KMZ writer.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "cli/export_args.h"
#include "cli/output_path.h"
#include "core/error.h"
#include "io/geotiff_export.h"
#include "io/kml_export.h"
#include "io/map_layer.h"
#include "io/png_map.h"
#include "io/results_h5.h"

namespace tarang {
namespace {

enum class ExportFormat { GeoTiff, Png, Kml };

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// The format from --format, else from the output's extension; KML output must be named .kmz (it is a zip).
ExportFormat export_format(const ExportArgs& args) {
  const std::string extension = lower(std::filesystem::path(args.output_path).extension().string());
  const std::string name = lower(args.format);
  ExportFormat format;
  if (name == "geotiff" || name == "tiff" || name == "tif" ||
      (name.empty() && (extension == ".tif" || extension == ".tiff"))) {
    format = ExportFormat::GeoTiff;
  } else if (name == "png" || (name.empty() && extension == ".png")) {
    format = ExportFormat::Png;
  } else if (name == "kml" || name == "kmz" || (name.empty() && extension == ".kmz")) {
    format = ExportFormat::Kml;
  } else if (name.empty()) {
    throw InputError("command line", 0, "--format",
                     "cannot tell the format from '" + args.output_path + "'; give --format geotiff, png or kml");
  } else {
    throw InputError("command line", 0, "--format", "unknown format '" + args.format + "' (use geotiff, png or kml)");
  }
  if (format == ExportFormat::Kml && extension != ".kmz") {
    throw InputError(args.output_path, "KML export writes a KMZ (KML and images zipped); name the output .kmz");
  }
  return format;
}

}  // namespace

int run_export_command(const ExportArgs& args) {
  const ExportFormat format = export_format(args);
  check_output_writable(args.output_path);
  const CoverageResult r = read_coverage_result(args.result_path, ResultReadOptions{is_gain_layer(args.layer)});
  const MapLayer layer = select_map_layer(r, args.layer, args.result_path);
  const char* what = "";
  switch (format) {
    case ExportFormat::GeoTiff:
      write_geotiff(args.output_path, r, layer);
      what = "Cloud Optimized GeoTIFF";
      break;
    case ExportFormat::Png:
      write_png_map(args.output_path, r, layer);
      what = "PNG map";
      break;
    case ExportFormat::Kml:
      write_kmz(args.output_path, r, layer);
      what = "KMZ for Google Earth";
      break;
  }
  fmt::print("wrote {} ({} as {}, {} x {} cells)\n", args.output_path, layer.title, what, r.grid.nx, r.grid.ny);
  return 0;
}

}  // namespace tarang

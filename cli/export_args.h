// `tarang export`: one layer of a result file as GeoTIFF, PNG map or KMZ.
#pragma once

#include <string>

namespace tarang {

struct ExportArgs {
  std::string result_path;
  std::string layer = "rsrp";  // rsrp | sinr | throughput | best_sector | gain:SECTOR_ID
  std::string format;          // geotiff | png | kml; "" = from the output's extension (.tif/.tiff, .png, .kmz)
  std::string output_path;
};

// Checks the format and output path, reads the result, picks the layer, writes the file, prints "wrote PATH ...".
// Throws InputError for anything the user can fix (nothing is written then).
int run_export_command(const ExportArgs& args);

}  // namespace tarang

// Difference map files (format "tarang-difference", format_version 1); all HDF5 calls via h5_checked.
//
// Layout:
//   /             attrs format, format_version, reference (path of the first result)
//   /compared     string[layers]: the result each layer compares with the reference
//   /grid         attrs crs_wkt, geotransform (float64[6], GDAL order, north-up), cell_m, height_m, nx, ny (as in
//                 coverage results)
//   /diff/rsrp_db, /diff/sinr_db, /diff/throughput_mbps   float32[layers][ny][nx]: compared - reference (NaN where
//                 either is not computed; +-inf where only one has signal)
//   /diff/coverage_change   int32[layers][ny][nx]: +1 gained, -1 lost, 0 unchanged or not computed
#include "io/difference_maps_h5.h"

#include <stdexcept>

#include "io/h5_checked.h"
#include "io/h5_file_io.h"

namespace tarang {
namespace {

constexpr hsize_t kChunkSide = 256;

void write_file(const std::string& path, const DifferenceMaps& d) {
  h5::Handle file = h5::create_file(path);
  h5::write_attribute(file.get(), "format", "tarang-difference");
  h5::write_attribute(file.get(), "format_version", std::int64_t{1});
  h5::write_attribute(file.get(), "reference", d.reference_path);
  h5::write_string_dataset(file.get(), "compared", d.compared_paths);
  {
    h5::Handle grid = h5::create_group(file.get(), "grid");
    const auto gt = d.grid.geotransform();
    h5::write_attribute(grid.get(), "crs_wkt", d.grid.crs_wkt);
    h5::write_attribute(grid.get(), "geotransform", std::span<const double>(gt));
    h5::write_attribute(grid.get(), "cell_m", d.grid.cell_m);
    h5::write_attribute(grid.get(), "height_m", d.grid.height_m);
    h5::write_attribute(grid.get(), "nx", std::int64_t{d.grid.nx});
    h5::write_attribute(grid.get(), "ny", std::int64_t{d.grid.ny});
  }
  h5::Handle diff = h5::create_group(file.get(), "diff");
  const hsize_t dims[3] = {d.compared_paths.size(), static_cast<hsize_t>(d.grid.ny), static_cast<hsize_t>(d.grid.nx)};
  h5::DatasetOptions options;
  options.chunk = {1, kChunkSide, kChunkSide};
  options.shuffle = true;
  options.deflate_level = 1;
  h5::write_attribute(h5::write_dataset(diff.get(), "rsrp_db", dims, d.rsrp_db.data(), options).get(), "units", "dB");
  h5::write_attribute(h5::write_dataset(diff.get(), "sinr_db", dims, d.sinr_db.data(), options).get(), "units", "dB");
  h5::write_attribute(h5::write_dataset(diff.get(), "throughput_mbps", dims, d.throughput_mbps.data(), options).get(),
                      "units", "Mbit/s");
  h5::write_attribute(h5::write_dataset(diff.get(), "coverage_change", dims, d.coverage_change.data(), options).get(),
                      "units", "1 gained, -1 lost");
  diff.reset();
  file.close("close (flush) " + path);
}

}  // namespace

void write_difference_maps(const std::string& path, const DifferenceMaps& d) {
  const std::size_t expected = d.compared_paths.size() * d.grid.cell_count();
  if (d.rsrp_db.size() != expected || d.sinr_db.size() != expected || d.throughput_mbps.size() != expected ||
      d.coverage_change.size() != expected) {
    throw std::invalid_argument("write_difference_maps: layer sizes do not match the grid");
  }
  write_atomically(path, [&](const std::string& temp) { write_file(temp, d); });
}

}  // namespace tarang

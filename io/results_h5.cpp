// Coverage results HDF5 reader/writer (format "tarang-results", format_version 1); all HDF5 calls via h5_checked.
//
// Layout (a contract other tools read):
//   /                  attrs format="tarang-results", format_version=1, tarang_version, created_utc, command_line,
//                      scenario_name, scenario_yaml, scenario_hash   (strings: variable-length UTF-8 scalars;
//                      scenario_hash: 16 hex digits, absent in files from before batch runs)
//   /grid              attrs crs_wkt, geotransform (float64[6], GDAL order, north-up), cell_m, height_m, nx, ny
//   /grid/x, /grid/y   float64[nx], float64[ny]: cell centres (y decreasing, row 0 = north), units "m"
//   /sectors           compound[n_sectors]: id, site_id (fixed-length strings), x_m, y_m, z_m, azimuth_deg,
//                      tilt_deg, power_dbm, frequency_hz (float64)
//   /maps/gain_db      float32[n_sectors][ny][nx] (NaN = not computed); /maps/rsrp_dbm, sinr_db, throughput_mbps
//                      float32[ny][nx]; /maps/best_sector int32[ny][nx] (-1 = none); each with a "units" attribute
//   /kpi               attrs: the CoverageKpis fields (float64)
#include "io/results_h5.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <vector>

#include "core/error.h"
#include "io/h5_checked.h"
#include "io/h5_file_io.h"
#include "io/results_h5_parts.h"

namespace tarang {
namespace {

constexpr const char* kFormat = "tarang-results";
constexpr std::int64_t kFormatVersion = 1;

// Map compression: chunks of at most 256 x 256 cells (one sector per chunk for gain_db), byte shuffle + deflate
// (lossless, so round trips are exact).
constexpr hsize_t kChunkSide = 256;
constexpr int kDeflateLevel = 1;  // 30 x 1000 x 1000 gain maps: ~2.5 s at level 1 vs ~3.5 s at 4, files within 1%

const std::vector<std::string> kSectorStrings = {"id", "site_id"};
const std::vector<std::string> kSectorDoubles = {"x_m", "y_m", "z_m", "azimuth_deg", "tilt_deg", "power_dbm",
                                                 "frequency_hz"};

// One KPI: its attribute name and the field it maps to.
struct KpiField {
  const char* name;
  double CoverageKpis::*field;
};
constexpr KpiField kKpiFields[] = {
    {"covered_fraction", &CoverageKpis::covered_fraction},
    {"target_rsrp_dbm", &CoverageKpis::target_rsrp_dbm},
    {"target_sinr_db", &CoverageKpis::target_sinr_db},
    {"rsrp_p5_dbm", &CoverageKpis::rsrp_p5_dbm},
    {"rsrp_p50_dbm", &CoverageKpis::rsrp_p50_dbm},
    {"rsrp_p95_dbm", &CoverageKpis::rsrp_p95_dbm},
    {"sinr_p5_db", &CoverageKpis::sinr_p5_db},
    {"sinr_p50_db", &CoverageKpis::sinr_p50_db},
    {"sinr_p95_db", &CoverageKpis::sinr_p95_db},
    {"throughput_p5_mbps", &CoverageKpis::throughput_p5_mbps},
    {"throughput_p50_mbps", &CoverageKpis::throughput_p50_mbps},
    {"throughput_p95_mbps", &CoverageKpis::throughput_p95_mbps},
};

std::string shape_text(const std::vector<hsize_t>& dims) {
  std::string out = "[";
  for (std::size_t i = 0; i < dims.size(); ++i) out += (i ? ", " : "") + std::to_string(dims[i]);
  return out + "]";
}

// Throws std::invalid_argument when the in-memory result does not match its own grid (a caller bug, not user input).
void check_consistent(const CoverageResult& r) {
  if (r.grid.nx < 0 || r.grid.ny < 0) throw std::invalid_argument("write_coverage_result: negative grid size");
  const std::size_t cells = r.grid.cell_count();
  auto expect = [](const char* name, std::size_t actual, std::size_t expected) {
    if (actual != expected) {
      throw std::invalid_argument(std::string("write_coverage_result: maps.") + name + " has " +
                                  std::to_string(actual) + " values, expected " + std::to_string(expected));
    }
  };
  expect("gain_db", r.maps.gain_db.size(), r.sectors.size() * cells);
  expect("rsrp_dbm", r.maps.rsrp_dbm.size(), cells);
  expect("best_sector", r.maps.best_sector.size(), cells);
  expect("sinr_db", r.maps.sinr_db.size(), cells);
  expect("throughput_mbps", r.maps.throughput_mbps.size(), cells);
}

void write_grid(hid_t file, const RasterGrid& grid) {
  h5::Handle group = h5::create_group(file, "grid");
  h5::write_attribute(group.get(), "crs_wkt", grid.crs_wkt);
  const auto gt = grid.geotransform();
  h5::write_attribute(group.get(), "geotransform", std::span<const double>(gt));
  h5::write_attribute(group.get(), "cell_m", grid.cell_m);
  h5::write_attribute(group.get(), "height_m", grid.height_m);
  h5::write_attribute(group.get(), "nx", std::int64_t{grid.nx});
  h5::write_attribute(group.get(), "ny", std::int64_t{grid.ny});

  std::vector<double> x(static_cast<std::size_t>(grid.nx)), y(static_cast<std::size_t>(grid.ny));
  for (int col = 0; col < grid.nx; ++col) x[static_cast<std::size_t>(col)] = grid.x_center_m(col);
  for (int row = 0; row < grid.ny; ++row) y[static_cast<std::size_t>(row)] = grid.y_center_m(row);
  const hsize_t x_dims[1] = {x.size()}, y_dims[1] = {y.size()};
  h5::write_attribute(h5::write_dataset(group.get(), "x", x_dims, x.data()).get(), "units", "m");
  h5::write_attribute(h5::write_dataset(group.get(), "y", y_dims, y.data()).get(), "units", "m");
}

void write_sectors(hid_t file, const std::vector<SectorRecord>& sectors) {
  h5::Table table;
  table.string_names = kSectorStrings;
  table.double_names = kSectorDoubles;
  table.string_columns.assign(kSectorStrings.size(), {});
  table.double_columns.assign(kSectorDoubles.size(), {});
  for (const SectorRecord& s : sectors) {
    table.string_columns[0].push_back(s.id);
    table.string_columns[1].push_back(s.site_id);
    const double values[] = {s.x_m, s.y_m, s.z_m, s.azimuth_deg, s.tilt_deg, s.power_dbm, s.frequency_hz};
    for (std::size_t c = 0; c < kSectorDoubles.size(); ++c) table.double_columns[c].push_back(values[c]);
  }
  h5::write_table(file, "sectors", table);
}

void write_maps(hid_t file, const CoverageResult& r) {
  h5::Handle group = h5::create_group(file, "maps");
  const hsize_t ny = static_cast<hsize_t>(r.grid.ny), nx = static_cast<hsize_t>(r.grid.nx);
  h5::DatasetOptions map_options;
  map_options.chunk = {kChunkSide, kChunkSide};
  map_options.shuffle = true;
  map_options.deflate_level = kDeflateLevel;
  h5::DatasetOptions gain_options = map_options;
  gain_options.chunk = {1, kChunkSide, kChunkSide};

  const hsize_t gain_dims[3] = {r.sectors.size(), ny, nx};
  const hsize_t map_dims[2] = {ny, nx};
  h5::write_attribute(h5::write_dataset(group.get(), "gain_db", gain_dims, r.maps.gain_db.data(), gain_options).get(),
                      "units", "dB");
  h5::write_attribute(h5::write_dataset(group.get(), "rsrp_dbm", map_dims, r.maps.rsrp_dbm.data(), map_options).get(),
                      "units", "dBm");
  h5::write_attribute(
      h5::write_dataset(group.get(), "best_sector", map_dims, r.maps.best_sector.data(), map_options).get(), "units",
      "index");
  h5::write_attribute(h5::write_dataset(group.get(), "sinr_db", map_dims, r.maps.sinr_db.data(), map_options).get(),
                      "units", "dB");
  h5::write_attribute(
      h5::write_dataset(group.get(), "throughput_mbps", map_dims, r.maps.throughput_mbps.data(), map_options).get(),
      "units", "Mbit/s");
}

void write_kpis(hid_t file, const CoverageKpis& kpis) {
  h5::Handle group = h5::create_group(file, "kpi");
  for (const KpiField& kpi : kKpiFields) h5::write_attribute(group.get(), kpi.name, kpis.*kpi.field);
}

// Writes the whole file at `file_path`; every handle is closed (and the file flushed) before it returns.
void write_file(const std::string& file_path, const CoverageResult& r) {
  h5::Handle file = h5::create_file(file_path);
  h5::write_attribute(file.get(), "format", kFormat);
  h5::write_attribute(file.get(), "format_version", kFormatVersion);
  h5::write_attribute(file.get(), "tarang_version", r.meta.tarang_version);
  h5::write_attribute(file.get(), "created_utc", r.meta.created_utc);
  h5::write_attribute(file.get(), "command_line", r.meta.command_line);
  h5::write_attribute(file.get(), "scenario_name", r.meta.scenario_name);
  h5::write_attribute(file.get(), "scenario_yaml", r.meta.scenario_yaml);
  if (!r.meta.scenario_hash.empty()) h5::write_attribute(file.get(), "scenario_hash", r.meta.scenario_hash);
  write_grid(file.get(), r.grid);
  write_sectors(file.get(), r.sectors);
  write_maps(file.get(), r);
  write_kpis(file.get(), r.kpis);
  file.close("close (flush) " + file_path);
}

// ---- Reading -----------------------------------------------------------------------------------------------------

// Reads one file; turns structural problems into InputError(path, ...) with the object's name.
class Reader {
 public:
  explicit Reader(const std::string& path) : path_(path) {}

  [[noreturn]] void fail(const std::string& message) const { throw InputError(path_, message); }

  h5::Handle group(hid_t file, const std::string& name) const {
    if (!h5::object_exists(file, name)) fail("missing group " + name);
    return h5::open_group(file, name);
  }

  void require_dataset(hid_t file, const std::string& name) const {
    if (!h5::object_exists(file, name)) fail("missing dataset " + name);
  }

  void require_attribute(hid_t loc, const std::string& where, const std::string& name) const {
    if (!h5::attribute_exists(loc, name)) fail("missing attribute " + name + " on " + where);
  }

  std::string string_attr(hid_t loc, const std::string& where, const std::string& name) const {
    require_attribute(loc, where, name);
    return h5::read_string_attribute(loc, name);
  }

  double double_attr(hid_t loc, const std::string& where, const std::string& name) const {
    require_attribute(loc, where, name);
    return h5::read_double_attribute(loc, name);
  }

  std::int64_t int_attr(hid_t loc, const std::string& where, const std::string& name) const {
    require_attribute(loc, where, name);
    return h5::read_int_attribute(loc, name);
  }

  // A float32 map that must have exactly `expected` dims.
  std::vector<float> float_map(hid_t file, const std::string& name, const std::vector<hsize_t>& expected) const {
    require_dataset(file, name);
    check_shape(name, h5::dataset_dims(h5::open_dataset(file, name).get()), expected);  // before allocating
    std::vector<hsize_t> dims;
    std::vector<float> values = h5::read_float_dataset(file, name, dims);
    check_shape(name, dims, expected);
    return values;
  }

  void check_shape(const std::string& name, const std::vector<hsize_t>& dims,
                   const std::vector<hsize_t>& expected) const {
    if (dims != expected) {
      fail("dataset " + name + " has shape " + shape_text(dims) + ", expected " + shape_text(expected));
    }
  }

 private:
  std::string path_;
};

void check_header(const Reader& in, hid_t file) {
  if (!h5::attribute_exists(file, "format")) in.fail("not a tarang results file (format attribute missing)");
  std::string format;
  try {
    format = h5::read_string_attribute(file, "format");
  } catch (const RuntimeFailure&) {
    in.fail("not a tarang results file (format attribute is not a string)");
  }
  if (format != kFormat) in.fail("not a tarang results file (format attribute is \"" + format + "\")");
  const std::int64_t version = in.int_attr(file, "/", "format_version");
  if (version != kFormatVersion) {
    in.fail("unsupported format_version " + std::to_string(version) + " (this tarang reads format_version " +
            std::to_string(kFormatVersion) + (version > kFormatVersion ? "; a newer tarang wrote it)" : ")"));
  }
}

RasterGrid read_grid(const Reader& in, hid_t file) {
  h5::Handle group = in.group(file, "/grid");
  const hid_t g = group.get();
  RasterGrid grid;
  grid.crs_wkt = in.string_attr(g, "/grid", "crs_wkt");
  in.require_attribute(g, "/grid", "geotransform");
  const std::vector<double> gt = h5::read_double_array_attribute(g, "geotransform");
  if (gt.size() != 6) in.fail("attribute geotransform on /grid has " + std::to_string(gt.size()) + " values, expected 6");
  if (gt[2] != 0.0 || gt[4] != 0.0) in.fail("attribute geotransform on /grid is not north-up (rotation terms set)");
  grid.west_m = gt[0];
  grid.north_m = gt[3];
  grid.cell_m = in.double_attr(g, "/grid", "cell_m");
  grid.height_m = in.double_attr(g, "/grid", "height_m");
  const std::int64_t nx = in.int_attr(g, "/grid", "nx"), ny = in.int_attr(g, "/grid", "ny");
  constexpr std::int64_t kMax = std::numeric_limits<int>::max();
  constexpr double kMaxCells = 1e9;  // the scenario reader's limit: tarang never writes a larger grid
  if (nx < 0 || ny < 0 || nx > kMax || ny > kMax || static_cast<double>(nx) * static_cast<double>(ny) > kMaxCells) {
    in.fail("invalid grid size nx=" + std::to_string(nx) + ", ny=" + std::to_string(ny) + " on /grid");
  }
  grid.nx = static_cast<int>(nx);
  grid.ny = static_cast<int>(ny);
  return grid;
}

std::vector<SectorRecord> read_sectors(const Reader& in, hid_t file) {
  in.require_dataset(file, "/sectors");
  const std::vector<std::string> members = h5::compound_member_names(file, "/sectors");
  if (members.empty()) in.fail("dataset /sectors is not a compound (table) dataset");
  for (const auto* names : {&kSectorStrings, &kSectorDoubles}) {
    for (const std::string& name : *names) {
      if (std::find(members.begin(), members.end(), name) == members.end()) {
        in.fail("dataset /sectors has no field " + name);
      }
    }
  }
  const h5::Table table = h5::read_table(file, "/sectors", kSectorStrings, kSectorDoubles);
  std::vector<SectorRecord> sectors(table.rows());
  for (std::size_t i = 0; i < sectors.size(); ++i) {
    SectorRecord& s = sectors[i];
    s.id = table.string_columns[0][i];
    s.site_id = table.string_columns[1][i];
    double* fields[] = {&s.x_m, &s.y_m, &s.z_m, &s.azimuth_deg, &s.tilt_deg, &s.power_dbm, &s.frequency_hz};
    for (std::size_t c = 0; c < kSectorDoubles.size(); ++c) *fields[c] = table.double_columns[c][i];
  }
  return sectors;
}

CoverageMaps read_maps(const Reader& in, hid_t file, const CoverageResult& r, const ResultReadOptions& options) {
  in.group(file, "/maps");
  const hsize_t ny = static_cast<hsize_t>(r.grid.ny), nx = static_cast<hsize_t>(r.grid.nx);
  const std::vector<hsize_t> map_dims = {ny, nx};
  CoverageMaps maps;
  if (options.gain_maps) maps.gain_db = in.float_map(file, "/maps/gain_db", {r.sectors.size(), ny, nx});
  maps.rsrp_dbm = in.float_map(file, "/maps/rsrp_dbm", map_dims);
  in.require_dataset(file, "/maps/best_sector");
  in.check_shape("/maps/best_sector", h5::dataset_dims(h5::open_dataset(file, "/maps/best_sector").get()), map_dims);
  std::vector<hsize_t> dims;
  maps.best_sector = h5::read_int32_dataset(file, "/maps/best_sector", dims);
  in.check_shape("/maps/best_sector", dims, map_dims);
  maps.sinr_db = in.float_map(file, "/maps/sinr_db", map_dims);
  maps.throughput_mbps = in.float_map(file, "/maps/throughput_mbps", map_dims);
  return maps;
}

CoverageKpis read_kpis(const Reader& in, hid_t file) {
  h5::Handle group = in.group(file, "/kpi");
  CoverageKpis kpis;
  for (const KpiField& kpi : kKpiFields) kpis.*kpi.field = in.double_attr(group.get(), "/kpi", kpi.name);
  return kpis;
}

}  // namespace

void write_grid_group(hid_t file, const RasterGrid& grid) { write_grid(file, grid); }
void write_sectors_table(hid_t file, const std::vector<SectorRecord>& sectors) { write_sectors(file, sectors); }
RasterGrid read_grid_group(const std::string& path, hid_t file) { return read_grid(Reader(path), file); }
std::vector<SectorRecord> read_sectors_table(const std::string& path, hid_t file) {
  return read_sectors(Reader(path), file);
}

void write_coverage_result(const std::string& path, const CoverageResult& r) {
  check_consistent(r);
  write_atomically(path, [&](const std::string& temp) { write_file(temp, r); });
}

CoverageResult read_coverage_result(const std::string& path, const ResultReadOptions& options) {
  check_readable_hdf5(path);

  const Reader in(path);
  try {
    h5::Handle file = h5::open_file_read(path);
    const hid_t f = file.get();
    check_header(in, f);
    CoverageResult r;
    r.meta.tarang_version = in.string_attr(f, "/", "tarang_version");
    r.meta.created_utc = in.string_attr(f, "/", "created_utc");
    r.meta.command_line = in.string_attr(f, "/", "command_line");
    r.meta.scenario_name = in.string_attr(f, "/", "scenario_name");
    r.meta.scenario_yaml = in.string_attr(f, "/", "scenario_yaml");
    if (h5::attribute_exists(f, "scenario_hash")) r.meta.scenario_hash = in.string_attr(f, "/", "scenario_hash");
    r.grid = read_grid(in, f);
    r.sectors = read_sectors(in, f);
    r.maps = read_maps(in, f, r, options);
    r.kpis = read_kpis(in, f);
    file.close("close " + path);
    return r;
  } catch (const RuntimeFailure& e) {
    // The file passed the HDF5 signature check, so a library failure here means a damaged or truncated file.
    throw InputError(path, std::string("damaged or truncated result file (") + e.what() + ")");
  }
}

}  // namespace tarang

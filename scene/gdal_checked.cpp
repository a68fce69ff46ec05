// gdal_checked: GDAL registration, per-thread error recording (nothing printed to stderr), open helpers.
#include "scene/gdal_checked.h"

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_alg.h>
#include <gdal_utils.h>

#include <filesystem>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "core/error.h"

namespace tarang::gdal {
namespace {

constexpr std::size_t kMaxDistinctWarnings = 20;

// What GDAL reported on one thread since the caller last looked.
struct ThreadMessages {
  std::string last_failure;
  std::vector<std::pair<std::string, std::size_t>> warnings;  // message, repeat count (first-seen order)
};

ThreadMessages& thread_messages() {
  thread_local ThreadMessages messages;
  return messages;
}

void record(CPLErr level, const char* text) {
  ThreadMessages& messages = thread_messages();
  const std::string message = text != nullptr ? text : "";
  if (level == CE_Failure || level == CE_Fatal) {
    messages.last_failure = message;
  } else if (level == CE_Warning) {
    for (auto& [seen, count] : messages.warnings) {
      if (seen == message) {
        ++count;
        return;
      }
    }
    if (messages.warnings.size() < kMaxDistinctWarnings) messages.warnings.emplace_back(message, 1);
  }
}

// GDAL's process-wide error handler: records instead of printing; debug messages are dropped. No exception may
// cross back into GDAL's C code, so a failure to record (out of memory) loses the message.
void CPL_STDCALL record_message(CPLErr level, CPLErrorNum /*number*/, const char* text) {
  try {
    record(level, text);
  } catch (...) {
  }
}

// GDAL paths starting with /vsi (zip, curl, memory) are not plain files and are left to GDAL to resolve.
void require_existing(const std::string& path) {
  if (path.rfind("/vsi", 0) == 0) return;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw InputError(path, "file not found");
}

GDALDataset* open_ex(const std::string& path, unsigned flags, const std::vector<std::string>& open_options = {}) {
  CPLStringList options;
  for (const auto& option : open_options) options.AddString(option.c_str());
  return GDALDataset::Open(path.c_str(), flags | GDAL_OF_READONLY, nullptr, options.List(), nullptr);
}

std::string with_reason(std::string message) {
  const std::string reason = take_last_failure();
  if (!reason.empty()) message += " (" + reason + ")";
  return message;
}

}  // namespace

void ensure_registered() {
  static std::once_flag once;
  std::call_once(once, [] {
    CPLSetErrorHandler(record_message);
    GDALAllRegister();
  });
}

std::string take_last_failure() { return std::exchange(thread_messages().last_failure, std::string()); }

std::vector<std::string> take_warnings() {
  std::vector<std::string> lines;
  for (const auto& [message, count] : std::exchange(thread_messages().warnings, {})) {
    lines.push_back("GDAL: " + message + (count > 1 ? " (x" + std::to_string(count) + ")" : ""));
  }
  return lines;
}

void fail(std::string_view operation) {
  std::string message = "GDAL: " + std::string(operation) + " failed";
  const std::string reason = take_last_failure();
  if (!reason.empty()) message += ": " + reason;
  throw RuntimeFailure(message);
}

QuietScope::QuietScope() {
  ensure_registered();
  CPLPushErrorHandler(CPLQuietErrorHandler);
}

QuietScope::~QuietScope() { CPLPopErrorHandler(); }

DatasetPtr open_vector(const std::string& path, const std::vector<std::string>& open_options) {
  ensure_registered();
  require_existing(path);
  take_last_failure();
  DatasetPtr dataset(open_ex(path, GDAL_OF_VECTOR, open_options));
  const std::string reason = take_last_failure();
  if (dataset) {
    // Some drivers open despite an error, e.g. GeoJSON with a "crs" GDAL cannot interpret falls back to WGS 84.
    if (!reason.empty()) throw InputError(path, "GDAL reported an error while opening it: " + reason);
    return dataset;
  }
  if (DatasetPtr raster(open_ex(path, GDAL_OF_RASTER)); raster) {
    throw InputError(path, "is a raster, not a vector source of building footprints");
  }
  throw InputError(path, "not a vector data source GDAL can read (GeoJSON, Shapefile, GeoPackage, OSM, ...)" +
                             (reason.empty() ? std::string() : " (" + reason + ")"));
}

DatasetPtr open_raster(const std::string& path) {
  ensure_registered();
  require_existing(path);
  take_last_failure();
  DatasetPtr dataset(open_ex(path, GDAL_OF_RASTER));
  const std::string reason = take_last_failure();
  if (dataset) {
    if (!reason.empty()) throw InputError(path, "GDAL reported an error while opening it: " + reason);
    return dataset;
  }
  if (DatasetPtr vector(open_ex(path, GDAL_OF_VECTOR)); vector) {
    throw InputError(path, "is a vector source, not a raster (a DEM must be a raster such as GeoTIFF)");
  }
  throw InputError(
      path, "not a raster GDAL can read (GeoTIFF, ...)" + (reason.empty() ? std::string() : " (" + reason + ")"));
}

std::string argument_text(double value) {
  std::ostringstream text;
  text.precision(17);
  text << value;
  return text.str();
}

DatasetPtr warp_in_memory(GDALDataset& source, const std::vector<std::string>& arguments) {
  ensure_registered();
  take_last_failure();
  CPLStringList argv;
  argv.AddString("-of");
  argv.AddString("MEM");
  for (const auto& argument : arguments) argv.AddString(argument.c_str());
  const std::unique_ptr<GDALWarpAppOptions, void (*)(GDALWarpAppOptions*)> options(
      GDALWarpAppOptionsNew(argv.List(), nullptr), GDALWarpAppOptionsFree);
  if (!options) fail("gdalwarp options");
  GDALDatasetH source_handle = GDALDataset::ToHandle(&source);
  int usage_error = 0;
  DatasetPtr out(GDALDataset::FromHandle(GDALWarp("", nullptr, 1, &source_handle, options.get(), &usage_error)));
  if (!out) fail("warp");
  return out;
}

DatasetPtr create_mem_raster(int nx, int ny, int bands, GDALDataType type) {
  ensure_registered();
  take_last_failure();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("MEM");
  if (driver == nullptr) fail("finding the MEM driver");
  DatasetPtr dataset(driver->Create("", nx, ny, bands, type, nullptr));
  if (!dataset) fail("creating a " + std::to_string(nx) + " x " + std::to_string(ny) + " in-memory raster");
  return dataset;
}

void set_georeference(GDALDataset& dataset, const std::array<double, 6>& geotransform, const OGRSpatialReference& crs) {
  ensure_registered();
  take_last_failure();
  std::array<double, 6> gt = geotransform;  // SetGeoTransform takes a non-const pointer
  if (dataset.SetGeoTransform(gt.data()) != CE_None) fail("setting the geotransform");
  if (dataset.SetSpatialRef(&crs) != CE_None) fail("setting the CRS");
}

void write_band(GDALRasterBand& band, GDALDataType type, const void* data) {
  ensure_registered();
  take_last_failure();
  const int nx = band.GetXSize(), ny = band.GetYSize();
  if (band.RasterIO(GF_Write, 0, 0, nx, ny, const_cast<void*>(data), nx, ny, type, 0, 0) != CE_None) {
    fail("writing a raster band");
  }
}

void read_band(GDALRasterBand& band, GDALDataType type, void* data) {
  ensure_registered();
  take_last_failure();
  const int nx = band.GetXSize(), ny = band.GetYSize();
  if (band.RasterIO(GF_Read, 0, 0, nx, ny, data, nx, ny, type, 0, 0) != CE_None) fail("reading a raster band");
}

void create_copy(GDALDataset& source, const std::string& driver_name, const std::string& path,
                 const std::vector<std::string>& creation_options) {
  ensure_registered();
  take_last_failure();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
  if (driver == nullptr) fail("finding the " + driver_name + " driver");
  CPLStringList options;
  for (const auto& option : creation_options) options.AddString(option.c_str());
  DatasetPtr copy(driver->CreateCopy(path.c_str(), &source, FALSE, options.List(), nullptr, nullptr));
  if (!copy) fail("writing " + path + " (" + driver_name + ")");
  // GDALClose flushes; report a failure raised while flushing (a full disk) rather than losing it.
  copy.reset();
  if (const std::string reason = take_last_failure(); !reason.empty()) {
    throw RuntimeFailure("GDAL: writing " + path + " (" + driver_name + ") failed: " + reason);
  }
}

void fill_nodata(GDALRasterBand& band, double max_distance_px) {
  ensure_registered();
  take_last_failure();
  if (GDALFillNodata(GDALRasterBand::ToHandle(&band), nullptr, max_distance_px, 0, 0, nullptr, nullptr, nullptr) !=
      CE_None) {
    fail("filling nodata cells");
  }
}

OGRSpatialReference spatial_reference(const std::string& definition) {
  ensure_registered();
  take_last_failure();
  OGRSpatialReference srs;
  // The limitations refuse file names and URLs: a CRS definition never makes tarang read a file or the network.
  if (definition.empty() ||
      srs.SetFromUserInput(definition.c_str(), OGRSpatialReference::SET_FROM_USER_INPUT_LIMITATIONS_get()) !=
          OGRERR_NONE) {
    throw std::invalid_argument(with_reason("'" + definition.substr(0, 80) + "' is not a CRS GDAL can interpret"));
  }
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

TransformPtr coordinate_transform(const OGRSpatialReference& from, const OGRSpatialReference& to) {
  ensure_registered();
  take_last_failure();
  TransformPtr transform(OGRCreateCoordinateTransformation(&from, &to));
  if (!transform) {
    throw std::invalid_argument(
        with_reason("no transformation from " + spatial_reference_name(from) + " to " + spatial_reference_name(to)));
  }
  return transform;
}

std::string spatial_reference_name(const OGRSpatialReference& srs) {
  const char* name = srs.GetName();
  return name != nullptr && name[0] != '\0' ? name : "unnamed CRS";
}

}  // namespace tarang::gdal

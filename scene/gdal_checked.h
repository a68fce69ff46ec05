// gdal_checked: the one place tarang sets GDAL/OGR up: registration, error forwarding, RAII handles, open helpers.
#pragma once

#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tarang::gdal {

// Registers all GDAL drivers once per process and installs tarang's error handler, which records messages per thread
// instead of printing them to stderr. Thread-safe; every helper below calls it.
void ensure_registered();

// The most recent failure message (CE_Failure / CE_Fatal) GDAL raised on the calling thread, then forgets it;
// "" when there was none since the last call.
std::string take_last_failure();

// Warnings GDAL raised on the calling thread since the last call, one line each with a repeat count
// ("GDAL: Non closed ring detected. (x3)"), then forgets them. At most 20 distinct messages are kept.
std::vector<std::string> take_warnings();

// Throws RuntimeFailure "GDAL: <operation> failed: <last failure message>".
[[noreturn]] void fail(std::string_view operation);

// While alive, GDAL messages raised on the calling thread are discarded: for expected chatter, such as the reason
// OGRGeometry::IsValid reports for each invalid geometry (which tarang repairs and counts instead).
class QuietScope {
 public:
  QuietScope();
  QuietScope(const QuietScope&) = delete;
  QuietScope& operator=(const QuietScope&) = delete;
  ~QuietScope();
};

struct DatasetCloser {
  void operator()(GDALDataset* dataset) const { GDALClose(GDALDataset::ToHandle(dataset)); }
};
struct FeatureDeleter {
  void operator()(OGRFeature* feature) const { OGRFeature::DestroyFeature(feature); }
};
struct GeometryDeleter {
  void operator()(OGRGeometry* geometry) const { OGRGeometryFactory::destroyGeometry(geometry); }
};
struct TransformDeleter {
  void operator()(OGRCoordinateTransformation* transform) const { OGRCoordinateTransformation::DestroyCT(transform); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;
using GeometryPtr = std::unique_ptr<OGRGeometry, GeometryDeleter>;
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

// Opens a vector source read-only (any OGR format; `open_options` are "KEY=VALUE" driver open options). Throws
// InputError(path, ...) when the file is missing, is a raster, is not a vector format GDAL recognises, or opens with
// an error (GDAL opens a GeoJSON file whose "crs" it cannot interpret as WGS 84, after reporting a failure).
DatasetPtr open_vector(const std::string& path, const std::vector<std::string>& open_options = {});

// Opens a raster read-only. Throws InputError(path, ...) when the file is missing, not a raster GDAL can read, or
// opens with an error.
DatasetPtr open_raster(const std::string& path);

// Runs gdalwarp (GDALWarp) on `source` into an in-memory (MEM) dataset; `arguments` as on the gdalwarp command line
// ("-t_srs", wkt, "-te", ...), without the output format. Throws RuntimeFailure with GDAL's reason.
DatasetPtr warp_in_memory(GDALDataset& source, const std::vector<std::string>& arguments);

// A number as a gdalwarp argument, with all 17 significant digits (so extents and sizes round-trip exactly).
std::string argument_text(double value);

// A new in-memory raster (MEM driver): `bands` bands of `type`, nx x ny pixels, zero-filled. Throws RuntimeFailure.
DatasetPtr create_mem_raster(int nx, int ny, int bands, GDALDataType type);

// Sets a dataset's geotransform (GDAL order) and CRS. Throws RuntimeFailure with GDAL's reason.
void set_georeference(GDALDataset& dataset, const std::array<double, 6>& geotransform, const OGRSpatialReference& crs);

// Writes or reads a whole band as row-major elements of `type` (band x size times band y size of them); GDAL
// converts between `type` and the band's own type. Throws RuntimeFailure with GDAL's reason.
void write_band(GDALRasterBand& band, GDALDataType type, const void* data);
void read_band(GDALRasterBand& band, GDALDataType type, void* data);

// Writes `source` to a new file at `path` with the named driver ("COG", "GTiff", ...) and creation options
// ("KEY=VALUE"), and closes (flushes) it before returning. Throws RuntimeFailure with GDAL's reason; a partly
// written file may remain at `path` (write to a temporary name and rename).
void create_copy(GDALDataset& source, const std::string& driver_name, const std::string& path,
                 const std::vector<std::string>& creation_options);

// Fills the nodata cells of `band` by inverse-distance interpolation from valid cells up to `max_distance_px` away
// (GDALFillNodata, no smoothing). Throws RuntimeFailure with GDAL's reason.
void fill_nodata(GDALRasterBand& band, double max_distance_px);

// A spatial reference from any definition GDAL accepts (WKT, "EPSG:n", PROJ string), with x = east / longitude
// axis order. Throws std::invalid_argument with GDAL's reason for the caller to attach a file to.
OGRSpatialReference spatial_reference(const std::string& definition);

// A transformation between two spatial references. Throws std::invalid_argument with GDAL's reason.
TransformPtr coordinate_transform(const OGRSpatialReference& from, const OGRSpatialReference& to);

// A short human name for a spatial reference ("WGS 84", "ETRS89 / UTM zone 32N"), "unnamed CRS" when it has none.
std::string spatial_reference_name(const OGRSpatialReference& srs);

}  // namespace tarang::gdal

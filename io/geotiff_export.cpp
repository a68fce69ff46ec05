// COG export: the layer goes into a MEM dataset (values, nodata, georeference, metadata), then CreateCopy to COG.
#include "io/geotiff_export.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>

#include "core/error.h"
#include "io/atomic_output.h"
#include "scene/gdal_checked.h"

namespace tarang {
namespace {

// The layer's float values with -inf replaced by kGeoTiffNoSignalValue (NaN stays: it is the nodata value).
std::vector<float> finite_or_nan(const std::vector<float>& values) {
  std::vector<float> out(values);
  for (float& v : out) {
    if (std::isinf(v) && v < 0) v = kGeoTiffNoSignalValue;
  }
  return out;
}

void set_metadata(GDALDataset& dataset, const char* key, const std::string& value) {
  if (dataset.SetMetadataItem(key, value.c_str()) != CE_None) gdal::fail(std::string("setting metadata ") + key);
}

void check_layer_size(const CoverageResult& r, const MapLayer& layer) {
  const std::size_t cells = r.grid.cell_count();
  if ((layer.categorical ? layer.categories.size() : layer.values.size()) != cells || cells == 0) {
    throw std::invalid_argument("write_geotiff: layer " + layer.name + " does not match the grid");
  }
}

}  // namespace

void write_geotiff(const std::string& path, const CoverageResult& r, const MapLayer& layer) {
  check_layer_size(r, layer);
  OGRSpatialReference crs;
  try {
    crs = gdal::spatial_reference(r.grid.crs_wkt);
  } catch (const std::invalid_argument& e) {
    throw RuntimeFailure(std::string("the result's grid CRS: ") + e.what());
  }
  const GDALDataType type = layer.categorical ? GDT_Int32 : GDT_Float32;
  gdal::DatasetPtr mem = gdal::create_mem_raster(r.grid.nx, r.grid.ny, 1, type);
  gdal::set_georeference(*mem, r.grid.geotransform(), crs);
  GDALRasterBand& band = *mem->GetRasterBand(1);
  if (layer.categorical) {
    gdal::write_band(band, GDT_Int32, layer.categories.data());
    if (band.SetNoDataValue(kGeoTiffNoServer) != CE_None) gdal::fail("setting nodata");
  } else {
    gdal::write_band(band, GDT_Float32, finite_or_nan(layer.values).data());
    if (band.SetNoDataValue(std::nan("")) != CE_None) gdal::fail("setting nodata");
    char no_signal[32];
    std::snprintf(no_signal, sizeof no_signal, "%g", kGeoTiffNoSignalValue);
    set_metadata(*mem, "TARANG_NO_SIGNAL_VALUE", no_signal);
  }
  band.SetDescription(layer.title.c_str());
  if (band.SetUnitType(layer.units.c_str()) != CE_None) gdal::fail("setting the unit type");
  set_metadata(*mem, "TARANG_LAYER", layer.name);
  set_metadata(*mem, "TARANG_SCENARIO", r.meta.scenario_name);

  const std::string temp = create_temp_output(path);
  try {
    gdal::create_copy(*mem, "COG", temp,
                      {"COMPRESS=DEFLATE", "PREDICTOR=YES", "BLOCKSIZE=256", "RESAMPLING=NEAREST", "NUM_THREADS=1"});
  } catch (...) {
    discard_temp_output(temp);
    throw;
  }
  commit_temp_output(temp, path);
}

}  // namespace tarang

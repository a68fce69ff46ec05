// Demand GeoTIFF: MEM raster with georeference, then GDAL's COG driver into a temp file that is renamed.
#include "calibration/demand_raster.h"

#include <stdexcept>

#include "core/error.h"
#include "io/atomic_output.h"
#include "scene/gdal_checked.h"

namespace tarang {

void write_demand_geotiff(const std::string& path, const RasterGrid& grid, const std::vector<float>& users_per_km2) {
  if (users_per_km2.size() != grid.cell_count() || users_per_km2.empty()) {
    throw std::invalid_argument("write_demand_geotiff: values do not match the grid");
  }
  OGRSpatialReference crs;
  try {
    crs = gdal::spatial_reference(grid.crs_wkt);
  } catch (const std::invalid_argument& e) {
    throw RuntimeFailure(std::string("the demand grid CRS: ") + e.what());
  }
  gdal::DatasetPtr mem = gdal::create_mem_raster(grid.nx, grid.ny, 1, GDT_Float32);
  gdal::set_georeference(*mem, grid.geotransform(), crs);
  GDALRasterBand& band = *mem->GetRasterBand(1);
  gdal::write_band(band, GDT_Float32, users_per_km2.data());
  band.SetDescription("demand (privatised device density)");
  if (band.SetUnitType("users/km^2") != CE_None) gdal::fail("setting the unit type");
  if (mem->SetMetadataItem("TARANG_LAYER", "demand") != CE_None) gdal::fail("setting metadata");
  const std::string temp = create_temp_output(path);
  try {
    gdal::create_copy(*mem, "COG", temp, {"COMPRESS=DEFLATE", "PREDICTOR=YES", "BLOCKSIZE=256", "NUM_THREADS=1"});
  } catch (...) {
    discard_temp_output(temp);
    throw;
  }
  commit_temp_output(temp, path);
}

}  // namespace tarang

// Terrain DEM: GDAL warp onto the scene grid, nodata fill, bilinear sampling and the terrain mesh.
#include "scene/terrain_dem.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/error.h"
#include "scene/gdal_checked.h"
#include "scene/mesh_builder.h"

namespace tarang {
namespace {

// The DEM's pixel size in the scene CRS, measured at its central pixel (the smaller of the two axes).
double native_spacing_m(const std::string& path, GDALDataset& dem, const double (&geotransform)[6],
                        OGRCoordinateTransformation& to_scene) {
  const double px = std::floor(dem.GetRasterXSize() / 2.0), py = std::floor(dem.GetRasterYSize() / 2.0);
  double x[3], y[3];
  const double offsets[3][2] = {{0, 0}, {1, 0}, {0, 1}};
  for (int k = 0; k < 3; ++k) {
    const double u = px + offsets[k][0], v = py + offsets[k][1];
    x[k] = geotransform[0] + u * geotransform[1] + v * geotransform[2];
    y[k] = geotransform[3] + u * geotransform[4] + v * geotransform[5];
  }
  if (!to_scene.Transform(3, x, y)) throw InputError(path, "its centre cannot be transformed to the scene CRS");
  const double spacing = std::min(std::hypot(x[1] - x[0], y[1] - y[0]), std::hypot(x[2] - x[0], y[2] - y[0]));
  if (!std::isfinite(spacing) || spacing <= 0) throw InputError(path, "has a degenerate pixel size");
  return spacing;
}

int nodes_over(double length_m, double spacing_m) {
  return std::max(2, static_cast<int>(std::ceil(length_m / spacing_m - 1e-9)) + 1);
}

bool inside_ring(const std::vector<PlanPoint>& ring, const PlanPoint& p) {
  bool inside = false;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const PlanPoint& a = ring[i];
    const PlanPoint& b = ring[j];
    if ((a.y_m > p.y_m) != (b.y_m > p.y_m) && p.x_m < (b.x_m - a.x_m) * (p.y_m - a.y_m) / (b.y_m - a.y_m) + a.x_m) {
      inside = !inside;
    }
  }
  return inside;
}

bool inside_polygon(const FootprintPolygon& polygon, const PlanPoint& p) {
  if (!inside_ring(polygon.outer, p)) return false;
  return std::none_of(polygon.holes.begin(), polygon.holes.end(),
                      [&](const auto& hole) { return inside_ring(hole, p); });
}

// Grid indices 0, stride, 2 stride, ... and always the last one.
std::vector<int> strided(int count, int stride) {
  std::vector<int> out;
  for (int i = 0; i < count - 1; i += stride) out.push_back(i);
  out.push_back(count - 1);
  return out;
}

}  // namespace

TerrainDem::TerrainDem(double x0_m, double y0_m, double spacing_m, int columns, int rows, std::vector<float> heights_m)
    : x0_m_(x0_m),
      y0_m_(y0_m),
      spacing_m_(spacing_m),
      columns_(columns),
      rows_(rows),
      heights_m_(std::move(heights_m)) {
  if (columns < 2 || rows < 2 || !(spacing_m > 0) ||
      heights_m_.size() != static_cast<std::size_t>(columns) * static_cast<std::size_t>(rows)) {
    throw std::invalid_argument("terrain grid needs at least 2 x 2 nodes, a positive spacing and one height per node");
  }
  if (!std::all_of(heights_m_.begin(), heights_m_.end(), [](float h) { return std::isfinite(h); })) {
    throw std::invalid_argument("terrain grid heights must be finite");
  }
}

double TerrainDem::height_at(double x_m, double y_m) const {
  const double fx = std::clamp((x_m - x0_m_) / spacing_m_, 0.0, columns_ - 1.0);
  const double fy = std::clamp((y_m - y0_m_) / spacing_m_, 0.0, rows_ - 1.0);
  const int i = std::min(static_cast<int>(fx), columns_ - 2), j = std::min(static_cast<int>(fy), rows_ - 2);
  const double tx = fx - i, ty = fy - j;
  const double south = (1 - tx) * node_height_m(i, j) + tx * node_height_m(i + 1, j);
  const double north = (1 - tx) * node_height_m(i, j + 1) + tx * node_height_m(i + 1, j + 1);
  return (1 - ty) * south + ty * north;
}

double TerrainDem::min_height_under(const FootprintPolygon& polygon) const {
  double lowest = std::numeric_limits<double>::infinity();
  PlanExtent box;
  auto visit_ring = [&](const std::vector<PlanPoint>& ring) {
    for (const PlanPoint& p : ring) {
      lowest = std::min(lowest, height_at(p.x_m, p.y_m));
      box.add(p);
    }
  };
  visit_ring(polygon.outer);
  for (const auto& hole : polygon.holes) visit_ring(hole);
  const int i0 = std::max(0, static_cast<int>(std::ceil((box.xmin_m - x0_m_) / spacing_m_)));
  const int i1 = std::min(columns_ - 1, static_cast<int>(std::floor((box.xmax_m - x0_m_) / spacing_m_)));
  const int j0 = std::max(0, static_cast<int>(std::ceil((box.ymin_m - y0_m_) / spacing_m_)));
  const int j1 = std::min(rows_ - 1, static_cast<int>(std::floor((box.ymax_m - y0_m_) / spacing_m_)));
  for (int j = j0; j <= j1; ++j) {
    for (int i = i0; i <= i1; ++i) {
      if (inside_polygon(polygon, node(i, j))) lowest = std::min(lowest, node_height_m(i, j));
    }
  }
  return lowest;
}

TerrainDem read_terrain_dem(const std::string& path, const std::string& scene_crs_wkt, const PlanExtent& extent,
                            const DemOptions& options, SceneBuildStats& stats) {
  if (extent.empty()) throw std::invalid_argument("read_terrain_dem: empty scene extent");
  if (options.max_nodes_per_side < 2) throw std::invalid_argument("read_terrain_dem: max_nodes_per_side below 2");
  gdal::DatasetPtr dem = gdal::open_raster(path);
  const OGRSpatialReference* dem_srs = dem->GetSpatialRef();
  double geotransform[6];
  if (dem_srs == nullptr) throw InputError(path, "has no coordinate reference system");
  if (dem->GetGeoTransform(geotransform) != CE_None) throw InputError(path, "is not georeferenced (no geotransform)");
  OGRSpatialReference source(*dem_srs);
  source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  const OGRSpatialReference scene = gdal::spatial_reference(scene_crs_wkt);
  gdal::TransformPtr to_scene;
  try {
    to_scene = gdal::coordinate_transform(source, scene);
  } catch (const std::invalid_argument& e) {
    throw InputError(path, e.what());
  }

  double spacing =
      options.resolution_m > 0 ? options.resolution_m : native_spacing_m(path, *dem, geotransform, *to_scene);
  const double width = extent.xmax_m - extent.xmin_m, height = extent.ymax_m - extent.ymin_m;
  if (std::max(nodes_over(width, spacing), nodes_over(height, spacing)) > options.max_nodes_per_side) {
    spacing = std::max(width, height) / (options.max_nodes_per_side - 1);
    stats.warnings.push_back("DEM " + path + ": grid coarsened to " + gdal::argument_text(spacing) + " m (at most " +
                             std::to_string(options.max_nodes_per_side) + " nodes per side)");
  }
  const int columns = nodes_over(width, spacing), rows = nodes_over(height, spacing);
  // Pixel-is-area: node (i, j) is the centre of output pixel (i, rows - 1 - j).
  const double half = spacing / 2;
  gdal::DatasetPtr grid = gdal::warp_in_memory(
      *dem, {"-t_srs", scene_crs_wkt, "-te", gdal::argument_text(extent.xmin_m - half), gdal::argument_text(extent.ymin_m - half),
             gdal::argument_text(extent.xmin_m + (columns - 1) * spacing + half),
             gdal::argument_text(extent.ymin_m + (rows - 1) * spacing + half), "-ts", std::to_string(columns),
             std::to_string(rows), "-r", "bilinear", "-ot", "Float32", "-dstnodata", "nan"});
  GDALRasterBand* band = grid->GetRasterBand(1);
  std::vector<float> north_first(static_cast<std::size_t>(columns) * rows);
  auto read_band = [&] {
    if (band->RasterIO(GF_Read, 0, 0, columns, rows, north_first.data(), columns, rows, GDT_Float32, 0, 0, nullptr) !=
        CE_None) {
      gdal::fail("reading the warped DEM");
    }
  };
  read_band();
  const auto missing = [&] {
    return static_cast<std::size_t>(
        std::count_if(north_first.begin(), north_first.end(), [](float h) { return !std::isfinite(h); }));
  };
  const std::size_t holes = missing();
  if (holes == north_first.size()) {
    throw InputError(path, "has no data over the scene extent (" + gdal::argument_text(extent.xmin_m) + ", " +
                               gdal::argument_text(extent.ymin_m) + ") - (" + gdal::argument_text(extent.xmax_m) + ", " +
                               gdal::argument_text(extent.ymax_m) + ") m");
  }
  if (holes > 0) {
    gdal::fill_nodata(*band, std::max(columns, rows));
    read_band();
    const std::size_t left = missing();
    if (left > 0) {  // beyond GDALFillNodata's reach: the lowest valid height, a conservative ground
      float lowest = std::numeric_limits<float>::infinity();
      for (float h : north_first) lowest = std::isfinite(h) ? std::min(lowest, h) : lowest;
      for (float& h : north_first) h = std::isfinite(h) ? h : lowest;
    }
    stats.warnings.push_back("DEM " + path + ": " + std::to_string(holes) + " of " +
                             std::to_string(north_first.size()) +
                             " grid cells had no data (nodata or outside the DEM) and were filled by interpolation");
  }
  std::vector<float> south_first(north_first.size());
  for (int j = 0; j < rows; ++j) {
    std::copy_n(north_first.begin() + static_cast<std::ptrdiff_t>(rows - 1 - j) * columns, columns,
                south_first.begin() + static_cast<std::ptrdiff_t>(j) * columns);
  }
  for (std::string& warning : gdal::take_warnings()) stats.warnings.push_back(std::move(warning));
  return TerrainDem(extent.xmin_m, extent.ymin_m, spacing, columns, rows, std::move(south_first));
}

void append_terrain_mesh(const TerrainDem& terrain, const TerrainMeshOptions& options, SceneMesh& mesh) {
  if (options.stride < 1) throw std::invalid_argument("terrain mesh stride must be at least 1");
  MeshBuilder builder(mesh);
  const std::uint16_t material = builder.material(options.material);
  const std::uint32_t object = builder.add_object(options.object_name);
  const std::vector<int> is = strided(terrain.columns(), options.stride);
  const std::vector<int> js = strided(terrain.rows(), options.stride);
  const std::uint32_t first = builder.vertex_count();
  for (const int j : js) {
    for (const int i : is) {
      const PlanPoint p = terrain.node(i, j);
      builder.add_vertex(p.x_m, p.y_m, terrain.node_height_m(i, j));
    }
  }
  const auto stride_i = static_cast<std::uint32_t>(is.size());
  for (std::uint32_t b = 0; b + 1 < js.size(); ++b) {
    for (std::uint32_t a = 0; a + 1 < stride_i; ++a) {
      const std::uint32_t sw = first + b * stride_i + a, se = sw + 1, nw = sw + stride_i, ne = nw + 1;
      builder.add_triangle(sw, se, ne, material, object);
      builder.add_triangle(sw, ne, nw, material, object);
    }
  }
}

}  // namespace tarang

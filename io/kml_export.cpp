// KMZ export: colour the layer, warp it to EPSG:4326 through GDAL (the warped extent becomes the LatLonBox), write
// the KML with pugixml and zip everything with ZipWriter.
#include "io/kml_export.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "core/error.h"
#include "io/atomic_output.h"
#include "io/png_codec.h"
#include "io/zip_writer.h"
#include "scene/crs.h"
#include "scene/gdal_checked.h"

namespace tarang {
namespace {

constexpr int kEdgeSamples = 64;        // points per grid edge when bounding the grid in lon/lat
constexpr int kTargetOverlayPx = 1024;  // oversample small grids up to about this many pixels a side
constexpr int kMaxOversample = 4;
constexpr int kMaxOverlayPx = 4096;  // larger grids are resampled down to about this many pixels a side
constexpr double kAzimuthLineFraction = 0.06;  // sector azimuth lines: this fraction of the grid's longer side

struct LonLatBox {
  double west = 0, south = 0, east = 0, north = 0;
};

std::string number(double v, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, v);
  return text;
}

std::string full_precision(double v) {
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

// Lon/lat of points along the grid's four edges (corners included).
std::vector<LonLat> edge_lonlat(const RasterGrid& g) {
  const double east = g.west_m + g.nx * g.cell_m, south = g.north_m - g.ny * g.cell_m;
  std::vector<ProjectedPoint> points;
  for (int i = 0; i <= kEdgeSamples; ++i) {
    const double f = static_cast<double>(i) / kEdgeSamples;
    const double x = g.west_m + f * (east - g.west_m), y = g.north_m + f * (south - g.north_m);
    points.insert(points.end(), {{x, g.north_m}, {x, south}, {g.west_m, y}, {east, y}});
  }
  return projected_to_lonlat(points, g.crs_wkt);
}

LonLatBox bounding_box(const std::vector<LonLat>& points) {
  LonLatBox box{points.front().lon_deg, points.front().lat_deg, points.front().lon_deg, points.front().lat_deg};
  for (const LonLat& p : points) {
    box.west = std::min(box.west, p.lon_deg), box.east = std::max(box.east, p.lon_deg);
    box.south = std::min(box.south, p.lat_deg), box.north = std::max(box.north, p.lat_deg);
  }
  return box;
}

// The layer's colours as a 4-band byte MEM raster on the grid, band 4 alpha (0 where not computed).
gdal::DatasetPtr colored_source(const CoverageResult& r, const MapLayer& layer, const MapStyle& style) {
  LayerColoring coloring = map_coloring(layer, style);
  coloring.not_computed = kTransparent;
  const RasterGrid& g = r.grid;
  const std::size_t cells = g.cell_count();
  std::vector<std::vector<std::uint8_t>> bands(4, std::vector<std::uint8_t>(cells));
  for (std::size_t c = 0; c < cells; ++c) {
    const Rgba color = coloring.color(layer, c);
    bands[0][c] = color.r, bands[1][c] = color.g, bands[2][c] = color.b, bands[3][c] = color.a;
  }
  gdal::DatasetPtr source = gdal::create_mem_raster(g.nx, g.ny, 4, GDT_Byte);
  gdal::set_georeference(*source, g.geotransform(), gdal::spatial_reference(g.crs_wkt));
  for (int b = 0; b < 4; ++b) gdal::write_band(*source->GetRasterBand(b + 1), GDT_Byte, bands[b].data());
  if (source->GetRasterBand(4)->SetColorInterpretation(GCI_AlphaBand) != CE_None) gdal::fail("marking the alpha band");
  return source;
}

struct Overlay {
  std::string png;
  LonLatBox box;  // the warped image's exact extent
};

Overlay warped_overlay(const CoverageResult& r, const MapLayer& layer, const MapStyle& style) {
  const RasterGrid& g = r.grid;
  const std::vector<LonLat> edges = edge_lonlat(g);
  const LonLatBox box = bounding_box(edges);
  // Edge points are interleaved north, south, west, east per sample; the middle sample spans the grid's width and
  // height in degrees, which sets an output pixel size close to a grid cell divided by the oversampling factor.
  const std::size_t mid = 4 * (kEdgeSamples / 2);
  const double width_deg = edges[mid + 3].lon_deg - edges[mid + 2].lon_deg;
  const double height_deg = edges[mid].lat_deg - edges[mid + 1].lat_deg;
  const int longest = std::max(g.nx, g.ny);
  const double scale = longest < kTargetOverlayPx ? std::min(kTargetOverlayPx / longest, kMaxOversample)
                                                  : std::min(1.0, static_cast<double>(kMaxOverlayPx) / longest);
  const int out_w = std::max(1, static_cast<int>(std::ceil(scale * g.nx * (box.east - box.west) / width_deg)));
  const int out_h = std::max(1, static_cast<int>(std::ceil(scale * g.ny * (box.north - box.south) / height_deg)));

  gdal::DatasetPtr source = colored_source(r, layer, style);
  gdal::DatasetPtr warped =
      gdal::warp_in_memory(*source, {"-t_srs", "EPSG:4326", "-te", full_precision(box.west), full_precision(box.south),
                                     full_precision(box.east), full_precision(box.north), "-ts", std::to_string(out_w),
                                     std::to_string(out_h), "-r", "near", "-srcalpha", "-dstalpha"});
  if (warped->GetRasterCount() != 4) throw RuntimeFailure("GDAL: the warped overlay does not have 4 bands");
  const int w = warped->GetRasterXSize(), h = warped->GetRasterYSize();
  std::vector<std::vector<std::uint8_t>> bands(4, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h));
  for (int b = 0; b < 4; ++b) gdal::read_band(*warped->GetRasterBand(b + 1), GDT_Byte, bands[b].data());
  RasterCanvas canvas(w, h, kTransparent);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const std::size_t i = static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + x;
      canvas.set(x, y, {bands[0][i], bands[1][i], bands[2][i], bands[3][i]});
    }
  }
  std::array<double, 6> gt{};
  if (warped->GetGeoTransform(gt.data()) != CE_None) gdal::fail("reading the warped geotransform");
  return Overlay{encode_png(canvas), LonLatBox{gt[0], gt[3] + h * gt[5], gt[0] + w * gt[1], gt[3]}};
}

pugi::xml_node add_text(pugi::xml_node parent, const char* name, const std::string& text) {
  pugi::xml_node node = parent.append_child(name);
  node.text().set(text.c_str());
  return node;
}

void add_xy(pugi::xml_node parent, const char* name, const char* x, const char* y, const char* units) {
  pugi::xml_node node = parent.append_child(name);
  node.append_attribute("x") = x, node.append_attribute("y") = y;
  node.append_attribute("xunits") = units, node.append_attribute("yunits") = units;
}

std::string coordinates(const LonLat& p) { return number(p.lon_deg, 8) + "," + number(p.lat_deg, 8) + ",0"; }

std::string sector_summary(const SectorRecord& s) {
  return "azimuth " + number(s.azimuth_deg, 1) + "\u00b0, tilt " + number(s.tilt_deg, 1) + "\u00b0, " +
         number(s.power_dbm, 1) + " dBm, " + number(s.frequency_hz / 1e9, 3) + " GHz";
}

void add_sites(pugi::xml_node document, const CoverageResult& r) {
  const RasterGrid& g = r.grid;
  const double line_m = kAzimuthLineFraction * std::max(g.nx, g.ny) * g.cell_m;
  constexpr double kPi = 3.14159265358979323846;
  std::vector<ProjectedPoint> points;  // per sector: antenna, end of its azimuth line
  for (const SectorRecord& s : r.sectors) {
    const double az = s.azimuth_deg * kPi / 180;
    points.push_back({s.x_m, s.y_m});
    points.push_back({s.x_m + line_m * std::sin(az), s.y_m + line_m * std::cos(az)});
  }
  const std::vector<LonLat> lonlat = projected_to_lonlat(points, g.crs_wkt);

  pugi::xml_node sites = document.append_child("Folder");
  add_text(sites, "name", "Sites");
  pugi::xml_node azimuths = document.append_child("Folder");
  add_text(azimuths, "name", "Sector azimuths");
  std::map<std::string, pugi::xml_node> site_data;  // site id -> its ExtendedData
  for (std::size_t i = 0; i < r.sectors.size(); ++i) {
    const SectorRecord& s = r.sectors[i];
    auto [it, first] = site_data.try_emplace(s.site_id);
    if (first) {
      pugi::xml_node placemark = sites.append_child("Placemark");
      add_text(placemark, "name", s.site_id);
      it->second = placemark.append_child("ExtendedData");
      add_text(placemark.append_child("Point"), "coordinates", coordinates(lonlat[2 * i]));
    }
    pugi::xml_node data = it->second.append_child("Data");
    data.append_attribute("name") = s.id.c_str();
    add_text(data, "value", sector_summary(s));

    pugi::xml_node line = azimuths.append_child("Placemark");
    add_text(line, "name", s.id);
    add_text(line, "description", sector_summary(s));
    add_text(line, "styleUrl", "#azimuth");
    add_text(line.append_child("LineString"), "coordinates",
             coordinates(lonlat[2 * i]) + " " + coordinates(lonlat[2 * i + 1]));
  }
}

std::string kml_document(const CoverageResult& r, const MapLayer& layer, const LonLatBox& box) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0", decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node kml = doc.append_child("kml");
  kml.append_attribute("xmlns") = "http://www.opengis.net/kml/2.2";
  pugi::xml_node document = kml.append_child("Document");
  const std::string title = layer.title + (layer.units.empty() ? "" : " (" + layer.units + ")");
  add_text(document, "name", r.meta.scenario_name + " \u2014 " + title);
  add_text(document, "description", "tarang " + r.meta.tarang_version + " result of " + r.meta.created_utc);
  pugi::xml_node style = document.append_child("Style");
  style.append_attribute("id") = "azimuth";
  pugi::xml_node line_style = style.append_child("LineStyle");
  add_text(line_style, "color", "ff000000");
  add_text(line_style, "width", "2");

  pugi::xml_node ground = document.append_child("GroundOverlay");
  add_text(ground, "name", title);
  add_text(ground.append_child("Icon"), "href", "overlay.png");
  pugi::xml_node latlon = ground.append_child("LatLonBox");
  add_text(latlon, "north", full_precision(box.north));
  add_text(latlon, "south", full_precision(box.south));
  add_text(latlon, "east", full_precision(box.east));
  add_text(latlon, "west", full_precision(box.west));

  pugi::xml_node screen = document.append_child("ScreenOverlay");
  add_text(screen, "name", "Legend");
  add_text(screen.append_child("Icon"), "href", "legend.png");
  add_xy(screen, "overlayXY", "0", "1", "fraction");
  add_xy(screen, "screenXY", "0.01", "0.99", "fraction");
  add_xy(screen, "size", "0", "0", "pixels");

  add_sites(document, r);
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

}  // namespace

void write_kmz(const std::string& path, const CoverageResult& r, const MapLayer& layer, const MapStyle& style) {
  Overlay overlay;
  std::string kml, legend;
  try {
    overlay = warped_overlay(r, layer, style);
    kml = kml_document(r, layer, overlay.box);
    legend = encode_png(render_legend(r, layer, style));
  } catch (const RuntimeFailure&) {
    throw;
  } catch (const std::exception& e) {  // the grid CRS, as PROJ or GDAL reports it
    throw RuntimeFailure(std::string("KMZ export: ") + e.what());
  }
  const std::string temp = create_temp_output(path);
  try {
    ZipWriter zip(temp);
    zip.add("doc.kml", kml);
    zip.add("overlay.png", overlay.png);
    zip.add("legend.png", legend);
    zip.close();
  } catch (...) {
    discard_temp_output(temp);
    throw;
  }
  commit_temp_output(temp, path);
}

}  // namespace tarang

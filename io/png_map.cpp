// Map layout and drawing: raster by nearest cell, legend panel on the right, overlays (buildings, sites, scale bar,
// north arrow) on the map, title above and a footer below.
#include "io/png_map.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/atomic_output.h"
#include "io/png_codec.h"
#include "io/text_renderer.h"

namespace tarang {
namespace {

constexpr int kMargin = 16;
constexpr int kTitleBand = 44;  // title baseline at 30
constexpr int kTitlePx = 20;
constexpr int kHeadingPx = 13;
constexpr int kLabelPx = 12;
constexpr int kPanelGap = 22;
constexpr int kPanelHeading = 24;  // units or "Sector" above the legend body
constexpr int kBarWidth = 18;
constexpr int kSwatch = 12;
constexpr int kRow = 18;  // legend row pitch
constexpr int kFooterBand = 28;
constexpr int kMinPanelHeight = 260;
constexpr int kLegendOnlyHeight = 260;
constexpr int kColorbarTicks = 6;
constexpr std::size_t kMaxIdChars = 24;

constexpr Rgba kPaper = {255, 255, 255, 255};
constexpr Rgba kInk = {25, 25, 25, 255};
constexpr Rgba kFrame = {70, 70, 70, 255};
constexpr Rgba kBuilding = {128, 128, 128, 255};
constexpr Rgba kPanelWhite = {255, 255, 255, 210};

struct Fonts {
  TextRenderer regular{dejavu_font_path(FontWeight::Regular)};
  TextRenderer bold{dejavu_font_path(FontWeight::Bold)};
};

void check_layer(const CoverageResult& r, const MapLayer& layer) {
  const std::size_t cells = r.grid.cell_count();
  if (cells == 0 || (layer.categorical ? layer.categories.size() : layer.values.size()) != cells) {
    throw std::invalid_argument("png map: layer " + layer.name + " does not match the grid");
  }
}

double pixels_per_cell(const RasterGrid& g, int max_map_px) {
  const double s = static_cast<double>(std::max(max_map_px, 1)) / std::max(g.nx, g.ny);
  return s >= 1 ? std::floor(s) : s;
}

std::string default_title(const CoverageResult& r, const MapLayer& layer, const MapStyle& style) {
  if (!style.title.empty()) return style.title;
  std::string title = layer.title + (layer.units.empty() ? "" : " (" + layer.units + ")");
  return r.meta.scenario_name.empty() ? title : title + " \u2014 " + r.meta.scenario_name;
}

// At most kMaxIdChars bytes: longer ids are cut at a UTF-8 character boundary and end in an ellipsis.
std::string shortened(const std::string& id) {
  if (id.size() <= kMaxIdChars) return id;
  std::size_t cut = kMaxIdChars - 3;  // room for the 3-byte ellipsis
  while (cut > 0 && (static_cast<unsigned char>(id[cut]) & 0xC0) == 0x80) --cut;
  return id.substr(0, cut) + "\u2026";
}

// Legend rows for special values, in drawing order.
std::vector<std::pair<Rgba, std::string>> special_rows(const MapLayer& layer, const LayerColoring& coloring) {
  const SpecialCells s = special_cells(layer);
  std::vector<std::pair<Rgba, std::string>> rows;
  if (s.no_signal) rows.emplace_back(kNoSignalColor, "no signal");
  if (s.not_computed) rows.emplace_back(coloring.not_computed, layer.categorical ? "no server" : "not computed");
  return rows;
}

std::string legend_heading(const MapLayer& layer) { return layer.categorical ? "Sector" : layer.units; }

int legend_width(const Fonts& f, const CoverageResult& r, const MapLayer& layer, const LayerColoring& coloring) {
  int w = f.bold.measure(legend_heading(layer), kHeadingPx);
  for (const auto& [color, text] : special_rows(layer, coloring)) {
    w = std::max(w, kSwatch + 6 + f.regular.measure(text, kLabelPx));
  }
  if (layer.categorical) {
    for (const SectorRecord& s : r.sectors) w = std::max(w, kSwatch + 6 + f.regular.measure(shortened(s.id), kLabelPx));
    w = std::max(w, f.regular.measure("+9999 more", kLabelPx));
  } else {
    const double step = nice_step(coloring.range, kColorbarTicks);
    for (double v : nice_ticks(coloring.range, kColorbarTicks)) {
      w = std::max(w, kBarWidth + 8 + f.regular.measure(tick_label(v, step), kLabelPx));
    }
  }
  return w;
}

// The legend body (colour bar or sector rows) inside a legend panel whose top-left is (x, y) and height h.
PixelRect legend_body(const MapLayer& layer, const LayerColoring& coloring, int x, int y, int w, int h) {
  const int specials = static_cast<int>(special_rows(layer, coloring).size());
  const int body_h = h - kPanelHeading - (layer.categorical ? 0 : specials * kRow + (specials > 0 ? 8 : 0));
  return {x, y + kPanelHeading, layer.categorical ? w : kBarWidth, std::max(body_h, kRow)};
}

// A "nice" length (1, 2 or 5 x 10^k m) of at most target_m.
double nice_length_m(double target_m) {
  const double decade = std::pow(10.0, std::floor(std::log10(target_m)));
  for (double m : {5.0, 2.0, 1.0}) {
    if (m * decade <= target_m) return m * decade;
  }
  return decade;
}

std::string length_label(double length_m) {
  char text[32];
  if (length_m >= 1000) {
    std::snprintf(text, sizeof text, "%g km", length_m / 1000);
  } else {
    std::snprintf(text, sizeof text, "%g m", length_m);
  }
  return text;
}

struct ScaleBar {
  double length_m = 0;
  PixelRect bar;
};

ScaleBar scale_bar(const RasterGrid& g, const PixelRect& map, double px_per_cell) {
  const double m_per_px = g.cell_m / px_per_cell;
  ScaleBar s;
  s.length_m = nice_length_m(map.w / 4.0 * m_per_px);
  const int bar_px = std::max(1, static_cast<int>(std::lround(s.length_m / m_per_px)));
  s.bar = {map.x + 14, map.y + map.h - 14 - 6, bar_px, 6};
  return s;
}

std::string crs_label(const RasterGrid& g) {
  try {
    return resolve_projected_crs(g.crs_wkt).name;
  } catch (const std::exception&) {
    return "unrecognised CRS";
  }
}

// "CRS · NX × NY cells of C m · tarang VERSION" under the map.
std::string footer_text(const CoverageResult& r) {
  const RasterGrid& g = r.grid;
  char grid_text[96];
  std::snprintf(grid_text, sizeof grid_text, " \u00b7 %d \u00d7 %d cells of %g m \u00b7 tarang ", g.nx, g.ny, g.cell_m);
  return crs_label(g) + grid_text + r.meta.tarang_version;
}

MapLayout compute_layout(const Fonts& f, const CoverageResult& r, const MapLayer& layer, const MapStyle& style,
                         const LayerColoring& coloring) {
  MapLayout l;
  const RasterGrid& g = r.grid;
  l.px_per_cell = pixels_per_cell(g, style.max_map_px);
  l.map = {kMargin, kTitleBand, std::max(1, static_cast<int>(std::lround(g.nx * l.px_per_cell))),
           std::max(1, static_cast<int>(std::lround(g.ny * l.px_per_cell)))};
  const int panel_h = std::max(l.map.h, kMinPanelHeight);
  const int panel_x = l.map.x + l.map.w + kPanelGap;
  const int panel_w = legend_width(f, r, layer, coloring);
  l.width =
      std::max({panel_x + panel_w + kMargin, 2 * kMargin + f.bold.measure(default_title(r, layer, style), kTitlePx),
                2 * kMargin + f.regular.measure(footer_text(r), kLabelPx)});
  l.height = kTitleBand + panel_h + kFooterBand;
  l.title = {0, 0, l.width, kTitleBand};
  l.colorbar = legend_body(layer, coloring, panel_x, l.map.y, panel_w, panel_h);
  l.scale_bar = scale_bar(g, l.map, l.px_per_cell).bar;
  l.north_arrow = {l.map.x + l.map.w - 10 - 34, l.map.y + 10, 34, 52};
  return l;
}

void draw_raster(RasterCanvas& canvas, const CoverageResult& r, const MapLayer& layer, const LayerColoring& coloring,
                 const MapLayout& l) {
  const RasterGrid& g = r.grid;
  for (int py = 0; py < l.map.h; ++py) {
    const int row = std::min(g.ny - 1, static_cast<int>((py + 0.5) / l.px_per_cell));
    for (int px = 0; px < l.map.w; ++px) {
      const int col = std::min(g.nx - 1, static_cast<int>((px + 0.5) / l.px_per_cell));
      canvas.set(l.map.x + px, l.map.y + py,
                 coloring.color(layer, static_cast<std::size_t>(row) * static_cast<std::size_t>(g.nx) + col));
    }
  }
}

PixelPoint to_pixel(const RasterGrid& g, const MapLayout& l, double x_m, double y_m) {
  const double px_per_m = l.px_per_cell / g.cell_m;
  return {l.map.x + (x_m - g.west_m) * px_per_m, l.map.y + (g.north_m - y_m) * px_per_m};
}

void draw_buildings(RasterCanvas& canvas, const RasterGrid& g, const MapLayout& l,
                    const std::vector<FootprintPolygon>& footprints) {
  for (const FootprintPolygon& polygon : footprints) {
    std::vector<std::vector<PixelPoint>> rings;
    for (const auto& ring : polygon) {
      auto& out = rings.emplace_back();
      for (const ProjectedPoint& p : ring) out.push_back(to_pixel(g, l, p.x_m, p.y_m));
    }
    canvas.fill_polygon(rings, kBuilding);
  }
}

void draw_sites(RasterCanvas& canvas, const Fonts& f, const CoverageResult& r, const MapLayout& l) {
  constexpr double kPi = 3.14159265358979323846;
  std::map<std::string, PixelPoint> sites;  // site id -> position
  for (const SectorRecord& s : r.sectors) {
    const PixelPoint p = to_pixel(r.grid, l, s.x_m, s.y_m);
    sites.emplace(s.site_id, p);
    const double az = s.azimuth_deg * kPi / 180;
    const PixelPoint tip{p.x + 16 * std::sin(az), p.y - 16 * std::cos(az)};
    canvas.draw_line(p, tip, 4, kPaper);
    canvas.draw_line(p, tip, 2, kInk);
  }
  for (const auto& [id, p] : sites) {
    canvas.fill_disc(p, 5.5, kPaper);
    canvas.fill_disc(p, 3.5, kInk);
    f.regular.draw_with_halo(canvas, static_cast<int>(p.x) + 8, static_cast<int>(p.y) - 6, shortened(id), kLabelPx,
                             kInk, kPaper);
  }
}

void draw_scale_bar(RasterCanvas& canvas, const Fonts& f, const CoverageResult& r, const MapLayout& l) {
  const ScaleBar s = scale_bar(r.grid, l.map, l.px_per_cell);
  const std::string label = length_label(s.length_m);
  const PixelRect& b = s.bar;
  canvas.fill_rect(b.x - 6, b.y - 20, std::max(b.w, f.regular.measure(label, kLabelPx)) + 12, b.h + 26, kPanelWhite);
  canvas.fill_rect(b.x, b.y, b.w / 2, b.h, kInk);
  canvas.fill_rect(b.x + b.w / 2, b.y, b.w - b.w / 2, b.h, kPaper);
  canvas.stroke_rect(b.x, b.y, b.w, b.h, kInk);
  f.regular.draw(canvas, b.x, b.y - 5, label, kLabelPx, kInk);
}

void draw_north_arrow(RasterCanvas& canvas, const Fonts& f, const RasterGrid& g, const PixelRect& box) {
  canvas.fill_rect(box.x, box.y, box.w, box.h, kPanelWhite);
  const double angle = true_north_deg(g) * 3.14159265358979323846 / 180;
  const PixelPoint c{box.x + box.w / 2.0, box.y + box.h - 19.0};
  const double s = std::sin(angle), k = std::cos(angle);
  auto at = [&](double along, double across) {
    return PixelPoint{c.x + along * s + across * k, c.y - along * k + across * s};
  };
  canvas.fill_polygon({at(14, 0), at(-12, 8), at(-6, 0)}, kInk);
  canvas.fill_polygon({at(14, 0), at(-6, 0), at(-12, -8)}, kFrame);
  const int n_width = f.bold.measure("N", kHeadingPx);
  f.bold.draw(canvas, box.x + (box.w - n_width) / 2, box.y + 15, "N", kHeadingPx, kInk);
}

// The legend panel: heading, then the colour bar with ticks or the sector rows, then special-value rows.
void draw_legend(RasterCanvas& canvas, const Fonts& f, const CoverageResult& r, const MapLayer& layer,
                 const LayerColoring& coloring, const PixelRect& body) {
  f.bold.draw(canvas, body.x, body.y - 9, legend_heading(layer), kHeadingPx, kInk);
  const int cap = f.regular.cap_height(kLabelPx);
  auto row = [&](int y, Rgba color, const std::string& text) {
    canvas.fill_rect(body.x, y, kSwatch, kSwatch, color);
    canvas.stroke_rect(body.x, y, kSwatch, kSwatch, kFrame);
    f.regular.draw(canvas, body.x + kSwatch + 6, y + (kSwatch + cap) / 2, text, kLabelPx, kInk);
  };
  const auto specials = special_rows(layer, coloring);
  if (layer.categorical) {
    const int rows = body.h / kRow;
    const int listed = static_cast<int>(r.sectors.size()) + static_cast<int>(specials.size()) <= rows
                           ? static_cast<int>(r.sectors.size())
                           : std::max(0, rows - 1 - static_cast<int>(specials.size()));
    int y = body.y;
    for (int i = 0; i < listed; ++i, y += kRow) row(y, categorical_color(i), shortened(r.sectors[i].id));
    if (listed < static_cast<int>(r.sectors.size())) {
      const std::string more = std::string("+").append(std::to_string(r.sectors.size() - listed)).append(" more");
      f.regular.draw(canvas, body.x, y + cap + 2, more, kLabelPx, kInk);
      y += kRow;
    }
    for (const auto& [color, text] : specials) row(y, color, text), y += kRow;
    return;
  }
  for (int y = 0; y < body.h; ++y) {
    canvas.fill_rect(body.x, body.y + y, body.w, 1, viridis(1.0 - (y + 0.5) / body.h));
  }
  canvas.stroke_rect(body.x - 1, body.y - 1, body.w + 2, body.h + 2, kFrame);
  const double step = nice_step(coloring.range, kColorbarTicks);
  for (double v : nice_ticks(coloring.range, kColorbarTicks)) {
    const int y = body.y + static_cast<int>(std::lround((1 - coloring.range.fraction(v)) * (body.h - 1)));
    canvas.fill_rect(body.x + body.w, y, 4, 1, kFrame);
    f.regular.draw(canvas, body.x + body.w + 8, y + cap / 2, tick_label(v, step), kLabelPx, kInk);
  }
  int y = body.y + body.h + 10;
  for (const auto& [color, text] : specials) row(y, color, text), y += kRow;
}

}  // namespace

double true_north_deg(const RasterGrid& g) {
  try {
    const double xc = g.west_m + g.nx * g.cell_m / 2, yc = g.north_m - g.ny * g.cell_m / 2;
    const LonLat centre = projected_to_lonlat(xc, yc, g.crs_wkt);
    const double dlat = std::min(0.01, 89.9 - centre.lat_deg);
    const ProjectedPoint north = lonlat_to_projected(centre.lon_deg, centre.lat_deg + dlat, g.crs_wkt);
    return std::atan2(north.x_m - xc, north.y_m - yc) * 180 / 3.14159265358979323846;
  } catch (const std::exception&) {
    return 0;
  }
}

LayerColoring map_coloring(const MapLayer& layer, const MapStyle& style) {
  LayerColoring coloring = default_coloring(layer);
  if (style.range && !layer.categorical) coloring.range = *style.range;
  return coloring;
}

MapLayout map_layout(const CoverageResult& r, const MapLayer& layer, const MapStyle& style) {
  check_layer(r, layer);
  const Fonts fonts;
  return compute_layout(fonts, r, layer, style, map_coloring(layer, style));
}

RasterCanvas render_map(const CoverageResult& r, const MapLayer& layer, const MapStyle& style) {
  check_layer(r, layer);
  const Fonts f;
  const LayerColoring coloring = map_coloring(layer, style);
  const MapLayout l = compute_layout(f, r, layer, style, coloring);
  RasterCanvas canvas(l.width, l.height, kPaper);
  f.bold.draw(canvas, kMargin, 30, default_title(r, layer, style), kTitlePx, kInk);
  draw_raster(canvas, r, layer, coloring, l);
  draw_buildings(canvas, r.grid, l, style.building_footprints);
  draw_sites(canvas, f, r, l);
  draw_scale_bar(canvas, f, r, l);
  draw_north_arrow(canvas, f, r.grid, l.north_arrow);
  canvas.stroke_rect(l.map.x - 1, l.map.y - 1, l.map.w + 2, l.map.h + 2, kFrame);
  draw_legend(canvas, f, r, layer, coloring, l.colorbar);
  f.regular.draw(canvas, kMargin, l.height - 10, footer_text(r), kLabelPx, {90, 90, 90, 255});
  return canvas;
}

RasterCanvas render_legend(const CoverageResult& r, const MapLayer& layer, const MapStyle& style) {
  check_layer(r, layer);
  const Fonts f;
  const LayerColoring coloring = map_coloring(layer, style);
  const std::string title = layer.title;
  const int panel_w = legend_width(f, r, layer, coloring);
  const int width = 2 * kMargin + std::max(panel_w, f.bold.measure(title, kHeadingPx));
  RasterCanvas canvas(width, kLegendOnlyHeight + 40 + kMargin, kPaper);
  f.bold.draw(canvas, kMargin, 24, title, kHeadingPx, kInk);
  draw_legend(canvas, f, r, layer, coloring, legend_body(layer, coloring, kMargin, 36, panel_w, kLegendOnlyHeight));
  return canvas;
}

void write_png_map(const std::string& path, const CoverageResult& r, const MapLayer& layer, const MapStyle& style) {
  write_file_atomic(path, encode_png(render_map(r, layer, style)));
}

}  // namespace tarang

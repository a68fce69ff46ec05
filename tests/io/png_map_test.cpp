// PNG maps decoded with stb_image: size, title ink, colour bar and cell colours where the layout puts them, legend
// rows for special values, the building hook, the north arrow's convergence, and atomic failure.
#include "io/png_map.h"

#include <gtest/gtest.h>

#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_ONLY_PNG
#include <stb/stb_image.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <memory>

#include "core/error.h"
#include "tests/io/export_test_support.h"
#include "io/png_codec.h"

namespace tarang {
namespace {

// A decoded PNG (RGBA).
struct Decoded {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgba;
  Rgba at(int x, int y) const {
    const std::uint8_t* p = &rgba[(static_cast<std::size_t>(y) * width + x) * 4];
    return {p[0], p[1], p[2], p[3]};
  }
};

Decoded decode(const std::string& png) {
  Decoded d;
  int channels = 0;
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
      stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(png.data()), static_cast<int>(png.size()), &d.width,
                            &d.height, &channels, 4),
      stbi_image_free);
  if (!pixels) throw std::runtime_error("not a PNG stb_image can decode");
  d.rgba.assign(pixels.get(), pixels.get() + static_cast<std::size_t>(d.width) * d.height * 4);
  return d;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Pixel centre of grid cell (row, col) in the map.
std::pair<int, int> cell_pixel(const MapLayout& l, int row, int col) {
  return {l.map.x + static_cast<int>((col + 0.5) * l.px_per_cell),
          l.map.y + static_cast<int>((row + 0.5) * l.px_per_cell)};
}

class PngMap : public ::testing::Test {
 protected:
  CoverageResult r = test::make_export_result();
  MapLayer rsrp = select_map_layer(r, "rsrp", "in.h5");
};

TEST_F(PngMap, LayoutScalesSmallGridsByAWholeFactor) {
  const MapLayout l = map_layout(r, rsrp);
  EXPECT_EQ(l.px_per_cell, 18);  // floor(720 / 40)
  EXPECT_EQ(l.map.w, 720);
  EXPECT_EQ(l.map.h, 540);
  EXPECT_GT(l.colorbar.x, l.map.x + l.map.w);
  EXPECT_LE(l.colorbar.y + l.colorbar.h, l.height);
  EXPECT_LT(l.title.y + l.title.h, l.map.y + 1);
}

TEST_F(PngMap, DecodesToTheLayoutSizeWithTitleInk) {
  const MapLayout l = map_layout(r, rsrp);
  const Decoded png = decode(encode_png(render_map(r, rsrp)));
  ASSERT_EQ(png.width, l.width);
  ASSERT_EQ(png.height, l.height);
  int ink = 0;
  for (int y = l.title.y; y < l.title.y + l.title.h; ++y) {
    for (int x = 0; x < 200; ++x) ink += png.at(x, y).r < 100;
  }
  EXPECT_GT(ink, 100) << "no dark title text in the title band";
  EXPECT_EQ(png.at(l.width - 2, 2), (Rgba{255, 255, 255, 255}));  // paper
}

TEST_F(PngMap, ColorbarRunsFromViridisTopToBottom) {
  const MapLayout l = map_layout(r, rsrp);
  const Decoded png = decode(encode_png(render_map(r, rsrp)));
  const PixelRect& bar = l.colorbar;
  const int x = bar.x + bar.w / 2;
  // Row y of the bar shows viridis(1 - (y + 0.5) / h): the top is the range maximum.
  EXPECT_EQ(png.at(x, bar.y), viridis(1 - 0.5 / bar.h));
  EXPECT_EQ(png.at(x, bar.y + bar.h - 1), viridis(0.5 / bar.h));
  EXPECT_EQ(png.at(x, bar.y + bar.h / 2), viridis(1 - (bar.h / 2 + 0.5) / bar.h));
}

TEST_F(PngMap, CellsShowTheirValueOnTheColourScale) {
  // RSRP is -120 + col over cols 0..39: the 1st..99th percentile range widened to steps of 10 is [-120, -80].
  const LayerColoring coloring = map_coloring(rsrp, {});
  EXPECT_DOUBLE_EQ(coloring.range.min, -120);
  EXPECT_DOUBLE_EQ(coloring.range.max, -80);
  const MapLayout l = map_layout(r, rsrp);
  const Decoded png = decode(encode_png(render_map(r, rsrp)));
  auto [x, y] = cell_pixel(l, 10, 25);  // -95 dBm
  EXPECT_EQ(png.at(x, y), viridis((-95.0 + 120) / 40));
  std::tie(x, y) = cell_pixel(l, 1, 1);  // NaN: the building
  EXPECT_EQ(png.at(x, y), kNotComputedColor);
  std::tie(x, y) = cell_pixel(l, 28, 38);  // -inf: no signal
  EXPECT_EQ(png.at(x, y), kNoSignalColor);
}

TEST_F(PngMap, LegendListsSpecialValuesBelowTheBar) {
  const MapLayout l = map_layout(r, rsrp);
  const Decoded png = decode(encode_png(render_map(r, rsrp)));
  const int x = l.colorbar.x + 6, first_row = l.colorbar.y + l.colorbar.h + 10 + 6;
  EXPECT_EQ(png.at(x, first_row), kNoSignalColor);
  EXPECT_EQ(png.at(x, first_row + 18), kNotComputedColor);
}

TEST_F(PngMap, StyleRangeOverridesTheDataRange) {
  MapStyle style;
  style.range = ValueRange{-100, -90};
  const MapLayout l = map_layout(r, rsrp, style);
  const Decoded png = decode(encode_png(render_map(r, rsrp, style)));
  auto [x, y] = cell_pixel(l, 10, 25);  // -95 dBm: the middle of [-100, -90]
  EXPECT_EQ(png.at(x, y), viridis(0.5));
  std::tie(x, y) = cell_pixel(l, 10, 35);  // -85 dBm: above the range, clamped
  EXPECT_EQ(png.at(x, y), viridis(1.0));
}

TEST_F(PngMap, BestSectorUsesThePaletteAndListsSectors) {
  const MapLayer best = select_map_layer(r, "best_sector", "in.h5");
  const MapLayout l = map_layout(r, best);
  const Decoded png = decode(encode_png(render_map(r, best)));
  auto [x, y] = cell_pixel(l, 5, 30);  // sector 1
  EXPECT_EQ(png.at(x, y), categorical_color(1));
  std::tie(x, y) = cell_pixel(l, 25, 30);  // sector 2
  EXPECT_EQ(png.at(x, y), categorical_color(2));
  // Legend rows: a 12 px swatch per sector, 18 px apart, from the top of the legend body.
  for (int k = 0; k < 3; ++k) EXPECT_EQ(png.at(l.colorbar.x + 6, l.colorbar.y + 18 * k + 6), categorical_color(k));
}

TEST_F(PngMap, SitesAreMarked) {
  const MapLayout l = map_layout(r, rsrp);
  const Decoded png = decode(encode_png(render_map(r, rsrp)));
  // Site alpha at x 714200, y 3168500: 200 m east and 500 m south of the north-west corner, 18 px per 25 m.
  const int x = l.map.x + static_cast<int>(200 / 25.0 * 18), y = l.map.y + static_cast<int>(500 / 25.0 * 18);
  EXPECT_EQ(png.at(x, y), (Rgba{25, 25, 25, 255}));
}

TEST_F(PngMap, BuildingFootprintsAreDrawnInGreyWhenGiven) {
  MapStyle style;
  // A 100 m x 100 m square from cell (row 5, col 12) to (row 9, col 15).
  const double x0 = r.grid.west_m + 12 * 25, y0 = r.grid.north_m - 5 * 25;
  style.building_footprints = {{{{x0, y0}, {x0 + 100, y0}, {x0 + 100, y0 - 100}, {x0, y0 - 100}}}};
  const MapLayout l = map_layout(r, rsrp, style);
  const Decoded with = decode(encode_png(render_map(r, rsrp, style)));
  const Decoded without = decode(encode_png(render_map(r, rsrp)));
  auto [x, y] = cell_pixel(l, 7, 13);
  EXPECT_EQ(with.at(x, y), (Rgba{128, 128, 128, 255}));
  EXPECT_EQ(without.at(x, y), viridis((-107.0 + 120) / 40));
  std::tie(x, y) = cell_pixel(l, 7, 17);  // outside the footprint
  EXPECT_EQ(with.at(x, y), without.at(x, y));
}

TEST_F(PngMap, NorthArrowAllowsForMeridianConvergence) {
  // Convergence in UTM: gamma = atan(tan(lon - lon0) sin(lat)); at the grid centre (about 77.196 E, 28.627 N, zone
  // 43 central meridian 75 E) that is 1.052 deg, and true north lies that far anticlockwise of grid north.
  // Tolerance 0.01 deg: the spherical formula differs from the ellipsoidal one by less than that here.
  const double lon = 77.196, lat = 28.627, pi = 3.14159265358979323846;
  const double gamma_deg = std::atan(std::tan((lon - 75) * pi / 180) * std::sin(lat * pi / 180)) * 180 / pi;
  EXPECT_NEAR(true_north_deg(r.grid), -gamma_deg, 0.01);
  RasterGrid unknown = r.grid;
  unknown.crs_wkt = "not a CRS";
  EXPECT_EQ(true_north_deg(unknown), 0);
}

TEST_F(PngMap, WritesAtomicallyAndFailsCleanly) {
  test::ScratchFolder dir("png_map");
  write_png_map(dir / "rsrp.png", r, rsrp);
  const Decoded png = decode(slurp(dir / "rsrp.png"));
  EXPECT_EQ(png.width, map_layout(r, rsrp).width);
  EXPECT_EQ(dir.entries(), 1u);  // no temp file left
  try {
    write_png_map(dir / "missing/rsrp.png", r, rsrp);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              dir / "missing/rsrp.png" + ": cannot write output file (No such file or directory)");
  }
  EXPECT_EQ(dir.entries(), 1u);
}

TEST_F(PngMap, LayerThatDoesNotMatchTheGridIsRejected) {
  MapLayer short_layer = rsrp;
  short_layer.values.resize(10);
  EXPECT_THROW(render_map(r, short_layer), std::invalid_argument);
}

TEST_F(PngMap, LegendImageHoldsTheColourBar) {
  const Decoded legend = decode(encode_png(render_legend(r, rsrp)));
  EXPECT_GT(legend.height, 200);
  // Both ends of viridis appear, within 2 levels: the bar's end rows sample half a row (under 1/300 of the scale)
  // inside the ends, and viridis changes by at most 1.6 levels per 1/255 of the scale there.
  auto contains = [&](Rgba c) {
    for (int y = 0; y < legend.height; ++y) {
      for (int x = 0; x < legend.width; ++x) {
        const Rgba p = legend.at(x, y);
        if (std::abs(p.r - c.r) <= 2 && std::abs(p.g - c.g) <= 2 && std::abs(p.b - c.b) <= 2) return true;
      }
    }
    return false;
  };
  EXPECT_TRUE(contains(viridis(1.0)));
  EXPECT_TRUE(contains(viridis(0.0)));
}

}  // namespace
}  // namespace tarang

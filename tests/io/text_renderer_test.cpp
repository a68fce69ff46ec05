// TextRenderer: DejaVu Sans renders where asked, widths add up, UTF-8 is decoded, halos surround glyphs.
#include "io/text_renderer.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tarang {
namespace {

constexpr Rgba kWhite = {255, 255, 255, 255};
constexpr Rgba kBlack = {0, 0, 0, 255};

// Bounding box of non-white pixels: {min_x, min_y, max_x, max_y}, or all -1 when there are none.
std::array<int, 4> ink_box(const RasterCanvas& c) {
  std::array<int, 4> box = {-1, -1, -1, -1};
  for (int y = 0; y < c.height(); ++y) {
    for (int x = 0; x < c.width(); ++x) {
      if (c.pixel(x, y) == kWhite) continue;
      if (box[0] < 0) box = {x, y, x, y};
      box = {std::min(box[0], x), std::min(box[1], y), std::max(box[2], x), std::max(box[3], y)};
    }
  }
  return box;
}

TEST(TextRenderer, DrawsAboveTheBaselineFromThePen) {
  const TextRenderer text(dejavu_font_path(FontWeight::Regular));
  RasterCanvas c(200, 60, kWhite);
  text.draw(c, 20, 40, "HEH", 20, kBlack);
  const auto box = ink_box(c);
  const int cap = text.cap_height(20);
  // DejaVu Sans capital height is 0.729 em: about 15 px at 20 px.
  EXPECT_NEAR(cap, 15, 1);
  EXPECT_NEAR(box[0], 20, 3);        // starts at the pen (plus the glyph's left side bearing)
  EXPECT_NEAR(box[1], 40 - cap, 1);  // capitals reach cap height above the baseline
  EXPECT_EQ(box[3], 39);             // and sit on it
  EXPECT_NEAR(box[2], 20 + text.measure("HEH", 20), 3);
}

TEST(TextRenderer, WidthsAreAdditiveAndScaleWithSize) {
  const TextRenderer text(dejavu_font_path(FontWeight::Regular));
  EXPECT_EQ(text.measure("", 12), 0);
  EXPECT_NEAR(text.measure("abcabc", 12), 2 * text.measure("abc", 12), 1);
  EXPECT_NEAR(text.measure("tarang", 24), 2 * text.measure("tarang", 12), 2);
  const TextRenderer bold(dejavu_font_path(FontWeight::Bold));
  EXPECT_GT(bold.measure("tarang", 20), text.measure("tarang", 20));
}

TEST(TextRenderer, DecodesUtf8AndReplacesInvalidBytes) {
  const TextRenderer text(dejavu_font_path(FontWeight::Regular));
  // "é" is one glyph as wide as "e" in DejaVu Sans; a lone continuation byte becomes one U+FFFD glyph.
  EXPECT_EQ(text.measure("\xc3\xa9", 16), text.measure("e", 16));
  EXPECT_EQ(text.measure("\x80", 16), text.measure("\xef\xbf\xbd", 16));
  EXPECT_GT(text.measure("\xe2\x80\x94", 16), 0);  // em dash
}

TEST(TextRenderer, HaloSurroundsTheGlyphs) {
  const TextRenderer text(dejavu_font_path(FontWeight::Regular));
  RasterCanvas plain(100, 40, kWhite), haloed(100, 40, kWhite);
  text.draw(plain, 10, 30, "Hx", 20, kBlack);
  text.draw_with_halo(haloed, 10, 30, "Hx", 20, kBlack, {255, 0, 0, 255});
  const auto a = ink_box(plain), b = ink_box(haloed);
  EXPECT_EQ(b, (std::array<int, 4>{a[0] - 1, a[1] - 1, a[2] + 1, a[3] + 1}));  // one pixel wider all round
  // Every red pixel lies within one pixel of the plain text's ink, and there are many.
  int red = 0;
  for (int y = 0; y < haloed.height(); ++y) {
    for (int x = 0; x < haloed.width(); ++x) {
      const Rgba p = haloed.pixel(x, y);
      if (!(p.r > 200 && p.g < 150)) continue;
      ++red;
      bool near_ink = false;
      for (int dy = -1; dy <= 1; ++dy) {
        for (int dx = -1; dx <= 1; ++dx) {
          const int nx = x + dx, ny = y + dy;
          near_ink = near_ink || (nx >= 0 && ny >= 0 && nx < 100 && ny < 40 && !(plain.pixel(nx, ny) == kWhite));
        }
      }
      EXPECT_TRUE(near_ink) << x << ", " << y;
    }
  }
  EXPECT_GT(red, 40);
}

TEST(TextRenderer, MissingFontFileIsARuntimeFailure) {
  EXPECT_THROW(TextRenderer("/nonexistent/font.ttf"), RuntimeFailure);
}

}  // namespace
}  // namespace tarang

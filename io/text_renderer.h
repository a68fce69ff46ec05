// TextRenderer: the one place tarang uses FreeType; draws UTF-8 text in DejaVu Sans onto a RasterCanvas.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "io/raster_canvas.h"

namespace tarang {

enum class FontWeight { Regular, Bold };

// The DejaVu Sans font file Debian's fonts-dejavu-core installs. Throws RuntimeFailure naming the package when the
// file is missing.
std::string dejavu_font_path(FontWeight weight);

class TextRenderer {
 public:
  // Loads the font file. Throws RuntimeFailure when FreeType cannot read it.
  explicit TextRenderer(const std::string& font_path);
  TextRenderer(TextRenderer&&) noexcept;
  TextRenderer& operator=(TextRenderer&&) noexcept;
  ~TextRenderer();

  // Horizontal advance of `text` at `size_px` (the font's em size in pixels), in whole pixels.
  int measure(std::string_view text, int size_px) const;
  // Distance from the baseline to the top of capital letters, in pixels (for vertical centring).
  int cap_height(int size_px) const;

  // Draws `text` starting at pen position (x, baseline_y), anti-aliased, in colour c. Code points the font lacks are
  // drawn as its missing-glyph box; invalid UTF-8 bytes as U+FFFD.
  void draw(RasterCanvas& canvas, int x, int baseline_y, std::string_view text, int size_px, Rgba c) const;
  // Same, with a 1-pixel halo of `halo` around every glyph (labels over maps).
  void draw_with_halo(RasterCanvas& canvas, int x, int baseline_y, std::string_view text, int size_px, Rgba c,
                      Rgba halo) const;

 private:
  struct Face;
  std::unique_ptr<Face> face_;
};

}  // namespace tarang

// FreeType glyph rendering (8-bit anti-aliased bitmaps) blended onto a RasterCanvas; UTF-8 decoded here.
#include "io/text_renderer.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <filesystem>
#include <vector>

#include "core/error.h"

namespace tarang {
namespace {

constexpr const char* kDejaVuFolder = "/usr/share/fonts/truetype/dejavu/";
constexpr char32_t kReplacement = 0xFFFD;

// Decodes UTF-8; each invalid or truncated sequence becomes U+FFFD.
std::vector<char32_t> decode_utf8(std::string_view text) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const int length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) {
      out.push_back(kReplacement), ++i;
      continue;
    }
    char32_t code = length == 1 ? lead : lead & (0x7F >> length);
    bool valid = true;
    for (int k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      valid = valid && (next >> 6) == 0x2;
      code = (code << 6) | (next & 0x3F);
    }
    out.push_back(valid ? code : kReplacement);
    i += valid ? length : 1;
  }
  return out;
}

[[noreturn]] void fail(const std::string& operation, FT_Error error) {
  const char* text = FT_Error_String(error);
  throw RuntimeFailure("FreeType: " + operation + " failed: " + (text != nullptr ? text : std::to_string(error)));
}

}  // namespace

// FreeType library and one face; FreeType objects are not thread-safe, so each renderer owns its own pair.
struct TextRenderer::Face {
  FT_Library library = nullptr;
  FT_Face face = nullptr;
  ~Face() {
    if (face != nullptr) FT_Done_Face(face);
    if (library != nullptr) FT_Done_FreeType(library);
  }
  // Renders `code` at size_px into the face's glyph slot; returns false when the code point cannot be rendered.
  bool render(char32_t code, int size_px) const {
    if (FT_Error e = FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(size_px)); e != 0) fail("setting the size", e);
    return FT_Load_Char(face, code, FT_LOAD_RENDER) == 0;
  }
};

std::string dejavu_font_path(FontWeight weight) {
  const std::string path =
      std::string(kDejaVuFolder) + (weight == FontWeight::Bold ? "DejaVuSans-Bold.ttf" : "DejaVuSans.ttf");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw RuntimeFailure("font " + path + " not found (install the Debian package fonts-dejavu-core)");
  }
  return path;
}

TextRenderer::TextRenderer(const std::string& font_path) : face_(std::make_unique<Face>()) {
  if (FT_Error e = FT_Init_FreeType(&face_->library); e != 0) fail("initialisation", e);
  if (FT_Error e = FT_New_Face(face_->library, font_path.c_str(), 0, &face_->face); e != 0) {
    fail("loading " + font_path, e);
  }
}

TextRenderer::TextRenderer(TextRenderer&&) noexcept = default;
TextRenderer& TextRenderer::operator=(TextRenderer&&) noexcept = default;
TextRenderer::~TextRenderer() = default;

int TextRenderer::measure(std::string_view text, int size_px) const {
  FT_Pos advance_26_6 = 0;
  for (char32_t code : decode_utf8(text)) {
    if (face_->render(code, size_px)) advance_26_6 += face_->face->glyph->advance.x;
  }
  return static_cast<int>((advance_26_6 + 32) >> 6);
}

int TextRenderer::cap_height(int size_px) const {
  if (!face_->render(U'H', size_px)) return size_px * 7 / 10;
  return face_->face->glyph->bitmap_top;
}

void TextRenderer::draw(RasterCanvas& canvas, int x, int baseline_y, std::string_view text, int size_px, Rgba c) const {
  FT_Pos pen_26_6 = static_cast<FT_Pos>(x) << 6;
  for (char32_t code : decode_utf8(text)) {
    if (!face_->render(code, size_px)) continue;
    const FT_GlyphSlot slot = face_->face->glyph;
    const FT_Bitmap& bitmap = slot->bitmap;
    const int left = static_cast<int>((pen_26_6 + 32) >> 6) + slot->bitmap_left;
    const int top = baseline_y - slot->bitmap_top;
    for (unsigned row = 0; row < bitmap.rows; ++row) {
      for (unsigned col = 0; col < bitmap.width; ++col) {
        const unsigned char coverage = bitmap.buffer[static_cast<long>(row) * bitmap.pitch + col];
        if (coverage != 0) canvas.blend(left + static_cast<int>(col), top + static_cast<int>(row), c, coverage / 255.0);
      }
    }
    pen_26_6 += slot->advance.x;
  }
}

void TextRenderer::draw_with_halo(RasterCanvas& canvas, int x, int baseline_y, std::string_view text, int size_px,
                                  Rgba c, Rgba halo) const {
  for (int dy = -1; dy <= 1; ++dy) {
    for (int dx = -1; dx <= 1; ++dx) {
      if (dx != 0 || dy != 0) draw(canvas, x + dx, baseline_y + dy, text, size_px, halo);
    }
  }
  draw(canvas, x, baseline_y, text, size_px, c);
}

}  // namespace tarang

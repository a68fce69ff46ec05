// stb_image_write's PNG encoder, compiled here (and only here) into tarang.
#include "io/png_codec.h"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#define STBI_WRITE_NO_STDIO
#include <stb/stb_image_write.h>

#include "core/error.h"

namespace tarang {
namespace {

// stb's callback: appends each chunk of encoded bytes to the std::string behind `context`.
void append_bytes(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

}  // namespace

std::string encode_png(const RasterCanvas& image) {
  std::string bytes;
  const int ok = stbi_write_png_to_func(append_bytes, &bytes, image.width(), image.height(), 4, image.rgba().data(),
                                        image.width() * 4);
  if (ok == 0 || bytes.empty()) throw RuntimeFailure("PNG encoding failed (stb_image_write)");
  return bytes;
}

}  // namespace tarang

// PNG encoding of RasterCanvas images: the one place tarang uses stb_image_write (Debian libstb-dev).
#pragma once

#include <string>

#include "io/raster_canvas.h"

namespace tarang {

// The image as PNG file bytes (8-bit RGBA, zlib-compressed). Throws RuntimeFailure when encoding fails.
std::string encode_png(const RasterCanvas& image);

}  // namespace tarang

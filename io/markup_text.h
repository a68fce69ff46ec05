// Text helpers for the HTML and SVG we write: escaping, base64 and data: URIs.
#pragma once

#include <string>
#include <string_view>

namespace tarang {

// Escapes & < > " ' for use in HTML/XML text and attribute values.
std::string escape_markup(std::string_view text);

// Base64 (RFC 4648 section 4, with '=' padding, no line breaks).
std::string base64_encode(std::string_view bytes);

// "data:MIME;base64,..." for embedding a file in HTML.
std::string data_uri(std::string_view mime_type, std::string_view bytes);

}  // namespace tarang

// canonical_material_name: one spelling per material, whatever the scene exporter called it.
#include "scene/material_names.h"

#include <cctype>

namespace tarang {
namespace {

bool starts_with(const std::string& text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

// Removes a trailing ".digits" (Blender names duplicates "concrete.001").
void strip_duplicate_suffix(std::string& name) {
  const std::size_t dot = name.rfind('.');
  if (dot == std::string::npos || dot + 1 == name.size()) return;
  for (std::size_t i = dot + 1; i < name.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(name[i]))) return;
  }
  name.erase(dot);
}

}  // namespace

std::string canonical_material_name(std::string_view name) {
  // Lower case; runs of spaces, '-' and '_' become one '_'; leading and trailing separators go.
  std::string out;
  out.reserve(name.size());
  bool pending_separator = false;
  for (const char c : name) {
    if (c == ' ' || c == '\t' || c == '-' || c == '_') {
      pending_separator = !out.empty();
      continue;
    }
    if (pending_separator) out.push_back('_');
    pending_separator = false;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  strip_duplicate_suffix(out);
  for (const std::string_view prefix : {"mat_", "itu_"}) {
    if (starts_with(out, prefix) && out.size() > prefix.size()) out.erase(0, prefix.size());
  }
  return out;
}

}  // namespace tarang

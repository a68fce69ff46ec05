// Footprint attributes: tag normalisation, hstore parsing, height rules and the OSM -> P.2040 material table.
#include "scene/footprint_attributes.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <utility>

#include "scene/material_names.h"

namespace tarang {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

// A finite number at the start of `text` (decimal comma accepted); `rest` receives what follows it.
std::optional<double> leading_number(std::string_view text, std::string_view& rest) {
  const std::string_view number_text = trimmed(text);
  std::string digits(number_text);
  if (digits.find('.') == std::string::npos) {
    if (const auto comma = digits.find(','); comma != std::string::npos) digits[comma] = '.';
  }
  double value = 0;
  const char* begin = digits.data();
  const auto [end, ec] = std::from_chars(begin, begin + digits.size(), value);
  if (ec != std::errc() || end == begin || !std::isfinite(value)) return std::nullopt;
  rest = trimmed(number_text.substr(static_cast<std::size_t>(end - begin)));
  return value;
}

// A plain number ("4", "4.5"), as used by building:levels.
std::optional<double> parse_count(std::string_view text) {
  std::string_view rest;
  const auto value = leading_number(text, rest);
  return value && rest.empty() ? value : std::nullopt;
}

const std::string* find_tag(const TagMap& tags, std::string_view key) {
  const auto it = tags.find(normalized_tag_key(key));
  return it != tags.end() && !trimmed(it->second).empty() ? &it->second : nullptr;
}

std::string format_m(double value) {
  std::string text = std::to_string(value);
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text + " m";
}

// One height tag: a length ("height") or a level count times the level height ("building:levels").
struct HeightTag {
  std::optional<double> metres;
  std::string problem;
};

HeightTag height_from(const TagMap& tags, std::string_view length_key, std::string_view levels_key,
                      double level_height_m) {
  if (const std::string* text = find_tag(tags, length_key)) {
    if (auto metres = parse_length_m(*text)) return {metres, ""};
    return {std::nullopt, std::string(length_key) + " '" + *text + "' is not a length in metres"};
  }
  if (const std::string* text = find_tag(tags, levels_key)) {
    if (auto levels = parse_count(*text)) return {*levels * level_height_m, ""};
    return {std::nullopt, std::string(levels_key) + " '" + *text + "' is not a number of levels"};
  }
  return {};
}

}  // namespace

std::string normalized_tag_key(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (const char c : key) {
    out.push_back(c == ':' || c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

void add_hstore_tags(std::string_view hstore, TagMap& tags) {
  std::size_t i = 0;
  // Reads one double-quoted string with backslash escapes at i; false when there is none.
  auto read_quoted = [&](std::string& out) {
    while (i < hstore.size() && std::isspace(static_cast<unsigned char>(hstore[i]))) ++i;
    if (i >= hstore.size() || hstore[i] != '"') return false;
    out.clear();
    for (++i; i < hstore.size(); ++i) {
      if (hstore[i] == '\\' && i + 1 < hstore.size()) {
        out.push_back(hstore[++i]);
      } else if (hstore[i] == '"') {
        ++i;
        return true;
      } else {
        out.push_back(hstore[i]);
      }
    }
    return false;
  };
  std::string key, value;
  while (read_quoted(key)) {
    while (i < hstore.size() && std::isspace(static_cast<unsigned char>(hstore[i]))) ++i;
    if (hstore.substr(i, 2) != "=>") return;
    i += 2;
    if (!read_quoted(value)) return;
    tags.emplace(normalized_tag_key(key), value);
    while (i < hstore.size() && (std::isspace(static_cast<unsigned char>(hstore[i])) || hstore[i] == ',')) ++i;
  }
}

std::optional<double> parse_length_m(std::string_view text) {
  std::string_view rest;
  const auto value = leading_number(text, rest);
  if (!value || !(rest.empty() || rest == "m")) return std::nullopt;
  return value;
}

FootprintHeights footprint_heights(const TagMap& tags, const FootprintOptions& options) {
  FootprintHeights out;
  const HeightTag top = height_from(tags, "height", "building:levels", options.level_height_m);
  if (!top.problem.empty()) return {0, 0, top.problem};
  const HeightTag bottom = height_from(tags, "min_height", "building:min_level", options.level_height_m);
  if (!bottom.problem.empty()) return {0, 0, bottom.problem};
  out.min_height_m = bottom.metres.value_or(0.0);
  // An untagged top over a tagged underside (a raised part) stands at least one level above it.
  const double default_top_m = bottom.metres
                                   ? std::max(options.default_height_m, out.min_height_m + options.level_height_m)
                                   : options.default_height_m;
  out.height_m = top.metres.value_or(default_top_m);
  if (out.height_m <= 0) {
    out.problem = "height " + format_m(out.height_m) + (out.height_m < 0 ? " is negative" : " is zero");
  } else if (out.height_m > options.max_height_m) {
    out.problem = "height " + format_m(out.height_m) + " exceeds " + format_m(options.max_height_m);
  } else if (out.min_height_m < 0 || out.min_height_m >= out.height_m) {
    out.problem =
        "min_height " + format_m(out.min_height_m) + " is not between 0 and the height " + format_m(out.height_m);
  }
  return out;
}

std::optional<std::string> p2040_material(std::string_view value) {
  // clang-format off
  static const std::array<std::pair<std::string_view, std::string_view>, 42> kTable{{
      // ITU-R P.2040 names themselves
      {"concrete", "concrete"}, {"brick", "brick"}, {"plasterboard", "plasterboard"}, {"wood", "wood"},
      {"glass", "glass"}, {"ceiling_board", "ceiling_board"}, {"chipboard", "chipboard"}, {"plywood", "plywood"},
      {"marble", "marble"}, {"floorboard", "floorboard"}, {"metal", "metal"},
      {"very_dry_ground", "very_dry_ground"}, {"medium_dry_ground", "medium_dry_ground"},
      {"wet_ground", "wet_ground"},
      // common OSM building:material / roof:material values
      {"reinforced_concrete", "concrete"}, {"cement_block", "concrete"}, {"cement", "concrete"},
      {"concrete_block", "concrete"}, {"plaster", "concrete"}, {"render", "concrete"}, {"eternit", "concrete"},
      {"bricks", "brick"}, {"roof_tiles", "brick"}, {"tile", "brick"}, {"tiles", "brick"}, {"clay", "brick"},
      {"mirror", "glass"}, {"timber", "wood"}, {"timber_framing", "wood"}, {"bamboo", "wood"},
      {"steel", "metal"}, {"aluminium", "metal"}, {"aluminum", "metal"}, {"copper", "metal"}, {"zinc", "metal"},
      {"tin", "metal"}, {"metal_sheet", "metal"}, {"stone", "marble"}, {"sandstone", "marble"},
      {"limestone", "marble"}, {"granite", "marble"}, {"slate", "marble"},
  }};
  // clang-format on
  const std::string key = canonical_material_name(value);  // also drops Sionna's "itu_" prefix
  for (const auto& [osm, p2040] : kTable) {
    if (key == osm) return std::string(p2040);
  }
  return std::nullopt;
}

FootprintMaterials footprint_materials(const TagMap& tags, const FootprintOptions& options,
                                       std::map<std::string, std::size_t>& unrecognised) {
  const std::string fallback = p2040_material(options.default_material).value_or(options.default_material);
  // The material named by `key`, or `otherwise` (an unrecognised value is counted).
  auto material_from = [&](std::string_view key, const std::string& otherwise) {
    const std::string* text = key.empty() ? nullptr : find_tag(tags, key);
    if (text == nullptr) return otherwise;
    if (auto material = p2040_material(*text)) return *material;
    ++unrecognised[std::string(key) + " '" + *text + "'"];
    return otherwise;
  };
  FootprintMaterials out;
  out.wall = fallback;
  if (!options.material_attribute.empty() && find_tag(tags, options.material_attribute) != nullptr) {
    out.wall = material_from(options.material_attribute, fallback);
  } else {
    out.wall = material_from("building:material", fallback);
  }
  out.roof = material_from("roof:material", out.wall);
  return out;
}

}  // namespace tarang

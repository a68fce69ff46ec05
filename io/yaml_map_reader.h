// MapReader: strict reading of one YAML mapping for the scenario reader (unknown/duplicate keys, types, ranges, with
// FILE:LINE: key: messages). Internal to io/.
#pragma once

#include <yaml-cpp/yaml.h>

#include "core/error.h"

#include <cmath>
#include <filesystem>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace tarang::yaml_detail {

inline int line_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? 0 : mark.line + 1;
}

inline std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

inline std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return node.size() == 0 ? "an empty list" : "a list";
    case YAML::NodeType::Null: return "nothing";
    default: return "\"" + node.Scalar() + "\"";
  }
}

// A YAML mapping being read against the list of keys it may hold; unknown and duplicate keys are rejected up
// front (so a misspelt key is reported as such, not as the required key it was meant to be).
class MapReader {
 public:
  MapReader(const YAML::Node& node, std::string path, const std::string& file, int parent_line,
            std::vector<std::string> known_keys)
      : node_(node), path_(std::move(path)), file_(file), known_(std::move(known_keys)) {
    if (!node.IsMap()) {
      const int line = line_of(node) > 0 ? line_of(node) : parent_line;
      fail_at(line, path_, "expected a mapping of keys, got " + describe(node));
    }
    std::set<std::string> seen;
    for (const auto& entry : node) {
      const std::string key = entry.first.Scalar();
      if (!seen.insert(key).second) fail_at(line_of(entry.first), child_path(key), "duplicate key");
      bool is_known = false;
      for (const auto& k : known_) is_known = is_known || k == key;
      if (!is_known) fail_at(line_of(entry.first), child_path(key), "unknown key (known keys: " + join(known_) + ")");
    }
  }

  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }
  int line() const { return line_of(node_); }
  std::string child_path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  [[noreturn]] void fail_at(int line, const std::string& key, const std::string& message) const {
    throw InputError(file_, line, key, message);
  }

  // The node under `key`, or an undefined node when absent.
  YAML::Node optional(const std::string& key) {
    for (const auto& entry : node_) {
      if (entry.first.Scalar() == key) return entry.second;
    }
    return YAML::Node(YAML::NodeType::Undefined);
  }

  YAML::Node required(const std::string& key) {
    YAML::Node child = optional(key);
    if (!child.IsDefined() || child.IsNull()) fail_at(line(), child_path(key), "required key is missing");
    return child;
  }

  double number(const std::string& key, std::optional<double> fallback) {
    YAML::Node child = fallback ? optional(key) : required(key);
    if (!child.IsDefined() || child.IsNull()) return *fallback;
    return to_number(child, child_path(key));
  }

  std::string text(const std::string& key, std::optional<std::string> fallback) {
    YAML::Node child = fallback ? optional(key) : required(key);
    if (!child.IsDefined() || child.IsNull()) return *fallback;
    if (!child.IsScalar()) fail_at(line_of(child), child_path(key), "expected text, got " + describe(child));
    return child.Scalar();
  }

  // A scalar chosen from `choices`; returns its index.
  int choice(const std::string& key, const std::vector<std::string>& choices, int fallback) {
    YAML::Node child = optional(key);
    if (!child.IsDefined() || child.IsNull()) return fallback;
    const std::string value = child.IsScalar() ? child.Scalar() : describe(child);
    for (std::size_t i = 0; i < choices.size(); ++i) {
      if (choices[i] == value) return static_cast<int>(i);
    }
    fail_at(line_of(child), child_path(key), "unknown value '" + value + "' (expected one of: " + join(choices) + ")");
  }

  void check(bool ok, const std::string& key, const std::string& message) {
    if (ok) return;
    YAML::Node child = optional(key);
    fail_at(child.IsDefined() ? line_of(child) : line(), child_path(key), message);
  }

  double to_number(const YAML::Node& node, const std::string& key_path) const {
    if (!node.IsScalar()) fail_at(line_of(node), key_path, "expected a number, got " + describe(node));
    const std::string& s = node.Scalar();
    // YAML spells NaN and infinity .nan, .inf, -.inf (any case); strtod does not read them.
    static const std::set<std::string> kYamlNonFinite = {".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf",
                                                         "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"};
    if (kYamlNonFinite.count(s) != 0) {
      fail_at(line_of(node), key_path, "must be a finite number, got " + describe(node));
    }
    char* end = nullptr;
    const double value = std::strtod(s.c_str(), &end);
    if (s.empty() || end == s.c_str() || *end != '\0') {
      fail_at(line_of(node), key_path, "expected a number, got " + describe(node));
    }
    if (!std::isfinite(value)) fail_at(line_of(node), key_path, "must be a finite number, got " + describe(node));
    return value;
  }

 private:
  YAML::Node node_;
  std::string path_;
  std::string file_;
  std::vector<std::string> known_;  // keys this mapping may hold
};

inline std::string format_number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

inline void require_range(MapReader& m, const std::string& key, double value, double lo, double hi, const std::string& unit) {
  m.check(value >= lo && value <= hi, key,
          "must be between " + format_number(lo) + " and " + format_number(hi) + (unit.empty() ? "" : " " + unit) +
              " (got " + format_number(value) + ")");
}

// A whole number key within [lo, hi].
inline int whole_number(MapReader& m, const std::string& key, int fallback, int lo, int hi) {
  const double v = m.number(key, fallback);
  m.check(v >= lo && v <= hi && v == std::floor(v), key,
          "must be a whole number between " + std::to_string(lo) + " and " + std::to_string(hi) + " (got " +
              format_number(v) + ")");
  return static_cast<int>(v);
}

// A file key: resolved against the scenario's folder; the file must exist.
inline std::string existing_file(MapReader& m, const std::string& key, const std::string& base_dir) {
  std::filesystem::path file = m.text(key, std::nullopt);
  if (file.is_relative() && !base_dir.empty()) file = std::filesystem::path(base_dir) / file;
  std::error_code ec;
  m.check(std::filesystem::is_regular_file(file, ec), key, "file not found: " + file.lexically_normal().string());
  return file.lexically_normal().string();
}

// A point given either as x_m/y_m (scene CRS) or as lon/lat (WGS 84), as sites and plan candidates are.
struct PlacedPoint {
  bool from_lonlat = false;
  double x_m = 0, y_m = 0, lon_deg = 0, lat_deg = 0;
};
inline PlacedPoint read_position(MapReader& m) {
  PlacedPoint p;
  p.from_lonlat = m.optional("lon").IsDefined() || m.optional("lat").IsDefined();
  if (p.from_lonlat) {
    m.check(!m.optional("x_m").IsDefined() && !m.optional("y_m").IsDefined(), "x_m",
            "give either x_m/y_m or lon/lat, not both");
    p.lon_deg = m.number("lon", std::nullopt);
    require_range(m, "lon", p.lon_deg, -180, 180, "deg");
    p.lat_deg = m.number("lat", std::nullopt);
    require_range(m, "lat", p.lat_deg, -90, 90, "deg");
  } else {
    p.x_m = m.number("x_m", std::nullopt);
    p.y_m = m.number("y_m", std::nullopt);
    require_range(m, "x_m", p.x_m, -1e7, 1e7, "m");
    require_range(m, "y_m", p.y_m, -2e7, 2e7, "m");
  }
  return p;
}

}  // namespace tarang::yaml_detail

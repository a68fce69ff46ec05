// Helpers for the GIS scene tests: a temporary folder, GeoJSON text, and an index-based closed-surface check.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "scene/scene_mesh.h"

namespace tarang::test {

// A fresh folder under the system temp directory, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    const std::string name = "tarang_gis_" + std::to_string(random()) + "_" + std::to_string(random());
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::create_directories(path_);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }

  std::string file(const std::string& name) const { return (path_ / name).string(); }

  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
    return file(name);
  }

  // Names of the entries in the folder, to check that a failed call wrote nothing.
  std::set<std::string> listing() const {
    std::set<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path_)) {
      names.insert(entry.path().filename().string());
    }
    return names;
  }

 private:
  std::filesystem::path path_;
};

// One GeoJSON feature: `properties` and `geometry` are JSON object texts.
inline std::string feature(const std::string& properties, const std::string& geometry) {
  return R"({"type":"Feature","properties":)" + properties + R"(,"geometry":)" + geometry + "}";
}

// A GeoJSON FeatureCollection; `epsg` > 0 adds the legacy "crs" member naming that EPSG code (GDAL honours it).
inline std::string feature_collection(const std::vector<std::string>& features, int epsg = 0) {
  std::string text = R"({"type":"FeatureCollection",)";
  if (epsg > 0) {
    text += R"("crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::)" + std::to_string(epsg) + R"("}},)";
  }
  text += R"("features":[)";
  for (std::size_t i = 0; i < features.size(); ++i) text += (i ? ",\n" : "\n") + features[i];
  return text + "\n]}\n";
}

using Ring = std::vector<std::pair<double, double>>;

// GeoJSON polygon coordinates ("[[[x,y],...],...]") from open rings of (x, y) pairs; rings are closed here.
inline std::string polygon_coordinates(const std::vector<Ring>& rings) {
  std::string text = "[";
  for (std::size_t r = 0; r < rings.size(); ++r) {
    text += r ? ",[" : "[";
    Ring ring = rings[r];
    ring.push_back(ring.front());
    for (std::size_t i = 0; i < ring.size(); ++i) {
      char point[96];
      std::snprintf(point, sizeof point, "%s[%.10g,%.10g]", i ? "," : "", ring[i].first, ring[i].second);
      text += point;
    }
    text += "]";
  }
  return text + "]";
}

inline std::string polygon(const std::vector<Ring>& rings) {
  return R"({"type":"Polygon","coordinates":)" + polygon_coordinates(rings) + "}";
}

inline std::string multipolygon(const std::vector<std::vector<Ring>>& polygons) {
  std::string text = R"({"type":"MultiPolygon","coordinates":[)";
  for (std::size_t i = 0; i < polygons.size(); ++i) {
    if (i > 0) text.push_back(',');
    text.append(polygon_coordinates(polygons[i]));
  }
  return text + "]}";
}

// Whether every directed edge (by vertex index) of object `object` appears exactly once and its reverse exactly once:
// a closed, consistently oriented surface whose triangles share their vertices. With `open_base_z`, edges whose two
// vertices lie at that height may lack their reverse (a building standing on the ground without a floor).
inline bool closed_by_index(const SceneMesh& mesh, std::uint32_t object, const double* open_base_z = nullptr) {
  std::map<std::pair<std::uint32_t, std::uint32_t>, int> directed;
  for (std::size_t t = 0; t < mesh.triangle_count(); ++t) {
    if (mesh.triangle_object[t] != object) continue;
    for (int c = 0; c < 3; ++c) ++directed[{mesh.indices[3 * t + c], mesh.indices[3 * t + (c + 1) % 3]}];
  }
  if (directed.empty()) return false;
  for (const auto& [edge, count] : directed) {
    if (count != 1) return false;
    if (directed.count({edge.second, edge.first}) == 1) continue;
    const bool on_base = open_base_z != nullptr && mesh.positions_m[3 * edge.first + 2] == *open_base_z &&
                         mesh.positions_m[3 * edge.second + 2] == *open_base_z;
    if (!on_base) return false;
  }
  return true;
}

// Triangle count of one object.
inline std::size_t object_triangle_count(const SceneMesh& mesh, std::uint32_t object) {
  std::size_t n = 0;
  for (const std::uint32_t o : mesh.triangle_object) n += o == object;
  return n;
}

// The id of the object named `name`; fails the test when there is none.
inline std::uint32_t object_id(const SceneMesh& mesh, const std::string& name) {
  for (std::size_t i = 0; i < mesh.object_names.size(); ++i) {
    if (mesh.object_names[i] == name) return static_cast<std::uint32_t>(i);
  }
  ADD_FAILURE() << "no object named " << name;
  return 0;
}

}  // namespace tarang::test

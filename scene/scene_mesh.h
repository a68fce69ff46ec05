// SceneMesh: the triangle scene every engine traces (float32 vertices relative to a georeferenced origin).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace tarang {

// A material as named by the data (canonicalised to its ITU-R P.2040 name where recognised, e.g. "concrete").
struct SceneMaterial {
  std::string name;
  double thickness_m = 0.1;  // slab thickness for transmission through walls
};

// Counts of what an import did, reported by `tarang scene build`.
struct SceneBuildStats {
  std::size_t buildings = 0;          // objects turned into meshes
  std::size_t repaired = 0;           // invalid footprints fixed (MakeValid, duplicate/collinear vertices removed)
  std::size_t skipped = 0;            // features dropped (degenerate, no usable height, absurd values)
  std::vector<std::string> warnings;  // one line each, e.g. "way 1234: height -3 m, skipped"
};

struct SceneMesh {
  // Local scene coordinates: x east, y north, z up, metres; CRS coordinate = origin + local (z is absolute).
  // Vertices stay float32 for the tracers, so they are kept near the origin (UTM coordinates are ~1e6 m).
  double origin_x_m = 0, origin_y_m = 0;
  std::string crs_wkt;                        // projected CRS of origin + local coordinates ("" = unreferenced)
  std::vector<float> positions_m;             // x, y, z per vertex
  std::vector<std::uint32_t> indices;         // 3 per triangle, counter-clockwise seen from outside
  std::vector<std::uint16_t> triangle_material;  // index into materials, per triangle
  std::vector<std::uint32_t> triangle_object;    // building/object id per triangle (index into object_names)
  std::vector<SceneMaterial> materials;
  std::vector<std::string> object_names;      // e.g. OSM "way/1234", PLY file stem, "ground"

  std::size_t vertex_count() const { return positions_m.size() / 3; }
  std::size_t triangle_count() const { return indices.size() / 3; }
  // Local bounding box {xmin, ymin, zmin, xmax, ymax, zmax}; all zeros when empty.
  std::array<double, 6> local_bounds() const;
};

}  // namespace tarang

// A synthetic Manhattan-grid city of box buildings, georeferenced, for tests, benchmarks and demos of any size.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scene/scene_mesh.h"

namespace tarang {

struct ProceduralCityOptions {
  int blocks_per_side = 10;     // G: the city has G x G buildings (G = 1000 gives 10 million triangles)
  double building_size_m = 40;  // side of each square footprint
  double pitch_m = 60;          // distance between neighbouring buildings' corners (street width = pitch - size)
  double min_height_m = 10;     // heights are uniform in [min_height_m, max_height_m]
  double max_height_m = 80;
  std::uint64_t seed = 1;  // same seed (and G) -> the same city, byte for byte, on every platform
  std::vector<std::string> materials = {"concrete", "brick", "glass", "metal", "wood"};  // drawn uniformly
  double thickness_m = 0.1;         // slab thickness of every material
  bool ground = true;               // add a 2-triangle ground plane (object "ground", material medium_dry_ground)
  double ground_margin_m = 100;     // how far the ground extends beyond the outermost buildings
  double origin_lon_deg = 77.2090;  // geographic position of local (0, 0): New Delhi by default
  double origin_lat_deg = 28.6139;
  int threads = 0;  // 0 = all hardware threads
};

// Builds the city. Local frame: x east, y north, z up, metres, (0, 0) at the geographic origin; building (i, j),
// i, j in [0, G), occupies [i*pitch, i*pitch + size] x [j*pitch, j*pitch + size] x [0, height], is object
// i*G + j named "block_i_j", and has exactly 10 triangles (4 walls x 2, flat roof x 2, no floor: it stands on the
// ground), outward-facing and counter-clockwise seen from outside. The ground, if any, is the last object and covers
// [-margin, (G-1)*pitch + size + margin]^2 at z = 0. The mesh is placed in the WGS 84 UTM zone of the origin:
// crs_wkt = that zone's WKT, origin_x_m/origin_y_m = the origin's easting/northing.
//
// Random draws (documented so other tools can reproduce a city): one std::mt19937_64 seeded with `seed`; building
// k = i*G + j takes draws 2k and 2k+1: height = min + (d >> 11) * 2^-53 * (max - min), material index =
// ((d >> 11) * n_materials) >> 53. Materials lists every entry of options.materials in order, then
// medium_dry_ground when there is a ground.
// Throws std::invalid_argument for options that make no city (G < 1 or too large for 32-bit vertex ids, size <= 0,
// pitch < size, heights not 0 < min <= max, no materials, origin outside the UTM grid).
SceneMesh make_procedural_city(const ProceduralCityOptions& options);

}  // namespace tarang

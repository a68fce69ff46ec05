// Procedural Manhattan city: seeded box buildings written straight into preallocated arrays, in parallel.
#include "scene/procedural_city.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <random>
#include <stdexcept>

#include "core/parallel_for.h"
#include "scene/crs.h"
#include "scene/material_names.h"

namespace tarang {
namespace {

constexpr std::size_t kVerticesPerBuilding = 8;
constexpr std::size_t kTrianglesPerBuilding = 10;
// Corners 0-3: footprint at z = 0 (SW, SE, NE, NW); 4-7: the same at roof height. Each wall is two triangles,
// counter-clockwise seen from outside (S, E, N, W), then the roof (normal +z).
constexpr std::uint32_t kBuildingTriangles[kTrianglesPerBuilding][3] = {
    {0, 1, 5}, {0, 5, 4}, {1, 2, 6}, {1, 6, 5}, {2, 3, 7}, {2, 7, 6}, {3, 0, 4}, {3, 4, 7}, {4, 5, 6}, {4, 6, 7}};

// [0, 1) from the top 53 bits of a draw: exact and identical on every standard library.
double unit_interval(std::uint64_t draw) { return static_cast<double>(draw >> 11) * 0x1.0p-53; }

void validate(const ProceduralCityOptions& o) {
  auto require = [](bool ok, const std::string& message) {
    if (!ok) throw std::invalid_argument("procedural city: " + message);
  };
  // 8 G^2 + 4 vertices must fit 32-bit indices.
  require(o.blocks_per_side >= 1 && o.blocks_per_side <= 23170,
          "blocks_per_side must be 1..23170, got " + std::to_string(o.blocks_per_side));
  require(std::isfinite(o.building_size_m) && o.building_size_m > 0, "building_size_m must be > 0");
  require(std::isfinite(o.pitch_m) && o.pitch_m >= o.building_size_m, "pitch_m must be >= building_size_m");
  require(std::isfinite(o.min_height_m) && std::isfinite(o.max_height_m) && o.min_height_m > 0 &&
              o.min_height_m <= o.max_height_m,
          "heights must satisfy 0 < min_height_m <= max_height_m");
  require(!o.materials.empty() && o.materials.size() < 65535, "materials must list 1..65534 names");
  require(std::isfinite(o.thickness_m) && o.thickness_m > 0, "thickness_m must be > 0");
  require(std::isfinite(o.ground_margin_m) && o.ground_margin_m >= 0, "ground_margin_m must be >= 0");
}

// "block_I_J" without going through iostreams.
void name_block(std::string& out, std::size_t i, std::size_t j) {
  char buffer[48] = "block_";
  char* const underscore = std::to_chars(buffer + 6, buffer + 24, i).ptr;  // 20 digits hold any size_t
  *underscore = '_';
  out.assign(buffer, std::to_chars(underscore + 1, buffer + sizeof buffer, j).ptr);
}

}  // namespace

SceneMesh make_procedural_city(const ProceduralCityOptions& options) {
  validate(options);
  const std::size_t side = static_cast<std::size_t>(options.blocks_per_side);
  const std::size_t buildings = side * side;
  const std::size_t objects = buildings + (options.ground ? 1 : 0);

  SceneMesh mesh;
  const ProjectedCrs crs = utm_crs_for(options.origin_lon_deg, options.origin_lat_deg);
  const ProjectedPoint origin = lonlat_to_projected(options.origin_lon_deg, options.origin_lat_deg, crs.wkt);
  mesh.crs_wkt = crs.wkt;
  mesh.origin_x_m = origin.x_m;
  mesh.origin_y_m = origin.y_m;
  for (const std::string& name : options.materials) {
    mesh.materials.push_back(SceneMaterial{canonical_material_name(name), options.thickness_m});
  }
  if (options.ground) mesh.materials.push_back(SceneMaterial{"medium_dry_ground", options.thickness_m});

  // The draws are sequential (one engine); the geometry below only reads them, so it can run in any order.
  std::vector<float> heights_m(buildings);
  std::vector<std::uint16_t> building_material(buildings);
  std::mt19937_64 engine(options.seed);
  const double height_span_m = options.max_height_m - options.min_height_m;
  const std::uint64_t material_count = options.materials.size();
  for (std::size_t k = 0; k < buildings; ++k) {
    heights_m[k] = static_cast<float>(options.min_height_m + unit_interval(engine()) * height_span_m);
    building_material[k] = static_cast<std::uint16_t>(((engine() >> 11) * material_count) >> 53);
  }

  mesh.positions_m.resize(3 * (kVerticesPerBuilding * buildings + (options.ground ? 4 : 0)));
  mesh.indices.resize(3 * (kTrianglesPerBuilding * buildings + (options.ground ? 2 : 0)));
  mesh.triangle_material.resize(mesh.indices.size() / 3);
  mesh.triangle_object.resize(mesh.indices.size() / 3);
  mesh.object_names.resize(objects);

  parallel_for_chunks(
      buildings,
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t k = begin; k < end; ++k) {
          const std::size_t i = k / side, j = k % side;
          const double x0 = static_cast<double>(i) * options.pitch_m, y0 = static_cast<double>(j) * options.pitch_m;
          const float xs[2] = {static_cast<float>(x0), static_cast<float>(x0 + options.building_size_m)};
          const float ys[2] = {static_cast<float>(y0), static_cast<float>(y0 + options.building_size_m)};
          const float zs[2] = {0.0f, heights_m[k]};
          float* p = &mesh.positions_m[3 * kVerticesPerBuilding * k];
          for (int level = 0; level < 2; ++level) {
            const float corners[4][2] = {{xs[0], ys[0]}, {xs[1], ys[0]}, {xs[1], ys[1]}, {xs[0], ys[1]}};
            for (const auto& corner : corners) {
              *p++ = corner[0];
              *p++ = corner[1];
              *p++ = zs[level];
            }
          }
          const auto base = static_cast<std::uint32_t>(kVerticesPerBuilding * k);
          std::uint32_t* index = &mesh.indices[3 * kTrianglesPerBuilding * k];
          for (const auto& triangle : kBuildingTriangles) {
            for (const std::uint32_t corner : triangle) *index++ = base + corner;
          }
          const std::size_t first = kTrianglesPerBuilding * k;
          for (std::size_t t = first; t < first + kTrianglesPerBuilding; ++t) {
            mesh.triangle_material[t] = building_material[k];
            mesh.triangle_object[t] = static_cast<std::uint32_t>(k);
          }
          name_block(mesh.object_names[k], i, j);
        }
      },
      options.threads);

  if (options.ground) {
    const auto lo = static_cast<float>(-options.ground_margin_m);
    const auto hi = static_cast<float>(static_cast<double>(side - 1) * options.pitch_m + options.building_size_m +
                                       options.ground_margin_m);
    const float corners[4][3] = {{lo, lo, 0}, {hi, lo, 0}, {hi, hi, 0}, {lo, hi, 0}};
    const std::size_t first_vertex = kVerticesPerBuilding * buildings;
    for (std::size_t c = 0; c < 4; ++c) {
      for (std::size_t a = 0; a < 3; ++a) mesh.positions_m[3 * (first_vertex + c) + a] = corners[c][a];
    }
    const auto v = static_cast<std::uint32_t>(first_vertex);
    const std::uint32_t ground_indices[6] = {v, v + 1, v + 2, v, v + 2, v + 3};
    std::copy(ground_indices, ground_indices + 6, mesh.indices.end() - 6);
    const std::size_t first_triangle = kTrianglesPerBuilding * buildings;
    for (std::size_t t = first_triangle; t < first_triangle + 2; ++t) {
      mesh.triangle_material[t] = static_cast<std::uint16_t>(mesh.materials.size() - 1);
      mesh.triangle_object[t] = static_cast<std::uint32_t>(buildings);
    }
    mesh.object_names[buildings] = "ground";
  }
  return mesh;
}

}  // namespace tarang

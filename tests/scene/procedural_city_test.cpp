// Tests for the procedural city: counts, closed outward-facing buildings, documented seeded draws, georeference.
#include "scene/procedural_city.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <set>
#include <stdexcept>

#include "scene/mesh_checks.h"

namespace tarang {
namespace {

ProceduralCityOptions city(int side, bool ground = true, std::uint64_t seed = 1) {
  ProceduralCityOptions options;
  options.blocks_per_side = side;
  options.ground = ground;
  options.seed = seed;
  return options;
}

// Roof height of building k: the z of its top corners (vertices 8k + 4 .. 8k + 7).
float roof_height(const SceneMesh& mesh, std::size_t k) { return mesh.positions_m[3 * (8 * k + 4) + 2]; }

TEST(ProceduralCity, TenTrianglesPerBuildingPlusTwoForTheGround) {
  for (const int side : {1, 3, 7}) {
    for (const bool ground : {false, true}) {
      const SceneMesh mesh = make_procedural_city(city(side, ground));
      const std::size_t buildings = static_cast<std::size_t>(side * side);
      EXPECT_EQ(mesh.triangle_count(), 10 * buildings + (ground ? 2 : 0)) << side << " " << ground;
      EXPECT_EQ(mesh.vertex_count(), 8 * buildings + (ground ? 4 : 0));
      EXPECT_EQ(mesh.triangle_material.size(), mesh.triangle_count());
      EXPECT_EQ(mesh.triangle_object.size(), mesh.triangle_count());
      EXPECT_EQ(mesh.object_names.size(), buildings + (ground ? 1 : 0));
      EXPECT_EQ(mesh.materials.size(), 5u + (ground ? 1 : 0));
      EXPECT_EQ(degenerate_triangle_count(mesh), 0u);
    }
  }
}

TEST(ProceduralCity, BuildingsSitOnTheDocumentedGrid) {
  const SceneMesh mesh = make_procedural_city(city(4));
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t j = 0; j < 4; ++j) {
      const std::size_t k = i * 4 + j;
      EXPECT_EQ(mesh.object_names[k], "block_" + std::to_string(i) + "_" + std::to_string(j));
      float lo[3] = {1e9f, 1e9f, 1e9f}, hi[3] = {-1e9f, -1e9f, -1e9f};
      for (std::size_t t = 0; t < mesh.triangle_count(); ++t) {
        if (mesh.triangle_object[t] != k) continue;
        for (int c = 0; c < 3; ++c) {
          for (int a = 0; a < 3; ++a) {
            const float v = mesh.positions_m[3 * mesh.indices[3 * t + c] + a];
            lo[a] = std::min(lo[a], v);
            hi[a] = std::max(hi[a], v);
          }
        }
      }
      EXPECT_EQ(lo[0], 60.0f * i);
      EXPECT_EQ(hi[0], 60.0f * i + 40.0f);
      EXPECT_EQ(lo[1], 60.0f * j);
      EXPECT_EQ(hi[1], 60.0f * j + 40.0f);
      EXPECT_EQ(lo[2], 0.0f);
      EXPECT_EQ(hi[2], roof_height(mesh, k));
    }
  }
  EXPECT_EQ(mesh.object_names.back(), "ground");
  EXPECT_EQ(mesh.materials.back().name, "medium_dry_ground");
  const auto bounds = mesh.local_bounds();
  EXPECT_EQ(bounds[0], -100.0);
  EXPECT_EQ(bounds[3], 3 * 60.0 + 40.0 + 100.0);
}

TEST(ProceduralCity, EveryBuildingIsClosedOnTheGroundWithItsBoxVolume) {
  const SceneMesh mesh = make_procedural_city(city(6));
  for (std::uint32_t k = 0; k < 36; ++k) {
    EXPECT_TRUE(is_watertight(mesh, k, OpenBase::yes)) << mesh.object_names[k];
    EXPECT_FALSE(is_watertight(mesh, k)) << "no floor, so not closed on its own";
    const double volume_m3 = signed_volume_m3(mesh, k);
    EXPECT_GT(volume_m3, 0) << mesh.object_names[k];
    EXPECT_NEAR(volume_m3, 40.0 * 40.0 * roof_height(mesh, k), 1e-6 * volume_m3);
  }
  EXPECT_FALSE(is_watertight(mesh, 36, OpenBase::yes)) << "the ground is a single open sheet";
}

TEST(ProceduralCity, HeightsAndMaterialsFollowTheDocumentedDraws) {
  const SceneMesh mesh = make_procedural_city(city(30, false, 42));
  std::mt19937_64 engine(42);  // the contract in procedural_city.h, reimplemented
  std::set<std::uint16_t> used;
  float lowest = 1e9f, highest = 0;
  for (std::size_t k = 0; k < 900; ++k) {
    const double height_m = 10.0 + static_cast<double>(engine() >> 11) * 0x1.0p-53 * 70.0;
    const auto material = static_cast<std::uint16_t>(((engine() >> 11) * 5) >> 53);
    ASSERT_EQ(roof_height(mesh, k), static_cast<float>(height_m)) << k;
    ASSERT_EQ(mesh.triangle_material[10 * k], material) << k;
    lowest = std::min(lowest, roof_height(mesh, k));
    highest = std::max(highest, roof_height(mesh, k));
    used.insert(material);
  }
  EXPECT_GE(lowest, 10.0f);
  EXPECT_LE(highest, 80.0f);
  EXPECT_LT(lowest, 12.0f);  // 900 uniform draws reach close to both ends
  EXPECT_GT(highest, 78.0f);
  EXPECT_EQ(used.size(), 5u);
  EXPECT_EQ(mesh.materials[2].name, "glass");
}

TEST(ProceduralCity, SameSeedSameBytesDifferentSeedDifferentHeights) {
  ProceduralCityOptions one_thread = city(20, true, 7);
  one_thread.threads = 1;
  ProceduralCityOptions many_threads = city(20, true, 7);
  many_threads.threads = 5;
  const SceneMesh a = make_procedural_city(one_thread), b = make_procedural_city(many_threads);
  ASSERT_EQ(a.positions_m.size(), b.positions_m.size());
  EXPECT_EQ(std::memcmp(a.positions_m.data(), b.positions_m.data(), a.positions_m.size() * sizeof(float)), 0);
  EXPECT_EQ(a.indices, b.indices);
  EXPECT_EQ(a.triangle_material, b.triangle_material);
  EXPECT_EQ(a.triangle_object, b.triangle_object);
  EXPECT_EQ(a.object_names, b.object_names);
  EXPECT_EQ(a.crs_wkt, b.crs_wkt);

  const SceneMesh c = make_procedural_city(city(20, true, 8));
  std::size_t differing = 0;
  for (std::size_t k = 0; k < 400; ++k) differing += roof_height(a, k) != roof_height(c, k);
  EXPECT_GT(differing, 390u);
}

TEST(ProceduralCity, OriginLandsOnNewDelhisUtmCoordinates) {
  const SceneMesh mesh = make_procedural_city(city(2));
  // Independently: echo "77.2090 28.6139" | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32643
  //   -> 715980.293739207 3167204.81965496
  EXPECT_NEAR(mesh.origin_x_m, 715980.293739207, 0.01);
  EXPECT_NEAR(mesh.origin_y_m, 3167204.81965496, 0.01);
  EXPECT_NE(mesh.crs_wkt.find("UTM zone 43N"), std::string::npos);
  EXPECT_NE(mesh.crs_wkt.find("32643"), std::string::npos);

  ProceduralCityOptions south = city(1);
  south.origin_lon_deg = 151.2093;  // Sydney: zone 56S
  south.origin_lat_deg = -33.8688;
  const SceneMesh sydney = make_procedural_city(south);
  EXPECT_NE(sydney.crs_wkt.find("32756"), std::string::npos);
  // echo "151.2093 -33.8688" | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32756 -> 334368.633648097 6250948.34538501
  EXPECT_NEAR(sydney.origin_x_m, 334368.633648097, 0.01);
  EXPECT_NEAR(sydney.origin_y_m, 6250948.34538501, 0.01);
}

TEST(ProceduralCity, RejectsOptionsThatMakeNoCity) {
  auto with = [](auto change) {
    ProceduralCityOptions options = city(2);
    change(options);
    return options;
  };
  EXPECT_THROW(make_procedural_city(with([](auto& o) { o.blocks_per_side = 0; })), std::invalid_argument);
  EXPECT_THROW(make_procedural_city(with([](auto& o) { o.blocks_per_side = 30000; })), std::invalid_argument);
  EXPECT_THROW(make_procedural_city(with([](auto& o) { o.pitch_m = 30; })), std::invalid_argument);
  EXPECT_THROW(make_procedural_city(with([](auto& o) { o.min_height_m = 90; })), std::invalid_argument);
  EXPECT_THROW(make_procedural_city(with([](auto& o) { o.materials.clear(); })), std::invalid_argument);
  EXPECT_THROW(make_procedural_city(with([](auto& o) { o.origin_lat_deg = 89; })), std::invalid_argument);
}

}  // namespace
}  // namespace tarang

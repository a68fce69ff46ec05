// Over-rooftop (macro) propagation in a procedural Manhattan city: street-level NLOS cells of the ray-traced map
// with edge diffraction against ITU-R P.1411 section 4.2.2.1 and the TR 38.901 UMa NLOS median. Loose bounds: the
// numbers (median difference and spread) are reported in docs/raytracing.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "propagation/itu_p1411_pathloss.h"
#include "propagation/tr38901_pathloss.h"
#include "raytrace/embree_intersector.h"
#include "raytrace/radio_map_sbr.h"
#include "scene/procedural_city.h"

namespace tarang {
namespace {

constexpr double kFrequency_hz = 3.5e9;
constexpr double kTxHeight_m = 35, kRxHeight_m = 1.5;

struct Spread {
  double median, p10, p90;
  int cells;
};

Spread spread_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v[v.size() / 10], v[v.size() * 9 / 10], static_cast<int>(v.size())};
}

TEST(OverRooftop, StreetLevelNlosMatchesP1411AndUmaMedians) {
  ProceduralCityOptions city;
  city.blocks_per_side = 7;  // 40 m blocks, 20 m streets, roofs 15..25 m
  city.min_height_m = 15, city.max_height_m = 25;
  city.materials = {"concrete"};
  const SceneMesh mesh = make_procedural_city(city);
  Scenario s;
  s.scene.crs = "EPSG:32643";
  s.scene.ground = GroundKind::None;  // the city has its own ground mesh
  s.radio.frequency_hz = kFrequency_hz;
  s.propagation.model = PathLossModel::Raytrace;
  s.raytrace.rays = 1000000;
  s.raytrace.max_depth = 2;
  SiteSpec site;
  site.id = "macro";
  site.x_m = mesh.origin_x_m + 230, site.y_m = mesh.origin_y_m + 230;  // above a street crossing, over the roofs
  site.height_m = kTxHeight_m;
  site.sectors.push_back(SectorSpec{"iso", 0, 0, 43, AntennaKind::Isotropic, SectorPolarization::V});
  s.sites.push_back(site);
  s.grid = GridSpec{mesh.origin_x_m, mesh.origin_y_m, mesh.origin_x_m + 400, mesh.origin_y_m + 400, 5, kRxHeight_m};
  const RasterGrid grid = raster_grid_of(s.grid, "");
  const std::vector<float> order1 = trace_sbr_gain_maps(s, mesh, grid, nullptr, nullptr, 2);
  s.raytrace.diffraction_order = 0;
  const std::vector<float> order0 = trace_sbr_gain_maps(s, mesh, grid, nullptr, nullptr, 2);

  const EmbreeIntersector embree(mesh);
  const Vec3<float> tx{230, 230, static_cast<float>(kTxHeight_m)};
  std::vector<double> vs_p1411, vs_uma, vs_p1411_order0;
  int dark_order0 = 0, dark_order1 = 0;
  for (int row = 0; row < grid.ny; ++row) {
    for (int col = 0; col < grid.nx; ++col) {
      const std::size_t i = static_cast<std::size_t>(row) * grid.nx + col;
      if (std::isnan(order1[i])) continue;  // inside a building
      const float x = static_cast<float>(grid.x_center_m(col) - mesh.origin_x_m);
      const float y = static_cast<float>(grid.y_center_m(row) - mesh.origin_y_m);
      const double d2d = std::hypot(x - tx.x, y - tx.y);
      if (d2d < 80 || d2d > 250) continue;
      const Vec3<float> rx{x, y, static_cast<float>(kRxHeight_m)};
      const float d3d = length(rx - tx);
      if (!is_hit(embree.intersect(Ray{tx, normalize(rx - tx), 0.0f, d3d - 0.01f}))) continue;  // NLOS cells only
      // Street axis at the receiver: a cell between two block rows lies in a street running along x.
      const double in_row = std::fmod(y, 60.0);
      const double axis_x = in_row > 40 ? 1 : 0, axis_y = 1 - axis_x;
      const double phi_deg =
          std::acos(std::fabs(((x - tx.x) * axis_x + (y - tx.y) * axis_y) / d2d)) * 180 / M_PI;
      const P1411OverRooftopLink<double> link{d3d, kFrequency_hz, kTxHeight_m, kRxHeight_m, 20, 60, 20, phi_deg, d2d,
                                              P1411CityType::MediumCitySuburbanCentre};
      const double p1411_db = p1411_over_rooftop_urban_path_loss_db(link);
      const double uma_db = tr38901_nlos_path_loss_db(Tr38901Scenario::UMa,
                                                      Tr38901Link<double>{d2d, kTxHeight_m, kRxHeight_m, kFrequency_hz});
      vs_p1411.push_back(order1[i] + p1411_db);
      vs_uma.push_back(order1[i] + uma_db);
      vs_p1411_order0.push_back(order0[i] + p1411_db);  // -inf where no ray arrived
      if (!std::isfinite(order1[i])) ++dark_order1;
      if (!std::isfinite(order0[i])) ++dark_order0;
    }
  }
  ASSERT_GT(vs_p1411.size(), 300u);
  const Spread p = spread_of(vs_p1411), u = spread_of(vs_uma);
  std::printf("NLOS street cells %d: map - P.1411 median %.1f dB (10%%..90%% %.1f..%.1f); map - UMa NLOS median %.1f dB "
              "(%.1f..%.1f)\n",
              p.cells, p.median, p.p10, p.p90, u.median, u.p10, u.p90);
  const Spread p0 = spread_of(vs_p1411_order0);
  std::printf("without diffraction: %d of these cells unreached (with: %d), map - P.1411 median %.1f dB\n",
              dark_order0, dark_order1, p0.median);
  EXPECT_LT(std::fabs(p.median), 10.0);  // loose: a 7 x 7 block city is not the statistical city of either model
  EXPECT_LT(std::fabs(u.median), 10.0);  // (6.7 and -2.4 dB seen)
  EXPECT_EQ(dark_order1, 0);             // diffraction reaches every shadowed street cell...
  EXPECT_GT(dark_order0, p.cells / 2);   // ...most of which reflections alone leave dark (1660 of 2265 seen)
}

}  // namespace
}  // namespace tarang

// lon/lat <-> projected conversions against closed forms of the UTM projection and round trips.
#include "scene/crs.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace tarang {
namespace {

TEST(ProjectedToLonLat, InvertsUtmAtItsOrigin) {
  // UTM zone 43N: the central meridian 75 E crosses the equator at easting 500000 m (false easting), northing 0.
  const LonLat p = projected_to_lonlat(500000, 0, "EPSG:32643");
  EXPECT_NEAR(p.lon_deg, 75, 1e-12);
  EXPECT_NEAR(p.lat_deg, 0, 1e-12);
}

TEST(ProjectedToLonLat, RoundTripsWithLonLatToProjected) {
  const std::vector<std::pair<double, double>> points = {{77.209, 28.6139}, {72.5, 10.0}, {78.9, 45.0}};
  for (const auto& [lon, lat] : points) {
    const ProjectedPoint xy = lonlat_to_projected(lon, lat, "EPSG:32643");
    const LonLat back = projected_to_lonlat(xy.x_m, xy.y_m, "EPSG:32643");
    // 1e-9 deg is 0.1 mm: PROJ's Transverse Mercator (Poder/Engsager) round-trips far better than that.
    EXPECT_NEAR(back.lon_deg, lon, 1e-9);
    EXPECT_NEAR(back.lat_deg, lat, 1e-9);
  }
}

TEST(ProjectedToLonLat, BatchMatchesSinglePoints) {
  const std::vector<ProjectedPoint> xy = {{714000, 3169000}, {715000, 3168250}};
  const std::vector<LonLat> batch = projected_to_lonlat(xy, "EPSG:32643");
  ASSERT_EQ(batch.size(), 2u);
  for (std::size_t i = 0; i < xy.size(); ++i) {
    const LonLat single = projected_to_lonlat(xy[i].x_m, xy[i].y_m, "EPSG:32643");
    EXPECT_EQ(batch[i].lon_deg, single.lon_deg);
    EXPECT_EQ(batch[i].lat_deg, single.lat_deg);
  }
}

TEST(ProjectedToLonLat, RejectsGeographicAndUnknownCrs) {
  EXPECT_THROW(projected_to_lonlat(0, 0, "EPSG:4326"), std::invalid_argument);
  EXPECT_THROW(projected_to_lonlat(0, 0, "not a crs"), std::invalid_argument);
}

}  // namespace
}  // namespace tarang

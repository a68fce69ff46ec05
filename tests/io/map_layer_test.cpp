// Layer selection: each name gives the right map, title and units; unknown layers and sectors are InputErrors.
#include "io/map_layer.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "tests/io/export_test_support.h"

namespace tarang {
namespace {

std::string message_of(const CoverageResult& r, const std::string& name) {
  try {
    select_map_layer(r, name, "in.h5");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(SelectMapLayer, CopiesTheNamedMap) {
  const CoverageResult r = test::make_export_result();
  const MapLayer rsrp = select_map_layer(r, "rsrp", "in.h5");
  EXPECT_EQ(rsrp.title, "RSRP");
  EXPECT_EQ(rsrp.units, "dBm");
  EXPECT_FALSE(rsrp.categorical);
  EXPECT_EQ(rsrp.values.size(), r.maps.rsrp_dbm.size());
  EXPECT_EQ(rsrp.values[5 * 40 + 7], -113.0f);                               // -120 + col
  EXPECT_EQ(select_map_layer(r, "sinr", "in.h5").values[5 * 40 + 7], 0.0f);  // -5 + row
  EXPECT_EQ(select_map_layer(r, "throughput", "in.h5").units, "Mbit/s");
  const MapLayer best = select_map_layer(r, "best_sector", "in.h5");
  EXPECT_TRUE(best.categorical);
  EXPECT_EQ(best.categories, r.maps.best_sector);
}

TEST(SelectMapLayer, GainPicksTheSectorsSlice) {
  const CoverageResult r = test::make_export_result();
  const MapLayer gain = select_map_layer(r, "gain:beta-1", "in.h5");
  EXPECT_EQ(gain.title, "Gain of beta-1");
  EXPECT_EQ(gain.units, "dB");
  ASSERT_EQ(gain.values.size(), r.grid.cell_count());
  EXPECT_EQ(gain.values[10 * 40 + 20], -100.0f - 2 - 10);  // sector 2, row 10
  EXPECT_TRUE(is_gain_layer("gain:x"));
  EXPECT_FALSE(is_gain_layer("rsrp"));
}

TEST(SelectMapLayer, UnknownLayerListsTheLayers) {
  const std::string message = message_of(test::make_export_result(), "rsrq");
  EXPECT_EQ(message.rfind("in.h5: --layer: no layer 'rsrq' in this file (layers: rsrp, sinr, throughput, best_sector, "
                          "gain:SECTOR",
                          0),
            0u)
      << message;
  EXPECT_NE(message.find("alpha-1, alpha-2, beta-1"), std::string::npos) << message;
}

TEST(SelectMapLayer, UnknownSectorListsTheSectors) {
  EXPECT_EQ(message_of(test::make_export_result(), "gain:gamma-1"),
            "in.h5: --layer: no sector 'gamma-1' in this file (sectors: alpha-1, alpha-2, beta-1)");
}

TEST(SelectMapLayer, GainNeedsTheGainMaps) {
  CoverageResult r = test::make_export_result();
  r.maps.gain_db.clear();  // as read with ResultReadOptions{false}
  EXPECT_EQ(message_of(r, "gain:alpha-1"), "in.h5: --layer: the gain maps were not read from this file");
}

}  // namespace
}  // namespace tarang

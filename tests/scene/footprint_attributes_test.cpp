// Tests for footprint attributes: lengths, hstore tags, the height rules and the material table.
#include "scene/footprint_attributes.h"

#include <gtest/gtest.h>

namespace tarang {
namespace {

TEST(ParseLength, AcceptsMetresWithOrWithoutUnit) {
  EXPECT_DOUBLE_EQ(*parse_length_m("12"), 12.0);
  EXPECT_DOUBLE_EQ(*parse_length_m("12.5"), 12.5);
  EXPECT_DOUBLE_EQ(*parse_length_m("12 m"), 12.0);
  EXPECT_DOUBLE_EQ(*parse_length_m("12m"), 12.0);
  EXPECT_DOUBLE_EQ(*parse_length_m("  7,5 "), 7.5);
  EXPECT_DOUBLE_EQ(*parse_length_m("-3"), -3.0);  // parsed; the height rules reject it
}

TEST(ParseLength, RejectsNonLengths) {
  for (const char* text : {"abc", "", "  ", "12 ft", "12 m tall", "m", "nan", "inf", "12;14"}) {
    EXPECT_FALSE(parse_length_m(text).has_value()) << text;
  }
}

TEST(Hstore, ParsesPairsWithEscapes) {
  TagMap tags;
  add_hstore_tags(R"("building:levels"=>"4","name"=>"A \"quoted\" name","roof:material"=>"roof_tiles")", tags);
  ASSERT_EQ(tags.size(), 3u);
  EXPECT_EQ(tags.at("building_levels"), "4");
  EXPECT_EQ(tags.at("name"), "A \"quoted\" name");
  EXPECT_EQ(tags.at("roof_material"), "roof_tiles");
}

TEST(Hstore, KeepsPairsBeforeAFaultAndExistingKeys) {
  TagMap tags{{"height", "5"}};
  add_hstore_tags(R"("height"=>"9","a"=>"1","b"=>)", tags);
  EXPECT_EQ(tags.at("height"), "5");
  EXPECT_EQ(tags.at("a"), "1");
  EXPECT_EQ(tags.count("b"), 0u);
}

TEST(Heights, RulesInOrder) {
  FootprintOptions options;
  options.default_height_m = 10;
  options.level_height_m = 3;
  EXPECT_DOUBLE_EQ(footprint_heights({{"height", "12 m"}, {"building_levels", "7"}}, options).height_m, 12.0);
  EXPECT_DOUBLE_EQ(footprint_heights({{"building_levels", "4"}}, options).height_m, 12.0);
  EXPECT_DOUBLE_EQ(footprint_heights({}, options).height_m, 10.0);
  const FootprintHeights raised = footprint_heights({{"height", "8"}, {"min_height", "3"}}, options);
  EXPECT_TRUE(raised.problem.empty());
  EXPECT_DOUBLE_EQ(raised.min_height_m, 3.0);
  const FootprintHeights by_levels =
      footprint_heights({{"building_levels", "5"}, {"building_min_level", "2"}}, options);
  EXPECT_DOUBLE_EQ(by_levels.height_m, 15.0);
  EXPECT_DOUBLE_EQ(by_levels.min_height_m, 6.0);
  // An untagged top over a tagged underside stands one level above it.
  EXPECT_DOUBLE_EQ(footprint_heights({{"min_height", "18"}}, options).height_m, 21.0);
}

TEST(Heights, ProblemsNameTheValue) {
  FootprintOptions options;
  EXPECT_NE(footprint_heights({{"height", "abc"}}, options).problem.find("'abc'"), std::string::npos);
  EXPECT_NE(footprint_heights({{"height", "-3"}}, options).problem.find("negative"), std::string::npos);
  EXPECT_NE(footprint_heights({{"height", "2000"}}, options).problem.find("exceeds"), std::string::npos);
  EXPECT_NE(footprint_heights({{"building_levels", "four"}}, options).problem.find("levels"), std::string::npos);
  EXPECT_NE(footprint_heights({{"height", "5"}, {"min_height", "6"}}, options).problem.find("min_height"),
            std::string::npos);
  EXPECT_FALSE(footprint_heights({{"height", "0"}}, options).problem.empty());
}

TEST(Materials, OsmValuesMapToP2040) {
  EXPECT_EQ(p2040_material("concrete"), "concrete");
  EXPECT_EQ(p2040_material("cement_block"), "concrete");
  EXPECT_EQ(p2040_material("Brick"), "brick");
  EXPECT_EQ(p2040_material("glass"), "glass");
  EXPECT_EQ(p2040_material("timber_framing"), "wood");
  EXPECT_EQ(p2040_material("steel"), "metal");
  EXPECT_EQ(p2040_material("stone"), "marble");
  EXPECT_EQ(p2040_material("roof_tiles"), "brick");
  EXPECT_EQ(p2040_material("itu_glass"), "glass");
  EXPECT_FALSE(p2040_material("unobtainium").has_value());
}

TEST(Materials, WallRoofAndFallbacks) {
  FootprintOptions options;
  options.default_material = "brick";
  options.material_attribute = "facade";
  std::map<std::string, std::size_t> unknown;
  FootprintMaterials m =
      footprint_materials({{"building_material", "glass"}, {"roof_material", "copper"}}, options, unknown);
  EXPECT_EQ(m.wall, "glass");
  EXPECT_EQ(m.roof, "metal");
  m = footprint_materials({{"facade", "wood"}, {"building_material", "glass"}}, options, unknown);
  EXPECT_EQ(m.wall, "wood");
  EXPECT_EQ(m.roof, "wood");
  m = footprint_materials({{"building_material", "unobtainium"}}, options, unknown);
  EXPECT_EQ(m.wall, "brick");
  EXPECT_EQ(unknown.at("building:material 'unobtainium'"), 1u);
  m = footprint_materials({}, options, unknown);
  EXPECT_EQ(m.wall, "brick");
  EXPECT_EQ(m.roof, "brick");
}

}  // namespace
}  // namespace tarang

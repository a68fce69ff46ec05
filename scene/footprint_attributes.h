// Footprint attributes: OSM-style tags (fields and `other_tags` hstore) turned into heights and P.2040 materials.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "scene/building_footprints.h"

namespace tarang {

// Tags of one feature keyed by normalized_tag_key (so "building:levels", "BUILDING_LEVELS" and "building_levels"
// are the same key).
using TagMap = std::map<std::string, std::string>;

// Lower case, ':' and '-' turned into '_'.
std::string normalized_tag_key(std::string_view key);

// Adds the pairs of a PostgreSQL hstore text ("key"=>"value","k2"=>"v2", backslash escapes) to `tags`; existing keys
// are kept. Malformed text adds the pairs parsed before the fault.
void add_hstore_tags(std::string_view hstore, TagMap& tags);

// A length in metres from text such as "12", "12.5", "12 m", "12m", " 7,5 " (decimal comma); nullopt otherwise
// (including "abc", "12 ft", "" and non-finite numbers).
std::optional<double> parse_length_m(std::string_view text);

// Heights of one footprint, or the reason it has none usable (then `problem` is non-empty).
struct FootprintHeights {
  double height_m = 0;
  double min_height_m = 0;
  std::string problem;  // e.g. "height 'abc' is not a length in metres"
};

// Applies the height rules of read_building_footprints to `tags`.
FootprintHeights footprint_heights(const TagMap& tags, const FootprintOptions& options);

// The ITU-R P.2040 material for an OSM material value ("brick", "cement_block", "roof_tiles", "itu_glass"), nullopt
// when not recognised. Choices (P.2040 has no stone, plaster or tile): stone/sandstone/limestone/granite -> marble,
// plaster/render/cement_block/reinforced_concrete/eternit -> concrete, roof_tiles/tile/clay -> brick,
// slate -> marble, steel/aluminium/copper/zinc/tin -> metal, timber/timber_framing/bamboo -> wood,
// mirror -> glass.
std::optional<std::string> p2040_material(std::string_view value);

struct FootprintMaterials {
  std::string wall, roof;
};

// Wall material from options.material_attribute, then `building:material`, then the default; roof material from
// `roof:material`, else the wall material. Values not recognised fall back (wall: default, roof: wall) and are
// counted in `unrecognised` under "key 'value'".
FootprintMaterials footprint_materials(const TagMap& tags, const FootprintOptions& options,
                                       std::map<std::string, std::size_t>& unrecognised);

}  // namespace tarang

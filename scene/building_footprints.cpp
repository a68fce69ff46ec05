// Building footprints: reads polygon features through OGR, applies the height and material rules, reprojects and
// cleans each geometry; unusable features are skipped and counted.
#include "scene/building_footprints.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "core/error.h"
#include "core/interrupt.h"
#include "scene/footprint_attributes.h"
#include "scene/footprint_geometry.h"
#include "scene/gdal_checked.h"

namespace tarang {
namespace {

// The layers of a vector source that hold footprints.
struct FootprintSource {
  gdal::DatasetPtr dataset;
  std::vector<OGRLayer*> layers;
  bool is_osm = false;
};

FootprintSource open_footprint_source(const std::string& path, const std::string& layer_name) {
  FootprintSource source;
  source.dataset = gdal::open_vector(path);
  source.is_osm = EQUAL(source.dataset->GetDriverName(), "OSM");
  const std::string wanted = layer_name.empty() && source.is_osm ? "multipolygons" : layer_name;
  if (!wanted.empty()) {
    OGRLayer* layer = source.dataset->GetLayerByName(wanted.c_str());
    if (layer == nullptr) {
      std::string names;
      for (OGRLayer* l : source.dataset->GetLayers()) names += (names.empty() ? "" : ", ") + std::string(l->GetName());
      throw InputError(path, "has no layer '" + wanted + "' (layers: " + (names.empty() ? "none" : names) + ")");
    }
    source.layers.push_back(layer);
  } else {
    for (OGRLayer* layer : source.dataset->GetLayers()) source.layers.push_back(layer);
  }
  if (source.layers.empty()) throw InputError(path, "has no layers");
  return source;
}

// The layer's CRS (x = east / longitude order); InputError when it has none.
OGRSpatialReference layer_crs(const std::string& path, OGRLayer& layer) {
  const OGRSpatialReference* srs = layer.GetSpatialRef();
  if (srs == nullptr) {
    throw InputError(path, "layer '" + std::string(layer.GetName()) +
                               "' has no coordinate reference system (a Shapefile needs its .prj file)");
  }
  OGRSpatialReference copy(*srs);
  copy.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return copy;
}

gdal::TransformPtr layer_transform(const std::string& path, OGRLayer& layer, const OGRSpatialReference& target) {
  const OGRSpatialReference source = layer_crs(path, layer);
  try {
    return gdal::coordinate_transform(source, target);
  } catch (const std::invalid_argument& e) {
    throw InputError(path, "layer '" + std::string(layer.GetName()) + "': " + e.what());
  }
}

// All attributes of a feature as tags; an OSM `other_tags` hstore field is expanded into its pairs.
TagMap feature_tags(const OGRFeature& feature) {
  TagMap tags;
  const std::string other_tags = normalized_tag_key("other_tags");
  for (int i = 0; i < feature.GetFieldCount(); ++i) {
    if (!feature.IsFieldSetAndNotNull(i)) continue;
    const std::string key = normalized_tag_key(feature.GetFieldDefnRef(i)->GetNameRef());
    if (key == other_tags) {
      add_hstore_tags(feature.GetFieldAsString(i), tags);
    } else {
      tags[key] = feature.GetFieldAsString(i);
    }
  }
  return tags;
}

std::string tag_or_empty(const TagMap& tags, const char* key) {
  const auto it = tags.find(normalized_tag_key(key));
  return it != tags.end() ? it->second : std::string();
}

// "way/1234" / "relation/56" for OSM; else the feature's "id" attribute, or "<layer>/<fid>".
std::string feature_id(const OGRFeature& feature, const TagMap& tags, OGRLayer& layer, bool is_osm) {
  if (is_osm) {
    if (const std::string way = tag_or_empty(tags, "osm_way_id"); !way.empty()) return "way/" + way;
    if (const std::string relation = tag_or_empty(tags, "osm_id"); !relation.empty()) return "relation/" + relation;
  }
  if (const std::string id = tag_or_empty(tags, "id"); !id.empty()) return id;
  return std::string(layer.GetName()) + "/" + std::to_string(feature.GetFID());
}

// OSM polygons are buildings only with a building=* tag; in other sources every polygon is, unless building=no.
bool is_building(const TagMap& tags, bool is_osm) {
  const std::string building = tag_or_empty(tags, "building");
  return building != "no" && !(is_osm && building.empty());
}

}  // namespace

void PlanExtent::add(const PlanPoint& p) {
  xmin_m = std::min(xmin_m, p.x_m);
  ymin_m = std::min(ymin_m, p.y_m);
  xmax_m = std::max(xmax_m, p.x_m);
  ymax_m = std::max(ymax_m, p.y_m);
}

PlanExtent footprint_extent(const std::vector<BuildingFootprint>& footprints) {
  PlanExtent extent;
  for (const BuildingFootprint& footprint : footprints) {
    for (const FootprintPolygon& polygon : footprint.polygons) {
      for (const PlanPoint& p : polygon.outer) extent.add(p);
    }
  }
  return extent;
}

std::vector<BuildingFootprint> read_building_footprints(const std::string& path, const FootprintOptions& options,
                                                        SceneBuildStats& stats) {
  FootprintSource source = open_footprint_source(path, options.layer);
  OGRSpatialReference target;
  try {
    target = gdal::spatial_reference(options.target_crs_wkt);
  } catch (const std::invalid_argument& e) {
    throw InputError("", 0, "crs", e.what());
  }
  gdal::take_warnings();  // start this file's GDAL warnings afresh

  std::vector<BuildingFootprint> footprints;
  std::map<std::string, std::size_t> unrecognised_materials;
  std::size_t polygon_features = 0, building_features = 0;
  for (OGRLayer* layer : source.layers) {
    if (layer->GetGeomType() == wkbNone) continue;  // an attribute-only table
    const gdal::TransformPtr transform = layer_transform(path, *layer, target);
    layer->ResetReading();
    while (true) {
      throw_if_interrupted();  // a city-sized OSM extract reads for minutes
      gdal::take_last_failure();
      gdal::FeaturePtr feature{layer->GetNextFeature()};
      if (!feature) {
        // The end of the layer, or a read error (a failure recorded by this very call).
        if (const std::string failure = gdal::take_last_failure(); !failure.empty()) {
          throw InputError(path, "reading layer '" + std::string(layer->GetName()) + "' failed: " + failure);
        }
        break;
      }
      const OGRGeometry* geometry = feature->GetGeometryRef();
      if (geometry == nullptr || !is_polygonal(*geometry)) continue;
      ++polygon_features;
      const TagMap tags = feature_tags(*feature);
      if (!is_building(tags, source.is_osm)) continue;
      ++building_features;

      BuildingFootprint footprint;
      footprint.id = feature_id(*feature, tags, *layer, source.is_osm);
      auto skip = [&](const std::string& problem) {
        ++stats.skipped;
        stats.warnings.push_back(footprint.id + ": " + problem + ", skipped");
      };
      const FootprintHeights heights = footprint_heights(tags, options);
      if (!heights.problem.empty()) {
        skip(heights.problem);
        continue;
      }
      CleanFootprintGeometry clean = project_and_clean(*geometry, *transform, options.min_area_m2);
      if (!clean.problem.empty()) {
        skip(clean.problem);
        continue;
      }
      if (clean.repaired) ++stats.repaired;
      const FootprintMaterials materials = footprint_materials(tags, options, unrecognised_materials);
      footprint.polygons = std::move(clean.polygons);
      footprint.height_m = heights.height_m;
      footprint.min_height_m = heights.min_height_m;
      footprint.wall_material = materials.wall;
      footprint.roof_material = materials.roof;
      footprints.push_back(std::move(footprint));
    }
  }
  if (polygon_features == 0) throw InputError(path, "has no polygon features (building footprints)");
  if (building_features == 0) {
    throw InputError(path, source.is_osm ? "has no building polygons (ways or relations tagged building=*)"
                                         : "has no building polygons (every polygon is tagged building=no)");
  }
  for (const auto& [value, count] : unrecognised_materials) {
    const bool roof = value.rfind("roof:material", 0) == 0;
    stats.warnings.push_back(value + " is not a known material, " + (roof ? "the wall" : "the default") +
                             " material was used (" + std::to_string(count) +
                             (count == 1 ? " feature)" : " features)"));
  }
  for (std::string& warning : gdal::take_warnings()) stats.warnings.push_back(std::move(warning));
  return footprints;
}

namespace {

// The extent of a layer's geometries by reading them: for drivers that know no extent up front (OSM XML without a
// <bounds> element). False when no feature has a geometry.
bool extent_from_features(OGRLayer& layer, OGREnvelope& extent) {
  bool any = false;
  layer.ResetReading();
  for (gdal::FeaturePtr feature{layer.GetNextFeature()}; feature; feature.reset(layer.GetNextFeature())) {
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (geometry == nullptr || geometry->IsEmpty()) continue;
    OGREnvelope envelope;
    geometry->getEnvelope(&envelope);
    if (any) {
      extent.Merge(envelope);
    } else {
      extent = envelope;
      any = true;
    }
  }
  layer.ResetReading();
  return any;
}

}  // namespace

ProjectedCrs utm_crs_for_vector_source(const std::string& path, const std::string& layer_name) {
  FootprintSource source = open_footprint_source(path, layer_name);
  const OGRSpatialReference wgs84 = gdal::spatial_reference("EPSG:4326");
  PlanExtent lon_lat;
  for (OGRLayer* layer : source.layers) {
    OGREnvelope envelope;
    if (layer->GetGeomType() == wkbNone) continue;
    if (layer->GetExtent(&envelope, TRUE) != OGRERR_NONE && !extent_from_features(*layer, envelope)) continue;
    const gdal::TransformPtr to_wgs84 = layer_transform(path, *layer, wgs84);
    for (const double corner_x : {envelope.MinX, envelope.MaxX}) {
      for (const double corner_y : {envelope.MinY, envelope.MaxY}) {
        double x = corner_x, y = corner_y;
        if (to_wgs84->Transform(1, &x, &y) && std::isfinite(x) && std::isfinite(y)) lon_lat.add({x, y});
      }
    }
  }
  if (lon_lat.empty()) throw InputError(path, "has no features with coordinates to choose a UTM zone from");
  try {
    return utm_crs_for(0.5 * (lon_lat.xmin_m + lon_lat.xmax_m), 0.5 * (lon_lat.ymin_m + lon_lat.ymax_m));
  } catch (const std::invalid_argument& e) {
    throw InputError(path, std::string("cannot choose a UTM zone for the data: centre ") + e.what());
  }
}

}  // namespace tarang

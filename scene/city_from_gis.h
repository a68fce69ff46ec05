// build_city_scene: a city SceneMesh from GIS data (building footprints, optional DEM) in one call.
#pragma once

#include <string>

#include "scene/building_footprints.h"
#include "scene/extrude_buildings.h"
#include "scene/scene_mesh.h"
#include "scene/terrain_dem.h"

namespace tarang {

enum class GisGround {
  none,     // buildings only
  flat,     // a 2-triangle plane at z = 0 (or, with a DEM, at the lowest terrain height) around the buildings
  terrain,  // the DEM as a triangle mesh (needs dem_path)
};

struct GisSceneOptions {
  std::string buildings_path;  // any OGR vector source: GeoJSON, Shapefile, GeoPackage, .osm, .osm.pbf
  std::string dem_path;        // optional DEM raster: building bases sit on it; needed for GisGround::terrain
  std::string crs = "auto";    // "auto" (UTM zone of the buildings' centre) or anything resolve_projected_crs takes
  GisGround ground = GisGround::flat;
  double ground_margin_m = 50;  // how far the ground (and the DEM grid) extends beyond the buildings
  std::string ground_material = "medium_dry_ground";
  FootprintOptions footprints;  // target_crs_wkt is set by build_city_scene
  BuildingFloors floors = BuildingFloors::raised_only;
  DemOptions dem;
  int terrain_stride = 1;    // terrain mesh decimation (every n-th DEM grid node)
  std::string options_file;  // where these options came from (a scenario file), named in errors about them
};

// Builds the scene: reads the footprints (reprojected to the chosen CRS), picks the origin as the centre of their
// extent rounded to whole metres, places building bases on the DEM when one is given, extrudes the buildings and adds
// the ground. Objects: the buildings in reading order, then "ground" or "terrain". Throws InputError naming the file
// for unreadable inputs, an unusable CRS (options_file, key "crs"), terrain ground without a DEM, or footprints that
// leave no building at all; nothing is written anywhere.
SceneMesh build_city_scene(const GisSceneOptions& options, SceneBuildStats& stats);

}  // namespace tarang

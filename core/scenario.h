// Scenario: the validated, typed content of a scenario YAML file (see docs/scenario.md for every key).
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/antenna_spec.h"
#include "core/model_kinds.h"
#include "core/plan_spec.h"
#include "core/raster_grid.h"

namespace tarang {

// Where the scene's geometry comes from (at most one source per scenario).
enum class SceneSource { None, Mesh, Procedural, File, Gis };

// A synthetic Manhattan city (see scene/procedural_city.h).
struct ProceduralSpec {
  int blocks = 10;  // G x G buildings
  double building_size_m = 40, pitch_m = 60;
  double min_height_m = 10, max_height_m = 80;
  std::uint64_t seed = 1;
  double origin_lon_deg = 77.2090, origin_lat_deg = 28.6139;  // New Delhi
};

struct SceneSpec {
  std::string crs = "EPSG:32643";  // as written by the user (EPSG code, PROJ string, WKT, or "auto")
  GroundKind ground = GroundKind::Flat;
  std::string ground_material = "medium_dry_ground";  // ITU-R P.2040 name
  std::string building_material = "concrete";        // where the scene data gives none
  SceneSource source = SceneSource::None;
  std::string mesh_path;       // source Mesh: Sionna/Mitsuba XML, PLY or OBJ
  double origin_x_m = 0, origin_y_m = 0;  // source Mesh: CRS coordinates of the mesh's local (0, 0)
  ProceduralSpec procedural;   // source Procedural
  std::string file_path;       // source File: a .tscene written by `tarang scene build`
  std::string buildings_path;  // source Gis: building footprints (any OGR vector source)
  std::string dem_path;        // source Gis: terrain raster (optional)
  double level_height_m = 3;   // height per building:levels
  double default_height_m = 10;  // height of buildings without height information
  std::string material_attribute;  // extra footprint attribute naming the wall material
};

struct RadioSpec {
  double frequency_hz = 3.5e9;
  double bandwidth_hz = 100e6;
  double subcarrier_spacing_hz = 30e3;
  double noise_figure_db = 7.0;
  double load = 1.0;  // fraction of interfering cells' resources in use, [0, 1]
  SectorPolarization polarization = SectorPolarization::V;  // default for sectors; also sets the rain coefficients
  bool atmosphere = false;          // ITU-R P.676 gaseous attenuation along every path
  double pressure_hpa = 1013.25;    // total pressure
  double temperature_c = 15;
  double water_vapour_g_m3 = 7.5;
  double rain_mm_h = 0;             // > 0: ITU-R P.838 rain attenuation along every path
};

struct SectorSpec {
  std::string id;
  double azimuth_deg = 0;  // clockwise from north
  double tilt_deg = 0;     // mechanical downtilt, positive down
  double power_dbm = 43;   // total transmit power over the carrier
  AntennaSpec antenna;
  SectorPolarization polarization = SectorPolarization::V;
  int pci = -1;  // NR physical cell id (0..1007) that measurements may name instead of `id`; -1 = none
};

struct SiteSpec {
  std::string id;
  double x_m = 0;
  double y_m = 0;
  double height_m = 25;  // above ground
  std::vector<SectorSpec> sectors;
  bool from_lonlat = false;  // position given as lon/lat (WGS 84); x_m/y_m are filled once the CRS is known
  double lon_deg = 0, lat_deg = 0;
};

struct PropagationSpec {
  PathLossModel model = PathLossModel::Tr38901;
  Tr38901Scenario scenario = Tr38901Scenario::UMa;
  LosMode los = LosMode::Probabilistic;
  double rma_building_height_m = 5.0;  // RMa average building height h
  double rma_street_width_m = 20.0;    // RMa average street width W
  P1411Environment p1411_environment = P1411Environment::UrbanHighRise;
  P1411Placement p1411_placement = P1411Placement::AboveRooftop;
  HataEnvironment hata_environment = HataEnvironment::Urban;
  HataCitySize hata_city = HataCitySize::SmallMedium;
  bool cost231_metropolitan = false;  // C_m = 3 dB instead of 0
};

struct RaytraceSpec {
  RaytraceEngine engine = RaytraceEngine::Auto;
  std::uint64_t rays = 1000000;  // launched per site
  int max_depth = 3;             // interactions per path
  bool transmission = false;     // walls also transmit (rays split)
  double min_gain_db = -200;     // paths weaker than this stop
  std::uint64_t seed = 0;        // 0: the plain Fibonacci set; otherwise a seeded rotation of it
  int diffraction_order = 1;     // edge diffractions per path (0, 1, 2)
  int diffraction_rays = 16;     // rays spawned on the Keller cone per edge capture (SBR maps)
  bool scattering = false;       // diffuse scattering at every hit (SBR maps)
  double scattering_coefficient = 0.3;  // S of P.2040 materials (custom materials carry their own)
  bool scattering_directive = false;    // false: Lambertian; true: Degli-Esposti directive lobe
  double scattering_alpha = 4;          // directive lobe exponent alpha_R
  int scattering_rays = 2;              // diffuse rays spawned per hit
};

struct GridSpec {
  double xmin_m = 0, ymin_m = 0, xmax_m = 1000, ymax_m = 1000;
  double cell_m = 10;
  double height_m = 1.5;  // receiver height above ground
  bool bounds_from_scene = false;  // bounds_m omitted: the scene's extent
  double base_z_m = 0;             // absolute height of the ground under receivers and sites (set from a DEM)
};

struct TargetSpec {
  double rsrp_dbm = -105;
  double sinr_db = -5;
};

// The raster a grid spec describes: cells of cell_m from (xmin, ymax) eastwards and southwards; a partial last
// column/row is extended to a whole cell, so the grid may reach up to one cell past xmax and below ymin.
inline RasterGrid raster_grid_of(const GridSpec& spec, const std::string& crs_wkt) {
  RasterGrid g;
  g.west_m = spec.xmin_m;
  g.north_m = spec.ymax_m;
  g.cell_m = spec.cell_m;
  // A tolerance of 1e-9 cells keeps exact multiples (e.g. 1000 / 10) from gaining a column to rounding.
  g.nx = static_cast<int>(std::ceil((spec.xmax_m - spec.xmin_m) / spec.cell_m - 1e-9));
  g.ny = static_cast<int>(std::ceil((spec.ymax_m - spec.ymin_m) / spec.cell_m - 1e-9));
  g.height_m = spec.height_m;
  g.crs_wkt = crs_wkt;
  return g;
}

// A material the user defines in `materials:` (used like a P.2040 name by scenes and scene keys).
struct CustomMaterial {
  std::string name;
  double eps_r = 1;                   // relative permittivity (real part)
  double sigma_s_per_m = 0;           // conductivity
  double thickness_m = 0.1;           // slab thickness for wall transmission
  double scattering_coefficient = 0;  // S in [0, 1] for diffuse scattering
};

// Measurement-calibrated corrections to the model's gain (see docs/calibration.md): for a sector at 3D distance d
// from a receiver, gain += offset_db + sector offset_db - distance_slope_db_per_decade * log10(d / reference).
struct SectorCalibration {
  std::string sector_id;
  double offset_db = 0;
  double distance_slope_db_per_decade = 0;  // extra path loss per decade of distance
};

// Calibrated scaling of one material's relative permittivity eps_r' and conductivity sigma (ray tracer only).
struct MaterialCalibration {
  std::string material;  // canonical P.2040 name (concrete, medium_dry_ground, ...) or a custom material's name
  double permittivity_scale = 1;
  double conductivity_scale = 1;
};

struct CalibrationSpec {
  double offset_db = 0;                // every sector (the ray tracer's global offset)
  double reference_distance_m = 100;   // distance at which the slope term is zero
  std::vector<SectorCalibration> sectors;
  std::vector<MaterialCalibration> materials;  // `calibration.materials`, applied by the ray tracer
  bool empty() const { return offset_db == 0 && sectors.empty() && materials.empty(); }
};

struct Scenario {
  std::string name;
  std::string source_path;  // file it was read from ("" when built in code)
  std::string yaml_text;    // full text of the file, stored in results for reproducibility
  SceneSpec scene;
  RadioSpec radio;
  std::vector<SiteSpec> sites;
  PropagationSpec propagation;
  RaytraceSpec raytrace;
  std::vector<CustomMaterial> custom_materials;
  bool allow_extrapolation = false;  // use P.2040 formulas outside their frequency ranges
  GridSpec grid;
  TargetSpec targets;
  PlanSpec plan;  // `plan:` section, used by `tarang plan` only
  CalibrationSpec calibration;
  std::string output_path;  // resolved against the scenario file's folder; "" when not given

  std::size_t sector_count() const {
    std::size_t n = 0;
    for (const auto& s : sites) n += s.sectors.size();
    return n;
  }
};

}  // namespace tarang

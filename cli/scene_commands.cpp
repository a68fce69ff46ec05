// `tarang scene build|info|export`: build a scene once from GIS data or meshes, inspect it, and look at it elsewhere.
#include <fmt/format.h>

#include <chrono>
#include <map>

#include "cli/commands.h"
#include "cli/output_path.h"
#include "core/error.h"
#include "io/scenario_yaml.h"
#include "io/scene_h5.h"
#include "planner/scenario_scene.h"
#include "scene/crs.h"
#include "scene/mesh_export.h"

namespace tarang {
namespace {

// The scene section a `scene build` without a scenario file describes with flags.
Scenario scenario_from_flags(const SceneBuildArgs& a) {
  Scenario s;
  s.name = "scene";
  s.source_path = "command line";
  SceneSpec& scene = s.scene;
  scene.crs = a.crs;
  const int sources = !a.buildings_path.empty() + !a.mesh_path.empty();
  if (sources != 1 && a.dem_path.empty()) {
    throw InputError("command line", 0, "scene build", "give a scenario file, or --buildings or --mesh");
  }
  if (sources > 1) throw InputError("command line", 0, "scene build", "give --buildings or --mesh, not both");
  if (!a.mesh_path.empty()) {
    scene.source = SceneSource::Mesh, scene.mesh_path = a.mesh_path;
    if (scene.crs == "auto") throw InputError("command line", 0, "--crs", "a mesh carries no CRS; give e.g. --crs EPSG:32632");
  } else {
    scene.source = SceneSource::Gis, scene.buildings_path = a.buildings_path, scene.dem_path = a.dem_path;
  }
  scene.default_height_m = a.default_height_m;
  scene.level_height_m = a.level_height_m;
  scene.building_material = a.building_material;
  return s;
}

std::string format_scene_summary(const SceneMesh& mesh, const SceneBuildStats& stats) {
  std::map<std::string, std::size_t> per_material;
  for (std::uint16_t m : mesh.triangle_material) per_material[mesh.materials.at(m).name] += 1;
  std::string materials;
  for (const auto& [name, count] : per_material) materials += fmt::format("{}{} ({})", materials.empty() ? "" : ", ", name, count);
  const auto b = mesh.local_bounds();
  std::string crs_name = "(none)";
  if (!mesh.crs_wkt.empty()) {
    try {
      crs_name = resolve_projected_crs(mesh.crs_wkt).name;
    } catch (const std::exception&) {
      crs_name = "(unrecognised)";
    }
  }
  std::string out;
  out += fmt::format("objects:    {} ({} buildings)\n", mesh.object_names.size(), stats.buildings);
  out += fmt::format("triangles:  {}\n", mesh.triangle_count());
  out += fmt::format("repaired:   {}   skipped: {}\n", stats.repaired, stats.skipped);
  out += fmt::format("materials:  {}\n", materials.empty() ? "(none)" : materials);
  out += fmt::format("extent:     x {:.1f} .. {:.1f} m, y {:.1f} .. {:.1f} m, z {:.1f} .. {:.1f} m\n",
                     mesh.origin_x_m + b[0], mesh.origin_x_m + b[3], mesh.origin_y_m + b[1], mesh.origin_y_m + b[4],
                     b[2], b[5]);
  out += fmt::format("crs:        {}\n", crs_name);
  return out;
}

}  // namespace

int run_scene_build_command(const SceneBuildArgs& args) {
  const Scenario s = args.scenario_path.empty() ? scenario_from_flags(args) : load_scenario_file(args.scenario_path);
  if (s.scene.source == SceneSource::None) {
    throw InputError(args.scenario_path, 0, "scene", "names no geometry (mesh, procedural, file or buildings)");
  }
  check_output_writable(args.output_path);
  const auto start = std::chrono::steady_clock::now();
  SceneBuildStats stats;
  const SceneMesh mesh = build_scenario_scene(s, &stats);
  write_scene_file(args.output_path, mesh, stats);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const std::string& w : stats.warnings) fmt::print(stderr, "warning: {}\n", w);
  fmt::print("{}", format_scene_summary(mesh, stats));
  fmt::print("wrote {} in {:.2f} s\n", args.output_path, seconds);
  return 0;
}

int run_scene_info_command(const SceneInfoArgs& args) {
  const SceneFile file = read_scene_file(args.scene_path);
  fmt::print("file:       {}\n", args.scene_path);
  fmt::print("written:    {} by tarang {}\n", file.created_utc, file.tarang_version);
  fmt::print("{}", format_scene_summary(file.mesh, file.stats));
  return 0;
}

int run_scene_export_command(const SceneExportArgs& args) {
  const SceneFile file = read_scene_file(args.scene_path);
  check_output_writable(args.output_path);
  export_mesh(file.mesh, args.output_path);
  fmt::print("wrote {} ({} triangles)\n", args.output_path, file.mesh.triangle_count());
  return 0;
}

}  // namespace tarang

// Diffracting edges of a triangle scene, extracted once per scene: convex edges between faces that turn by more
// than a threshold (roof edges, building corners) and free edges of open surfaces (screens), plus the xy grid the
// tracers query them through.
#pragma once

#include <cstdint>
#include <vector>

#include "raytrace/diffraction_edge.h"
#include "scene/scene_mesh.h"

namespace tarang {

struct EdgeExtractionOptions {
  double min_turn_deg = 20;     // keep a shared edge when its faces' normals differ by more than this
  bool skip_ground_edges = true;  // drop edges lying on z = ground_z_m (walls meeting a flat ground)
  double ground_z_m = 0;
  bool skip_wall_bases = true;  // drop free edges whose face rises straight up from them (walls standing on terrain)
  double weld_m = 1e-3;         // vertices closer than this are one vertex (meshes with split vertices)
  // Terrain ridges (DEM scenes): a shared edge of the "terrain" object whose two faces both fall away from it (a
  // crest line, |e.z| < 0.5) and turn by more than terrain_ridge_min_turn_deg is a knife edge (a vertical
  // half-plane hanging from the crest, n = 2), as P.526 models terrain obstacles.
  bool terrain_ridges = true;
  double terrain_ridge_min_turn_deg = 1;
};

struct EdgeExtractionStats {
  std::size_t shared = 0, free = 0;  // kept edges by kind
  std::size_t flat = 0;              // shared edges under the turn threshold
  std::size_t concave = 0;           // reflex (inner-corner) edges, not diffracting into the exterior
  std::size_t non_manifold = 0;      // edges of more than two faces, or two faces wound the same way
  std::size_t on_ground = 0;
  std::size_t wall_bases = 0;        // free edges at the foot of a wall (a building without floor on a DEM)
  std::size_t terrain_ridges = 0;    // terrain crest edges kept as knife edges
  std::size_t terrain_border = 0;    // free edges of the terrain (the DEM's border), dropped
};

std::vector<DiffractionEdge> extract_diffraction_edges(const SceneMesh& mesh, const EdgeExtractionOptions& options,
                                                       EdgeExtractionStats* stats = nullptr);

// Host storage of the edge grid; view() points into it (keep it alive and in place while the view is used).
struct EdgeGrid {
  std::vector<DiffractionEdge> edges;
  std::vector<std::uint32_t> cell_first, cell_edges;
  std::vector<float> cell_z_m;
  std::vector<std::uint32_t> triangle_edges;
  EdgeGridView layout{};  // sizes and bounds; pointers set by view()

  EdgeGridView view() const {
    EdgeGridView v = layout;
    v.edges = edges.data(), v.cell_first = cell_first.data(), v.cell_edges = cell_edges.data();
    v.cell_z_m = cell_z_m.data();
    v.triangle_edges = triangle_edges.empty() ? nullptr : triangle_edges.data();
    return v;
  }
};

// Buckets `edges` in a uniform xy grid of about sqrt(edge count) cells a side, each edge in every cell its xy
// bounding box grown by margin_m overlaps, and lists each of the mesh's triangle_count triangles' edges.
EdgeGrid build_edge_grid(std::vector<DiffractionEdge> edges, float margin_m, std::size_t triangle_count);

}  // namespace tarang

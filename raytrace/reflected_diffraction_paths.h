// Point-to-point paths that combine one edge diffraction with a reflection on a mesh face before it (R-D), after it
// (D-R) or both (R-D-R): the image method over candidate face planes, the edge point by the Fermat (Keller)
// condition for the image terminal(s), then unfolded and validated with the intersector.
#pragma once

#include <vector>

#include "raytrace/diffraction_paths.h"

namespace tarang {

// Rays (Fibonacci sphere) shot from a terminal to find the faces it sees: at most this many, fewer when
// options.rays is smaller.
constexpr std::uint64_t kFaceSeedRays = 20000;

// R-D and D-R paths (two interactions: none when options.max_depth < 2) and R-D-R paths (three: max_depth >= 3)
// between tx and rx. Candidates: for R-D, the planes of the mesh triangles hit first by the seed rays from tx, times
// the edges with a point in sight of rx (edges_in_sight); D-R likewise with the terminals swapped; for R-D-R, per
// edge, the planes whose reflected seed rays from tx pass it within three tube radii (at most 5 m) times those of
// the seed rays from rx. A candidate becomes a path when the Fermat point of the edge for the mirrored terminal(s)
// is edge-interior and in front of the plane(s), both legs at the edge lie in the wedge's exterior, the ray from
// each terminal to its reflection point first meets a triangle of that plane there (the point lies on the face),
// and the legs at the edge are clear of the mesh (and the ground). With options.ground, the plane z = 0 is left to
// the analytic ground. Deduplicated by interaction sequence (reflecting triangles and edge), sorted by delay.
// Deterministic.
std::vector<PropagationPath> find_reflected_diffraction_paths(const SceneMesh& mesh, const EmbreeIntersector& embree,
                                                              const std::vector<SurfaceMaterial>& materials,
                                                              const SurfaceMaterial& ground,
                                                              const std::vector<DiffractionEdge>& edges,
                                                              Vec3<double> tx, Vec3<double> rx,
                                                              const SpecularPathOptions& options);

}  // namespace tarang

// Point-to-point paths that combine one edge diffraction with a reflection on a mesh face before it (R-D) or after
// it (D-R): the image method over candidate face planes, the edge point by the Fermat (Keller) condition for the
// image terminal, then unfolded and validated with the intersector.
#pragma once

#include <vector>

#include "raytrace/diffraction_paths.h"

namespace tarang {

// Rays (Fibonacci sphere) shot from a terminal to find the faces it sees: at most this many, fewer when
// options.rays is smaller.
constexpr std::uint64_t kFaceSeedRays = 20000;

// R-D and D-R paths between tx and rx (each counts two interactions, so none when options.max_depth < 2).
// Candidates: for R-D, the planes of the mesh triangles hit first by the seed rays from tx, times the edges with a
// point in sight of rx (edges_in_sight); D-R likewise with the terminals swapped. A candidate becomes a path when
// the Fermat point of the edge for the mirrored terminal is edge-interior and in front of the plane, both legs at
// the edge lie in the wedge's exterior, the ray from the terminal to the reflection point first meets a triangle of
// that plane there (the point lies on the face), and the other legs are clear of the mesh (and the ground). With
// options.ground, the plane z = 0 is left to the analytic ground. Deduplicated by interaction sequence (the
// reflecting triangle and the edge), sorted by delay. Deterministic.
std::vector<PropagationPath> find_reflected_diffraction_paths(const SceneMesh& mesh, const EmbreeIntersector& embree,
                                                              const std::vector<SurfaceMaterial>& materials,
                                                              const SurfaceMaterial& ground,
                                                              const std::vector<DiffractionEdge>& edges,
                                                              Vec3<double> tx, Vec3<double> rx,
                                                              const SpecularPathOptions& options);

}  // namespace tarang

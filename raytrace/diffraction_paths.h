// Point-to-point diffracted paths: single and double edge diffraction between a transmitter and a receiver, the
// edge points found by the Fermat (Keller) condition, visibility checked, amplitudes by UTD.
#pragma once

#include <cstdint>
#include <vector>

#include "raytrace/diffraction_edge.h"
#include "raytrace/specular_paths.h"

namespace tarang {

// PropagationPath::surfaces entry of a diffraction: this flag | edge index (kGroundSurface is checked first).
constexpr std::uint32_t kEdgeSurfaceFlag = 0x80000000u;

inline bool is_edge_surface(std::uint32_t surface) {
  return surface != kGroundSurface && (surface & kEdgeSurfaceFlag) != 0;
}

// The point of edge g minimising |from - Q| + |Q - to| (on the Keller cone of the incident ray), as metres from
// g.a; false when the minimum is at an end point (no edge-interior diffraction point).
bool fermat_edge_point(const DiffractionEdge& g, Vec3<double> from, Vec3<double> to, double* u_m);

// Unit normal of mesh triangle t (right-handed winding of its vertices).
Vec3<double> triangle_normal(const SceneMesh& mesh, std::uint32_t triangle);

// A path through the given vertices (transmitter, interaction points, receiver) and interactions (edges, the ground
// or mesh triangles; `mesh` may be null when no interaction is a mesh triangle): unfolded length, delay, angles and
// the UTD/Fresnel Jones-chain amplitude with the spreading of a cascade of straight edges.
PropagationPath make_diffracted_path(const SceneMesh* mesh, const std::vector<DiffractionEdge>& edges,
                                     const std::vector<std::uint32_t>& surfaces,
                                     const std::vector<SurfaceMaterial>& materials, const SurfaceMaterial& ground,
                                     const std::vector<Vec3<double>>& points, const SpecularPathOptions& options);

// Whether the segment from -> to is free of the mesh and (when `ground`) the ground, a few mm at each end excepted.
bool segment_clear(const EmbreeIntersector& embree, bool ground, Vec3<double> from, Vec3<double> to);

// Whether a path through point q of edge g arriving from `from` and leaving to `to` lies in the wedge's exterior.
bool in_exterior(const DiffractionEdge& g, Vec3<double> q, Vec3<double> from, Vec3<double> to);

// Edges with a point (quarter, middle, three quarters; pushed 1 cm off the edge) in sight of p.
std::vector<std::uint32_t> edges_in_sight(const EmbreeIntersector& embree, bool ground,
                                          const std::vector<DiffractionEdge>& edges, Vec3<double> p);

// Diffracted paths: over one edge (with options.ground also with ground reflections before and/or after it: G-D,
// D-G, G-D-G), and with order >= 2 over two edges (no reflections). Edges must come from the same mesh (materials
// per edge face). Sorted by delay. Deterministic.
std::vector<PropagationPath> find_diffraction_paths(const EmbreeIntersector& embree,
                                                    const std::vector<SurfaceMaterial>& materials,
                                                    const SurfaceMaterial& ground,
                                                    const std::vector<DiffractionEdge>& edges, Vec3<double> tx,
                                                    Vec3<double> rx, const SpecularPathOptions& options, int order);

}  // namespace tarang

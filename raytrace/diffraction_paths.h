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

// Diffracted paths: over one edge (with options.ground also with ground reflections before and/or after it: G-D,
// D-G, G-D-G), and with order >= 2 over two edges (no reflections). Edges must come from the same mesh (materials
// per edge face). Sorted by delay. Deterministic.
std::vector<PropagationPath> find_diffraction_paths(const EmbreeIntersector& embree,
                                                    const std::vector<SurfaceMaterial>& materials,
                                                    const SurfaceMaterial& ground,
                                                    const std::vector<DiffractionEdge>& edges, Vec3<double> tx,
                                                    Vec3<double> rx, const SpecularPathOptions& options, int order);

}  // namespace tarang

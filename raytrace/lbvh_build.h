// Host (CPU) linear BVH build: the per-element steps of raytrace/lbvh.h run by CPU loops, a std::sort for the radix
// sort. Same BvhNode layout as build_bvh, so BvhView traverses either; the GPU build (kernels/lbvh_build_gpu.h) runs
// the same steps and gives the same arrays.
#pragma once

#include "raytrace/bvh_build.h"
#include "scene/scene_mesh.h"

namespace tarang {

// Builds the LBVH of all mesh triangles (Karras 2012, 30-bit Morton codes, subtrees of at most
// kBvhMaxLeafTriangles triangles collapsed into leaves). threads: 0 = all cores; the result is identical for any
// thread count. Throws std::invalid_argument like build_bvh (check_bvh_mesh).
Bvh build_lbvh(const SceneMesh& mesh, int threads = 0);

}  // namespace tarang

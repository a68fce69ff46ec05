// GPU linear BVH build: the steps of raytrace/lbvh.h as CUDA kernels (CUB radix sort and scan), on the current
// device; the arrays are the same as build_lbvh's (raytrace/lbvh_build.h) bit for bit.
#pragma once

#include "raytrace/bvh_build.h"
#include "scene/scene_mesh.h"

namespace tarang {

// Builds the LBVH of all mesh triangles on the current CUDA device and downloads it. build_ms (optional): device
// time of the build proper (upload of the mesh to download of the arrays excluded). Throws like build_lbvh for a bad
// mesh, and like cuda_check for CUDA errors (out of GPU memory: InputError).
Bvh build_lbvh_gpu(const SceneMesh& mesh, double* build_ms = nullptr);

}  // namespace tarang

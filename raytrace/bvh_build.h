// Host construction of tarang's BVH (raytrace/bvh.h) from a SceneMesh: a binned SAH build, parallel over subtrees.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "raytrace/bvh.h"
#include "raytrace/ray_hit.h"
#include "scene/scene_mesh.h"

namespace tarang {

// SAH costs of the build and of BvhBuildStats::sah_cost, relative to one triangle test: visiting an interior node
// (two box tests) costs about one triangle test.
constexpr float kBvhNodeCost = 1.0f;
constexpr float kBvhTriangleCost = 1.0f;
constexpr int kBvhBins = 32;  // SAH candidate planes per axis: kBvhBins - 1

struct BvhBuildStats {
  std::size_t node_count = 0;  // including the pad node 1
  std::size_t leaf_count = 0;
  int max_depth = 0;           // of the deepest leaf (root = 0)
  // Expected cost of a random ray through the root box: sum over interior nodes of kBvhNodeCost A(node) / A(root)
  // plus over leaves of kBvhTriangleCost n A(leaf) / A(root), A the box surface area.
  double sah_cost = 0;
};

// The arrays a BvhView points into.
struct Bvh {
  std::vector<BvhNode> nodes;
  std::vector<float> triangle_vertices_m;   // 9 per triangle, leaf order
  std::vector<std::uint32_t> triangle_ids;  // mesh triangle index per leaf-order slot
  BvhBuildStats stats;

  BvhView view() const {
    return BvhView{nodes.data(), triangle_vertices_m.data(), triangle_ids.data(),
                   static_cast<std::uint32_t>(triangle_ids.size())};
  }
};

// Builds the BVH of all mesh triangles (degenerate ones included: they are never hit). threads: 0 = all cores; the
// result is identical for any thread count. Throws InputError for a non-finite vertex and std::invalid_argument
// for a mesh of 2^31 triangles or more.
Bvh build_bvh(const SceneMesh& mesh, int threads = 0);

// Throws std::invalid_argument for a mesh no builder takes: 2^31 triangles or more, a non-finite vertex coordinate,
// or a vertex index out of range (what build_bvh and build_lbvh check first).
void check_bvh_mesh(const SceneMesh& mesh);

// Node and leaf counts, depth and SAH cost of a BvhNode array (walked from the root; unreachable nodes count only
// in node_count).
BvhBuildStats measure_bvh(const std::vector<BvhNode>& nodes);

// The BVH as an intersector on the host: owns the arrays, hands out views for the tracers and the GPU upload.
class BvhIntersector {
 public:
  explicit BvhIntersector(const SceneMesh& mesh, int threads = 0) : bvh_(build_bvh(mesh, threads)) {}

  BvhView view() const { return bvh_.view(); }
  const Bvh& bvh() const { return bvh_; }
  // Closest hit in (t_min, t_max); thread-safe.
  Hit intersect(const Ray& ray) const { return view().intersect(ray); }
  // Any hit in (t_min, t_max); thread-safe.
  bool occluded(const Ray& ray) const { return view().occluded(ray); }

 private:
  Bvh bvh_;
};

}  // namespace tarang

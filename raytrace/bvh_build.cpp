// Binned SAH build of tarang's BVH: a top phase (parallel binning) cuts the scene into subtrees of at most
// kSubtreeTriangles triangles, the subtrees are built on all cores into private node arrays, then stitched.
#include "raytrace/bvh_build.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/parallel_for.h"

namespace tarang {
namespace {

constexpr std::uint32_t kSubtreeTriangles = 4096;     // top-phase nodes this small become parallel subtree tasks
constexpr std::uint32_t kParallelBinningRefs = 65536;  // top-phase nodes this large bin on all cores
// From this depth on, nodes split at the object median: a node of n < 2^31 triangles then reaches leaves of <= 4
// triangles within 29 more levels, so no leaf is deeper than 61 and the traversal stack (one entry per level) never
// holds more than 61 < kBvhMaxDepth entries.
constexpr int kMedianSplitDepth = 32;

constexpr float kInf = std::numeric_limits<float>::infinity();

struct Aabb {
  Vec3<float> lo{kInf, kInf, kInf}, hi{-kInf, -kInf, -kInf};

  void grow(const Vec3<float>& p) {
    lo = {std::min(lo.x, p.x), std::min(lo.y, p.y), std::min(lo.z, p.z)};
    hi = {std::max(hi.x, p.x), std::max(hi.y, p.y), std::max(hi.z, p.z)};
  }
  void grow(const Aabb& b) {
    lo = {std::min(lo.x, b.lo.x), std::min(lo.y, b.lo.y), std::min(lo.z, b.lo.z)};
    hi = {std::max(hi.x, b.hi.x), std::max(hi.y, b.hi.y), std::max(hi.z, b.hi.z)};
  }
  // Surface area; 0 for an empty box.
  float area() const {
    if (lo.x > hi.x) return 0.0f;
    const Vec3<float> e = hi - lo;
    return 2.0f * (e.x * e.y + e.y * e.z + e.z * e.x);
  }
};

float axis_of(const Vec3<float>& v, int axis) { return bvh_detail::component(v, axis); }

// A triangle during the build: its box and mesh index.
struct PrimRef {
  Aabb box;
  std::uint32_t id;
};

Vec3<float> centroid(const PrimRef& r) { return 0.5f * (r.box.lo + r.box.hi); }

// A contiguous range of the reference array with its bounds and centroid bounds.
struct NodeRange {
  std::uint32_t begin, end;
  Aabb box, centroids;
  int depth;
  std::uint32_t count() const { return end - begin; }
};

// Centroid -> bin index along each axis; an axis whose centroids coincide has no bins (scale 0). Small nodes use
// fewer bins (one per triangle up to kBvhBins): as good a choice of planes, at less cost per node.
struct BinMapping {
  Vec3<float> lo;
  float scale[3];
  int count;

  BinMapping(const Aabb& centroids, std::uint32_t triangles)
      : lo(centroids.lo), count(static_cast<int>(std::min<std::uint32_t>(triangles, kBvhBins))) {
    for (int a = 0; a < 3; ++a) {
      const float extent = axis_of(centroids.hi, a) - axis_of(centroids.lo, a);
      scale[a] = extent > 0.0f ? static_cast<float>(count) / extent : 0.0f;
    }
  }
  int bin(const Vec3<float>& c, int axis) const {
    const int k = static_cast<int>((axis_of(c, axis) - axis_of(lo, axis)) * scale[axis]);
    return std::min(k, count - 1);
  }
};

struct Bin {
  Aabb box;
  std::uint32_t count = 0;
};

struct Binning {
  int count = 0;  // bins in use per axis
  Bin bins[3][kBvhBins];

  void reset(int bins_per_axis) {
    count = bins_per_axis;
    for (int a = 0; a < 3; ++a) std::fill(bins[a], bins[a] + count, Bin{});
  }
  void add(const PrimRef& r, const BinMapping& m) {
    const Vec3<float> c = centroid(r);
    for (int a = 0; a < 3; ++a) {
      Bin& b = bins[a][m.bin(c, a)];
      b.box.grow(r.box);
      ++b.count;
    }
  }
  // Exact (min, max and integer sums): the merged result does not depend on how the range was chunked.
  void merge(const Binning& o) {
    for (int a = 0; a < 3; ++a) {
      for (int k = 0; k < count; ++k) {
        bins[a][k].box.grow(o.bins[a][k].box);
        bins[a][k].count += o.bins[a][k].count;
      }
    }
  }
};

// The best SAH plane: bins [0, bin) go left. cost = sum of A n over both sides (no split found: axis -1).
struct Split {
  int axis = -1;
  int bin = 0;
  float cost = kInf;
  Aabb left_box, right_box;
};

Split best_sah_split(const Binning& binning, const BinMapping& mapping) {
  Split best;
  for (int a = 0; a < 3; ++a) {
    if (mapping.scale[a] == 0.0f) continue;
    const Bin* bins = binning.bins[a];
    float right_cost[kBvhBins];           // A n of bins [k, count)
    std::uint32_t right_count[kBvhBins];  // n of bins [k, count)
    Aabb right;
    std::uint32_t right_n = 0;
    for (int k = binning.count - 1; k > 0; --k) {
      right.grow(bins[k].box);
      right_n += bins[k].count;
      right_cost[k] = right.area() * static_cast<float>(right_n);
      right_count[k] = right_n;
    }
    Aabb left;
    std::uint32_t left_n = 0;
    for (int k = 1; k < binning.count; ++k) {
      left.grow(bins[k - 1].box);
      left_n += bins[k - 1].count;
      if (left_n == 0 || right_count[k] == 0) continue;
      const float cost = left.area() * static_cast<float>(left_n) + right_cost[k];
      if (cost < best.cost) best.axis = a, best.bin = k, best.cost = cost;
    }
  }
  if (best.axis < 0) return best;
  const Bin* bins = binning.bins[best.axis];
  for (int k = 0; k < binning.count; ++k) (k < best.bin ? best.left_box : best.right_box).grow(bins[k].box);
  return best;
}

// Bounds and centroid bounds of refs [begin, end).
void bound_range(const std::vector<PrimRef>& refs, NodeRange& range) {
  range.box = Aabb{}, range.centroids = Aabb{};
  for (std::uint32_t i = range.begin; i < range.end; ++i) {
    range.box.grow(refs[i].box);
    range.centroids.grow(centroid(refs[i]));
  }
}

// A subtree left for the parallel phase: the node slot it fills and its range.
struct SubtreeTask {
  std::uint32_t node;
  NodeRange range;
};

// Recursive builder over a shared reference array, writing into one node array. With `tasks`, ranges of at most
// kSubtreeTriangles are recorded there instead of being built (their node slot stays a placeholder).
class Builder {
 public:
  Builder(std::vector<PrimRef>& refs, std::vector<BvhNode>& nodes, int threads, std::vector<SubtreeTask>* tasks)
      : refs_(refs), nodes_(nodes), threads_(threads), tasks_(tasks) {}

  void build(std::uint32_t index, const NodeRange& range) {
    if (tasks_ != nullptr && range.count() <= kSubtreeTriangles) {
      tasks_->push_back(SubtreeTask{index, range});
      return;
    }
    NodeRange left{}, right{};
    if (!split(range, left, right)) {
      nodes_[index] = BvhNode{range.box.lo, range.begin, range.box.hi, range.count()};
      return;
    }
    const std::uint32_t first = static_cast<std::uint32_t>(nodes_.size());
    nodes_.resize(nodes_.size() + 2);
    nodes_[index] = BvhNode{range.box.lo, first, range.box.hi, 0};
    build(first, left);
    build(first + 1, right);
  }

 private:
  // Splits the range (reordering its refs) unless a leaf is cheaper and allowed; false means "make a leaf".
  bool split(const NodeRange& range, NodeRange& left, NodeRange& right) {
    const std::uint32_t n = range.count();
    if (n <= 1) return false;
    if (range.depth < kMedianSplitDepth) {
      const BinMapping mapping(range.centroids, n);
      const Split s = best_sah_split(bin(range, mapping), mapping);
      if (s.axis >= 0) {
        const float area = range.box.area();
        const float split_cost = kBvhNodeCost * area + kBvhTriangleCost * s.cost;
        if (n <= kBvhMaxLeafTriangles && kBvhTriangleCost * static_cast<float>(n) * area <= split_cost) return false;
        left = NodeRange{range.begin, 0, s.left_box, {}, range.depth + 1};
        right = NodeRange{0, range.end, s.right_box, {}, range.depth + 1};
        partition(range, mapping, s, left, right);
        return true;
      }
    }
    if (n <= kBvhMaxLeafTriangles) return false;
    median_split(range, left, right);
    return true;
  }

  // Moves the refs of bins [0, s.bin) before the others (a deterministic two-ended sweep) and sets the children's
  // split point and centroid bounds.
  void partition(const NodeRange& range, const BinMapping& mapping, const Split& s, NodeRange& left,
                 NodeRange& right) {
    PrimRef* refs = refs_.data();
    std::uint32_t i = range.begin, j = range.end;
    auto goes_left = [&](const PrimRef& r) { return mapping.bin(centroid(r), s.axis) < s.bin; };
    for (;;) {
      while (i < j && goes_left(refs[i])) left.centroids.grow(centroid(refs[i++]));
      while (i < j && !goes_left(refs[j - 1])) right.centroids.grow(centroid(refs[--j]));
      if (i == j) break;
      std::swap(refs[i], refs[j - 1]);
    }
    left.end = right.begin = i;
  }

  // Bins the range into the builder's scratch binning (on all cores for large top-phase nodes).
  const Binning& bin(const NodeRange& range, const BinMapping& mapping) {
    const std::uint32_t n = range.count();
    scratch_.reset(mapping.count);
    if (tasks_ == nullptr || threads_ <= 1 || n < kParallelBinningRefs) {
      for (std::uint32_t i = range.begin; i < range.end; ++i) scratch_.add(refs_[i], mapping);
      return scratch_;
    }
    std::vector<Binning> partial(static_cast<std::size_t>(threads_));
    parallel_for(
        partial.size(),
        [&](std::size_t c) {
          partial[c].reset(mapping.count);
          const std::uint32_t begin = range.begin + static_cast<std::uint32_t>(n * c / partial.size());
          const std::uint32_t end = range.begin + static_cast<std::uint32_t>(n * (c + 1) / partial.size());
          for (std::uint32_t i = begin; i < end; ++i) partial[c].add(refs_[i], mapping);
        },
        threads_);
    for (const Binning& p : partial) scratch_.merge(p);
    return scratch_;
  }

  // Object median along the widest centroid axis (SAH found no plane, or the depth limit is near).
  void median_split(const NodeRange& range, NodeRange& left, NodeRange& right) {
    const Vec3<float> e = range.centroids.hi - range.centroids.lo;
    const int axis = (e.x >= e.y && e.x >= e.z) ? 0 : (e.y >= e.z ? 1 : 2);
    auto* first = refs_.data() + range.begin;
    const std::uint32_t half = range.count() / 2;
    std::nth_element(first, first + half, first + range.count(), [axis](const PrimRef& a, const PrimRef& b) {
      const float ca = axis_of(centroid(a), axis), cb = axis_of(centroid(b), axis);
      return ca < cb || (ca == cb && a.id < b.id);
    });
    left = NodeRange{range.begin, range.begin + half, {}, {}, range.depth + 1};
    right = NodeRange{range.begin + half, range.end, {}, {}, range.depth + 1};
    bound_range(refs_, left);
    bound_range(refs_, right);
  }

  std::vector<PrimRef>& refs_;
  std::vector<BvhNode>& nodes_;
  int threads_;
  std::vector<SubtreeTask>* tasks_;
  Binning scratch_;  // reused by every node: the binning is consumed before the recursion
};

// Box and mesh index of every triangle (of a mesh that passed check_bvh_mesh).
std::vector<PrimRef> make_refs(const SceneMesh& mesh, int threads) {
  const std::size_t n = mesh.triangle_count();
  std::vector<PrimRef> refs(n);
  parallel_for_chunks(
      n,
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t t = begin; t < end; ++t) {
          PrimRef& r = refs[t];
          r.id = static_cast<std::uint32_t>(t);
          for (int k = 0; k < 3; ++k) {
            const float* p = mesh.positions_m.data() + 3 * static_cast<std::size_t>(mesh.indices[3 * t + k]);
            r.box.grow(Vec3<float>{p[0], p[1], p[2]});
          }
        }
      },
      threads);
  return refs;
}

// Appends a subtree built in its own array (root at 0, pad at 1, pairs from 2) and fills the placeholder slot.
void stitch(std::vector<BvhNode>& nodes, std::uint32_t slot, const std::vector<BvhNode>& local) {
  const std::uint32_t offset = static_cast<std::uint32_t>(nodes.size()) - 2;  // local index 2 -> nodes.size()
  auto relocated = [offset](const BvhNode& node) {
    BvhNode moved = node;
    if (moved.triangle_count == 0) moved.first += offset;
    return moved;
  };
  nodes[slot] = relocated(local[0]);
  for (std::size_t i = 2; i < local.size(); ++i) nodes.push_back(relocated(local[i]));
}

}  // namespace

BvhBuildStats measure_bvh(const std::vector<BvhNode>& nodes) {
  BvhBuildStats s;
  s.node_count = nodes.size();
  auto area = [](const BvhNode& n) {
    const Vec3<float> e = n.hi_m - n.lo_m;
    return 2.0 * (static_cast<double>(e.x) * e.y + static_cast<double>(e.y) * e.z + static_cast<double>(e.z) * e.x);
  };
  const double root_area = area(nodes[0]);
  struct Item {
    std::uint32_t node;
    int depth;
  };
  std::vector<Item> stack{{0, 0}};
  while (!stack.empty()) {
    const Item item = stack.back();
    stack.pop_back();
    const BvhNode& n = nodes[item.node];
    const double relative = root_area > 0 ? area(n) / root_area : 1.0;
    if (n.triangle_count == 0) {
      s.sah_cost += kBvhNodeCost * relative;
      stack.push_back({n.first, item.depth + 1});
      stack.push_back({n.first + 1, item.depth + 1});
    } else {
      s.sah_cost += kBvhTriangleCost * n.triangle_count * relative;
      ++s.leaf_count;
      s.max_depth = std::max(s.max_depth, item.depth);
    }
  }
  return s;
}

void check_bvh_mesh(const SceneMesh& mesh) {
  if (mesh.triangle_count() >= (std::size_t{1} << 31)) {
    throw std::invalid_argument("build_bvh: " + std::to_string(mesh.triangle_count()) +
                                " triangles (at most 2^31 - 1)");
  }
  const std::size_t vertices = mesh.vertex_count();
  for (std::size_t i = 0; i < mesh.positions_m.size(); ++i) {
    if (!std::isfinite(mesh.positions_m[i])) {
      throw std::invalid_argument("build_bvh: vertex " + std::to_string(i / 3) + " has a non-finite coordinate");
    }
  }
  for (std::size_t i = 0; i < mesh.indices.size(); ++i) {
    if (mesh.indices[i] >= vertices) {
      throw std::invalid_argument("build_bvh: triangle " + std::to_string(i / 3) + " uses vertex " +
                                  std::to_string(mesh.indices[i]) + " of " + std::to_string(vertices));
    }
  }
}

Bvh build_bvh(const SceneMesh& mesh, int threads) {
  if (threads <= 0) threads = default_thread_count();
  check_bvh_mesh(mesh);
  Bvh bvh;
  if (mesh.triangle_count() == 0) return bvh;
  std::vector<PrimRef> refs = make_refs(mesh, threads);

  NodeRange root{0, static_cast<std::uint32_t>(refs.size()), {}, {}, 0};
  bound_range(refs, root);
  bvh.nodes.resize(2);  // root and the pad that puts sibling pairs at even indices
  bvh.nodes[1] = BvhNode{{0, 0, 0}, 0, {0, 0, 0}, 0};
  std::vector<SubtreeTask> tasks;
  Builder(refs, bvh.nodes, threads, &tasks).build(0, root);

  std::vector<std::vector<BvhNode>> subtrees(tasks.size());
  parallel_for(
      tasks.size(),
      [&](std::size_t i) {
        subtrees[i].resize(2);
        Builder(refs, subtrees[i], 1, nullptr).build(0, tasks[i].range);
      },
      threads);
  for (std::size_t i = 0; i < tasks.size(); ++i) stitch(bvh.nodes, tasks[i].node, subtrees[i]);

  const std::size_t n = refs.size();
  bvh.triangle_ids.resize(n);
  bvh.triangle_vertices_m.resize(9 * n);
  parallel_for_chunks(
      n,
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t slot = begin; slot < end; ++slot) {
          const std::uint32_t t = refs[slot].id;
          bvh.triangle_ids[slot] = t;
          for (int k = 0; k < 3; ++k) {
            const std::size_t v = mesh.indices[3 * std::size_t{t} + k];
            std::copy_n(mesh.positions_m.data() + 3 * v, 3, bvh.triangle_vertices_m.data() + 9 * slot + 3 * k);
          }
        }
      },
      threads);
  bvh.stats = measure_bvh(bvh.nodes);
  return bvh;
}

}  // namespace tarang

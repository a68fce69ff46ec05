// CPU SBR engine: Embree intersections, fixed ray blocks run on all cores, deposits summed in block order.
#include "raytrace/radio_map_sbr.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>

#include "core/interrupt.h"
#include "core/parallel_for.h"
#include "core/progress.h"
#include "raytrace/embree_intersector.h"
#include "raytrace/sbr_ray.h"
#include "raytrace/sbr_setup.h"
#include "raytrace/tube_footprint.h"

namespace tarang {
namespace {

constexpr std::uint64_t kBlocksPerBatch = 64;  // deposits of one batch are held in memory, then summed

// One receiver-plane crossing, spread over its tube footprint when summed; its per-sector powers (the point
// estimator's contribution to the crossed cell, linear path gain) are kept alongside.
struct Crossing {
  float x_m, y_m;     // crossing point, local coordinates
  float half_side_m;  // footprint half side
  float ax_m, ay_m;   // needle half-axis of a diffracted tube (0, 0: square footprint)
};

// The crossings of one block of launch rays, with the powers of crossing c in powers[c x sectors + k].
struct BlockDeposits {
  std::vector<Crossing> crossings;
  std::vector<float> powers;
  std::uint64_t count = 0;  // (crossing, sector) pairs with power > 0
};

// Collects the deposits of one launch ray for all sectors of its site. The sectors' antenna gains towards the launch
// direction are evaluated at the ray's first deposit: rays that never reach the grid (most that leave upwards) skip
// the pattern evaluations.
struct BlockSink {
  const std::vector<SectorLaunch>* sectors;
  SbrDepositWeights weights;
  BlockDeposits* out;
  Vec3<float> d0{};  // launch direction of the current ray
  bool gains_ready = false;
  float launch_gain[kSbrMaxSectorsPerSite];  // linear TX antenna gain per sector towards the launch direction

  // Starts the launch ray of direction d (its gains are not evaluated yet).
  void begin_ray(Vec3<float> d) { d0 = d, gains_ready = false; }

  void deposit(float x_m, float y_m, float path_length_m, float spreading_m, float ax_m, float ay_m,
               const JonesFrame& frame, float plane_cosine, const float row_weight[2]) {
    if (!gains_ready) {
      for (std::size_t k = 0; k < sectors->size(); ++k) {
        launch_gain[k] = std::pow(10.0f, sector_antenna_gain_dbi((*sectors)[k].antenna, d0) / 10.0f);
      }
      gains_ready = true;
    }
    float h = 0;
    const float w = weights.point_weight(path_length_m, spreading_m, plane_cosine, &h);
    float power[kSbrMaxSectorsPerSite];
    std::uint64_t positive = 0;
    for (std::size_t k = 0; k < sectors->size(); ++k) {
      power[k] = launch_gain[k] * launch_carried_power((*sectors)[k], frame, row_weight) * w;
      positive += power[k] > 0 ? 1 : 0;
    }
    if (positive == 0) return;
    out->crossings.push_back(Crossing{x_m, y_m, h, ax_m, ay_m});
    out->powers.insert(out->powers.end(), power, power + sectors->size());
    out->count += positive;
  }
};

// Embree adapter with the interface trace_sbr_ray expects. The first query of a launch ray (its launch segment) is
// answered from `first` when set: launch segments are traced beforehand in coherent packets.
struct EmbreeAdapter {
  const EmbreeIntersector* embree;
  mutable const Hit* first = nullptr;
  Hit intersect(const Ray& r) const {
    if (first != nullptr) {
      const Hit h = *first;
      first = nullptr;
      return h;
    }
    return embree->intersect(r);
  }
};

// Launch directions and hits of the launch segments of rays [begin, end) (directions[i - begin], hits[i - begin]);
// the launch segment is the query trace_sbr_ray makes first. The
// rays are traced in packets of neighbouring directions: within a block the Fibonacci directions span a thin band
// of z, so ordering them by azimuth (bucketed by the unrotated azimuth, i x golden angle modulo one turn; the seed's
// rotation keeps neighbours neighbours) makes each packet a narrow cone.
void trace_launch_segments(const EmbreeIntersector& embree, const SbrParams& p, std::uint64_t begin,
                           std::uint64_t end, std::vector<Vec3<float>>& directions, std::vector<Hit>& hits) {
  constexpr int kBuckets = 256;
  const std::size_t count = end - begin;
  std::vector<std::uint32_t> first_of(kBuckets + 1, 0), order(count);
  std::vector<std::uint16_t> bucket(count);
  for (std::size_t k = 0; k < count; ++k) {
    const double turns = static_cast<double>(begin + k) * (kGoldenAngle_rad / (2.0 * M_PI));
    bucket[k] = static_cast<std::uint16_t>((turns - std::floor(turns)) * kBuckets) % kBuckets;
    ++first_of[bucket[k] + 1];
  }
  for (int b = 0; b < kBuckets; ++b) first_of[b + 1] += first_of[b];
  for (std::size_t k = 0; k < count; ++k) order[first_of[bucket[k]]++] = static_cast<std::uint32_t>(k);
  directions.resize(count);
  for (std::size_t k = 0; k < count; ++k) directions[k] = launch_direction(p, begin + k);
  hits.resize(count);
  constexpr int kPacket = EmbreeIntersector::kPacketSize;
  for (std::size_t first = 0; first < count; first += kPacket) {
    const int n = static_cast<int>(std::min<std::size_t>(kPacket, count - first));
    Ray rays[kPacket];
    Hit packet_hits[kPacket];
    for (int k = 0; k < n; ++k) rays[k] = Ray{p.tx_m, directions[order[first + k]], 0.0f, 1e30f};
    embree.intersect_packet(rays, n, packet_hits, true);
    for (int k = 0; k < n; ++k) hits[order[first + k]] = packet_hits[k];
  }
}

// Marks cells whose receiver point is inside a closed building: the first surface straight above is a back face.
// The upward probes go to Embree as coherent packets of 4 x 4 neighbouring cells.
std::vector<char> cells_inside_buildings(const EmbreeIntersector& embree, const RasterGrid& grid, const SbrSetup& setup,
                                         int threads) {
  constexpr int kTile = 4;  // kTile x kTile cells = one packet
  static_assert(kTile * kTile == EmbreeIntersector::kPacketSize, "one tile per packet");
  const float west_local = setup.params.grid_west_m, north_local = setup.params.grid_north_m;
  const float cell_m = static_cast<float>(grid.cell_m);
  std::vector<char> inside(grid.cell_count(), 0);
  parallel_for(
      static_cast<std::size_t>((grid.ny + kTile - 1) / kTile),
      [&](std::size_t tile_row) {
        const int row0 = static_cast<int>(tile_row) * kTile, row1 = std::min(row0 + kTile, grid.ny);
        for (int col0 = 0; col0 < grid.nx; col0 += kTile) {
          const int col1 = std::min(col0 + kTile, grid.nx);
          Ray rays[kTile * kTile];
          std::size_t cells[kTile * kTile];
          int count = 0;
          for (int row = row0; row < row1; ++row) {
            for (int col = col0; col < col1; ++col, ++count) {
              cells[count] = static_cast<std::size_t>(row) * static_cast<std::size_t>(grid.nx) + col;
              const Vec3<float> o{west_local + (col + 0.5f) * cell_m,
                                  north_local - (static_cast<float>(row) + 0.5f) * cell_m,
                                  receiver_z_m(setup, cells[count])};
              rays[count] = Ray{o, {0, 0, 1}, 0.0f, 1e30f};
            }
          }
          Hit hits[kTile * kTile];
          embree.intersect_packet(rays, count, hits, true);
          for (int k = 0; k < count; ++k) {
            if (is_hit(hits[k]) && hits[k].normal.z > 0.0f) inside[cells[k]] = 1;
          }
        }
      },
      threads);
  return inside;
}

}  // namespace

struct SbrCpuTracer::State {
  SbrSetup setup;
  std::unique_ptr<EmbreeIntersector> embree;
  std::vector<char> inside;
};

SbrCpuTracer::SbrCpuTracer(const Scenario& s, const SceneMesh& mesh, const RasterGrid& grid, int threads)
    : s_(s), grid_(grid), threads_(threads), state_(std::make_unique<State>()) {
  prepare_sbr(s, mesh, grid, state_->setup);
  state_->embree = std::make_unique<EmbreeIntersector>(mesh);
  state_->inside = cells_inside_buildings(*state_->embree, grid, state_->setup, threads);
}

SbrCpuTracer::~SbrCpuTracer() = default;

std::vector<float> SbrCpuTracer::trace_site(std::size_t site_index, Progress* progress, SbrRunStats* stats) const {
  const RaytraceSpec& rt = s_.raytrace;
  const RasterGrid& grid = grid_;
  const std::size_t cells = grid.cell_count();
  const SbrSetup& setup = state_->setup;
  const EmbreeIntersector& embree = *state_->embree;
  SbrParams p = setup.params;
  const float west_local = p.grid_west_m, north_local = p.grid_north_m;
  const SiteSpec& site = s_.sites[site_index];
  const std::vector<SectorLaunch>& sectors = setup.sectors[site_index];
  p.tx_m = setup.tx_m[site_index];
  {
    const Hit up = embree.intersect(Ray{p.tx_m, {0, 0, 1}, 0.0f, 1e30f});
    if (is_hit(up) && up.normal.z > 0.0f) stats->warnings.push_back("site " + site.id + " is inside a building");
  }

  std::vector<double> power(sectors.size() * cells, 0.0);
  const std::uint64_t blocks = (rt.rays + kSbrRaysPerBlock - 1) / kSbrRaysPerBlock;
  for (std::uint64_t batch = 0; batch < blocks; batch += kBlocksPerBatch) {
    const std::uint64_t batch_blocks = std::min(kBlocksPerBatch, blocks - batch);
    std::vector<BlockDeposits> deposits(batch_blocks);
    std::vector<std::uint64_t> segments(batch_blocks, 0);
    parallel_for(
        batch_blocks,
        [&](std::size_t b) {
          throw_if_interrupted();
          const std::uint64_t begin = (batch + b) * kSbrRaysPerBlock;
          const std::uint64_t end = std::min(begin + kSbrRaysPerBlock, rt.rays);
          BlockSink sink{&sectors, setup.weights, &deposits[b], {}, false, {}};
          std::vector<Vec3<float>> directions;
          std::vector<Hit> launch_hits;
          trace_launch_segments(embree, p, begin, end, directions, launch_hits);
          const EmbreeAdapter adapter{&embree};
          for (std::uint64_t i = begin; i < end; ++i) {
            sink.begin_ray(directions[i - begin]);
            adapter.first = &launch_hits[i - begin];
            segments[b] += trace_sbr_ray_from(i, directions[i - begin], p, adapter, sink);
          }
        },
        threads_);
    for (std::uint64_t b = 0; b < batch_blocks; ++b) {  // block order: deterministic sums
      const BlockDeposits& block = deposits[b];
      for (std::size_t c = 0; c < block.crossings.size(); ++c) {
        const Crossing& d = block.crossings[c];
        const float* crossing_power = block.powers.data() + c * sectors.size();
        // The point estimator puts the power into one cell; spread it by overlap (one footprint for all sectors).
        for_each_tube_footprint_cell(d.x_m, d.y_m, d.half_side_m, d.ax_m, d.ay_m, west_local, north_local,
                                     static_cast<float>(grid.cell_m), grid.nx, grid.ny,
                                     [&](std::uint32_t cell, float fraction) {
                                       for (std::size_t k = 0; k < sectors.size(); ++k) {
                                         if (crossing_power[k] > 0) {
                                           power[k * cells + cell] += static_cast<double>(crossing_power[k]) * fraction;
                                         }
                                       }
                                     });
      }
      stats->deposits += block.count;
      stats->segments += segments[b];
    }
    if (progress != nullptr) progress->advance(batch_blocks);
  }
  stats->rays += rt.rays;
  return gain_db_from_power(power, state_->inside);
}

std::vector<float> trace_sbr_gain_maps(const Scenario& s, const SceneMesh& mesh, const RasterGrid& grid,
                                       Progress* progress, SbrRunStats* stats, int threads) {
  const SbrCpuTracer tracer(s, mesh, grid, threads);
  std::vector<float> gain;
  gain.reserve(s.sector_count() * grid.cell_count());
  SbrRunStats local_stats;
  for (std::size_t site_index = 0; site_index < s.sites.size(); ++site_index) {
    const std::vector<float> site_gain = tracer.trace_site(site_index, progress, &local_stats);
    gain.insert(gain.end(), site_gain.begin(), site_gain.end());
  }
  if (stats != nullptr) *stats = local_stats;
  return gain;
}

}  // namespace tarang

// CPU SBR engine: Embree intersections, fixed ray blocks run on all cores, deposits summed in block order.
#include "raytrace/radio_map_sbr.h"

#include <cmath>
#include <limits>
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

// One receiver-plane crossing of one sector's field, spread over its tube footprint when summed.
struct Deposit {
  float x_m, y_m;        // crossing point, local coordinates
  float half_side_m;     // footprint half side
  std::uint32_t sector;  // index within the site
  float power;           // the point estimator's contribution to the crossed cell (linear path gain)
};

// Collects the deposits of one launch ray for all sectors of its site.
struct BlockSink {
  const std::vector<SectorLaunch>* sectors;
  float launch_gain[kSbrMaxSectorsPerSite];  // linear TX antenna gain per sector towards the launch direction
  SbrDepositWeights weights;
  std::vector<Deposit>* out;

  void deposit(float x_m, float y_m, float path_length_m, const JonesFrame& frame, float plane_cosine) {
    float h = 0;
    const float w = weights.point_weight(path_length_m, plane_cosine, &h);
    for (std::size_t k = 0; k < sectors->size(); ++k) {
      const float power = launch_gain[k] * launch_carried_power((*sectors)[k], frame) * w;
      if (power > 0) out->push_back(Deposit{x_m, y_m, h, static_cast<std::uint32_t>(k), power});
    }
  }
};

// Embree adapter with the interface trace_sbr_ray expects.
struct EmbreeAdapter {
  const EmbreeIntersector* embree;
  Hit intersect(const Ray& r) const { return embree->intersect(r); }
};

// Marks cells whose receiver point is inside a closed building: the first surface straight above is a back face.
std::vector<char> cells_inside_buildings(const EmbreeIntersector& embree, const RasterGrid& grid, float west_local,
                                         float north_local, float plane_z, int threads) {
  std::vector<char> inside(grid.cell_count(), 0);
  parallel_for(
      static_cast<std::size_t>(grid.ny),
      [&](std::size_t row) {
        for (int col = 0; col < grid.nx; ++col) {
          const Vec3<float> o{west_local + (col + 0.5f) * static_cast<float>(grid.cell_m),
                              north_local - (static_cast<float>(row) + 0.5f) * static_cast<float>(grid.cell_m),
                              plane_z};
          const Hit h = embree.intersect(Ray{o, {0, 0, 1}, 0.0f, 1e30f});
          if (is_hit(h) && h.normal.z > 0.0f) inside[row * grid.nx + col] = 1;
        }
      },
      threads);
  return inside;
}

}  // namespace

std::vector<float> trace_sbr_gain_maps(const Scenario& s, const SceneMesh& mesh, const RasterGrid& grid,
                                       Progress* progress, SbrRunStats* stats, int threads) {
  const RaytraceSpec& rt = s.raytrace;
  const std::size_t cells = grid.cell_count();
  SbrSetup setup;
  prepare_sbr(s, mesh, grid, setup);
  SbrParams p = setup.params;
  const EmbreeIntersector embree(mesh);
  const float west_local = p.grid_west_m, north_local = p.grid_north_m;
  const std::vector<char> inside = cells_inside_buildings(embree, grid, west_local, north_local, p.plane_z_m, threads);

  std::vector<double> power(s.sector_count() * cells, 0.0);
  const std::uint64_t blocks = (rt.rays + kSbrRaysPerBlock - 1) / kSbrRaysPerBlock;
  std::size_t first_sector = 0;
  SbrRunStats local_stats;
  for (std::size_t site_index = 0; site_index < s.sites.size(); ++site_index) {
    const SiteSpec& site = s.sites[site_index];
    const std::vector<SectorLaunch>& sectors = setup.sectors[site_index];
    p.tx_m = setup.tx_m[site_index];
    {
      const Hit up = embree.intersect(Ray{p.tx_m, {0, 0, 1}, 0.0f, 1e30f});
      if (is_hit(up) && up.normal.z > 0.0f) local_stats.warnings.push_back("site " + site.id + " is inside a building");
    }

    for (std::uint64_t batch = 0; batch < blocks; batch += kBlocksPerBatch) {
      const std::uint64_t batch_blocks = std::min(kBlocksPerBatch, blocks - batch);
      std::vector<std::vector<Deposit>> deposits(batch_blocks);
      std::vector<std::uint64_t> segments(batch_blocks, 0);
      parallel_for(
          batch_blocks,
          [&](std::size_t b) {
            throw_if_interrupted();
            const std::uint64_t begin = (batch + b) * kSbrRaysPerBlock;
            const std::uint64_t end = std::min(begin + kSbrRaysPerBlock, rt.rays);
            BlockSink sink{&sectors, {}, setup.weights, &deposits[b]};
            const EmbreeAdapter adapter{&embree};
            for (std::uint64_t i = begin; i < end; ++i) {
              const Vec3<float> d0 = launch_direction(p, i);
              for (std::size_t k = 0; k < sectors.size(); ++k) {
                sink.launch_gain[k] = std::pow(10.0f, sector_antenna_gain_dbi(sectors[k].antenna, d0) / 10.0f);
              }
              segments[b] += trace_sbr_ray(i, p, adapter, sink);
            }
          },
          threads);
      for (std::uint64_t b = 0; b < batch_blocks; ++b) {  // block order: deterministic sums
        for (const Deposit& d : deposits[b]) {
          double* sector_power = power.data() + (first_sector + d.sector) * cells;
          for_each_footprint_cell(d.x_m, d.y_m, d.half_side_m, west_local, north_local, static_cast<float>(grid.cell_m),
                                  grid.nx, grid.ny, [&](std::uint32_t cell, float fraction) {
                                    // The point estimator puts `power` into one cell; spread it by overlap.
                                    sector_power[cell] += static_cast<double>(d.power) * fraction;
                                  });
        }
        local_stats.deposits += deposits[b].size();
        local_stats.segments += segments[b];
      }
      if (progress != nullptr) progress->advance(batch_blocks);
    }
    local_stats.rays += rt.rays;
    first_sector += site.sectors.size();
  }

  if (stats != nullptr) *stats = local_stats;
  return gain_db_from_power(power, inside);
}

}  // namespace tarang

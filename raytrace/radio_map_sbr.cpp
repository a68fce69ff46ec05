// CPU SBR engine: Embree intersections, fixed ray blocks run on all cores, deposits summed in block order.
#include "raytrace/radio_map_sbr.h"

#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

#include "core/parallel_for.h"
#include "core/progress.h"
#include "propagation/empirical_gain_maps.h"
#include "propagation/sector_antenna.h"
#include "raytrace/embree_intersector.h"
#include "raytrace/sbr_ray.h"
#include "raytrace/surface_materials.h"
#include "raytrace/tube_footprint.h"

namespace tarang {
namespace {

constexpr std::uint64_t kBlocksPerBatch = 64;    // deposits of one batch are held in memory, then summed
constexpr float kMinPlaneCosine = 1e-2f;         // grazing crossings are weighted as at ~0.6 deg (see docs)

constexpr float kMaxFootprintCells = 8;        // footprint half side at most 8 cells (17 x 17 cells)

// One receiver-plane crossing of one sector's field, spread over its tube footprint when summed.
struct Deposit {
  float x_m, y_m;        // crossing point, local coordinates
  float half_side_m;     // footprint half side
  std::uint32_t sector;  // index within the site
  float power;           // the point estimator's contribution to the crossed cell (linear path gain)
};

// One sector as seen at launch: its antenna and its launch polarisation(s).
struct SectorLaunch {
  SectorAntenna antenna;
  int ports;                 // 1, or 2 for dual-slant (power split equally)
  Complex<float> e[2][2];    // per port: (e_theta, e_phi) of unit power
};

SectorLaunch sector_launch(const SectorSpec& sector) {
  SectorLaunch l{sector_antenna_of(sector), 1, {}};
  const float h = 0.70710678f;
  switch (sector.polarization) {
    case SectorPolarization::V: l.e[0][0] = {1, 0}, l.e[0][1] = {0, 0}; break;
    case SectorPolarization::H: l.e[0][0] = {0, 0}, l.e[0][1] = {1, 0}; break;
    case SectorPolarization::Slant45: l.e[0][0] = {h, 0}, l.e[0][1] = {h, 0}; break;
    case SectorPolarization::Cross:
      l.ports = 2;
      l.e[0][0] = {h, 0}, l.e[0][1] = {h, 0};
      l.e[1][0] = {h, 0}, l.e[1][1] = {-h, 0};
      break;
  }
  return l;
}

// Collects the deposits of one launch ray for all sectors of its site.
struct BlockSink {
  const std::vector<SectorLaunch>* sectors;
  float launch_gain[64];  // linear TX antenna gain per sector towards the launch direction
  float weight;           // (lambda / 4 pi)^2 x tube solid angle / cell area: the point estimator's deposit
  float tube_sr;
  float max_half_side_m;
  float excess_neper_per_m;  // gases + rain: power x exp(-excess x path length)
  std::vector<Deposit>* out;

  void deposit(float x_m, float y_m, float path_length_m, const JonesFrame& frame, float plane_cosine) {
    const float cosine = plane_cosine > kMinPlaneCosine ? plane_cosine : kMinPlaneCosine;
    const float w = weight / cosine * std::exp(-excess_neper_per_m * path_length_m);
    const float h = tube_footprint_half_side_m(path_length_m, tube_sr, cosine, max_half_side_m);
    for (std::size_t k = 0; k < sectors->size(); ++k) {
      const SectorLaunch& l = (*sectors)[k];
      float carried = 0;
      for (int port = 0; port < l.ports; ++port) carried += carried_power(frame, l.e[port][0], l.e[port][1]);
      carried /= static_cast<float>(l.ports);
      const float power = launch_gain[k] * carried * w;
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

// Identity for seed 0; otherwise a rotation drawn uniformly (random unit quaternion, Shoemake 1992) from
// splitmix64 of the seed, so a second run with another seed samples the sphere with shifted rays.
void seeded_rotation(std::uint64_t seed, float* r) {
  double q[4] = {1, 0, 0, 0};
  if (seed != 0) {
    auto next = [state = seed]() mutable {
      std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
      return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
    };
    const double u1 = next(), u2 = next() * 2 * M_PI, u3 = next() * 2 * M_PI;
    q[0] = std::sqrt(1 - u1) * std::sin(u2), q[1] = std::sqrt(1 - u1) * std::cos(u2);
    q[2] = std::sqrt(u1) * std::sin(u3), q[3] = std::sqrt(u1) * std::cos(u3);
  }
  const double w = q[0], x = q[1], y = q[2], z = q[3];
  const double m[9] = {1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
                       2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
                       2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)};
  for (int i = 0; i < 9; ++i) r[i] = static_cast<float>(m[i]);
}

}  // namespace

std::vector<float> trace_sbr_gain_maps(const Scenario& s, const SceneMesh& mesh, const RasterGrid& grid,
                                       Progress* progress, SbrRunStats* stats, int threads) {
  const RaytraceSpec& rt = s.raytrace;
  const std::size_t cells = grid.cell_count();
  const double frequency_hz = s.radio.frequency_hz;
  const double wavelength_m = 299792458.0 / frequency_hz;

  // Materials at the carrier frequency.
  std::vector<SurfaceMaterial> materials;
  for (const SceneMaterial& m : mesh.materials) {
    materials.push_back(
        surface_material_of(m.name, m.thickness_m, frequency_hz, false, s.custom_materials, s.allow_extrapolation));
  }
  std::vector<std::uint16_t> triangle_material = mesh.triangle_material;
  if (triangle_material.size() != mesh.triangle_count()) throw std::invalid_argument("mesh materials incomplete");

  const EmbreeIntersector embree(mesh);
  const float west_local = static_cast<float>(grid.west_m - mesh.origin_x_m);
  const float north_local = static_cast<float>(grid.north_m - mesh.origin_y_m);
  const float plane_z = static_cast<float>(s.grid.base_z_m + grid.height_m);
  const std::vector<char> inside = cells_inside_buildings(embree, grid, west_local, north_local, plane_z, threads);

  SbrParams p{};
  p.ray_count = rt.rays;
  seeded_rotation(rt.seed, p.rotation);
  p.max_depth = rt.max_depth;
  p.transmission = rt.transmission ? 1 : 0;
  p.min_power = static_cast<float>(std::pow(10.0, rt.min_gain_db / 10.0));
  p.frequency_hz = static_cast<float>(frequency_hz);
  p.plane_z_m = plane_z;
  p.grid_west_m = west_local, p.grid_north_m = north_local, p.cell_m = static_cast<float>(grid.cell_m);
  p.nx = grid.nx, p.ny = grid.ny;
  p.has_ground = s.scene.ground == GroundKind::Flat ? 1 : 0;
  if (p.has_ground) {
    p.ground = surface_material_of(s.scene.ground_material, 1.0, frequency_hz, true, s.custom_materials,
                                   s.allow_extrapolation);
  }
  p.triangle_material = triangle_material.data();
  p.materials = materials.data();

  const double tube_sr = 4.0 * M_PI / static_cast<double>(rt.rays);
  const float excess_neper_per_m = static_cast<float>(excess_loss_db_per_m(s.radio) * std::log(10.0) / 10.0);
  const float weight = static_cast<float>(std::pow(wavelength_m / (4.0 * M_PI), 2) * tube_sr /
                                          (grid.cell_m * grid.cell_m));

  std::vector<double> power(s.sector_count() * cells, 0.0);
  const std::uint64_t blocks = (rt.rays + kSbrRaysPerBlock - 1) / kSbrRaysPerBlock;
  std::size_t first_sector = 0;
  SbrRunStats local_stats;
  for (const SiteSpec& site : s.sites) {
    std::vector<SectorLaunch> sectors;
    for (const SectorSpec& sector : site.sectors) sectors.push_back(sector_launch(sector));
    if (sectors.size() > 64) throw std::invalid_argument("site " + site.id + " has more than 64 sectors");
    p.tx_m = {static_cast<float>(site.x_m - mesh.origin_x_m), static_cast<float>(site.y_m - mesh.origin_y_m),
              static_cast<float>(s.grid.base_z_m + site.height_m)};
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
            const std::uint64_t begin = (batch + b) * kSbrRaysPerBlock;
            const std::uint64_t end = std::min(begin + kSbrRaysPerBlock, rt.rays);
            BlockSink sink{&sectors,
                           {},
                           weight,
                           static_cast<float>(tube_sr),
                           kMaxFootprintCells * static_cast<float>(grid.cell_m),
                           excess_neper_per_m,
                           &deposits[b]};
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

  std::vector<float> gain_db(power.size());
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (std::size_t k = 0; k < s.sector_count(); ++k) {
    for (std::size_t c = 0; c < cells; ++c) {
      const double v = power[k * cells + c];
      gain_db[k * cells + c] = inside[c] ? nan : static_cast<float>(10.0 * std::log10(v));
    }
  }
  if (stats != nullptr) *stats = local_stats;
  return gain_db;
}

}  // namespace tarang

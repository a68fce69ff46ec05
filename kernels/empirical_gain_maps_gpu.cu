// CUDA launcher for empirical gain maps: one thread per grid cell, looping over sites and their sectors.
#include <cuda_runtime.h>

#include "kernels/cuda_runtime_checked.h"
#include "kernels/empirical_gain_maps_gpu.h"
#include <stdexcept>

#include "propagation/empirical_gain_maps.h"
#include "propagation/sector_antenna.h"

namespace tarang {
namespace {

struct GpuSector {
  int site;
  SectorAntenna antenna;
};

struct GpuSite {
  double x_m, y_m, height_m;
};

// Same arithmetic as compute_empirical_gain_maps: link vectors in double, link physics in float.
__global__ void empirical_gain_kernel(EmpiricalModel<float> model, const GpuSite* sites, int n_sites,
                                      const GpuSector* sectors, int n_sectors, double west_m, double north_m,
                                      double cell_m, int nx, int ny, double rx_height_m, float* gain) {
  const long long cell = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  const long long cells = static_cast<long long>(nx) * ny;
  if (cell >= cells) return;
  const int row = static_cast<int>(cell / nx), col = static_cast<int>(cell % nx);
  const double x = west_m + (col + 0.5) * cell_m, y = north_m - (row + 0.5) * cell_m;
  int k = 0;
  for (int i = 0; i < n_sites; ++i) {
    const Vec3<float> d{static_cast<float>(x - sites[i].x_m), static_cast<float>(y - sites[i].y_m),
                        static_cast<float>(rx_height_m - sites[i].height_m)};
    const float loss_db =
        empirical_path_loss_db(model, d, static_cast<float>(sites[i].height_m), static_cast<float>(rx_height_m));
    for (; k < n_sectors && sectors[k].site == i; ++k) {
      gain[k * cells + cell] = sector_antenna_gain_dbi(sectors[k].antenna, d) - loss_db;
    }
  }
}

// Device memory freed on scope exit.
template <typename T>
struct DeviceArray {
  T* ptr = nullptr;
  explicit DeviceArray(std::size_t n) { cuda_check(cudaMalloc(&ptr, n * sizeof(T) + 1), "cudaMalloc"); }
  ~DeviceArray() { cudaFree(ptr); }
  DeviceArray(const DeviceArray&) = delete;
  DeviceArray& operator=(const DeviceArray&) = delete;
};

}  // namespace

std::vector<float> compute_empirical_gain_maps_gpu(const Scenario& s, const RasterGrid& grid) {
  std::vector<GpuSite> sites;
  std::vector<GpuSector> sectors;
  for (const SiteSpec& site : s.sites) {
    for (const SectorSpec& sector : site.sectors) {
      if (sector.antenna.kind == AntennaKind::Msi) {
        throw std::invalid_argument("GPU gain maps do not take MSI pattern files yet (sector " + sector.id + ")");
      }
      sectors.push_back(GpuSector{static_cast<int>(sites.size()), sector_antenna_of(sector)});
    }
    sites.push_back(GpuSite{site.x_m, site.y_m, site.height_m});
  }
  const std::size_t cells = grid.cell_count();
  std::vector<float> gain(sectors.size() * cells);

  DeviceArray<GpuSite> d_sites(sites.size());
  DeviceArray<GpuSector> d_sectors(sectors.size());
  DeviceArray<float> d_gain(gain.size());
  cuda_check(cudaMemcpy(d_sites.ptr, sites.data(), sites.size() * sizeof(GpuSite), cudaMemcpyHostToDevice), "copy sites");
  cuda_check(cudaMemcpy(d_sectors.ptr, sectors.data(), sectors.size() * sizeof(GpuSector), cudaMemcpyHostToDevice),
             "copy sectors");
  constexpr int kBlock = 256;
  const unsigned blocks = static_cast<unsigned>((cells + kBlock - 1) / kBlock);
  empirical_gain_kernel<<<blocks, kBlock>>>(empirical_model_of<float>(s), d_sites.ptr, static_cast<int>(sites.size()),
                                            d_sectors.ptr, static_cast<int>(sectors.size()), grid.west_m,
                                            grid.north_m, grid.cell_m, grid.nx, grid.ny, grid.height_m, d_gain.ptr);
  cuda_check(cudaGetLastError(), "launch empirical_gain_kernel");
  cuda_check(cudaMemcpy(gain.data(), d_gain.ptr, gain.size() * sizeof(float), cudaMemcpyDeviceToHost), "copy gains");
  return gain;
}

}  // namespace tarang

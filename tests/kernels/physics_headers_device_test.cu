// The physics headers on the device: a kernel evaluates each TARANG_HD function and the host compares with the same
// functions run on the CPU (label gpu; skipped without a CUDA device, but always compiled by nvcc when CUDA is on).
#include <cuda_runtime.h>
#include <gtest/gtest.h>

#include <cmath>

#include "kernels/cuda_runtime_checked.h"
#include "propagation/antenna_array_38901.h"
#include "propagation/antenna_dipole.h"
#include "propagation/antenna_pattern.h"
#include "propagation/fresnel.h"
#include "propagation/free_space.h"
#include "propagation/gaseous_attenuation_itu_p676.h"
#include "propagation/hata_pathloss.h"
#include "propagation/itu_p1411_pathloss.h"
#include "propagation/knife_edge_itu_p526.h"
#include "propagation/link_budget.h"
#include "propagation/materials_itu_p2040.h"
#include "propagation/rain_attenuation_itu_p838.h"
#include "propagation/tr38901_pathloss.h"
#include "propagation/utd_wedge.h"
#include "propagation/vegetation_clutter_loss.h"

namespace tarang {
namespace {

constexpr int kValues = 14;

// Every value is a scalar the host recomputes with the same call; keep the two lists in the same order.
template <typename T>
__host__ __device__ void evaluate_physics(T* out) {
  const Tr38901Link<T> link{T(350), T(25), T(1.5), T(3.5e9)};
  out[0] = free_space_path_loss_db(T(1000), T(3.5e9));
  out[1] = tr38901_path_loss_db(Tr38901Scenario::UMa, LosMode::Probabilistic, link, Tr38901Params<T>{});
  out[2] = antenna_gain_dbi(AntennaKind::Tr38901Element, Vec3<T>{T(1), T(0.3), T(-0.1)}, T(80), T(6));
  out[3] = half_wave_dipole_gain_dbi(T(60));
  ArrayConfig<T> array;
  array.rows = 4, array.cols = 8, array.beams = 4;
  out[4] = array_envelope_gain_dbi(array, T(95), T(20));
  const MaterialProperties<T> concrete = itu_material_properties(ItuMaterial::Concrete, T(3.5e9));
  const Complex<T> eta = complex_relative_permittivity(concrete.eps_r, concrete.sigma_s_per_m, T(3.5e9));
  const FresnelCoefficients<T> slab = fresnel_slab(eta, T(0.8), T(0.2), T(3.5e9));
  out[5] = norm2(slab.r_te);
  out[6] = norm2(slab.t_tm);
  out[7] = p676_specific_attenuation_db_per_km(T(60e9), P676Atmosphere<T>{});
  out[8] = p838_rain_specific_attenuation_db_per_km(T(25), T(28e9), T(0), T(90));
  out[9] = knife_edge_loss_exact_db(T(1.2));
  out[10] = norm2(utd_transition_function(T(0.7)));
  out[11] = okumura_hata_path_loss_db(HataLink<T>{T(2000), T(900e6), T(30), T(1.5)}, HataEnvironment::Urban,
                                      HataCitySize::SmallMedium);
  out[12] = p1411_site_general_path_loss_db(P1411Placement::AboveRooftop, P1411Environment::UrbanHighRise, false,
                                            T(300), T(3.5e9));
  out[13] = truncated_shannon_bps_per_hz(T(7.5));
}

template <typename T>
__global__ void physics_kernel(T* out) {
  evaluate_physics(out);
}

template <typename T>
void expect_device_equals_host(double relative_tolerance) {
  T host[kValues];
  evaluate_physics(host);
  T* device = nullptr;
  cuda_check(cudaMalloc(&device, sizeof(host)), "cudaMalloc");
  physics_kernel<T><<<1, 1>>>(device);
  cuda_check(cudaGetLastError(), "launch physics_kernel");
  T from_device[kValues];
  cuda_check(cudaMemcpy(from_device, device, sizeof(from_device), cudaMemcpyDeviceToHost), "copy results");
  cudaFree(device);
  for (int i = 0; i < kValues; ++i) {
    EXPECT_NEAR(from_device[i], host[i], relative_tolerance * (1 + std::fabs(static_cast<double>(host[i])))) << i;
  }
}

TEST(PhysicsHeadersOnDevice, DoubleMatchesHost) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  expect_device_equals_host<double>(1e-9);  // device libm differs from glibc by a few ulp
}

TEST(PhysicsHeadersOnDevice, FloatMatchesHost) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  expect_device_equals_host<float>(1e-4);  // float ulps plus FMA contraction on the device
}

}  // namespace
}  // namespace tarang

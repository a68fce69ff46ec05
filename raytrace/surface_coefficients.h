// Surface materials as the tracers see them (complex permittivity at the carrier, thickness) and their Fresnel
// reflection/transmission coefficients in the (s = TE, p = TM) basis used by JonesFrame.
#pragma once

#include "core/complex.h"
#include "core/hd.h"
#include "propagation/fresnel.h"

namespace tarang {

struct SurfaceMaterial {
  Complex<float> eta;   // complex relative permittivity at the carrier frequency
  float thickness_m;    // slab thickness (walls); ignored for half-spaces
  int half_space;       // nonzero: semi-infinite medium (ground), reflection only
  int transmits;        // nonzero: a slab that lets rays through when transmission is enabled
  float scattering;     // diffuse scattering coefficient S in [0, 1]; < 0: not set (the scenario's default applies)
};

struct SurfaceCoefficients {
  Complex<float> r_te, r_tm, t_te, t_tm;
};

// Coefficients for incidence at cos_theta (from the normal). With the JonesFrame bases (p = direction x s on both
// sides), a perfect conductor gives r_te = -1, r_tm = +1, which is the convention of propagation/fresnel.h.
TARANG_HD inline SurfaceCoefficients surface_coefficients(const SurfaceMaterial& m, float cos_theta,
                                                          float frequency_hz) {
  if (m.half_space) {
    const FresnelCoefficients<float> f = fresnel_half_space(m.eta, cos_theta);
    return {f.r_te, f.r_tm, {0, 0}, {0, 0}};
  }
  const FresnelCoefficients<float> f = fresnel_slab(m.eta, cos_theta, m.thickness_m, frequency_hz);
  return {f.r_te, f.r_tm, f.t_te, f.t_tm};
}

}  // namespace tarang

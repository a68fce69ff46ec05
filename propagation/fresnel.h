// Fresnel reflection/transmission coefficients from air: half-space and single-layer slab (ITU-R P.2040-3 sec. 2.2).
#pragma once

#include "core/complex.h"
#include "core/hd.h"
#include "core/hd_math.h"

namespace tarang {

// Conventions:
//  - Time dependence e^{+j w t}; eta = eps_r' - j sigma/(w eps0) (materials_itu_p2040.h), Im(eta) <= 0. The wave
//    comes from air (eta = 1) and, for the slab, leaves into air.
//  - theta is the incidence angle from the surface normal; callers pass cos_theta = dot(-k, n) for either face
//    (its sign is ignored: |cos_theta| is used, clamped to 1). Exactly grazing incidence (cos_theta = 0) on a
//    lossless material with eps_r = 1 is 0/0 and must not be asked for.
//  - TE (s, "perpendicular"): E normal to the plane of incidence. TM (p, "parallel"): E in that plane.
//  - Sign of r_tm: the basis of every wave is (e_s, e_p = e_s x k) with e_s shared by the incident, reflected and
//    transmitted waves (P.2040 eqs. (37a)/(37b), Sionna RT, Hecht). Hence r_tm -> +1 for a perfect conductor,
//    r_tm -> -1 at grazing and r_tm = -r_te = (sqrt(eta) - 1)/(sqrt(eta) + 1) at normal incidence. (The other
//    convention in use, e.g. Balanis/Pozar, has r_tm = r_te at normal incidence.)
//  - Half-space t: field just inside the surface over the incident field at the same point, in the refracted
//    wave's (e_s, e_s x k_t) basis (for a lossy medium k_t is complex and the basis only nominal).
//  - Slab r: referenced to the front face (the reflection point). Slab t: field on the back face over the field the
//    same incident wave would have at that point with the slab removed. A ray tracer that continues the ray
//    straight through the slab and charges the free-space phase along its whole length multiplies by this t; it
//    contains the excess phase exp(-j k0 d (sqrt(eta - sin^2) - cos theta)): P.2040's T, eq. (43b), which relates
//    the back-face field to the front-face field at the same lateral position, times the lateral-path term
//    exp(+j k0 d cos theta). For a plane wave this ratio is the same at every point of the back face, so the ray
//    needs no lateral offset.

template <typename T>
struct FresnelCoefficients {
  Complex<T> r_te, r_tm, t_te, t_tm;
};

namespace fresnel_detail {

// |cos theta| clamped to [0, 1].
template <typename T>
TARANG_HD inline T incidence_cos(T cos_theta) {
  return hd::min(hd::fabs(cos_theta), static_cast<T>(1));
}

// sqrt(eta - sin^2 theta) = n cos(theta_t), the normal wavenumber in the material over k0, on the decaying branch
// (Im <= 0 for e^{+j w t}); the fold only matters for eta - sin^2 on the negative real axis with a +0 imaginary part.
template <typename T>
TARANG_HD inline Complex<T> normal_wavenumber_ratio(Complex<T> eta, T cos_theta) {
  const T sin2 = static_cast<T>(1) - cos_theta * cos_theta;
  Complex<T> a = sqrt(Complex<T>{eta.re - sin2, eta.im});
  a.im = -hd::fabs(a.im);
  return a;
}

template <typename T>
TARANG_HD inline Complex<T> add(T x, Complex<T> z) { return {x + z.re, z.im}; }

}  // namespace fresnel_detail

// Reflection and transmission at an air/material half-space (P.2040 sec. 2.2.1.5, eqs. (37a), (37b) and the
// matching transmission coefficients): with a = sqrt(eta - sin^2 theta),
// r_te = (cos - a)/(cos + a), r_tm = (eta cos - a)/(eta cos + a), t_te = 2 cos/(cos + a),
// t_tm = 2 sqrt(eta) cos/(eta cos + a).
template <typename T>
TARANG_HD inline FresnelCoefficients<T> fresnel_half_space(Complex<T> eta, T cos_theta) {
  using fresnel_detail::add;
  const T c = fresnel_detail::incidence_cos(cos_theta);
  const Complex<T> a = fresnel_detail::normal_wavenumber_ratio(eta, c);
  const Complex<T> eta_c = eta * c;
  const Complex<T> den_te = add(c, a);
  const Complex<T> den_tm = eta_c + a;
  return {add(c, -a) / den_te, (eta_c - a) / den_tm, Complex<T>{static_cast<T>(2) * c, static_cast<T>(0)} / den_te,
          (static_cast<T>(2) * c) * sqrt(eta) / den_tm};
}

// Single-layer slab of thickness_m in air including all internal reflections (P.2040 sec. 2.2.2.2, eqs. (43a),
// (43b), (44)): R = R' (1 - e^{-j2q}) / (1 - R'^2 e^{-j2q}), T = (1 - R'^2) e^{-jq} / (1 - R'^2 e^{-j2q}),
// q = k0 d sqrt(eta - sin^2 theta), R' the half-space reflection coefficient; t is then referenced to the
// unobstructed straight ray (see the conventions above).
template <typename T>
TARANG_HD inline FresnelCoefficients<T> fresnel_slab(Complex<T> eta, T cos_theta, T thickness_m, T frequency_hz) {
  using fresnel_detail::add;
  const T c = fresnel_detail::incidence_cos(cos_theta);
  const Complex<T> a = fresnel_detail::normal_wavenumber_ratio(eta, c);
  const FresnelCoefficients<T> h = fresnel_half_space(eta, c);
  const T k0d = static_cast<T>(2.0 * hd::kPi / hd::kSpeedOfLight_m_per_s) * frequency_hz * thickness_m;
  // e^{-j2q} and the transmitted phase e^{-j(q - k0 d cos)}; -j(x + jy) = y - jx.
  const Complex<T> exp_2q = exp(Complex<T>{static_cast<T>(2) * k0d * a.im, static_cast<T>(-2) * k0d * a.re});
  const Complex<T> exp_t = exp(Complex<T>{k0d * a.im, -k0d * (a.re - c)});
  const Complex<T> one{static_cast<T>(1), static_cast<T>(0)};
  const Complex<T> r2_te = h.r_te * h.r_te, r2_tm = h.r_tm * h.r_tm;
  const Complex<T> den_te = one - r2_te * exp_2q, den_tm = one - r2_tm * exp_2q;
  return {h.r_te * (one - exp_2q) / den_te, h.r_tm * (one - exp_2q) / den_tm, (one - r2_te) * exp_t / den_te,
          (one - r2_tm) * exp_t / den_tm};
}

}  // namespace tarang

// UTD wedge diffraction: Kouyoumjian-Pathak (1974) coefficients with Luebbers' (1984) lossy-face heuristic.
#pragma once

#include "core/complex.h"
#include "core/hd.h"
#include "core/hd_math.h"
#include "propagation/knife_edge_itu_p526.h"

namespace tarang {

// Conventions (R. G. Kouyoumjian, P. H. Pathak, "A uniform geometrical theory of diffraction for an edge in a
// perfectly conducting surface", Proc. IEEE 62(11), 1974, pp. 1448-1461; R. J. Luebbers, "Finite conductivity uniform
// GTD versus knife edge diffraction in prediction of propagation path loss", IEEE Trans. AP-32(1), 1984, pp. 70-76):
//  - Time dependence e^{+j omega t}; rays propagate as e^{-jks}. Scalar ray form: u_d(s) = u_i(Q_E) D A e^{-jks},
//    u_i(Q_E) the incident field at the edge. Soft (D_s) acts on the E component in the edge-fixed plane of
//    incidence (beta0; at normal incidence E parallel to the edge, TM_z, u = E_z vanishing on a PEC face); hard
//    (D_h) on the other component (phi; H parallel to the edge, TE_z, u = H_z). K&P's dyadic -beta0' beta0 D_s -
//    phi' phi D_h gives the same fields; its minus signs are absorbed by their unit vectors.
//  - Wedge exterior angle n pi (1 <= n <= 2: n = 2 half-plane, n = 1.5 right-angle wedge); phi' (source direction)
//    and phi (observation direction) measured from the 0-face into the exterior, both in [0, n pi].
//  - D = -e^{-j pi/4} / (2n sqrt(2 pi k) sin beta0) [ cot((pi + (phi - phi'))/2n) F(kL a+(phi - phi'))
//      + cot((pi - (phi - phi'))/2n) F(kL a-(phi - phi')) + R_n cot((pi + (phi + phi'))/2n) F(kL a+(phi + phi'))
//      + R_0 cot((pi - (phi + phi'))/2n) F(kL a-(phi + phi')) ].
//    Luebbers multiplies terms 3 and 4 (the reflection-boundary terms) by the n-face and 0-face reflection
//    coefficients: R_0 for the 0-face at grazing angle phi', R_n for the n-face at grazing angle n pi - phi,
//    supplied by the caller: the perpendicular (TE, E normal to the plane of incidence) coefficient with D_s, the
//    parallel one with D_h, in the convention where a PEC gives -1 and +1 (propagation/fresnel.h r_te and r_tm,
//    with cos_theta = sin(grazing angle)). R = -1 (soft), +1 (hard) reproduces K&P's PEC coefficient.
//  - a+-(beta) = 2 cos^2((2 pi n N+- - beta)/2), N+- the integers nearest to (beta +- pi)/(2 pi n). Each term is
//    evaluated through eps = pi + beta - 2 pi n N+ (resp. pi - beta + 2 pi n N-), with cot = cot(eps/2n),
//    kL a = 2kL sin^2(eps/2) and F(x) = sqrt(x) G(x): the product cot F = sqrt(2kL) cos(eps/2n) |sin(eps/2)| /
//    sin(eps/2n) G(x) is exact and finite through the shadow and reflection boundaries (K&P's boundary
//    approximation n [sqrt(2 pi kL) sgn(eps) - 2kL eps e^{j pi/4}] e^{j pi/4} is its eps -> 0 limit). Exactly on
//    a boundary (eps = 0) the term is 0, which pairs with a geometric-optics field weighted 1/2 there.
//  - Transition function F(x) = 2j sqrt(x) e^{jx} int_sqrt(x)^inf e^{-j t^2} dt, x >= 0, from the Fresnel integral
//    tail of knife_edge_itu_p526.h (series below sqrt(2x/pi) = 1.5, continued fraction above, where the e^{jx}
//    phases cancel analytically). For 1e-8 <= x <= 1e6 (checked against mpmath): error < 2e-15 absolute and
//    relative in double, < 5e-7 absolute in float.
//  - Distance parameter L (K&P): plane wave s sin^2(beta0); cylindrical wave rho rho' / (rho + rho');
//    spherical wave s s' sin^2(beta0) / (s + s'). Spreading A: 1/sqrt(s) (plane), 1/sqrt(rho) (cylindrical),
//    sqrt(s' / (s (s + s'))) (spherical).

template <typename T>
struct UtdWedgeGeometry {
  T n;                     // exterior wedge angle / pi, 1 <= n <= 2
  T phi_incident_rad;      // phi', from the 0-face
  T phi_observation_rad;   // phi, from the 0-face
  T beta0_rad;             // Keller-cone angle between the incident ray and the edge (pi/2: normal incidence)
  T distance_parameter_m;  // L
  T wavenumber_rad_per_m;  // k = 2 pi / lambda
};

template <typename T>
struct UtdCoefficients {
  Complex<T> soft;  // D_s
  Complex<T> hard;  // D_h
};

namespace utd_detail {

// G(x) = F(x) / sqrt(x) = 2j e^{jx} int_sqrt(x)^inf e^{-j t^2} dt, x >= 0; G(0) = sqrt(pi) e^{j pi/4}.
template <typename T>
TARANG_HD inline Complex<T> reduced_transition(T x) {
  const T u = hd::sqrt(static_cast<T>(2 / hd::kPi) * x);  // t = sqrt(pi/2) tau maps sqrt(x) to u
  const Complex<T> two_j{0, 2};
  if (u <= static_cast<T>(1.5)) {
    // int_sqrt(x)^inf e^{-j t^2} dt = sqrt(pi/2) conj(int_u^inf e^{j pi tau^2/2} d tau)
    const Complex<T> integral = static_cast<T>(1.2533141373155003) * conj(fresnel_tail(u));
    return two_j * expj(x) * integral;
  }
  // int_u^inf e^{j pi tau^2/2} d tau = u e^{jx} h(u): the e^{jx} factors cancel.
  return two_j * (hd::sqrt(x) * conj(p526_detail::fresnel_tail_fraction(u)));
}

// Nearest integer to x (halves away from zero).
template <typename T>
TARANG_HD inline int nearest_int(T x) {
  return static_cast<int>(x >= 0 ? x + static_cast<T>(0.5) : x - static_cast<T>(0.5));
}

// cot((pi + sign beta)/2n) F(kL a^sign(beta)) for sign = +1 (a+) or -1 (a-), through eps (see conventions).
template <typename T>
TARANG_HD inline Complex<T> cot_f_term(T beta, int sign, T n, T kl) {
  const T pi = static_cast<T>(hd::kPi);
  const T s = static_cast<T>(sign);
  const int big_n = nearest_int((beta + s * pi) / (2 * pi * n));
  const T eps = pi + s * (beta - 2 * pi * n * static_cast<T>(big_n));
  const T sin_eps_2n = hd::sin(eps / (2 * n));
  if (sin_eps_2n == static_cast<T>(0)) return {0, 0};
  const T sin_half = hd::sin(eps / 2);
  const T scale = hd::sqrt(2 * kl) * hd::cos(eps / (2 * n)) * hd::fabs(sin_half) / sin_eps_2n;
  return scale * reduced_transition(2 * kl * sin_half * sin_half);
}

}  // namespace utd_detail

// Kouyoumjian-Pathak transition function F(x), x >= 0: F -> 1 as x -> inf, F ~ sqrt(pi x) e^{j pi/4}
// as x -> 0.
template <typename T>
TARANG_HD inline Complex<T> utd_transition_function(T x) {
  return hd::sqrt(x) * utd_detail::reduced_transition(x);
}

// UTD wedge diffraction coefficient with Luebbers' reflection-coefficient weighting of the (phi + phi') terms:
// r0 = R_0 (0-face, grazing angle phi'), rn = R_n (n-face, grazing angle n pi - phi). See the conventions above.
template <typename T>
TARANG_HD inline Complex<T> utd_wedge_coefficient(const UtdWedgeGeometry<T>& g, Complex<T> r0, Complex<T> rn) {
  const T n = g.n;
  const T kl = g.wavenumber_rad_per_m * g.distance_parameter_m;
  const T diff = g.phi_observation_rad - g.phi_incident_rad;
  const T sum = g.phi_observation_rad + g.phi_incident_rad;
  const Complex<T> terms = utd_detail::cot_f_term(diff, 1, n, kl) + utd_detail::cot_f_term(diff, -1, n, kl) +
                           rn * utd_detail::cot_f_term(sum, 1, n, kl) + r0 * utd_detail::cot_f_term(sum, -1, n, kl);
  const T denom = 2 * n * hd::sqrt(static_cast<T>(2 * hd::kPi) * g.wavenumber_rad_per_m) * hd::sin(g.beta0_rad);
  const Complex<T> prefactor = (-static_cast<T>(1) / denom) * expj(-static_cast<T>(hd::kPi / 4));
  return prefactor * terms;
}

// Soft and hard coefficients of a perfectly conducting wedge (R_0 = R_n = -1 soft, +1 hard).
template <typename T>
TARANG_HD inline UtdCoefficients<T> utd_pec_wedge_coefficients(const UtdWedgeGeometry<T>& g) {
  return {utd_wedge_coefficient(g, Complex<T>{-1, 0}, Complex<T>{-1, 0}),
          utd_wedge_coefficient(g, Complex<T>{1, 0}, Complex<T>{1, 0})};
}

// Spreading factor of a diffracted ray for spherical incidence, A = sqrt(s' / (s (s + s'))) in 1/m^(1/2), with s'
// the source-to-edge and s the edge-to-observer distance.
template <typename T>
TARANG_HD inline T utd_spherical_spreading_factor(T source_distance_m, T observer_distance_m) {
  return hd::sqrt(source_distance_m / (observer_distance_m * (observer_distance_m + source_distance_m)));
}

// Distance parameter L for plane-wave incidence: s sin^2(beta0).
template <typename T>
TARANG_HD inline T utd_distance_parameter_plane_m(T observer_distance_m, T beta0_rad) {
  const T sb = hd::sin(beta0_rad);
  return observer_distance_m * sb * sb;
}

// Distance parameter L for cylindrical-wave incidence (line source parallel to the edge): rho rho' / (rho + rho').
template <typename T>
TARANG_HD inline T utd_distance_parameter_cylindrical_m(T source_distance_m, T observer_distance_m) {
  return source_distance_m * observer_distance_m / (source_distance_m + observer_distance_m);
}

// Distance parameter L for spherical-wave incidence: s s' sin^2(beta0) / (s + s').
template <typename T>
TARANG_HD inline T utd_distance_parameter_spherical_m(T source_distance_m, T observer_distance_m, T beta0_rad) {
  const T sb = hd::sin(beta0_rad);
  return source_distance_m * observer_distance_m * sb * sb / (source_distance_m + observer_distance_m);
}

}  // namespace tarang

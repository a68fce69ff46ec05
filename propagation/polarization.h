// Polarisation along a ray by Jones calculus: (s, p) bases, basis rotations, Fresnel interactions, antennas, XPD.
#pragma once

#include "core/complex.h"
#include "core/hd.h"
#include "core/hd_math.h"
#include "core/vec3.h"

namespace tarang {

// Conventions:
//  - A ray travelling along the unit vector k carries E = s e_s + p e_p (complex s, p = Jones<T>) in a basis of real
//    unit vectors with e_s . k = 0 and e_p = e_s x k (so e_p x e_s = k). At an interaction e_s = +-k x n / |k x n|
//    is normal to the plane of incidence (TE) and e_p lies in it (TM); the sign is the one nearer the ray's previous
//    e_s, so the rotation angle stays within +-90 deg and successive interactions in one plane of incidence need
//    the identity. The reflected or transmitted ray keeps e_s and takes e_p = e_s x k_out. This is the basis
//    fresnel.h's r_tm sign is defined in (r_tm = +1 for a conductor); the sign of e_s does not affect r or t.
//    When k is along n (|k x n| < 1e-6, normal incidence) the plane of incidence is undefined and the old e_s is
//    kept (no rotation); this is exact because fresnel.h's r_tm = -r_te there, so E_out = r_te E_in as vectors
//    whichever e_s is used.
//  - Antenna: theta-hat, phi-hat of the spherical frame about the antenna's axis `up` (global +z for an untilted
//    antenna). The ray leaving (or the reversed ray arriving at) an antenna has e_s = phi-hat, e_p = theta-hat
//    (phi-hat x r-hat = theta-hat, so this is a ray basis). V = theta-hat, H = phi-hat, slant zeta has
//    F_theta = cos zeta, F_phi = sin zeta (3GPP TR 38.901 sec. 7.3.2, polarized antenna model 2), zeta = +-45 deg.
//    For a line-of-sight H-H link the spherical frames of the two ends give amplitude -1 (V-V gives +1), as in
//    TR 38.901's LOS polarisation matrix diag(1, -1) (eq. 7.5-29); hence two antennas slanted +45 deg in their own
//    frames and facing each other are cross-polarised (+45 couples to -45).
//  - Scalar fast path: with V or H antennas whose axis is vertical, the field stays purely s or purely p, and a ray
//    needs only the scalar Gamma_TM or Gamma_TE, when every plane of incidence contains the antenna axis or is
//    normal to it, i.e. (a) horizontal surfaces (ground, ceilings) at any incidence: V -> TM, H -> TE; (b) vertical
//    walls hit by a horizontal ray (2D ray tracing in the horizontal plane): V -> TE, H -> TM; (c) vertical walls hit
//    in the vertical plane through their normal: V -> TM, H -> TE. A ray with elevation hitting a vertical wall
//    obliquely in azimuth mixes s and p (the rotation angle grows with elevation x azimuth offset), and then only
//    the Jones form is exact; slant antennas always need it since they excite both components.

enum class Polarization { V, H, Slant45, SlantMinus45 };

template <typename T>
struct Jones {
  Complex<T> s, p;
};

template <typename T>
struct PolarizationBasis {
  Vec3<T> s, p;  // real unit vectors normal to the ray, p = s x k
};

// Real 2x2 change of basis: J_new = M J_old with m_ab = e_new_a . e_old_b (a rotation between two ray bases).
template <typename T>
struct BasisRotation {
  T ss, sp, ps, pp;
};

template <typename T>
struct InteractionBasis {
  PolarizationBasis<T> basis;     // e_s normal to the plane of incidence, e_p = e_s x k_in
  BasisRotation<T> rotation;      // from the ray's previous basis to `basis`
};

// |E|^2 = |s|^2 + |p|^2.
template <typename T>
TARANG_HD inline T jones_power(Jones<T> j) { return norm2(j.s) + norm2(j.p); }

// Change of basis between two bases of the same ray (m_ab = e_to_a . e_from_b).
template <typename T>
TARANG_HD inline BasisRotation<T> basis_rotation(const PolarizationBasis<T>& from, const PolarizationBasis<T>& to) {
  return {dot(to.s, from.s), dot(to.s, from.p), dot(to.p, from.s), dot(to.p, from.p)};
}

template <typename T>
TARANG_HD inline Jones<T> rotate(Jones<T> j, const BasisRotation<T>& m) {
  return {m.ss * j.s + m.sp * j.p, m.ps * j.s + m.pp * j.p};
}

// Ray basis for a ray along unit k_in about to hit a surface with normal `normal` (either orientation), and the
// rotation from the ray's current basis `from` (which must be a basis of the same ray).
template <typename T>
TARANG_HD inline InteractionBasis<T> interaction_basis(Vec3<T> k_in, const PolarizationBasis<T>& from,
                                                       Vec3<T> normal) {
  const Vec3<T> kxn = cross(k_in, normalize(normal));
  Vec3<T> s = dot(kxn, kxn) < static_cast<T>(1e-12) ? from.s : normalize(kxn);
  if (dot(s, from.s) < static_cast<T>(0)) s = static_cast<T>(-1) * s;
  const PolarizationBasis<T> to{s, cross(s, k_in)};
  return {to, basis_rotation(from, to)};
}

// Basis of the reflected or transmitted ray along unit k_out: e_s kept from the interaction basis, e_p = e_s x k_out.
template <typename T>
TARANG_HD inline PolarizationBasis<T> outgoing_basis(Vec3<T> s, Vec3<T> k_out) {
  return {s, cross(s, k_out)};
}

// Jones vector after an interaction with TE/TM coefficients (reflection r or transmission t from fresnel.h), given
// in the interaction basis; the result is in outgoing_basis(...).
template <typename T>
TARANG_HD inline Jones<T> apply_interaction(Jones<T> j, Complex<T> r_te, Complex<T> r_tm) {
  return {r_te * j.s, r_tm * j.p};
}

// Antenna frame for a ray along `direction` (any length, from the antenna): e_s = phi-hat, e_p = theta-hat of the
// spherical frame whose polar axis is `up` (unit). Along the axis phi-hat is taken as up x x-hat (or up x y-hat).
template <typename T>
TARANG_HD inline PolarizationBasis<T> antenna_basis(Vec3<T> direction, Vec3<T> up) {
  const Vec3<T> r = normalize(direction);
  Vec3<T> phi = cross(up, r);
  if (dot(phi, phi) < static_cast<T>(1e-12)) {
    const T one = static_cast<T>(1), zero = static_cast<T>(0);
    phi = cross(up, hd::fabs(up.x) < static_cast<T>(0.9) ? Vec3<T>{one, zero, zero} : Vec3<T>{zero, one, zero});
  }
  phi = normalize(phi);
  return {phi, cross(phi, r)};
}

// Unit antenna polarisation as a Jones vector in antenna_basis (s = phi component, p = theta component).
template <typename T>
TARANG_HD inline Jones<T> polarization_jones(Polarization pol) {
  const T zero = static_cast<T>(0), one = static_cast<T>(1), h = static_cast<T>(0.70710678118654752440);
  switch (pol) {
    case Polarization::V: return {{zero, zero}, {one, zero}};
    case Polarization::H: return {{one, zero}, {zero, zero}};
    case Polarization::Slant45: return {{h, zero}, {h, zero}};
    case Polarization::SlantMinus45: return {{-h, zero}, {h, zero}};
  }
  return {{zero, zero}, {one, zero}};  // unreachable for valid enumerators: V
}

// The orthogonal polarisation (V <-> H, +45 <-> -45), the "cross" reference for XPD.
TARANG_HD inline Polarization cross_polarization(Polarization pol) {
  switch (pol) {
    case Polarization::V: return Polarization::H;
    case Polarization::H: return Polarization::V;
    case Polarization::Slant45: return Polarization::SlantMinus45;
    case Polarization::SlantMinus45: return Polarization::Slant45;
  }
  return Polarization::H;  // unreachable for valid enumerators
}

// Complex amplitude received by a linearly polarised antenna: E . u, with E = field in field_basis and
// u = pol_theta theta-hat + pol_phi phi-hat of rx_basis = antenna_basis(-k, up_rx) (the rx frame towards the source).
template <typename T>
TARANG_HD inline Complex<T> project_onto(Jones<T> field, const PolarizationBasis<T>& field_basis,
                                         const PolarizationBasis<T>& rx_basis, Polarization rx_pol) {
  const Jones<T> u = polarization_jones<T>(rx_pol);
  const Vec3<T> u_vec = u.s.re * rx_basis.s + u.p.re * rx_basis.p;
  return dot(field_basis.s, u_vec) * field.s + dot(field_basis.p, u_vec) * field.p;
}

// Cross-polar discrimination 10 log10(|co|^2 / |cross|^2) in dB (+inf when the cross-polar amplitude is zero).
template <typename T>
TARANG_HD inline T xpd_db(Complex<T> co, Complex<T> cross_amplitude) {
  return hd::linear_to_db(norm2(co) / norm2(cross_amplitude));
}

}  // namespace tarang

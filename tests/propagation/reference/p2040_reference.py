#!/usr/bin/env python3
"""Independent reference for ITU-R P.2040-3 materials, Fresnel half-space/slab coefficients and ray polarisation bases.

Written from the textbook physics, separately from propagation/{materials_itu_p2040,fresnel,polarization}.h; prints
the C++ table rows pasted into tests/propagation/{materials_itu_p2040,fresnel,polarization}_test.cpp.
Usage: python3 p2040_reference.py   (plain Python 3, cmath only)

Method (deliberately not the closed forms used in C++):
  - Materials: P.2040 Table 3 typed in again here; eta'' = sigma / (2 pi f eps0).
  - Fresnel: the plane-wave boundary-value problem is solved numerically. In each medium the forward/backward plane
    waves are written as explicit 3-vector E and H fields (H = k x E / (w mu0), E = -k x H / (w eps)), and
    continuity of tangential E and H at every face is solved as a linear system (Gaussian elimination).
    Air-side E amplitudes are expressed in the ray basis (e_s, e_p = e_s x k_hat); the transmitted wave of the slab
    is referenced to the origin like the incident wave, so t is directly the field with the slab over the field
    without it at any point behind the slab. Units: mu0 = eps0 = 1, w = k0.
  - Polarisation: spherical unit vectors from the textbook formulas theta_hat = (cos t cos p, cos t sin p, -sin t),
    phi_hat = (-sin p, cos p, 0); plane-of-incidence normal e_s = +-k x n / |k x n| (sign nearer the old s);
    matrix entries as dot products.
"""
import cmath
import math

EPS0 = 8.8541878128e-12
C0 = 299792458.0

# ITU-R P.2040-3 Table 3: name -> list of (a, b, c, d, fmin_GHz, fmax_GHz).
TABLE3 = {
    "concrete": [(5.24, 0.0, 0.0462, 0.7822, 1, 100)],
    "brick": [(3.91, 0.0, 0.0238, 0.16, 1, 40)],
    "wood": [(1.99, 0.0, 0.0047, 1.0718, 0.001, 100)],
    "glass": [(6.31, 0.0, 0.0036, 1.3394, 0.1, 100), (5.79, 0.0, 0.0004, 1.658, 220, 450)],
    "metal": [(1.0, 0.0, 1e7, 0.0, 1, 100)],
    "medium_dry_ground": [(15.0, -0.1, 0.035, 1.63, 1, 10)],
    "plasterboard": [(2.73, 0.0, 0.0085, 0.9395, 1, 100)],
}


def material(name, f_hz):
    rows = TABLE3[name]
    f = f_hz / 1e9
    row = rows[0]
    for r in rows:
        if r[4] <= f <= r[5]:
            row = r
    a, b, c, d = row[:4]
    return a * f ** b, c * f ** d


def eta_of(eps_r, sigma, f_hz):
    return complex(eps_r, -sigma / (2 * math.pi * f_hz * EPS0))


# ---------------------------------------------------------------- vectors (complex allowed)
def cross(a, b):
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def dot(a, b):
    return sum(x * y for x, y in zip(a, b))


def scale(s, a):
    return tuple(s * x for x in a)


def unit(a):
    return scale(1 / math.sqrt(dot(a, a).real), a)


def solve(m, v):
    """Gaussian elimination with partial pivoting for a small complex system."""
    n = len(v)
    a = [list(row) + [v[i]] for i, row in enumerate(m)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[piv] = a[piv], a[col]
        for r in range(n):
            if r != col:
                f = a[r][col] / a[col][col]
                a[r] = [x - f * y for x, y in zip(a[r], a[col])]
    return [a[i][n] / a[i][i] for i in range(n)]


# ---------------------------------------------------------------- plane waves
# Geometry: faces are planes z = const, incidence from z < 0 in the xz plane; e_s = y_hat for every wave.
def kvec(eps, sin_t, k0, sign):
    kz = cmath.sqrt(eps - sin_t ** 2)
    if kz.imag > 0:
        kz = -kz  # decaying branch for exp(+j w t)
    return (k0 * sin_t, 0.0, sign * k0 * kz)


def fields(k, e_vec, w, at_z, ref_z):
    """Tangential (Ex, Ey, Hx, Hy) at z = at_z (x = 0) of E = e_vec exp(-j k.(r - ref_z z_hat))."""
    ph = cmath.exp(-1j * k[2] * (at_z - ref_z))
    h = scale(1 / w, cross(k, e_vec))
    return [e_vec[0] * ph, e_vec[1] * ph, h[0] * ph, h[1] * ph]


def e_from_h(k, h_vec, w, eps):
    return scale(-1 / (w * eps), cross(k, h_vec))


def e_p(k):
    """Ray basis p vector e_s x k_hat with k_hat = k / sqrt(k.k) (complex 'unit' for lossy media)."""
    return scale(1 / cmath.sqrt(dot(k, k)), cross((0.0, 1.0, 0.0), k))


def wave_e(pol, k, w, eps, air):
    """E vector of unit amplitude: air waves in the ray basis; slab waves by E_y (TE) or H_y (TM)."""
    if pol == "te":
        return (0.0, 1.0, 0.0)
    return e_p(k) if air else e_from_h(k, (0.0, 1.0, 0.0), w, eps)


def rows_for(pol):
    return (1, 2) if pol == "te" else (0, 3)  # (Ey, Hx) for TE, (Ex, Hy) for TM


def half_space(eta, theta, f_hz, pol):
    k0 = 2 * math.pi * f_hz / C0
    w = k0
    s = math.sin(theta)
    ki, kr, kt = kvec(1, s, k0, 1), kvec(1, s, k0, -1), kvec(eta, s, k0, 1)
    # Half-space t uses the refracted wave's nominal basis e_s x k_t / sqrt(k_t . k_t).
    ei, er, et = wave_e(pol, ki, w, 1, True), wave_e(pol, kr, w, 1, True), wave_e(pol, kt, w, eta, True)
    fi, fr, ft = fields(ki, ei, w, 0, 0), fields(kr, er, w, 0, 0), fields(kt, et, w, 0, 0)
    idx = rows_for(pol)
    m = [[fr[i], -ft[i]] for i in idx]
    v = [-fi[i] for i in idx]
    r, t = solve(m, v)
    return r, t


def slab(eta, theta, d, f_hz, pol):
    k0 = 2 * math.pi * f_hz / C0
    w = k0
    s = math.sin(theta)
    ki, kr = kvec(1, s, k0, 1), kvec(1, s, k0, -1)
    ka, kb = kvec(eta, s, k0, 1), kvec(eta, s, k0, -1)
    ei, er = wave_e(pol, ki, w, 1, True), wave_e(pol, kr, w, 1, True)
    ea, eb = wave_e(pol, ka, w, eta, False), wave_e(pol, kb, w, eta, False)
    idx = rows_for(pol)
    # Unknowns: r (ref z=0), A, B (ref z=0), t (ref z=0, same k as the incident wave).
    m, v = [], []
    f0 = [fields(ki, ei, w, 0, 0), fields(kr, er, w, 0, 0), fields(ka, ea, w, 0, 0), fields(kb, eb, w, 0, 0)]
    fd = [fields(ka, ea, w, d, 0), fields(kb, eb, w, d, 0), fields(ki, ei, w, d, 0)]
    for i in idx:  # z = 0: incident + r = A + B
        m.append([f0[1][i], -f0[2][i], -f0[3][i], 0])
        v.append(-f0[0][i])
    for i in idx:  # z = d: A + B = t
        m.append([0, fd[0][i], fd[1][i], -fd[2][i]])
        v.append(0)
    r, _, _, t = solve(m, v)
    return r, t


def fmt(z):
    return f"{z.real:.12g}, {z.imag:.12g}"


def main():
    print("// ---- materials: name, f_GHz, eps_r, sigma, eta.im")
    for name in ["concrete", "brick", "glass", "wood", "metal", "medium_dry_ground"]:
        for f in [1, 10, 28, 60]:
            e, sg = material(name, f * 1e9)
            print(f"    {{\"{name}\", {f}e9, {e:.12g}, {sg:.12g}, {eta_of(e, sg, f * 1e9).imag:.12g}}},")

    print("// ---- half-space: eta.re, eta.im, theta_deg, f, r_te, r_tm, t_te, t_tm (re, im)")
    cases = [("concrete", 3.5e9), ("concrete", 28e9), ("glass", 60e9), ("medium_dry_ground", 2e9)]
    for name, f in cases:
        eta = eta_of(*material(name, f), f)
        for th in [0, 30, 60, 85]:
            t = math.radians(th)
            rte, tte = half_space(eta, t, f, "te")
            rtm, ttm = half_space(eta, t, f, "tm")
            print(f"    {{{eta.real:.12g}, {eta.imag:.12g}, {th}, {f:g},\n"
                  f"     {{{fmt(rte)}}}, {{{fmt(rtm)}}},\n     {{{fmt(tte)}}}, {{{fmt(ttm)}}}}},")

    print("// ---- slab: eta.re, eta.im, theta_deg, d_m, f, r_te, r_tm, t_te, t_tm (re, im)")
    slabs = [("concrete", 3.5e9, 0.2, [0, 30, 60]), ("glass", 28e9, 0.01, [0, 45, 70]),
             ("plasterboard", 5e9, 0.013, [45]), ("wood", 10e9, 0.05, [20])]
    for name, f, d, ths in slabs:
        eta = eta_of(*material(name, f), f)
        for th in ths:
            t = math.radians(th)
            rte, tte = slab(eta, t, d, f, "te")
            rtm, ttm = slab(eta, t, d, f, "tm")
            print(f"    {{{eta.real:.12g}, {eta.imag:.12g}, {th}, {d:g}, {f:g},\n"
                  f"     {{{fmt(rte)}}}, {{{fmt(rtm)}}},\n     {{{fmt(tte)}}}, {{{fmt(ttm)}}}}},")
    # Insertion loss of the P.2040-style example (concrete, 0.2 m, 3.5 GHz, normal incidence).
    eta = eta_of(*material("concrete", 3.5e9), 3.5e9)
    _, t = slab(eta, 0.0, 0.2, 3.5e9, "te")
    print(f"// concrete 0.2 m 3.5 GHz normal incidence: |T|^2 = {abs(t) ** 2:.12g} "
          f"= {10 * math.log10(abs(t) ** 2):.8f} dB")

    print("// ---- rotation from antenna (theta_hat, phi_hat) basis to a wall's (s, p) basis")
    print("//      el_deg, az_deg, normal, [ss, sp, ps, pp] with s_old = phi_hat, p_old = theta_hat")
    for el, az, n in [(20, 30, (-1, 0, 0)), (-15, 200, (0.6, 0.8, 0)), (-40, -60, (0.3, -0.2, 0.93)),
                      (-10, 100, (0, 0, 1))]:
        th, ph = math.radians(90 - el), math.radians(az)
        k = (math.sin(th) * math.cos(ph), math.sin(th) * math.sin(ph), math.cos(th))
        t_hat = (math.cos(th) * math.cos(ph), math.cos(th) * math.sin(ph), -math.sin(th))
        p_hat = (-math.sin(ph), math.cos(ph), 0.0)
        es = unit(cross(k, unit(n)))
        if dot(es, p_hat) < 0:
            es = scale(-1, es)  # sign nearest the old s (= phi_hat)
        ep = cross(es, k)
        m = [dot(es, p_hat), dot(es, t_hat), dot(ep, p_hat), dot(ep, t_hat)]
        print(f"    {{{el}, {az}, {{{n[0]}, {n[1]}, {n[2]}}}, {{{', '.join(f'{x:.12g}' for x in m)}}}}},")


if __name__ == "__main__":
    main()

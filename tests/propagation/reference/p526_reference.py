#!/usr/bin/env python3
"""Independent reference for ITU-R P.526-15 knife-edge diffraction: Fresnel integrals, J(v), Bullington, Deygout.

Written from the Recommendation text, separately from propagation/knife_edge_itu_p526.h; prints the C++ table rows
pasted into tests/propagation/knife_edge_itu_p526_test.cpp. Standard library only (math, decimal).
Usage: python3 p526_reference.py

The Fresnel integrals C(x) = int_0^x cos(pi t^2 / 2) dt and S(x) = int_0^x sin(pi t^2 / 2) dt are summed from their
Maclaurin series (A&S 7.3.11, 7.3.13) in decimal arithmetic with enough digits that the alternating series does not
cancel (the C++ code uses a continued fraction above x = 1.5 instead). 1/2 - C and 1/2 - S are formed in decimal too,
so tails at large x keep full relative precision.
"""
import math
from decimal import Decimal, getcontext

C_LIGHT = 299792458.0


def decimal_pi():
    """pi to the current decimal precision (the recipe from the Python decimal documentation)."""
    getcontext().prec += 2
    three = Decimal(3)
    lasts, t, s, n, na, d, da = 0, three, 3, 1, 0, 0, 24
    while s != lasts:
        lasts = s
        n, na = n + na, na + 8
        d, da = d + da, da + 32
        t = (t * n) / d
        s += t
    getcontext().prec -= 2
    return +s


def fresnel_tail_parts(x):
    """(1/2 - C(x), 1/2 - S(x)) as floats, x >= 0, from the decimal Maclaurin series."""
    # The largest series term is about exp(pi x^2 / 2); carry that many digits plus 30.
    getcontext().prec = int(math.pi * x * x / 2 / math.log(10)) + 40
    pi = decimal_pi()
    xd = Decimal(repr(x))
    z = pi / 2 * xd * xd  # series variable: C = sum (-1)^m z^(2m) x / ((2m)! (4m+1)), S alike with odd powers
    eps = Decimal(10) ** (-(getcontext().prec - 5))
    c = Decimal(0)
    s = Decimal(0)
    term = xd  # z^k x / k!
    k = 0
    while True:
        contrib = term / (2 * k + 1)
        if k % 4 == 0:
            c += contrib
        elif k % 4 == 1:
            s += contrib
        elif k % 4 == 2:
            c -= contrib
        else:
            s -= contrib
        k += 1
        term = term * z / k
        if k > 2 * z + 10 and term < eps:
            break
    half = Decimal(1) / 2
    return float(half - c), float(half - s)


def fresnel_cs(x):
    """C(x), S(x) for any real x (both are odd)."""
    tc, ts = fresnel_tail_parts(abs(x))
    sign = 1.0 if x >= 0 else -1.0
    return sign * (0.5 - tc), sign * (0.5 - ts)


def j_exact_db(v):
    """P.526-15 section 4.1: J(v) = -20 log10( sqrt((1 - C - S)^2 + (C - S)^2) / 2 )."""
    if v >= 0:
        tc, ts = fresnel_tail_parts(v)  # 1 - C - S = tc + ts, C - S = ts - tc without cancellation
        a, b = tc + ts, ts - tc
    else:
        c, s = fresnel_cs(v)
        a, b = 1 - c - s, c - s
    return -20.0 * math.log10(math.sqrt(a * a + b * b) / 2.0)


def j_eq31_db(v):
    """P.526-15 Eq. (31), 0 for v <= -0.78."""
    if v <= -0.78:
        return 0.0
    return 6.9 + 20.0 * math.log10(math.sqrt((v - 0.1) ** 2 + 1) + v - 0.1)


def bullington(d_m, h_m, hts, hrs, f_hz, re_m):
    """P.526-15 section 4.5.1 in its own units (km, m); returns (nu, Luc, Lb, los)."""
    lam = C_LIGHT / f_hz
    d_km = [(x - d_m[0]) / 1000.0 for x in d_m]
    ce = 1000.0 / re_m  # 1/km
    dt = d_km[-1]
    inner = range(1, len(d_km) - 1)
    stim = max((h_m[i] + 500 * ce * d_km[i] * (dt - d_km[i]) - hts) / d_km[i] for i in inner)
    str_ = (hrs - hts) / dt
    if stim < str_:
        nu = max((h_m[i] + 500 * ce * d_km[i] * (dt - d_km[i]) - (hts * (dt - d_km[i]) + hrs * d_km[i]) / dt)
                 * math.sqrt(0.002 * dt / (lam * d_km[i] * (dt - d_km[i]))) for i in inner)
        los = True
    else:
        srim = max((h_m[i] + 500 * ce * d_km[i] * (dt - d_km[i]) - hrs) / (dt - d_km[i]) for i in inner)
        db = (hrs - hts + srim * dt) / (stim + srim)
        nu = (hts + stim * db - (hts * (dt - db) + hrs * db) / dt) * math.sqrt(0.002 * dt / (lam * db * (dt - db)))
        los = False
    luc = j_eq31_db(nu)
    lb = luc + (1 - math.exp(-luc / 6)) * (10 + 0.02 * dt)
    return nu, luc, lb, los


def deygout(d_m, h_m, hts, hrs, f_hz, re_m):
    """Deygout construction, at most 3 edges, J(v) of Eq. (31); heights include the Earth bulge d1 d2 / (2 re).

    Returns ((index, v) of the principal, Tx-side and Rx-side edges, total_db); a missing edge is None.
    """
    lam = C_LIGHT / f_hz
    x = [xi - d_m[0] for xi in d_m]
    dt = x[-1]
    y = [h_m[i] + x[i] * (dt - x[i]) / (2 * re_m) for i in range(len(x))]
    y[0], y[-1] = hts, hrs

    def best_edge(a, b):
        best = None
        for i in range(a + 1, b):
            d1, d2 = x[i] - x[a], x[b] - x[i]
            h = y[i] - (y[a] * d2 + y[b] * d1) / (d1 + d2)
            v = h * math.sqrt(2 / lam * (1 / d1 + 1 / d2))
            if best is None or v > best[1]:
                best = (i, v)
        return best

    n = len(x) - 1
    p = best_edge(0, n)
    if p is None or p[1] <= -0.78:
        return p, None, None, 0.0
    t = best_edge(0, p[0])
    r = best_edge(p[0], n)
    total = j_eq31_db(p[1]) + (j_eq31_db(t[1]) if t else 0.0) + (j_eq31_db(r[1]) if r else 0.0)
    return p, t, r, total


FRESNEL_POINTS = [0.1, 0.5, 1.0, 1.5, 1.6, 2.0, 2.5, 3.0, 4.0, 5.0, 7.5, 10.0, 20.0]
J_POINTS = [-2.0, -0.78, -0.5, 0.0, 0.5, 1.0, 2.4, 3.0, 5.0, 10.0]

PROFILES = {
    # name: (distance_m, height_m, hts_amsl_m, hrs_amsl_m, f_hz, re_m)
    "two_edge_flat": ([0.0, 3000.0, 7000.0, 10000.0], [0.0, 60.0, 40.0, 0.0], 10.0, 10.0, 600e6, math.inf),
    "two_edge_curved": ([0.0, 3000.0, 7000.0, 10000.0], [0.0, 60.0, 40.0, 0.0], 10.0, 10.0, 600e6, 8500e3),
    "three_edge_curved": ([0.0, 2000.0, 5000.0, 8000.0, 12000.0, 15000.0], [100.0, 130.0, 180.0, 140.0, 150.0, 90.0],
                          125.0, 110.0, 900e6, 8500e3),
    "los_curved": ([0.0, 5000.0, 10000.0, 15000.0, 20000.0], [0.0, 20.0, 25.0, 20.0, 0.0], 80.0, 70.0, 2e9, 8500e3),
}


def main():
    print("// {x, C(x), S(x), 1/2 - C(x), 1/2 - S(x)}")
    for x in FRESNEL_POINTS:
        tc, ts = fresnel_tail_parts(x)
        print(f"{{{x!r}, {0.5 - tc:.15f}, {0.5 - ts:.15f}, {tc:.15e}, {ts:.15e}}},")
    print("// {v, J exact (Fresnel integrals), J Eq. (31)}")
    for v in J_POINTS:
        print(f"{{{v!r}, {j_exact_db(v):.6f}, {j_eq31_db(v):.6f}}},")
    print("// Bullington: name, nu, Luc, Lb, los")
    for name, (d, h, hts, hrs, f, re) in PROFILES.items():
        nu, luc, lb, los = bullington(d, h, hts, hrs, f, re)
        print(f"{name}: {{{nu:.6f}, {luc:.6f}, {lb:.6f}, {str(los).lower()}}}")
    print("// Deygout: name, (index, v) principal, Tx side, Rx side, total_db")
    for name, (d, h, hts, hrs, f, re) in PROFILES.items():
        print(f"{name}: {deygout(d, h, hts, hrs, f, re)}")


if __name__ == "__main__":
    main()

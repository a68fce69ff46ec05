#!/usr/bin/env python3
"""Independent reference for the UTD wedge diffraction coefficient (Kouyoumjian & Pathak 1974, Luebbers 1984).

Written from the papers, separately from propagation/utd_wedge.h; prints the C++ table rows pasted into
tests/propagation/utd_wedge_test.cpp. Standard library only; the Fresnel tail comes from p526_reference.py (decimal
Maclaurin series). Usage: python3 utd_wedge_reference.py

The coefficient is evaluated term by term exactly as the papers write it: cot((pi +- beta) / 2n) F(k L a+-(beta)),
a+-(beta) = 2 cos^2((2 pi n N+- - beta) / 2) with N+- the integers nearest to (beta +- pi) / (2 pi n), and
F(x) = 2j sqrt(x) e^{jx} int_sqrt(x)^inf e^{-j t^2} dt (the C++ code uses a cancellation-free rearrangement instead).
Luebbers: the (phi + phi') terms are multiplied by R_n (a+ term) and R_0 (a- term); a PEC wedge has R = -1 (soft)
and +1 (hard).
"""
import cmath
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from p526_reference import fresnel_tail_parts  # noqa: E402


def transition_f(x):
    """Kouyoumjian-Pathak transition function F(x), x >= 0."""
    if x == 0.0:
        return 0j
    u = math.sqrt(2.0 * x / math.pi)  # t = sqrt(pi/2) tau maps the lower limit sqrt(x) to u
    tc, ts = fresnel_tail_parts(u)
    integral = math.sqrt(math.pi / 2.0) * complex(tc, -ts)  # int_sqrt(x)^inf e^{-j t^2} dt
    return 2j * math.sqrt(x) * cmath.exp(1j * x) * integral


def utd_coefficient(n, phi, phip, beta0, big_l, k, r0, rn):
    """Luebbers' form of the K&P wedge coefficient."""
    pref = -cmath.exp(-1j * math.pi / 4) / (2 * n * math.sqrt(2 * math.pi * k) * math.sin(beta0))

    def term(beta, sign):
        big_n = round((beta + sign * math.pi) / (2 * math.pi * n))
        a = 2 * math.cos((2 * math.pi * n * big_n - beta) / 2) ** 2
        angle = (math.pi + sign * beta) / (2 * n)
        return math.cos(angle) / math.sin(angle) * transition_f(k * big_l * a)

    return pref * (term(phi - phip, 1) + term(phi - phip, -1) + rn * term(phi + phip, 1) + r0 * term(phi + phip, -1))


F_POINTS = [1e-4, 1e-3, 0.01, 0.1, 0.3, 1.0, 2.0, 3.5, 3.6, 5.0, 10.0, 30.0, 100.0, 1000.0]

D = math.radians
# (n, phi_rad, phi_prime_rad, beta0_rad, L_m, k_rad_per_m, R0, Rn)
COEFF_CASES = [
    (2.0, D(250.0), D(60.0), D(90.0), 10.0, 2 * math.pi / 0.1, -1, -1),
    (2.0, D(250.0), D(60.0), D(90.0), 10.0, 2 * math.pi / 0.1, 1, 1),
    (1.5, D(200.0), D(45.0), D(90.0), 3.0, 2 * math.pi / 0.05, -1, -1),
    (1.5, D(200.0), D(45.0), D(90.0), 3.0, 2 * math.pi / 0.05, 1, 1),
    (1.5, D(130.0), D(30.0), D(70.0), 25.0, 2 * math.pi / 0.3, -1, -1),
    (1.8, D(300.0), D(100.0), D(60.0), 0.7, 2 * math.pi / 0.01, 1, 1),
    (1.5, D(226.0), D(45.0), D(90.0), 5.0, 2 * math.pi / 0.1, -1, -1),  # 1 deg into the shadow
    (1.5, D(134.0), D(45.0), D(90.0), 5.0, 2 * math.pi / 0.1, 1, 1),    # 1 deg inside the 0-face reflection zone
    (1.2, D(150.0), D(20.0), D(90.0), 2.0, 2 * math.pi / 0.1, complex(-0.8, 0.1), complex(-0.6, -0.2)),
    (1.5, D(250.0), D(60.0), D(80.0), 8.0, 2 * math.pi / 0.2, complex(0.3, -0.4), complex(0.5, 0.1)),
]


def main():
    print("// {x, Re F, Im F}")
    for x in F_POINTS:
        f = transition_f(x)
        print(f"{{{x!r}, {f.real:.15e}, {f.imag:.15e}}},")
    print("// {n, phi_deg, phi_prime_deg, beta0_deg, L_m, k, R0 re, R0 im, Rn re, Rn im, D re, D im}")
    for n, phi, phip, beta0, big_l, k, r0, rn in COEFF_CASES:
        r0, rn = complex(r0), complex(rn)
        d = utd_coefficient(n, phi, phip, beta0, big_l, k, r0, rn)
        print(f"{{{n!r}, {math.degrees(phi):.1f}, {math.degrees(phip):.1f}, {math.degrees(beta0):.1f}, {big_l!r}, "
              f"{k:.15g}, {r0.real!r}, {r0.imag!r}, {rn.real!r}, {rn.imag!r}, {d.real:.12e}, {d.imag:.12e}}},")


if __name__ == "__main__":
    main()

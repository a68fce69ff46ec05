#!/usr/bin/env python3
"""Independent reference for the Okumura-Hata (Hata 1980) and COST-231 Hata (COST 231 final report, 4.4.1) models.

Written from the papers' formulas, separately from propagation/hata_pathloss.h; prints the rows pasted into
tests/propagation/hata_pathloss_test.cpp. Usage: python3 hata_reference.py
Conventions shared with the C++ model: f in MHz, heights in m, d in km; the large-city a(hm) switches from the
f <= 200 MHz form to the f >= 400 MHz form at 300 MHz; COST-231 uses the small/medium-city a(hm).
"""
import math

L = math.log10


def a_small(f, hm):
    return (1.1 * L(f) - 0.7) * hm - (1.56 * L(f) - 0.8)


def a_large(f, hm):
    if f <= 300.0:
        return 8.29 * L(1.54 * hm) ** 2 - 1.1
    return 3.2 * L(11.75 * hm) ** 2 - 4.97


def hata(f, hb, hm, d, env, large_city):
    a = a_large(f, hm) if large_city else a_small(f, hm)
    urban = 69.55 + 26.16 * L(f) - 13.82 * L(hb) - a + (44.9 - 6.55 * L(hb)) * L(d)
    if env == "Urban":
        return urban
    if env == "Suburban":
        return urban - 2.0 * L(f / 28.0) ** 2 - 5.4
    return urban - 4.78 * L(f) ** 2 + 18.33 * L(f) - 40.94


def cost231(f, hb, hm, d, metropolitan):
    cm = 3.0 if metropolitan else 0.0
    return 46.3 + 33.9 * L(f) - 13.82 * L(hb) - a_small(f, hm) + (44.9 - 6.55 * L(hb)) * L(d) + cm


def main():
    print("// Hata: f_mhz, hb_m, hm_m, d_km, environment, large_city, loss_db")
    for f, hb, hm, d, env, large in ((900, 30, 1.5, 1, "Urban", False), (900, 30, 1.5, 1, "Urban", True),
                                     (150, 50, 2, 5, "Urban", True), (450, 100, 3, 10, "Urban", False),
                                     (800, 40, 1.5, 3, "Suburban", False), (1500, 200, 10, 20, "Open", False),
                                     (200, 30, 1, 2, "Urban", True), (400, 60, 5, 8, "Suburban", True)):
        print("    {%.1f, %.1f, %.1f, %.1f, E::%s, %s, %.9f}," % (f, hb, hm, d, env, "true" if large else "false",
                                                               hata(f, hb, hm, d, env, large)))
    print("// COST-231: f_mhz, hb_m, hm_m, d_km, metropolitan, loss_db")
    for f, hb, hm, d, metro in ((1800, 30, 1.5, 1, False), (1800, 30, 1.5, 1, True), (1500, 50, 2, 5, False),
                                (2000, 100, 3, 10, True), (1900, 200, 10, 20, False)):
        print("    {%.1f, %.1f, %.1f, %.1f, %s, %.9f}," % (f, hb, hm, d, "true" if metro else "false",
                                                         cost231(f, hb, hm, d, metro)))


if __name__ == "__main__":
    main()

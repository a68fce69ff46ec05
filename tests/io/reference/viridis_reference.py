#!/usr/bin/env python3
"""Derives io/colormap.cpp's viridis polynomials and the reference samples in tests/io/colormap_test.cpp.

viridis is defined by its 256-entry sRGB table (van der Walt & Smith, 2015, shipped with matplotlib). This script
fits one degree-8 polynomial per channel to that table by least squares (t = i / 255) and prints the coefficients
(constant term first) and the largest deviation, then the table's own values at a few t for the test.
Run with Debian's python3-matplotlib:  /usr/bin/python3 tests/io/reference/viridis_reference.py
"""
import numpy as np
from matplotlib import colormaps

DEGREE = 8

table = np.array(colormaps["viridis"].colors)  # 256 x 3, sRGB in [0, 1]
t = np.linspace(0.0, 1.0, table.shape[0])
worst = 0.0
for channel, name in enumerate("rgb"):
    coefficients = np.polynomial.polynomial.polyfit(t, table[:, channel], DEGREE)
    fitted = np.polynomial.polynomial.polyval(t, coefficients)
    worst = max(worst, float(np.max(np.abs(fitted - table[:, channel]))))
    print(f"{name}: {{" + ", ".join(f"{c:.9g}" for c in coefficients) + "}")
print(f"largest deviation from the table: {worst:.5f} (x 255 = {worst * 255:.2f} levels)")
for i in (0, 64, 128, 191, 255):
    r, g, b = table[i]
    print(f"t = {i}/255: {{{r:.6f}, {g:.6f}, {b:.6f}}}")

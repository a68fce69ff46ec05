// Colours for maps and plots: the viridis colour map, a categorical palette for sector ids, and CSS colour text.
#pragma once

#include <cstdint>
#include <string>

namespace tarang {

struct Rgba {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
  bool operator==(const Rgba&) const = default;
};

// viridis (van der Walt & Smith 2015), perceptually uniform and colour-blind safe, at t in [0, 1] (clamped; NaN
// gives t = 0). Evaluated from degree-8 polynomials fitted to the published 256-entry table by
// tests/io/reference/viridis_reference.py; within 2.4 of 255 levels of the table everywhere.
Rgba viridis(double t);

// Colour of category `index` (sector index) for best-server maps: hues spread by the golden angle in OKLCH at three
// alternating lightness levels, so neighbouring indices (the sectors of one site) differ in hue and lightness.
// Deterministic; index < 0 is "none" (light grey).
Rgba categorical_color(int index);

// "#rrggbb" for CSS and SVG.
std::string css_hex(Rgba c);

}  // namespace tarang

// Turning scene material names into SurfaceMaterial records at the carrier frequency (ITU-R P.2040 table).
#pragma once

#include <string>
#include <vector>

#include "core/scenario.h"

#include "raytrace/surface_coefficients.h"

namespace tarang {

// `name` is a custom material of the scenario (its own thickness applies) or a P.2040 name or alias (concrete,
// itu_concrete, mat-itu_concrete, ...). Throws InputError for an unknown name, or a P.2040 material outside its
// frequency range unless allow_extrapolation. Ground is a half-space; every other material is a slab of
// `thickness_m` that can transmit (metal transmits nothing in practice: its slab coefficient vanishes).
SurfaceMaterial surface_material_of(const std::string& name, double thickness_m, double frequency_hz, bool half_space,
                                    const std::vector<CustomMaterial>& custom = {}, bool allow_extrapolation = true);

}  // namespace tarang

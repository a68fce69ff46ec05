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
// `scales` (a scenario's calibration.materials) multiplies the material's eps_r' and sigma when it lists the
// material under material_calibration_key(name, custom).
SurfaceMaterial surface_material_of(const std::string& name, double thickness_m, double frequency_hz, bool half_space,
                                    const std::vector<CustomMaterial>& custom = {}, bool allow_extrapolation = true,
                                    const std::vector<MaterialCalibration>& scales = {});

// The name `calibration.materials` uses for scene material `name`: a custom material's own name, else the canonical
// P.2040 name of a name or alias (mat-itu_concrete -> concrete); "" for an unknown name.
std::string material_calibration_key(const std::string& name, const std::vector<CustomMaterial>& custom = {});

}  // namespace tarang

// Scene material names -> complex permittivity at the carrier, via the ITU-R P.2040 table.
#include "raytrace/surface_materials.h"

#include <algorithm>

#include "core/error.h"

#include "propagation/materials_itu_p2040.h"

namespace tarang {

std::string material_calibration_key(const std::string& name, const std::vector<CustomMaterial>& custom) {
  for (const CustomMaterial& c : custom) {
    if (c.name == name) return name;
  }
  ItuMaterial material;
  return itu_material_from_name(name.c_str(), &material) ? itu_material_name(material) : "";
}

SurfaceMaterial surface_material_of(const std::string& name, double thickness_m, double frequency_hz, bool half_space,
                                    const std::vector<CustomMaterial>& custom, bool allow_extrapolation,
                                    const std::vector<MaterialCalibration>& scales) {
  MaterialProperties<double> props{};
  float scattering = -1.0f;
  const auto user = std::find_if(custom.begin(), custom.end(), [&](const CustomMaterial& c) { return c.name == name; });
  if (user != custom.end()) {
    props = MaterialProperties<double>{user->eps_r, user->sigma_s_per_m};
    thickness_m = user->thickness_m;
    scattering = static_cast<float>(user->scattering_coefficient);
  } else {
    ItuMaterial material;
    if (!itu_material_from_name(name.c_str(), &material)) {
      throw InputError("", 0, "material", "unknown material '" + name +
                                              "' (neither an ITU-R P.2040 name nor defined under materials:)");
    }
    if (!allow_extrapolation && !itu_material_valid(material, frequency_hz)) {
      throw InputError("", 0, "material",
                       "ITU-R P.2040 gives no " + std::string(itu_material_name(material)) + " parameters at " +
                           std::to_string(frequency_hz / 1e9) +
                           " GHz (set materials.allow_extrapolation: true, or define a custom material)");
    }
    props = itu_material_properties(material, frequency_hz);
  }
  if (!scales.empty()) {
    const std::string key = material_calibration_key(name, custom);
    for (const MaterialCalibration& mc : scales) {
      if (mc.material == key) props.eps_r *= mc.permittivity_scale, props.sigma_s_per_m *= mc.conductivity_scale;
    }
  }
  const Complex<double> eta = complex_relative_permittivity(props.eps_r, props.sigma_s_per_m, frequency_hz);
  SurfaceMaterial m{};
  m.eta = {static_cast<float>(eta.re), static_cast<float>(eta.im)};
  m.thickness_m = static_cast<float>(thickness_m);
  m.half_space = half_space ? 1 : 0;
  m.transmits = half_space ? 0 : 1;
  m.scattering = scattering;
  return m;
}

}  // namespace tarang

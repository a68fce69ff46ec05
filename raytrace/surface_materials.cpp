// Scene material names -> complex permittivity at the carrier, via the ITU-R P.2040 table.
#include "raytrace/surface_materials.h"

#include <stdexcept>

#include "propagation/materials_itu_p2040.h"

namespace tarang {

SurfaceMaterial surface_material_of(const std::string& name, double thickness_m, double frequency_hz,
                                    bool half_space) {
  ItuMaterial material;
  if (!itu_material_from_name(name.c_str(), &material)) {
    throw std::invalid_argument("unknown material '" + name + "' (not in the ITU-R P.2040 table)");
  }
  const MaterialProperties<double> props = itu_material_properties(material, frequency_hz);
  const Complex<double> eta = complex_relative_permittivity(props.eps_r, props.sigma_s_per_m, frequency_hz);
  SurfaceMaterial m{};
  m.eta = {static_cast<float>(eta.re), static_cast<float>(eta.im)};
  m.thickness_m = static_cast<float>(thickness_m);
  m.half_space = half_space ? 1 : 0;
  m.transmits = half_space ? 0 : 1;
  return m;
}

}  // namespace tarang

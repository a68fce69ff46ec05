// Material names as written by scene files (Sionna/Mitsuba ids, OBJ usemtl) mapped to their ITU-R P.2040 spelling.
#pragma once

#include <string>
#include <string_view>

namespace tarang {

// The canonical (P.2040-style) spelling of a material name: lower case, words joined by '_', without the prefixes
// scene exporters add ("mat-", "itu_", "itu-", in any combination) and without a Blender duplicate suffix (".001").
// "mat-itu_concrete", "itu_concrete", "ITU-Concrete" and "concrete" all give "concrete";
// "itu_medium_dry_ground" and "medium-dry ground" give "medium_dry_ground". Names it does not recognise keep their
// (canonicalised) spelling; "" stays "". Whether the name is in the P.2040 table is for the caller to decide.
std::string canonical_material_name(std::string_view name);

}  // namespace tarang

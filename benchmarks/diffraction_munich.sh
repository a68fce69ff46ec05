#!/usr/bin/env bash
# Cost of edge diffraction and diffuse scattering on munich (Sionna scene): tarang coverage with diffraction_order
# 0, 1, 2 and order 1 with scattering (reflections to depth 3, 1e6 rays, one isotropic site, 5 m cells over
# 800 m x 800 m); prints wall and CPU time, rays and segments.
# Usage: benchmarks/diffraction_munich.sh [path/to/tarang] [threads]
set -euo pipefail
cd "$(dirname "$0")/.."
TARANG="${1:-build/tarang}"
SCENE="$PWD/../shared/data/scenes/munich/munich.xml"
[ -f "$SCENE" ] || { echo "munich scene not found at $SCENE" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
for config in 0:false 1:false 2:false 1:true; do
  order=${config%%:*} scattering=${config##*:}
  cat > "$WORK/munich.yaml" <<YAML
name: munich-diffraction-$order
scene: {mesh: $SCENE, crs: EPSG:32632, ground: flat}
radio: {frequency_hz: 3.5e9}
sites:
  - {id: tx, x_m: 8.5, y_m: 21, height_m: 27, sectors: [{id: iso, antenna: isotropic, power_dbm: 40}]}
propagation: {model: raytrace}
raytrace: {engine: cpu, rays: 1000000, max_depth: 3, diffraction_order: $order, scattering: $scattering}
grid: {bounds_m: [-400, -400, 400, 400], cell_m: 5, height_m: 1.5}
output: $WORK/munich-$order.h5
YAML
  /usr/bin/time -f '%e s wall, %U s user CPU' -o "$WORK/time.txt" \
    "$TARANG" coverage "$WORK/munich.yaml" ${2:+--threads "$2"} > "$WORK/out.txt" 2> /dev/null
  printf 'diffraction_order %s, scattering %s: %s; %s\n' "$order" "$scattering" "$(cat "$WORK/time.txt")" \
    "$(grep -E '^rays:' "$WORK/out.txt")"
done

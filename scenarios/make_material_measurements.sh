#!/bin/sh
# Writes OUT_DIR/block.yaml (+ calibration_block.obj) and OUT_DIR/measurements.csv: synthetic drive-test rows for
# the ray-traced calibration_block.yaml (no real data). The "true" materials differ from the scenario's: the wall's
# permittivity x1.5, the ground's permittivity x0.7 and conductivity x1.6 (which the data cannot see); plus a -3 dB
# offset and 2 dB shadowing, which `tarang calibrate` should recover.
# Usage: make_material_measurements.sh [BUILD_DIR (default build)] [OUT_DIR (default material-demo)]
set -e
here=$(dirname "$0")
build=${1:-build}
out=${2:-material-demo}
mkdir -p "$out"
cp "$here/calibration_block.yaml" "$out/block.yaml"
cp "$here/calibration_block.obj" "$out/calibration_block.obj"
"$build/tarang-synth-measurements" "$out/block.yaml" -o "$out/measurements.csv" --devices 20000 --rows 10 --walk 20 \
  --seed 2026 --shadowing 2 --offset -3 --material lossy_wall:1.5:1 --material medium_dry_ground:0.7:1.6

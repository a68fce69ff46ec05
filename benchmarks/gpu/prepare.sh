#!/usr/bin/env bash
# Builds what the device check needs (CUDA on, static cudart) into build-gpu/ and copies the shared libraries and
# PROJ database the GPU binaries use into build-gpu/carry/, so that `run` can carry build-gpu (< 64 MiB).
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release -DTARANG_CUDA=ON > build-gpu.configure.log
cmake --build build-gpu -j "$(nproc)" --target empirical_gain_maps_gpu_test physics_headers_device_test \
  radio_map_sbr_gpu_test lbvh_build_gpu_test
mkdir -p build-gpu/carry/lib build-gpu/carry/proj
for binary in build-gpu/tests/kernels/*_test; do
  ldd "$binary" | awk '/=> \// {print $3}' | grep -vE 'libc\.so|libm\.so|libstdc|libgcc|ld-linux|libpthread|libdl|librt' \
    | xargs -r cp -u -t build-gpu/carry/lib
done
cp -u /usr/share/proj/proj.db build-gpu/carry/proj/
du -sh build-gpu/carry build-gpu/tests/kernels

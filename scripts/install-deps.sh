#!/usr/bin/env bash
# Installs the Debian 12 packages tarang needs to build and test; quiet and quick when all are present.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  libembree-dev libtbb-dev
  libpugixml-dev libgdal-dev libgeos-dev gdal-bin
  libstb-dev libfreetype-dev fonts-dejavu-core libminizip-dev coinor-libcbc-dev
  libcli11-dev libyaml-cpp-dev libhdf5-dev libfmt-dev libproj-dev proj-data
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-h5py python3-numpy hdf5-tools
  libeigen3-dev
  libopenmpi-dev openmpi-bin
)
# `make fuzz` (scripts/install-deps.sh --fuzz) also needs clang and its libFuzzer runtime.
if [ "${1:-}" = "--fuzz" ]; then PACKAGES+=(clang libclang-rt-14-dev); fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

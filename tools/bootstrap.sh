#!/usr/bin/env bash
# tools/bootstrap.sh - set up a fresh Debian 12 machine for planner: install
# the Debian packages it builds and tests with, then build into ./build.
# Safe to run again: packages already present and an existing build are
# reused. Runs apt-get through sudo when not root.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential meson ninja-build pkg-config
  libglpk-dev libxlsxwriter-dev libcairo2-dev libpango1.0-dev
  libsqlite3-dev libpq-dev libxml2-dev libfyaml-dev libcsv-dev
  fonts-noto-cjk
  # test-only readers no one here wrote
  python3 python3-openpyxl poppler-utils qpdf sqlite3 groff-base
)
# A throw-away PostgreSQL server for the shared-store tests: installed when
# the machine allows (its tests are reported skipped otherwise).
optional=(postgresql)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
    missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
for p in "${optional[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"
  then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
      --no-install-recommends "$p" ||
      echo "bootstrap: $p not installed; the tests that need it are skipped"
  fi
done

if [ ! -f build/build.ninja ]; then
  meson setup build
fi
ninja -C build

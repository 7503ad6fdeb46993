#!/usr/bin/env bash
# Builds both halves of the project, incrementally (configure once, then ninja):
#   build/web     emcmake: the page, and the CLI and tests compiled to wasm for Node
#   build/native  the CLI (build/native/bottleneck), the desktop app (build/native/bottleneck-desktop)
#                 and tests; its ctest also runs the web ones
# Run .ci/setup.sh first (npm start / npm test do).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${BN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bottleneck}
[ -f "$cache/paths.env" ] || { echo "build: $cache/paths.env missing; run .ci/setup.sh first"; exit 1; }
# shellcheck disable=SC1091
. "$cache/paths.env"
export NODE_PATH=/usr/share/nodejs  # Debian's emcc needs acorn from here at -O2 and above
jobs=${BN_JOBS:-$(nproc)}
cd "$root"

# Configure when new, or when set-up produced paths the cache does not have yet.
if [ ! -f build/web/build.ninja ] || ! grep -qx "BN_SDL2_WASM_MT:PATH=$BN_SDL2_WASM_MT" build/web/CMakeCache.txt; then
  emcmake cmake -S . -B build/web -G Ninja -DBN_IMGUI_DIR="$BN_IMGUI_DIR" -DBN_SDL2_WASM="$BN_SDL2_WASM" \
    -DBN_SDL2_WASM_MT="$BN_SDL2_WASM_MT" >/dev/null
fi
cmake --build build/web -j "$jobs"

# Re-configured when the cache lacks this BN_IMGUI_DIR (the desktop app needs it), e.g. a build
# dir configured before the desktop app existed.
if [ ! -f build/native/build.ninja ] || ! grep -qFx "BN_IMGUI_DIR:PATH=$BN_IMGUI_DIR" build/native/CMakeCache.txt; then
  cmake -S . -B build/native -G Ninja -DBN_WEB_BUILD_DIR="$root/build/web" -DBN_IMGUI_DIR="$BN_IMGUI_DIR" >/dev/null
fi
cmake --build build/native -j "$jobs"

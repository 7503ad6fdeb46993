#!/usr/bin/env bash
# Builds the project four ways, incrementally (configure once, then ninja):
#   build/web     emcmake: the page, and the CLI and tests compiled to wasm for Node
#   build/native  the CLI (build/native/bottleneck), the desktop app (build/native/bottleneck-desktop)
#                 and tests; its ctest also runs the tests of the three others
#   build/asan    clang-14: the core and tests under AddressSanitizer and UBSan (BN_SANITIZE)
#   build/fuzz    clang-14: the core and the libFuzzer targets of tests/fuzz (BN_FUZZ)
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

# Re-configured when the cache lacks this BN_IMGUI_DIR (the desktop app needs it) or the checking
# builds' dirs, e.g. a build dir configured before the desktop app or those builds existed.
if [ ! -f build/native/build.ninja ] || ! grep -qFx "BN_IMGUI_DIR:PATH=$BN_IMGUI_DIR" build/native/CMakeCache.txt \
   || ! grep -qFx "BN_FUZZ_BUILD_DIR:PATH=$root/build/fuzz" build/native/CMakeCache.txt; then
  cmake -S . -B build/native -G Ninja -DBN_WEB_BUILD_DIR="$root/build/web" -DBN_IMGUI_DIR="$BN_IMGUI_DIR" \
    -DBN_ASAN_BUILD_DIR="$root/build/asan" -DBN_FUZZ_BUILD_DIR="$root/build/fuzz" >/dev/null
fi
cmake --build build/native -j "$jobs"

# The checking builds: only the core with the tests (asan) or the fuzzers (fuzz), at -O1 -g with
# sanitizers; the native build's ctest runs them as "asan: [tag]" and "fuzz: <target>".
for kind in asan fuzz; do
  if [ ! -f build/$kind/build.ninja ]; then
    option=BN_SANITIZE; [ $kind = fuzz ] && option=BN_FUZZ
    cmake -S . -B build/$kind -G Ninja -D$option=ON -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 >/dev/null
  fi
  cmake --build build/$kind -j "$jobs"
done

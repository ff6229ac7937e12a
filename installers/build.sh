#!/usr/bin/env bash
# Configures and builds CacheScope into build/ (or $CACHESCOPE_BUILD_DIR). Idempotent and incremental.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CACHESCOPE_BUILD_DIR:-$root/build}
extra=()
command -v ccache >/dev/null && extra+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
[ "${CI:-}" = "true" ] && extra+=(-DCACHESCOPE_WERROR=ON)
if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${extra[@]}"
fi
cmake --build "$build" -j"$(nproc)"

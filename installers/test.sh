#!/usr/bin/env bash
# README command (2): install what is needed, build, and run every test.
# The tests start their own redis-server / memcached / database on free 127.0.0.1 ports.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/installers/bootstrap-debian.sh"
"$root/installers/build.sh"
# The libFuzzer targets (decoder, RESP, metadump, URL, Django key, glob), sharing a bounded
# budget; a finding fails the run. Their corpora are also replayed by ctest (label fuzz).
"$root/tests/fuzz/run-fuzzers.sh" "${CACHESCOPE_FUZZ_SECONDS:-60}"
build=${CACHESCOPE_BUILD_DIR:-$root/build}
(cd "$build" && ctest --output-on-failure --timeout 900 -j2 "$@")
# In CI (CI=true), or when asked: the .deb is built, installed with apt-get into this
# machine and the installed programs are started (installers/package.sh --install-check).
# CI packages the tree it has just tested (same build type, stripped by CPack) rather than
# compiling everything a second time in Release: the two builds would not fit the CI time.
if [ "${CI:-}" = "true" ] || [ "${CACHESCOPE_PACKAGE_CHECK:-}" = "1" ]; then
    CACHESCOPE_RELEASE_DIR=${CACHESCOPE_RELEASE_DIR:-$build} \
        CACHESCOPE_PACKAGE_BUILD_TYPE=${CACHESCOPE_PACKAGE_BUILD_TYPE:-$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt")} \
        "$root/installers/package.sh" --install-check
fi

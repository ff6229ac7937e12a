#!/usr/bin/env bash
# README command (2): install what is needed, build, and run every test.
# The tests start their own redis-server / memcached / database on free 127.0.0.1 ports.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/installers/bootstrap-debian.sh"
"$root/installers/build.sh"
# The libFuzzer target (pickle reader + decoding chain), bounded; a finding fails the run.
"$root/tests/fuzz/run-fuzzers.sh" "${CACHESCOPE_FUZZ_SECONDS:-30}"
build=${CACHESCOPE_BUILD_DIR:-$root/build}
(cd "$build" && ctest --output-on-failure --timeout 900 -j2 "$@")
# In CI (CI=true), or when asked: the .deb is built, installed with apt-get into this
# machine and the installed programs are started (installers/package.sh --install-check).
if [ "${CI:-}" = "true" ] || [ "${CACHESCOPE_PACKAGE_CHECK:-}" = "1" ]; then
    "$root/installers/package.sh" --install-check
fi

#!/usr/bin/env bash
# README command (2): install what is needed, build, and run every test.
# The tests start their own redis-server / memcached / database on free 127.0.0.1 ports.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/installers/bootstrap-debian.sh"
# CI (or CACHESCOPE_TEST_SANITIZE=1) runs the whole suite once, built with AddressSanitizer +
# UndefinedBehaviorSanitizer (installers/test-sanitizers.sh, build-asan/), and packages a
# separate Release build of the two programs (installers/package.sh, build-release/).
# Otherwise: the ordinary build/ and its suite, as before.
sanitize=${CACHESCOPE_TEST_SANITIZE:-0}
[ "${CI:-}" = "true" ] && sanitize=${CACHESCOPE_TEST_SANITIZE:-1}
# The libFuzzer targets (decoder, RESP, metadump, URL, Django key, glob), sharing a bounded
# budget; a finding fails the run. Their corpora are also replayed by ctest (label fuzz).
if [ "$sanitize" = "1" ]; then
    "$root/tests/fuzz/run-fuzzers.sh" "${CACHESCOPE_FUZZ_SECONDS:-60}"
    "$root/installers/test-sanitizers.sh" "$@"
    if [ "${CI:-}" = "true" ] || [ "${CACHESCOPE_PACKAGE_CHECK:-}" = "1" ]; then
        "$root/installers/package.sh" --install-check
    fi
    exit 0
fi
"$root/installers/build.sh"
"$root/tests/fuzz/run-fuzzers.sh" "${CACHESCOPE_FUZZ_SECONDS:-60}"
build=${CACHESCOPE_BUILD_DIR:-$root/build}
(cd "$build" && ctest --output-on-failure --timeout 900 -j2 "$@")
# In CI (CI=true), or when asked: the .deb is built, installed with apt-get into this
# machine and the installed programs are started (installers/package.sh --install-check).
# Here the tree just tested is packaged (same build type, stripped by CPack).
if [ "${CI:-}" = "true" ] || [ "${CACHESCOPE_PACKAGE_CHECK:-}" = "1" ]; then
    CACHESCOPE_RELEASE_DIR=${CACHESCOPE_RELEASE_DIR:-$build} \
        CACHESCOPE_PACKAGE_BUILD_TYPE=${CACHESCOPE_PACKAGE_BUILD_TYPE:-$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt")} \
        "$root/installers/package.sh" --install-check
fi

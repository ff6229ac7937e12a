#!/usr/bin/env bash
# Builds CacheScope with AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/ (or
# $CACHESCOPE_ASAN_DIR) and runs the whole ctest suite there. Any ASan report, any UB and
# any leak in our code fails the test that hit it.
#   installers/test-sanitizers.sh [ctest arguments...]   e.g.  -LE gui   or  -R tst_resp
# Leaks from third-party frames only (Qt, fontconfig, ...) are suppressed in
# tests/sanitizers/lsan.supp; never add one of ours there: fix it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CACHESCOPE_ASAN_DIR:-$root/build-asan}
jobs=${CACHESCOPE_JOBS:-$(nproc)}
extra=()
command -v ccache >/dev/null && extra+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
[ "${CI:-}" = "true" ] && extra+=(-DCACHESCOPE_WERROR=ON)

start=$(date +%s)
# -O1 (CommonConfig.cmake) and -g1: line tables are all a sanitizer report needs for file:line,
# at a fraction of full debug info's compile and link time.
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCACHESCOPE_SANITIZE=ON -DCACHESCOPE_BUILD_BENCH=OFF \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
    "${extra[@]}" >/dev/null
cmake --build "$build" -j"$jobs"
built=$(date +%s)

export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0:${LSAN_OPTIONS:-}"
cd "$build"
status=0
# Sanitized code runs ~2-3x slower: give each test more time than the normal run does.
ctest --output-on-failure --timeout 1200 -j"$jobs" "$@" || status=$?
end=$(date +%s)
echo "sanitizers: build $((built - start)) s, tests $((end - built)) s"
exit $status

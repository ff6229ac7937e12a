#!/bin/sh
# Builds the libFuzzer targets with clang in build-fuzz/ and runs each for N seconds
# (default 60) on a copy of its seed corpus, so new inputs do not pile up in the tree.
#   tests/fuzz/run-fuzzers.sh [SECONDS] [extra libFuzzer flags...]
# A crash leaves crash-*/leak-*/timeout-* files in build-fuzz/findings/ and exits non-zero.
set -eu
seconds=${1:-60}
[ $# -gt 0 ] && shift
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build-fuzz"

CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCACHESCOPE_FUZZ=ON \
    -DCACHESCOPE_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 --target fuzz_decoder

mkdir -p "$build/findings"
status=0
for target in decoder; do
    work="$build/corpus-$target"
    mkdir -p "$work"
    cp -n "$root/tests/fuzz/corpus/$target"/* "$work"/ 2>/dev/null || true
    echo "== fuzz_$target for ${seconds}s"
    "$build/tests/fuzz/fuzz_$target" "$work" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 \
        -timeout=10 -print_final_stats=1 -artifact_prefix="$build/findings/$target-" "$@" || status=$?
done
exit $status

#!/bin/sh
# Builds the libFuzzer targets with clang in build-fuzz/ and runs each on a copy of its seed
# corpus, so new inputs do not pile up in the tree. The total budget is shared evenly.
#   tests/fuzz/run-fuzzers.sh [TOTAL_SECONDS] [extra libFuzzer flags...]     (default 60)
#   CACHESCOPE_FUZZ_TARGETS="resp glob" tests/fuzz/run-fuzzers.sh 120          (a subset)
# A finding (crash, leak, timeout, broken invariant) leaves its input in build-fuzz/findings/,
# prints the path and exits non-zero. Fix the bug, then copy the input to
# tests/fuzz/corpus/<target>/finding-<what>: every corpus file is replayed by ctest
# (fuzz/replay_<target>), so it stays fixed.
set -eu
total=${1:-60}
[ $# -gt 0 ] && shift
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build-fuzz"
targets=${CACHESCOPE_FUZZ_TARGETS:-"decoder resp metadump connspec djangokey glob"}
count=$(echo $targets | wc -w)
seconds=$((total / count))
[ "$seconds" -ge 1 ] || seconds=1

launcher=""
command -v ccache >/dev/null && launcher="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCACHESCOPE_FUZZ=ON $launcher \
    -DCACHESCOPE_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 --target $(for t in $targets; do printf 'fuzz_%s ' "$t"; done)

findings="$build/findings"
mkdir -p "$findings"
status=0
summary=""
for target in $targets; do
    work="$build/corpus-$target"
    mkdir -p "$work"
    cp -n "$root/tests/fuzz/corpus/$target"/* "$work"/ 2>/dev/null || true
    log="$build/fuzz-$target.log"
    echo "== fuzz_$target for ${seconds}s"
    rc=0
    "$build/tests/fuzz/fuzz_$target" "$work" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 \
        -timeout=10 -print_final_stats=1 -artifact_prefix="$findings/$target-" "$@" >"$log" 2>&1 || rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    summary="$summary
fuzz_$target: ${runs:-?} executions in ${seconds}s, exit $rc"
    if [ "$rc" -ne 0 ]; then
        status=1
        tail -n 40 "$log"
        for f in $(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log"); do
            echo "FINDING in fuzz_$target: reproduce with $build/tests/fuzz/fuzz_$target $f"
        done
    fi
done
echo "$summary"
exit $status

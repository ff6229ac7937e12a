#!/usr/bin/env bash
# Benchmark: listing 1M Redis keys. In one run, against one scratch redis-server:
#   raw      tests/bench/raw_scan (blocking hiredis C loop: SCAN COUNT 1000 until cursor 0)
#   cli      cachescope-cli keys URL (plain, no TTL/type/size) > /dev/null
#   model    bench_gui_load: RedisConnector on its thread -> KeyTreeModel on the main thread,
#            with a 10 ms QTimer probe for the longest event-loop stall, and RSS per key
# Prints each figure, the ratios to the raw loop, and the command that produced them.
# Usage: tests/bench/bench_scan.sh [KEYS] [BUILD_DIR]      (defaults: 1000000 build)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
keys=${1:-1000000}
build=${2:-$root/build}
runs=${RUNS:-3}
work=$(mktemp -d -t cachescope-bench.XXXXXX)
port=$(free_port)
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" --daemonize no \
    --logfile "$work/redis.log" &
rpid=$!
trap 'kill $rpid 2>/dev/null; wait $rpid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done
/usr/bin/python3 - "$keys" <<'PY' | redis-cli -p "$port" --pipe >/dev/null
import sys
n = int(sys.argv[1]); w = sys.stdout.buffer
prefixes = [b'shop:3:product:', b'shop:4:product:', b'api:1:user:', b':1:django.contrib.sessions.cache']
for i in range(n):
    k = prefixes[i % 4] + b'%d' % i
    w.write(b'*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$1\r\nx\r\n' % (len(k), k))
PY
echo "keys in server: $(redis-cli -p "$port" dbsize)"
url="redis://127.0.0.1:$port/0"

raw=$(best "$build/tests/bench/raw_scan" 127.0.0.1 "$port" 1000)
cli=$(best "$build/app/cachescope-cli" keys "$url")
cli_usage=$(usage "$build/app/cachescope-cli" keys "$url")
echo
echo "command: tests/bench/bench_scan.sh $keys   (best of $runs runs each, $(nproc) cores)"
echo "raw hiredis SCAN loop:        ${raw} s"
echo "cachescope-cli keys:          ${cli} s   ratio $(ratio "$cli" "$raw")   ($cli_usage)"
if [ -x "$build/tests/bench/bench_gui_load" ]; then
    QT_QPA_PLATFORM=offscreen "$build/tests/bench/bench_gui_load" "$url" "$raw"
fi

#!/usr/bin/env bash
# Benchmark: listing 1M memcached keys. In one run, against one scratch memcached:
#   raw   tests/bench/raw_metadump (blocking C read of `lru_crawler metadump hash` to END,
#         counting lines: the bytes alone, no parsing)
#   cli   cachescope-cli keys memcached://... (plain, no metadata) > /dev/null
# Prints the best wall time of RUNS runs of each, the ratio, and the peak RSS of each
# (/usr/bin/time -v), with the command that produced them.
# Usage: tests/bench/bench_memcached.sh [KEYS] [BUILD_DIR]      (defaults: 1000000 build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
keys=${1:-1000000}
build=${2:-$root/build}
runs=${RUNS:-3}
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
user_args=()
[ "$(id -u)" = 0 ] && user_args=(-u nobody)   # memcached will not run as root otherwise
memcached -l 127.0.0.1 -p "$port" -U 0 -m 1024 "${user_args[@]}" &
mpid=$!
trap 'kill $mpid 2>/dev/null; wait $mpid 2>/dev/null' EXIT

# Fill with pipelined `set ... noreply`, Django-style keys; `mn` waits for the server to catch up.
/usr/bin/python3 - "$port" "$keys" <<'PY'
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
for _ in range(100):
    try:
        s = socket.create_connection(('127.0.0.1', port)); break
    except OSError:
        time.sleep(0.05)
prefixes = [b'shop:3:product:', b'shop:4:product:', b'api:1:user:', b':1:django.contrib.sessions.cache']
chunk = 50000
for start in range(0, n, chunk):
    out = bytearray()
    for i in range(start, min(n, start + chunk)):
        out += b'set %s%d 0 0 1 noreply\r\nx\r\n' % (prefixes[i % 4], i)
    out += b'mn\r\n'
    s.sendall(out)
    reply = b''
    while not reply.endswith(b'MN\r\n'):
        reply += s.recv(64)
PY
count=$("$build/tests/bench/raw_metadump" 127.0.0.1 "$port")
echo "keys in server (raw metadump lines): $count"
listed=$("$build/app/cachescope-cli" keys "memcached://127.0.0.1:$port" | wc -l)
echo "keys listed by cachescope-cli:       $listed"

best() {  # best wall time in seconds of $runs runs of a command
    local best=""
    for _ in $(seq "$runs"); do
        local t0 t1
        t0=$(date +%s.%N); "$@" > /dev/null; t1=$(date +%s.%N)
        best=$(/usr/bin/python3 -c "a='$best'; t=$t1-$t0; print(t if not a else min(float(a), t))")
    done
    printf '%.3f' "$best"
}
peak() {  # peak RSS in MiB of one run
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ {printf "%.1f", $2 / 1024}'
}
raw=$(best "$build/tests/bench/raw_metadump" 127.0.0.1 "$port")
cli=$(best "$build/app/cachescope-cli" keys "memcached://127.0.0.1:$port")
raw_rss=$(peak "$build/tests/bench/raw_metadump" 127.0.0.1 "$port")
cli_rss=$(peak "$build/app/cachescope-cli" keys "memcached://127.0.0.1:$port")
echo
echo "command: tests/bench/bench_memcached.sh $keys   (best of $runs runs each, $(nproc) cores)"
echo "raw lru_crawler metadump read:  ${raw} s   peak RSS ${raw_rss} MiB"
echo "cachescope-cli keys:            ${cli} s   peak RSS ${cli_rss} MiB   ratio $(/usr/bin/python3 -c "print('%.2fx' % ($cli/$raw))")"

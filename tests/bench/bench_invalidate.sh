#!/usr/bin/env bash
# Benchmark: deleting 500k of 1M Redis keys by pattern ("shop:3:*", one Django namespace).
# In one run, against one scratch redis-server, the namespace refilled before every run:
#   raw      tests/bench/raw_unlink (blocking hiredis loop: SCAN MATCH COUNT 1000, each
#            page's UNLINK pipelined with the next SCAN)
#   xargs    redis-cli --scan --pattern P | xargs redis-cli unlink
#   django   django-redis cache.delete_pattern("*") with KEY_PREFIX shop, VERSION 3
#            (Debian's python3-django-redis under /usr/bin/python3; one run, it is slow)
#   job      bench_invalidate_job: ConnectorHost::runInvalidation, RedisConnector on its thread
#   cli      cachescope-cli invalidate URL --match P --yes (when the CLI has the command)
# Each run is checked: exactly 500k keys left. Prints each figure, the ratio to the raw
# loop, and the command that produced them.
# Usage: tests/bench/bench_invalidate.sh [KEYS] [BUILD_DIR]      (defaults: 1000000 build)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
keys=${1:-1000000}
build=${2:-$root/build}
runs=${RUNS:-3}
pattern='shop:3:*'
work=$(mktemp -d -t cachescope-bench.XXXXXX)
port=$(free_port)
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" --daemonize no \
    --logfile "$work/redis.log" &
rpid=$!
trap 'kill $rpid 2>/dev/null; wait $rpid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done
url="redis://127.0.0.1:$port/0"

# Half the keys in the namespace shop:3, the rest in two others. all.resp sets every key,
# match.resp only the namespace (the refill).
/usr/bin/python3 - "$keys" "$work" <<'PY'
import sys
n, work = int(sys.argv[1]), sys.argv[2]
with open(work + '/all.resp', 'wb') as a, open(work + '/match.resp', 'wb') as m:
    for i in range(n):
        if i % 2 == 0:
            k = b'shop:3:product:%d' % i
        elif i % 4 == 1:
            k = b'api:1:user:%d' % i
        else:
            k = b':1:django.contrib.sessions.cache%d' % i
        cmd = b'*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$1\r\nx\r\n' % (len(k), k)
        a.write(cmd)
        if i % 2 == 0:
            m.write(cmd)
PY
redis-cli -p "$port" --pipe < "$work/all.resp" >/dev/null
total=$(redis-cli -p "$port" dbsize)
matching=$(( (keys + 1) / 2 ))
echo "keys in server: $total, matching $pattern: $matching"

# Seconds of CPU the server has used so far (user + sys).
server_cpu() { redis-cli -p "$port" info cpu | tr -d '\r' | awk -F: '/^used_cpu_(user|sys):/ {s += $2} END {printf "%.3f", s}'; }

# "WALL SERVER_CPU": the best wall time of $1 runs of the command after it, and the server
# CPU that run cost (the machine may be shared: the server's CPU is the steadier figure).
# The namespace is refilled before each run, and the run must leave exactly
# total - matching keys.
timed() {
    local n=$1 best="" best_cpu=""
    shift
    for _ in $(seq "$n"); do
        redis-cli -p "$port" --pipe < "$work/match.resp" >/dev/null
        [ "$(redis-cli -p "$port" dbsize)" = "$total" ] || { echo "refill failed" >&2; exit 1; }
        local t0 t1 c0 c1 left
        c0=$(server_cpu); t0=$(date +%s.%N)
        "$@" > /dev/null
        t1=$(date +%s.%N); c1=$(server_cpu)
        left=$(redis-cli -p "$port" dbsize)
        [ "$left" = "$((total - matching))" ] || { echo "$*: $left keys left, expected $((total - matching))" >&2; exit 1; }
        read -r best best_cpu < <(/usr/bin/python3 -c "
a, t, c = '$best', $t1 - $t0, $c1 - $c0
print(t, c) if not a or t < float(a) else print(a, '$best_cpu')")
    done
    printf '%.3f %.3f\n' "$best" "$best_cpu"
}

xargs_unlink() { redis-cli -p "$port" --scan --pattern "$pattern" | xargs redis-cli -p "$port" unlink; }
django_delete() {
    /usr/bin/python3 - "$url" <<'PY'
import sys
import django
from django.conf import settings
settings.configure(CACHES={'default': {'BACKEND': 'django_redis.cache.RedisCache', 'LOCATION': sys.argv[1],
                                       'KEY_PREFIX': 'shop', 'VERSION': 3}})
django.setup()
from django.core.cache import cache
print(cache.delete_pattern('*'))
PY
}

read -r raw raw_cpu < <(timed "$runs" "$build/tests/bench/raw_unlink" 127.0.0.1 "$port" "$pattern" 1000)
read -r job job_cpu < <(timed "$runs" "$build/tests/bench/bench_invalidate_job" "$url" "$pattern")
read -r xargs xargs_cpu < <(timed "$runs" xargs_unlink)
read -r django django_cpu < <(timed 1 django_delete)
cli=""
if "$build/app/cachescope-cli" --help 2>&1 | grep -q invalidate; then
    read -r cli cli_cpu < <(timed "$runs" "$build/app/cachescope-cli" invalidate "$url" --match "$pattern" --yes)
fi

line() { printf '%-34s %8.3f s   ratio %6s   server CPU %6.3f s\n' "$1" "$2" "$(ratio "$2" "$raw")" "$3"; }
echo
echo "command: tests/bench/bench_invalidate.sh $keys   (best of $runs runs each, django-redis 1 run; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
echo "deleting $matching of $total keys matching $pattern:"
line "raw hiredis SCAN+UNLINK loop" "$raw" "$raw_cpu"
line "CacheScope job (runInvalidation)" "$job" "$job_cpu"
if [ -n "$cli" ]; then line "cachescope-cli invalidate --yes" "$cli" "$cli_cpu"; fi
line "redis-cli --scan | xargs unlink" "$xargs" "$xargs_cpu"
line "django-redis delete_pattern" "$django" "$django_cpu"

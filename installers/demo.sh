#!/usr/bin/env bash
# README command (1): install what is needed, build, and open CacheScope on a live demo.
# Starts a scratch redis-server and memcached on free 127.0.0.1 ports and a SQLite Django
# cache table in a temporary folder, fills them through real Django
# (../shared/fixtures/django/populate.py) plus generated Redis keys, and opens the GUI
# with the three connections, while demo/traffic.py keeps them busy through Django's cache
# API (skewed key popularity, short timeouts, capped memory: hits, misses, expiries and
# evictions move on the charts). Closing the window stops everything the demo started
# (the EXIT trap below). Nothing of the user's is touched: the demo keeps its own settings
# in a temporary folder. While it runs, $XDG_RUNTIME_DIR/cachescope-demo.json lists its
# connections, so "Open the demo" on another CacheScope's welcome screen finds them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/installers/bootstrap-debian.sh"
"$root/installers/build.sh"
build=${CACHESCOPE_BUILD_DIR:-$root/build}
demo_keys=${CACHESCOPE_DEMO_KEYS:-200000}

work=$(mktemp -d -t cachescope-demo.XXXXXX)
# Qt's QStandardPaths::RuntimeLocation: $XDG_RUNTIME_DIR, else /tmp/runtime-$USER.
runtime=${XDG_RUNTIME_DIR:-/tmp/runtime-$(id -un)}
demo_file="$runtime/cachescope-demo.json"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -f "$demo_file"
    rm -rf "$work"
    echo "demo: stopped everything it started"
}
trap cleanup EXIT
trap 'exit 130' INT TERM   # exit runs the EXIT trap once

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
    --maxmemory 512mb --maxmemory-policy allkeys-lru --daemonize no --logfile "$work/redis.log" &
pids+=($!)
for _ in $(seq 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.05; done
echo "demo: redis-server on 127.0.0.1:$redis_port"

memcached_port=$(free_port)
memcached_user=()
[ "$(id -u)" -eq 0 ] && memcached_user=(-u nobody)   # memcached refuses to run as root
memcached "${memcached_user[@]}" -l 127.0.0.1 -p "$memcached_port" -U 0 -m 24 &
pids+=($!)
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$memcached_port") 2>/dev/null && break; sleep 0.05; done
echo "demo: memcached on 127.0.0.1:$memcached_port"
sqlite_db="$work/django-cache.sqlite3"

populate="$root/../shared/fixtures/django/populate.py"
if [ -f "$populate" ]; then
    /usr/bin/python3 "$populate" --redis "127.0.0.1:$redis_port" --memcached "127.0.0.1:$memcached_port" \
        --sqlite "$sqlite_db" --manifest "$work/manifest.json" \
        || echo "demo: populate.py reported unverified entries (see above); continuing"
else
    echo "demo: $populate not found; skipping the real-Django entries"
fi
/usr/bin/python3 "$root/installers/demo/fill_redis.py" "$demo_keys" | redis-cli -p "$redis_port" --pipe >/dev/null
echo "demo: $(redis-cli -p "$redis_port" dbsize) keys loaded"
# Room for only a few MB more than what is loaded: the traffic's writes then evict.
used=$(redis-cli -p "$redis_port" info memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p')
redis-cli -p "$redis_port" config set maxmemory $((used + 4 * 1024 * 1024)) >/dev/null

traffic=(/usr/bin/python3 "$root/installers/demo/traffic.py" --redis "127.0.0.1:$redis_port"
         --memcached "127.0.0.1:$memcached_port")
[ -f "$sqlite_db" ] && traffic+=(--sqlite "$sqlite_db")
"${traffic[@]}" 2>"$work/traffic.log" &
pids+=($!)
echo "demo: traffic through Django's cache API (log: $work/traffic.log)"

export CACHESCOPE_CONFIG_DIR="$work/config"
gui=("$build/app/cachescope" --connect "redis://127.0.0.1:$redis_port/0" --name "Demo Redis (Django)")
if [ -f "$sqlite_db" ]; then
    gui+=(--connect "memcached://127.0.0.1:$memcached_port" --name "Demo Memcached (Django)"
          --connect "sqlite://$sqlite_db?table=django_cache" --name "Demo DB cache table (SQLite)")
fi
mkdir -p -m 700 "$runtime"
{
    printf '{"pid": %d, "connections": [{"name": "Demo Redis (Django)", "url": "redis://127.0.0.1:%d/0"}' $$ "$redis_port"
    if [ -f "$sqlite_db" ]; then
        printf ', {"name": "Demo Memcached (Django)", "url": "memcached://127.0.0.1:%d"}' "$memcached_port"
        printf ', {"name": "Demo DB cache table (SQLite)", "url": "sqlite://%s?table=django_cache"}' "$sqlite_db"
    fi
    printf ']}\n'
} >"$demo_file"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "demo: no display; running under xvfb-run (set DISPLAY to see the window)"
    xvfb-run -a -s "-screen 0 1600x1000x24" "${gui[@]}"
else
    "${gui[@]}"
fi

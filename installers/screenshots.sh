#!/usr/bin/env bash
# Screenshots of the CacheScope GUI against a throw-away redis-server with demo keys.
#   installers/screenshots.sh [BUILD_DIR] [OUT_DIR]
# Needs: redis-server, redis-cli, xvfb-run, imagemagick (import), python3; memcached for the
# memcached connection and tst_mainwindow_backends screenshots (skipped without it).
# Writes OUT_DIR/desktop.png (the whole X screen after --connect, with real Django cache
# entries from ../shared/fixtures/django/populate.py when it is there, and the statistics
# dock charting STATS_SECONDS (default 30) of demo traffic from installers/demo/traffic.py)
# and, from the GUI tests run with CACHESCOPE_SCREENSHOT_DIR: main-window.png,
# connections-dialog.png, hash-value.png (tst_mainwindow), value-pickle.png, value-tree.png,
# value-danger.png, value-response.png, namespaces.png (tst_valuepanel_django),
# stats-dashboard.png (tst_statsdashboard); welcome.png, welcome-dark.png, welcome-demo-hint.png,
# about.png, import-dialog.png (tst_firstrun).
# connections-dialog-memcached.png, main-window-memcached.png, server-tab-memcached.png,
# main-window-sqlite.png (tst_mainwindow_backends); connection-sentinel.png (tst_connectioneditor);
# stats-overview.png (tst_statsoverview); invalidate-preview.png, invalidate-progress.png
# (tst_invalidationdialog).
# Nothing touches the user's settings or keychain.
set -euo pipefail
BUILD=${1:-build}
OUT=${2:-screenshots}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
STATS_SECONDS=${STATS_SECONDS:-30}
TRAFFIC=
cleanup() {
    [[ -n $TRAFFIC ]] && kill "$TRAFFIC" 2>/dev/null || true
    [[ -f $WORK/redis.pid ]] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null || true
    [[ -n ${MC_PID:-} ]] && kill "$MC_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# A small maxmemory, so the traffic below also shows evictions on the charts.
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" \
    --maxmemory 8mb --maxmemory-policy allkeys-lru --daemonize yes --pidfile "$WORK/redis.pid" >/dev/null
for _ in $(seq 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

# Demo keys shaped like a Django site's cache (RESP written by python, piped in one go).
python3 - <<'PY' | redis-cli -p "$PORT" --pipe >/dev/null
import json, sys
def cmd(*args):
    parts = [a if isinstance(a, bytes) else str(a).encode() for a in args]
    sys.stdout.buffer.write(b"*%d\r\n" % len(parts))
    for p in parts:
        sys.stdout.buffer.write(b"$%d\r\n%s\r\n" % (len(p), p))
for i in range(3000):
    cmd("SET", f"shop:1:product:{i}", json.dumps({"id": i, "name": f"Product {i}", "price": i * 1.5}))
for i in range(500):
    cmd("SETEX", f"shop:1:session:{i:05d}", 3600 + i, f"session data {i}")
for i in range(200):
    cmd("SET", f":1:views.decorators.cache.cache_page.{i}", "x" * (i * 10))
cmd("HSET", "shop:1:user:42", "name", "Ada", "email", "ada@example.com", "visits", "17")
cmd("RPUSH", "shop:1:queue", "job1", "job2", "job3")
cmd("ZADD", "leaderboard", "10", "alice", "20", "bob")
cmd("SET", b"bin\x00key\nwith\xffbytes", b"\x00\x01\x02binary\xff")
PY

# Real Django entries (pickles, zlib, cache_page responses) beside the demo keys.
# A memcached and a SQLite cache table get the same Django entries when memcached is here.
MC_ARGS=()
if command -v memcached >/dev/null; then
    MC_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    memcached -l 127.0.0.1 -p "$MC_PORT" -U 0 -u nobody &
    MC_PID=$!
    sleep 0.5
    MC_ARGS=(--memcached "127.0.0.1:$MC_PORT")
fi
FIXTURES=${CACHESCOPE_FIXTURES:-$(dirname "$0")/../../shared/fixtures/django}
export CACHESCOPE_FIXTURES=$FIXTURES
if [[ -f $FIXTURES/populate.py ]]; then
    /usr/bin/python3 "$FIXTURES/populate.py" --redis "127.0.0.1:$PORT" "${MC_ARGS[@]}" --sqlite "$WORK/site.sqlite3" \
        --manifest "$WORK/manifest.json" 2>/dev/null
fi
CONNECT_MORE=""
[[ -n ${MC_PORT:-} ]] && CONNECT_MORE+=" --connect memcached://127.0.0.1:$MC_PORT --name 'demo memcached'"
[[ -f $WORK/site.sqlite3 ]] && CONNECT_MORE+=" --connect sqlite://$WORK/site.sqlite3 --name 'demo db table'"
# Cache-like hits, misses, expiries and evictions while the window is open.
/usr/bin/python3 "$(dirname "$0")/demo/traffic.py" --redis "127.0.0.1:$PORT" --seconds $((STATS_SECONDS + 30)) 2>/dev/null &
TRAFFIC=$!

export CACHESCOPE_CONFIG_DIR=$WORK/config CACHESCOPE_NO_KEYCHAIN=1
cat > "$WORK/desktop.sh" <<SH
#!/usr/bin/env bash
"$BUILD/app/cachescope" --connect "redis://127.0.0.1:$PORT/0" --name "demo shop" $CONNECT_MORE &
APP=\$!
sleep $STATS_SECONDS
import -window root "$OUT/desktop.png"
kill \$APP
SH
chmod +x "$WORK/desktop.sh"
xvfb-run -a -s "-screen 0 1600x1000x24" "$WORK/desktop.sh"

# tst_mainwindow types shortcuts into the window: Xvfb without a window manager gives it no
# keyboard focus, so it runs offscreen. The value-panel test only clicks: real X rendering.
if [[ -x $BUILD/tests/tst_mainwindow ]]; then
    CACHESCOPE_SCREENSHOT_DIR=$OUT QT_QPA_PLATFORM=offscreen "$BUILD/tests/tst_mainwindow" >/dev/null ||
        echo "tst_mainwindow failed: its screenshots may be missing" >&2
fi
if [[ -x $BUILD/tests/tst_mainwindow_backends ]] && command -v memcached >/dev/null; then
    CACHESCOPE_SCREENSHOT_DIR=$OUT QT_QPA_PLATFORM=offscreen "$BUILD/tests/tst_mainwindow_backends" >/dev/null ||
        echo "tst_mainwindow_backends failed: its screenshots may be missing" >&2
fi
if [[ -x $BUILD/tests/tst_valuepanel_django ]]; then
    CACHESCOPE_SCREENSHOT_DIR=$OUT QT_QPA_PLATFORM=xcb \
        xvfb-run -a -s "-screen 0 1600x1000x24" "$BUILD/tests/tst_valuepanel_django" >/dev/null ||
        echo "tst_valuepanel_django failed: its screenshots may be missing" >&2
fi
# The offscreen GUI tests that save their own screenshots when CACHESCOPE_SCREENSHOT_DIR is set.
for t in tst_firstrun tst_connectioneditor tst_statsoverview tst_invalidationdialog; do
    [[ -x $BUILD/tests/$t ]] || continue
    CACHESCOPE_SCREENSHOT_DIR=$OUT QT_QPA_PLATFORM=offscreen "$BUILD/tests/$t" >/dev/null ||
        echo "$t failed: its screenshots may be missing" >&2
done
if [[ -x $BUILD/tests/tst_statsdashboard ]]; then
    CACHESCOPE_SCREENSHOT_DIR=$OUT QT_QPA_PLATFORM=offscreen "$BUILD/tests/tst_statsdashboard" \
        poolWithEventsScreenshot >/dev/null
fi
ls -1 "$OUT"

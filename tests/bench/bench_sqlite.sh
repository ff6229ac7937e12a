#!/usr/bin/env bash
# Benchmark: listing 1M rows of a Django cache table in SQLite. In one run, on one file:
#   raw   sqlite3 FILE 'SELECT cache_key FROM django_cache ORDER BY cache_key' > /dev/null
#   cli   cachescope-cli keys sqlite:///FILE > /dev/null   (keyset pages of 10,000, plain output)
# Prints the best wall time of RUNS runs each, the ratio, CPU seconds and peak RSS
# (/usr/bin/time -v), and the command that produced them.
# The table is Django's (createcachetable's DDL, with its expires index); keys look like
# Django's and are inserted in random order; values are base64 pickles of ~70 bytes.
# Usage: tests/bench/bench_sqlite.sh [ROWS] [BUILD_DIR]      (defaults: 1000000 build)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
rows=${1:-1000000}
build=${2:-$root/build}
runs=${RUNS:-5}
work=$(mktemp -d -t cachescope-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
db="$work/cache.sqlite3"
/usr/bin/python3 - "$db" "$rows" <<'PY'
import base64, pickle, random, sqlite3, sys
db, n = sys.argv[1], int(sys.argv[2])
con = sqlite3.connect(db)
con.executescript('''
CREATE TABLE "django_cache" ("cache_key" varchar(255) NOT NULL PRIMARY KEY, "value" text NOT NULL,
                             "expires" datetime NOT NULL);
CREATE INDEX "django_cache_expires" ON "django_cache" ("expires");
PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;''')
random.seed(1)
prefixes = ['shop:3:product:', 'shop:4:product:', 'api:1:user:', ':1:views.decorators.cache.cache_page.']
value = base64.b64encode(pickle.dumps({'id': 1, 'name': 'x' * 30})).decode()
def rows():
    for i in random.sample(range(n), n):
        yield (prefixes[i % 4] + '%d' % i, value, '2030-01-01 00:%02d:%02d' % (i // 60 % 60, i % 60))
con.executemany('INSERT INTO django_cache VALUES (?, ?, ?)', rows())
con.commit()
PY
echo "rows in table: $(sqlite3 "$db" 'SELECT COUNT(*) FROM django_cache'), file $(du -h "$db" | cut -f1)"

raw_cmd=(sqlite3 "$db" 'SELECT cache_key FROM django_cache ORDER BY cache_key')
cli_cmd=("$build/app/cachescope-cli" keys "sqlite://$db")
# Same output, or the comparison means nothing.
cmp <("${raw_cmd[@]}") <("${cli_cmd[@]}") || { echo "outputs differ" >&2; exit 1; }
"${raw_cmd[@]}" > /dev/null   # warm the page cache for both
raw=$(best "${raw_cmd[@]}")
cli=$(best "${cli_cmd[@]}")
echo
echo "command: tests/bench/bench_sqlite.sh $rows   (best of $runs runs each, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
echo "sqlite3 CLI SELECT ... ORDER BY:  ${raw} s   $(usage "${raw_cmd[@]}")"
echo "cachescope-cli keys:              ${cli} s   $(usage "${cli_cmd[@]}")   ratio $(/usr/bin/python3 -c "print('%.2fx' % ($cli/$raw))")"

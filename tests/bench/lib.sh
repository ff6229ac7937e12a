# Shared helpers of the benchmark scripts (sourced, not run).

# A TCP port on 127.0.0.1 that nothing listens on right now.
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Best wall time in seconds of $runs runs of a command (stdout discarded).
best() {
    local best=""
    for _ in $(seq "${runs:-3}"); do
        local t0 t1
        t0=$(date +%s.%N); "$@" > /dev/null; t1=$(date +%s.%N)
        best=$(/usr/bin/python3 -c "a='$best'; t=$t1-$t0; print(t if not a else min(float(a), t))")
    done
    printf '%.3f' "$best"
}

# "user+sys CPU seconds, peak RSS MB" of one run (GNU time, Debian package `time`).
usage() {
    /usr/bin/time -v "$@" 2>&1 >/dev/null | /usr/bin/python3 -c "
import sys, re
t = sys.stdin.read()
cpu = sum(float(re.search(p + r': ([\d.]+)', t).group(1)) for p in ('User time \(seconds\)', 'System time \(seconds\)'))
rss = int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', t).group(1)) / 1024
print('%.2f s CPU, %.1f MB peak RSS' % (cpu, rss))"
}

# Peak RSS in MiB of one run.
peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ {printf "%.1f", $2 / 1024}'; }

# "1.23x": a over b.
ratio() { /usr/bin/python3 -c "print('%.2fx' % ($1/$2))"; }

#!/usr/bin/env python3
"""Cache-like traffic against a Redis server, for the live charts (demo, screenshots).

    traffic.py PORT [SECONDS]

Every 20 ms: a pipeline of GETs over "shop:1:product:N" where some keys exist (hits) and
some do not (misses, then the "view" SETs them with a short TTL, like Django's
cache.get_or_set), so the hit ratio climbs, dips when a batch of keys is dropped, and
expiries and (under maxmemory) evictions show up. Plain sockets: no client library needed.
"""
import math
import random
import socket
import sys
import time


def command(*args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    return out


def main():
    port = int(sys.argv[1])
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3600.0
    sock = socket.create_connection(("127.0.0.1", port))
    sock.settimeout(5)
    rng = random.Random(7)
    start = time.time()
    tick = 0
    while time.time() - start < seconds:
        tick += 1
        t = time.time() - start
        # The working set drifts, so the ratio moves between ~60% and ~95%.
        span = int(3000 + 2500 * math.sin(t / 20.0))
        batch = b""
        n = 0
        for _ in range(25):
            key = "shop:1:product:%d" % rng.randrange(span)
            batch += command("GET", key)
            n += 1
            if rng.random() < 0.35:
                batch += command("SET", key, "x" * rng.randrange(200, 2000), "EX", rng.randrange(2, 30))
                n += 1
        if tick % 250 == 0:   # every ~5 s a new catalogue page invalidates a slice of keys
            first = rng.randrange(span)
            batch += command("UNLINK", *["shop:1:product:%d" % i for i in range(first, first + 1400, 7)])
            n += 1
        sock.sendall(batch)
        # Read n replies (each reply ends with CRLF; bulk replies have a header line too).
        buf = b""
        replies = 0
        while replies < n:
            chunk = sock.recv(65536)
            if not chunk:
                return
            buf += chunk
            while True:
                if buf.startswith(b"$"):
                    head, sep, rest = buf.partition(b"\r\n")
                    if not sep:
                        break
                    length = int(head[1:])
                    if length < 0:
                        buf = rest
                    elif len(rest) >= length + 2:
                        buf = rest[length + 2:]
                    else:
                        break
                else:
                    line, sep, rest = buf.partition(b"\r\n")
                    if not sep:
                        break
                    buf = rest
                replies += 1
                if replies >= n or not buf:
                    break
        time.sleep(0.02)


if __name__ == "__main__":
    main()

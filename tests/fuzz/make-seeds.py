#!/usr/bin/python3
"""Writes the hand-made seed inputs of the resp, metadump, connspec, djangokey and glob
fuzz targets into tests/fuzz/corpus/<target>/seed-*. Findings (finding-*) live beside
them and are never rewritten here. The input layouts are described in each fuzz_*.cpp."""
import os

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def write(target, name, data):
    d = os.path.join(root, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def bulk(b):
    return b"$%d\r\n%s\r\n" % (len(b), b)


def arr(*items):
    return b"*%d\r\n" % len(items) + b"".join(items)


# resp: byte 0 = chunk size - 1, then the stream.
resp = {
    "status": b"+OK\r\n",
    "error": b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
    "integer": b":1000\r\n:-1\r\n",
    "bulk": bulk(b"hello"),
    "nil": b"$-1\r\n*-1\r\n",
    "empty": b"$0\r\n\r\n*0\r\n",
    "scan": arr(bulk(b"17"), arr(bulk(b"app:1:a"), bulk(b"app:1:b\x00\xff"), bulk(b""))),
    "scan-done": arr(bulk(b"0"), arr()),
    "scan-bad": arr(bulk(b"0"), arr(b":5\r\n", bulk(b"k"))),
    "nested": arr(arr(arr(b":1\r\n", b"$-1\r\n"), bulk(b"x")), b"+QUEUED\r\n"),
    "pipeline": b"+OK\r\n" + bulk(b"v") + b":3\r\n" + arr(bulk(b"a"), b"$-1\r\n"),
    "info": bulk(b"# Server\r\nredis_version:7.0.15\r\nused_memory:1000\r\n"),
    "huge-count": b"*2000000000\r\n",
    "negative-count": b"*-5\r\n:1\r\n",
    "bad-type": b"!oops\r\n",
}
for i, (name, data) in enumerate(resp.items()):
    write("resp", name, bytes([i * 37 % 256]) + data)

# metadump: byte 0 picks serverNow, then lines.
write("metadump", "metadump", b"\x01key=app%3A1%3Astr exp=1795457534 la=1795456934 cas=6 fetch=yes cls=1 size=95\n"
      b"key=k exp=-1 la=10 cas=2 fetch=no cls=39 size=1000074\r\nkey=%ZZ%4 exp=x\nEND\r\n")
write("metadump", "cachedump", b"\x00ITEM app:1:str [13 b; 1795457534 s]\r\nITEM [x] [0 b; 0 s]\r\nEND\r\n")
write("metadump", "metaget", b"\x02HD t507 s13 l93 h1\r\nHD t-1 s0\r\nEN\r\nVA 5 t1\r\n")
write("metadump", "busy", b"\x03BUSY currently processing crawler request\r\nERROR\r\n")

# connspec: the URL as UTF-8.
urls = [
    "redis://127.0.0.1:6379/0", "redis://ops:s%40cret@cache.example:6380/3?timeout=0.5&readonly=true",
    "rediss://[::1]:6380/1?ca=/etc/ssl/ca.pem&verify=false&connect_timeout=2",
    "unix:///run/redis/redis.sock?db=2", "memcached://127.0.0.1:11211,[::1]:11212?timeout=1.5",
    "memcached://user:p%3Ass@mc1,mc2:11300", "sqlite:///srv/site/db.sqlite3?table=django_cache&tz=Europe/Paris",
    "postgresql://django:pw@127.0.0.1:5432/site?table=public.cache", "mysql://root@db/site?scan_count=500",
    "redis://h/0?db=1&db=2", "redis://:onlypassword@h", "redis://h:0", "memcached://a,a",
]
for i, u in enumerate(urls):
    write("connspec", "%02d" % i, u)

# djangokey: the key bytes.
keys = {
    "plain": b"app:1:user:42", "noprefix": b":1:x", "page": b"site:1:views.decorators.cache.cache_page.my.prefix.GET."
    + b"0" * 32 + b"." + b"a" * 32 + b".en-us.UTC",
    "header": b"site:1:views.decorators.cache.cache_header..d41d8cd98f00b204e9800998ecf8427e.fr",
    "fragment": b"app:2:template.cache.sidebar.d41d8cd98f00b204e9800998ecf8427e",
    "session": b":1:django.contrib.sessions.cachedabc123", "cached_db": b":1:django.contrib.sessions.cached_dbxyz",
    "notdjango": b"just-a-key", "badversion": b"a:x1:b", "negversion": b"a:-3:b", "binary": b"p\x00:7:\xff\xfe",
}
for name, k in keys.items():
    write("djangokey", name, k)

# glob: byte 0 bit 0 = nocase, byte 1 = pattern length, pattern, text.
globs = [
    (0, b"app:1:*", b"app:1:views"), (1, b"APP:[0-9]:*", b"app:3:x"), (0, b"h[^e]llo", b"hallo"),
    (0, b"a*b*c*d", b"aXbYcZd"), (0, b"[a-]", b"-"), (0, b"[\\]]x", b"]x"), (0, b"a\\", b"a\\"),
    (0, b"[ab", b"a"), (1, b"[Z-a]", b"_"), (0, b"*?*?*", b"ab"), (0, b"\\*[*]", b"**"),
    (0, b"a*a*a*a*a*b", b"a" * 60),
]
for i, (flags, p, t) in enumerate(globs):
    write("glob", "%02d" % i, bytes([flags, len(p)]) + p + t)

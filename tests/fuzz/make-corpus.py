#!/usr/bin/python3
"""Writes tests/fuzz/corpus/decoder/: real Django cache values (the kinds populate.py
writes) as fuzz_decoder inputs. Byte 0 of each file selects the decode context
(fuzz_decoder.cpp): 0 Redis, 1 raw, 2 DB-table base64, 3/4 memcached with flags in bits 3-8.
Run with Debian's /usr/bin/python3 (python3-django)."""
import base64, datetime, decimal, os, pickle, sys, zlib

import django
from django.conf import settings

settings.configure(DEFAULT_CHARSET="utf-8", USE_TZ=True, TIME_ZONE="UTC")
django.setup()
from django.http import HttpResponse, JsonResponse  # noqa: E402

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "decoder")
os.makedirs(out, exist_ok=True)

values = {
    "str": "hello world", "unicode": "café-ключ-日本", "bytes": b"\x00\x01binary",
    "int": 42, "negint": -17, "bigint": 2 ** 70, "float": 3.14159, "bool": True, "none": None,
    "dict": {"a": 1, "b": [1, 2, 3], "c": {"nested": "x"}}, "list": [1, "two", 3.0, None],
    "tuple": (1, 2, "three"), "set": {1, 2, 3}, "naive_dt": datetime.datetime(2024, 1, 2, 3, 4, 5),
    "aware_dt": datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
    "date": datetime.date(2024, 2, 29), "decimal": decimal.Decimal("12.3400"),
    "mediumstr": "x" * 300,
}
responses = {
    "httpresponse": HttpResponse(b"<p>hello</p>", headers={"Vary": "Cookie"}),
    "jsonresponse": JsonResponse({"ok": True, "items": [1, 2]}),
}


def write(name, selector, payload):
    with open(os.path.join(out, name), "wb") as f:
        f.write(bytes([selector]) + payload)


def memcached_selector(flags, pylibmc=False):
    # selector % 5 == 3 (pymemcache) or 4 (pylibmc); flags = (selector >> 3) & 0x3f
    for s in range(256):
        if (s >> 3) & 0x3F == flags and s % 5 == (4 if pylibmc else 3):
            return s
    raise ValueError(flags)


for name, value in {**values, **responses}.items():
    p4 = pickle.dumps(value, protocol=4)
    p5 = pickle.dumps(value, protocol=5)
    write(f"redis-{name}", 0, str(value).encode() if isinstance(value, int) and not isinstance(value, bool) else p4)
    write(f"dbtable-{name}", 2, base64.b64encode(p5))
    if name in ("dict", "mediumstr", "httpresponse", "list"):
        write(f"redis-zlib-{name}", 0, zlib.compress(p4))
        write(f"mc-zlib-{name}", memcached_selector(1 | 8), zlib.compress(p5))
    if isinstance(value, str):
        write(f"mc-{name}", memcached_selector(16), value.encode())
    elif isinstance(value, bytes):
        write(f"mc-{name}", memcached_selector(0), value)
    elif isinstance(value, int) and not isinstance(value, bool):
        write(f"mc-{name}", memcached_selector(2), str(value).encode())
    else:
        write(f"mc-{name}", memcached_selector(1), p5)
write("raw-p0-dict", 1, pickle.dumps(values["dict"], protocol=0))
write("raw-p2-list", 1, pickle.dumps(values["list"], protocol=2))
write("pylibmc-bool", memcached_selector(16, pylibmc=True), b"1")
write("redis-json", 0, b'{"a": [1, 2.5, "x", null, true]}')
print(len(os.listdir(out)), "files in", out, file=sys.stderr)

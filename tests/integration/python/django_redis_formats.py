# Writes values through django-redis itself with every compressor and serializer an operator
# may meet, then prints one JSON line per key: the raw key (hex), what Django's cache.get()
# returns (repr and type), and how it was written. Usage: python3 django_redis_formats.py PORT
#
# django-redis 5.2 (Debian 12) ships zlib, lzma and lz4 compressors; its zstd compressor
# needs pyzstd (not packaged), and gzip arrived in 5.3. The two classes below are those
# compressors' code on Debian's python3-zstandard and the standard gzip module, plugged in
# through the same OPTIONS COMPRESSOR setting.
import gzip
import json
import sys
from datetime import datetime, timezone
from decimal import Decimal

import django
import zstandard
from django.conf import settings
from django_redis.compressors.base import BaseCompressor
from django_redis.exceptions import CompressorError


class ZstdCompressor(BaseCompressor):
    min_length = 15

    def compress(self, value):
        return zstandard.ZstdCompressor().compress(value) if len(value) > self.min_length else value

    def decompress(self, value):
        try:
            return zstandard.ZstdDecompressor().decompress(value)
        except zstandard.ZstdError as e:  # short values are stored uncompressed
            raise CompressorError(e)


class GzipCompressor(BaseCompressor):
    min_length = 15

    def compress(self, value):
        return gzip.compress(value) if len(value) > self.min_length else value

    def decompress(self, value):
        try:
            return gzip.decompress(value)
        except OSError as e:
            raise CompressorError(e)


PORT = int(sys.argv[1])
COMPRESSORS = {
    "zlib": "django_redis.compressors.zlib.ZlibCompressor",
    "lzma": "django_redis.compressors.lzma.LzmaCompressor",
    "lz4": "django_redis.compressors.lz4.Lz4Compressor",
    "zstd": "__main__.ZstdCompressor",
    "gzip": "__main__.GzipCompressor",
}
SERIALIZERS = {
    "pickle": "django_redis.serializers.pickle.PickleSerializer",
    "json": "django_redis.serializers.json.JSONSerializer",
    "msgpack": "django_redis.serializers.msgpack.MSGPackSerializer",
}


def alias(compressor, serializer):
    return "%s_%s" % (compressor or "plain", serializer)


caches = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
combos = [(c, "pickle") for c in COMPRESSORS] + [(None, "json"), (None, "msgpack"), ("zstd", "json"),
                                                 ("lz4", "msgpack"), ("gzip", "msgpack")]
for compressor, serializer in combos:
    options = {"CLIENT_CLASS": "django_redis.client.DefaultClient", "SERIALIZER": SERIALIZERS[serializer]}
    if compressor:
        options["COMPRESSOR"] = COMPRESSORS[compressor]
    caches[alias(compressor, serializer)] = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:%d/0" % PORT,
        "KEY_PREFIX": alias(compressor, serializer),
        "VERSION": 2,
        "TIMEOUT": 3600,
        "OPTIONS": options,
    }
settings.configure(CACHES=caches, USE_TZ=True, TIME_ZONE="UTC")
django.setup()
from django.core.cache import caches as django_caches  # noqa: E402

VALUES = {
    "dict": {"name": "Ada Lovelace", "langs": ["en", "fr"], "n": 1, "ratio": 0.5, "ok": True, "none": None},
    "text": "cache me " * 200,
    "unicode": "ключ café 日本 " * 5,
    "list": list(range(100)),
    "nested": {"rows": [{"id": i, "tags": ["a", "b"]} for i in range(20)]},
    "int": 123456,
    "short": "tiny",
}
PICKLE_ONLY = {
    "datetime": datetime(2024, 2, 29, 13, 37, 42, 123456, tzinfo=timezone.utc),
    "decimal": Decimal("1234.5600"),
    "set": {1, 2, 3},
    "tuple": (1, "two", 3.0),
}
MSGPACK_ONLY = {"tuple": (1, "two", 3.0), "bytes": b"\x00\x01binary" * 4}

for compressor, serializer in combos:
    name = alias(compressor, serializer)
    cache = django_caches[name]
    values = dict(VALUES)
    if serializer == "pickle":
        values.update(PICKLE_ONLY)
    if serializer == "msgpack":
        values.update(MSGPACK_ONLY)
    for key, value in values.items():
        cache.set(key, value)
        raw_key = cache.make_key(key)
        raw = cache.client.get_client().get(raw_key)
        back = cache.get(key)
        print(json.dumps({
            "alias": name, "compressor": compressor or "none", "serializer": serializer,
            "raw_key_hex": raw_key.encode().hex(), "head_hex": raw[:8].hex(),
            "repr": repr(back), "type": type(back).__module__ + "." + type(back).__qualname__,
        }))

# CACHES for tst_djangoimport: one alias per LOCATION form and backend Django accepts.
# Read twice by the test: as the CACHES of a real settings module (run by Django) and
# pasted into parsePythonSettings (never run). Python literals only.
{
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": ["redis://:s3cret@127.0.0.1:6390/2", "redis://127.0.0.1:6391/2"],
        "KEY_PREFIX": "shop",
        "VERSION": 4,
    },
    "sessions": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "unix:///run/redis/redis.sock?db=3",
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SERIALIZER": "django_redis.serializers.json.JSONSerializer",
            "COMPRESSOR": "django_redis.compressors.lz4.Lz4Compressor",
        },
    },
    "socket": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "unix:/tmp/r.sock"},
    "tls": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "rediss://ops@cache.example:6380/1?ssl_cert_reqs=none&health_check_interval=5",
        "OPTIONS": {"PASSWORD": "tlspw", "SERIALIZER": "django_redis.serializers.msgpack.MSGPackSerializer"},
    },
    "replicated": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://:mpw@MyMaster/1",
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.SentinelClient",
            "SENTINELS": [("10.0.0.7", 26379), ("10.0.0.8", 26380)],
            "SENTINEL_KWARGS": {"password": "s&pw", "username": "sen"},
        },
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
        "LOCATION": "10.0.0.1:11211;10.0.0.2:11212",
        "KEY_PREFIX": "pg",
    },
    "fragments": {
        "BACKEND": "django.core.cache.backends.memcached.PyLibMCCache",
        "LOCATION": ["127.0.0.1:11311", "[::1]:11312"],
    },
    "mcsock": {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache", "LOCATION": "unix:/tmp/mc.sock"},
    "table": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "site_cache", "VERSION": 2},
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "nothing": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    "files": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": "/var/tmp/c"},
}

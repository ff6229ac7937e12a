#pragma once
// Django's CACHES setting -> CacheScope connections, one per alias, without a widget.
// The input is what DjangoSettingsReader prints (or parsePythonSettings() reads from a
// pasted text): {"CACHES": {...}, "DATABASES": {...}, "USE_TZ": bool, "TIME_ZONE": "..."}.
//
// Backends understood:
//   django.core.cache.backends.redis.RedisCache, django_redis.cache.RedisCache
//       LOCATION: a URL, a list of URLs, or "url1,url2" / "url1;url2" (the first is the
//       primary; the others are replicas and only noted). redis://, rediss://, unix:///path,
//       unix:/path, a bare /path.sock or host:port. Query options db, password, username,
//       ssl_cert_reqs, ssl_ca_certs; OPTIONS db / PASSWORD / USERNAME, django-redis
//       SERIALIZER and COMPRESSOR. django-redis SentinelClient: LOCATION redis://SERVICE[/db]
//       plus OPTIONS SENTINELS [(host, port), ...] -> redis+sentinel://h:p,.../SERVICE/db;
//       OPTIONS SENTINEL_KWARGS password / username -> sentinel_password / sentinel_username.
//   django.core.cache.backends.memcached.PyMemcacheCache / PyLibMCCache (and the old
//       MemcachedCache): "host:port", "h1:p1;h2:p2", "h1:p1,h2:p2", a list -> one pool.
//   django.core.cache.backends.db.DatabaseCache: LOCATION is the table; the database is
//       DATABASES["default"] (what Django's router gives without custom routers) -> sqlite:///…,
//       postgresql://…, mysql://…; USE_TZ / TIME_ZONE say how naive `expires` values read.
// Skipped with a reason: locmem, dummy, filebased, memcached over a unix socket, django-redis
// sharded clients, anything unknown.

#include "codec/decodecontextfor.h"
#include "core/connectionspec.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace cachescope {

struct DjangoCacheImport
{
    QString alias;                 // "default", "sessions", …
    QString backend;               // the dotted path from BACKEND
    bool importable = false;       // false: skipReason says why
    QString skipReason;
    QString name;                  // suggested connection name, e.g. "mysite · default (Redis)"
    ConnectionSpec spec;           // password filled in memory when the settings had one
    QString keyPrefix;             // KEY_PREFIX ("" by default)
    int version = 1;               // VERSION
    ValueSerializer serializer = ValueSerializer::Pickle;        // django-redis SERIALIZER
    QString compressor;            // django-redis COMPRESSOR short name ("zlib", "lz4"…), or empty
    MemcachedFlavor memcachedClient = MemcachedFlavor::PyMemcache;
    QStringList notes;             // things the user should know (replicas ignored, options dropped…)
};

struct DjangoSettingsInfo
{
    QString projectName;    // used in connection names; may be empty
    QString baseDir;        // relative SQLite paths resolve against it (the manage.py folder)
};

// One entry per alias, "default" first, then by name (JSON objects keep no order). An error only when there is no
// CACHES dict at all; a bad alias becomes a skipped entry with its reason.
Expected<QList<DjangoCacheImport>> importDjangoCaches(const QJsonObject &settings,
                                                      const DjangoSettingsInfo &info = {});

} // namespace cachescope

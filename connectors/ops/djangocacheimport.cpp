#include "djangocacheimport.h"

#include "codec/valuedecoder.h"

#include <QDir>
#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace cachescope {

namespace {

enum class Family { Redis, DjangoRedis, Memcached, Database, Skip, Unknown };

Family familyOf(const QString &backend, QString *reason)
{
    if (backend == u"django.core.cache.backends.redis.RedisCache")
        return Family::Redis;
    if (backend == u"django_redis.cache.RedisCache")
        return Family::DjangoRedis;
    if (backend.startsWith(u"django.core.cache.backends.memcached."))
        return Family::Memcached;
    if (backend == u"django.core.cache.backends.db.DatabaseCache")
        return Family::Database;
    if (backend == u"django.core.cache.backends.locmem.LocMemCache") {
        *reason = QStringLiteral("local memory: every Django process keeps its own, out of reach of other programs");
        return Family::Skip;
    }
    if (backend == u"django.core.cache.backends.dummy.DummyCache") {
        *reason = QStringLiteral("dummy cache: it stores nothing");
        return Family::Skip;
    }
    if (backend == u"django.core.cache.backends.filebased.FileBasedCache") {
        *reason = QStringLiteral("file-based cache: CacheScope reads Redis, Memcached and database tables");
        return Family::Skip;
    }
    *reason = QStringLiteral("unknown backend '%1'").arg(backend);
    return Family::Unknown;
}

// LOCATION as a list of strings: a list, or one string split on ',' and ';' as Django's
// memcached and Redis backends split it.
QStringList locations(const QJsonValue &location)
{
    QStringList out;
    if (location.isArray()) {
        const QJsonArray items = location.toArray();
        for (const QJsonValue &v : items)
            out += v.toString().trimmed();
    } else if (location.isString()) {
        static const QRegularExpression sep(QStringLiteral("[;,]"));
        out = location.toString().split(sep, Qt::SkipEmptyParts);
        for (QString &s : out)
            s = s.trimmed();
    }
    out.removeAll(QString());
    return out;
}

// Case-insensitive look-up: Django's RedisCache takes lower-case OPTIONS, django-redis upper.
QJsonValue option(const QJsonObject &options, QStringView name)
{
    for (auto it = options.begin(); it != options.end(); ++it)
        if (it.key().compare(name, Qt::CaseInsensitive) == 0)
            return it.value();
    return {};
}

QString lastDottedPart(const QString &dotted)
{
    return dotted.section(u'.', -1);
}

// user:password@ of a django-redis LOCATION, decoded.
void takeCredentials(const QUrl &url, ConnectionSpec &spec)
{
    if (!url.userName().isEmpty())
        spec.username = url.userName(QUrl::FullyDecoded);
    if (!url.password().isEmpty())
        spec.password = url.password(QUrl::FullyDecoded);
}

bool applyRedisLocation(const QString &location, DjangoCacheImport &out)
{
    ConnectionSpec &spec = out.spec;
    QString text = location;
    if (text.startsWith(u'/'))
        text = QStringLiteral("unix://") + text;
    else if (text.startsWith(u"unix:/") && !text.startsWith(u"unix://"))
        text = QStringLiteral("unix://") + text.mid(5);
    else if (text.startsWith(u"redis+unix:"))
        text = QStringLiteral("unix:") + text.mid(11);
    else if (!text.contains(u"://"))
        text = QStringLiteral("redis://") + text;
    const QUrl url(text, QUrl::TolerantMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != u"redis" && scheme != u"rediss" && scheme != u"unix")) {
        out.skipReason = QStringLiteral("LOCATION '%1' is not a Redis URL").arg(location);
        return false;
    }
    spec.backend = BackendKind::Redis;
    QUrlQuery query(url);
    if (scheme == u"unix") {
        spec.transport = Transport::Unix;
        // unix://path (host "path") is how some write a relative socket; keep what they meant.
        spec.socketPath = url.host().isEmpty() ? url.path() : QStringLiteral("/") + url.host() + url.path();
        spec.host.clear();   // as ConnectionSpec::parse leaves a unix socket spec
    } else {
        spec.transport = scheme == u"rediss" ? Transport::Tls : Transport::Tcp;
        spec.host = url.host().isEmpty() ? QStringLiteral("127.0.0.1") : url.host();
        spec.port = quint16(url.port(spec.transport == Transport::Tls ? 6380 : 6379));
        const QString path = url.path().mid(1);
        if (!path.isEmpty())
            spec.db = path.toInt();
    }
    takeCredentials(url, spec);
    QStringList dropped;
    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &[name, value] : items) {
        if (name == u"db")
            spec.db = value.toInt();
        else if (name == u"password")
            spec.password = value;
        else if (name == u"username")
            spec.username = value;
        else if (name == u"ssl_cert_reqs")
            spec.verifyPeer = value.compare(u"none", Qt::CaseInsensitive) != 0;
        else if (name == u"ssl_ca_certs")
            spec.caFile = value;
        else
            dropped += name;
    }
    if (!dropped.isEmpty())
        out.notes += QStringLiteral("URL options not used by CacheScope: %1").arg(dropped.join(QStringLiteral(", ")));
    return true;
}

// django-redis SentinelClient: LOCATION "redis://[:pw@]SERVICE[/db]" names the master's
// service, OPTIONS SENTINELS lists (host, port) pairs.
bool applySentinelLocation(const QString &location, const QJsonObject &options, DjangoCacheImport &out)
{
    ConnectionSpec &spec = out.spec;
    const QString text = location.contains(u"://") ? location : QStringLiteral("redis://") + location;
    // By hand, not QUrl::host(): that lower-cases, and Sentinel service names are case-sensitive.
    const QString afterScheme = text.section(QStringLiteral("://"), 1);
    const qsizetype end = afterScheme.indexOf(QRegularExpression(QStringLiteral("[/?]")));
    const QString authority = end < 0 ? afterScheme : afterScheme.left(end);
    const QString service = authority.section(u'@', -1).section(u':', 0, 0);
    const QUrl url(text, QUrl::TolerantMode);
    if (service.isEmpty() || !url.isValid()) {
        out.skipReason = QStringLiteral("LOCATION '%1' does not name the Sentinel service "
                                        "(django-redis expects redis://mymaster/0)")
                             .arg(location);
        return false;
    }
    const QJsonArray list = option(options, u"SENTINELS").toArray();
    QList<ServerAddress> sentinels;
    for (const QJsonValue &entry : list) {
        const QJsonArray pair = entry.toArray();
        const QString host = pair.isEmpty() ? entry.toString() : pair.at(0).toString();
        const int port = pair.size() > 1 ? pair.at(1).toInt() : 26379;
        if (host.isEmpty() || port <= 0 || port > 0xffff) {
            out.skipReason = QStringLiteral("OPTIONS SENTINELS has an entry CacheScope cannot read; expected "
                                            "[(\"host\", 26379), ...]");
            return false;
        }
        sentinels.append(ServerAddress{host, quint16(port)});
    }
    if (sentinels.isEmpty()) {
        out.skipReason = QStringLiteral("SentinelClient without OPTIONS SENTINELS: which Sentinels to ask is "
                                        "unknown");
        return false;
    }
    spec.backend = BackendKind::Redis;
    spec.topology = RedisTopology::Sentinel;
    spec.sentinelService = service;
    spec.servers = sentinels;
    spec.host = sentinels.constFirst().host;
    spec.port = sentinels.constFirst().port;
    const QString path = url.path().mid(1);
    if (!path.isEmpty())
        spec.db = path.toInt();
    takeCredentials(url, spec);
    // The Sentinels' own login (redis-py's sentinel_kwargs), apart from the master's.
    const QJsonObject kwargs = option(options, u"SENTINEL_KWARGS").toObject();
    spec.sentinelPassword = option(kwargs, u"password").toString();
    spec.sentinelUsername = option(kwargs, u"username").toString();
    return true;
}

bool importRedis(const QJsonObject &alias, Family family, DjangoCacheImport &out)
{
    const QStringList where = locations(alias.value(u"LOCATION"));
    if (where.isEmpty()) {
        out.skipReason = QStringLiteral("no LOCATION");
        return false;
    }
    const QJsonObject options = alias.value(u"OPTIONS").toObject();
    const QString client = option(options, u"CLIENT_CLASS").toString();
    if (client.contains(u"Shard")) {
        out.skipReason = QStringLiteral("django-redis %1: sharded clients are not supported yet")
                             .arg(lastDottedPart(client));
        return false;
    }
    const bool sentinel = client.contains(u"Sentinel");
    if (sentinel ? !applySentinelLocation(where.first(), options, out) : !applyRedisLocation(where.first(), out))
        return false;
    if (where.size() > 1 && !sentinel)
        out.notes += QStringLiteral("connects to the primary %1; replicas not used: %2")
                         .arg(where.first(), where.mid(1).join(QStringLiteral(", ")));
    if (const QJsonValue db = option(options, u"db"); db.isDouble())
        out.spec.db = db.toInt();
    if (const QJsonValue pw = option(options, u"PASSWORD"); pw.isString() && !pw.toString().isEmpty())
        out.spec.password = pw.toString();
    if (const QJsonValue user = option(options, u"USERNAME"); user.isString())
        out.spec.username = user.toString();
    if (family == Family::DjangoRedis) {
        const QString serializer = option(options, u"SERIALIZER").toString();
        if (serializer.contains(u"json", Qt::CaseInsensitive))
            out.serializer = ValueSerializer::Json;
        else if (serializer.contains(u"msgpack", Qt::CaseInsensitive))
            out.serializer = ValueSerializer::Msgpack;
        else if (!serializer.isEmpty() && !serializer.contains(u"pickle", Qt::CaseInsensitive))
            out.notes += QStringLiteral("serializer %1 is unknown to CacheScope: values show as pickle/raw")
                             .arg(serializer);
        const QString compressor = option(options, u"COMPRESSOR").toString();
        if (!compressor.isEmpty() && !compressor.endsWith(u"IdentityCompressor")) {
            // "django_redis.compressors.zlib.ZlibCompressor" -> "zlib"
            const QStringList parts = compressor.split(u'.');
            out.compressor = parts.size() >= 2 ? parts.at(parts.size() - 2) : compressor;
            out.notes += QStringLiteral("values compressed with %1 (recognised by their header)").arg(out.compressor);
        }
    }
    return true;
}

bool importMemcached(const QJsonObject &alias, const QString &backend, DjangoCacheImport &out)
{
    const QStringList where = locations(alias.value(u"LOCATION"));
    if (where.isEmpty()) {
        out.skipReason = QStringLiteral("no LOCATION");
        return false;
    }
    out.spec.backend = BackendKind::Memcached;
    out.memcachedClient = backend.endsWith(u"PyLibMCCache") ? MemcachedFlavor::PyLibMc : MemcachedFlavor::PyMemcache;
    if (backend.endsWith(u".MemcachedCache"))
        out.notes += QStringLiteral("python-memcached (MemcachedCache, removed in Django 4.1): flags read as pymemcache's");
    out.spec.servers.clear();
    for (const QString &server : where) {
        if (server.startsWith(u"unix:") || server.startsWith(u'/')) {
            out.skipReason = QStringLiteral("memcached on a unix socket (%1): CacheScope reaches memcached over TCP only")
                                 .arg(server);
            return false;
        }
        const int colon = server.lastIndexOf(u':');
        ServerAddress address;
        address.host = colon > 0 ? server.left(colon) : server;
        if (address.host.startsWith(u'[') && address.host.endsWith(u']'))
            address.host = address.host.mid(1, address.host.size() - 2);
        bool ok = true;
        address.port = colon > 0 ? server.mid(colon + 1).toUShort(&ok) : 11211;
        if (!ok || address.host.isEmpty()) {
            out.skipReason = QStringLiteral("LOCATION '%1' is not host:port").arg(server);
            return false;
        }
        out.spec.servers += address;
    }
    out.spec.host = out.spec.servers.first().host;
    out.spec.port = out.spec.servers.first().port;
    return true;
}

bool importDatabase(const QJsonObject &alias, const QJsonObject &settings, const DjangoSettingsInfo &info,
                    DjangoCacheImport &out)
{
    const QString table = alias.value(u"LOCATION").toString();
    if (!ConnectionSpec::isValidTableName(table)) {
        out.skipReason = QStringLiteral("LOCATION '%1' is not a table name CacheScope accepts").arg(table);
        return false;
    }
    const QJsonObject db = settings.value(u"DATABASES").toObject().value(u"default").toObject();
    if (db.isEmpty()) {
        out.skipReason = QStringLiteral("DatabaseCache, but no DATABASES['default'] in the settings");
        return false;
    }
    ConnectionSpec &spec = out.spec;
    spec.backend = BackendKind::DbCache;
    spec.table = table;
    const QString engine = db.value(u"ENGINE").toString();
    const QString name = db.value(u"NAME").toString();
    if (engine.endsWith(u"sqlite3")) {
        spec.sqlDriver = SqlDriver::Sqlite;
        spec.database = QDir::isAbsolutePath(name) || info.baseDir.isEmpty()
                            ? name
                            : QDir::cleanPath(QDir(info.baseDir).absoluteFilePath(name));
        spec.host.clear();
        spec.port = 0;
    } else if (engine.contains(u"postgresql") || engine.contains(u"postgis") || engine.endsWith(u"mysql")) {
        const bool postgres = !engine.endsWith(u"mysql");
        spec.sqlDriver = postgres ? SqlDriver::Postgres : SqlDriver::Mysql;
        spec.database = name;
        spec.host = db.value(u"HOST").toString();
        if (spec.host.isEmpty())
            spec.host = QStringLiteral("127.0.0.1");
        const QJsonValue port = db.value(u"PORT");
        const int p = port.isString() ? port.toString().toInt() : port.toInt();
        spec.port = quint16(p > 0 ? p : postgres ? 5432 : 3306);
        spec.username = db.value(u"USER").toString();
        spec.password = db.value(u"PASSWORD").toString();
    } else {
        out.skipReason = QStringLiteral("DatabaseCache on %1: CacheScope reads SQLite, PostgreSQL and MySQL")
                             .arg(engine.isEmpty() ? QStringLiteral("an unknown database") : engine);
        return false;
    }
    // Django writes `expires` in UTC with USE_TZ = True, else as wall-clock time in
    // TIME_ZONE (Django's own default for an unset TIME_ZONE is America/Chicago).
    const bool useTz = settings.value(u"USE_TZ").toBool(true);
    spec.timeZone = useTz ? QStringLiteral("UTC")
                          : settings.value(u"TIME_ZONE").toString(QStringLiteral("America/Chicago"));
    if (!settings.contains(u"USE_TZ"))
        out.notes += QStringLiteral("USE_TZ not given: expiry times read as UTC (USE_TZ = True)");
    return true;
}

QString kindName(BackendKind kind)
{
    switch (kind) {
    case BackendKind::Redis: return QStringLiteral("Redis");
    case BackendKind::Memcached: return QStringLiteral("Memcached");
    case BackendKind::DbCache: return QStringLiteral("database table");
    }
    return {};
}

} // namespace

Expected<QList<DjangoCacheImport>> importDjangoCaches(const QJsonObject &settings, const DjangoSettingsInfo &info)
{
    const QJsonValue cachesValue = settings.value(u"CACHES");
    if (!cachesValue.isObject())
        return Error::make(ErrorKind::Usage, QStringLiteral("no CACHES dict found in the settings"));
    const QJsonObject caches = cachesValue.toObject();
    QStringList aliases = caches.keys();
    if (aliases.removeOne(QStringLiteral("default")))
        aliases.prepend(QStringLiteral("default"));

    QList<DjangoCacheImport> out;
    for (const QString &aliasName : std::as_const(aliases)) {
        const QJsonObject alias = caches.value(aliasName).toObject();
        DjangoCacheImport entry;
        entry.alias = aliasName;
        entry.backend = alias.value(u"BACKEND").toString();
        entry.keyPrefix = alias.value(u"KEY_PREFIX").toString();
        const QJsonValue version = alias.value(u"VERSION");
        entry.version = version.isDouble() ? version.toInt(1) : version.toString(QStringLiteral("1")).toInt();
        if (alias.contains(u"KEY_FUNCTION"))
            entry.notes += QStringLiteral("custom KEY_FUNCTION: keys may not follow PREFIX:VERSION:key");
        QString reason;
        const Family family = familyOf(entry.backend, &reason);
        switch (family) {
        case Family::Redis:
        case Family::DjangoRedis: entry.importable = importRedis(alias, family, entry); break;
        case Family::Memcached: entry.importable = importMemcached(alias, entry.backend, entry); break;
        case Family::Database: entry.importable = importDatabase(alias, settings, info, entry); break;
        case Family::Skip:
        case Family::Unknown: entry.skipReason = reason; break;
        }
        if (entry.importable) {
            const QString site = info.projectName.isEmpty() ? QString() : info.projectName + QStringLiteral(" · ");
            entry.name = QStringLiteral("%1%2 (%3)").arg(site, aliasName, kindName(entry.spec.backend));
        }
        out.append(entry);
    }
    return out;
}

} // namespace cachescope

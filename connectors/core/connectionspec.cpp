#include "connectionspec.h"

#include "hostlisturl.h"

#include <QDir>
#include <QRegularExpression>
#include <QTimeZone>
#include <QUrl>
#include <QUrlQuery>

#include <optional>

namespace cachescope {

namespace {

constexpr quint16 MemcachedPort = 11211;
constexpr quint16 RedisPort = 6379;
constexpr quint16 SentinelPort = 26379;
constexpr quint16 PostgresPort = 5432;
constexpr quint16 MysqlPort = 3306;

// Never echo a password back: mask whatever sits between "user:" and "@", and the value
// of sentinel_password.
QString maskedUrl(const QString &url)
{
    static const QRegularExpression userInfo(QStringLiteral("^([A-Za-z0-9+.-]*://[^/?#@:]*:)[^/?#@]*@"));
    static const QRegularExpression sentinelPassword(QStringLiteral("([?&]sentinel_password=)[^&#]*"));
    QString shown = url;
    shown.replace(userInfo, QStringLiteral("\\1***@"));
    shown.replace(sentinelPassword, QStringLiteral("\\1***"));
    return shown;
}

Error urlError(const QString &url, const QString &what)
{
    return Error::make(ErrorKind::Usage, QStringLiteral("%1: %2").arg(maskedUrl(url), what));
}

bool parseBool(const QString &v, bool *ok)
{
    const QString s = v.toLower();
    *ok = true;
    if (s == u"1" || s == u"true" || s == u"yes" || s == u"on" || s == u"required")
        return true;
    if (s == u"0" || s == u"false" || s == u"no" || s == u"off" || s == u"none")
        return false;
    *ok = false;
    return false;
}

// Seconds (possibly fractional) to milliseconds, within 1 ms .. 1 h.
bool parseSeconds(const QString &v, int *ms)
{
    bool ok = false;
    const double s = v.toDouble(&ok);
    if (!ok || s <= 0 || s > 3600)
        return false;
    *ms = qMax(1, int(s * 1000));
    return true;
}

bool parseDb(const QString &v, int *db)
{
    bool ok = false;
    const int n = v.toInt(&ok);
    if (!ok || n < 0 || n > 100000)
        return false;
    *db = n;
    return true;
}

// A code point no URL can carry: an unpaired surrogate, or a Unicode noncharacter (U+FFFE,
// U+FDD0...). QUrl turns them into U+FFFD when it decodes, so a URL holding one would name a
// different file or password after a save and reload (found by fuzz_connspec).
std::optional<char32_t> firstUnusableCodePoint(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            const char32_t ucs4 = QChar::surrogateToUcs4(c, text[i + 1]);
            ++i;
            if (QChar::isNonCharacter(ucs4))
                return ucs4;
            continue;
        }
        if (c.isSurrogate() || c.isNonCharacter())
            return c.unicode();
    }
    return std::nullopt;
}

QString schemeOf(const QString &url)
{
    return url.left(url.indexOf(QStringLiteral("://"))).toLower();
}

// The query options, checked against what this kind of URL understands.
std::optional<Error> applyOptions(const QString &url, const QUrlQuery &query, ConnectionSpec &spec)
{
    const bool redis = spec.backend == BackendKind::Redis;
    const bool sql = spec.backend == BackendKind::DbCache;
    QString known = QStringLiteral("connect_timeout, timeout, scan_count, readonly");
    if (redis)
        known = QStringLiteral("db, ") + known + QStringLiteral(", ca, verify");
    if (sql)
        known += QStringLiteral(", table, tz");
    const bool sentinel = redis && spec.topology == RedisTopology::Sentinel;
    if (sentinel)
        known += QStringLiteral(", sentinel_password, sentinel_username");

    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &[name, value] : items) {
        bool ok = true;
        if (redis && name == u"db") {
            ok = parseDb(value, &spec.db);
        } else if (name == u"connect_timeout") {
            ok = parseSeconds(value, &spec.connectTimeoutMs);
        } else if (name == u"timeout" || name == u"socket_timeout") {
            ok = parseSeconds(value, &spec.commandTimeoutMs);
        } else if (name == u"scan_count") {
            spec.scanCount = value.toInt(&ok);
            ok = ok && spec.scanCount >= 1 && spec.scanCount <= 1000000;
        } else if (name == u"readonly" || name == u"read_only") {
            spec.readOnly = parseBool(value, &ok);
        } else if (redis && (name == u"ca" || name == u"ssl_ca_certs")) {
            spec.caFile = value;
            ok = !value.isEmpty();
        } else if (redis && (name == u"verify" || name == u"verify_peer" || name == u"ssl_cert_reqs")) {
            spec.verifyPeer = parseBool(value, &ok);
        } else if (name == u"sentinel_password" || name == u"sentinel_username") {
            if (!sentinel)
                return urlError(url,
                                QStringLiteral("the option '%1' is the Sentinels' own login and needs a "
                                               "redis+sentinel:// URL; the server's user and password go "
                                               "before the host: user:password@host")
                                    .arg(name));
            (name == u"sentinel_password" ? spec.sentinelPassword : spec.sentinelUsername) = value;
            ok = !value.isEmpty();
        } else if (sql && name == u"table") {
            if (!ConnectionSpec::isValidTableName(value))
                return urlError(url,
                                QStringLiteral("'%1' is not a table name CacheScope accepts: use letters, "
                                               "digits and _ (not starting with a digit), optionally "
                                               "as schema.table")
                                    .arg(value));
            spec.table = value;
        } else if (sql && (name == u"tz" || name == u"time_zone" || name == u"timezone")) {
            if (!QTimeZone(value.toUtf8()).isValid())
                return urlError(url,
                                QStringLiteral("unknown time zone '%1' for option '%2' (use an IANA name "
                                               "such as UTC or Europe/Paris, as in Django's TIME_ZONE)")
                                    .arg(value, name));
            spec.timeZone = value;
        } else {
            return urlError(url, QStringLiteral("unknown option '%1' (known: %2)").arg(name, known));
        }
        if (!ok)
            return urlError(url, QStringLiteral("bad value '%1' for option '%2'").arg(value, name));
    }
    return std::nullopt;
}

Expected<ConnectionSpec> parseRedis(const QString &trimmed)
{
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid())
        return urlError(trimmed, QStringLiteral("not a valid URL (%1)").arg(url.errorString()));

    ConnectionSpec spec;
    const QString scheme = url.scheme().toLower();
    if (scheme == u"redis")
        spec.transport = Transport::Tcp;
    else if (scheme == u"rediss")
        spec.transport = Transport::Tls;
    else
        spec.transport = Transport::Unix;

    spec.username = url.userName(QUrl::FullyDecoded);
    spec.password = url.password(QUrl::FullyDecoded);
    spec.port = spec.transport == Transport::Tls ? 6380 : 6379;

    if (spec.transport == Transport::Unix) {
        if (!url.host().isEmpty())
            return urlError(
                trimmed, QStringLiteral("a unix socket URL has no host: write unix:///path/to/redis.sock"));
        spec.socketPath = url.path(QUrl::FullyDecoded);
        if (spec.socketPath.isEmpty() || spec.socketPath == u"/")
            return urlError(trimmed,
                            QStringLiteral("missing socket path, e.g. unix:///run/redis/redis.sock?db=0"));
        spec.host.clear();
    } else {
        if (url.host().isEmpty())
            return urlError(trimmed, QStringLiteral("missing host, e.g. redis://127.0.0.1:6379/0"));
        spec.host = url.host(QUrl::FullyDecoded);
        if (url.port() == 0)
            return urlError(trimmed, QStringLiteral("port 0 is not a usable port"));
        if (url.port() > 0)
            spec.port = quint16(url.port());
        QString path = url.path(QUrl::FullyDecoded);
        if (path.startsWith(u'/'))
            path.remove(0, 1);
        if (!path.isEmpty() && !parseDb(path, &spec.db))
            return urlError(
                trimmed, QStringLiteral("the path must be a database number, e.g. /0, not '%1'").arg(path));
    }

    if (auto error = applyOptions(trimmed, QUrlQuery(url), spec))
        return *error;
    if (spec.transport != Transport::Tls && (!spec.caFile.isEmpty() || !spec.verifyPeer))
        return urlError(trimmed, QStringLiteral("the ca and verify options need a rediss:// (TLS) URL"));
    return spec;
}

Expected<ConnectionSpec> parseMemcached(const QString &trimmed)
{
    const Expected<HostListUrl> parts = splitHostListUrl(trimmed, MemcachedPort);
    if (!parts)
        return urlError(trimmed, parts.error().message);
    if (!parts->path.isEmpty())
        return urlError(trimmed, QStringLiteral("a memcached URL has no path or database number: write "
                                                "memcached://host:port[,host:port...]"));
    if (parts->username.isEmpty() && !parts->password.isEmpty())
        return urlError(trimmed, QStringLiteral("SASL needs a user name with the password: "
                                                "memcached://user:password@host:port"));
    ConnectionSpec spec;
    spec.backend = BackendKind::Memcached;
    spec.username = parts->username;
    spec.password = parts->password;
    spec.servers = parts->servers;
    spec.host = spec.servers.constFirst().host;
    spec.port = spec.servers.constFirst().port;
    if (auto error = applyOptions(trimmed, QUrlQuery(parts->query), spec))
        return *error;
    return spec;
}

// redis+cluster:// and redis+sentinel://: a list of servers to ask, not the server itself.
Expected<ConnectionSpec> parseRedisTopology(const QString &trimmed, RedisTopology topology)
{
    const bool cluster = topology == RedisTopology::Cluster;
    const Expected<HostListUrl> parts = splitHostListUrl(trimmed, cluster ? RedisPort : SentinelPort);
    if (!parts)
        return urlError(trimmed, parts.error().message);
    ConnectionSpec spec;
    spec.topology = topology;
    spec.username = parts->username;
    spec.password = parts->password;
    spec.servers = parts->servers;
    spec.host = spec.servers.constFirst().host;
    spec.port = spec.servers.constFirst().port;
    if (cluster) {
        if (!parts->path.isEmpty() && parts->path != u"0")
            return urlError(trimmed, QStringLiteral("a Redis Cluster has only database 0: write "
                                                    "redis+cluster://host:port[,host:port...]"));
    } else {
        const QStringList path = parts->path.split(u'/');
        spec.sentinelService = path.constFirst();
        if (spec.sentinelService.isEmpty() || path.size() > 2)
            return urlError(trimmed, QStringLiteral("name the service the Sentinels watch: "
                                                    "redis+sentinel://host:26379[,host:port...]/mymaster[/db]"));
        if (path.size() == 2 && !parseDb(path.constLast(), &spec.db))
            return urlError(trimmed, QStringLiteral("'%1' is not a database number").arg(path.constLast()));
    }
    const QUrlQuery query(parts->query);
    if (query.hasQueryItem(QStringLiteral("db")))
        return urlError(trimmed, cluster ? QStringLiteral("a Redis Cluster has only database 0")
                                         : QStringLiteral("write the database after the service name, "
                                                          "e.g. /mymaster/2"));
    if (auto error = applyOptions(trimmed, query, spec))
        return *error;
    if (!spec.caFile.isEmpty() || !spec.verifyPeer)
        return urlError(trimmed, QStringLiteral("TLS is not supported for Cluster and Sentinel "
                                                "connections yet"));
    return spec;
}

Expected<ConnectionSpec> parseSql(const QString &trimmed, const QString &scheme)
{
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid())
        return urlError(trimmed, QStringLiteral("not a valid URL (%1)").arg(url.errorString()));
    ConnectionSpec spec;
    spec.backend = BackendKind::DbCache;
    if (scheme == u"sqlite") {
        spec.sqlDriver = SqlDriver::Sqlite;
        spec.host.clear();
        spec.port = 0;
        if (!url.host().isEmpty())
            return urlError(trimmed,
                            QStringLiteral("the SQLite file must be an absolute path, written after three "
                                           "slashes: sqlite:///path/to/db.sqlite3 ('%1' was read as a "
                                           "host name; relative paths are not accepted)")
                                .arg(url.host()));
        if (!url.userInfo().isEmpty() || url.port() >= 0)
            return urlError(trimmed, QStringLiteral("a sqlite URL has no user, password or port"));
        // Checked after cleaning: "sqlite://////" is the root folder too, not a file.
        const QString path = QDir::cleanPath(url.path(QUrl::FullyDecoded));
        if (path.isEmpty() || path == u"/")
            return urlError(trimmed,
                            QStringLiteral("missing database file, e.g. sqlite:///srv/site/db.sqlite3"));
        // sqlite:///C:/site/db.sqlite3 is a Windows drive path, not "/C:/…".
        static const QRegularExpression drive(QStringLiteral("^/[A-Za-z]:[/\\\\]"));
        spec.database = drive.match(path).hasMatch() ? path.mid(1) : path;
    } else {
        const bool postgres = scheme != u"mysql";
        spec.sqlDriver = postgres ? SqlDriver::Postgres : SqlDriver::Mysql;
        const QString example = postgres ? QStringLiteral("postgresql://user:password@127.0.0.1:5432/dbname")
                                         : QStringLiteral("mysql://user:password@127.0.0.1:3306/dbname");
        spec.username = url.userName(QUrl::FullyDecoded);
        spec.password = url.password(QUrl::FullyDecoded);
        if (url.host().isEmpty())
            return urlError(trimmed, QStringLiteral("missing host, e.g. %1").arg(example));
        spec.host = url.host(QUrl::FullyDecoded);
        if (url.port() == 0)
            return urlError(trimmed, QStringLiteral("port 0 is not a usable port"));
        spec.port = url.port() > 0 ? quint16(url.port()) : (postgres ? PostgresPort : MysqlPort);
        QString path = url.path(QUrl::FullyDecoded);
        if (path.startsWith(u'/'))
            path.remove(0, 1);
        if (path.isEmpty())
            return urlError(trimmed, QStringLiteral("missing database name, e.g. %1").arg(example));
        if (path.contains(u'/'))
            return urlError(trimmed,
                            QStringLiteral("'%1' is not a database name (no '/' allowed)").arg(path));
        spec.database = path;
    }
    if (auto error = applyOptions(trimmed, QUrlQuery(url), spec))
        return *error;
    return spec;
}

} // namespace

QString ServerAddress::toString() const
{
    const QString h = host.contains(u':') ? QStringLiteral("[%1]").arg(host) : host;
    return QStringLiteral("%1:%2").arg(h).arg(port);
}

bool ConnectionSpec::isValidTableName(const QString &name)
{
    static const QRegularExpression valid(
        QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$"));
    return name.size() <= 128 && valid.match(name).hasMatch();
}

Expected<ConnectionSpec> ConnectionSpec::parse(const QString &urlText)
{
    const QString trimmed = urlText.trimmed();
    if (trimmed.isEmpty())
        return Error::make(
            ErrorKind::Usage,
            QStringLiteral("The connection URL is empty; expected e.g. redis://127.0.0.1:6379/0"));
    if (!trimmed.contains(QStringLiteral("://")))
        return Error::make(ErrorKind::Usage,
                           QStringLiteral("'%1' has no scheme; write it as redis://host:port/db, "
                                          "rediss://host:port/db, unix:///path/to/redis.sock, "
                                          "memcached://host:port, sqlite:///path/db.sqlite3, "
                                          "postgresql://user@host/db or mysql://user@host/db")
                               .arg(maskedUrl(trimmed)));
    if (const auto bad = firstUnusableCodePoint(trimmed))
        return Error::make(ErrorKind::Usage,
                           QStringLiteral("The connection URL contains the character U+%1, which "
                                          "is not valid Unicode text; retype that part of the URL")
                               .arg(QString::number(quint32(*bad), 16).toUpper().rightJustified(4, u'0')));
    const QString scheme = schemeOf(trimmed);
    if (scheme == u"redis" || scheme == u"rediss" || scheme == u"unix" || scheme == u"redis+unix")
        return parseRedis(trimmed);
    if (scheme == u"redis+cluster")
        return parseRedisTopology(trimmed, RedisTopology::Cluster);
    if (scheme == u"redis+sentinel")
        return parseRedisTopology(trimmed, RedisTopology::Sentinel);
    if (scheme == u"memcached" || scheme == u"memcache")
        return parseMemcached(trimmed);
    if (scheme == u"sqlite" || scheme == u"postgresql" || scheme == u"postgres" || scheme == u"mysql")
        return parseSql(trimmed, scheme);
    return urlError(
        trimmed, QStringLiteral("unknown scheme '%1' (expected redis://, rediss://, unix://, redis+cluster://, "
                                "redis+sentinel://, memcached://, sqlite://, postgresql:// or mysql://)")
                     .arg(scheme));
}

QString ConnectionSpec::toUrl(bool withPassword) const
{
    QUrl url;
    QUrlQuery query;
    const ConnectionSpec defaults;
    if (backend == BackendKind::Redis) {
        switch (transport) {
        case Transport::Tcp:
            url.setScheme(QStringLiteral("redis"));
            break;
        case Transport::Tls:
            url.setScheme(QStringLiteral("rediss"));
            break;
        case Transport::Unix:
            url.setScheme(QStringLiteral("unix"));
            break;
        }
        if (transport == Transport::Unix) {
            url.setHost(QStringLiteral(""));   // an empty authority, so it prints as unix:///path
            url.setPath(socketPath);
            if (db != 0)
                query.addQueryItem(QStringLiteral("db"), QString::number(db));
        } else {
            url.setHost(host);
            url.setPort(port);
            url.setPath(QStringLiteral("/%1").arg(db));
        }
    } else if (backend == BackendKind::DbCache) {
        url.setScheme(sqlDriver == SqlDriver::Sqlite  ? QStringLiteral("sqlite")
                      : sqlDriver == SqlDriver::Mysql ? QStringLiteral("mysql")
                                                      : QStringLiteral("postgresql"));
        if (sqlDriver == SqlDriver::Sqlite) {
            url.setHost(QStringLiteral(""));
            url.setPath(database.startsWith(u'/') ? database : u'/' + database);   // C:/… on Windows
        } else {
            url.setHost(host);
            url.setPort(port);
            url.setPath(QStringLiteral("/") + database);
        }
        if (table != defaults.table)
            query.addQueryItem(QStringLiteral("table"), table);
        if (timeZone != defaults.timeZone)
            query.addQueryItem(QStringLiteral("tz"), timeZone);
    }
    if (!username.isEmpty())
        url.setUserName(username);
    if (withPassword && !password.isEmpty())
        url.setPassword(password);

    if (connectTimeoutMs != defaults.connectTimeoutMs)
        query.addQueryItem(QStringLiteral("connect_timeout"), QString::number(connectTimeoutMs / 1000.0));
    if (commandTimeoutMs != defaults.commandTimeoutMs)
        query.addQueryItem(QStringLiteral("timeout"), QString::number(commandTimeoutMs / 1000.0));
    if (scanCount != defaults.scanCount)
        query.addQueryItem(QStringLiteral("scan_count"), QString::number(scanCount));
    if (readOnly)
        query.addQueryItem(QStringLiteral("readonly"), QStringLiteral("true"));
    if (!caFile.isEmpty())
        query.addQueryItem(QStringLiteral("ca"), caFile);
    if (!verifyPeer)
        query.addQueryItem(QStringLiteral("verify"), QStringLiteral("false"));

    if (backend == BackendKind::Memcached || topology != RedisTopology::Standalone) {
        // QUrl has no notion of a host list, so these are written by hand.
        QString scheme = QStringLiteral("memcached");
        QString path;
        if (topology == RedisTopology::Cluster) {
            scheme = QStringLiteral("redis+cluster");
        } else if (topology == RedisTopology::Sentinel) {
            scheme = QStringLiteral("redis+sentinel");
            path = db != 0 ? QStringLiteral("%1/%2").arg(sentinelService).arg(db) : sentinelService;
        }
        QString encoded = query.toString(QUrl::FullyEncoded);
        // By hand, fully percent-encoded: a password may hold '&', '=', '+', '%' or '#'.
        const auto append = [&encoded](QLatin1StringView name, const QString &value) {
            if (value.isEmpty())
                return;
            if (!encoded.isEmpty())
                encoded += u'&';
            encoded += name;
            encoded += u'=';
            encoded += QString::fromLatin1(QUrl::toPercentEncoding(value));
        };
        if (topology == RedisTopology::Sentinel) {
            append(QLatin1StringView("sentinel_username"), sentinelUsername);
            if (withPassword)
                append(QLatin1StringView("sentinel_password"), sentinelPassword);
        }
        return joinHostListUrl(scheme, username, withPassword ? password : QString(), servers, path, encoded);
    }
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

QString ConnectionSpec::displayAddress() const
{
    QStringList members;
    for (const ServerAddress &server : servers)
        members.append(server.toString());
    switch (backend) {
    case BackendKind::Memcached:
        return members.join(u',');
    case BackendKind::DbCache:
        if (sqlDriver == SqlDriver::Sqlite)
            return QStringLiteral("%1 (%2)").arg(database, table);
        return QStringLiteral("%1/%2 (%3)").arg(ServerAddress{host, port}.toString(), database, table);
    case BackendKind::Redis:
        break;
    }
    if (topology == RedisTopology::Cluster)
        return QStringLiteral("cluster %1").arg(members.join(u','));
    if (topology == RedisTopology::Sentinel)
        return QStringLiteral("%1/%2 via sentinel %3").arg(sentinelService).arg(db).arg(members.join(u','));
    if (transport == Transport::Unix)
        return QStringLiteral("unix:%1/%2").arg(socketPath).arg(db);
    return QStringLiteral("%1/%2").arg(ServerAddress{host, port}.toString()).arg(db);
}

} // namespace cachescope

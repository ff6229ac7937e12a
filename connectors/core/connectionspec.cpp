#include "connectionspec.h"

#include <QUrl>
#include <QUrlQuery>

namespace cachescope {

namespace {

Error urlError(const QString &url, const QString &what)
{
    // Never echo a password back: show the URL with its password masked.
    QUrl u(url);
    if (!u.password().isEmpty())
        u.setPassword(QStringLiteral("***"));
    const QString shown = u.isValid() ? u.toString() : QStringLiteral("the connection URL");
    return Error::make(ErrorKind::Usage, QStringLiteral("%1: %2").arg(shown, what));
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

} // namespace

Expected<ConnectionSpec> ConnectionSpec::parse(const QString &urlText)
{
    const QString trimmed = urlText.trimmed();
    if (trimmed.isEmpty())
        return Error::make(ErrorKind::Usage, QStringLiteral("The connection URL is empty; expected e.g. redis://127.0.0.1:6379/0"));
    if (!trimmed.contains(QStringLiteral("://")))
        return Error::make(ErrorKind::Usage, QStringLiteral("'%1' has no scheme; write it as redis://host:port/db, "
                                                            "rediss://host:port/db or unix:///path/to/redis.sock")
                                                 .arg(trimmed));
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid())
        return urlError(trimmed, QStringLiteral("not a valid URL (%1)").arg(url.errorString()));

    ConnectionSpec spec;
    const QString scheme = url.scheme().toLower();
    if (scheme == u"redis")
        spec.transport = Transport::Tcp;
    else if (scheme == u"rediss")
        spec.transport = Transport::Tls;
    else if (scheme == u"unix" || scheme == u"redis+unix")
        spec.transport = Transport::Unix;
    else
        return urlError(trimmed, QStringLiteral("unknown scheme '%1' (expected redis://, rediss:// or unix://)").arg(scheme));

    spec.username = url.userName(QUrl::FullyDecoded);
    spec.password = url.password(QUrl::FullyDecoded);
    spec.port = spec.transport == Transport::Tls ? 6380 : 6379;

    if (spec.transport == Transport::Unix) {
        if (!url.host().isEmpty())
            return urlError(trimmed, QStringLiteral("a unix socket URL has no host: write unix:///path/to/redis.sock"));
        spec.socketPath = url.path(QUrl::FullyDecoded);
        if (spec.socketPath.isEmpty() || spec.socketPath == u"/")
            return urlError(trimmed, QStringLiteral("missing socket path, e.g. unix:///run/redis/redis.sock?db=0"));
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
            return urlError(trimmed, QStringLiteral("the path must be a database number, e.g. /0, not '%1'").arg(path));
    }

    const QUrlQuery query(url);
    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &[name, value] : items) {
        bool ok = true;
        if (name == u"db") {
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
        } else if (name == u"ca" || name == u"ssl_ca_certs") {
            spec.caFile = value;
            ok = !value.isEmpty();
        } else if (name == u"verify" || name == u"verify_peer" || name == u"ssl_cert_reqs") {
            spec.verifyPeer = parseBool(value, &ok);
        } else {
            return urlError(trimmed, QStringLiteral("unknown option '%1' (known: db, connect_timeout, timeout, "
                                                    "scan_count, readonly, ca, verify)").arg(name));
        }
        if (!ok)
            return urlError(trimmed, QStringLiteral("bad value '%1' for option '%2'").arg(value, name));
    }
    if (spec.transport != Transport::Tls && (!spec.caFile.isEmpty() || !spec.verifyPeer))
        return urlError(trimmed, QStringLiteral("the ca and verify options need a rediss:// (TLS) URL"));
    return spec;
}

QString ConnectionSpec::toUrl(bool withPassword) const
{
    QUrl url;
    QUrlQuery query;
    switch (transport) {
    case Transport::Tcp: url.setScheme(QStringLiteral("redis")); break;
    case Transport::Tls: url.setScheme(QStringLiteral("rediss")); break;
    case Transport::Unix: url.setScheme(QStringLiteral("unix")); break;
    }
    if (!username.isEmpty())
        url.setUserName(username);
    if (withPassword && !password.isEmpty())
        url.setPassword(password);
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
    const ConnectionSpec defaults;
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
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

QString ConnectionSpec::displayAddress() const
{
    if (transport == Transport::Unix)
        return QStringLiteral("unix:%1/%2").arg(socketPath).arg(db);
    const QString h = host.contains(u':') ? QStringLiteral("[%1]").arg(host) : host;
    return QStringLiteral("%1:%2/%3").arg(h).arg(port).arg(db);
}

} // namespace cachescope

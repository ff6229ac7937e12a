#include "savedconnection.h"

#include <QUuid>

namespace cachescope {

SavedConnection SavedConnection::create(const QString &name, const ConnectionSpec &spec)
{
    SavedConnection c;
    c.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    c.name = name;
    c.spec = spec;
    c.hasPassword = !spec.password.isEmpty();
    c.hasSentinelPassword = !spec.sentinelPassword.isEmpty();
    return c;
}

QJsonObject SavedConnection::toJson() const
{
    QJsonObject o;
    o.insert(u"id", id);
    o.insert(u"name", name);
    o.insert(u"url", spec.toUrl(/*withPassword=*/false));
    // Also written out on their own so a person editing the file sees them plainly;
    // on load these win over the URL's options.
    o.insert(u"readOnly", spec.readOnly);
    o.insert(u"scanCount", spec.scanCount);
    o.insert(u"separator", QString::fromUtf8(separator));
    o.insert(u"hasPassword", hasPassword);
    if (spec.topology == RedisTopology::Sentinel)
        o.insert(u"hasSentinelPassword", hasSentinelPassword);
    o.insert(u"production", production);
    o.insert(u"serializer", ValueDecoder::serializerName(serializer));
    if (spec.backend == BackendKind::Memcached)
        o.insert(u"memcachedClient", memcachedClientName(memcachedClient));
    if (djangoVersion > 0) {
        o.insert(u"djangoKeyPrefix", djangoKeyPrefix);
        o.insert(u"djangoVersion", djangoVersion);
    }
    return o;
}

Expected<SavedConnection> SavedConnection::fromJson(const QJsonObject &o)
{
    auto spec = ConnectionSpec::parse(o.value(u"url").toString());
    if (!spec)
        return spec.error();
    SavedConnection c;
    c.id = o.value(u"id").toString();
    if (c.id.isEmpty())
        c.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    c.name = o.value(u"name").toString();
    c.spec = *spec;
    c.spec.password.clear();   // a hand-edited file with a password in the URL is not trusted
    c.spec.sentinelPassword.clear();
    c.spec.readOnly = o.value(u"readOnly").toBool(c.spec.readOnly);
    c.spec.scanCount = qBound(1, o.value(u"scanCount").toInt(c.spec.scanCount), 1000000);
    const QString sep = o.value(u"separator").toString(QStringLiteral(":"));
    c.separator = sep.toUtf8();
    c.hasPassword = o.value(u"hasPassword").toBool(false) || !spec->password.isEmpty();
    c.hasSentinelPassword =
        o.value(u"hasSentinelPassword").toBool(false) || !spec->sentinelPassword.isEmpty();
    c.production = o.value(u"production").toBool(false);
    const QString serializer = o.value(u"serializer").toString(QStringLiteral("pickle"));
    if (const auto s = ValueDecoder::serializerFromName(serializer))
        c.serializer = *s;
    else
        return Error::make(ErrorKind::Usage, QStringLiteral("connection '%1': unknown serializer '%2' (known: "
                                                            "pickle, json, msgpack)")
                                                 .arg(c.name, serializer));
    c.djangoKeyPrefix = o.value(u"djangoKeyPrefix").toString();
    c.djangoVersion = qMax(0, o.value(u"djangoVersion").toInt(0));
    const QString client = o.value(u"memcachedClient").toString(QStringLiteral("pymemcache"));
    if (const auto m = memcachedClientFromName(client))
        c.memcachedClient = *m;
    else
        return Error::make(ErrorKind::Usage,
                           QStringLiteral("connection '%1': unknown memcached client '%2' (known: pymemcache, pylibmc)")
                               .arg(c.name, client));
    return c;
}

} // namespace cachescope

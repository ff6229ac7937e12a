#include "decodecontextfor.h"

namespace cachescope {

DecodeContext decodeContextFor(BackendKind backend, const KeyValue &value, const DecodeSettings &settings)
{
    DecodeContext ctx;
    ctx.serializer = settings.serializer;
    ctx.inputTruncated = value.truncated;
    switch (backend) {
    case BackendKind::Redis:
        ctx.source = ValueSource::Redis;
        break;
    case BackendKind::Memcached:
        ctx.source = ValueSource::Memcached;
        ctx.memcachedClient = settings.memcachedClient;
        ctx.memcachedFlags = value.flags;
        break;
    case BackendKind::DbCache:
        ctx.source = ValueSource::Raw;
        break;
    }
    return ctx;
}

QString memcachedClientName(MemcachedFlavor client)
{
    return client == MemcachedFlavor::PyLibMc ? QStringLiteral("pylibmc") : QStringLiteral("pymemcache");
}

std::optional<MemcachedFlavor> memcachedClientFromName(QStringView name)
{
    for (const MemcachedFlavor c : {MemcachedFlavor::PyMemcache, MemcachedFlavor::PyLibMc})
        if (name.compare(memcachedClientName(c), Qt::CaseInsensitive) == 0)
            return c;
    return std::nullopt;
}

} // namespace cachescope

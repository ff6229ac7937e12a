#include "connectorfactory.h"

#include "memcached/memcachedconnector.h"
#include "redis/redisconnector.h"

namespace cachescope {

// DbCache (DbCacheConnector, connectors/dbcache/) is added when that branch lands; until
// then a sqlite://, postgresql:// or mysql:// URL parses but has no connector.
std::unique_ptr<Connector> createConnector(const ConnectionSpec &spec)
{
    switch (spec.backend) {
    case BackendKind::Redis:
        return std::make_unique<RedisConnector>(spec);
    case BackendKind::Memcached:
        return std::make_unique<MemcachedConnector>(spec);
    case BackendKind::DbCache:
        return nullptr;
    }
    return nullptr;
}

QString connectorUnavailableReason(const ConnectionSpec &spec)
{
    switch (spec.backend) {
    case BackendKind::Redis:
    case BackendKind::Memcached:
        return {};
    case BackendKind::DbCache:
        return QStringLiteral("database cache table connections (sqlite://, postgresql://, mysql://) are not "
                              "available in this build yet");
    }
    return QStringLiteral("unknown kind of connection");
}

} // namespace cachescope

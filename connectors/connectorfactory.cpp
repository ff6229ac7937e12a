#include "connectorfactory.h"

#include "dbcache/dbcacheconnector.h"
#include "redis/redisconnector.h"

namespace cachescope {

std::unique_ptr<Connector> createConnector(const ConnectionSpec &spec)
{
    switch (spec.backend) {
    case BackendKind::Redis:
        return std::make_unique<RedisConnector>(spec);
    case BackendKind::Memcached:
        return nullptr;
    case BackendKind::DbCache:
        return std::make_unique<DbCacheConnector>(spec);
    }
    return nullptr;
}

QString connectorUnavailableReason(const ConnectionSpec &spec)
{
    switch (spec.backend) {
    case BackendKind::Redis:
        return {};
    case BackendKind::Memcached:
        return QStringLiteral("memcached:// connections are not available in this build yet");
    case BackendKind::DbCache:
        return {};
    }
    return QStringLiteral("unknown kind of connection");
}

} // namespace cachescope

#include "connectorfactory.h"

#include "dbcache/dbcacheconnector.h"
#include "memcached/memcachedconnector.h"
#include "redis/redisclusterconnector.h"
#include "redis/redisconnector.h"

namespace cachescope {

std::unique_ptr<Connector> createConnector(const ConnectionSpec &spec)
{
    switch (spec.backend) {
    case BackendKind::Redis:
        if (spec.topology == RedisTopology::Cluster)
            return std::make_unique<RedisClusterConnector>(spec);
        return std::make_unique<RedisConnector>(spec);
    case BackendKind::Memcached:
        return std::make_unique<MemcachedConnector>(spec);
    case BackendKind::DbCache:
        return std::make_unique<DbCacheConnector>(spec);
    }
    return nullptr;
}

QString connectorUnavailableReason(const ConnectionSpec &spec)
{
    switch (spec.backend) {
    case BackendKind::Redis:
    case BackendKind::Memcached:
    case BackendKind::DbCache:
        return {};
    }
    return QStringLiteral("unknown kind of connection");
}

} // namespace cachescope

#include "connectorfactory.h"

#include "redis/redisconnector.h"

namespace cachescope {

std::unique_ptr<Connector> createConnector(const ConnectionSpec &spec)
{
    switch (spec.backend) {
    case BackendKind::Redis:
        return std::make_unique<RedisConnector>(spec);
    }
    return nullptr;
}

} // namespace cachescope

#pragma once
// Which master serves which hash slot, read from CLUSTER SHARDS (Redis 7) or CLUSTER SLOTS
// (Redis 3..6; deprecated but still answered by 7). Pure parsing: the unit test feeds it
// canned replies, RedisClusterConnector feeds it the seed's answer.
//
// Addresses: a node reports the endpoint clients should use ("endpoint", else "ip"). A
// node that does not know its own address reports "" or "?"; then the host we asked
// (the seed) is used, which is what redis-cli does too.

#include "core/connectionspec.h"
#include "core/error.h"

#include <QList>

#include <vector>

namespace cachescope {

struct RespValue;

struct ClusterTopology
{
    QList<ServerAddress> masters; // ordered by the first slot each serves
    std::vector<qint16> owner;    // per slot: index into masters, -1 = served by nobody

    // Index into masters, or -1.
    int ownerOf(int slot) const;
    int indexOf(const ServerAddress &address) const { return int(masters.indexOf(address)); }
    // Slots no master serves (a cluster being set up, or a shard whose master is gone).
    int uncoveredSlots() const;
};

// seedHost replaces an address a node does not know ("" or "?").
Expected<ClusterTopology> parseClusterShards(const RespValue &reply, const QString &seedHost);
Expected<ClusterTopology> parseClusterSlots(const RespValue &reply, const QString &seedHost);

} // namespace cachescope

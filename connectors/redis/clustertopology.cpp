#include "clustertopology.h"

#include "clusterslot.h"
#include "respvalue.h"

#include <algorithm>
#include <map>
#include <optional>

namespace cachescope {

namespace {

Error malformed(const char *what)
{
    return Error::make(ErrorKind::Protocol,
                       QStringLiteral("unexpected %1 reply from the cluster").arg(QLatin1StringView(what)));
}

QString usableHost(const QByteArray &reported, const QString &seedHost)
{
    if (reported.isEmpty() || reported == "?")
        return seedHost;
    return QString::fromUtf8(reported);
}

// The flat [name, value, name, value, ...] arrays of CLUSTER SHARDS under RESP2.
const RespValue *field(const RespValue &map, QByteArrayView name)
{
    for (qsizetype i = 0; i + 1 < map.elements.size(); i += 2) {
        if (map.elements.at(i).str == name)
            return &map.elements.at(i + 1);
    }
    return nullptr;
}

// Collects (first slot, address, ranges) and builds the topology ordered by first slot.
class Builder
{
public:
    bool add(const ServerAddress &master, qint64 from, qint64 to)
    {
        if (from < 0 || to >= ClusterSlotCount || from > to || master.port == 0)
            return false;
        auto &ranges = m_ranges[master.toString()];
        ranges.master = master;
        ranges.first = std::min(ranges.first, int(from));
        ranges.spans.append({int(from), int(to)});
        return true;
    }
    ClusterTopology build() const
    {
        std::vector<const Ranges *> sorted;
        for (const auto &entry : m_ranges)
            sorted.push_back(&entry.second);
        std::sort(sorted.begin(), sorted.end(),
                  [](const Ranges *a, const Ranges *b) { return a->first < b->first; });
        ClusterTopology t;
        t.owner.assign(ClusterSlotCount, -1);
        for (const Ranges *r : sorted) {
            const auto index = qint16(t.masters.size());
            t.masters.append(r->master);
            for (const auto &[from, to] : r->spans)
                std::fill(t.owner.begin() + from, t.owner.begin() + to + 1, index);
        }
        return t;
    }

private:
    struct Ranges
    {
        ServerAddress master;
        int first = ClusterSlotCount;
        QList<std::pair<int, int>> spans;
    };
    std::map<QString, Ranges> m_ranges;
};

} // namespace

int ClusterTopology::ownerOf(int slot) const
{
    if (slot < 0 || size_t(slot) >= owner.size())
        return -1;
    return owner[size_t(slot)];
}

int ClusterTopology::uncoveredSlots() const
{
    if (owner.empty())
        return ClusterSlotCount;
    return int(std::count(owner.begin(), owner.end(), qint16(-1)));
}

Expected<ClusterTopology> parseClusterShards(const RespValue &reply, const QString &seedHost)
{
    if (!reply.isArray())
        return malformed("CLUSTER SHARDS");
    Builder builder;
    for (const RespValue &shard : reply.elements) {
        const RespValue *slotList = field(shard, "slots");
        const RespValue *nodes = field(shard, "nodes");
        if (!slotList || !nodes || !slotList->isArray() || !nodes->isArray() ||
            slotList->elements.size() % 2 != 0)
            return malformed("CLUSTER SHARDS");
        if (slotList->elements.isEmpty())
            continue; // a shard without slotList (a new, empty master) serves no key
        std::optional<ServerAddress> master;
        for (const RespValue &node : nodes->elements) {
            const RespValue *role = field(node, "role");
            if (!role || role->str != "master")
                continue;
            const RespValue *endpoint = field(node, "endpoint");
            const RespValue *ip = field(node, "ip");
            const RespValue *port = field(node, "port");
            QByteArray host = endpoint ? endpoint->str : QByteArray();
            if ((host.isEmpty() || host == "?") && ip)
                host = ip->str;
            if (!port)
                continue; // a TLS-only node ("tls-port"): not reachable by this connector
            master = ServerAddress{usableHost(host, seedHost), quint16(port->toInteger())};
        }
        if (!master)
            continue; // the shard's master is gone: its slotList stay uncovered
        for (qsizetype i = 0; i < slotList->elements.size(); i += 2) {
            if (!builder.add(*master, slotList->elements.at(i).toInteger(-1),
                             slotList->elements.at(i + 1).toInteger(-1)))
                return malformed("CLUSTER SHARDS");
        }
    }
    return builder.build();
}

Expected<ClusterTopology> parseClusterSlots(const RespValue &reply, const QString &seedHost)
{
    if (!reply.isArray())
        return malformed("CLUSTER SLOTS");
    Builder builder;
    for (const RespValue &range : reply.elements) {
        // [from, to, [ip, port, id, ...] (the master), [replica]...]
        if (range.elements.size() < 3 || !range.elements.at(2).isArray() ||
            range.elements.at(2).elements.size() < 2)
            return malformed("CLUSTER SLOTS");
        const QList<RespValue> &master = range.elements.at(2).elements;
        const ServerAddress address{usableHost(master.at(0).str, seedHost),
                                    quint16(master.at(1).toInteger())};
        if (!builder.add(address, range.elements.at(0).toInteger(-1), range.elements.at(1).toInteger(-1)))
            return malformed("CLUSTER SLOTS");
    }
    return builder.build();
}

} // namespace cachescope

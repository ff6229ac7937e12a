#pragma once
// A throw-away Redis Cluster for one test: N masters (redis-server --cluster-enabled yes on
// free 127.0.0.1 ports, each in its own temporary directory), joined with
// `redis-cli --cluster create ... --cluster-yes`, ready once every node says
// cluster_state:ok. Stopped by the destructor. Blocking, for test setup only.
//
//     RedisCluster cluster;
//     QVERIFY2(cluster.start(3), qPrintable(cluster.errorString()));
//     cluster.url();                       // redis+cluster://127.0.0.1:P1
//     cluster.node(cluster.ownerOf("k"))   // the RedisServer holding "k"

#include "redisserver.h"

#include <functional>
#include <memory>
#include <vector>

namespace cachescope::test {

class RedisCluster
{
public:
    // extraArgs go to every redis-server; with {"--requirepass", PW, "--masterauth", PW} the
    // cluster wants a password (redis-cli --cluster create and command() log in with it).
    bool start(int masters = 3, const QStringList &extraArgs = {});
    QString errorString() const { return m_error; }

    int size() const { return int(m_nodes.size()); }
    RedisServer &node(int i) { return *m_nodes.at(size_t(i)); }
    // redis+cluster://[userInfo@]127.0.0.1:<seed's port>[?query], seed = index of a node,
    // userInfo ":pw" or "user:pw".
    QString url(int seed = 0, const QString &query = QString(), const QString &userInfo = QString()) const;
    // Index of the node serving the key's slot right now (asks CLUSTER SLOTS), -1 if none.
    int ownerOf(const QByteArray &key);
    // Index of the node with this port, -1 if none.
    int indexOfPort(quint16 port) const;
    // SET each key on the node owning it. True when every SET said OK.
    bool setEverywhere(const QList<QByteArray> &keys, const QByteArray &value);
    // Moves one slot (and its keys) from node `from` to node `to`, as redis-cli --cluster
    // reshard does: SETSLOT IMPORTING / MIGRATING, MIGRATE each key, SETSLOT NODE on all.
    // With keysToMove >= 0 only that many keys move and the slot stays migrating (ASK).
    bool moveSlot(int slot, int from, int to, int keysToMove = -1);
    // The node ids CLUSTER MYID reports.
    QByteArray nodeId(int i);

private:
    bool waitUntil(const std::function<bool()> &ready, int timeoutMs);

    std::vector<std::unique_ptr<RedisServer>> m_nodes;
    QString m_error;
};

} // namespace cachescope::test

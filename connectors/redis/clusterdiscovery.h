#pragma once
// Finds a Redis Cluster's masters and slot map: asks the candidates (seed nodes, then the
// masters already known) one after another until one answers CLUSTER SHARDS, or CLUSTER
// SLOTS on servers older than 7.0. Each attempt is a fresh RespClient with the
// connection's credentials and timeouts, dropped when it has answered.
//
// Threads: lives on its connector's thread; done runs there, from the event loop, once.

#include "clustertopology.h"
#include "core/connectionspec.h"

#include <QObject>
#include <QStringList>

#include <functional>
#include <optional>

namespace cachescope {

class RespClient;
struct RespValue;

class ClusterDiscovery : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const Expected<ClusterTopology> &)>;

    ClusterDiscovery(const ConnectionSpec &spec, QList<ServerAddress> candidates, Done done,
                     QObject *parent = nullptr);
    // Starts with the first candidate. The object deletes itself (deleteLater) after done.
    void start();

    // The spec for talking to one node: the connection's credentials and timeouts, that
    // node's address, database 0 (a cluster has no other).
    static ConnectionSpec nodeSpec(const ConnectionSpec &spec, const ServerAddress &address);

private:
    void dropClient();
    void tryNext();
    void ask(bool shards);
    void onTopology(const RespValue &reply, bool shards);
    void attemptFailed(const QString &why);
    void finish(const Expected<ClusterTopology> &result);

    ConnectionSpec m_spec;
    QList<ServerAddress> m_candidates;
    qsizetype m_next = 0;
    Done m_done;
    RespClient *m_client = nullptr;
    QStringList m_failures;
    std::optional<Error> m_authError; // wrong password on a node: the same on every node
};

} // namespace cachescope

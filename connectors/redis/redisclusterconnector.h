#pragma once
// Redis Cluster (redis+cluster://seed[,seed...]): the masters and the slot map come from
// ClusterDiscovery (CLUSTER SHARDS, else CLUSTER SLOTS, from the first seed that answers);
// each master is then driven by an ordinary RedisConnector (setClusterNode), a child of
// this one on the same thread. This connector only routes and merges:
//   - scans, statistics, info and pattern invalidation go to every master; their answers
//     are merged (running key totals, one table set per node labelled "host:port", summed
//     counts, the worst outcome);
//   - single-key requests go to the master owning the key's hash slot (clusterslot.h);
//     deletes go one slot at a time. A MOVED reply updates the slot's owner, refreshes
//     the whole map in the background and retries (at most MaxRedirects times); ASK sends
//     ASKING + the command to the named node once (clusterask.cpp).
// Inner requests carry ids of their own (m_nextInnerId); m_answers maps each back to the
// callbacks of the outer request it serves.
//
// A master that is down does not stop the others: its requests fail with its own message
// ("Connection refused by 127.0.0.1:7002 ..."), a scan ends incomplete with a warning
// naming it, the statistics carry an "error" table for it. connectionLost() is emitted only
// when no master can be reached.
//
// Threads: everything runs on the connector's thread; inner connectors signal directly.

#include "clustertopology.h"
#include "core/connector.h"

#include <QElapsedTimer>
#include <QHash>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace cachescope {

class RedisConnector;
class RespClient;
struct RespValue;

class RedisClusterConnector : public Connector
{
    Q_OBJECT
public:
    explicit RedisClusterConnector(const ConnectionSpec &spec, QObject *parent = nullptr);
    ~RedisClusterConnector() override;

    void open() override;
    void refreshInfo(quint64 id) override;
    void scanKeys(quint64 id, const ScanRequest &request) override;
    void stopScan(quint64 id) override;
    void fetchMeta(quint64 id, const QList<QByteArray> &keys) override;
    void fetchValue(quint64 id, const ValueRequest &request) override;
    void fetchServerStats(quint64 id) override;

    static constexpr int MaxRedirects = 5;

protected:
    void doDeleteKeys(quint64 id, const QList<QByteArray> &keys) override;
    void doSetTtl(quint64 id, const QByteArray &key, qint64 ttlMs) override;
    // redisclusterinvalidation.cpp
    void doRunInvalidation(quint64 id, const InvalidationJob &job) override;

private:
    enum class State
    {
        Closed,
        Opening,
        Open
    };
    struct Node
    {
        ServerAddress address;
        RedisConnector *connector = nullptr; // child
        bool up = false;
        std::optional<Error> error; // why it is down
        ServerInfo info;
    };
    // The callbacks for the signals one inner request may produce; unset ones are ignored.
    // A terminal signal (or requestFailed, except for a scan) removes the entry.
    struct Answer
    {
        std::function<void(const KeyBatch &)> keys;
        std::function<void(const ScanSummary &)> scanFinished;
        std::function<void(const QList<KeyMeta> &)> meta;
        std::function<void(const KeyValue &)> value;
        std::function<void(const QList<ServerStats> &)> stats;
        std::function<void(qint64, qint64)> deleted;
        std::function<void(bool)> ttl;
        std::function<void(const ServerInfo &)> info;
        std::function<void(const InvalidationProgress &)> progress;
        std::function<void(const InvalidationReport &)> finished;
        std::function<void(const Error &)> failed;
    };
    struct Redirect
    {
        bool ask = false;
        int slot = -1;
        ServerAddress address;
    };
    struct ClusterScan;
    struct ClusterJob; // redisclusterinvalidation.cpp

    // ---- topology (redisclusterconnector.cpp) ----
    void whenOpen(std::function<void()> run, std::function<void(const Error &)> fail);
    void startOpen();
    void applyTopology(const ClusterTopology &topology);
    void finishOpen(const std::optional<Error> &error);
    // Rediscovers the slot map (coalesced: one discovery at a time); done may be empty.
    void refreshTopology(std::function<void(const std::optional<Error> &)> done);
    int nodeFor(const ServerAddress &address); // creates the node when new
    void watchNode(int node);
    // The master owning the key's slot, or -1 with *error set.
    int ownerOf(QByteArrayView key, Error *error) const;
    ServerInfo mergedInfo() const;
    quint64 ask(int node, Answer answer, const std::function<void(RedisConnector *, quint64)> &call);
    template <typename F> void dispatch(quint64 innerId, bool terminal, F &&call);

    // ---- routing (redisclusterkeys.cpp) ----
    static std::optional<Redirect> parseRedirect(const Error &error);
    // On MOVED: repoints the slot and refreshes the map in the background.
    void followMoved(const Redirect &redirect);
    void finishScan(quint64 id, const std::shared_ptr<ClusterScan> &scan);
    void fetchMetaFrom(quint64 id, const QList<QByteArray> &keys, bool retry,
                       std::function<void(const Expected<QList<KeyMeta>> &)> done);
    void fetchValueFrom(quint64 id, const ValueRequest &request, int redirects);
    void deleteGroup(const QList<QByteArray> &keys, int redirects,
                     std::function<void(const Expected<qint64> &)> done);
    void setTtlRouted(quint64 id, const QByteArray &key, qint64 ttlMs, int redirects);

    // ---- ASK (clusterask.cpp): ASKING + each command on a one-off client to that node ----
    void askOnce(const ServerAddress &address, const QList<QList<QByteArray>> &commands,
                 std::function<void(const Expected<QList<RespValue>> &)> done);
    // A string's head (TYPE, PTTL, STRLEN, GETRANGE); of a collection the type and TTL only.
    void askValue(quint64 id, const ValueRequest &request, const ServerAddress &address);

    // ---- invalidation (redisclusterinvalidation.cpp) ----
    void onJobProgress();
    void onJobFinished();
    void checkJobCancel();

    State m_state = State::Closed;
    std::vector<Node> m_nodes;   // every node ever seen; index = node id
    QList<int> m_masters;        // the current masters, in slot order
    std::vector<int> m_slotNode; // per slot: node id, -1 = served by nobody
    std::vector<std::pair<std::function<void()>, std::function<void(const Error &)>>> m_waiting;
    bool m_discovering = false;
    std::vector<std::function<void(const std::optional<Error> &)>> m_afterDiscovery;
    int m_openLeft = 0; // masters whose open() has not answered yet
    ServerInfo m_info;
    quint64 m_nextInnerId = 0;
    QHash<quint64, Answer> m_answers;
    QHash<quint64, std::shared_ptr<ClusterScan>> m_scans;
    std::shared_ptr<ClusterJob> m_job;
    QTimer m_cancelPoll;
};

} // namespace cachescope

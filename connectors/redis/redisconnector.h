#pragma once
// The Redis backend: one RespClient on the connector's thread, requests pipelined on it.
//
// Connection life: open() connects, authenticates (AUTH password, or AUTH user password
// for an ACL user), selects the database and reads INFO / DBSIZE / PING into ServerInfo.
// Requests that arrive before that, or after the connection was lost, wait for a new
// open, which starts by itself (lazy reconnect). When the connection drops, requests in
// flight fail with requestFailed() and connectionLost() is emitted once.
//
// Sentinel (redis+sentinel://, redisconnectorsentinel.cpp): every open first asks the
// Sentinels which server is the master (SentinelResolver), connects there and checks it
// really is the master; a replica (failover in progress) or a refused connection is retried
// with a short backoff for at most the connect timeout. A lost connection, a READONLY reply
// or an info refresh that finds a replica closes the connection, so the next request
// resolves again and lands on the new master. ServerInfo then says mode "sentinel" and the
// master's address.
//
// Threads: everything here runs on the connector's thread (see Connector); results leave
// by copy in queued signals. A SCAN page is copied once, from hiredis' reply straight
// into a KeyBatch.

#include "core/connector.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHash>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace cachescope {

class RespClient;
class RespReply;
struct RespValue;
class SentinelResolver;

class RedisConnector : public Connector
{
    Q_OBJECT
public:
    explicit RedisConnector(const ConnectionSpec &spec, QObject *parent = nullptr);
    ~RedisConnector() override;

    void open() override;
    void refreshInfo(quint64 id) override;
    void scanKeys(quint64 id, const ScanRequest &request) override;
    void stopScan(quint64 id) override;
    void fetchMeta(quint64 id, const QList<QByteArray> &keys) override;
    void fetchValue(quint64 id, const ValueRequest &request) override;
    // INFO (default sections), one name/value table per "# Section".
    void fetchServerStats(quint64 id) override;

    // Set by RedisClusterConnector on the connector of each master: multi-key deletes are
    // split by hash slot (a node refuses keys of several slots in one command: CROSSSLOT),
    // and a server in cluster mode is accepted. Without it, open() refuses a cluster node
    // and names redis+cluster://, rather than misbehave on the first MOVED.
    void setClusterNode(bool on) { m_clusterNode = on; }

protected:
    void doDeleteKeys(quint64 id, const QList<QByteArray> &keys) override;
    void doSetTtl(quint64 id, const QByteArray &key, qint64 ttlMs) override;
    // redisconnectorinvalidation.cpp: SCAN MATCH pages, UNLINK / PEXPIRE / INCR pipelined.
    void doRunInvalidation(quint64 id, const InvalidationJob &job) override;

private:
    enum class State
    {
        Closed,
        Opening,
        Open
    };
    using Replies = Expected<QList<RespValue>>;
    using Command = QList<QByteArray>;
    struct Waiting
    {
        quint64 id;
        bool isScan;
        std::function<void()> run;
        std::function<void(const Error &)> fail; // empty: requestFailed(id)
    };
    struct InvalidationRun; // redisconnectorinvalidation.cpp
    struct Scan
    {
        ScanRequest request;
        QByteArray cursor = "0";
        qint64 found = 0;
        qint64 pages = 0;
        QElapsedTimer clock;
        bool stopRequested = false;
    };

    void whenOpen(quint64 id, bool isScan, std::function<void()> run,
                  std::function<void(const Error &)> fail = {});
    void startOpen();
    void onClientConnected();
    void onClientDisconnected(const Error &error);
    void finishOpen(const Expected<ServerInfo> &result);
    void collectInfo(std::function<void(const Expected<ServerInfo> &)> done);
    // Sends every command at once; done runs once, after the last reply or on failure.
    void pipeline(const QList<Command> &commands, std::function<void(const Replies &)> done);

    // redisconnectorsentinel.cpp
    void resolveMaster();
    // True when the open goes on (a new resolve after a backoff) instead of failing on why.
    bool retryMaster(const Error &why);
    // The open's info came from this server: refuse a replica, label the info.
    bool acceptMaster(ServerInfo &info);
    // Sentinel: the server we talk to is no longer the master; the next request resolves again.
    void dropStaleMaster(const Error &why);

    void requestScanPage(quint64 id);
    void finishScan(quint64 id, bool complete, const Error *error = nullptr);
    void readCollection(quint64 id, KeyValue value, const ValueRequest &request);
    void deleteWith(quint64 id, const QList<QByteArray> &keys, bool unlink);

    void pumpInvalidation();
    void requestInvalidationScan(const std::shared_ptr<InvalidationRun> &run);
    void takeInvalidationPage(const std::shared_ptr<InvalidationRun> &run, const RespReply &reply);
    void sendInvalidationBatch(const std::shared_ptr<InvalidationRun> &run, const QList<QByteArray> &keys);
    void sendInvalidationDelete(const std::shared_ptr<InvalidationRun> &run, const QList<QByteArray> &keys);
    void endInvalidationBatch(const std::shared_ptr<InvalidationRun> &run, qsizetype keys);
    void finishInvalidationRun(InvalidationReport::Outcome outcome, const Error &error = {});

    QString who() const; // "Redis at 127.0.0.1:6379", for messages
    // Not const: a READONLY reply on a Sentinel connection also drops the stale master.
    Error serverError(const RespValue &reply, const QString &doing);
    Error authError(const RespValue &reply) const;
    // The error a server sends right before it hangs up on a new client (maxclients).
    std::optional<Error> connectionRefusal(const RespValue &reply) const;

    RespClient *m_client = nullptr; // child; lives as long as the connector
    State m_state = State::Closed;
    ServerInfo m_info;
    std::vector<Waiting> m_waiting;
    QHash<quint64, Scan> m_scans;
    std::shared_ptr<InvalidationRun> m_invalidation; // the job running, if any
    SentinelResolver *m_sentinel = nullptr;           // child; Sentinel topology only
    QDeadlineTimer m_failoverBudget;                  // Sentinel: how long this open may retry
    int m_failoverAttempt = 0;
    bool m_clusterNode = false;
};

} // namespace cachescope

// RedisClusterConnector: discovery, the nodes' connectors, request bookkeeping, info and
// statistics. Routing of keys: redisclusterkeys.cpp; jobs: redisclusterinvalidation.cpp.

#include "redisclusterconnector.h"

#include "clusterdiscovery.h"
#include "clusterslot.h"
#include "redisconnector.h"

#include <utility>

namespace cachescope {

RedisClusterConnector::RedisClusterConnector(const ConnectionSpec &spec, QObject *parent)
    : Connector(spec, parent), m_cancelPoll(this)
{
    m_slotNode.assign(ClusterSlotCount, -1);
    m_cancelPoll.setInterval(100);
    connect(&m_cancelPoll, &QTimer::timeout, this, &RedisClusterConnector::checkJobCancel);
}

RedisClusterConnector::~RedisClusterConnector()
{
    // The nodes go first, while the callbacks they could still reach are alive.
    for (Node &node : m_nodes) {
        node.connector->disconnect(this);
        delete node.connector;
        node.connector = nullptr;
    }
}

// ---- inner requests ---------------------------------------------------------------------

quint64 RedisClusterConnector::ask(int node, Answer answer,
                                   const std::function<void(RedisConnector *, quint64)> &call)
{
    const quint64 inner = ++m_nextInnerId;
    // Registered before the call: a connector may answer from inside it (an empty list).
    m_answers.insert(inner, std::move(answer));
    call(m_nodes.at(size_t(node)).connector, inner);
    return inner;
}

template <typename F> void RedisClusterConnector::dispatch(quint64 innerId, bool terminal, F &&call)
{
    const auto it = m_answers.find(innerId);
    if (it == m_answers.end())
        return;
    if (terminal) {
        const Answer answer = std::move(*it);
        m_answers.erase(it);
        call(answer);
    } else {
        const Answer answer = *it; // the callback may add or remove entries
        call(answer);
    }
}

void RedisClusterConnector::watchNode(int node)
{
    RedisConnector *c = m_nodes.at(size_t(node)).connector;
    connect(c, &Connector::opened, this, [this, node](const ServerInfo &info) {
        Node &n = m_nodes[size_t(node)];
        n.up = true;
        n.error.reset();
        n.info = info;
        if (m_state == State::Opening && m_openLeft > 0 && --m_openLeft == 0)
            finishOpen(std::nullopt);
    });
    connect(c, &Connector::connectionLost, this, [this, node](const Error &error) {
        Node &n = m_nodes[size_t(node)];
        const bool wasUp = n.up;
        n.up = false;
        n.error = error;
        if (m_state == State::Opening && m_openLeft > 0 && --m_openLeft == 0)
            return finishOpen(std::nullopt);
        if (m_state != State::Open || !wasUp)
            return;
        for (int m : std::as_const(m_masters)) {
            if (m_nodes.at(size_t(m)).up)
                return; // the others keep working; requests to this one fail with `error`
        }
        m_state = State::Closed;
        Q_EMIT connectionLost(error);
    });
    connect(c, &Connector::keysFound, this, [this](quint64 id, const KeyBatch &batch, qint64) {
        dispatch(id, false, [&](const Answer &a) {
            if (a.keys)
                a.keys(batch);
        });
    });
    connect(c, &Connector::scanFinished, this, [this](quint64 id, const ScanSummary &s) {
        dispatch(id, true, [&](const Answer &a) {
            if (a.scanFinished)
                a.scanFinished(s);
        });
    });
    connect(c, &Connector::metaReady, this, [this](quint64 id, const QList<KeyMeta> &m) {
        dispatch(id, true, [&](const Answer &a) {
            if (a.meta)
                a.meta(m);
        });
    });
    connect(c, &Connector::valueReady, this, [this](quint64 id, const KeyValue &v) {
        dispatch(id, true, [&](const Answer &a) {
            if (a.value)
                a.value(v);
        });
    });
    connect(c, &Connector::serverStatsReady, this, [this](quint64 id, const QList<ServerStats> &t) {
        dispatch(id, true, [&](const Answer &a) {
            if (a.stats)
                a.stats(t);
        });
    });
    connect(c, &Connector::keysDeleted, this, [this](quint64 id, qint64 deleted, qint64 requested) {
        dispatch(id, true, [&](const Answer &a) {
            if (a.deleted)
                a.deleted(deleted, requested);
        });
    });
    connect(c, &Connector::ttlChanged, this, [this](quint64 id, const QByteArray &, bool applied) {
        dispatch(id, true, [&](const Answer &a) {
            if (a.ttl)
                a.ttl(applied);
        });
    });
    connect(c, &Connector::infoReady, this, [this](quint64 id, const ServerInfo &info) {
        dispatch(id, true, [&](const Answer &a) {
            if (a.info)
                a.info(info);
        });
    });
    connect(c, &Connector::invalidationProgress, this, [this](quint64 id, const InvalidationProgress &p) {
        dispatch(id, false, [&](const Answer &a) {
            if (a.progress)
                a.progress(p);
        });
    });
    connect(c, &Connector::invalidationFinished, this, [this](quint64 id, const InvalidationReport &r) {
        dispatch(id, true, [&](const Answer &a) {
            if (a.finished)
                a.finished(r);
        });
    });
    connect(c, &Connector::requestFailed, this, [this](quint64 id, const Error &error) {
        const auto it = m_answers.constFind(id);
        if (it == m_answers.cend())
            return;
        // A scan's scanFinished() follows its failure and ends the entry.
        dispatch(id, !it->scanFinished, [&](const Answer &a) {
            if (a.failed)
                a.failed(error);
        });
    });
}

// ---- topology ---------------------------------------------------------------------------

int RedisClusterConnector::nodeFor(const ServerAddress &address)
{
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        if (m_nodes[i].address == address)
            return int(i);
    }
    Node node;
    node.address = address;
    auto *connector = new RedisConnector(ClusterDiscovery::nodeSpec(spec(), address), this);
    connector->setClusterNode(true);
    node.connector = connector;
    m_nodes.push_back(std::move(node));
    const int id = int(m_nodes.size() - 1);
    watchNode(id);
    return id;
}

void RedisClusterConnector::applyTopology(const ClusterTopology &topology)
{
    QList<int> byIndex;
    for (const ServerAddress &address : topology.masters)
        byIndex.append(nodeFor(address));
    m_masters = byIndex;
    for (int slot = 0; slot < ClusterSlotCount; ++slot) {
        const int owner = topology.ownerOf(slot);
        m_slotNode[size_t(slot)] = owner < 0 ? -1 : byIndex.at(owner);
    }
}

void RedisClusterConnector::refreshTopology(std::function<void(const std::optional<Error> &)> done)
{
    if (done)
        m_afterDiscovery.push_back(std::move(done));
    if (m_discovering)
        return;
    m_discovering = true;
    // The masters known now answer for the current map; the seeds are the fallback.
    QList<ServerAddress> candidates;
    for (int m : std::as_const(m_masters)) {
        if (m_nodes.at(size_t(m)).up)
            candidates.append(m_nodes.at(size_t(m)).address);
    }
    for (const ServerAddress &seed : spec().servers) {
        if (!candidates.contains(seed))
            candidates.append(seed);
    }
    if (candidates.isEmpty())
        candidates.append(ServerAddress{spec().host, spec().port});
    auto *discovery = new ClusterDiscovery(
        spec(), candidates,
        [this](const Expected<ClusterTopology> &result) {
            m_discovering = false;
            std::optional<Error> error;
            if (result)
                applyTopology(*result);
            else
                error = result.error();
            auto waiting = std::exchange(m_afterDiscovery, {});
            for (const auto &done : waiting)
                done(error);
        },
        this);
    discovery->start();
}

int RedisClusterConnector::ownerOf(QByteArrayView key, Error *error) const
{
    const int slot = clusterSlot(key);
    const int node = m_slotNode.at(size_t(slot));
    if (node < 0 && error)
        *error =
            Error::make(ErrorKind::Server,
                        QStringLiteral("Hash slot %1 (key '%2') is served by no master of the Redis Cluster "
                                       "at %3; check CLUSTER INFO (cluster_state)")
                            .arg(slot)
                            .arg(QString::fromUtf8(key.toByteArray().left(200)), spec().displayAddress()));
    return node;
}

// ---- connection -------------------------------------------------------------------------

void RedisClusterConnector::open()
{
    if (m_state == State::Open)
        Q_EMIT opened(m_info);
    else if (m_state == State::Closed)
        startOpen();
}

void RedisClusterConnector::whenOpen(std::function<void()> run, std::function<void(const Error &)> fail)
{
    if (m_state == State::Open)
        return run();
    m_waiting.emplace_back(std::move(run), std::move(fail));
    if (m_state == State::Closed)
        startOpen();
}

void RedisClusterConnector::startOpen()
{
    m_state = State::Opening;
    refreshTopology([this](const std::optional<Error> &error) {
        if (error)
            return finishOpen(error);
        m_openLeft = int(m_masters.size());
        if (m_openLeft == 0)
            return finishOpen(std::nullopt);
        for (int m : std::as_const(m_masters))
            m_nodes.at(size_t(m)).connector->open();
    });
}

void RedisClusterConnector::finishOpen(const std::optional<Error> &discoveryError)
{
    if (m_state != State::Opening)
        return;
    std::optional<Error> error = discoveryError;
    if (!error) {
        QStringList down;
        for (int m : std::as_const(m_masters)) {
            const Node &n = m_nodes.at(size_t(m));
            if (!n.up)
                down.append(n.error ? n.error->message : n.address.toString());
        }
        if (down.size() == m_masters.size())
            error = Error::make(ErrorKind::Connect,
                                QStringLiteral("No master of the Redis Cluster at %1 can be reached: %2")
                                    .arg(spec().displayAddress(), down.join(QStringLiteral("; "))));
    }
    auto waiting = std::exchange(m_waiting, {});
    if (error) {
        m_state = State::Closed;
        Q_EMIT connectionLost(*error);
        for (const auto &w : waiting)
            w.second(*error);
        return;
    }
    m_state = State::Open;
    m_info = mergedInfo();
    Q_EMIT opened(m_info);
    for (const auto &w : waiting)
        w.first();
}

ServerInfo RedisClusterConnector::mergedInfo() const
{
    ServerInfo info;
    info.product = QStringLiteral("Redis");
    info.mode = QStringLiteral("cluster");
    info.address = spec().displayAddress();
    qint64 keys = 0;
    bool anyKeys = false;
    for (int m : m_masters) {
        const Node &n = m_nodes.at(size_t(m));
        if (!n.up)
            continue;
        if (info.version.isEmpty())
            info.version = n.info.version;
        if (n.info.dbSize >= 0) {
            keys += n.info.dbSize;
            anyKeys = true;
        }
        info.roundTripMs = qMax(info.roundTripMs, n.info.roundTripMs);
        info.hasUnlink = info.hasUnlink && n.info.hasUnlink;
        info.hasMemoryUsage = info.hasMemoryUsage && n.info.hasMemoryUsage;
    }
    info.dbSize = anyKeys ? keys : -1;
    return info;
}

void RedisClusterConnector::refreshInfo(quint64 id)
{
    whenOpen(
        [this, id] {
            auto left = std::make_shared<int>(int(m_masters.size()));
            auto failure = std::make_shared<std::optional<Error>>();
            const auto one = [this, id, left, failure] {
                if (--*left > 0)
                    return;
                m_info = mergedInfo();
                if (m_info.version.isEmpty() && *failure)
                    return Q_EMIT requestFailed(id, **failure);
                Q_EMIT infoReady(id, m_info);
            };
            for (int m : std::as_const(m_masters)) {
                Answer a;
                a.info = [this, m, one](const ServerInfo &info) {
                    m_nodes[size_t(m)].info = info;
                    m_nodes[size_t(m)].up = true;
                    one();
                };
                a.failed = [failure, one](const Error &e) {
                    if (!*failure)
                        *failure = e;
                    one();
                };
                ask(m, std::move(a), [](RedisConnector *c, quint64 inner) { c->refreshInfo(inner); });
            }
        },
        [this, id](const Error &e) { Q_EMIT requestFailed(id, e); });
}

// ---- statistics -------------------------------------------------------------------------

void RedisClusterConnector::fetchServerStats(quint64 id)
{
    whenOpen(
        [this, id] {
            struct Collect
            {
                std::vector<QList<ServerStats>> perMaster;
                int left = 0;
                int failures = 0;
                std::optional<Error> firstError;
            };
            auto state = std::make_shared<Collect>();
            state->perMaster.resize(size_t(m_masters.size()));
            state->left = int(m_masters.size());
            const auto one = [this, id, state] {
                if (--state->left > 0)
                    return;
                if (state->failures == int(state->perMaster.size()) && state->firstError)
                    return Q_EMIT requestFailed(id, *state->firstError);
                QList<ServerStats> tables; // master order: one line per node, stable
                for (const QList<ServerStats> &t : state->perMaster)
                    tables += t;
                Q_EMIT serverStatsReady(id, tables);
            };
            for (qsizetype i = 0; i < m_masters.size(); ++i) {
                const QString server = m_nodes.at(size_t(m_masters.at(i))).address.toString();
                Answer a;
                a.stats = [state, i, one](const QList<ServerStats> &tables) {
                    state->perMaster[size_t(i)] = tables;
                    one();
                };
                // Like a memcached pool member: an "error" table keeps the node's line (a gap).
                a.failed = [state, i, one, server](const Error &e) {
                    ++state->failures;
                    if (!state->firstError)
                        state->firstError = e;
                    state->perMaster[size_t(i)] = {ServerStats{
                        server, QStringLiteral("error"), {QStringLiteral("error")}, {{e.message}}}};
                    one();
                };
                ask(m_masters.at(i), std::move(a),
                    [](RedisConnector *c, quint64 inner) { c->fetchServerStats(inner); });
            }
        },
        [this, id](const Error &e) { Q_EMIT requestFailed(id, e); });
}

} // namespace cachescope

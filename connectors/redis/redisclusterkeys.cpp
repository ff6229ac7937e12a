// RedisClusterConnector: listing keys on every master, and single-key requests routed by
// hash slot, following MOVED (repoint the slot, refresh the map, retry) and ASK (clusterask.cpp).

#include "clusterslot.h"
#include "redisclusterconnector.h"
#include "redisconnector.h"
#include "respvalue.h"

#include <QRegularExpression>

namespace cachescope {

struct RedisClusterConnector::ClusterScan
{
    QHash<int, quint64> innerIds; // master node -> its scan
    qint64 found = 0;
    qint64 pages = 0;
    int left = 0;
    bool complete = true;
    bool stopped = false; // stopScan() before the masters were asked
    QStringList errors;
    QElapsedTimer clock;
};

// ---- redirects --------------------------------------------------------------------------

std::optional<RedisClusterConnector::Redirect> RedisClusterConnector::parseRedirect(const Error &error)
{
    // RedisConnector ends a server error's message with the reply itself: "...: MOVED 3999
    // 127.0.0.1:7002". The address may be an IPv6 one without brackets: split at the last ':'.
    if (error.kind != ErrorKind::Server)
        return std::nullopt;
    static const QRegularExpression re(QStringLiteral("(?:^|\\s)(MOVED|ASK) (\\d+) (\\S+):(\\d+)\\s*$"));
    const QRegularExpressionMatch m = re.match(error.message);
    if (!m.hasMatch())
        return std::nullopt;
    Redirect r;
    r.ask = m.captured(1) == u"ASK";
    r.slot = m.captured(2).toInt();
    QString host = m.captured(3);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    r.address = ServerAddress{host, quint16(m.captured(4).toUInt())};
    if (r.slot < 0 || r.slot >= ClusterSlotCount || r.address.port == 0)
        return std::nullopt;
    return r;
}

void RedisClusterConnector::followMoved(const Redirect &redirect)
{
    const int node = nodeFor(redirect.address);
    m_slotNode[size_t(redirect.slot)] = node;
    if (!m_masters.contains(node))
        m_masters.append(node); // until the refresh says otherwise
    // One slot moved usually means more did (a resharding): relearn the whole map.
    refreshTopology({});
}

// ---- scan -------------------------------------------------------------------------------

void RedisClusterConnector::scanKeys(quint64 id, const ScanRequest &request)
{
    auto scan = std::make_shared<ClusterScan>();
    scan->clock.start();
    m_scans.insert(id, scan);
    whenOpen(
        [this, id, request, scan] {
            if (m_scans.value(id) != scan)
                return;
            scan->left = int(m_masters.size());
            if (scan->left == 0 || scan->stopped) {
                scan->complete = !scan->stopped;
                return finishScan(id, scan);
            }
            // Every master lists its own keys at once; the pages interleave as they come.
            for (int m : std::as_const(m_masters)) {
                const QString node = m_nodes.at(size_t(m)).address.toString();
                Answer a;
                a.keys = [this, id, scan](const KeyBatch &batch) {
                    scan->found += batch.size();
                    Q_EMIT keysFound(id, batch, scan->found);
                };
                a.failed = [scan, node](const Error &e) {
                    scan->errors.append(
                        e.message.contains(node) ? e.message : QStringLiteral("%1: %2").arg(node, e.message));
                };
                a.scanFinished = [this, id, scan](const ScanSummary &s) {
                    scan->pages += s.pages;
                    scan->complete = scan->complete && s.complete;
                    if (--scan->left == 0)
                        finishScan(id, scan);
                };
                const quint64 inner = ask(
                    m, std::move(a), [request](RedisConnector *c, quint64 i) { c->scanKeys(i, request); });
                if (m_answers.contains(inner))
                    scan->innerIds.insert(m, inner);
            }
        },
        [this, id, scan](const Error &e) {
            scan->errors.append(e.message);
            scan->complete = false;
            finishScan(id, scan);
        });
}

void RedisClusterConnector::stopScan(quint64 id)
{
    const auto scan = m_scans.value(id);
    if (!scan)
        return;
    scan->stopped = true;
    for (auto it = scan->innerIds.cbegin(); it != scan->innerIds.cend(); ++it)
        m_nodes.at(size_t(it.key())).connector->stopScan(it.value());
}

void RedisClusterConnector::finishScan(quint64 id, const std::shared_ptr<ClusterScan> &scan)
{
    if (m_scans.value(id) != scan)
        return;
    m_scans.remove(id);
    ScanSummary summary;
    summary.keysFound = scan->found;
    summary.pages = scan->pages;
    summary.elapsedMs = scan->clock.elapsed();
    summary.complete = scan->complete && scan->errors.isEmpty();
    if (!scan->errors.isEmpty()) {
        summary.warning =
            QStringLiteral("The listing is partial: %1").arg(scan->errors.join(QStringLiteral("; ")));
        Q_EMIT requestFailed(id, Error::make(ErrorKind::Connect, summary.warning));
    }
    Q_EMIT scanFinished(id, summary);
}

// ---- metadata ---------------------------------------------------------------------------

void RedisClusterConnector::fetchMeta(quint64 id, const QList<QByteArray> &keys)
{
    whenOpen(
        [this, id, keys] {
            fetchMetaFrom(id, keys, true, [this, id](const Expected<QList<KeyMeta>> &metas) {
                if (!metas)
                    return Q_EMIT requestFailed(id, metas.error());
                Q_EMIT metaReady(id, *metas);
            });
        },
        [this, id](const Error &e) { Q_EMIT requestFailed(id, e); });
}

void RedisClusterConnector::fetchMetaFrom(quint64 id, const QList<QByteArray> &keys, bool retry,
                                          std::function<void(const Expected<QList<KeyMeta>> &)> done)
{
    struct Collect
    {
        QList<KeyMeta> metas;
        int left = 0;
        int answered = 0; // masters that answered
        std::optional<Error> error;
    };
    auto state = std::make_shared<Collect>();
    state->metas.resize(keys.size());
    QHash<int, QList<qsizetype>> byNode;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        Error unowned;
        const int node = ownerOf(keys.at(i), &unowned);
        state->metas[i].key = keys.at(i);
        if (node < 0) {
            state->error = unowned;
            continue;
        }
        byNode[node].append(i);
    }
    const auto finish = [this, id, keys, retry, state, done] {
        // Keys of a master that is down stay "unknown" while the others' are shown; only
        // when no master answered is it an error.
        if (state->error && state->answered == 0)
            return done(*state->error);
        // A node answers TYPE/PTTL of a key it does not own with MOVED, which RedisConnector's
        // metadata reads as "unknown": such keys are asked again once, after a map refresh.
        QList<qsizetype> unknown;
        for (qsizetype i = 0; i < state->metas.size(); ++i) {
            const KeyMeta &m = state->metas.at(i);
            if (m.type == KeyType::Unknown && m.ttlMs == TtlUnknown)
                unknown.append(i);
        }
        if (unknown.isEmpty() || !retry || state->error)
            return done(state->metas);
        refreshTopology([this, id, keys, state, unknown, done](const std::optional<Error> &) {
            QList<QByteArray> again;
            for (qsizetype i : unknown)
                again.append(keys.at(i));
            fetchMetaFrom(id, again, false, [state, unknown, done](const Expected<QList<KeyMeta>> &metas) {
                if (metas) {
                    for (qsizetype j = 0; j < unknown.size(); ++j)
                        state->metas[unknown.at(j)] = metas->at(j);
                }
                done(state->metas);
            });
        });
    };
    state->left = int(byNode.size());
    if (state->left == 0)
        return finish();
    for (auto it = byNode.cbegin(); it != byNode.cend(); ++it) {
        const QList<qsizetype> indexes = it.value();
        QList<QByteArray> subset;
        for (qsizetype i : indexes)
            subset.append(keys.at(i));
        Answer a;
        a.meta = [state, indexes, finish](const QList<KeyMeta> &metas) {
            for (qsizetype j = 0; j < indexes.size() && j < metas.size(); ++j)
                state->metas[indexes.at(j)] = metas.at(j);
            ++state->answered;
            if (--state->left == 0)
                finish();
        };
        a.failed = [state, finish](const Error &e) {
            if (!state->error)
                state->error = e;
            if (--state->left == 0)
                finish();
        };
        ask(it.key(), std::move(a),
            [subset](RedisConnector *c, quint64 inner) { c->fetchMeta(inner, subset); });
    }
}

// ---- values -----------------------------------------------------------------------------

void RedisClusterConnector::fetchValue(quint64 id, const ValueRequest &request)
{
    whenOpen([this, id, request] { fetchValueFrom(id, request, 0); },
             [this, id](const Error &e) { Q_EMIT requestFailed(id, e); });
}

void RedisClusterConnector::fetchValueFrom(quint64 id, const ValueRequest &request, int redirects)
{
    Error error;
    const int node = ownerOf(request.key, &error);
    if (node < 0)
        return Q_EMIT requestFailed(id, error);
    Answer a;
    a.value = [this, id](const KeyValue &value) { Q_EMIT valueReady(id, value); };
    a.failed = [this, id, request, redirects](const Error &e) {
        const auto redirect = parseRedirect(e);
        if (!redirect || redirects >= MaxRedirects)
            return Q_EMIT requestFailed(id, e);
        if (!redirect->ask) {
            followMoved(*redirect);
            return fetchValueFrom(id, request, redirects + 1);
        }
        askValue(id, request, redirect->address);
    };
    ask(node, std::move(a), [request](RedisConnector *c, quint64 inner) { c->fetchValue(inner, request); });
}

// ---- writes -----------------------------------------------------------------------------

void RedisClusterConnector::doDeleteKeys(quint64 id, const QList<QByteArray> &keys)
{
    whenOpen(
        [this, id, keys] {
            struct Collect
            {
                qint64 deleted = 0;
                int left = 0;
                std::optional<Error> error;
            };
            auto state = std::make_shared<Collect>();
            // One slot at a time: a node refuses keys of several slots in one command, and a
            // MOVED then concerns exactly the keys it names.
            const QList<QList<QByteArray>> groups = groupKeysBySlot(keys);
            state->left = int(groups.size());
            if (groups.isEmpty())
                return Q_EMIT keysDeleted(id, 0, 0);
            for (const QList<QByteArray> &group : groups) {
                deleteGroup(group, 0, [this, id, state, total = keys.size()](const Expected<qint64> &n) {
                    if (n)
                        state->deleted += *n;
                    else if (!state->error)
                        state->error = n.error();
                    if (--state->left > 0)
                        return;
                    if (!state->error)
                        return Q_EMIT keysDeleted(id, state->deleted, total);
                    Error e = *state->error;
                    if (state->deleted > 0)
                        e.message += QStringLiteral(" (%1 key(s) were deleted on the other nodes)")
                                         .arg(state->deleted);
                    Q_EMIT requestFailed(id, e);
                });
            }
        },
        [this, id](const Error &e) { Q_EMIT requestFailed(id, e); });
}

void RedisClusterConnector::deleteGroup(const QList<QByteArray> &keys, int redirects,
                                        std::function<void(const Expected<qint64> &)> done)
{
    Error error;
    const int node = ownerOf(keys.constFirst(), &error);
    if (node < 0)
        return done(error);
    Answer a;
    a.deleted = [done](qint64 deleted, qint64) { done(deleted); };
    a.failed = [this, keys, redirects, done](const Error &e) {
        const auto redirect = parseRedirect(e);
        if (!redirect || redirects >= MaxRedirects)
            return done(e);
        if (!redirect->ask) {
            followMoved(*redirect);
            return deleteGroup(keys, redirects + 1, done);
        }
        QList<QByteArray> argv{m_info.hasUnlink ? QByteArray("UNLINK") : QByteArray("DEL")};
        argv += keys;
        askOnce(redirect->address, {argv}, [done](const Expected<QList<RespValue>> &replies) {
            if (!replies)
                return done(replies.error());
            const RespValue &r = replies->constFirst();
            if (r.isError())
                return done(Error::make(ErrorKind::Server, QString::fromUtf8(r.str)));
            done(r.toInteger());
        });
    };
    ask(node, std::move(a), [keys](RedisConnector *c, quint64 inner) { c->deleteKeys(inner, keys); });
}

void RedisClusterConnector::doSetTtl(quint64 id, const QByteArray &key, qint64 ttlMs)
{
    whenOpen([this, id, key, ttlMs] { setTtlRouted(id, key, ttlMs, 0); },
             [this, id](const Error &e) { Q_EMIT requestFailed(id, e); });
}

void RedisClusterConnector::setTtlRouted(quint64 id, const QByteArray &key, qint64 ttlMs, int redirects)
{
    Error error;
    const int node = ownerOf(key, &error);
    if (node < 0)
        return Q_EMIT requestFailed(id, error);
    Answer a;
    a.ttl = [this, id, key](bool applied) { Q_EMIT ttlChanged(id, key, applied); };
    a.failed = [this, id, key, ttlMs, redirects](const Error &e) {
        const auto redirect = parseRedirect(e);
        if (!redirect || redirects >= MaxRedirects)
            return Q_EMIT requestFailed(id, e);
        if (!redirect->ask) {
            followMoved(*redirect);
            return setTtlRouted(id, key, ttlMs, redirects + 1);
        }
        const QList<QByteArray> argv = ttlMs == NoExpiry
                                           ? QList<QByteArray>{"PERSIST", key}
                                           : QList<QByteArray>{"PEXPIRE", key, QByteArray::number(ttlMs)};
        askOnce(redirect->address, {argv}, [this, id, key](const Expected<QList<RespValue>> &replies) {
            if (!replies)
                return Q_EMIT requestFailed(id, replies.error());
            const RespValue &r = replies->constFirst();
            if (r.isError())
                return Q_EMIT requestFailed(id, Error::make(ErrorKind::Server, QString::fromUtf8(r.str)));
            Q_EMIT ttlChanged(id, key, r.toInteger() == 1);
        });
    };
    ask(node, std::move(a), [key, ttlMs](RedisConnector *c, quint64 inner) { c->setTtl(inner, key, ttlMs); });
}

} // namespace cachescope

#include "redisconnector.h"

#include "clusterslot.h"
#include "respclient.h"
#include "respvalue.h"
#include "scanreply.h"
#include "sentinelresolver.h"

#include <QTimer>

#include <hiredis/hiredis.h>

#include <memory>
#include <optional>

namespace cachescope {

namespace {

// Keys per UNLINK / DEL command: big enough to amortise round trips, small enough that
// one command never blocks the server noticeably.
constexpr qsizetype DeleteBatch = 1000;

QByteArray infoField(const QByteArray &info, QByteArrayView name)
{
    qsizetype from = 0;
    while (from < info.size()) {
        qsizetype end = info.indexOf('\n', from);
        if (end < 0)
            end = info.size();
        const QByteArrayView line = QByteArrayView(info).sliced(from, end - from).trimmed();
        if (line.startsWith(name) && line.size() > name.size() && line.at(name.size()) == ':')
            return line.sliced(name.size() + 1).toByteArray();
        from = end + 1;
    }
    return QByteArray();
}

int majorVersion(const QString &version)
{
    return version.section(u'.', 0, 0).toInt();
}

} // namespace

RedisConnector::RedisConnector(const ConnectionSpec &spec, QObject *parent)
    : Connector(spec, parent), m_client(new RespClient(spec, this))
{
    connect(m_client, &RespClient::connected, this, &RedisConnector::onClientConnected);
    connect(m_client, &RespClient::disconnected, this, &RedisConnector::onClientDisconnected);
    if (spec.topology == RedisTopology::Sentinel)
        m_sentinel = new SentinelResolver(spec, this);
}

RedisConnector::~RedisConnector() = default;

QString RedisConnector::who() const
{
    return QStringLiteral("Redis at %1").arg(m_client->serverAddress());
}

Error RedisConnector::serverError(const RespValue &reply, const QString &doing)
{
    const QString text = QString::fromUtf8(reply.str);
    if (reply.str.startsWith("NOAUTH"))
        return authError(reply);
    if (reply.str.startsWith("READONLY") && m_sentinel) {
        Error error = Error::make(ErrorKind::ReadOnly,
                                  QStringLiteral("%1 is no longer the master of '%2' (it became a replica "
                                                 "and refused to %3); nothing was changed by that "
                                                 "command. The Sentinels are asked for the new master; "
                                                 "run it again")
                                      .arg(who(), spec().sentinelService, doing));
        // Not from inside this reply's callback: the rest of its pipeline still gets answers.
        QTimer::singleShot(0, this, [this, error] { dropStaleMaster(error); });
        return error;
    }
    if (reply.str.startsWith("READONLY"))
        return Error::make(ErrorKind::ReadOnly,
                           QStringLiteral("%1 is a read-only replica and refused to %2; connect to its "
                                          "master to change data (%3)")
                               .arg(who(), doing, text));
    if (auto refusal = connectionRefusal(reply))
        return *refusal;
    return Error::make(ErrorKind::Server, QStringLiteral("%1 refused to %2: %3").arg(who(), doing, text));
}

std::optional<Error> RedisConnector::connectionRefusal(const RespValue &reply) const
{
    // Redis accepts the TCP connection, answers the first command with this and hangs up:
    // without this the person would only read "closed the connection".
    if (!reply.isError() || !reply.str.contains("max number of clients reached"))
        return std::nullopt;
    return Error::make(ErrorKind::Connect,
                       QStringLiteral("%1 refused the connection: it has reached its maxclients limit "
                                      "(%2); close idle clients or raise maxclients")
                           .arg(who(), QString::fromUtf8(reply.str)));
}

Error RedisConnector::authError(const RespValue &reply) const
{
    const QString user = spec().username.isEmpty() ? QStringLiteral("default") : spec().username;
    const QByteArray &s = reply.str;
    if (s.startsWith("NOAUTH"))
        return Error::make(ErrorKind::Auth,
                           QStringLiteral("%1 requires a password (NOAUTH); give it in the URL, e.g. "
                                          "redis://:PASSWORD@host:port/db")
                               .arg(who()));
    if (s.startsWith("WRONGPASS") || s.contains("invalid password") ||
        s.contains("invalid username-password"))
        return Error::make(ErrorKind::Auth,
                           QStringLiteral("%1 refused the password for user '%2'").arg(who(), user));
    if (s.contains("without any password configured") || s.contains("no password is set"))
        return Error::make(ErrorKind::Auth,
                           QStringLiteral("%1 has no password set for user '%2', but the connection "
                                          "URL gives one (%3)")
                               .arg(who(), user, QString::fromUtf8(s)));
    return Error::make(
        ErrorKind::Auth,
        QStringLiteral("%1 refused to log in user '%2': %3").arg(who(), user, QString::fromUtf8(s)));
}

// ---- connection -------------------------------------------------------------------------

void RedisConnector::open()
{
    if (m_state == State::Open)
        Q_EMIT opened(m_info);
    else if (m_state == State::Closed)
        startOpen();
}

void RedisConnector::whenOpen(quint64 id, bool isScan, std::function<void()> run,
                              std::function<void(const Error &)> fail)
{
    if (m_state == State::Open) {
        run();
        return;
    }
    m_waiting.push_back(Waiting{id, isScan, std::move(run), std::move(fail)});
    if (m_state == State::Closed)
        startOpen();
}

void RedisConnector::startOpen()
{
    m_state = State::Opening;
    if (m_sentinel) {
        m_failoverBudget.setRemainingTime(spec().connectTimeoutMs);
        m_failoverAttempt = 0;
        return resolveMaster();
    }
    m_client->connectToServer();
}

void RedisConnector::onClientConnected()
{
    QList<Command> handshake;
    if (!spec().password.isEmpty()) {
        if (spec().username.isEmpty())
            handshake.append({"AUTH", spec().password.toUtf8()});
        else
            handshake.append({"AUTH", spec().username.toUtf8(), spec().password.toUtf8()});
    }
    const bool auth = !handshake.isEmpty();
    if (spec().db != 0)
        handshake.append({"SELECT", QByteArray::number(spec().db)});
    auto afterHandshake = [this, auth](const Replies &replies) {
        if (!replies)
            return finishOpen(replies.error());
        if (auth && replies->at(0).isError())
            return finishOpen(authError(replies->at(0)));
        if (spec().db != 0 && replies->last().isError()) {
            const RespValue &r = replies->last();
            if (r.str.startsWith("NOAUTH"))
                return finishOpen(authError(r));
            return finishOpen(
                Error::make(ErrorKind::Server, QStringLiteral("%1 cannot select database %2: %3")
                                                   .arg(who())
                                                   .arg(spec().db)
                                                   .arg(QString::fromUtf8(r.str))));
        }
        collectInfo([this](const Expected<ServerInfo> &info) {
            if (!info || !m_sentinel)
                return finishOpen(info);
            ServerInfo checked = *info;
            if (acceptMaster(checked))
                finishOpen(checked);
        });
    };
    if (handshake.isEmpty())
        afterHandshake(QList<RespValue>());
    else
        pipeline(handshake, afterHandshake);
}

void RedisConnector::finishOpen(const Expected<ServerInfo> &result)
{
    if (m_state != State::Opening)
        return;
    std::vector<Waiting> waiting;
    waiting.swap(m_waiting);
    if (!result) {
        m_state = State::Closed;
        m_client->disconnectFromServer();
        Q_EMIT connectionLost(result.error());
        for (const Waiting &w : waiting) {
            if (w.fail) {
                w.fail(result.error());
                continue;
            }
            Q_EMIT requestFailed(w.id, result.error());
            if (w.isScan)
                finishScan(w.id, false);
        }
        return;
    }
    m_state = State::Open;
    m_info = *result;
    Q_EMIT opened(m_info);
    for (const Waiting &w : waiting) {
        // A request may have lost the connection again; the rest wait for the next open.
        if (m_state == State::Open)
            w.run();
        else
            whenOpen(w.id, w.isScan, w.run, w.fail);
    }
}

void RedisConnector::onClientDisconnected(const Error &error)
{
    if (m_state == State::Opening) {
        if (!retryMaster(error))
            finishOpen(error);
    } else if (m_state == State::Open) {
        m_state = State::Closed;
        Q_EMIT connectionLost(error);
    }
}

void RedisConnector::pipeline(const QList<Command> &commands, std::function<void(const Replies &)> done)
{
    struct Collect
    {
        QList<RespValue> replies;
        qsizetype left = 0;
        std::optional<Error> error;
        std::function<void(const Replies &)> done;
    };
    auto state = std::make_shared<Collect>();
    state->replies.resize(commands.size());
    state->left = commands.size();
    state->done = std::move(done);
    for (qsizetype i = 0; i < commands.size(); ++i) {
        m_client->send(commands.at(i), [this, state, i](const RespReply &reply) {
            if (!reply.ok()) {
                if (!state->error)
                    state->error = reply.transportError();
            } else if (!state->error) {
                state->replies[i] = reply.value();
                // The hang-up that follows must not hide why the server refused us.
                state->error = connectionRefusal(state->replies[i]);
            }
            if (--state->left == 0)
                state->done(state->error ? Replies(*state->error) : Replies(std::move(state->replies)));
        });
    }
}

void RedisConnector::collectInfo(std::function<void(const Expected<ServerInfo> &)> done)
{
    const QList<Command> commands{{"INFO", "server"}, {"INFO", "replication"}, {"DBSIZE"}};
    pipeline(commands, [this, done = std::move(done)](const Replies &replies) {
        if (!replies)
            return done(replies.error());
        for (const RespValue &r : *replies) {
            if (r.isError() && r.str.startsWith("NOAUTH"))
                return done(authError(r));
        }
        ServerInfo info;
        info.product = QStringLiteral("Redis");
        info.address = spec().displayAddress();
        // An ACL user may lack INFO: then the version stays unknown and features are assumed.
        const QByteArray server = replies->at(0).isError() ? QByteArray() : replies->at(0).str;
        info.version = QString::fromLatin1(infoField(server, "redis_version"));
        info.mode = QString::fromLatin1(infoField(server, "redis_mode"));
        if (info.mode.isEmpty())
            info.mode = QStringLiteral("standalone");
        if (info.mode == u"cluster" && !m_clusterNode)
            return done(Error::make(
                ErrorKind::Usage,
                QStringLiteral("%1 is a Redis Cluster node (cluster_enabled:1): it holds only some of the "
                               "keys and redirects the rest (MOVED). Connect with "
                               "redis+cluster://%2 to see the whole cluster.")
                    .arg(who(), m_client->serverAddress())));
        const int major = info.version.isEmpty() ? 99 : majorVersion(info.version);
        info.hasUnlink = major >= 4;
        info.hasMemoryUsage = major >= 4;
        info.readOnlyReplica = infoField(replies->at(1).str, "role") == "slave";
        info.dbSize = replies->at(2).isInteger() ? replies->at(2).integer : -1;
        if (m_sentinel) {
            info.mode = QStringLiteral("sentinel");
            info.address = m_client->serverAddress(); // the master now, not the Sentinels
        }
        auto clock = std::make_shared<QElapsedTimer>();
        clock->start();
        m_client->send({"PING"}, [info, clock, done](const RespReply &reply) mutable {
            if (!reply.ok())
                return done(reply.transportError());
            info.roundTripMs = double(clock->nsecsElapsed()) / 1e6;
            done(info);
        });
    });
}

void RedisConnector::refreshInfo(quint64 id)
{
    whenOpen(id, false, [this, id] {
        collectInfo([this, id](const Expected<ServerInfo> &info) {
            if (!info)
                return Q_EMIT requestFailed(id, info.error());
            if (m_sentinel && info->readOnlyReplica) {
                // Failed over while we were idle: answer from the new master instead.
                dropStaleMaster(Error::make(
                    ErrorKind::Connect,
                    QStringLiteral("%1 is no longer the master of '%2'").arg(who(), spec().sentinelService)));
                return refreshInfo(id);
            }
            m_info = *info;
            Q_EMIT infoReady(id, m_info);
        });
    });
}

// ---- keys -------------------------------------------------------------------------------

void RedisConnector::scanKeys(quint64 id, const ScanRequest &request)
{
    Scan scan;
    scan.request = request;
    if (scan.request.count <= 0)
        scan.request.count = spec().scanCount;
    scan.clock.start();
    m_scans.insert(id, scan);
    whenOpen(id, true, [this, id] { requestScanPage(id); });
}

void RedisConnector::stopScan(quint64 id)
{
    const auto it = m_scans.find(id);
    if (it != m_scans.end())
        it->stopRequested = true;
}

void RedisConnector::requestScanPage(quint64 id)
{
    const auto it = m_scans.find(id);
    if (it == m_scans.end())
        return;
    if (it->stopRequested)
        return finishScan(id, false);
    Command argv{"SCAN", it->cursor};
    if (!it->request.match.isEmpty())
        argv << QByteArray("MATCH") << it->request.match;
    argv << QByteArray("COUNT") << QByteArray::number(it->request.count);
    m_client->send(argv, [this, id](const RespReply &reply) {
        const auto it = m_scans.find(id);
        if (it == m_scans.end())
            return;
        if (!reply.ok()) {
            const Error error = reply.transportError();
            return finishScan(id, false, &error);
        }
        const redisReply *r = reply.raw();
        if (r->type == REDIS_REPLY_ERROR) {
            const Error error = serverError(reply.value(), QStringLiteral("list keys"));
            return finishScan(id, false, &error);
        }
        // The hot path: straight from hiredis' reply into one KeyBatch.
        KeyBatch batch;
        QByteArray cursor;
        if (!parseScanReply(r, &cursor, &batch)) {
            const Error error = Error::make(ErrorKind::Protocol,
                                            QStringLiteral("%1 sent an unexpected SCAN reply").arg(who()));
            return finishScan(id, false, &error);
        }
        it->cursor = cursor;
        it->found += batch.size();
        ++it->pages;
        const bool done = it->cursor == "0";
        if (!batch.isEmpty())
            Q_EMIT keysFound(id, batch, it->found);
        if (done)
            finishScan(id, true);
        else
            requestScanPage(id);
    });
}

void RedisConnector::finishScan(quint64 id, bool complete, const Error *error)
{
    const auto it = m_scans.find(id);
    if (it == m_scans.end())
        return;
    ScanSummary summary;
    summary.keysFound = it->found;
    summary.pages = it->pages;
    summary.elapsedMs = it->clock.elapsed();
    summary.complete = complete;
    m_scans.erase(it);
    if (error)
        Q_EMIT requestFailed(id, *error);
    Q_EMIT scanFinished(id, summary);
}

void RedisConnector::fetchMeta(quint64 id, const QList<QByteArray> &keys)
{
    whenOpen(id, false, [this, id, keys] {
        if (keys.isEmpty())
            return Q_EMIT metaReady(id, {});
        // MEMORY USAGE with its default sampling (5 elements), not SAMPLES 0: an exact
        // figure for a million-element hash would stall a production server.
        const bool memory = m_info.hasMemoryUsage;
        const int perKey = memory ? 3 : 2;
        QList<Command> commands;
        commands.reserve(keys.size() * perKey);
        for (const QByteArray &key : keys) {
            commands.append({"TYPE", key});
            commands.append({"PTTL", key});
            if (memory)
                commands.append({"MEMORY", "USAGE", key});
        }
        pipeline(commands, [this, id, keys, memory, perKey](const Replies &replies) {
            if (!replies)
                return Q_EMIT requestFailed(id, replies.error());
            QList<KeyMeta> metas;
            metas.reserve(keys.size());
            for (qsizetype i = 0; i < keys.size(); ++i) {
                const RespValue &type = replies->at(i * perKey);
                const RespValue &ttl = replies->at(i * perKey + 1);
                if (type.isError() && type.str.startsWith("NOAUTH"))
                    return Q_EMIT requestFailed(id, authError(type));
                KeyMeta meta;
                meta.key = keys.at(i);
                if (!type.isError())
                    meta.type = keyTypeFromName(type.str);
                if (ttl.isInteger())
                    meta.ttlMs = ttl.integer < 0 ? (ttl.integer == -1 ? NoExpiry : KeyMissing) : ttl.integer;
                if (meta.type == KeyType::Missing)
                    meta.ttlMs = KeyMissing;
                if (memory) {
                    const RespValue &size = replies->at(i * perKey + 2);
                    if (size.isInteger())
                        meta.sizeBytes = size.integer;
                    else if (size.isError() && size.str.contains("unknown"))
                        m_info.hasMemoryUsage = false; // renamed or disabled: stop asking
                }
                metas.append(meta);
            }
            Q_EMIT metaReady(id, metas);
        });
    });
}

// ---- writes -----------------------------------------------------------------------------

void RedisConnector::doDeleteKeys(quint64 id, const QList<QByteArray> &keys)
{
    whenOpen(id, false, [this, id, keys] { deleteWith(id, keys, m_info.hasUnlink); });
}

void RedisConnector::deleteWith(quint64 id, const QList<QByteArray> &keys, bool unlink)
{
    if (keys.isEmpty())
        return Q_EMIT keysDeleted(id, 0, 0);
    QList<Command> commands;
    const QList<QList<QByteArray>> groups = m_clusterNode ? groupKeysBySlot(keys) : QList<QList<QByteArray>>{keys};
    for (const QList<QByteArray> &group : groups) {
        for (qsizetype from = 0; from < group.size(); from += DeleteBatch) {
            Command argv;
            const qsizetype n = qMin(DeleteBatch, group.size() - from);
            argv.reserve(n + 1);
            argv.append(unlink ? QByteArrayLiteral("UNLINK") : QByteArrayLiteral("DEL"));
            argv.append(group.mid(from, n));
            commands.append(argv);
        }
    }
    pipeline(commands, [this, id, keys, unlink](const Replies &replies) {
        if (!replies)
            return Q_EMIT requestFailed(id, replies.error());
        qint64 deleted = 0;
        for (const RespValue &r : *replies) {
            if (r.isError()) {
                if (unlink && r.str.startsWith("ERR unknown command")) {
                    m_info.hasUnlink = false; // renamed away: DEL does the same, blocking
                    return deleteWith(id, keys, false);
                }
                Error error = serverError(r, QStringLiteral("delete keys"));
                if (deleted > 0)
                    error.message += QStringLiteral(" (%1 key(s) were deleted before that)").arg(deleted);
                return Q_EMIT requestFailed(id, error);
            }
            deleted += r.integer;
        }
        Q_EMIT keysDeleted(id, deleted, keys.size());
    });
}

void RedisConnector::doSetTtl(quint64 id, const QByteArray &key, qint64 ttlMs)
{
    if (ttlMs <= 0 && ttlMs != NoExpiry)
        return Q_EMIT requestFailed(
            id, Error::make(ErrorKind::Usage, QStringLiteral("A TTL must be positive (or none to "
                                                             "remove the expiry)")));
    whenOpen(id, false, [this, id, key, ttlMs] {
        const Command argv =
            ttlMs == NoExpiry ? Command{"PERSIST", key} : Command{"PEXPIRE", key, QByteArray::number(ttlMs)};
        m_client->send(argv, [this, id, key](const RespReply &reply) {
            if (!reply.ok())
                return Q_EMIT requestFailed(id, reply.transportError());
            const RespValue v = reply.value();
            if (v.isError())
                return Q_EMIT requestFailed(id, serverError(v, QStringLiteral("change the TTL")));
            Q_EMIT ttlChanged(id, key, v.toInteger() == 1);
        });
    });
}

} // namespace cachescope

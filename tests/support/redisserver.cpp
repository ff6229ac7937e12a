#include "redisserver.h"

#include "freeport.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QStandardPaths>
#include <QThread>

#include <hiredis/hiredis.h>

#include <csignal>
#include <sys/time.h>

namespace cachescope::test {

namespace {

struct ReplyFree
{
    void operator()(redisReply *r) const { freeReplyObject(r); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyFree>;

} // namespace

RedisServer::RedisServer()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

RedisServer::~RedisServer()
{
    closeContext();
    if (m_process.state() == QProcess::NotRunning)
        return;
    resume();
    m_process.terminate(); // with --save '' nothing is written on the way out
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(2000);
    }
}

bool RedisServer::start(const QStringList &extraArgs)
{
    const QString exe = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    if (exe.isEmpty()) {
        m_error = QStringLiteral("redis-server is not installed (apt-get install redis-server); the Redis "
                                 "integration tests need it");
        return false;
    }
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary directory: %1").arg(m_dir.errorString());
        return false;
    }
    const qsizetype pw = extraArgs.indexOf(QStringLiteral("--requirepass"));
    if (pw >= 0 && pw + 1 < extraArgs.size())
        m_password = extraArgs.at(pw + 1).toUtf8();

    // The free port may be taken between probe and bind: try a few.
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_port = freeLoopbackPort();
        QStringList args;
        if (!m_configFile.isEmpty())
            args.append(m_configFile);
        args += QStringList{QStringLiteral("--port"),       QString::number(m_port),
                         QStringLiteral("--bind"),       QStringLiteral("127.0.0.1"),
                         QStringLiteral("--save"),       QString(),
                         QStringLiteral("--appendonly"), QStringLiteral("no"),
                         QStringLiteral("--dir"),        m_dir.path(),
                         QStringLiteral("--daemonize"),  QStringLiteral("no")};
        args += extraArgs;
        m_process.start(exe, args);
        if (!m_process.waitForStarted(5000)) {
            m_error = QStringLiteral("cannot start redis-server: %1").arg(m_process.errorString());
            return false;
        }
        // Bounded poll until it accepts connections (or dies, e.g. port in use).
        const QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
            if (ensureContext()) {
                const RespValue pong = command({"PING"});
                if (pong.str == "PONG")
                    return true;
            }
            m_process.waitForFinished(25); // a short, bounded wait that also notices an exit
        }
        const QString output = QString::fromLocal8Bit(m_process.readAll());
        if (m_process.state() == QProcess::Running) {
            m_process.kill();
            m_process.waitForFinished(2000);
            m_error = QStringLiteral("redis-server on port %1 did not accept connections within 10 s:\n%2")
                          .arg(m_port)
                          .arg(output);
            return false;
        }
        m_error = QStringLiteral("redis-server exited at start:\n%1").arg(output);
        if (!output.contains(QStringLiteral("in use")))
            return false;
    }
    return false;
}

bool RedisServer::setConfig(const QByteArray &text)
{
    if (!m_dir.isValid())
        return false;
    QFile file(m_dir.filePath(QStringLiteral("redis.conf")));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text) != text.size())
        return false;
    m_configFile = file.fileName();
    return true;
}

QString RedisServer::url(const QString &userInfo, const QString &query) const
{
    QString u = QStringLiteral("redis://");
    if (!userInfo.isEmpty())
        u += userInfo + u'@';
    u += QStringLiteral("127.0.0.1:%1/0").arg(m_port);
    if (!query.isEmpty())
        u += u'?' + query;
    return u;
}

ConnectionSpec RedisServer::spec() const
{
    ConnectionSpec s;
    s.host = QStringLiteral("127.0.0.1");
    s.port = m_port;
    s.password = QString::fromUtf8(m_password);
    return s;
}

bool RedisServer::ensureContext()
{
    if (m_ctx && !m_ctx->err)
        return true;
    closeContext();
    const timeval tv{2, 0};
    m_ctx = redisConnectWithTimeout("127.0.0.1", m_port, tv);
    if (!m_ctx || m_ctx->err) {
        closeContext();
        return false;
    }
    redisSetTimeout(m_ctx, timeval{10, 0});
    if (!m_password.isEmpty()) {
        const char *argv[] = {"AUTH", m_password.constData()};
        const size_t lens[] = {4, size_t(m_password.size())};
        ReplyPtr r(static_cast<redisReply *>(redisCommandArgv(m_ctx, 2, argv, lens)));
        if (!r || r->type == REDIS_REPLY_ERROR) {
            closeContext();
            return false;
        }
    }
    return true;
}

void RedisServer::closeContext()
{
    if (m_ctx)
        redisFree(m_ctx);
    m_ctx = nullptr;
}

RespValue RedisServer::command(const QList<QByteArray> &argv)
{
    if (!ensureContext())
        return RespValue::makeError("test helper: cannot connect to redis-server on port " +
                                    QByteArray::number(m_port));
    std::vector<const char *> args;
    std::vector<size_t> lens;
    for (const QByteArray &a : argv) {
        args.push_back(a.constData());
        lens.push_back(size_t(a.size()));
    }
    ReplyPtr r(
        static_cast<redisReply *>(redisCommandArgv(m_ctx, int(args.size()), args.data(), lens.data())));
    if (!r) {
        const QByteArray why = m_ctx->errstr;
        closeContext();
        return RespValue::makeError("test helper: " + why);
    }
    return RespValue::fromReply(r.get());
}

bool RedisServer::fill(qint64 n, const QByteArray &prefix)
{
    if (!ensureContext())
        return false;
    constexpr qint64 Chunk = 10000;
    for (qint64 from = 0; from < n; from += Chunk) {
        const qint64 to = qMin(n, from + Chunk);
        for (qint64 i = from; i < to; ++i) {
            const QByteArray key = prefix + QByteArray::number(i);
            const QByteArray value = QByteArray::number(i);
            const char *argv[] = {"SET", key.constData(), value.constData()};
            const size_t lens[] = {3, size_t(key.size()), size_t(value.size())};
            redisAppendCommandArgv(m_ctx, 3, argv, lens);
        }
        for (qint64 i = from; i < to; ++i) {
            void *out = nullptr;
            if (redisGetReply(m_ctx, &out) != REDIS_OK) {
                closeContext();
                return false;
            }
            ReplyPtr r(static_cast<redisReply *>(out));
            if (r->type != REDIS_REPLY_STATUS)
                return false;
        }
    }
    return true;
}

void RedisServer::pause()
{
    if (m_process.state() == QProcess::Running && !m_paused) {
        ::kill(pid_t(m_process.processId()), SIGSTOP);
        m_paused = true;
    }
}

void RedisServer::resume()
{
    if (m_paused) {
        ::kill(pid_t(m_process.processId()), SIGCONT);
        m_paused = false;
    }
}

} // namespace cachescope::test

namespace cachescope::test {

bool RedisServer::setMany(const QList<QByteArray> &keys, const QByteArray &value)
{
    if (!ensureContext())
        return false;
    constexpr qsizetype Chunk = 10000;
    for (qsizetype from = 0; from < keys.size(); from += Chunk) {
        const qsizetype to = qMin(keys.size(), from + Chunk);
        for (qsizetype i = from; i < to; ++i) {
            const QByteArray &key = keys.at(i);
            const char *argv[] = {"SET", key.constData(), value.constData()};
            const size_t lens[] = {3, size_t(key.size()), size_t(value.size())};
            redisAppendCommandArgv(m_ctx, 3, argv, lens);
        }
        bool ok = true;
        for (qsizetype i = from; i < to; ++i) {
            void *out = nullptr;
            if (redisGetReply(m_ctx, &out) != REDIS_OK) {
                closeContext();
                return false;
            }
            ReplyPtr r(static_cast<redisReply *>(out));
            ok = ok && r->type == REDIS_REPLY_STATUS;
        }
        if (!ok)
            return false;
    }
    return true;
}

QList<QByteArray> RedisServer::scanAll(const QByteArray &pattern)
{
    QList<QByteArray> keys;
    QByteArray cursor = "0";
    do {
        const RespValue page = command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
        if (!page.isArray() || page.elements.size() != 2)
            return keys;
        cursor = page.elements.at(0).str;
        for (const RespValue &k : page.elements.at(1).elements)
            keys.append(k.str);
    } while (cursor != "0");
    return keys;
}

void RedisServer::kill()
{
    closeContext();
    if (m_process.state() == QProcess::NotRunning)
        return;
    resume();
    m_process.kill();
    m_process.waitForFinished(5000);
}

} // namespace cachescope::test

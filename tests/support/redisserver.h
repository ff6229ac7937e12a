#pragma once
// A throw-away redis-server for one test: on a free 127.0.0.1 port, no persistence, its
// files in a temporary directory, stopped by the destructor.
//
// Test-side helpers here block (plain hiredis calls): fine in test setup, never in the
// product. Use command() for setup and checks, fill() to load many keys quickly.
//
//     RedisServer redis;
//     QVERIFY2(redis.start(), qPrintable(redis.errorString()));
//     redis.command({"SET", "k", "v"});
//     auto spec = redis.spec();            // or redis.url() for a ConnectionSpec URL

#include "core/connectionspec.h"
#include "redis/respvalue.h"

#include <QByteArray>
#include <QList>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

struct redisContext;

namespace cachescope::test {

class RedisServer
{
public:
    RedisServer();
    ~RedisServer();
    RedisServer(const RedisServer &) = delete;
    RedisServer &operator=(const RedisServer &) = delete;

    // Extra redis-server options, e.g. {"--requirepass", "s3cret"} (then command() logs
    // in with it). False, with errorString(), when redis-server is missing or won't start.
    bool start(const QStringList &extraArgs = {});
    QString errorString() const { return m_error; }
    // Writes a config file into the server's temporary directory, passed to redis-server as
    // its first argument by the next start() (the command-line options follow and win).
    // A Sentinel needs one it can rewrite: setConfig("sentinel monitor ...") and
    // start({"--sentinel"}). False when the file cannot be written.
    bool setConfig(const QByteArray &text);

    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }
    // redis://127.0.0.1:PORT/0, with userInfo ("user:pw" or ":pw") and query if given.
    QString url(const QString &userInfo = QString(), const QString &query = QString()) const;
    ConnectionSpec spec() const;

    // Blocking, for setup and checks. A failure comes back as an Error reply with the
    // hiredis message.
    RespValue command(const QList<QByteArray> &argv);
    // SET <prefix><i> <i> for i in [0, n), pipelined. True when every SET said OK.
    bool fill(qint64 n, const QByteArray &prefix = "key:");
    // SET key value for each key, pipelined. True when every SET said OK.
    bool setMany(const QList<QByteArray> &keys, const QByteArray &value);
    // Every key a full SCAN (MATCH pattern) lists, blocking; for before/after counts.
    QList<QByteArray> scanAll(const QByteArray &pattern = "*");
    // SIGKILL, for fault tests; the destructor then has nothing left to stop.
    void kill();

    // Freeze / thaw the server process (SIGSTOP / SIGCONT), to provoke timeouts.
    void pause();
    void resume();

private:
    bool ensureContext();
    void closeContext();

    QProcess m_process;
    QTemporaryDir m_dir;
    quint16 m_port = 0;
    QByteArray m_password;
    QString m_configFile;
    QString m_error;
    redisContext *m_ctx = nullptr;
    bool m_paused = false;
};

} // namespace cachescope::test

#pragma once
// A throw-away memcached for one test: on a free 127.0.0.1 port (TCP only, -U 0),
// stopped by the destructor (or by stop(), to play a pool member that went down).
//
// Test-side helpers here block on a plain QTcpSocket speaking the text protocol: fine in
// test setup, never in the product.
//
//     MemcachedServer mc;
//     QVERIFY2(mc.start(), qPrintable(mc.errorString()));
//     mc.set("k", "v", 16, 600);
//     const QString url = mc.url();         // memcached://127.0.0.1:PORT

#include "core/connectionspec.h"

#include <QByteArray>
#include <QHash>
#include <QProcess>
#include <QStringList>
#include <QTcpSocket>

namespace cachescope::test {

class MemcachedServer
{
public:
    MemcachedServer();
    ~MemcachedServer();
    MemcachedServer(const MemcachedServer &) = delete;
    MemcachedServer &operator=(const MemcachedServer &) = delete;

    // memoryMb is memcached's -m; extraArgs e.g. {"-o", "no_lru_crawler"}. False, with
    // errorString(), when memcached is missing or will not start.
    bool start(int memoryMb = 64, const QStringList &extraArgs = {});
    // Starts with -S (SASL only: the ASCII protocol is refused) and SASL_CONF_PATH set to
    // saslConfDir (its memcached.conf says mech_list and sasldb_path). Ready once it lists
    // its mechanisms over the binary protocol. set()/command() do not work on it.
    bool startSasl(const QString &saslConfDir, int memoryMb = 64);
    // The binary protocol's SASL list-mechanisms answer ("PLAIN"); empty if none came.
    QByteArray saslMechanisms();
    void stop();
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    QString errorString() const { return m_error; }

    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); } // for kill -9 / SIGSTOP in fault tests
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }
    QString url() const { return QStringLiteral("memcached://") + address(); }
    ServerAddress server() const { return ServerAddress{QStringLiteral("127.0.0.1"), m_port}; }

    // Sends raw protocol bytes and returns the reply up to and including the first line
    // that ends it (END, STORED, DELETED, NOT_FOUND, TOUCHED, OK, MN, HD, EN, VERSION, an
    // error). Empty on a connection problem.
    QByteArray command(const QByteArray &raw);
    bool set(const QByteArray &key, const QByteArray &value, quint32 flags = 0, qint64 exptime = 0);
    // Pipelined `set <prefix><i> 0 0 … noreply` for i in [0, n); true once the server caught up.
    bool fill(qint64 n, const QByteArray &prefix = "key:", qint64 exptime = 0);
    // Test setup only; the product never flushes.
    bool flushAll();
    // Every key the server holds now with its exp= (-1 = never), read with
    // `lru_crawler metadump hash`, which cannot miss items the LRU maintainer moves; retried
    // while another crawl is busy. Empty when the server cannot be reached.
    QHash<QByteArray, qint64> keysWithExpiry() const;
    // The server's clock ("STAT time"), -1 when it does not answer.
    qint64 serverTime();

private:
    bool ensureSocket();
    bool ready();

    QProcess m_process;
    QTcpSocket m_socket;
    quint16 m_port = 0;
    QString m_error;
    bool m_sasl = false;
};

} // namespace cachescope::test

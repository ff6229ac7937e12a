#include "memcachedserver.h"

#include "freeport.h"

#include <QDeadlineTimer>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

#include <unistd.h>

namespace cachescope::test {

namespace {

bool endsReply(const QByteArray &line)
{
    static const char *const terminal[] = {"END",     "STORED", "NOT_STORED", "DELETED", "NOT_FOUND",
                                           "TOUCHED", "OK",     "MN",         "HD",      "EN",
                                           "NF",      "NS",     "EXISTS",     "ERROR",   "VERSION "};
    for (const char *t : terminal) {
        if (line == t || (t[qstrlen(t) - 1] == ' ' && line.startsWith(t)))
            return true;
    }
    // Meta replies carry flags after the code: "HD t100", "EN".
    for (const char *t : {"HD ", "NF ", "NS ", "EX "}) {
        if (line.startsWith(t))
            return true;
    }
    return line.startsWith("CLIENT_ERROR") || line.startsWith("SERVER_ERROR") || line.startsWith("ERROR ");
}

} // namespace

MemcachedServer::MemcachedServer()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

MemcachedServer::~MemcachedServer()
{
    stop();
}

bool MemcachedServer::start(int memoryMb, const QStringList &extraArgs)
{
    const QString exe = QStandardPaths::findExecutable(QStringLiteral("memcached"));
    if (exe.isEmpty()) {
        m_error = QStringLiteral("memcached is not installed (apt-get install memcached); the memcached "
                                 "integration tests need it");
        return false;
    }
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_port = freeLoopbackPort();
        QStringList args{QStringLiteral("-l"),    QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                         QString::number(m_port), QStringLiteral("-U"),        QStringLiteral("0"),
                         QStringLiteral("-m"),    QString::number(memoryMb)};
        // memcached refuses to run as root unless told which user to become.
        if (::geteuid() == 0)
            args += {QStringLiteral("-u"), QStringLiteral("nobody")};
        args += extraArgs;
        m_process.start(exe, args);
        if (!m_process.waitForStarted(5000)) {
            m_error = QStringLiteral("cannot start memcached: %1").arg(m_process.errorString());
            return false;
        }
        const QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
            if (ready())
                return true;
            m_process.waitForFinished(25); // bounded; also notices an early exit
        }
        const QString output = QString::fromLocal8Bit(m_process.readAll());
        if (m_process.state() == QProcess::Running) {
            stop();
            m_error = QStringLiteral("memcached on port %1 did not answer within 10 s:\n%2")
                          .arg(m_port)
                          .arg(output);
            return false;
        }
        m_error = QStringLiteral("memcached exited at start:\n%1").arg(output);
        if (!output.contains(QStringLiteral("in use")))
            return false;
    }
    return false;
}

bool MemcachedServer::startSasl(const QString &saslConfDir, int memoryMb)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SASL_CONF_PATH"), saslConfDir);
    m_process.setProcessEnvironment(env);
    m_sasl = true;
    return start(memoryMb, {QStringLiteral("-S")});
}

bool MemcachedServer::ready()
{
    if (m_sasl)
        return !saslMechanisms().isEmpty();
    return command("version\r\n").startsWith("VERSION ");
}

QByteArray MemcachedServer::saslMechanisms()
{
    if (!ensureSocket())
        return {};
    // Binary request header: magic 0x80, opcode 0x20 (SASL list mechs), no key, no body.
    QByteArray request(24, '\0');
    request[0] = char(0x80);
    request[1] = char(0x20);
    m_socket.write(request);
    QByteArray reply;
    const QDeadlineTimer deadline(5000);
    while (!deadline.hasExpired()) {
        if (reply.size() >= 24) {
            const quint32 body = (quint32(uchar(reply[8])) << 24) | (quint32(uchar(reply[9])) << 16) |
                                 (quint32(uchar(reply[10])) << 8) | quint32(uchar(reply[11]));
            if (reply.size() >= 24 + qsizetype(body)) {
                const bool ok = uchar(reply[0]) == 0x81 && reply[6] == 0 && reply[7] == 0;
                m_socket.abort(); // the next caller starts from a clean stream
                return ok ? reply.mid(24, body) : QByteArray();
            }
        }
        if (!m_socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
            break;
        reply += m_socket.readAll();
    }
    m_socket.abort();
    return {};
}

void MemcachedServer::stop()
{
    m_socket.abort();
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(2000);
    }
}

bool MemcachedServer::ensureSocket()
{
    if (m_socket.state() == QAbstractSocket::ConnectedState)
        return true;
    m_socket.abort();
    m_socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
    return m_socket.waitForConnected(2000);
}

QByteArray MemcachedServer::command(const QByteArray &raw)
{
    if (!ensureSocket())
        return {};
    m_socket.write(raw);
    QByteArray reply;
    int dataLines = 0;
    const QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired()) {
        while (m_socket.canReadLine()) {
            const QByteArray line = m_socket.readLine();
            reply += line;
            // Meta get with v: "VA <n> <flags>" then the data line.
            if (line.startsWith("VA ") && !reply.endsWith("\n\n")) {
                dataLines = 1;
                continue;
            }
            if (dataLines > 0) {
                --dataLines;
                return reply;
            }
            if (endsReply(line.trimmed()))
                return reply;
        }
        if (!m_socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
            break;
    }
    m_socket.abort();
    return {};
}

bool MemcachedServer::set(const QByteArray &key, const QByteArray &value, quint32 flags, qint64 exptime)
{
    const QByteArray reply =
        command("set " + key + ' ' + QByteArray::number(flags) + ' ' + QByteArray::number(exptime) + ' ' +
                QByteArray::number(value.size()) + "\r\n" + value + "\r\n");
    return reply == "STORED\r\n";
}

bool MemcachedServer::fill(qint64 n, const QByteArray &prefix, qint64 exptime)
{
    if (!ensureSocket())
        return false;
    constexpr qint64 Chunk = 20000;
    for (qint64 from = 0; from < n; from += Chunk) {
        QByteArray batch;
        for (qint64 i = from; i < qMin(n, from + Chunk); ++i) {
            const QByteArray value = QByteArray::number(i);
            batch += "set " + prefix + QByteArray::number(i) + " 0 " + QByteArray::number(exptime) + ' ' +
                     QByteArray::number(value.size()) + " noreply\r\n" + value + "\r\n";
        }
        // mn answers MN once everything before it was processed.
        if (command(batch + "mn\r\n") != "MN\r\n")
            return false;
    }
    return true;
}

bool MemcachedServer::flushAll()
{
    return command("flush_all\r\n") == "OK\r\n";
}

// Every key a server holds now, with its exp= (-1 = never), by `lru_crawler metadump hash`:
// a walk of the hash table, which (unlike `metadump all`, a walk of the LRUs) cannot miss items
// the LRU maintainer moves while it runs, as it does right after a bulk load.
QHash<QByteArray, qint64> MemcachedServer::keysWithExpiry() const
{
    QHash<QByteArray, qint64> keys;
    for (int attempt = 0; attempt < 50; ++attempt) {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        if (!socket.waitForConnected(2000))
            return {};
        socket.write("lru_crawler metadump hash\r\n");
        bool busy = false;
        bool done = false;
        while (!done && socket.waitForReadyRead(10000)) {
            while (socket.canReadLine()) {
                const QByteArray line = socket.readLine().trimmed();
                if (line == "END") {
                    done = true;
                    break;
                }
                if (line.startsWith("BUSY")) {
                    busy = true;
                    done = true;
                    break;
                }
                if (!line.startsWith("key="))
                    continue;
                const QList<QByteArray> fields = line.split(' ');
                const QByteArray key = QByteArray::fromPercentEncoding(fields.at(0).mid(4));
                qint64 exp = -2;
                for (const QByteArray &f : fields) {
                    if (f.startsWith("exp="))
                        exp = f.mid(4).toLongLong();
                }
                keys.insert(key, exp);
            }
        }
        if (!busy)
            return keys;
        keys.clear();
        QTest::qWait(100); // another crawl was running: not a sleep in place of a check
    }
    return keys;
}

qint64 MemcachedServer::serverTime()
{
    const QByteArray stats = command("stats\r\n");
    const qsizetype at = stats.indexOf("STAT time ");
    return at < 0 ? -1 : stats.mid(at + 10, stats.indexOf('\r', at) - at - 10).toLongLong();
}

} // namespace cachescope::test

// MemcachedConnector when things break, against real memcached processes this test starts:
// killed (SIGKILL) mid-listing and mid-value-read, frozen (SIGSTOP) and thawed, unknown host, closed port, the connection limit reached. Each must end in its
// own clear Error (kind + message naming the server) through the Connector signals within
// the timeout, never hang or crash; after SIGCONT the next request works.
#include "connectorrecorder.h"
#include "freeport.h"
#include "memcached/memcachedconnector.h"
#include "memcachedserver.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTcpSocket>
#include <QTest>

#include <csignal>
#include <sys/types.h>

#include <memory>
#include <vector>

using namespace cachescope;
using namespace cachescope::test;

namespace {

std::unique_ptr<RecordedConnector> openSession(const QString &url)
{
    const Expected<ConnectionSpec> spec = ConnectionSpec::parse(url);
    if (!spec)
        qFatal("bad test URL %s", qPrintable(url));
    return openRecorded(std::make_unique<MemcachedConnector>(*spec));
}

// Bytes the server sent so far, from its own counters (memcached writes with sendmsg,
// which /proc/<pid>/io does not count): how the test knows a big value is on its way.
qint64 statBytesWritten(MemcachedServer &mc)
{
    for (const QByteArray &line : mc.command("stats\r\n").split('\n')) {
        if (line.startsWith("STAT bytes_written "))
            return line.mid(19).trimmed().toLongLong();
    }
    return -1;
}

void signalServer(const MemcachedServer &server, int sig)
{
    ::kill(pid_t(server.pid()), sig);
}

// 'T' once every thread of the process has stopped: kill(SIGSTOP) returns before that.
char processState(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return '?';
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close >= 0 && close + 2 < text.size() ? text.at(close + 2) : '?';
}

} // namespace

class TestFaultsMemcached : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killedMidScan();
    void killedMidValueRead();
    void frozenServerTimesOutAndRecoversAfterSigcont();
    void unknownHost();
    void portClosed();
    void connectionLimitReached();
};

void TestFaultsMemcached::killedMidScan()
{
    MemcachedServer mc;
    QVERIFY2(mc.start(256), qPrintable(mc.errorString()));
    QVERIFY(mc.fill(300000));
    auto s = openSession(mc.url() + QStringLiteral("?timeout=5"));
    QCOMPARE(s->results.opened.size(), 1);

    ScanRequest small;
    small.count = 100;
    const quint64 scan = s->host.scanKeys(small);
    QTRY_VERIFY_WITH_TIMEOUT(s->results.batches.value(scan) >= 1, 10000);
    signalServer(mc, SIGKILL);
    QElapsedTimer clock;
    clock.start();
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(scan), 10000);
    QVERIFY2(clock.elapsed() < 5000, "the end of the listing waited for the command timeout");
    const ScanSummary summary = s->results.finished.value(scan);
    QVERIFY2(summary.keysFound < 300000, "the whole listing arrived before the kill: nothing was tested");
    const Error error = s->results.failed.value(scan);
    QCOMPARE(error.kind, ErrorKind::Connect);
    QVERIFY2(error.message.contains(mc.address()), qPrintable(error.message));

    const quint64 info = s->host.refreshInfo();
    WAIT_ANSWER(*s, info, 10000);
    QVERIFY2(!s->results.info.contains(info), qPrintable(QStringLiteral("info after the kill: %1 items, version %2")
                                                              .arg(s->results.info.value(info).dbSize)
                                                              .arg(s->results.info.value(info).version)));
    QVERIFY2(s->results.failed.value(info).kind == ErrorKind::Connect,
             qPrintable(s->results.failed.value(info).message));
    QVERIFY2(s->results.failed.value(info).message.contains(mc.address()),
             qPrintable(s->results.failed.value(info).message));
}

void TestFaultsMemcached::killedMidValueRead()
{
    MemcachedServer mc;
    QVERIFY2(mc.start(512, {QStringLiteral("-I"), QStringLiteral("128m")}), qPrintable(mc.errorString()));
    const QByteArray giant(100 * 1024 * 1024, 'x');
    QVERIFY(mc.set("giant", giant));
    auto s = openSession(mc.url() + QStringLiteral("?timeout=10"));
    QCOMPARE(s->results.opened.size(), 1);

    const qint64 before = statBytesWritten(mc);
    QVERIFY(before >= 0);
    ValueRequest request;
    request.key = "giant";
    const quint64 id = s->host.fetchValue(request);
    QElapsedTimer clock;
    clock.start();
    while (statBytesWritten(mc) - before < 4 * 1024 * 1024 && clock.elapsed() < 20000)
        QTest::qWait(0);
    QVERIFY2(clock.elapsed() < 20000, "the server never started sending the value");
    signalServer(mc, SIGKILL);
    WAIT_ANSWER(*s, id, 15000);
    QVERIFY2(!s->results.values.contains(id), "a value arrived although the server died sending it");
    const Error error = s->results.failed.value(id);
    QCOMPARE(error.kind, ErrorKind::Connect);
    QVERIFY2(error.message.contains(mc.address()), qPrintable(error.message));
}

void TestFaultsMemcached::frozenServerTimesOutAndRecoversAfterSigcont()
{
    MemcachedServer mc;
    QVERIFY2(mc.start(), qPrintable(mc.errorString()));
    QVERIFY(mc.set("k", "v"));
    auto s = openSession(mc.url() + QStringLiteral("?timeout=0.5"));
    QCOMPARE(s->results.opened.size(), 1);

    signalServer(mc, SIGSTOP);
    QTRY_COMPARE_WITH_TIMEOUT(processState(mc.pid()), 'T', 5000);
    ValueRequest request;
    request.key = "k";
    QElapsedTimer clock;
    clock.start();
    const quint64 frozen = s->host.fetchValue(request);
    WAIT_ANSWER(*s, frozen, 10000);
    const qint64 waited = clock.elapsed();
    signalServer(mc, SIGCONT);
    QVERIFY2(waited < 3000, qPrintable(QString::number(waited)));
    const Error error = s->results.failed.value(frozen);
    QCOMPARE(error.kind, ErrorKind::Timeout);
    QVERIFY2(error.message.contains(mc.address()), qPrintable(error.message));

    // Thawed: it works again once libmemcached's retry backoff (1 s, RETRY_TIMEOUT) has
    // passed; every attempt in between answers at once with a connection error.
    QElapsedTimer thaw;
    thaw.start();
    quint64 thawed = 0;
    for (int attempt = 0; attempt < 20; ++attempt) {
        thawed = s->host.fetchValue(request);
        WAIT_ANSWER(*s, thawed, 10000);
        if (!s->results.failed.contains(thawed))
            break;
        QCOMPARE(s->results.failed.value(thawed).kind, ErrorKind::Connect);
        QTest::qWait(200); // the backoff is time-based: poll it, as a person clicking again would
    }
    EXPECT_NO_FAILURE(*s, thawed);
    QCOMPARE(s->results.values.value(thawed).data, QByteArray("v"));
    QVERIFY2(thaw.elapsed() < 3000, qPrintable(QString::number(thaw.elapsed())));
}

void TestFaultsMemcached::unknownHost()
{
    auto s = openSession(QStringLiteral("memcached://no-such-host.invalid:11211?connect_timeout=5"));
    QCOMPARE(s->results.lost.size(), 1);
    const Error error = s->results.lost.first();
    QCOMPARE(error.kind, ErrorKind::Connect);
    QVERIFY2(error.message.contains(QStringLiteral("Unknown host 'no-such-host.invalid'")),
             qPrintable(error.message));
}

void TestFaultsMemcached::portClosed()
{
    const quint16 port = freeLoopbackPort();
    auto s = openSession(QStringLiteral("memcached://127.0.0.1:%1").arg(port));
    QCOMPARE(s->results.lost.size(), 1);
    const Error error = s->results.lost.first();
    QCOMPARE(error.kind, ErrorKind::Connect);
    QVERIFY2(error.message.contains(QStringLiteral("127.0.0.1:%1").arg(port)), qPrintable(error.message));
    QVERIFY2(error.message.contains(QStringLiteral("is memcached running there")), qPrintable(error.message));
}

void TestFaultsMemcached::connectionLimitReached()
{
    // One worker thread and -c 16 leave room for exactly three clients (measured on 1.6).
    MemcachedServer mc;
    QVERIFY2(mc.start(64, {QStringLiteral("-t"), QStringLiteral("1"), QStringLiteral("-c"), QStringLiteral("16")}),
             qPrintable(mc.errorString()));
    std::vector<std::unique_ptr<QTcpSocket>> held;
    for (;;) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QStringLiteral("127.0.0.1"), mc.port());
        QVERIFY(socket->waitForConnected(5000));
        socket->write("version\r\n");
        QVERIFY(socket->waitForReadyRead(5000));
        const QByteArray line = socket->readLine();
        if (!line.startsWith("VERSION"))
            break; // this one was refused: the server is full now
        held.push_back(std::move(socket));
        QVERIFY(held.size() < 64);
    }
    auto s = openSession(mc.url());
    QCOMPARE(s->results.opened.size(), 0);
    QCOMPARE(s->results.lost.size(), 1);
    const Error error = s->results.lost.first();
    QCOMPARE(error.kind, ErrorKind::Connect);
    QVERIFY2(error.message.contains(QStringLiteral("connection limit")), qPrintable(error.message));
    QVERIFY2(error.message.contains(mc.address()), qPrintable(error.message));
}

QTEST_GUILESS_MAIN(TestFaultsMemcached)
#include "tst_faults_memcached.moc"

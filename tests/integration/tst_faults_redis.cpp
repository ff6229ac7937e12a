// RedisConnector when things break, against real redis-server processes this test starts:
// killed (SIGKILL) mid-scan and mid-value-read, frozen (SIGSTOP) and thawed, wrong password,
// unknown host, closed port, maxclients reached, a write on a replica. Each must end in
// its own clear Error (kind + message naming the server) through the Connector signals,
// within the timeout, and never hang or crash; after SIGCONT the next request works.
#include "connectorrecorder.h"
#include "freeport.h"
#include "redis/redisconnector.h"
#include "redisserver.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <csignal>
#include <sys/types.h>

using namespace cachescope;
using namespace cachescope::test;

namespace {

std::unique_ptr<RecordedConnector> openSession(const QString &url)
{
    const Expected<ConnectionSpec> spec = ConnectionSpec::parse(url);
    if (!spec)
        qFatal("bad test URL %s", qPrintable(url));
    return openRecorded(std::make_unique<RedisConnector>(*spec));
}

// Bytes the process wrote so far (sockets included), from /proc: how the test knows a big
// reply is on its way without touching the connection under test.
qint64 bytesWritten(qint64 pid)
{
    QFile io(QStringLiteral("/proc/%1/io").arg(pid));
    if (!io.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : io.readAll().split('\n')) {
        if (line.startsWith("wchar: "))
            return line.mid(7).toLongLong();
    }
    return -1;
}

void killHard(RedisServer &server)
{
    ::kill(pid_t(server.pid()), SIGKILL);
}

} // namespace

class TestFaultsRedis : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killedMidScan();
    void killedMidValueRead();
    void frozenServerTimesOutAndRecoversAfterSigcont();
    void wrongPassword();
    void unknownHost();
    void portClosed();
    void serverAtMaxclients();
    void writeOnReplicaIsReadOnly();
};

void TestFaultsRedis::killedMidScan()
{
    RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    QVERIFY(redis.fill(200000));
    auto s = openSession(redis.url(QString(), QStringLiteral("timeout=5")));
    QCOMPARE(s->results.opened.size(), 1);

    ScanRequest small;
    small.count = 10; // twenty thousand pages: the kill lands mid-scan
    const quint64 scan = s->host.scanKeys(small);
    QTRY_VERIFY_WITH_TIMEOUT(s->results.batches.value(scan) >= 3, 10000);
    killHard(redis);
    QElapsedTimer clock;
    clock.start();
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(scan), 10000);
    QVERIFY2(clock.elapsed() < 5000, "the end of the scan waited for the command timeout");
    QVERIFY(s->results.finished.value(scan).keysFound < 200000);
    const Error error = s->results.failed.value(scan);
    QCOMPARE(error.kind, ErrorKind::Connect);
    QVERIFY2(error.message.contains(QStringLiteral("127.0.0.1:%1").arg(redis.port())), qPrintable(error.message));
    QVERIFY2(error.message.contains(QStringLiteral("closed the connection")), qPrintable(error.message));
    QTRY_COMPARE_WITH_TIMEOUT(s->results.lost.size(), 1, 5000);

    // The next request tries to reconnect and says plainly that nobody listens any more.
    const quint64 info = s->host.refreshInfo();
    WAIT_ANSWER(*s, info, 10000);
    const Error again = s->results.failed.value(info);
    QCOMPARE(again.kind, ErrorKind::Connect);
    QVERIFY2(again.message.contains(QStringLiteral("refused")), qPrintable(again.message));
}

void TestFaultsRedis::killedMidValueRead()
{
    RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    constexpr qint64 Giant = 128LL * 1024 * 1024;
    QCOMPARE(redis.command({"SETRANGE", "giant", QByteArray::number(Giant - 1), "x"}).integer, Giant);
    auto s = openSession(redis.url(QString(), QStringLiteral("timeout=10")));
    QCOMPARE(s->results.opened.size(), 1);

    const qint64 before = bytesWritten(redis.pid());
    QVERIFY(before >= 0);
    ValueRequest request;
    request.key = "giant";
    request.byteLimit = -1; // all of it: a reply of 128 MiB
    const quint64 id = s->host.fetchValue(request);
    // Kill once a few MiB of the reply left the server: the connector is mid-read.
    QElapsedTimer clock;
    clock.start();
    while (bytesWritten(redis.pid()) - before < 4 * 1024 * 1024 && clock.elapsed() < 20000)
        QTest::qWait(0);
    QVERIFY2(clock.elapsed() < 20000, "the server never started sending the value");
    killHard(redis);
    WAIT_ANSWER(*s, id, 10000);
    QVERIFY2(!s->results.values.contains(id), "a value arrived although the server died sending it");
    const Error error = s->results.failed.value(id);
    QCOMPARE(error.kind, ErrorKind::Connect);
    QVERIFY2(error.message.contains(QStringLiteral("closed the connection")), qPrintable(error.message));
}

void TestFaultsRedis::frozenServerTimesOutAndRecoversAfterSigcont()
{
    RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    redis.command({"SET", "k", "v"});
    auto s = openSession(redis.url(QString(), QStringLiteral("timeout=0.5")));
    QCOMPARE(s->results.opened.size(), 1);

    redis.pause();
    QElapsedTimer clock;
    clock.start();
    ValueRequest request;
    request.key = "k";
    const quint64 frozen = s->host.fetchValue(request);
    WAIT_ANSWER(*s, frozen, 10000);
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    const Error error = s->results.failed.value(frozen);
    QCOMPARE(error.kind, ErrorKind::Timeout);
    QVERIFY2(error.message.contains(QStringLiteral("did not answer within 0.5 s")), qPrintable(error.message));
    QTRY_COMPARE_WITH_TIMEOUT(s->results.lost.size(), 1, 5000);

    redis.resume();
    const quint64 thawed = s->host.fetchValue(request);
    WAIT_ANSWER(*s, thawed, 10000);
    EXPECT_NO_FAILURE(*s, thawed);
    QCOMPARE(s->results.values.value(thawed).data, QByteArray("v"));
    QCOMPARE(s->results.opened.size(), 2); // reconnected by itself
}

void TestFaultsRedis::wrongPassword()
{
    RedisServer redis;
    QVERIFY2(redis.start({QStringLiteral("--requirepass"), QStringLiteral("s3cret")}),
             qPrintable(redis.errorString()));
    auto s = openSession(redis.url(QStringLiteral(":wrong")));
    QCOMPARE(s->results.opened.size(), 0);
    QCOMPARE(s->results.lost.size(), 1);
    const Error error = s->results.lost.first();
    QCOMPARE(error.kind, ErrorKind::Auth);
    QVERIFY2(error.message.contains(QStringLiteral("refused the password for user 'default'")),
             qPrintable(error.message));
    QVERIFY2(!error.message.contains(QStringLiteral("wrong")), "the message must not echo the password");

    auto none = openSession(redis.url());
    QCOMPARE(none->results.lost.size(), 1);
    QCOMPARE(none->results.lost.first().kind, ErrorKind::Auth);
    QVERIFY2(none->results.lost.first().message.contains(QStringLiteral("requires a password")),
             qPrintable(none->results.lost.first().message));
}

void TestFaultsRedis::unknownHost()
{
    auto s = openSession(QStringLiteral("redis://no-such-host.invalid:6379/0?connect_timeout=5"));
    QCOMPARE(s->results.lost.size(), 1);
    const Error error = s->results.lost.first();
    QCOMPARE(error.kind, ErrorKind::Connect);
    QVERIFY2(error.message.contains(QStringLiteral("Unknown host 'no-such-host.invalid'")),
             qPrintable(error.message));
}

void TestFaultsRedis::portClosed()
{
    const quint16 port = freeLoopbackPort(); // nobody listens there
    auto s = openSession(QStringLiteral("redis://127.0.0.1:%1/0").arg(port));
    QCOMPARE(s->results.lost.size(), 1);
    const Error error = s->results.lost.first();
    QCOMPARE(error.kind, ErrorKind::Connect);
    QVERIFY2(error.message.contains(QStringLiteral("Connection refused by 127.0.0.1:%1").arg(port)),
             qPrintable(error.message));
}

void TestFaultsRedis::serverAtMaxclients()
{
    RedisServer redis;
    QVERIFY2(redis.start({QStringLiteral("--maxclients"), QStringLiteral("1")}), qPrintable(redis.errorString()));
    // The helper's own connection is the one client allowed; keep it open.
    QCOMPARE(redis.command({"PING"}).str, QByteArray("PONG"));
    auto s = openSession(redis.url());
    QCOMPARE(s->results.opened.size(), 0);
    QCOMPARE(s->results.lost.size(), 1);
    const Error error = s->results.lost.first();
    QCOMPARE(error.kind, ErrorKind::Connect);
    QVERIFY2(error.message.contains(QStringLiteral("maxclients")), qPrintable(error.message));
    QVERIFY2(error.message.contains(QStringLiteral("127.0.0.1:%1").arg(redis.port())), qPrintable(error.message));
}

void TestFaultsRedis::writeOnReplicaIsReadOnly()
{
    RedisServer master;
    QVERIFY2(master.start(), qPrintable(master.errorString()));
    RedisServer replica;
    QVERIFY2(replica.start({QStringLiteral("--replicaof"), QStringLiteral("127.0.0.1"),
                            QString::number(master.port())}),
             qPrintable(replica.errorString()));
    master.command({"SET", "k", "v"});
    QTRY_COMPARE_WITH_TIMEOUT(replica.command({"EXISTS", "k"}).integer, 1, 20000);

    auto s = openSession(replica.url());
    QVERIFY(s->results.opened.value(0).readOnlyReplica);
    const quint64 del = s->host.deleteKeys({"k"});
    WAIT_ANSWER(*s, del, 10000);
    const Error error = s->results.failed.value(del);
    QCOMPARE(error.kind, ErrorKind::ReadOnly);
    QVERIFY2(error.message.contains(QStringLiteral("read-only replica")), qPrintable(error.message));
    QVERIFY2(error.message.contains(QStringLiteral("127.0.0.1:%1").arg(replica.port())), qPrintable(error.message));
    QCOMPARE(replica.command({"EXISTS", "k"}).integer, 1);

    const quint64 ttl = s->host.setTtl("k", 60000);
    WAIT_ANSWER(*s, ttl, 10000);
    QCOMPARE(s->results.failed.value(ttl).kind, ErrorKind::ReadOnly);
}

QTEST_GUILESS_MAIN(TestFaultsRedis)
#include "tst_faults_redis.moc"

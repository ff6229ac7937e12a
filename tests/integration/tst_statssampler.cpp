// StatsSampler through StatsMonitor against a real redis-server (and memcached, once its
// connector is in this branch): exact ratios, evictions, resets and restarts as gaps.
#include "connectorfactory.h"
#include "connectorrecorder.h"
#include "memcachedserver.h"
#include "ops/statsmonitor.h"
#include "redisserver.h"

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

#include <cmath>
#include <memory>
#include <unistd.h>

using namespace cachescope;
using namespace cachescope::test;

namespace {

// A connector on its thread and a monitor sampling it only when asked (no timer), so
// each test decides exactly what happens between two samples.
struct Sampled
{
    explicit Sampled(const ConnectionSpec &spec)
        : connector(openRecorded(createConnector(spec))), monitor(&connector->host),
          spy(&monitor, &StatsMonitor::sampleAdded)
    {
    }
    // Asks for one sample and returns it (an empty one on timeout).
    StatsSample next(int timeoutMs = 15000)
    {
        const qsizetype before = spy.size();
        monitor.sampleNow();
        if (!spy.wait(timeoutMs) && spy.size() == before)
            return {};
        return spy.last().at(0).value<StatsSample>();
    }
    std::unique_ptr<RecordedConnector> connector;
    StatsMonitor monitor;
    QSignalSpy spy;
};

void verifyNoNegativeRate(const StatsSample &s)
{
    QList<ServerSample> all = s.servers;
    all.append(s.aggregate);
    for (const ServerSample &x : all) {
        for (int m = 0; m < StatsMetricCount; ++m) {
            const double v = x.values[size_t(m)];
            QVERIFY2(std::isnan(v) || v >= 0,
                     qPrintable(
                         QStringLiteral("%1 %2 = %3").arg(x.server, statsMetricKey(StatsMetric(m))).arg(v)));
        }
        QVERIFY(std::isnan(x.value(StatsMetric::HitRatio)) || x.value(StatsMetric::HitRatio) <= 100.0);
    }
}

bool accepts(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    return socket.waitForConnected(200);
}

} // namespace

class TestStatsSampler : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void redisExactRatio();
    void redisNoLookupsIsAGap();
    void redisEvictionsShowUp();
    void redisResetStatIsAGap();
    void redisRestartIsAGap();
    void redisUnreachableIsAGapWithTheError();
    void timerSamplesAtTheInterval();
    void memcachedExactRatio();
    void memcachedPoolAndMemberDown();
    void memcachedEvictionsShowUp();
    void memcachedStatsResetIsAGap();
    void memcachedRestartIsAGap();
};

void TestStatsSampler::initTestCase()
{
    registerStatsMetaTypes();
}

void TestStatsSampler::redisExactRatio()
{
    RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    redis.command({"SET", "shop:1:product:1", "x"});
    Sampled s(redis.spec());
    const StatsSample first = s.next();
    QVERIFY2(first.error.isEmpty(), qPrintable(first.error));
    QVERIFY(std::isnan(first.aggregate.value(StatsMetric::HitRatio))); // a baseline
    for (int i = 0; i < 300; ++i)
        QCOMPARE(redis.command({"GET", "shop:1:product:1"}).str, QByteArray("x"));
    for (int i = 0; i < 100; ++i)
        redis.command({"GET", "shop:1:missing"});
    const StatsSample second = s.next();
    QCOMPARE(second.servers.size(), 1);
    const ServerSample &x = second.servers.at(0);
    QCOMPARE(x.deltaHits, 300);
    QCOMPARE(x.deltaMisses, 100);
    QCOMPARE(x.value(StatsMetric::HitRatio), 75.0);
    QCOMPARE(second.aggregate.value(StatsMetric::HitRatio), 75.0);
    QVERIFY(x.value(StatsMetric::HitsPerSec) > 0);
    QCOMPARE(x.value(StatsMetric::HitsPerSec) / x.value(StatsMetric::MissesPerSec), 3.0);
    QVERIFY(x.value(StatsMetric::OpsPerSec) > 0);
    QCOMPARE(x.value(StatsMetric::Items), 1.0);
    QVERIFY(x.value(StatsMetric::Clients) >= 2); // the test's and the connector's
    QVERIFY(x.value(StatsMetric::MemoryUsed) > 0);
    QVERIFY(std::isnan(x.value(StatsMetric::MemoryMax))); // no maxmemory
    // The history holds both samples, and the ratio point.
    QCOMPARE(s.monitor.history().points(1, 0).size(), 2);
    QCOMPARE(s.monitor.history().points(1, 0).back().value(StatsMetric::HitRatio), 75.0);
}

void TestStatsSampler::redisNoLookupsIsAGap()
{
    RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    Sampled s(redis.spec());
    s.next();
    redis.command({"SET", "a", "1"}); // a write is no lookup
    const StatsSample x = s.next();
    QVERIFY(x.error.isEmpty());
    QVERIFY2(std::isnan(x.aggregate.value(StatsMetric::HitRatio)), "no lookups: a gap, not 0% or 100%");
    QCOMPARE(x.aggregate.value(StatsMetric::HitsPerSec), 0.0);
}

void TestStatsSampler::redisEvictionsShowUp()
{
    RedisServer redis;
    QVERIFY2(redis.start({QStringLiteral("--maxmemory"), QStringLiteral("3mb"),
                          QStringLiteral("--maxmemory-policy"), QStringLiteral("allkeys-lru")}),
             qPrintable(redis.errorString()));
    Sampled s(redis.spec());
    const StatsSample first = s.next();
    QCOMPARE(first.aggregate.value(StatsMetric::MemoryMax), 3.0 * 1024 * 1024);
    const QByteArray value(16 * 1024, 'v');
    for (int i = 0; i < 600; ++i) // ~10 MB into 3 MB
        redis.command({"SET", "page:" + QByteArray::number(i), value});
    const StatsSample second = s.next();
    const double evictions = second.aggregate.value(StatsMetric::EvictionsPerSec);
    QVERIFY2(evictions > 0, qPrintable(QString::number(evictions)));
    QVERIFY(second.aggregate.value(StatsMetric::Items) < 600);
    QVERIFY(second.aggregate.value(StatsMetric::MemoryUsed) <= 3.5 * 1024 * 1024);
    verifyNoNegativeRate(second);
}

void TestStatsSampler::redisResetStatIsAGap()
{
    RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    redis.command({"SET", "k", "v"});
    Sampled s(redis.spec());
    s.next();
    for (int i = 0; i < 50; ++i)
        redis.command({"GET", "k"});
    QCOMPARE(s.next().aggregate.value(StatsMetric::HitRatio), 100.0);
    QCOMPARE(redis.command({"CONFIG", "RESETSTAT"}).str, QByteArray("OK"));
    redis.command({"GET", "k"});
    const StatsSample reset = s.next();
    verifyNoNegativeRate(reset);
    QVERIFY2(reset.aggregate.reset, "CONFIG RESETSTAT is a reset");
    QVERIFY(std::isnan(reset.aggregate.value(StatsMetric::HitsPerSec)));
    QVERIFY(std::isnan(reset.aggregate.value(StatsMetric::OpsPerSec)));
    QCOMPARE(reset.aggregate.value(StatsMetric::Items), 1.0); // gauges go on
    // The history marks it once.
    const auto &markers = s.monitor.history().markers();
    QCOMPARE(markers.size(), size_t(1));
    QCOMPARE(markers.front().kind, OperationMarker::Kind::Reset);
    // And the next interval has rates again.
    for (int i = 0; i < 3; ++i)
        redis.command({"GET", "k"});
    redis.command({"GET", "nope"});
    const StatsSample after = s.next();
    QVERIFY(!after.aggregate.reset);
    QCOMPARE(after.aggregate.value(StatsMetric::HitRatio), 75.0);
}

void TestStatsSampler::redisRestartIsAGap()
{
    auto redis = std::make_unique<RedisServer>();
    QVERIFY2(redis->start(), qPrintable(redis->errorString()));
    const quint16 port = redis->port();
    const ConnectionSpec spec = redis->spec();
    redis->command({"SET", "k", "v"});
    Sampled s(spec);
    s.next();
    for (int i = 0; i < 200; ++i)
        redis->command({"GET", "k"});
    const StatsSample before = s.next();
    QVERIFY(std::isfinite(before.aggregate.value(StatsMetric::HitsPerSec)));
    redis.reset(); // stopped

    // A new redis-server on the same port: new run_id, counters from zero.
    QTemporaryDir dir;
    QProcess restarted;
    restarted.start(QStandardPaths::findExecutable(QStringLiteral("redis-server")),
                    {QStringLiteral("--port"), QString::number(port), QStringLiteral("--bind"),
                     QStringLiteral("127.0.0.1"), QStringLiteral("--save"), QString(),
                     QStringLiteral("--appendonly"), QStringLiteral("no"), QStringLiteral("--dir"),
                     dir.path()});
    QVERIFY(restarted.waitForStarted(5000));
    QTRY_VERIFY_WITH_TIMEOUT(accepts(port), 10000);

    // Until the connector is back: every sample is a gap (error or reset), never a spike.
    bool sawGap = false;
    StatsSample back;
    for (int attempt = 0; attempt < 20; ++attempt) {
        back = s.next();
        verifyNoNegativeRate(back);
        if (!back.error.isEmpty() || back.aggregate.reset ||
            std::isnan(back.aggregate.value(StatsMetric::OpsPerSec)))
            sawGap = true;
        else
            break;
    }
    QVERIFY2(sawGap, "a restart must show as a gap");
    QVERIFY2(back.error.isEmpty(), qPrintable(back.error));
    QVERIFY(std::isfinite(back.aggregate.value(StatsMetric::OpsPerSec)));
    QVERIFY(back.aggregate.value(StatsMetric::OpsPerSec) < 10000); // no huge spike
    // A reset or unreachable marker is on the history.
    bool marked = false;
    for (const OperationMarker &m : s.monitor.history().markers())
        marked =
            marked || m.kind == OperationMarker::Kind::Reset || m.kind == OperationMarker::Kind::Unreachable;
    QVERIFY(marked);
    restarted.terminate();
    restarted.waitForFinished(5000);
}

void TestStatsSampler::redisUnreachableIsAGapWithTheError()
{
    auto redis = std::make_unique<RedisServer>();
    QVERIFY2(redis->start(), qPrintable(redis->errorString()));
    ConnectionSpec spec = redis->spec();
    spec.connectTimeoutMs = 1000;
    spec.commandTimeoutMs = 1000;
    Sampled s(spec);
    QVERIFY(s.next().error.isEmpty());
    redis.reset();
    const StatsSample down = s.next();
    QVERIFY2(!down.error.isEmpty(), "a stopped server is an error sample");
    QCOMPARE(down.servers.size(), 1);
    QVERIFY(!down.servers.at(0).error.isEmpty());
    for (double v : down.aggregate.values)
        QVERIFY(std::isnan(v));
    QVERIFY(!s.monitor.history().currentError(1).isEmpty());
    QCOMPARE(s.monitor.history().markers().back().kind, OperationMarker::Kind::Unreachable);
}

void TestStatsSampler::timerSamplesAtTheInterval()
{
    RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    auto connector = openRecorded(createConnector(redis.spec()));
    StatsMonitor monitor(&connector->host);
    QSignalSpy spy(&monitor, &StatsMonitor::sampleAdded);
    monitor.setInterval(100); // clamped to the minimum
    QCOMPARE(monitor.interval(), 250);
    QElapsedTimer clock;
    clock.start();
    monitor.start();
    QTRY_VERIFY_WITH_TIMEOUT(spy.size() >= 5, 10000);
    const qint64 elapsed = clock.elapsed();
    QVERIFY2(elapsed >= 4 * 250 - 50, qPrintable(QString::number(elapsed)));
    monitor.stop();
    const auto last = spy.last().at(0).value<StatsSample>();
    QVERIFY(last.aggregate.intervalSecs > 0.15 && last.aggregate.intervalSecs < 2.0);
}

void TestStatsSampler::memcachedExactRatio()
{
    MemcachedServer mc;
    QVERIFY2(mc.start(), qPrintable(mc.errorString()));
    QVERIFY(mc.set("shop:1:k", "v"));
    Sampled s(*ConnectionSpec::parse(mc.url()));
    const StatsSample first = s.next();
    QVERIFY2(first.error.isEmpty(), qPrintable(first.error));
    QCOMPARE(first.servers.size(), 1);
    QCOMPARE(first.servers.at(0).server, mc.address());
    for (int i = 0; i < 300; ++i)
        QVERIFY(mc.command("get shop:1:k\r\n").contains("VALUE"));
    for (int i = 0; i < 100; ++i)
        mc.command("get shop:1:missing\r\n");
    const StatsSample second = s.next();
    const ServerSample &x = second.servers.at(0);
    QCOMPARE(x.deltaHits, 300);
    QCOMPARE(x.deltaMisses, 100);
    QCOMPARE(x.value(StatsMetric::HitRatio), 75.0);
    QCOMPARE(second.aggregate.value(StatsMetric::HitRatio), 75.0);
    QCOMPARE(x.value(StatsMetric::Items), 1.0);
    QCOMPARE(x.value(StatsMetric::MemoryMax), 64.0 * 1024 * 1024);
    QVERIFY(x.value(StatsMetric::OpsPerSec) >= 400 / x.intervalSecs - 1);
    verifyNoNegativeRate(second);
}

void TestStatsSampler::memcachedPoolAndMemberDown()
{
    MemcachedServer a, b;
    QVERIFY2(a.start(), qPrintable(a.errorString()));
    QVERIFY2(b.start(), qPrintable(b.errorString()));
    QVERIFY(a.set("k", "v"));
    QVERIFY(b.set("k", "v"));
    ConnectionSpec spec =
        *ConnectionSpec::parse(QStringLiteral("memcached://%1,%2").arg(a.address(), b.address()));
    spec.connectTimeoutMs = 1000;
    spec.commandTimeoutMs = 1000;
    Sampled s(spec);
    s.next();
    for (int i = 0; i < 90; ++i)
        a.command("get k\r\n");
    for (int i = 0; i < 10; ++i)
        a.command("get nope\r\n");
    for (int i = 0; i < 100; ++i)
        b.command("get nope\r\n");
    const StatsSample pool = s.next();
    QCOMPARE(pool.servers.size(), 2);
    QCOMPARE(pool.servers.at(0).server, a.address());
    QCOMPARE(pool.servers.at(0).value(StatsMetric::HitRatio), 90.0);
    QCOMPARE(pool.servers.at(1).value(StatsMetric::HitRatio), 0.0);
    QCOMPARE(pool.aggregate.value(StatsMetric::HitRatio), 45.0); // 90 of 200, not the mean of ratios
    QCOMPARE(pool.aggregate.value(StatsMetric::Items), 2.0);
    QCOMPARE(s.monitor.history().series(),
             (QStringList{ServerSample::AggregateName, a.address(), b.address()}));

    b.stop();
    const StatsSample down = s.next();
    QVERIFY(down.servers.at(0).ok());
    QVERIFY(!down.servers.at(1).ok());
    QVERIFY(down.aggregate.ok()); // still drawn from the member that answers
    QVERIFY(!s.monitor.history().currentError(2).isEmpty());
    verifyNoNegativeRate(down);
}

void TestStatsSampler::memcachedEvictionsShowUp()
{
    MemcachedServer mc;
    QVERIFY2(mc.start(2), qPrintable(mc.errorString()));
    Sampled s(*ConnectionSpec::parse(mc.url()));
    s.next();
    const QByteArray value(50 * 1024, 'v');
    for (int i = 0; i < 200; ++i) // ~10 MB into 2 MB
        mc.set("page:" + QByteArray::number(i), value);
    const StatsSample x = s.next();
    const double evictions = x.aggregate.value(StatsMetric::EvictionsPerSec);
    QVERIFY2(evictions > 0, qPrintable(QString::number(evictions)));
    QVERIFY(x.aggregate.value(StatsMetric::Items) < 200);
    QCOMPARE(x.aggregate.value(StatsMetric::MemoryMax), 2.0 * 1024 * 1024);
    verifyNoNegativeRate(x);
}

void TestStatsSampler::memcachedStatsResetIsAGap()
{
    MemcachedServer mc;
    QVERIFY2(mc.start(), qPrintable(mc.errorString()));
    QVERIFY(mc.set("k", "v"));
    Sampled s(*ConnectionSpec::parse(mc.url()));
    s.next();
    for (int i = 0; i < 20; ++i)
        mc.command("get k\r\n");
    QCOMPARE(s.next().aggregate.value(StatsMetric::HitRatio), 100.0);
    // "RESET" is not a reply the helper knows the end of: a version request follows it.
    QVERIFY(mc.command("stats reset\r\nversion\r\n").startsWith("RESET"));
    mc.command("get k\r\n");
    const StatsSample reset = s.next();
    verifyNoNegativeRate(reset);
    QVERIFY2(reset.aggregate.reset, "stats reset is a reset");
    QVERIFY(std::isnan(reset.aggregate.value(StatsMetric::HitsPerSec)));
    mc.command("get k\r\n");
    mc.command("get nope\r\n");
    const StatsSample after = s.next();
    QVERIFY(!after.aggregate.reset);
    QCOMPARE(after.aggregate.value(StatsMetric::HitRatio), 50.0);
}

void TestStatsSampler::memcachedRestartIsAGap()
{
    auto mc = std::make_unique<MemcachedServer>();
    QVERIFY2(mc->start(), qPrintable(mc->errorString()));
    const quint16 port = mc->port();
    QVERIFY(mc->set("k", "v"));
    ConnectionSpec spec = *ConnectionSpec::parse(mc->url());
    spec.connectTimeoutMs = 1000;
    spec.commandTimeoutMs = 1000;
    Sampled s(spec);
    s.next();
    for (int i = 0; i < 100; ++i)
        mc->command("get k\r\n");
    QVERIFY(std::isfinite(s.next().aggregate.value(StatsMetric::HitsPerSec)));
    mc.reset();

    QProcess restarted;
    QStringList args{QStringLiteral("-p"), QString::number(port), QStringLiteral("-U"),
                     QStringLiteral("0"),  QStringLiteral("-l"),  QStringLiteral("127.0.0.1"),
                     QStringLiteral("-m"), QStringLiteral("64")};
    if (geteuid() == 0)
        args += {QStringLiteral("-u"), QStringLiteral("nobody")}; // memcached refuses root without -u
    restarted.start(QStandardPaths::findExecutable(QStringLiteral("memcached")), args);
    QVERIFY(restarted.waitForStarted(5000));
    QTRY_VERIFY_WITH_TIMEOUT(accepts(port), 10000);
    bool sawGap = false;
    StatsSample back;
    for (int attempt = 0; attempt < 30; ++attempt) {
        back = s.next();
        verifyNoNegativeRate(back);
        if (!back.error.isEmpty() || !back.aggregate.ok() || back.aggregate.reset ||
            std::isnan(back.aggregate.value(StatsMetric::OpsPerSec)))
            sawGap = true;
        else
            break;
    }
    QVERIFY2(sawGap, "a restart must show as a gap");
    QVERIFY2(back.aggregate.ok(), qPrintable(back.aggregate.error));
    QVERIFY(std::isfinite(back.aggregate.value(StatsMetric::OpsPerSec)));
    restarted.terminate();
    restarted.waitForFinished(5000);
}

QTEST_GUILESS_MAIN(TestStatsSampler)
#include "tst_statssampler.moc"

// `cachescope-cli stats` end to end: the built binary (CACHESCOPE_CLI) against a real
// redis-server. Lookups made between two printed samples add up to exactly what the
// rates say; a CONFIG RESETSTAT prints a reset line without negative rates.
#include "clirun.h"
#include "freeport.h"
#include "redisserver.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <cmath>

using namespace cachescope;
using namespace cachescope::test;

namespace {

// Reads one full line from a running process (bounded).
QByteArray readLine(QProcess &p, int timeoutMs = 15000)
{
    QElapsedTimer clock;
    clock.start();
    while (!p.canReadLine() && clock.elapsed() < timeoutMs && p.state() == QProcess::Running)
        p.waitForReadyRead(200);
    return p.canReadLine() ? p.readLine().trimmed() : QByteArray();
}

} // namespace

class TestCliStats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void jsonLinesAddUpToTheLookups();
    void plainLines();
    void resetPrintsAGap();
    void usageErrors_data();
    void usageErrors();
    void unreachableExitsWithFailure();

private:
    QString m_cli;
    RedisServer m_redis;
};

void TestCliStats::initTestCase()
{
    m_cli = cliPath();
    QVERIFY2(!m_cli.isEmpty(), CliMissingMessage);
    QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString()));
    m_redis.command({"SET", "shop:1:k", "v"});
}

void TestCliStats::jsonLinesAddUpToTheLookups()
{
    QProcess p;
    p.start(m_cli,
            {QStringLiteral("stats"), m_redis.url(), QStringLiteral("--interval"), QStringLiteral("0.5"),
             QStringLiteral("--count"), QStringLiteral("3"), QStringLiteral("--json")});
    QVERIFY(p.waitForStarted());
    const QJsonObject first = parseJsonObject(readLine(p));
    QVERIFY2(first.contains(QStringLiteral("hit_ratio")), "the first printed sample");
    // 300 hits and 100 misses after the first printed sample.
    for (int i = 0; i < 300; ++i)
        m_redis.command({"GET", "shop:1:k"});
    for (int i = 0; i < 100; ++i)
        m_redis.command({"GET", "shop:1:nope"});
    QVERIFY(p.waitForFinished(20000));
    QCOMPARE(p.exitCode(), 0);
    const QList<QByteArray> rest = p.readAllStandardOutput().trimmed().split('\n');
    QCOMPARE(rest.size(), 2);
    double hits = 0, misses = 0;
    for (const QByteArray &line : rest) {
        const QJsonObject o = parseJsonObject(line);
        QVERIFY2(!o.isEmpty(), line.constData());
        QVERIFY(o.value(QStringLiteral("error")).isNull());
        QCOMPARE(o.value(QStringLiteral("servers")).toArray().size(), 1);
        const double interval = o.value(QStringLiteral("interval_s")).toDouble();
        QVERIFY(interval > 0.2 && interval < 5);
        hits += o.value(QStringLiteral("hits_per_sec")).toDouble() * interval;
        misses += o.value(QStringLiteral("misses_per_sec")).toDouble() * interval;
        QVERIFY(o.value(QStringLiteral("ops_per_sec")).toDouble() > 0);
        QVERIFY(o.value(QStringLiteral("memory_used")).toDouble() > 0);
        QCOMPARE(o.value(QStringLiteral("items")).toDouble(), 1.0);
    }
    QCOMPARE(std::lround(hits), 300L);
    QCOMPARE(std::lround(misses), 100L);
    QCOMPARE(100.0 * std::round(hits) / (std::round(hits) + std::round(misses)), 75.0);
}

void TestCliStats::plainLines()
{
    const CliResult r = runCli({QStringLiteral("stats"), m_redis.url(), QStringLiteral("--interval"),
                                QStringLiteral("0.25"), QStringLiteral("--count"), QStringLiteral("2")},
                               QProcessEnvironment::systemEnvironment(), 20000);
    QCOMPARE(r.code, 0);
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    for (const QByteArray &line : lines) {
        QVERIFY2(line.contains("hits/s ") && line.contains("ops/s ") && line.contains("memory "),
                 line.constData());
        QVERIFY(line.contains(" hit "));
    }
}

void TestCliStats::resetPrintsAGap()
{
    QProcess p;
    p.start(m_cli,
            {QStringLiteral("stats"), m_redis.url(), QStringLiteral("--interval"), QStringLiteral("0.5"),
             QStringLiteral("--count"), QStringLiteral("3"), QStringLiteral("--json")});
    QVERIFY(p.waitForStarted());
    QVERIFY(!readLine(p).isEmpty());
    for (int i = 0; i < 20; ++i)
        m_redis.command({"GET", "shop:1:k"});
    QVERIFY(!readLine(p).isEmpty());
    QCOMPARE(m_redis.command({"CONFIG", "RESETSTAT"}).str, QByteArray("OK"));
    QVERIFY(p.waitForFinished(20000));
    const QJsonObject last = parseJsonObject(p.readAllStandardOutput().trimmed().split('\n').last());
    QVERIFY2(last.value(QStringLiteral("reset")).toBool(), "CONFIG RESETSTAT prints a reset");
    QVERIFY(last.value(QStringLiteral("hits_per_sec")).isNull());
    QVERIFY(last.value(QStringLiteral("ops_per_sec")).isNull());
    QVERIFY(!last.value(QStringLiteral("reset_reason")).toString().isEmpty());
}

void TestCliStats::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("interval too short") << QStringList{QStringLiteral("--interval"), QStringLiteral("0.1")};
    QTest::newRow("interval too long") << QStringList{QStringLiteral("--interval"), QStringLiteral("61")};
    QTest::newRow("count zero") << QStringList{QStringLiteral("--count"), QStringLiteral("0")};
    QTest::newRow("count text") << QStringList{QStringLiteral("--count"), QStringLiteral("many")};
}

void TestCliStats::usageErrors()
{
    QFETCH(QStringList, args);
    const CliResult r = runCli(QStringList{QStringLiteral("stats"), m_redis.url()} + args,
                               QProcessEnvironment::systemEnvironment(), 10000);
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("cachescope-cli"));
}

void TestCliStats::unreachableExitsWithFailure()
{
    const CliResult r =
        runCli({QStringLiteral("stats"), QStringLiteral("redis://127.0.0.1:%1/0").arg(freeLoopbackPort()),
                QStringLiteral("--count"), QStringLiteral("1")},
               QProcessEnvironment::systemEnvironment(), 20000);
    QCOMPARE(r.code, 3);
}

QTEST_GUILESS_MAIN(TestCliStats)
#include "tst_clistats.moc"

// Statistics of Django's database cache table, sampled through StatsMonitor like every
// connection: on a real SQLite file rows, expired rows and size on disk; on a real
// PostgreSQL also the table's writes and the hits and misses estimated from its primary
// key (traffic made by Django's own cache API, so the estimate's assumptions are tested
// against the code they describe); and `cachescope-cli stats` on both.
#include "clirun.h"
#include "connectorrecorder.h"
#include "dbcache/dbcacheconnector.h"
#include "ops/statsmonitor.h"
#include "postgresserver.h"
#include "sqlitewriter.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

using namespace cachescope;
using namespace cachescope::test;

namespace {

struct Sampled
{
    explicit Sampled(const ConnectionSpec &spec)
        : connector(openRecorded(std::make_unique<DbCacheConnector>(spec), 20000)), monitor(&connector->host),
          spy(&monitor, &StatsMonitor::sampleAdded)
    {
    }
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

QString isoUtc(qint64 offsetSecs)
{
    return QDateTime::currentDateTimeUtc().addSecs(offsetSecs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace

class TestDbCacheStats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sqliteRowsExpiredAndSize();
    void postgresEstimatesHitsAndMisses();
    void postgresSamplerLeavesThePrimaryKeyAlone();
    void cliOnBothTables_data();
    void cliOnBothTables();

private:
    QString postgresUrl() const
    {
        return QStringLiteral("postgresql://%1:%2@127.0.0.1:%3/%4")
            .arg(PostgresServer::user(), PostgresServer::password())
            .arg(m_pg.port())
            .arg(PostgresServer::database());
    }
    QTemporaryDir m_dir;
    QString m_sqlite;
    PostgresServer m_pg;
};

void TestDbCacheStats::initTestCase()
{
    registerStatsMetaTypes();
    QVERIFY(m_dir.isValid());
    m_sqlite = m_dir.filePath(QStringLiteral("site.sqlite3"));
    QList<QVariantList> rows;
    for (int i = 0; i < 5; ++i)
        rows.append({QStringLiteral(":1:live%1").arg(i), QStringLiteral("gAJLAS4="), isoUtc(3600)});
    for (int i = 0; i < 2; ++i)
        rows.append({QStringLiteral(":1:stale%1").arg(i), QStringLiteral("gAJLAS4="), isoUtc(-3600)});
    QVERIFY(execSql(m_sqlite, {djangoCacheTableSql()}));
    QVERIFY(execSql(m_sqlite, {QStringLiteral("INSERT INTO django_cache VALUES (?, ?, ?)")}, rows));

    QVERIFY2(m_pg.start(), qPrintable(m_pg.errorString()));
    QVERIFY2(m_pg.django(QStringLiteral(R"(
call_command('createcachetable', verbosity=0)
cache.set('present', 'here', 3600)
cache.set('stale', 'gone', 0)
)")),
             qPrintable(m_pg.errorString()));
}

void TestDbCacheStats::sqliteRowsExpiredAndSize()
{
    auto spec = ConnectionSpec::parse(QStringLiteral("sqlite://") + m_sqlite);
    QVERIFY(bool(spec));
    Sampled s(*spec);
    const StatsSample first = s.next();
    QVERIFY2(first.error.isEmpty(), qPrintable(first.error));
    QCOMPARE(first.servers.size(), 1);
    const ServerSample &x = first.aggregate;
    QVERIFY2(x.ok(), qPrintable(x.error));
    QCOMPARE(x.value(StatsMetric::Items), 7.0);
    QCOMPARE(x.value(StatsMetric::ExpiredItems), 2.0);
    QVERIFY(x.value(StatsMetric::MemoryUsed) > 0);
    QVERIFY(std::isnan(x.value(StatsMetric::MemoryMax)));
    QVERIFY(!x.estimated); // SQLite keeps no activity counters: no estimate at all

    QVERIFY(execSql(m_sqlite, {QStringLiteral("DELETE FROM django_cache WHERE cache_key LIKE ':1:stale%'")}));
    const StatsSample second = s.next();
    QCOMPARE(second.aggregate.value(StatsMetric::Items), 5.0);
    QCOMPARE(second.aggregate.value(StatsMetric::ExpiredItems), 0.0);
    QVERIFY(!second.aggregate.reset);
    QVERIFY(std::isnan(second.aggregate.value(StatsMetric::HitRatio)));
    QVERIFY(std::isnan(second.aggregate.value(StatsMetric::HitsPerSec)));
    QVERIFY(s.monitor.history().isCacheTable());
    QVERIFY(!s.monitor.history().isEstimated());
}

// 30 hits and 10 misses by Django's cache.get, plus the writes Django makes around them
// (a set of a new key, a set of an existing one, a delete): the estimate takes the writes'
// own primary-key lookups away and gives exactly 30 / 10 = 75%.
void TestDbCacheStats::postgresEstimatesHitsAndMisses()
{
    Sampled s(m_pg.spec());
    const StatsSample baseline = s.next();
    QVERIFY2(baseline.error.isEmpty() && baseline.aggregate.ok(), qPrintable(baseline.aggregate.error));
    QVERIFY(std::isnan(baseline.aggregate.value(StatsMetric::HitRatio)));
    QVERIFY(baseline.aggregate.value(StatsMetric::Items) >= 2);
    QVERIFY(baseline.aggregate.value(StatsMetric::ExpiredItems) >= 1);
    QVERIFY(baseline.aggregate.value(StatsMetric::MemoryUsed) > 0);

    QVERIFY2(m_pg.django(QStringLiteral(R"(
for i in range(30):
    assert cache.get('present') == 'here'
for i in range(10):
    assert cache.get('absent%d' % i) is None
cache.set('fresh', 1, 600)
cache.set('present', 'here', 3600)
cache.delete('fresh')
)")),
             qPrintable(m_pg.errorString()));
    // PostgreSQL publishes a backend's counters as it exits (or about once a second):
    // add the samples up until all 40 lookups are in.
    qint64 hits = 0, misses = 0, inserts = 0, deletes = 0;
    bool estimated = true, ok = true;
    const auto sampleMore = [&] {
        const StatsSample next = s.next();
        ok = ok && next.aggregate.ok() && !next.aggregate.reset;
        estimated = estimated && next.aggregate.estimated;
        hits += qMax<qint64>(next.aggregate.deltaHits, 0);
        misses += qMax<qint64>(next.aggregate.deltaMisses, 0);
        const double secs = next.aggregate.intervalSecs;
        inserts += std::llround(next.aggregate.value(StatsMetric::InsertsPerSec) * secs);
        deletes += std::llround(next.aggregate.value(StatsMetric::DeletesPerSec) * secs);
        return hits + misses >= 40 || !ok;
    };
    QTRY_VERIFY_WITH_TIMEOUT(sampleMore(), 20000);
    QVERIFY(ok);
    QVERIFY(estimated);
    QCOMPARE(hits, 30);
    QCOMPARE(misses, 10);
    QCOMPARE(inserts, 1);
    QCOMPARE(deletes, 1);
    QCOMPARE(100.0 * double(hits) / double(hits + misses), 75.0);
    QVERIFY(s.monitor.history().isEstimated());
}

// Sampling by itself (row counts, size, counters) must not look like cache traffic.
void TestDbCacheStats::postgresSamplerLeavesThePrimaryKeyAlone()
{
    Sampled s(m_pg.spec());
    QVERIFY(s.next().aggregate.ok());
    for (int i = 0; i < 4; ++i) {
        const StatsSample next = s.next();
        QVERIFY2(next.aggregate.ok(), qPrintable(next.aggregate.error));
        QCOMPARE(next.aggregate.deltaHits, 0);
        QCOMPARE(next.aggregate.deltaMisses, 0);
        QVERIFY(std::isnan(next.aggregate.value(StatsMetric::HitRatio))); // no lookups: a gap
    }
}

void TestDbCacheStats::cliOnBothTables_data()
{
    QTest::addColumn<bool>("postgres");
    QTest::newRow("sqlite") << false;
    QTest::newRow("postgresql") << true;
}

void TestDbCacheStats::cliOnBothTables()
{
    QFETCH(bool, postgres);
    const QString cli = cliPath();
    QVERIFY2(!cli.isEmpty(), CliMissingMessage);
    const QString url = postgres ? postgresUrl() : QStringLiteral("sqlite://") + m_sqlite;
    const CliResult json = runCli({QStringLiteral("stats"), url, QStringLiteral("--interval"),
                                   QStringLiteral("0.25"), QStringLiteral("--count"), QStringLiteral("1"),
                                   QStringLiteral("--json")});
    QVERIFY2(json.code == 0, json.err.constData());
    const QList<QByteArray> lines = outputLines(json.out);
    QCOMPARE(lines.size(), 1);
    const QJsonObject o = parseJsonObject(lines.at(0));
    QVERIFY(o.value(u"items").toDouble() >= 2);
    QVERIFY(o.value(u"expired_items").isDouble());
    QVERIFY(o.value(u"memory_used").toDouble() > 0);
    QCOMPARE(o.value(u"estimated").toBool(), postgres);
    QVERIFY(o.value(u"error").isNull());
    QCOMPARE(o.value(u"inserts_per_sec").isDouble(), postgres);

    const CliResult plain = runCli({QStringLiteral("stats"), url, QStringLiteral("--interval"),
                                    QStringLiteral("0.25"), QStringLiteral("--count"), QStringLiteral("1")});
    QVERIFY2(plain.code == 0, plain.err.constData());
    QVERIFY2(plain.out.contains("  rows ") && plain.out.contains("expired rows ") && plain.out.contains("size "),
             plain.out.constData());
    QCOMPARE(plain.out.contains("deletes/s -"), !postgres);
}

QTEST_GUILESS_MAIN(TestDbCacheStats)
#include "tst_dbcachestats.moc"

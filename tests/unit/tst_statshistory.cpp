// StatsHistory: tiers, bucket arithmetic, bounded memory, markers and the CSV export.
#include "ops/statshistory.h"

#include <QTest>

#include <cmath>

using namespace cachescope;

namespace {

ServerSample rates(const QString &server, qint64 hits, qint64 misses, double seconds = 1.0)
{
    ServerSample s;
    s.server = server;
    s.intervalSecs = seconds;
    s.deltaHits = hits;
    s.deltaMisses = misses;
    s.set(StatsMetric::HitsPerSec, double(hits) / seconds);
    s.set(StatsMetric::MissesPerSec, double(misses) / seconds);
    if (hits + misses > 0)
        s.set(StatsMetric::HitRatio, 100.0 * double(hits) / double(hits + misses));
    s.set(StatsMetric::MemoryUsed, 1000.0);
    return s;
}

StatsSample single(qint64 t, const ServerSample &s)
{
    StatsSample sample;
    sample.timestampMs = t;
    sample.servers = {s};
    sample.aggregate = s;
    sample.aggregate.server = ServerSample::AggregateName;
    return sample;
}

} // namespace

class TestStatsHistory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void seriesAndRawTier();
    void bucketsRecomputeTheRatio();
    void tierForWindow_data();
    void tierForWindow();
    void memoryStaysBounded();
    void markersFromResetsAndErrors();
    void csvRoundTrips();
};

void TestStatsHistory::seriesAndRawTier()
{
    StatsHistory h;
    h.append(single(1000, rates(QStringLiteral("a:1"), 3, 1)));
    h.append(single(2000, rates(QStringLiteral("a:1"), 1, 1)));
    QCOMPARE(h.series(), (QStringList{ServerSample::AggregateName, QStringLiteral("a:1")}));
    const auto &raw = h.points(1, 0);
    QCOMPARE(raw.size(), 2);
    QCOMPARE(raw.at(0).timestampMs, 1000);
    QCOMPARE(raw.at(0).value(StatsMetric::HitRatio), 75.0);
    QCOMPARE(raw.at(1).value(StatsMetric::HitRatio), 50.0);
    QCOMPARE(h.points(0, 0).size(), 2);
    QCOMPARE(h.lastTimestampMs(), 2000);
    QCOMPARE(h.sampleCount(), 2);
}

void TestStatsHistory::bucketsRecomputeTheRatio()
{
    StatsHistory h;
    // Two samples in one 10 s bucket: 9 hits / 1 miss over 1 s, then 0 / 90 over 3 s.
    h.append(single(20000, rates(QStringLiteral("s"), 9, 1, 1.0)));
    h.append(single(23000, rates(QStringLiteral("s"), 0, 90, 3.0)));
    // And one sample in the next bucket.
    h.append(single(31000, rates(QStringLiteral("s"), 5, 5, 1.0)));
    const auto &tens = h.points(1, 1);
    QCOMPARE(tens.size(), 2);
    QCOMPARE(tens.at(0).timestampMs, 20000);
    QCOMPARE(tens.at(0).value(StatsMetric::HitRatio), 9.0); // 9 of 100, not the mean 45%
    // Time-weighted: (9·1 + 0·3) / 4 s.
    QCOMPARE(tens.at(0).value(StatsMetric::HitsPerSec), 9.0 / 4.0);
    QCOMPARE(tens.at(0).value(StatsMetric::MissesPerSec), (1.0 + 90.0) / 4.0);
    QCOMPARE(tens.at(0).value(StatsMetric::MemoryUsed), 1000.0);
    QCOMPARE(tens.at(1).timestampMs, 30000);
    QCOMPARE(tens.at(1).value(StatsMetric::HitRatio), 50.0);
    const auto &minutes = h.points(1, 2);
    QCOMPARE(minutes.size(), 1);
    QCOMPARE(minutes.at(0).value(StatsMetric::HitRatio), 100.0 * 14 / 110);

    // A bucket of gaps only stays a gap.
    ServerSample gap;
    gap.server = QStringLiteral("s");
    h.append(single(45000, gap));
    QVERIFY(std::isnan(h.points(1, 1).back().value(StatsMetric::HitsPerSec)));
}

void TestStatsHistory::tierForWindow_data()
{
    QTest::addColumn<qint64>("windowMs");
    QTest::addColumn<int>("tier");
    QTest::newRow("1 min") << qint64(60000) << 0;
    QTest::newRow("5 min") << qint64(300000) << 0;
    QTest::newRow("1 h") << qint64(3600000) << 1;
    QTest::newRow("24 h") << qint64(86400000) << 2;
    QTest::newRow("longer") << qint64(7 * 86400000LL) << 2;
}

void TestStatsHistory::tierForWindow()
{
    QFETCH(qint64, windowMs);
    QFETCH(int, tier);
    QCOMPARE(StatsHistory::tierFor(windowMs), tier);
}

void TestStatsHistory::memoryStaysBounded()
{
    StatsHistory h(1000);
    const qint64 start = 1'700'000'000'000;
    for (qint64 i = 0; i < 2 * 86400; i += 7) // two days, every 7 s to keep the test quick
        h.append(single(start + i * 1000, rates(QStringLiteral("s"), i % 10, 1, 7.0)));
    QVERIFY(h.points(1, 0).size() <= h.points(1, 0).capacity());
    QCOMPARE(h.points(1, 0).capacity(), 302);
    QCOMPARE(h.points(1, 1).capacity(), 362);
    QCOMPARE(h.points(1, 2).capacity(), 1442);
    QCOMPARE(h.points(1, 2).size(), 1442);
    // Oldest kept minute bucket is about 24 h before the newest.
    const qint64 span = h.points(1, 2).back().timestampMs - h.points(1, 2).at(0).timestampMs;
    QVERIFY(span >= 24 * 3600 * 1000LL && span <= 24 * 3600 * 1000LL + 120000);
    // Points stay sorted across the wrap.
    for (qsizetype k = 1; k < h.points(1, 2).size(); ++k)
        QVERIFY(h.points(1, 2).at(k - 1).timestampMs < h.points(1, 2).at(k).timestampMs);

    h.setSampleInterval(250);
    QCOMPARE(h.points(1, 0).capacity(), 1202);
    QCOMPARE(h.points(1, 0).size(), 0);
}

void TestStatsHistory::markersFromResetsAndErrors()
{
    StatsHistory h;
    ServerSample reset = rates(QStringLiteral("s"), 0, 0);
    reset.reset = true;
    reset.resetReason = QStringLiteral("restarted (new run_id)");
    h.append(single(1000, reset));
    ServerSample down;
    down.server = QStringLiteral("s");
    down.error = QStringLiteral("Connection refused");
    h.append(single(2000, down));
    h.append(single(3000, down)); // still down: no second marker
    h.addMarker(OperationMarker{3500, OperationMarker::Kind::Delete, QStringLiteral("delete k"), {}, 1, {}});
    h.append(single(4000, rates(QStringLiteral("s"), 1, 0)));
    h.append(single(5000, down)); // down again: a new marker
    QCOMPARE(h.markers().size(), size_t(4));
    QCOMPARE(h.markers()[0].kind, OperationMarker::Kind::Reset);
    QCOMPARE(h.markers()[0].text(), QStringLiteral("s reset"));
    QVERIFY(h.markers()[0].longText().contains(QStringLiteral("run_id")));
    QCOMPARE(h.markers()[1].kind, OperationMarker::Kind::Unreachable);
    QCOMPARE(h.markers()[1].timestampMs, 2000);
    QCOMPARE(h.markers()[2].text(), QStringLiteral("delete k (1 key)"));
    QCOMPARE(h.markers()[3].timestampMs, 5000);
    QCOMPARE(h.currentError(1), QStringLiteral("Connection refused"));
    QVERIFY(h.points(1, 0).back().flags & StatsPoint::Error);
    QCOMPARE(h.markersAdded(), quint64(4));
}

void TestStatsHistory::csvRoundTrips()
{
    StatsHistory h;
    StatsSample pool;
    pool.timestampMs = 1'700'000'000'123;
    ServerSample a = rates(QStringLiteral("h:1"), 1, 2, 3.0); // 1/3 hits/s: needs all 17 digits
    ServerSample b = rates(QStringLiteral("h:2"), 0, 0);      // ratio gap
    b.reset = true;
    pool.servers = {a, b};
    pool.aggregate = rates(ServerSample::AggregateName, 1, 2, 3.0);
    h.append(pool);
    const QByteArray csv = h.toCsv(0, 0, pool.timestampMs);
    const QList<QByteArray> lines = csv.trimmed().split('\n');
    QCOMPARE(lines.size(), 4);
    QCOMPARE(QString::fromUtf8(lines.at(0)), StatsHistory::csvHeader().join(u','));
    for (int row = 1; row < lines.size(); ++row) {
        const QList<QByteArray> f = lines.at(row).split(',');
        QCOMPARE(f.size(), StatsHistory::csvHeader().size());
        const int series = h.seriesIndex(QString::fromUtf8(f.at(2)));
        QVERIFY(series >= 0);
        const StatsPoint &p = h.points(series, 0).at(0);
        QCOMPARE(f.at(0).toLongLong(), p.timestampMs);
        QCOMPARE(f.at(1), QByteArray("2023-11-14T22:13:20.123Z"));
        for (int m = 0; m < StatsMetricCount; ++m) {
            const QByteArray &cell = f.at(3 + m);
            if (std::isnan(p.values[size_t(m)]))
                QVERIFY(cell.isEmpty());
            else
                QCOMPARE(cell.toDouble(), p.values[size_t(m)]); // exact
        }
        QCOMPARE(f.last() == "reset", series == h.seriesIndex(QStringLiteral("h:2")));
    }
    QCOMPARE(h.toCsv(0, pool.timestampMs + 1, pool.timestampMs + 10).count('\n'), 1);
}

QTEST_GUILESS_MAIN(TestStatsHistory)
#include "tst_statshistory.moc"

// The statistics dashboard offscreen: the chart holds the points of the history, gaps
// stay gaps, markers are drawn, hover reads the values, export writes a PNG and a CSV
// that reads back to the chart's data, replots are coalesced and skipped while hidden;
// then live against a real redis-server, and through the main window.
#include "charts/statschart.h"
#include "charts/statsdashboard.h"
#include "keys/keypanel.h"
#include "mainwindow/mainwindow.h"
#include "ops/statsmonitor.h"
#include "redisserver.h"
#include "session/connectionsession.h"

#include <QDockWidget>
#include <QTabWidget>
#include <QImage>
#include <QLabel>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace cachescope;

namespace {

const qint64 T0 = 1'700'000'000'000; // 2023-11-14 22:13:20 UTC
const QString Server = QStringLiteral("127.0.0.1:6379");

ServerSample sampleOf(const QString &server, qint64 hits, qint64 misses, double memory)
{
    ServerSample s;
    s.server = server;
    s.intervalSecs = 1.0;
    s.deltaHits = hits;
    s.deltaMisses = misses;
    s.set(StatsMetric::HitsPerSec, double(hits));
    s.set(StatsMetric::MissesPerSec, double(misses));
    s.set(StatsMetric::OpsPerSec, double(hits + misses));
    s.set(StatsMetric::EvictionsPerSec, 0);
    s.set(StatsMetric::ExpiredPerSec, 1);
    if (hits + misses > 0)
        s.set(StatsMetric::HitRatio, 100.0 * double(hits) / double(hits + misses));
    s.set(StatsMetric::MemoryUsed, memory);
    s.set(StatsMetric::Items, 42);
    s.set(StatsMetric::Clients, 3);
    return s;
}

// Ten samples a second apart: ratio 75%, then 50% from the sixth; the fourth is a gap.
void fill(StatsHistory &h)
{
    for (int i = 0; i < 10; ++i) {
        StatsSample s;
        s.timestampMs = T0 + i * 1000;
        ServerSample x =
            i < 5 ? sampleOf(Server, 30, 10, 1048576.0 * (i + 1)) : sampleOf(Server, 10, 10, 2097152.0);
        if (i == 3) {
            x = ServerSample();
            x.server = Server;
            x.reset = true;
            x.resetReason = QStringLiteral("restarted (new run_id)");
        }
        s.servers = {x};
        s.aggregate = x;
        s.aggregate.server = ServerSample::AggregateName;
        h.append(s);
    }
}

QList<QList<QByteArray>> parseCsv(const QByteArray &csv)
{
    QList<QList<QByteArray>> rows;
    const QList<QByteArray> lines = csv.trimmed().split('\n');
    for (const QByteArray &line : lines)
        rows.append(line.split(','));
    return rows;
}

} // namespace

class TestStatsDashboard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void chartHoldsTheHistory();
    void poolDrawsEveryServerAndTheAggregate();
    void hoverReadsValuesAndMarkers();
    void exportPngAndCsvRoundTrip();
    void replotsCoalescedAndOnlyWhenVisible();
    void windowsPickTheirTier();
    void liveAgainstRedis();
    void mainWindowMarksDeletes();
    void poolWithEventsScreenshot();

private:
    QTemporaryDir m_config;
};

void TestStatsDashboard::initTestCase()
{
    QVERIFY(m_config.isValid());
    qputenv("CACHESCOPE_CONFIG_DIR", m_config.path().toUtf8());
    qputenv("CACHESCOPE_NO_KEYCHAIN", "1");
    registerStatsMetaTypes();
}

void TestStatsDashboard::chartHoldsTheHistory()
{
    StatsHistory h;
    fill(h);
    h.addMarker(OperationMarker{
        T0 + 7500, OperationMarker::Kind::Delete, QStringLiteral("delete shop:1:x"), {}, 3, {}});
    StatsDashboard d;
    d.resize(1200, 700);
    d.showHistory(&h);
    d.setWindow(StatsDashboard::Window::OneMinute);
    d.pauseAt(T0 + 12000);
    d.refreshNow();

    StatsChart *chart = d.chart();
    QCOMPARE(chart->drawnSeries(), QStringList{Server}); // one server: no duplicate aggregate line
    QVERIFY(!chart->seriesGraph(StatsMetric::HitRatio, ServerSample::AggregateName));
    QCPGraph *ratio = chart->seriesGraph(StatsMetric::HitRatio, Server);
    QVERIFY(ratio);
    QCOMPARE(ratio->data()->size(), 10);
    for (int i = 0; i < 10; ++i) {
        const QCPGraphData &p = *(ratio->data()->constBegin() + i);
        QCOMPARE(p.key, double(T0 + i * 1000) / 1000.0);
        if (i == 3)
            QVERIFY2(std::isnan(p.value), "a reset is a gap");
        else
            QCOMPARE(p.value, i < 5 ? 75.0 : 50.0);
    }
    QCPGraph *memory = chart->seriesGraph(StatsMetric::MemoryUsed, Server);
    QCOMPARE((memory->data()->constBegin() + 1)->value, 2.0); // MiB
    QCOMPARE(chart->seriesGraph(StatsMetric::MissesPerSec, Server)->data()->size(), 10);
    QCOMPARE(chart->seriesGraph(StatsMetric::Clients, Server)->valueAxis(),
             chart->panel(StatsChart::ItemsPanel)->axis(QCPAxis::atRight));
    // The x range is the window, ending where the view was paused.
    const QCPRange x = chart->panel(StatsChart::OpsPanel)->axis(QCPAxis::atBottom)->range();
    QCOMPARE(x.upper, double(T0 + 12000) / 1000.0);
    QCOMPARE(x.size(), 60.0);
    // The delete and the reset are drawn.
    QCOMPARE(chart->drawnMarkerCount(), 2);
    // Threshold: 80% by default, settable.
    QCOMPARE(d.threshold(), 80.0);
    d.setThreshold(90);
    QCOMPARE(chart->threshold(), 90.0);
    auto *status = d.findChild<QLabel *>(QStringLiteral("statsStatus"));
    QVERIFY2(status->text().contains(QStringLiteral("50.0%")), qPrintable(status->text()));
    QVERIFY(status->text().contains(QStringLiteral("#c00000"))); // below the threshold: red
}

void TestStatsDashboard::poolDrawsEveryServerAndTheAggregate()
{
    StatsHistory h;
    for (int i = 0; i < 5; ++i) {
        StatsSample s;
        s.timestampMs = T0 + i * 1000;
        s.servers = {sampleOf(QStringLiteral("h:1"), 9, 1, 100), sampleOf(QStringLiteral("h:2"), 0, 10, 100)};
        s.aggregate = sampleOf(ServerSample::AggregateName, 9, 11, 200);
        h.append(s);
    }
    StatsDashboard d;
    d.showHistory(&h);
    d.pauseAt(T0 + 5000);
    d.setWindow(StatsDashboard::Window::OneMinute);
    d.refreshNow();
    StatsChart *chart = d.chart();
    QCOMPARE(chart->drawnSeries(),
             (QStringList{ServerSample::AggregateName, QStringLiteral("h:1"), QStringLiteral("h:2")}));
    QCOMPARE(chart->seriesGraph(StatsMetric::HitRatio, QStringLiteral("h:1"))->data()->constBegin()->value,
             90.0);
    QCOMPARE(chart->seriesGraph(StatsMetric::HitRatio, QStringLiteral("h:2"))->data()->constBegin()->value,
             0.0);
    QCOMPARE(
        chart->seriesGraph(StatsMetric::HitRatio, ServerSample::AggregateName)->data()->constBegin()->value,
        45.0);
    // Each server its own colour, the aggregate another; misses dashed, every pen a cosmetic
    // 1 px line (the fast path of the raster engine).
    const QPen all = chart->seriesGraph(StatsMetric::OpsPerSec, ServerSample::AggregateName)->pen();
    const QPen one = chart->seriesGraph(StatsMetric::OpsPerSec, QStringLiteral("h:1"))->pen();
    const QPen two = chart->seriesGraph(StatsMetric::OpsPerSec, QStringLiteral("h:2"))->pen();
    QVERIFY(all.color() != one.color() && all.color() != two.color() && one.color() != two.color());
    QCOMPARE(chart->seriesGraph(StatsMetric::MissesPerSec, QStringLiteral("h:1"))->pen().style(),
             Qt::DashLine);
    QCOMPARE(chart->seriesGraph(StatsMetric::MissesPerSec, QStringLiteral("h:1"))->pen().color(),
             one.color());
    for (int g = 0; g < chart->graphCount(); ++g)
        QVERIFY(chart->graph(g)->pen().isCosmetic());
}

void TestStatsDashboard::hoverReadsValuesAndMarkers()
{
    StatsHistory h;
    fill(h);
    h.addMarker(
        OperationMarker{T0 + 2000, OperationMarker::Kind::Delete, QStringLiteral("delete k"), {}, 1, {}});
    StatsDashboard d;
    d.resize(1200, 700);
    d.showHistory(&h);
    d.setWindow(StatsDashboard::Window::OneMinute);
    d.pauseAt(T0 + 10000);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    d.refreshNow();

    const QString text = d.chart()->readoutAt(double(T0 + 2100) / 1000.0);
    QVERIFY2(text.contains(QStringLiteral("hit ratio 75.0%")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("hits/s 30.0/s")));
    QVERIFY(text.contains(QStringLiteral("delete k (1 key)")));

    // A real mouse move over the ratio panel fills the readout label.
    QCPAxisRect *rect = d.chart()->panel(StatsChart::RatioPanel);
    const double px = rect->axis(QCPAxis::atBottom)->coordToPixel(double(T0 + 6000) / 1000.0);
    const QPointF pos(px, rect->center().y());
    QMouseEvent move(QEvent::MouseMove, pos, d.chart()->mapToGlobal(pos), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QApplication::sendEvent(d.chart(), &move);
    auto *readout = d.findChild<QLabel *>(QStringLiteral("statsReadout"));
    QVERIFY2(readout->text().contains(QStringLiteral("hit ratio 50.0%")), qPrintable(readout->text()));
}

void TestStatsDashboard::exportPngAndCsvRoundTrip()
{
    StatsHistory h;
    fill(h);
    StatsDashboard d;
    d.resize(1000, 600);
    d.showHistory(&h);
    d.setWindow(StatsDashboard::Window::OneMinute);
    d.pauseAt(T0 + 10000);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    d.refreshNow();

    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("chart.png"));
    QString error;
    QVERIFY2(d.exportPng(png, &error), qPrintable(error));
    QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), d.chart()->size());

    const QString csvPath = dir.filePath(QStringLiteral("data.csv"));
    QVERIFY2(d.exportCsv(csvPath, &error), qPrintable(error));
    QFile file(csvPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QList<QByteArray>> rows = parseCsv(file.readAll());
    const QList<QByteArray> header = rows.at(0);
    QCOMPARE(header.at(0), QByteArray("timestamp_ms"));
    const qsizetype ratioColumn = header.indexOf("hit_ratio");
    const qsizetype memoryColumn = header.indexOf("memory_used");
    QVERIFY(ratioColumn > 0 && memoryColumn > 0);
    // Every row of the drawn server reads back to the chart's point at that time.
    const QCPGraph *ratio = d.chart()->seriesGraph(StatsMetric::HitRatio, Server);
    const QCPGraph *memory = d.chart()->seriesGraph(StatsMetric::MemoryUsed, Server);
    int matched = 0;
    for (qsizetype r = 1; r < rows.size(); ++r) {
        if (rows.at(r).at(2) != Server.toUtf8())
            continue;
        const double key = rows.at(r).at(0).toDouble() / 1000.0;
        const auto it = ratio->data()->findBegin(key, false);
        QCOMPARE(it->key, key);
        const QByteArray cell = rows.at(r).at(ratioColumn);
        if (std::isnan(it->value)) {
            QVERIFY(cell.isEmpty());
            QCOMPARE(rows.at(r).last(), QByteArray("reset"));
        } else {
            QCOMPARE(cell.toDouble(), it->value);
        }
        const auto m = memory->data()->findBegin(key, false);
        if (!std::isnan(m->value))
            QCOMPARE(rows.at(r).at(memoryColumn).toDouble() *
                         StatsChart::displayScale(StatsMetric::MemoryUsed),
                     m->value);
        ++matched;
    }
    QCOMPARE(matched, 10);
}

void TestStatsDashboard::replotsCoalescedAndOnlyWhenVisible()
{
    StatsHistory h;
    fill(h);
    StatsDashboard d;
    d.showHistory(&h);
    // Hidden: dirty, but no timer and no replot.
    QVERIFY(d.isDirty());
    QVERIFY(!d.isTicking());
    QCOMPARE(d.replotCount(), 0);
    d.resize(900, 600);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    QTRY_COMPARE(d.replotCount(), 1);
    QVERIFY(!d.isDirty());
    QTRY_VERIFY(!d.isTicking()); // nothing new: the timer stops itself

    // Fifty changes in one turn of the event loop: one replot.
    for (int i = 0; i < 50; ++i)
        d.historyChanged();
    QTRY_COMPARE(d.replotCount(), 2);
    QTRY_VERIFY(!d.isTicking());
    QCOMPARE(d.replotCount(), 2);

    // Hidden again: changes wait.
    d.hide();
    d.historyChanged();
    QTRY_VERIFY(!d.isTicking());
    QCOMPARE(d.replotCount(), 2);
    QVERIFY(d.isDirty());
    d.show();
    QTRY_COMPARE(d.replotCount(), 3);

    // Paused: new data changes nothing on screen until resumed.
    d.setPaused(true);
    QVERIFY(d.isPaused());
    d.setPaused(false);
    QVERIFY(!d.isPaused());
}

void TestStatsDashboard::windowsPickTheirTier()
{
    StatsHistory h;
    // One sample every 30 s over two hours, 75% each.
    for (int i = 0; i < 240; ++i) {
        StatsSample s;
        s.timestampMs = T0 + i * 30000LL;
        s.servers = {sampleOf(Server, 3, 1, 1024)};
        s.servers[0].intervalSecs = 30;
        s.aggregate = s.servers[0];
        s.aggregate.server = ServerSample::AggregateName;
        h.append(s);
    }
    StatsDashboard d;
    d.showHistory(&h);
    d.pauseAt(T0 + 240 * 30000LL);
    d.setWindow(StatsDashboard::Window::Day);
    d.refreshNow();
    // 24 h window: minute buckets, two hours of them.
    const QCPGraph *ratio = d.chart()->seriesGraph(StatsMetric::HitRatio, Server);
    QCOMPARE(ratio->data()->size(), 120);
    QCOMPARE(ratio->data()->constBegin()->value, 75.0);
    d.setWindow(StatsDashboard::Window::OneHour);
    d.refreshNow();
    // 1 h window: 10 s buckets (one sample each 30 s), the last hour plus the edge.
    QVERIFY(ratio->data()->size() >= 120 && ratio->data()->size() <= 122);
    d.setWindow(StatsDashboard::Window::FiveMinutes);
    d.refreshNow();
    QVERIFY(ratio->data()->size() >= 10 && ratio->data()->size() <= 12);
}

void TestStatsDashboard::liveAgainstRedis()
{
    test::RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    redis.command({"SET", "k", "v"});
    ConnectionSession session(SavedConnection::create(QStringLiteral("live"), redis.spec()));
    session.open();
    StatsDashboard d;
    d.resize(1000, 600);
    d.setInterval(250);
    d.setSession(&session);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    QVERIFY(d.monitor());
    QCOMPARE(d.monitor()->interval(), 250);
    QTRY_VERIFY_WITH_TIMEOUT(d.history()->sampleCount() >= 2, 10000);
    for (int i = 0; i < 30; ++i)
        redis.command({"GET", "k"});
    for (int i = 0; i < 10; ++i)
        redis.command({"GET", "missing"});
    // Some sample's ratio shows the lookups (they may span two intervals: 75% overall).
    QTRY_VERIFY_WITH_TIMEOUT(d.chart()->seriesGraph(StatsMetric::HitRatio, redis.spec().displayAddress()) ||
                                 d.chart()->drawnSeries().size() == 1,
                             10000);
    QTRY_VERIFY_WITH_TIMEOUT(d.replotCount() >= 2, 10000);
    const QString drawn = d.chart()->drawnSeries().value(0);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const QCPGraph *g = d.chart()->seriesGraph(StatsMetric::HitsPerSec, drawn);
            if (!g)
                return false;
            double hits = 0;
            for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
                hits += std::isnan(it->value) ? 0 : it->value;
            return hits > 0;
        }(),
        10000);
    d.addMarker(OperationMarker{QDateTime::currentMSecsSinceEpoch(),
                                OperationMarker::Kind::Delete,
                                QStringLiteral("delete k"),
                                {},
                                1,
                                {}});
    QTRY_COMPARE_WITH_TIMEOUT(d.chart()->drawnMarkerCount(), 1, 5000);
    d.setSession(nullptr);
    QVERIFY(!d.monitor());
}

void TestStatsDashboard::mainWindowMarksDeletes()
{
    MainWindow w;
    QVERIFY(w.statsDashboard());
    QVERIFY(w.statsDock());
    QCOMPARE(w.statsDock()->widget(), w.statsTabs());
    QCOMPARE(w.statsTabs()->widget(0), w.statsDashboard());
    test::RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    QVERIFY(w.openUrl(redis.url(), QStringLiteral("stats")));
    QTRY_VERIFY_WITH_TIMEOUT(w.statsDashboard()->monitor(), 10000);
    Q_EMIT w.keyPanel()->keysRemoved({"shop:1:a", "shop:1:b"});
    const auto &markers = w.statsDashboard()->history()->markers();
    QCOMPARE(markers.size(), size_t(1));
    QCOMPARE(markers.front().keyCount, 2);
    QCOMPARE(markers.front().kind, OperationMarker::Kind::Delete);
    Q_EMIT w.keyPanel()->keysRemoved({"shop:1:only"});
    QCOMPARE(markers.back().text(), QStringLiteral("delete shop:1:only (1 key)"));
}

// Five minutes of a three-server pool with a reset, an outage, a delete and an
// invalidation; saved as stats-dashboard.png when CACHESCOPE_SCREENSHOT_DIR is set.
void TestStatsDashboard::poolWithEventsScreenshot()
{
    StatsHistory h;
    const QStringList servers{QStringLiteral("10.0.0.1:11211"), QStringLiteral("10.0.0.2:11211"),
                              QStringLiteral("10.0.0.3:11211")};
    for (int i = 0; i < 300; ++i) {
        StatsSample s;
        s.timestampMs = T0 + i * 1000LL;
        qint64 hits = 0, misses = 0;
        for (int k = 0; k < servers.size(); ++k) {
            const double wave = 0.5 + 0.5 * std::sin(i / 40.0 + k);
            const qint64 lookups = 400 + qint64(300 * wave) + (i * 7 + k * 13) % 37;
            const qint64 hit = qint64(double(lookups) * (0.62 + 0.12 * k + 0.15 * wave));
            ServerSample x = sampleOf(servers.at(k), hit, lookups - hit, 40e6 + 2e4 * i + 5e6 * k);
            x.set(StatsMetric::MemoryMax, 64.0 * 1024 * 1024);
            x.set(StatsMetric::EvictionsPerSec, i > 180 ? 5 + (i % 9) : 0);
            x.set(StatsMetric::ExpiredPerSec, 20 + (i * 3 + k) % 11);
            x.set(StatsMetric::Items, 50000 + 40 * i + 1000 * k);
            x.set(StatsMetric::Clients, 12 + k);
            if (k == 1 && i == 120) {
                x = ServerSample();
                x.server = servers.at(k);
                x.reset = true;
                x.resetReason = QStringLiteral("statistics reset (a counter went down)");
            }
            if (k == 2 && i >= 200 && i < 230) {
                x = ServerSample();
                x.server = servers.at(k);
                x.error = QStringLiteral("CONNECTION FAILURE");
            }
            if (x.ok() && x.deltaHits >= 0) {
                hits += x.deltaHits;
                misses += x.deltaMisses;
            }
            s.servers.append(x);
        }
        s.aggregate = sampleOf(ServerSample::AggregateName, hits, misses, 0);
        s.aggregate.set(StatsMetric::MemoryUsed, StatsGap);
        for (const StatsMetric m :
             {StatsMetric::MemoryUsed, StatsMetric::MemoryMax, StatsMetric::Items, StatsMetric::Clients,
              StatsMetric::EvictionsPerSec, StatsMetric::ExpiredPerSec}) {
            double sum = 0;
            for (const ServerSample &x : std::as_const(s.servers))
                sum += std::isnan(x.value(m)) ? 0 : x.value(m);
            s.aggregate.set(m, sum);
        }
        if (i == 120) { // a member's reset: the aggregate's rates are a gap too (see StatsDeriver)
            for (int m = 0; m < StatsMetricCount; ++m)
                if (isRateMetric(StatsMetric(m)))
                    s.aggregate.values[size_t(m)] = StatsGap;
        }
        h.append(s);
        if (i == 150)
            h.addMarker(OperationMarker{s.timestampMs,
                                        OperationMarker::Kind::Delete,
                                        QStringLiteral("delete shop:1:cart:*"),
                                        {},
                                        12,
                                        {}});
        if (i == 250)
            h.addMarker(OperationMarker{s.timestampMs,
                                        OperationMarker::Kind::Invalidate,
                                        QStringLiteral("invalidate shop:1:"),
                                        {},
                                        4210,
                                        {}});
    }
    StatsDashboard d;
    d.resize(1400, 620);
    d.showHistory(&h);
    d.setWindow(StatsDashboard::Window::FiveMinutes);
    d.pauseAt(T0 + 300 * 1000LL);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    d.refreshNow();
    QCOMPARE(d.chart()->drawnSeries().size(), 4);
    QCOMPARE(d.chart()->drawnMarkerCount(), 4); // reset, unreachable, delete, invalidate
    // While one member is down, the aggregate is still drawn from the others.
    const QCPGraph *all = d.chart()->seriesGraph(StatsMetric::HitsPerSec, ServerSample::AggregateName);
    QVERIFY(!std::isnan(all->data()->findBegin(double(T0 + 210000) / 1000.0, false)->value));
    QCPAxisRect *rect = d.chart()->panel(StatsChart::LookupsPanel);
    const double px = rect->axis(QCPAxis::atBottom)->coordToPixel(double(T0 + 150000) / 1000.0);
    const QPointF pos(px, rect->center().y());
    QMouseEvent move(QEvent::MouseMove, pos, d.chart()->mapToGlobal(pos), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QApplication::sendEvent(d.chart(), &move);
    QVERIFY(
        d.findChild<QLabel *>(QStringLiteral("statsReadout"))->text().contains(QStringLiteral("12 keys")));
    const QString dir = qEnvironmentVariable("CACHESCOPE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(d.grab().save(dir + QStringLiteral("/stats-dashboard.png")));
}

QTEST_MAIN(TestStatsDashboard)
#include "tst_statsdashboard.moc"

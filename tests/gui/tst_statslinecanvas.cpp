// A dense window (more points than pixels) offscreen: the lines are rasterized once per
// change of data or range, not per replot; a spike reaches its peak on screen and a gap
// stays empty; the graph still holds every point. A line drawn again leaves no pixel of
// the old one behind (only what the last render wrote is cleared); a dashed pen leaves regular gaps.
#include "charts/statschart.h"
#include "ops/statshistory.h"
#include "pixelcount.h"

#include <QImage>
#include <QTest>

#include <cmath>

using namespace cachescope;

namespace {

const qint64 T0 = 1'700'000'000'000;
const QString Server = QStringLiteral("127.0.0.1:6379");

StatsSample at(qint64 i, double ratio)
{
    StatsSample s;
    s.timestampMs = T0 + i * 1000;
    ServerSample x;
    x.server = Server;
    x.intervalSecs = 1.0;
    if (std::isnan(ratio)) {
        x.error = QStringLiteral("unreachable");
    } else {
        x.deltaHits = qint64(ratio * 10);
        x.deltaMisses = 1000 - x.deltaHits;
        x.set(StatsMetric::HitRatio, ratio);
        x.set(StatsMetric::OpsPerSec, 100);
    }
    s.servers.append(x);
    s.aggregate = x;
    s.aggregate.server = ServerSample::AggregateName;
    return s;
}

// Whether a pixel of the column near x has the line's colour between rows y0 and y1.
bool lineIn(const QImage &image, int x, int y0, int y1, QColor color)
{
    for (int dx = -1; dx <= 1; ++dx) {
        for (int y = qMax(0, y0); y <= qMin(image.height() - 1, y1); ++y) {
            if (QColor(image.pixel(x + dx, y)).rgb() == color.rgb())
                return true;
        }
    }
    return false;
}

} // namespace

class TestStatsLineCanvas : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void denseWindowRasterizedOncePerChange();
    void redrawnLineLeavesNothingBehind();
    void dashedLineHasRegularGaps();
};

void TestStatsLineCanvas::denseWindowRasterizedOncePerChange()
{
    // Two hours of 1 s samples at 90%, one 10 s bucket at 5% and 5 minutes unreachable;
    // the 1 h window reads the 10 s tier: 360 points on a panel ~200 px wide.
    StatsHistory history(1000);
    const qint64 n = 7200;
    const qint64 spike = n - 1800, gapFrom = n - 1200, gapTo = n - 900;
    for (qint64 i = 0; i < n; ++i) {
        double ratio = 90.0;
        if (i >= spike && i < spike + 10)
            ratio = 5.0;
        if (i >= gapFrom && i < gapTo)
            ratio = qQNaN();
        history.append(at(i, ratio));
    }
    StatsChart chart;
    chart.resize(700, 500);
    chart.setHistory(&history);
    chart.setWindowMs(3600 * 1000);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const qint64 end = T0 + (n - 1) * 1000;
    chart.rebuild(end);
    chart.replot(QCustomPlot::rpImmediateRefresh);

    QCPGraph *ratio = chart.seriesGraph(StatsMetric::HitRatio, Server);
    QVERIFY(ratio);
    QCPAxisRect *panel = chart.panel(StatsChart::RatioPanel);
    QVERIFY2(ratio->data()->size() > panel->width(), "the window must be denser than the panel");
    QVERIFY(ratio->data()->size() >= 360); // every point kept in the graph's data
    const int renders = chart.lineRenderCount(StatsChart::RatioPanel);
    QVERIFY(renders >= 1);

    // Nothing new: the cached image is blitted.
    chart.replot(QCustomPlot::rpImmediateRefresh);
    chart.rebuild(end);
    chart.replot(QCustomPlot::rpImmediateRefresh);
    QCOMPARE(chart.lineRenderCount(StatsChart::RatioPanel), renders);

    // The spike reaches 5% on screen; the gap has no line; 90% is drawn elsewhere.
    const QImage image = chart.grab().toImage();
    QCPAxis *x = panel->axis(QCPAxis::atBottom);
    QCPAxis *y = panel->axis(QCPAxis::atLeft);
    const QColor color = ratio->pen().color();
    const int spikeX = int(x->coordToPixel(double(T0 + (spike + 5) * 1000) / 1000.0));
    const int lowY = int(y->coordToPixel(5.0));
    QVERIFY(lineIn(image, spikeX, lowY - 2, lowY + 2, color));
    const int gapX = int(x->coordToPixel(double(T0 + (gapFrom + 150) * 1000) / 1000.0));
    QVERIFY(!lineIn(image, gapX, panel->top(), panel->bottom(), color));
    const int calmX = int(x->coordToPixel(double(T0 + (n - 3000) * 1000) / 1000.0));
    const int highY = int(y->coordToPixel(90.0));
    QVERIFY(lineIn(image, calmX, highY - 2, highY + 2, color));

    // New data moves the window: rasterized again.
    for (qint64 i = n; i < n + 20; ++i)
        history.append(at(i, 90.0));
    chart.rebuild(end + 20 * 1000);
    chart.replot(QCustomPlot::rpImmediateRefresh);
    QVERIFY(chart.lineRenderCount(StatsChart::RatioPanel) > renders);
}

namespace {

// Pixels of `color` in the panel's rectangle of a grab of the chart.
int countColor(StatsChart &chart, QCPAxisRect *panel, QColor color)
{
    return test::countColor(chart.grab().toImage(), panel->rect(), color);
}

// One hour of 1 s samples whose hit ratio swings between 10% and 90% every 10 s, shown in
// the 1 h window of a 700 x 500 chart. False if the chart never got exposed.
bool showSwinging(StatsChart &chart, StatsHistory &history)
{
    for (qint64 i = 0; i < 3600; ++i)
        history.append(at(i, (i / 10) % 2 ? 90.0 : 10.0));
    chart.resize(700, 500);
    chart.setHistory(&history);
    chart.setWindowMs(3600 * 1000);
    chart.show();
    if (!QTest::qWaitForWindowExposed(&chart))
        return false;
    chart.rebuild(T0 + 3599 * 1000);
    return true;
}

} // namespace

void TestStatsLineCanvas::redrawnLineLeavesNothingBehind()
{
    StatsHistory history(1000);
    StatsChart chart;
    QVERIFY(showSwinging(chart, history));
    chart.replot(QCustomPlot::rpImmediateRefresh);
    QCPGraph *ratio = chart.seriesGraph(StatsMetric::HitRatio, Server);
    QVERIFY(ratio);
    QCPAxisRect *panel = chart.panel(StatsChart::RatioPanel);
    const QColor color = ratio->pen().color();
    QVERIFY2(countColor(chart, panel, color) > 2 * panel->width(), "the swinging line fills its columns");

    // Half an hour later the ratio is flat: where the swing was, only the flat line is left.
    const int renders = chart.lineRenderCount(StatsChart::RatioPanel);
    for (qint64 i = 3600; i < 5400; ++i)
        history.append(at(i, 50.0));
    chart.rebuild(T0 + 5399 * 1000);
    chart.replot(QCustomPlot::rpImmediateRefresh);
    QCOMPARE(chart.lineRenderCount(StatsChart::RatioPanel), renders + 1);
    const QImage image = chart.grab().toImage();
    for (int x = panel->right() - panel->width() / 3; x < panel->right() - 2; ++x) {
        int n = 0;
        for (int y = panel->top(); y <= panel->bottom(); ++y)
            n += QColor(image.pixel(x, y)).rgb() == color.rgb();
        QVERIFY2(n >= 1 && n <= 3, qPrintable(QStringLiteral("column %1: %2 pixels").arg(x).arg(n)));
    }

    // Drawn again in another colour: every pixel of the old one is cleared.
    QPen pen = ratio->pen();
    const QColor other(0x12, 0x34, 0x56);
    pen.setColor(other);
    ratio->setPen(pen);
    chart.replot(QCustomPlot::rpImmediateRefresh);
    QCOMPARE(countColor(chart, panel, color), 0);
    QVERIFY(countColor(chart, panel, other) > panel->width() / 2);

    // Hidden: nothing of it is drawn.
    ratio->setVisible(false);
    chart.replot(QCustomPlot::rpImmediateRefresh);
    QCOMPARE(countColor(chart, panel, other), 0);
}

void TestStatsLineCanvas::dashedLineHasRegularGaps()
{
    StatsHistory history(1000);
    StatsChart chart;
    QVERIFY(showSwinging(chart, history));
    QCPGraph *ratio = chart.seriesGraph(StatsMetric::HitRatio, Server);
    QVERIFY(ratio);
    QPen pen = ratio->pen();
    pen.setColor(QColor(0x12, 0x34, 0x56));
    pen.setStyle(Qt::DashLine); // 4 on, 2 off (pen widths)
    ratio->setPen(pen);
    chart.replot(QCustomPlot::rpImmediateRefresh);

    QCPAxisRect *panel = chart.panel(StatsChart::RatioPanel);
    const QImage image = chart.grab().toImage();
    QString pattern; // per column: whether the line is drawn there
    for (int x = panel->left() + 10; x < panel->right() - 10; ++x) {
        bool on = false;
        for (int y = panel->top(); y <= panel->bottom() && !on; ++y)
            on = QColor(image.pixel(x, y)).rgb() == pen.color().rgb();
        pattern += on ? u'#' : u'.';
    }
    // The swinging line crosses every column; the dash makes runs of 4 columns drawn and
    // 2 not, all the way along.
    QVERIFY2(pattern.contains(QStringLiteral("####..####..####..")), qPrintable(pattern));
    QVERIFY2(!pattern.contains(QStringLiteral("#####")), qPrintable(pattern));
    QVERIFY2(!pattern.contains(QStringLiteral("...")), qPrintable(pattern));
}

QTEST_MAIN(TestStatsLineCanvas)
#include "tst_statslinecanvas.moc"

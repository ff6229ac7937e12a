// StatsLegendItem, offscreen: the same size hints as QCPPlottableLegendItem, and a legend
// drawn with it looks like one drawn with QCPPlottableLegendItem (same place, same pixels
// up to antialiasing rounding); a renamed graph gets a new size and a new name on screen.
#include "charts/statsgraph.h"
#include "charts/statslegenditem.h"

#include "pixelcount.h"

#include <QTest>

using namespace cachescope;
using cachescope::test::countColor;

namespace {

QSize minimum(const QCPLayoutElement *e)
{
    return e->minimumOuterSizeHint();
}

// A plot with one graph named `name` and its legend entry, ours or QCustomPlot's.
struct LegendPlot
{
    QCustomPlot plot;
    QCPGraph *graph = nullptr;
    QCPAbstractLegendItem *item = nullptr;

    LegendPlot(const QString &name, bool ours)
    {
        plot.resize(400, 300);
        plot.legend->setVisible(true);
        graph = new StatsGraph(plot.xAxis, plot.yAxis);
        graph->setName(name);
        graph->setPen(QPen(QColor(0x20, 0x80, 0x20), 1));
        graph->removeFromLegend();
        item = ours ? static_cast<QCPAbstractLegendItem *>(new StatsLegendItem(plot.legend, graph))
                    : new QCPPlottableLegendItem(plot.legend, graph);
        plot.legend->addItem(item);
        plot.legend->setTextColor(QColor(0x90, 0x10, 0x10));
    }

    QImage draw()
    {
        plot.replot(QCustomPlot::rpImmediateRefresh);
        return plot.grab().toImage();
    }
};

int differingPixels(const QImage &a, const QImage &b, const QRect &rect)
{
    int n = 0;
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        for (int x = rect.left(); x <= rect.right(); ++x) {
            const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
            n += qAbs(qRed(p) - qRed(q)) > 24 || qAbs(qGreen(p) - qGreen(q)) > 24 ||
                 qAbs(qBlue(p) - qBlue(q)) > 24;
        }
    }
    return n;
}

} // namespace

class TestStatsLegendItem : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void looksLikeQcpPlottableLegendItem();
    void followsRename();
};

void TestStatsLegendItem::looksLikeQcpPlottableLegendItem()
{
    LegendPlot ours(QStringLiteral("10.0.0.1:11211"), true);
    LegendPlot theirs(QStringLiteral("10.0.0.1:11211"), false);
    QCOMPARE(minimum(ours.item), minimum(theirs.item));
    ours.plot.show();
    theirs.plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&ours.plot));
    QVERIFY(QTest::qWaitForWindowExposed(&theirs.plot));
    const QImage a = ours.draw();
    const QImage b = theirs.draw();
    QCOMPARE(ours.item->outerRect(), theirs.item->outerRect());
    const QRect rect = ours.item->outerRect();
    QVERIFY2(countColor(a, rect, QColor(0x90, 0x10, 0x10)) > 10, "the name is drawn in the text colour");
    const int differing = differingPixels(a, b, rect);
    QVERIFY2(differing * 50 <= rect.width() * rect.height(),
             qPrintable(
                 QStringLiteral("%1 of %2 pixels differ").arg(differing).arg(rect.width() * rect.height())));
    QVERIFY(countColor(a, rect, QColor(0x20, 0x80, 0x20)) > 3); // the icon: the graph's pen
}

void TestStatsLegendItem::followsRename()
{
    LegendPlot ours(QStringLiteral("all"), true);
    ours.plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&ours.plot));
    const QColor text(0x90, 0x10, 0x10);
    const int shortName = countColor(ours.draw(), ours.item->outerRect(), text);
    const int narrow = minimum(ours.item).width();
    ours.graph->setName(QStringLiteral("all servers of the pool"));
    QVERIFY(minimum(ours.item).width() > narrow);
    QVERIFY(countColor(ours.draw(), ours.item->outerRect(), text) > shortName);
}

QTEST_MAIN(TestStatsLegendItem)
#include "tst_statslegenditem.moc"

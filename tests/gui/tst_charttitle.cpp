// ChartTitle, offscreen: it is sized and drawn like QCPTextElement (same size hints, text
// visible in its colour), measures once per text or font, and follows setText() and
// setTextColor() with a new size and a new image.
#include "charts/charttitle.h"

#include "pixelcount.h"

#include <QTest>

using namespace cachescope;
using cachescope::test::countColor;

namespace {

// QCPTextElement makes the size hints protected; QCPLayoutElement has them public.
QSize minimum(const QCPLayoutElement *e)
{
    return e->minimumOuterSizeHint();
}

QSize maximum(const QCPLayoutElement *e)
{
    return e->maximumOuterSizeHint();
}

} // namespace

class TestChartTitle : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sizedLikeQcpTextElement();
    void drawsAndFollowsChanges();
};

void TestChartTitle::sizedLikeQcpTextElement()
{
    QCustomPlot plot;
    QFont font = plot.font();
    font.setBold(true);
    auto *ours = new ChartTitle(&plot, QStringLiteral("Hit ratio %"), font);
    auto *theirs = new QCPTextElement(&plot, QStringLiteral("Hit ratio %"), font);
    for (QCPTextElement *e : {static_cast<QCPTextElement *>(ours), theirs})
        e->setMargins(QMargins(1, 4, 2, 3));
    QCOMPARE(minimum(ours), minimum(theirs));
    QCOMPARE(maximum(ours), maximum(theirs));

    ours->setText(QStringLiteral("Hits vs misses per second — hits solid, misses dashed"));
    theirs->setText(ours->text());
    QCOMPARE(minimum(ours), minimum(theirs));
    font.setPointSizeF(font.pointSizeF() + 4);
    ours->setFont(font);
    theirs->setFont(font);
    QCOMPARE(minimum(ours), minimum(theirs));
    delete theirs;
    delete ours;
}

void TestChartTitle::drawsAndFollowsChanges()
{
    QCustomPlot plot;
    plot.resize(500, 300);
    plot.plotLayout()->insertRow(0);
    QFont font = plot.font();
    font.setPointSize(14);
    font.setBold(true);
    auto *title = new ChartTitle(&plot, QStringLiteral("Memory"), font);
    const QColor red(0xc0, 0x10, 0x10);
    title->setTextColor(red);
    plot.plotLayout()->addElement(0, 0, title);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.replot(QCustomPlot::rpImmediateRefresh);

    QImage image = plot.grab().toImage();
    const int memory = countColor(image, title->outerRect(), red);
    QVERIFY2(memory > 20, "the title's text is drawn in its colour");

    // Nothing changed: the same pixels.
    plot.replot(QCustomPlot::rpImmediateRefresh);
    QCOMPARE(countColor(plot.grab().toImage(), title->outerRect(), red), memory);

    // Longer text: wider, more pixels.
    const int narrow = title->minimumOuterSizeHint().width();
    title->setText(QStringLiteral("Memory used vs limit (MiB)"));
    QVERIFY(title->minimumOuterSizeHint().width() > narrow);
    plot.replot(QCustomPlot::rpImmediateRefresh);
    image = plot.grab().toImage();
    QVERIFY(countColor(image, title->outerRect(), red) > memory);
    QVERIFY(title->selectTest(title->outerRect().center(), false) >= 0); // the text's rectangle is known

    // Another colour: none of the old one is left.
    const QColor blue(0x10, 0x20, 0xc0);
    title->setTextColor(blue);
    plot.replot(QCustomPlot::rpImmediateRefresh);
    image = plot.grab().toImage();
    QCOMPARE(countColor(image, title->outerRect(), red), 0);
    QVERIFY(countColor(image, title->outerRect(), blue) > memory);
}

QTEST_MAIN(TestChartTitle)
#include "tst_charttitle.moc"

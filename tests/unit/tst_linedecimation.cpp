// decimateMinMax: what a line keeps when reduced to its panel's pixel columns.
#include "charts/linedecimation.h"

#include <QTest>

#include <cmath>

using namespace cachescope;

namespace {

// A day of minutes (1,440 points, keys in seconds) with a noisy wave.
QVector<QCPGraphData> day()
{
    QVector<QCPGraphData> points;
    for (int i = 0; i < 1440; ++i)
        points.append(QCPGraphData(60.0 * i, 50.0 + 20.0 * std::sin(i / 100.0) + (i * 7919 % 13)));
    return points;
}

bool hasPoint(const QVector<QCPGraphData> &points, double key, double value)
{
    for (const QCPGraphData &p : points) {
        if (p.key == key && (p.value == value || (std::isnan(p.value) && std::isnan(value))))
            return true;
    }
    return false;
}

qsizetype gapCount(const QVector<QCPGraphData> &points)
{
    qsizetype gaps = 0;
    for (const QCPGraphData &p : points)
        gaps += std::isnan(p.value) ? 1 : 0;
    return gaps;
}

bool sortedByKey(const QVector<QCPGraphData> &points)
{
    for (qsizetype i = 1; i < points.size(); ++i) {
        if (points[i].key < points[i - 1].key)
            return false;
    }
    return true;
}

} // namespace

class TestLineDecimation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void boundedByFourPerColumn_data();
    void boundedByFourPerColumn();
    void keepsSpikes();
    void keepsGaps();
    void sparseLineUnchanged();
    void flatRunCollapses();
};

void TestLineDecimation::boundedByFourPerColumn_data()
{
    QTest::addColumn<int>("columns");
    QTest::newRow("800 px") << 800;
    QTest::newRow("500 px") << 500;
    QTest::newRow("120 px") << 120;
    QTest::newRow("1 px") << 1;
}

void TestLineDecimation::boundedByFourPerColumn()
{
    QFETCH(int, columns);
    const QVector<QCPGraphData> in = day();
    const QVector<QCPGraphData> out = decimateMinMax(in, in.constFirst().key, in.constLast().key, columns);
    // The last point sits on the upper edge: one column more.
    QVERIFY2(out.size() <= 4 * (columns + 1), qPrintable(QString::number(out.size())));
    QVERIFY(out.size() <= in.size());
    if (in.size() > 4 * (columns + 1))
        QVERIFY(out.size() < in.size());
    QVERIFY(sortedByKey(out));
    QCOMPARE(gapCount(out), 0);
    // The line still starts and ends where it did.
    QCOMPARE(out.constFirst().key, in.constFirst().key);
    QCOMPARE(out.constFirst().value, in.constFirst().value);
    QCOMPARE(out.constLast().key, in.constLast().key);
    QCOMPARE(out.constLast().value, in.constLast().value);
    // Every kept point is a real one, and the extremes of the whole line survive.
    double low = in.constFirst().value, high = low, outLow = out.constFirst().value, outHigh = outLow;
    for (const QCPGraphData &p : in) {
        low = qMin(low, p.value);
        high = qMax(high, p.value);
    }
    for (const QCPGraphData &p : out) {
        QVERIFY(hasPoint(in, p.key, p.value));
        outLow = qMin(outLow, p.value);
        outHigh = qMax(outHigh, p.value);
    }
    QCOMPARE(outLow, low);
    QCOMPARE(outHigh, high);
}

void TestLineDecimation::keepsSpikes()
{
    QVector<QCPGraphData> in = day();
    in[700].value = 1000.0; // one minute of a storm
    in[701].value = -5.0;   // and the dip right after it, in the same pixel column
    const QVector<QCPGraphData> out = decimateMinMax(in, in.constFirst().key, in.constLast().key, 200);
    QVERIFY(out.size() <= 4 * 201);
    QVERIFY(hasPoint(out, in[700].key, 1000.0));
    QVERIFY(hasPoint(out, in[701].key, -5.0));
    QVERIFY(sortedByKey(out));
}

void TestLineDecimation::keepsGaps()
{
    QVector<QCPGraphData> in = day();
    // An unreachable server for 30 minutes, and a lone reset gap inside a pixel column.
    for (int i = 400; i < 430; ++i)
        in[i].value = qQNaN();
    in[1001].value = qQNaN();
    const int columns = 200;
    const QVector<QCPGraphData> out = decimateMinMax(in, in.constFirst().key, in.constLast().key, columns);
    QCOMPARE(gapCount(out), 2);
    QVERIFY(out.size() <= 4 * (columns + 1) + 5 * 2);
    QVERIFY(sortedByKey(out));
    // The points on both sides of each gap are kept: the line stops and resumes where it did.
    for (int i : {399, 430, 1000, 1002})
        QVERIFY2(hasPoint(out, in[i].key, in[i].value), qPrintable(QString::number(i)));
    // Nothing is drawn across a gap: every NaN point lies between the two sides.
    for (qsizetype k = 0; k < out.size(); ++k) {
        if (!std::isnan(out[k].value))
            continue;
        QVERIFY(k > 0 && k + 1 < out.size());
        QVERIFY(out[k - 1].key < out[k].key);
        QVERIFY(out[k + 1].key > out[k].key);
    }
    QVERIFY(hasPoint(out, in[400].key, qQNaN()));
    QVERIFY(hasPoint(out, in[1001].key, qQNaN()));
}

void TestLineDecimation::sparseLineUnchanged()
{
    // Fewer points than columns: every one kept, in order.
    QVector<QCPGraphData> in;
    for (int i = 0; i < 50; ++i)
        in.append(QCPGraphData(i, i % 3 == 0 ? qQNaN() : double(i * i % 17)));
    const QVector<QCPGraphData> out = decimateMinMax(in, 0, 49, 500);
    QCOMPARE(out.size(), in.size());
    for (qsizetype k = 0; k < in.size(); ++k) {
        QCOMPARE(out[k].key, in[k].key);
        QCOMPARE(std::isnan(out[k].value), std::isnan(in[k].value));
        if (!std::isnan(in[k].value))
            QCOMPARE(out[k].value, in[k].value);
    }
}

void TestLineDecimation::flatRunCollapses()
{
    // A memory limit: one value all day is the same stroke with two points.
    QVector<QCPGraphData> in;
    for (int i = 0; i < 1440; ++i)
        in.append(QCPGraphData(60.0 * i, 1024.0));
    const QVector<QCPGraphData> out = decimateMinMax(in, 0, 60.0 * 1439, 500);
    QCOMPARE(out.size(), 2);
    QCOMPARE(out.constFirst().key, 0.0);
    QCOMPARE(out.constLast().key, 60.0 * 1439);
}

QTEST_GUILESS_MAIN(TestLineDecimation)
#include "tst_linedecimation.moc"

#include "statsgraph.h"

#include "linedecimation.h"
#include "statslinecanvas.h"

#include <cmath>

namespace cachescope {

void StatsGraph::setLineData(const QVector<QCPGraphData> &points)
{
    // A rebuild with nothing new (a coarse tier between its buckets) keeps the decimated
    // copy and the canvas image.
    const QCPGraphDataContainer &old = *data();
    bool same = old.size() == points.size();
    for (qsizetype i = 0; same && i < points.size(); ++i) {
        const QCPGraphData &a = *(old.constBegin() + i);
        const QCPGraphData &b = points.at(i);
        same = a.key == b.key && (a.value == b.value || (std::isnan(a.value) && std::isnan(b.value)));
    }
    if (same)
        return;
    data()->set(points, true);
    ++m_revision;
    m_decimated.clear();
    m_cacheKey = CacheKey();
}

bool StatsGraph::canvasCanDraw(const QCPPainter *painter) const
{
    if (!m_canvas || painter->modes().testFlag(QCPPainter::pmVectorized) || mLineStyle != lsLine ||
        !mScatterStyle.isNone() || brush().style() != Qt::NoBrush || selected() || mChannelFillGraph)
        return false;
    const QPen p = pen();
    if (p.style() == Qt::NoPen || p.style() == Qt::CustomDashLine || p.widthF() > 1.0 ||
        (!p.isCosmetic() && p.widthF() > 0 && !painter->transform().isIdentity()))
        return false;
    // A line denser than its panel's pixel columns is drawn aliased: antialiasing would only
    // blur a scribble a few pixels tall per column, at several times the cost. Sparser
    // lines keep their antialiasing (and draw themselves) unless the plot turns it off.
    const QCP::AntialiasedElements off = parentPlot()->notAntialiasedElements();
    const QCP::AntialiasedElements on = parentPlot()->antialiasedElements();
    const bool dense = keyAxis()->axisRect() && dataCount() > keyAxis()->axisRect()->width();
    const bool smooth =
        !off.testFlag(QCP::aePlottables) && (on.testFlag(QCP::aePlottables) || (antialiased() && !dense));
    return !smooth;
}

QVector<QPointF> StatsGraph::pixelLines() const
{
    QVector<QPointF> lines;
    const QCPAxis *keyAxis = mKeyAxis.data();
    const QCPAxis *valueAxis = mValueAxis.data();
    if (!keyAxis || !valueAxis || mDataContainer->isEmpty())
        return lines;
    const QCPAxisRect *rect = keyAxis->axisRect();
    const bool plain = keyAxis->orientation() == Qt::Horizontal && valueAxis->orientation() == Qt::Vertical &&
                       keyAxis->scaleType() == QCPAxis::stLinear &&
                       valueAxis->scaleType() == QCPAxis::stLinear && !keyAxis->rangeReversed() &&
                       !valueAxis->rangeReversed() && keyAxis->range().size() > 0 &&
                       valueAxis->range().size() > 0;
    if (!plain) {
        getLines(&lines, QCPDataRange(0, dataCount()));
        return lines;
    }
    // The linear mapping of QCPAxis::coordToPixel, without a call per point.
    QCPGraphDataContainer::const_iterator begin, end;
    getVisibleDataBounds(begin, end, QCPDataRange(0, dataCount()));
    QVector<QCPGraphData> decimated;
    if (end - begin > 4 * qsizetype(rect->width())) {
        getOptimizedLineData(&decimated, begin, end);
        begin = decimated.constBegin();
        end = decimated.constEnd();
    }
    const double kx = rect->width() / keyAxis->range().size(), klo = keyAxis->range().lower;
    const double vy = rect->height() / valueAxis->range().size(), vlo = valueAxis->range().lower;
    const double left = rect->left(), bottom = rect->bottom();
    lines.resize(end - begin);
    QPointF *out = lines.data();
    for (auto it = begin; it != end; ++it, ++out)
        *out = QPointF(left + (it->key - klo) * kx, bottom - (it->value - vlo) * vy);
    m_drawnPoints = lines.size();
    return lines;
}

void StatsGraph::draw(QCPPainter *painter)
{
    if (!canvasCanDraw(painter)) {
        QCPGraph::draw(painter);
        return;
    }
    if (m_canvas->isBlitter(this, painter))
        m_canvas->draw(painter, keyAxis()->axisRect());
}

void StatsGraph::getOptimizedLineData(QVector<QCPGraphData> *lineData,
                                      const QCPGraphDataContainer::const_iterator &begin,
                                      const QCPGraphDataContainer::const_iterator &end) const
{
    const QCPAxis *keyAxis = mKeyAxis.data();
    const int columns = keyAxis && keyAxis->axisRect() ? keyAxis->axisRect()->width() : 0;
    if (!lineData)
        return;
    // At most 4 points per column is what decimation would leave: a line that already
    // meets that is drawn as it is (decimating it would cost more than it saves).
    if (columns < 1 || end - begin <= 4 * qsizetype(columns)) {
        QCPGraph::getOptimizedLineData(lineData, begin, end);
        m_drawnPoints = lineData->size();
        return;
    }
    const CacheKey key{m_revision,
                       mDataContainer->size(),
                       begin - mDataContainer->constBegin(),
                       end - mDataContainer->constBegin(),
                       keyAxis->range().lower,
                       keyAxis->range().upper,
                       columns};
    if (!(key == m_cacheKey)) {
        m_decimated = decimateMinMax(begin, end, key.lower, key.upper, columns);
        m_cacheKey = key;
    }
    *lineData = m_decimated; // implicitly shared, not copied
    m_drawnPoints = lineData->size();
}

void StatsGraph::drawLinePlot(QCPPainter *painter, const QVector<QPointF> &lines) const
{
    if (painter->pen().style() == Qt::NoPen || painter->pen().color().alpha() == 0)
        return;
    applyDefaultAntialiasingHint(painter);
    if (painter->modes().testFlag(QCPPainter::pmVectorized)) {
        drawPolyline(painter, lines);
        return;
    }
    const QPointF *points = lines.constData();
    const qsizetype n = lines.size();
    qsizetype start = 0;
    for (qsizetype i = 0; i <= n; ++i) {
        // NaN is a gap; an infinite value would stall the stroker (QCustomPlot filters it too).
        const bool gap = i == n || !std::isfinite(points[i].x()) || !std::isfinite(points[i].y());
        if (!gap)
            continue;
        if (i - start >= 2)
            painter->QPainter::drawPolyline(points + start, int(i - start));
        start = i + 1;
    }
}

} // namespace cachescope

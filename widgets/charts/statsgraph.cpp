#include "statsgraph.h"

#include <cmath>

namespace cachescope {

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

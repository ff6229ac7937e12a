#pragma once
// A QCPGraph that strokes each run of points between gaps with one QPainter::drawPolyline.
//
// Why: with QCP::phFastPolylines QCustomPlot draws a solid line as one drawLine() call per
// segment, and each call pays QPainter's and the raster engine's per-call setup; a pool's
// 24 h window is 60 lines of ~1,440 points, so ~86,000 calls per replot. One polyline per
// run hands the whole run to the raster engine's cosmetic stroker at once (the same pixels
// for a 1 px cosmetic pen; dashes now continue across segments instead of restarting).
// Vector output (PDF) keeps QCustomPlot's own path.

#include "qcustomplotinclude.h"

namespace cachescope {

class StatsGraph : public QCPGraph
{
    Q_OBJECT
public:
    using QCPGraph::QCPGraph;

protected:
    void drawLinePlot(QCPPainter *painter, const QVector<QPointF> &lines) const override;
};

} // namespace cachescope

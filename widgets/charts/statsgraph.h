#pragma once
// A QCPGraph for StatsChart's lines: decimated once, drawn cheaply.
//
// Decimation: a line with more than 4 points per pixel column of its panel is reduced to
// the first, lowest, highest and last point of each column (linedecimation.h). The result
// is cached and re-made only when the data (setLineData), the key range or the panel width
// changes, not on every replot; data() keeps every point (hover, tests, CSV read the
// history anyway). Sparser lines already meet that bound and are drawn as they are (the
// 24 h window's 1,440 points on ~500 px: decimating them cost more than it saved).
//
// Drawing: on a raster device a line that a StatsLineCanvas can draw (1 px pen, no
// antialiasing; a line with more points than pixel columns is drawn aliased) is drawn by
// its panel's canvas, all lines of the panel in one cached
// image. Otherwise (PDF, antialiasing, a wider pen) QCustomPlot's drawing, except that each
// run of points between gaps is one QPainter::drawPolyline instead of one drawLine() per
// segment (QCP::phFastPolylines), and vector output keeps QCustomPlot's own path.

#include "qcustomplotinclude.h"

namespace cachescope {

class StatsLineCanvas;

class StatsGraph : public QCPGraph
{
    Q_OBJECT
public:
    using QCPGraph::QCPGraph;

    // Replaces the data (sorted by key); the decimated copy is re-made only if it changed.
    void setLineData(const QVector<QCPGraphData> &points);
    quint64 dataRevision() const { return m_revision; }
    // Not owned; nullptr draws the line itself.
    void setCanvas(StatsLineCanvas *canvas) { m_canvas = canvas; }
    // The legend icon, for StatsLegendItem (QCustomPlot lets only its own item call it).
    void drawIcon(QCPPainter *painter, const QRectF &rect) const { drawLegendIcon(painter, rect); }
    // Whether the canvas draws this line the same way on this painter.
    bool canvasCanDraw(const QCPPainter *painter) const;
    // The line in pixels (NaN = gap), decimated: what the canvas plots.
    QVector<QPointF> pixelLines() const;
    // Points the last draw used (after decimation): benchmarks and tests.
    qsizetype drawnPointCount() const { return m_drawnPoints; }

protected:
    void draw(QCPPainter *painter) override;
    void drawLinePlot(QCPPainter *painter, const QVector<QPointF> &lines) const override;
    void getOptimizedLineData(QVector<QCPGraphData> *lineData,
                              const QCPGraphDataContainer::const_iterator &begin,
                              const QCPGraphDataContainer::const_iterator &end) const override;

private:
    struct CacheKey
    {
        quint64 revision = ~quint64(0);
        qsizetype size = -1, beginOffset = -1, endOffset = -1;
        double lower = 0, upper = 0;
        int columns = 0;
        bool operator==(const CacheKey &) const = default;
    };
    StatsLineCanvas *m_canvas = nullptr;
    quint64 m_revision = 0;
    mutable CacheKey m_cacheKey;
    mutable QVector<QCPGraphData> m_decimated;
    mutable qsizetype m_drawnPoints = 0;
};

} // namespace cachescope

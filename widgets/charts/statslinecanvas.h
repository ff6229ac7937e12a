#pragma once
// The lines of one StatsChart panel, rasterized together into one cached image.
//
// Why: QPainter's cosmetic stroker costs ~100 ns per segment whatever its length, and a
// pool's 24 h window is 60 lines of ~1,000 segments: ~60,000 segments, two thirds of the
// replot (bench_charts). A line of 1 px with more points than pixels is a few pixels per
// column, so plotting it here as one vertical span per column (dashed pens dashed by
// column) costs a few ns per segment, and the panel then costs one drawImage(). The image
// is kept until a line's data, pen or visibility, the axis ranges or the panel's size
// change, so a replot with nothing new only blends (the part the lines cover of) it.
//
// Only lines it can draw the same way are drawn here: solid or dashed 1 px pens, no fill,
// no scatter, no antialiasing, raster output. Others (and PDF output) draw themselves
// (StatsGraph::draw).

#include "qcustomplotinclude.h"

#include <QPointer>

namespace cachescope {

class StatsGraph;

class StatsLineCanvas
{
public:
    void addGraph(StatsGraph *graph);
    void clear();
    // The graph that blits the image: the first one drawn here; the others draw nothing.
    bool isBlitter(const StatsGraph *graph, const QCPPainter *painter) const;
    void draw(QCPPainter *painter, QCPAxisRect *rect);
    // Times the image was rendered (tests, benchmarks).
    int renderCount() const { return m_renders; }

private:
    QList<double> cacheKey(const QCPAxisRect *rect, qreal dpr) const;
    void render(const QCPAxisRect *rect, qreal dpr);

    QList<QPointer<StatsGraph>> m_graphs;
    QImage m_image;
    QRect m_drawn; // in m_image's pixels: what the lines wrote
    QList<double> m_key;
    int m_renders = 0;
};

} // namespace cachescope

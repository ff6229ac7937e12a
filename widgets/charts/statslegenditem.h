#pragma once
// A legend entry (icon + name) that lays out and rasterizes its name once, not on every
// replot: QCPPlottableLegendItem measures the name twice per layout pass and shapes it
// again in draw() (bench_charts: a pool's six entries cost 1.3M instructions a replot,
// 4% of it). Same size and look as QCPPlottableLegendItem; the icon is still drawn by the
// graph, so a pen change shows at once. Entries of other plottables than StatsGraph (and
// PDF output) are drawn by QCPPlottableLegendItem.

#include "qcustomplotinclude.h"

namespace cachescope {

class StatsLegendItem : public QCPPlottableLegendItem
{
public:
    StatsLegendItem(QCPLegend *legend, QCPAbstractPlottable *plottable);

    QSize minimumOuterSizeHint() const override;

protected:
    void draw(QCPPainter *painter) override;

private:
    // The name's bounding rectangle as QCPPlottableLegendItem measures it, cached.
    QRect textRect() const;

    mutable QRect m_textRect;
    mutable QList<QVariant> m_textKey;
    QImage m_image;
    QList<QVariant> m_imageKey;
};

} // namespace cachescope

#include "chartpalette.h"

#include "qcustomplotinclude.h"

namespace cachescope {

QColor chartTextBackground(const QPalette &palette, int alpha)
{
    QColor c = palette.color(QPalette::Base);
    c.setAlpha(alpha);
    return c;
}

QColor chartForeground(const QPalette &palette, int alpha)
{
    QColor c = palette.color(QPalette::Text);
    c.setAlpha(alpha);
    return c;
}

void applyChartPalette(QCustomPlot *plot)
{
    const QPalette pal = plot->palette();
    const QColor text = pal.color(QPalette::Text);
    plot->setBackground(pal.brush(QPalette::Base));
    const QList<QCPAxisRect *> rects = plot->axisRects();
    for (QCPAxisRect *rect : rects) {
        // No panel background: the plot's own (the same Base colour) shows through, and
        // filling every panel again cost a full-panel fill on each replot.
        rect->setBackground(Qt::NoBrush);
        const QList<QCPAxis *> axes = rect->axes();
        for (QCPAxis *axis : axes) {
            axis->setBasePen(QPen(text, 0));
            axis->setTickPen(QPen(text, 0));
            axis->setSubTickPen(QPen(text, 0));
            axis->setTickLabelColor(text);
            axis->setLabelColor(text);
            QColor grid = pal.color(QPalette::Mid);
            grid.setAlpha(140);
            axis->grid()->setPen(QPen(grid, 0, Qt::DotLine));
            axis->grid()->setZeroLinePen(QPen(grid, 0, Qt::SolidLine));
        }
    }
    const QList<QCPLayoutElement *> elements = plot->plotLayout()->elements(/*recursive=*/true);
    for (QCPLayoutElement *element : elements) {
        if (auto *title = qobject_cast<QCPTextElement *>(element))
            title->setTextColor(text);
    }
}

} // namespace cachescope

#pragma once
// A panel title that lays out and rasterizes its text once, not on every replot.
//
// Why: QCPTextElement asks QFontMetrics for its size twice per layout pass and shapes its
// text again in draw(); with six panels that was an eighth of a live replot of the
// dashboard (bench_charts: ~80,000 instructions per bold title measured, 18 times a
// replot). The text, font, colour, flags, size and pixel ratio rarely change, so both
// the size and the drawn text are kept until one of them does.

#include "qcustomplotinclude.h"

namespace cachescope {

class ChartTitle : public QCPTextElement
{
public:
    ChartTitle(QCustomPlot *plot, const QString &text, const QFont &font);

    QSize minimumOuterSizeHint() const override;
    QSize maximumOuterSizeHint() const override;

protected:
    void draw(QCPPainter *painter) override;

private:
    QSize textSize() const;

    // The measured text, and what it was measured for.
    mutable QSize m_size;
    mutable QString m_sizeText;
    mutable QFont m_sizeFont;

    // The drawn text, and what it was drawn for.
    QImage m_image;
    QList<QVariant> m_imageKey;
    QRect m_imageTextRect; // mTextBoundingRect relative to mRect
};

} // namespace cachescope

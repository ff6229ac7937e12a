#pragma once
// Counting pixels of one colour in a rectangle of an image: how the chart tests tell that
// something was drawn, where, and that nothing of an old drawing is left. Header-only, so
// the support library itself needs no QtGui.

#include <QColor>
#include <QImage>
#include <QRect>

namespace cachescope::test {

inline int countColor(const QImage &image, const QRect &rect, QColor color)
{
    int n = 0;
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        for (int x = rect.left(); x <= rect.right(); ++x)
            n += QColor(image.pixel(x, y)).rgb() == color.rgb();
    }
    return n;
}

} // namespace cachescope::test

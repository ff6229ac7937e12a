#include "statslinecanvas.h"

#include "statsgraph.h"

#include <climits>
#include <cmath>
#include <cstring>
#include <vector>

namespace cachescope {

namespace {

// floor() for the clipped coordinates here (well inside int's range): std::floor is a libm
// call on baseline x86-64 and was a fifth of the rasterizing time.
inline int floorToInt(double v)
{
    const int i = int(v);
    return i - (double(i) > v);
}

// Plots 1 px lines into an ARGB32 premultiplied image, as one vertical span per pixel
// column (the union of the line's pixels there), each pixel written once: a dense line
// crosses each column several times, and Bresenham would write the overlap again and
// again. Spans are flushed per run, so a gap inside a column stays open.
//
// A dashed pen is dashed by pixel column, not along the line's length as QPainter's
// stroker does: on a dense, jittery series the stroker's dashes fall at random places,
// while columns give the regular broken line that tells the aggregate from the servers,
// and cost nothing per pixel.
class Plotter
{
public:
    Plotter(QImage &image, const QPen &pen, qreal dpr)
    {
        m_bits = reinterpret_cast<uint *>(image.bits());
        m_stride = image.bytesPerLine() / 4;
        m_w = image.width();
        m_h = image.height();
        m_color = qPremultiply(pen.color().rgba());
        m_opaque = qAlpha(m_color) == 255;
        m_lo.assign(size_t(m_w), INT_MAX);
        m_hi.assign(size_t(m_w), INT_MIN);
        if (pen.style() != Qt::SolidLine)
            dashColumns(pen, dpr);
    }

    // The line through `points` (widget pixels; NaN = gap), moved by -origin and scaled by
    // dpr. Like QPainter::drawPolyline per run between gaps: a lone point draws nothing.
    void polyline(const QPointF *points, qsizetype n, QPointF origin, qreal dpr)
    {
        const double xmax = m_w + 1, ymax = m_h + 1;
        QPointF previous;
        int px = 0, py = 0;
        bool open = false, drawn = false, previousIn = false;
        for (qsizetype i = 0; i < n; ++i) {
            const QPointF p = (points[i] - origin) * dpr;
            if (!std::isfinite(p.x()) || !std::isfinite(p.y())) {
                if (drawn)
                    endRun(previous);
                open = drawn = false;
                continue;
            }
            // Nearly every point is on the panel: its pixel is computed once and the
            // segment to it needs no clipping.
            const bool in = p.x() >= -1 && p.x() <= xmax && p.y() >= -1 && p.y() <= ymax;
            const int x = in ? floorToInt(p.x()) : 0, y = in ? floorToInt(p.y()) : 0;
            if (open) {
                if (in && previousIn)
                    span(px, py, x, y);
                else
                    clippedSegment(previous, p);
                drawn = true;
            }
            previous = p;
            previousIn = in;
            px = x;
            py = y;
            open = true;
        }
        if (drawn)
            endRun(previous);
    }

    // The pixels written so far.
    QRect drawn() const
    {
        return m_left > m_right ? QRect() : QRect(QPoint(m_left, m_top), QPoint(m_right, m_bottom));
    }

private:
    // A segment with an end off the panel, clipped to it first.
    void clippedSegment(QPointF a, QPointF b)
    {
        if (clip(a, b))
            span(floorToInt(a.x()), floorToInt(a.y()), floorToInt(b.x()), floorToInt(b.y()));
    }

    // The pixels of the segment (x0, y0)-(x1, y1), as the part of each column's span that
    // it covers: half a column on either side of a point belongs to it.
    void span(int x0, int y0, int x1, int y1)
    {
        if (x0 == x1) {
            mark(x0, y0, y1);
            return;
        }
        if (x0 > x1) {
            std::swap(x0, x1);
            std::swap(y0, y1);
        }
        if (x1 - x0 == 1) {
            // The usual step of a dense line, as the loop below computes it without a
            // division: each column takes its half, up to the rounded midpoint.
            const int mid = (y0 + y1 + 1) >> 1;
            mark(x0, y0, mid);
            mark(x1, mid, y1);
            return;
        }
        const double slope = double(y1 - y0) / double(x1 - x0);
        const int last = qMin(x1, m_w - 1);
        for (int c = qMax(x0, 0); c <= last; ++c) {
            const double from = qMax(c - 0.5 - x0, 0.0), to = qMin(c + 0.5 - x0, double(x1 - x0));
            mark(c, floorToInt(y0 + slope * from + 0.5), floorToInt(y0 + slope * to + 0.5));
        }
    }

    // Ends a run at p (its last pixel).
    void endRun(QPointF p)
    {
        if (p.x() >= -1 && p.x() <= m_w + 1 && p.y() >= -1 && p.y() <= m_h + 1) {
            const int y = floorToInt(p.y());
            mark(floorToInt(p.x()), y, y);
        }
        flushSpans();
    }

    // Which columns a dashed pen draws: its pattern (in pen widths; a 1 px or cosmetic pen
    // makes them device pixels) laid along x from the panel's left edge.
    void dashColumns(const QPen &pen, qreal dpr)
    {
        const qreal unit = qMax<qreal>(1.0, pen.widthF()) * dpr;
        QList<int> dashes;
        for (qreal d : pen.dashPattern())
            dashes.append(qMax(1, int(std::lround(d * unit))));
        if (dashes.isEmpty() || dashes.size() % 2)
            return;
        m_dashOn.resize(size_t(m_w));
        qsizetype dash = 0;
        int left = dashes.first();
        for (int x = 0; x < m_w; ++x) {
            m_dashOn[size_t(x)] = dash % 2 == 0;
            if (--left == 0) {
                dash = (dash + 1) % dashes.size();
                left = dashes.at(dash);
            }
        }
    }

    void mark(int x, int a, int b)
    {
        if (x < 0 || x >= m_w)
            return;
        int &lo = m_lo[size_t(x)], &hi = m_hi[size_t(x)];
        lo = qMin(lo, qMin(a, b));
        hi = qMax(hi, qMax(a, b));
        m_spanFrom = qMin(m_spanFrom, x);
        m_spanTo = qMax(m_spanTo, x);
    }

    void flushSpans()
    {
        for (int x = m_spanFrom; x <= m_spanTo; ++x) {
            const int lo = qMax(m_lo[size_t(x)], 0), hi = qMin(m_hi[size_t(x)], m_h - 1);
            m_lo[size_t(x)] = INT_MAX;
            m_hi[size_t(x)] = INT_MIN;
            if (!m_dashOn.empty() && !m_dashOn[size_t(x)])
                continue;
            if (lo > hi)
                continue;
            uint *px = m_bits + qsizetype(lo) * m_stride + x;
            for (int y = lo; y <= hi; ++y, px += m_stride)
                put(*px);
            m_top = qMin(m_top, lo);
            m_bottom = qMax(m_bottom, hi);
            m_left = qMin(m_left, x);
            m_right = qMax(m_right, x);
        }
        m_spanFrom = INT_MAX;
        m_spanTo = INT_MIN;
    }

    void put(uint &px) const
    {
        if (m_opaque) {
            px = m_color;
            return;
        }
        const uint inv = 255 - qAlpha(m_color);
        const auto mix = [inv](uint dst, uint src, int shift) {
            return ((((dst >> shift) & 0xff) * inv / 255 + ((src >> shift) & 0xff)) & 0xff) << shift;
        };
        px = mix(px, m_color, 24) | mix(px, m_color, 16) | mix(px, m_color, 8) | mix(px, m_color, 0);
    }

    // Liang–Barsky against the image plus a pixel: far-off points (a value above the axis,
    // the slack point left of the window) cost nothing.
    bool clip(QPointF &a, QPointF &b) const
    {
        const double xmin = -1, ymin = -1, xmax = m_w + 1, ymax = m_h + 1;
        const auto inside = [&](const QPointF &p) {
            return p.x() >= xmin && p.x() <= xmax && p.y() >= ymin && p.y() <= ymax;
        };
        if (inside(a) && inside(b)) // nearly every segment
            return true;
        const double dx = b.x() - a.x(), dy = b.y() - a.y();
        double t0 = 0, t1 = 1;
        const double p[4] = {-dx, dx, -dy, dy};
        const double q[4] = {a.x() - xmin, xmax - a.x(), a.y() - ymin, ymax - a.y()};
        for (int i = 0; i < 4; ++i) {
            if (p[i] == 0) {
                if (q[i] < 0)
                    return false;
                continue;
            }
            const double t = q[i] / p[i];
            if (p[i] < 0)
                t0 = qMax(t0, t);
            else
                t1 = qMin(t1, t);
        }
        if (t0 > t1)
            return false;
        const QPointF start = a;
        a = QPointF(start.x() + t0 * dx, start.y() + t0 * dy);
        b = QPointF(start.x() + t1 * dx, start.y() + t1 * dy);
        return true;
    }

    uint *m_bits = nullptr;
    qsizetype m_stride = 0;
    int m_w = 0, m_h = 0;
    uint m_color = 0;
    bool m_opaque = true;
    std::vector<int> m_lo, m_hi; // per column: the open run's pixels there
    std::vector<bool> m_dashOn;  // per column, dashed pens only
    int m_spanFrom = INT_MAX, m_spanTo = INT_MIN;
    int m_left = INT_MAX, m_right = INT_MIN, m_top = INT_MAX, m_bottom = INT_MIN; // written
};

} // namespace

void StatsLineCanvas::addGraph(StatsGraph *graph)
{
    m_graphs.append(graph);
    graph->setCanvas(this);
    m_key.clear();
}

void StatsLineCanvas::clear()
{
    for (const QPointer<StatsGraph> &g : std::as_const(m_graphs)) {
        if (g)
            g->setCanvas(nullptr);
    }
    m_graphs.clear();
    m_key.clear();
    m_image = QImage();
    m_drawn = QRect();
}

bool StatsLineCanvas::isBlitter(const StatsGraph *graph, const QCPPainter *painter) const
{
    for (const QPointer<StatsGraph> &g : m_graphs) {
        if (g && g->realVisibility() && g->canvasCanDraw(painter))
            return g == graph;
    }
    return false;
}

QList<double> StatsLineCanvas::cacheKey(const QCPAxisRect *rect, qreal dpr) const
{
    QList<double> key{double(rect->left()), double(rect->top()), double(rect->width()),
                      double(rect->height()), dpr};
    for (const QPointer<StatsGraph> &g : m_graphs) {
        if (!g)
            continue;
        const QPen pen = g->pen();
        key << double(g->realVisibility()) << double(g->dataRevision()) << double(pen.color().rgba())
            << double(pen.style()) << g->keyAxis()->range().lower << g->keyAxis()->range().upper
            << g->valueAxis()->range().lower << g->valueAxis()->range().upper;
    }
    return key;
}

void StatsLineCanvas::render(const QCPAxisRect *rect, qreal dpr)
{
    ++m_renders;
    const QSize size(qCeil(rect->width() * dpr), qCeil(rect->height() * dpr));
    m_image.setDevicePixelRatio(1.0);
    if (m_image.size() != size) {
        m_image = QImage(size, QImage::Format_ARGB32_Premultiplied);
        m_image.fill(Qt::transparent);
    } else {
        // Only what the last render wrote is cleared (and, in draw(), blended): the lines
        // seldom cover the whole panel, and filling and blending all of it was a tenth of
        // a pool's replot.
        const QRect old = m_drawn & m_image.rect();
        uint *bits = reinterpret_cast<uint *>(m_image.bits());
        const qsizetype stride = m_image.bytesPerLine() / 4;
        for (int y = old.top(); y <= old.bottom(); ++y)
            std::memset(bits + y * stride + old.left(), 0, size_t(old.width()) * sizeof(uint));
    }
    m_drawn = QRect();
    const QPointF origin = rect->topLeft();
    for (const QPointer<StatsGraph> &g : std::as_const(m_graphs)) {
        if (!g || !g->realVisibility())
            continue;
        const QVector<QPointF> lines = g->pixelLines();
        Plotter plotter(m_image, g->pen(), dpr);
        plotter.polyline(lines.constData(), lines.size(), origin, dpr);
        m_drawn |= plotter.drawn();
    }
    m_image.setDevicePixelRatio(dpr);
}

void StatsLineCanvas::draw(QCPPainter *painter, QCPAxisRect *rect)
{
    if (!rect)
        return;
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    QList<double> key = cacheKey(rect, dpr);
    if (key != m_key || m_image.isNull()) {
        render(rect, dpr);
        m_key = std::move(key);
    }
    if (!m_drawn.isEmpty())
        painter->drawImage(rect->topLeft() + QPointF(m_drawn.topLeft()) / dpr, m_image, QRectF(m_drawn));
}

} // namespace cachescope

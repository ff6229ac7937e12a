#include "statslinecanvas.h"

#include "statsgraph.h"

#include <climits>
#include <cmath>
#include <vector>

namespace cachescope {

namespace {

// Plots 1 px lines into an ARGB32 premultiplied image.
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
        if (pen.style() != Qt::SolidLine) {
            // Pen-width units; a 1 px (or 0 = cosmetic) pen makes them device pixels.
            const qreal unit = qMax<qreal>(1.0, pen.widthF()) * dpr;
            const QList<qreal> pattern = pen.dashPattern();
            for (qreal d : pattern)
                m_dash.append(qMax(1, int(std::lround(d * unit))));
            if (m_dash.size() % 2)
                m_dash.clear();
        }
    }

    void startRun()
    {
        flushSpans();
        m_dashIndex = 0;
        m_dashLeft = m_dash.isEmpty() ? 0 : m_dash.first();
    }

    // The segment without its last pixel (the next segment starts there).
    void segment(QPointF a, QPointF b)
    {
        if (!clip(a, b))
            return;
        int x0 = int(std::floor(a.x())), y0 = int(std::floor(a.y()));
        const int x1 = int(std::floor(b.x())), y1 = int(std::floor(b.y()));
        if (m_dash.isEmpty()) {
            spanSegment(x0, y0, x1, y1);
            return;
        }
        const int dx = std::abs(x1 - x0), dy = -std::abs(y1 - y0);
        const int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
        int err = dx + dy;
        while (x0 != x1 || y0 != y1) {
            plot(x0, y0);
            const int e2 = 2 * err;
            if (e2 >= dy) {
                err += dy;
                x0 += sx;
            }
            if (e2 <= dx) {
                err += dx;
                y0 += sy;
            }
        }
    }

    // Ends a run at p (its last pixel).
    void endPoint(QPointF p)
    {
        if (p.x() >= -1 && p.x() <= m_w + 1 && p.y() >= -1 && p.y() <= m_h + 1) { // NaN fails too
            const int x = int(std::floor(p.x())), y = int(std::floor(p.y()));
            if (m_dash.isEmpty())
                mark(x, y, y);
            else
                plot(x, y);
        }
        flushSpans();
    }

private:
    // A solid line is plotted as one vertical span per pixel column (the union of its
    // segments' pixels there), each pixel written once: a dense line crosses each column
    // several times, and Bresenham would write the overlap again and again. Spans are
    // flushed per run, so a gap inside a column stays open.
    void spanSegment(int x0, int y0, int x1, int y1)
    {
        if (x0 == x1) {
            mark(x0, y0, y1);
            return;
        }
        if (x0 > x1) {
            std::swap(x0, x1);
            std::swap(y0, y1);
        }
        const double slope = double(y1 - y0) / double(x1 - x0);
        for (int c = qMax(x0, 0); c <= qMin(x1, m_w - 1); ++c) {
            const double from = qMax(c - 0.5 - x0, 0.0), to = qMin(c + 0.5 - x0, double(x1 - x0));
            mark(c, int(std::floor(y0 + slope * from + 0.5)), int(std::floor(y0 + slope * to + 0.5)));
        }
    }

    void mark(int x, int a, int b)
    {
        if (x < 0 || x >= m_w)
            return;
        if (m_lo.empty()) {
            m_lo.assign(size_t(m_w), INT_MAX);
            m_hi.assign(size_t(m_w), INT_MIN);
        }
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
            for (int y = lo; y <= hi; ++y)
                put(x, y);
            m_lo[size_t(x)] = INT_MAX;
            m_hi[size_t(x)] = INT_MIN;
        }
        m_spanFrom = INT_MAX;
        m_spanTo = INT_MIN;
    }

    void plot(int x, int y)
    {
        bool on = true;
        if (!m_dash.isEmpty()) {
            on = m_dashIndex % 2 == 0;
            if (--m_dashLeft <= 0) {
                m_dashIndex = (m_dashIndex + 1) % int(m_dash.size());
                m_dashLeft = m_dash.at(m_dashIndex);
            }
        }
        if (!on || x < 0 || y < 0 || x >= m_w || y >= m_h)
            return;
        put(x, y);
    }

    void put(int x, int y)
    {
        uint &px = m_bits[qsizetype(y) * m_stride + x];
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
    QList<int> m_dash;
    std::vector<int> m_lo, m_hi; // per column, solid pens
    int m_spanFrom = INT_MAX, m_spanTo = INT_MIN;
    int m_dashIndex = 0;
    int m_dashLeft = 0;
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
    if (m_image.size() != size)
        m_image = QImage(size, QImage::Format_ARGB32_Premultiplied);
    m_image.setDevicePixelRatio(1.0);
    m_image.fill(Qt::transparent);
    const QPointF origin = rect->topLeft();
    for (const QPointer<StatsGraph> &g : std::as_const(m_graphs)) {
        if (!g || !g->realVisibility())
            continue;
        Plotter plotter(m_image, g->pen(), dpr);
        const QVector<QPointF> lines = g->pixelLines();
        // Like drawPolyline per run between gaps: a lone point draws nothing.
        QPointF previous;
        bool open = false, drawn = false;
        for (const QPointF &pt : lines) {
            if (!std::isfinite(pt.x()) || !std::isfinite(pt.y())) {
                if (drawn)
                    plotter.endPoint(previous);
                open = drawn = false;
                continue;
            }
            const QPointF p = (pt - origin) * dpr;
            if (open) {
                plotter.segment(previous, p);
                drawn = true;
            } else {
                plotter.startRun();
            }
            previous = p;
            open = true;
        }
        if (drawn)
            plotter.endPoint(previous);
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
    painter->drawImage(rect->topLeft(), m_image);
}

} // namespace cachescope

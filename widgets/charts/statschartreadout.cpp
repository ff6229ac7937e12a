// StatsChart: hovering. A cursor line over every panel, a tooltip with every value of every
// drawn line at that instant, and a one-line summary for the dashboard's readout.

#include "common/format.h"
#include "statschart.h"

#include <QDateTime>
#include <QToolTip>

#include <cmath>

namespace cachescope {

namespace {

QString formatRate(double v)
{
    if (!std::isfinite(v))
        return QStringLiteral("–");
    return v >= 100 ? QString::number(v, 'f', 0) : QString::number(v, 'f', 1);
}

QString formatValue(StatsMetric m, double v)
{
    if (!std::isfinite(v))
        return QStringLiteral("–");
    switch (m) {
    case StatsMetric::HitRatio:
        return QStringLiteral("%1%").arg(v, 0, 'f', 1);
    case StatsMetric::MemoryUsed:
    case StatsMetric::MemoryMax:
        return formatBytes(qint64(v));
    case StatsMetric::Items:
    case StatsMetric::Clients:
    case StatsMetric::ExpiredItems:
        return formatCount(qint64(std::llround(v)));
    default:
        return formatRate(v) + QStringLiteral("/s");
    }
}

} // namespace

void StatsChart::mouseMoveEvent(QMouseEvent *event)
{
    QCustomPlot::mouseMoveEvent(event);
    QCPAxisRect *rect = axisRectAt(event->position());
    if (!rect || !m_history) {
        moveCursor(0, false);
        QToolTip::hideText();
        Q_EMIT hovered(QString(), QString());
        return;
    }
    const double key = rect->axis(QCPAxis::atBottom)->pixelToCoord(event->position().x());
    moveCursor(key, true);
    const QString details = readoutAt(key);
    QToolTip::showText(event->globalPosition().toPoint() + QPoint(16, 16), details, this);
    Q_EMIT hovered(summaryAt(key), details);
}

void StatsChart::leaveEvent(QEvent *event)
{
    QCustomPlot::leaveEvent(event);
    moveCursor(0, false);
    QToolTip::hideText();
    Q_EMIT hovered(QString(), QString());
}

void StatsChart::moveCursor(double key, bool visible)
{
    for (QCPItemStraightLine *cursor : m_cursor) {
        cursor->setVisible(visible);
        cursor->point1->setCoords(key, 0);
        cursor->point2->setCoords(key, 1);
    }
    m_cursorLayer->replot();
}

const StatsPoint *StatsChart::pointNear(int series, qint64 ms) const
{
    const RingBuffer<StatsPoint> &ring = m_history->points(series, StatsHistory::tierFor(m_windowMs));
    if (ring.isEmpty())
        return nullptr;
    qsizetype k = ring.lowerBound(ms, [](const StatsPoint &p) { return p.timestampMs; });
    if (k == ring.size() || (k > 0 && ms - ring.at(k - 1).timestampMs < ring.at(k).timestampMs - ms))
        --k;
    return &ring.at(k);
}

// Markers within a hundredth of the window of the cursor.
QStringList StatsChart::markersNear(qint64 ms, bool details) const
{
    QStringList lines;
    const qint64 near = qMax<qint64>(m_windowMs / 100, 500);
    for (const OperationMarker &m : m_history->markers()) {
        if (std::llabs(m.timestampMs - ms) <= near)
            lines.append(QStringLiteral("▲ %1 %2").arg(
                QDateTime::fromMSecsSinceEpoch(m.timestampMs).toString(QStringLiteral("hh:mm:ss")),
                details ? m.longText() : m.text()));
    }
    return lines;
}

QString StatsChart::readoutAt(double key) const
{
    if (!m_history || m_history->series().isEmpty())
        return {};
    const qint64 ms = qint64(std::llround(key * 1000.0));
    QStringList lines;
    qint64 shownMs = -1;
    for (const QString &name : drawnSeries()) {
        const StatsPoint *p = pointNear(m_history->seriesIndex(name), ms);
        if (!p)
            continue;
        shownMs = p->timestampMs;
        QStringList parts;
        for (int m = 0; m < StatsMetricCount; ++m) {
            const auto metric = StatsMetric(m);
            if (metric == StatsMetric::MemoryMax || !showsMetric(metric))
                continue;
            QString v = formatValue(metric, p->value(metric));
            if (metric == StatsMetric::MemoryUsed && std::isfinite(p->value(StatsMetric::MemoryMax)))
                v += QStringLiteral(" / ") +
                     formatValue(StatsMetric::MemoryMax, p->value(StatsMetric::MemoryMax));
            parts.append(QStringLiteral("%1 %2").arg(statsMetricTitle(metric).toLower(), v));
        }
        QString line = QStringLiteral("%1: %2").arg(name == ServerSample::AggregateName ? tr("all") : name,
                                                    parts.join(QStringLiteral(" · ")));
        if (p->flags & StatsPoint::Reset)
            line += tr(" · reset");
        if (p->flags & StatsPoint::Error)
            line += tr(" · unreachable");
        lines.append(line);
    }
    if (shownMs < 0)
        return {};
    lines += markersNear(ms, true);
    lines.prepend(QDateTime::fromMSecsSinceEpoch(shownMs).toString(QStringLiteral("yyyy-MM-dd hh:mm:ss")));
    return lines.join(u'\n');
}

QString StatsChart::summaryAt(double key) const
{
    if (!m_history || m_history->series().isEmpty())
        return {};
    const qint64 ms = qint64(std::llround(key * 1000.0));
    QStringList parts;
    qint64 shownMs = -1;
    for (const QString &name : drawnSeries()) {
        const StatsPoint *p = pointNear(m_history->seriesIndex(name), ms);
        if (!p)
            continue;
        shownMs = p->timestampMs;
        const QString who = name == ServerSample::AggregateName ? tr("all") : name;
        if (p->flags & StatsPoint::Error) {
            parts.append(tr("%1: unreachable").arg(who));
            continue;
        }
        parts.append(tr("%1: hit ratio %2, %3 hits, %4 misses")
                         .arg(who, formatValue(StatsMetric::HitRatio, p->value(StatsMetric::HitRatio)),
                              formatValue(StatsMetric::HitsPerSec, p->value(StatsMetric::HitsPerSec)),
                              formatValue(StatsMetric::MissesPerSec, p->value(StatsMetric::MissesPerSec))));
    }
    if (shownMs < 0)
        return {};
    parts += markersNear(ms, false);
    parts.prepend(QDateTime::fromMSecsSinceEpoch(shownMs).toString(QStringLiteral("hh:mm:ss")));
    return parts.join(QStringLiteral("  ·  "));
}

} // namespace cachescope

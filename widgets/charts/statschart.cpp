#include "statschart.h"

#include "chartpalette.h"
#include "charttitle.h"
#include "statsgraph.h"
#include "statslegenditem.h"

#include <cmath>

namespace cachescope {

namespace {

struct PanelSpec
{
    const char *title;
    const char *poolHint; // a pool's legend names servers: say which style is which
    StatsMetric first;
    StatsMetric second; // == first when the panel has one metric
};

const PanelSpec Panels[StatsChart::PanelCount] = {
    {QT_TRANSLATE_NOOP("StatsChart", "Hit ratio %"), "", StatsMetric::HitRatio, StatsMetric::HitRatio},
    {QT_TRANSLATE_NOOP("StatsChart", "Hits vs misses per second"),
     QT_TRANSLATE_NOOP("StatsChart", "hits solid, misses dashed"), StatsMetric::HitsPerSec,
     StatsMetric::MissesPerSec},
    {QT_TRANSLATE_NOOP("StatsChart", "Evictions and expired per second"),
     QT_TRANSLATE_NOOP("StatsChart", "evictions solid, expired dashed"), StatsMetric::EvictionsPerSec,
     StatsMetric::ExpiredPerSec},
    {QT_TRANSLATE_NOOP("StatsChart", "Operations per second"), "", StatsMetric::OpsPerSec,
     StatsMetric::OpsPerSec},
    {QT_TRANSLATE_NOOP("StatsChart", "Memory used vs limit (MiB)"),
     QT_TRANSLATE_NOOP("StatsChart", "used solid, limit dashed"), StatsMetric::MemoryUsed,
     StatsMetric::MemoryMax},
    {QT_TRANSLATE_NOOP("StatsChart", "Items (left) and clients (right)"),
     QT_TRANSLATE_NOOP("StatsChart", "items solid, clients dashed"), StatsMetric::Items,
     StatsMetric::Clients},
};

// Django's database cache table: rows instead of keys, size on disk instead of memory,
// writes instead of evictions; hits and misses are PostgreSQL estimates (dbcachestats.cpp).
const PanelSpec TablePanels[StatsChart::PanelCount] = {
    {QT_TRANSLATE_NOOP("StatsChart", "Hit ratio % (estimate, PostgreSQL)"), "", StatsMetric::HitRatio,
     StatsMetric::HitRatio},
    {QT_TRANSLATE_NOOP("StatsChart", "Hits vs misses per second (estimate)"),
     QT_TRANSLATE_NOOP("StatsChart", "hits solid, misses dashed"), StatsMetric::HitsPerSec,
     StatsMetric::MissesPerSec},
    {QT_TRANSLATE_NOOP("StatsChart", "Inserts and deletes per second"),
     QT_TRANSLATE_NOOP("StatsChart", "inserts solid, deletes dashed"), StatsMetric::InsertsPerSec,
     StatsMetric::DeletesPerSec},
    {QT_TRANSLATE_NOOP("StatsChart", "Operations per second (estimate)"), "", StatsMetric::OpsPerSec,
     StatsMetric::OpsPerSec},
    {QT_TRANSLATE_NOOP("StatsChart", "Size on disk (MiB)"), "", StatsMetric::MemoryUsed,
     StatsMetric::MemoryUsed},
    {QT_TRANSLATE_NOOP("StatsChart", "Rows (left) and expired rows (right)"),
     QT_TRANSLATE_NOOP("StatsChart", "rows solid, expired dashed"), StatsMetric::Items,
     StatsMetric::ExpiredItems},
};

// The metric drawn against the Items panel's right axis (a count on another scale).
bool onRightAxis(StatsMetric m)
{
    return m == StatsMetric::Clients || m == StatsMetric::ExpiredItems;
}

const QColor SeriesColors[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                               QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2),
                               QColor(0x17, 0xbe, 0xcf), QColor(0xbc, 0xbd, 0x22)};

QColor metricColor(StatsMetric m)
{
    switch (m) {
    case StatsMetric::HitsPerSec:
        return QColor(0x2c, 0xa0, 0x2c);
    case StatsMetric::MissesPerSec:
        return QColor(0xd6, 0x27, 0x28);
    case StatsMetric::EvictionsPerSec:
        return QColor(0xff, 0x7f, 0x0e);
    case StatsMetric::ExpiredPerSec:
        return QColor(0x94, 0x67, 0xbd);
    case StatsMetric::MemoryMax:
        return QColor(0x7f, 0x7f, 0x7f);
    case StatsMetric::Clients:
    case StatsMetric::ExpiredItems:
        return QColor(0x8c, 0x56, 0x4b);
    case StatsMetric::InsertsPerSec:
        return QColor(0x2c, 0xa0, 0x2c);
    case StatsMetric::DeletesPerSec:
        return QColor(0xd6, 0x27, 0x28);
    default:
        return QColor(0x1f, 0x77, 0xb4);
    }
}

int panelOf(StatsMetric m)
{
    for (const PanelSpec *specs : {Panels, TablePanels}) {
        for (int p = 0; p < StatsChart::PanelCount; ++p) {
            if (specs[p].first == m || specs[p].second == m)
                return p;
        }
    }
    return 0;
}

QColor markerColor(OperationMarker::Kind kind)
{
    switch (kind) {
    case OperationMarker::Kind::Delete:
        return QColor(0xd9, 0x48, 0x01);
    case OperationMarker::Kind::Invalidate:
        return QColor(0xa0, 0x1b, 0x8c);
    case OperationMarker::Kind::Reset:
        return QColor(0x60, 0x60, 0x60);
    case OperationMarker::Kind::Unreachable:
        return QColor(0xc0, 0x00, 0x00);
    }
    return Qt::black;
}

} // namespace

StatsChart::StatsChart(QWidget *parent) : QCustomPlot(parent)
{
    setObjectName(QStringLiteral("statsChart"));
    // Lines of a few thousand points: the fast polyline path keeps a 24 h replot cheap.
    setPlottingHints(QCP::phFastPolylines | QCP::phCacheLabels);
    setNoAntialiasingOnDrag(true);
    setAntialiasedElements(QCP::aeNone);
    buildLayout();
    addThresholdItems();
    setWindowMs(m_windowMs);
}

double StatsChart::displayScale(StatsMetric metric)
{
    return metric == StatsMetric::MemoryUsed || metric == StatsMetric::MemoryMax ? 1.0 / (1024.0 * 1024.0)
                                                                                 : 1.0;
}

void StatsChart::buildLayout()
{
    plotLayout()->clear(); // drops the default axis rect and legend
    // Every buffered layer costs a full-size clear and blend on each replot. The cursor
    // needs one (hovering replots that layer only); QCustomPlot's "overlay" (its selection
    // rectangle, unused here) need not: it joins the main buffer, and the cursor goes on
    // top, so a replot fills and blends two buffers instead of three.
    layer(QStringLiteral("overlay"))->setMode(QCPLayer::lmLogical);
    addLayer(QStringLiteral("cursor"), layer(QStringLiteral("overlay")), QCustomPlot::limAbove);
    m_cursorLayer = layer(QStringLiteral("cursor"));
    m_cursorLayer->setMode(QCPLayer::lmBuffered); // hovering replots this layer only

    auto *left = new QCPMarginGroup(this);
    auto *right = new QCPMarginGroup(this);
    QFont titleFont = font();
    titleFont.setPointSizeF(qMax(7.0, titleFont.pointSizeF() - 1));
    titleFont.setBold(true);
    QFont small = font();
    small.setPointSizeF(qMax(6.5, font().pointSizeF() - 2));
    for (int p = 0; p < PanelCount; ++p) {
        auto *rect = new QCPAxisRect(this);
        rect->setupFullAxesBox(false);
        rect->axis(QCPAxis::atTop)->setVisible(false);
        rect->axis(QCPAxis::atRight)->setVisible(p == ItemsPanel);
        rect->axis(QCPAxis::atRight)->setTickLabels(p == ItemsPanel);
        rect->setMarginGroup(QCP::msLeft, left);
        rect->setMarginGroup(QCP::msRight, right);
        rect->setRangeDrag(Qt::Orientations());
        rect->setRangeZoom(Qt::Orientations());
        for (QCPAxis *axis : rect->axes()) {
            axis->setTickLabelFont(small);
            axis->setLayer(QStringLiteral("axes"));
            axis->grid()->setLayer(QStringLiteral("grid"));
        }
        rect->axis(QCPAxis::atLeft)->setRange(0, p == RatioPanel ? 105 : 1);
        m_panels[p] = rect;
        m_titles[p] = new ChartTitle(this, tr(Panels[p].title), titleFont);
        m_titles[p]->setMargins(QMargins(0, 4, 0, 0));

        m_legends[p] = new QCPLegend;
        rect->insetLayout()->addElement(m_legends[p], Qt::AlignTop | Qt::AlignLeft);
        m_legends[p]->setLayer(QStringLiteral("legend"));
        m_legends[p]->setFont(small);
        m_legends[p]->setIconSize(14, 8);
        m_legends[p]->setRowSpacing(-2);
        m_legends[p]->setBrush(chartTextBackground(palette(), 210));
        m_legends[p]->setBorderPen(QPen(chartForeground(palette(), 60)));
        m_legends[p]->setTextColor(chartForeground(palette()));
        m_legends[p]->setVisible(false);
    }
    // Items look up the plot's axis rects when made: place the rects first.
    setColumns(m_columns);
    for (int p = 0; p < PanelCount; ++p) {
        QCPAxisRect *rect = m_panels[p];
        auto *cursor = new QCPItemStraightLine(this);
        cursor->setLayer(m_cursorLayer);
        cursor->setClipAxisRect(rect);
        for (QCPItemPosition *pos : {cursor->point1, cursor->point2}) {
            pos->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
            pos->setAxisRect(rect);
        }
        cursor->setPen(QPen(chartForeground(palette(), 110), 1, Qt::DashLine));
        cursor->setVisible(false);
        cursor->setSelectable(false);
        m_cursor[p] = cursor;
    }
    applyChartPalette(this);
}

void StatsChart::setColumns(int columns)
{
    columns = columns >= 3 ? 3 : 2;
    if (columns == m_columns && plotLayout()->elementCount() > 0)
        return;
    m_columns = columns;
    // Each panel is a title over its axis rect; re-placing them keeps the rects (and their lines).
    for (int p = 0; p < PanelCount; ++p) {
        if (m_titles[p]->layout())
            m_titles[p]->layout()->take(m_titles[p]);
        if (m_panels[p]->layout())
            m_panels[p]->layout()->take(m_panels[p]);
    }
    plotLayout()->clear();
    for (int p = 0; p < PanelCount; ++p) {
        auto *cell = new QCPLayoutGrid;
        plotLayout()->addElement(p / columns, p % columns, cell);
        cell->addElement(0, 0, m_titles[p]);
        cell->addElement(1, 0, m_panels[p]);
        cell->setRowStretchFactor(0, 0.01);
        cell->setRowSpacing(0);
    }
}

void StatsChart::resizeEvent(QResizeEvent *event)
{
    setColumns(width() > 2.4 * height() ? 3 : 2);
    QCustomPlot::resizeEvent(event);
}

void StatsChart::addThresholdItems()
{
    QCPAxisRect *rect = m_panels[RatioPanel];
    QCPAxis *x = rect->axis(QCPAxis::atBottom);
    QCPAxis *y = rect->axis(QCPAxis::atLeft);
    m_thresholdTint = new QCPItemRect(this);
    m_thresholdTint->setClipAxisRect(rect);
    m_thresholdTint->setPen(Qt::NoPen);
    m_thresholdTint->setBrush(QColor(0xd6, 0x27, 0x28, 30));
    m_thresholdTint->setLayer(QStringLiteral("grid"));
    m_thresholdTint->setSelectable(false);
    m_thresholdLine = new QCPItemStraightLine(this);
    m_thresholdLine->setClipAxisRect(rect);
    m_thresholdLine->setPen(QPen(QColor(0xd6, 0x27, 0x28, 200), 1.5, Qt::DashLine));
    m_thresholdLine->setSelectable(false);
    m_thresholdLabel = new QCPItemText(this);
    m_thresholdLabel->setClipAxisRect(rect);
    m_thresholdLabel->setColor(QColor(0xb0, 0x20, 0x20));
    QFont small = font();
    small.setPointSizeF(qMax(6.5, font().pointSizeF() - 2));
    m_thresholdLabel->setFont(small);
    m_thresholdLabel->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    m_thresholdLabel->setSelectable(false);
    const QList<QCPItemPosition *> positions{m_thresholdTint->topLeft, m_thresholdTint->bottomRight,
                                             m_thresholdLine->point1, m_thresholdLine->point2,
                                             m_thresholdLabel->position};
    for (QCPItemPosition *pos : positions) {
        pos->setAxes(x, y);
        pos->setAxisRect(rect);
        pos->setTypeX(QCPItemPosition::ptAxisRectRatio); // spans the panel, whatever the time range
        pos->setTypeY(QCPItemPosition::ptPlotCoords);
    }
    setThreshold(m_threshold);
}

void StatsChart::setThreshold(double percent)
{
    m_threshold = qBound(0.0, percent, 100.0);
    m_thresholdTint->topLeft->setCoords(0, m_threshold);
    m_thresholdTint->bottomRight->setCoords(1, -10);
    m_thresholdLine->point1->setCoords(0, m_threshold);
    m_thresholdLine->point2->setCoords(1, m_threshold);
    m_thresholdLabel->position->setCoords(0.995, m_threshold);
    m_thresholdLabel->setText(tr("threshold %1%").arg(m_threshold, 0, 'g', 3));
}

void StatsChart::setWindowMs(qint64 ms)
{
    m_windowMs = qMax<qint64>(ms, 1000);
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeSpec(Qt::LocalTime);
    ticker->setDateTimeFormat(m_windowMs <= 5 * 60 * 1000 ? QStringLiteral("hh:mm:ss")
                              : m_windowMs <= 3600 * 1000 ? QStringLiteral("hh:mm")
                                                          : QStringLiteral("hh:mm\nddd"));
    ticker->setTickCount(m_columns == 3 ? 4 : 5);
    for (QCPAxisRect *rect : m_panels)
        rect->axis(QCPAxis::atBottom)->setTicker(ticker);
    m_markerRevision = ~quint64(0);
}

void StatsChart::setHistory(const StatsHistory *history)
{
    m_history = history;
    clearLines();
    m_markerRevision = ~quint64(0);
    syncMarkers(0, 0);
}

void StatsChart::clearLines()
{
    // removeGraph() only takes a graph out of QCustomPlot's default legend, which
    // buildLayout() dropped: items in our own per-panel legends would keep pointing at the
    // deleted graphs and crash the next layout pass. Clear them first.
    for (QCPLegend *legend : m_legends) {
        legend->clearItems();
        legend->setVisible(false);
    }
    for (StatsLineCanvas &canvas : m_canvases)
        canvas.clear();
    for (const Line &line : std::as_const(m_lines))
        removeGraph(line.graph);
    m_lines.clear();
    m_linesFor.clear();
}

QStringList StatsChart::drawnSeries() const
{
    if (!m_history || m_history->series().isEmpty())
        return {};
    const QStringList &all = m_history->series();
    // One server: its own line; the aggregate would only repeat it.
    return all.size() <= 2 ? QStringList{all.last()} : all;
}

QColor StatsChart::colorFor(StatsMetric metric, int seriesRank) const
{
    if (drawnSeries().size() == 1)
        return metricColor(metric);
    if (seriesRank == 0)
        return chartForeground(palette()); // the aggregate: dark on light themes, light on dark
    return SeriesColors[(seriesRank - 1) % int(std::size(SeriesColors))];
}

bool StatsChart::showsMetric(StatsMetric metric) const
{
    switch (metric) {
    case StatsMetric::ExpiredItems:
    case StatsMetric::InsertsPerSec:
    case StatsMetric::UpdatesPerSec:
    case StatsMetric::DeletesPerSec:
        return m_history && m_history->isCacheTable();
    case StatsMetric::EvictionsPerSec:
    case StatsMetric::ExpiredPerSec:
    case StatsMetric::MemoryMax:
    case StatsMetric::Clients:
        return !m_history || !m_history->isCacheTable();
    default:
        return true;
    }
}

void StatsChart::ensureLines()
{
    const QStringList drawn = drawnSeries();
    const bool table = m_history && m_history->isCacheTable();
    if (drawn == m_linesFor && table == m_linesForTable)
        return;
    clearLines();
    m_linesFor = drawn;
    m_linesForTable = table;
    const PanelSpec *spec = table ? TablePanels : Panels;
    const bool single = drawn.size() == 1;
    for (int p = 0; p < PanelCount; ++p) {
        QString title = tr(spec[p].title);
        if (!single && *spec[p].poolHint)
            title += QStringLiteral(" — ") + tr(spec[p].poolHint);
        m_titles[p]->setText(title);
    }
    for (int rank = 0; rank < drawn.size(); ++rank) {
        const int series = m_history->seriesIndex(drawn.at(rank));
        for (int p = 0; p < PanelCount; ++p) {
            QList<StatsMetric> metrics{spec[p].first};
            if (spec[p].second != spec[p].first)
                metrics.append(spec[p].second);
            for (StatsMetric metric : std::as_const(metrics)) {
                QCPAxisRect *rect = m_panels[p];
                QCPAxis *valueAxis =
                    onRightAxis(metric) ? rect->axis(QCPAxis::atRight) : rect->axis(QCPAxis::atLeft);
                auto *g = new StatsGraph(rect->axis(QCPAxis::atBottom), valueAxis);
                // Cosmetic 1 px pens take the raster engine's fast path, dashed or not; a
                // wider pen goes through the path stroker and costs ten times more per
                // segment (bench_charts: 60 lines of a day went from ~600 ms to ~20 ms).
                QPen pen(colorFor(metric, rank), 1);
                pen.setCosmetic(true);
                // A pool tells metrics apart by style; a single server by colour (the limit
                // stays dashed: it is a ceiling, not a measurement).
                const bool second = metric != spec[p].first;
                if (second && (!single || metric == StatsMetric::MemoryMax))
                    pen.setStyle(Qt::DashLine);
                g->setPen(pen);
                g->setName(single ? statsMetricTitle(metric)
                                  : (rank == 0 ? tr("all servers") : drawn.at(rank)));
                g->setAdaptiveSampling(true);
                g->removeFromLegend();
                // Single server: name the two metrics of a panel. Pool: name the servers once.
                if ((single && metrics.size() == 2) || (!single && p == RatioPanel)) {
                    m_legends[p]->addItem(new StatsLegendItem(m_legends[p], g));
                    m_legends[p]->setVisible(true);
                }
                m_canvases[size_t(p)].addGraph(g);
                m_lines.append(Line{metric, series, g});
            }
        }
    }
}

QCPGraph *StatsChart::seriesGraph(StatsMetric metric, const QString &server) const
{
    if (!m_history)
        return nullptr;
    const int series = m_history->seriesIndex(server);
    for (const Line &line : m_lines) {
        if (line.metric == metric && line.series == series)
            return line.graph;
    }
    return nullptr;
}

void StatsChart::rebuild(qint64 endMs)
{
    m_endMs = endMs;
    const qint64 fromMs = endMs - m_windowMs;
    const double lower = double(fromMs) / 1000.0;
    const double upper = double(endMs) / 1000.0;
    for (QCPAxisRect *rect : m_panels)
        rect->axis(QCPAxis::atBottom)->setRange(lower, upper);
    if (!m_history) {
        clearLines();
        return;
    }
    ensureLines();

    const int tier = StatsHistory::tierFor(m_windowMs);
    // One step of slack on the left, so the line enters the panel from its edge.
    const qint64 step = qMax<qint64>(StatsHistory::tiers()[size_t(tier)].resolutionMs, 1000);
    double maxLeft[PanelCount] = {};
    double maxRight[PanelCount] = {};
    QVector<QCPGraphData> data;
    for (const Line &line : std::as_const(m_lines)) {
        const RingBuffer<StatsPoint> &ring = m_history->points(line.series, tier);
        const double scale = displayScale(line.metric);
        const int p = panelOf(line.metric);
        double &top = onRightAxis(line.metric) ? maxRight[p] : maxLeft[p];
        data.clear();
        data.reserve(ring.size());
        const qsizetype first =
            ring.lowerBound(fromMs - step, [](const StatsPoint &pt) { return pt.timestampMs; });
        // Every point goes in; StatsGraph decimates a line denser than its panel's pixels
        // once, when it is next drawn.
        for (qsizetype k = first; k < ring.size(); ++k) {
            const StatsPoint &pt = ring.at(k);
            const double v = pt.value(line.metric) * scale;
            data.append(QCPGraphData(double(pt.timestampMs) / 1000.0, v));
            if (std::isfinite(v) && pt.timestampMs >= fromMs && v > top)
                top = v;
        }
        line.graph->setLineData(data);
    }
    for (int p = 0; p < PanelCount; ++p) {
        if (p == RatioPanel)
            continue;
        m_panels[p]->axis(QCPAxis::atLeft)->setRange(0, maxLeft[p] > 0 ? maxLeft[p] * 1.12 : 1);
        m_panels[p]->axis(QCPAxis::atRight)->setRange(0, maxRight[p] > 0 ? maxRight[p] * 1.12 : 1);
    }
    syncMarkers(fromMs, endMs);
}

// Markers are re-made only when the set inside the window changes (a new one, or the
// oldest one scrolled out), not on every rebuild.
void StatsChart::syncMarkers(qint64 fromMs, qint64 toMs)
{
    std::vector<const OperationMarker *> visible;
    if (m_history) {
        const auto &markers = m_history->markers();
        for (auto it = markers.rbegin(); it != markers.rend() && int(visible.size()) < MaxDrawnMarkers;
             ++it) {
            if (it->timestampMs > toMs)
                continue;
            if (it->timestampMs < fromMs)
                break;
            visible.push_back(&*it);
        }
    }
    const quint64 revision = (m_history ? m_history->markersAdded() : 0) * 1000003u + visible.size() * 131u +
                             (visible.empty() ? 0 : quint64(visible.back()->timestampMs));
    if (revision == m_markerRevision)
        return;
    m_markerRevision = revision;
    for (QCPAbstractItem *item : std::as_const(m_markerItems))
        removeItem(item);
    m_markerItems.clear();
    m_markerCount = int(visible.size());

    QFont small = font();
    small.setPointSizeF(qMax(6.5, font().pointSizeF() - 2));
    for (const OperationMarker *m : visible) {
        const double key = double(m->timestampMs) / 1000.0;
        const QColor color = markerColor(m->kind);
        const Qt::PenStyle style = m->isOperatorAction()                     ? Qt::SolidLine
                                   : m->kind == OperationMarker::Kind::Reset ? Qt::DashLine
                                                                             : Qt::DotLine;
        for (int p = 0; p < PanelCount; ++p) {
            QCPAxisRect *rect = m_panels[p];
            auto *line = new QCPItemStraightLine(this);
            line->setClipAxisRect(rect);
            line->setPen(QPen(color, m->isOperatorAction() ? 1.5 : 1.2, style));
            line->setSelectable(false);
            for (QCPItemPosition *pos : {line->point1, line->point2}) {
                pos->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
                pos->setAxisRect(rect);
                pos->setTypeY(QCPItemPosition::ptAxisRectRatio);
            }
            line->point1->setCoords(key, 0);
            line->point2->setCoords(key, 1);
            m_markerItems.append(line);
            // The label goes on the panels of the top row, where it is read first.
            if (p >= m_columns)
                continue;
            auto *label = new QCPItemText(this);
            label->setClipAxisRect(rect);
            label->setSelectable(false);
            label->setFont(small);
            label->setColor(color.darker(120));
            label->setText(m->text());
            label->setRotation(90);
            label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
            label->setBrush(chartTextBackground(palette(), 200));
            label->setPadding(QMargins(2, 0, 2, 0));
            label->position->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
            label->position->setAxisRect(rect);
            label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
            // A few pixels right of its line, so the line does not run through the text.
            const double px = double(m_windowMs) / 1000.0 / qMax(rect->width(), 100);
            label->position->setCoords(key + 2 * px, 0.02);
            m_markerItems.append(label);
        }
    }
}

} // namespace cachescope

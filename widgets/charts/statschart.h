#pragma once
// The dashboard's plot: one QCustomPlot with six panels sharing the time axis
//   hit ratio (threshold line, the area below it tinted) | hits vs misses per second
//   evictions vs expired per second                      | operations per second
//   memory used vs limit                                 | items and clients
// A single server draws one line per metric, coloured by metric. A pool draws one line
// per server plus the aggregate (darker, thicker), coloured by server; the first metric
// of a panel is solid, the second dashed.
//
// Nothing here samples or keeps data: rebuild() reads a StatsHistory (the tier that
// covers the window) into the graphs, and the caller decides when to replot. Markers
// (operator actions, resets, unreachable servers) become vertical lines with a label.
// Hovering moves a cursor line over every panel and emits hovered() with the values of
// every line at that instant.

#include "ops/statshistory.h"
#include "qcustomplotinclude.h"
#include "statslinecanvas.h"

#include <array>

namespace cachescope {

class StatsGraph;

class StatsChart : public QCustomPlot
{
    Q_OBJECT
public:
    enum Panel
    {
        RatioPanel,
        LookupsPanel,
        EvictionsPanel,
        OpsPanel,
        MemoryPanel,
        ItemsPanel,
        PanelCount
    };
    static constexpr int MaxDrawnMarkers = 100;

    explicit StatsChart(QWidget *parent = nullptr);

    // Not owned; must outlive the chart or be replaced first. nullptr clears the chart.
    void setHistory(const StatsHistory *history);
    const StatsHistory *history() const { return m_history; }
    void setWindowMs(qint64 ms);
    qint64 windowMs() const { return m_windowMs; }
    // Hit-ratio threshold in percent (80 by default).
    void setThreshold(double percent);
    double threshold() const { return m_threshold; }
    // 3 columns × 2 rows for wide areas, 2 × 3 otherwise.
    void setColumns(int columns);
    int columns() const { return m_columns; }

    // Reads [endMs - window, endMs] of the history into the graphs; does not replot.
    void rebuild(qint64 endMs);
    qint64 endMs() const { return m_endMs; }

    // The line of a metric for a server (ServerSample::AggregateName for the aggregate);
    // nullptr when it is not drawn (a single server draws only its own line).
    QCPGraph *seriesGraph(StatsMetric metric, const QString &server) const;
    QCPAxisRect *panel(Panel p) const { return m_panels[p]; }
    QStringList drawnSeries() const;
    int drawnMarkerCount() const { return m_markerCount; }
    // Times a panel's lines were rasterized (they are kept until something changes).
    int lineRenderCount(Panel p) const { return m_canvases[size_t(p)].renderCount(); }
    // Every value of every drawn line at a time (seconds since the epoch), one line per
    // server, and the markers near it: the hover tooltip.
    QString readoutAt(double key) const;
    // The short form for the dashboard's readout line: ratio, hits and misses per server.
    QString summaryAt(double key) const;
    // Whether the readout lists a metric: a cache table's metrics only for a cache table,
    // a cache server's (evictions, clients, memory limit) only for a cache server.
    bool showsMetric(StatsMetric metric) const;
    // Values are scaled for display: memory in MiB.
    static double displayScale(StatsMetric metric);

Q_SIGNALS:
    // Empty strings when the mouse left the panels.
    void hovered(const QString &summary, const QString &details);

protected:
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Line
    {
        StatsMetric metric;
        int series; // index in the history
        StatsGraph *graph;
    };
    void buildLayout();
    void ensureLines();
    void clearLines();
    void syncMarkers(qint64 fromMs, qint64 toMs);
    void addThresholdItems();
    void moveCursor(double key, bool visible);
    QColor colorFor(StatsMetric metric, int seriesRank) const;
    // The point of a series nearest to ms in the shown tier; nullptr when it has none.
    const StatsPoint *pointNear(int series, qint64 ms) const;
    QStringList markersNear(qint64 ms, bool details) const;

    const StatsHistory *m_history = nullptr;
    qint64 m_windowMs = 5 * 60 * 1000;
    qint64 m_endMs = 0;
    double m_threshold = 80.0;
    int m_columns = 2;
    QCPAxisRect *m_panels[PanelCount] = {};
    QCPTextElement *m_titles[PanelCount] = {};
    QCPLegend *m_legends[PanelCount] = {};
    QList<Line> m_lines;
    std::array<StatsLineCanvas, PanelCount> m_canvases; // each panel's lines, drawn as one image
    QStringList m_linesFor;                             // history series the lines were made for
    bool m_linesForTable = false;
    QList<QCPAbstractItem *> m_markerItems;
    int m_markerCount = 0;
    quint64 m_markerRevision = ~quint64(0);
    QCPItemStraightLine *m_thresholdLine = nullptr;
    QCPItemRect *m_thresholdTint = nullptr;
    QCPItemText *m_thresholdLabel = nullptr;
    QCPItemStraightLine *m_cursor[PanelCount] = {};
    QCPLayer *m_cursorLayer = nullptr;
};

} // namespace cachescope

#pragma once
// The statistics dashboard of the live connection: a toolbar (time window, pause,
// sampling interval, hit-ratio threshold, PNG and CSV export), the six-panel StatsChart,
// and a readout of the values under the mouse.
//
// Refresh rule: new samples and markers only mark the dashboard dirty; one 100 ms timer
// rebuilds the visible window and replots (rpQueuedReplot) when it is dirty AND visible,
// so at most 10 replots a second and none while the dock is hidden. Rebuilding reads at
// most one tier of the history (≤ 1,442 points per line), so it stays cheap at 24 h; and
// since a new sample only moves the open bucket of a coarse tier, the 1 h window replots
// for new samples at most every second and the 24 h window every 5 s.
//
// Sampling runs on the connector's thread (StatsMonitor / StatsSampler). The monitors
// belong to a StatsHub (one per open connection, shared with the overview): switching
// the session shown switches to that connection's monitor, whose history kept growing
// meanwhile. Without setHub() the dashboard makes a hub of its own.

#include "ops/operationmarker.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <memory>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QToolButton;

namespace cachescope {

class ConnectionSession;
class StatsChart;
class StatsHistory;
class StatsHub;
class StatsMonitor;

class StatsDashboard : public QWidget
{
    Q_OBJECT
public:
    enum class Window
    {
        OneMinute,
        FiveMinutes,
        OneHour,
        Day
    };
    static qint64 windowMs(Window window);

    explicit StatsDashboard(QWidget *parent = nullptr);
    ~StatsDashboard() override;

    // Not owned; call before setSession(). The interval box sets the hub's interval.
    void setHub(StatsHub *hub);
    StatsHub *hub() const { return m_hub; }
    // Shows the session's monitor (made and started by the hub on first use); nullptr
    // shows nothing. The monitor of the previous session keeps sampling.
    void setSession(ConnectionSession *session);
    // Shows a history kept elsewhere, without sampling (benchmarks, tests). Not owned;
    // call historyChanged() after appending to it.
    void showHistory(const StatsHistory *history);
    void historyChanged() { markDirty(); }
    // An operator's action on the connection shown (the main window forwards deletes).
    void addMarker(const OperationMarker &marker);

    void setWindow(Window window);
    Window window() const { return m_window; }
    void setPaused(bool paused);
    // Freezes the view with its right edge at endMs (ms since the epoch).
    void pauseAt(qint64 endMs);
    bool isPaused() const { return m_paused; }
    void setThreshold(double percent);
    double threshold() const;
    void setInterval(int ms);
    int interval() const { return m_intervalMs; }

    // The whole chart as shown (all panels), and the shown window's data.
    bool exportPng(const QString &path, QString *error = nullptr);
    bool exportCsv(const QString &path, QString *error = nullptr);

    StatsChart *chart() const { return m_chart; }
    StatsMonitor *monitor() const { return m_monitor; }
    const StatsHistory *history() const { return m_history; }
    // Rebuilds and replots at once (tests, benchmarks); otherwise the timer does it.
    void refreshNow();
    int replotCount() const { return m_replots; }
    bool isDirty() const { return m_dirty; }
    bool isTicking() const { return m_tick.isActive(); }

Q_SIGNALS:
    // The operator changed the window, threshold or interval (the main window saves them).
    void viewSettingsChanged();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void buildToolbar(QWidget *bar);
    // urgent: the user changed the view (window, threshold, pause, a marker): replot on
    // the next tick. A new sample in a coarse window waits for its tier's pace instead.
    void markDirty(bool urgent = true);
    void onTick();
    void rebuild();
    void updateStatus();
    void chooseExport(bool png);

    void detachMonitor();

    StatsHub *m_hub = nullptr;
    std::unique_ptr<StatsHub> m_ownHub;
    ConnectionSession *m_session = nullptr; // identity only: compared, never dereferenced
    StatsMonitor *m_monitor = nullptr; // owned by m_hub, which says when it goes
    const StatsHistory *m_history = nullptr;
    StatsChart *m_chart = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_readout = nullptr;
    QComboBox *m_windowBox = nullptr;
    QToolButton *m_pauseButton = nullptr;
    QDoubleSpinBox *m_intervalBox = nullptr;
    QSpinBox *m_thresholdBox = nullptr;
    QTimer m_tick;
    Window m_window = Window::FiveMinutes;
    int m_intervalMs = 1000;
    bool m_paused = false;
    qint64 m_pausedEndMs = 0;
    bool m_dirty = false;
    bool m_urgent = false;
    QElapsedTimer m_sinceReplot;
    int m_replots = 0;
};

} // namespace cachescope

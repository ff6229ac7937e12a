#pragma once
// The Statistics dock's "Overview" tab: every open connection side by side (see
// StatsOverviewModel), refreshed once a second while the tab is visible and never while
// hidden. Double-clicking a row (or Enter) asks to show that connection.

#include <QTimer>
#include <QWidget>

class QLabel;
class QTableView;

namespace cachescope {

class ConnectionSession;
class StatsHub;
class StatsOverviewModel;

class StatsOverview : public QWidget
{
    Q_OBJECT
public:
    explicit StatsOverview(StatsHub *hub, QWidget *parent = nullptr);

    StatsOverviewModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    void setThreshold(double percent);
    void setCurrent(const ConnectionSession *session);
    // Re-reads every monitor now (tests; otherwise the timer does it).
    void refreshNow();
    int refreshCount() const { return m_refreshes; }

Q_SIGNALS:
    void connectionActivated(cachescope::ConnectionSession *session);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void updateHint();

    StatsOverviewModel *m_model;
    QTableView *m_view;
    QLabel *m_hint;
    QTimer m_tick;
    int m_refreshes = 0;
};

} // namespace cachescope

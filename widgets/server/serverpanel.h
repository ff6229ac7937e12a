#pragma once
// The "Server" tab: ConnectorHost::fetchServerStats() shown as readable tables, one per
// server and section (memcached: stats, stats slabs, stats items per pool member; Redis:
// INFO sections; DB cache table: rows, expired rows, size on disk). The list on the left
// picks a table; a Refresh button, and every 5 s while the tab is visible.

#include "core/error.h"
#include "core/keytypes.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace cachescope {

class ConnectionSession;

class ServerPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr int RefreshIntervalMs = 5000;

    explicit ServerPanel(QWidget *parent = nullptr);

    void setSession(ConnectionSession *session);
    // Asks for fresh statistics (no-op while a request is in flight or when not connected).
    void refresh();
    const QList<ServerStats> &tables() const { return m_tables; }
    QListWidget *sectionList() const { return m_sections; }
    QTableWidget *table() const { return m_table; }

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void onStats(quint64 id, const QList<ServerStats> &tables);
    void onFailed(quint64 id, const Error &error);
    void showTable(int row);

    QPointer<ConnectionSession> m_session;
    quint64 m_requestId = 0;
    QList<ServerStats> m_tables;
    QTimer m_timer;

    QListWidget *m_sections = nullptr;
    QTableWidget *m_table = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_refresh = nullptr;
};

} // namespace cachescope

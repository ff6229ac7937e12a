#pragma once
// The main window wires the panels together; it holds no protocol or model logic.
//   left   saved connections (double-click or Enter connects)
//   centre KeyPanel and NamespacePanel as tabs, right ValuePanel, in one splitter; status bar: server, version,
//          DB size, round trip.
//   bottom dock "Statistics": tabs Connection (StatsDashboard, live charts of the connection
//          in front; every delete is marked on it) and Overview (every open connection side by side).
// Connections stay open when the operator picks another one: each keeps its session and
// its StatsMonitor (in a StatsHub), so switching back shows its history. File > Disconnect
// closes the one in front; Retry and edited settings reopen it (a new history).
//   Invalidate menu: the InvalidationDialog (also reached from the key list's and the
//   namespace table's context menus) and the Audit log window; both are created on first use
//   and kept, so a job goes on while its window is closed. Each invalidation is marked on the
//   charts of the connection it ran on.
// Connection errors appear in a banner above the panels, with a Retry button.

#include "ops/invalidationplanner.h"
#include "settings/appsettings.h"

#include <QMainWindow>

#include <memory>
#include <vector>

class QDockWidget;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QSplitter;
class QTabWidget;

namespace cachescope {

class AuditLogDialog;
class ConnectionSession;
class InvalidationDialog;
class ErrorBanner;
class KeyPanel;
class NamespacePanel;
class PasswordStore;
class StatsDashboard;
class StatsHub;
class StatsOverview;
class ServerPanel;
class ValuePanel;
class WelcomePanel;
struct ServerInfo;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(AppSettings settings = AppSettings(), QWidget *parent = nullptr);
    ~MainWindow() override;

    // --connect: finds a saved connection with this URL (and name, if given) or adds one,
    // then connects (unless connectNow is false: only added to the list). A password in the
    // URL goes to the PasswordStore, not to the file.
    bool openUrl(const QString &url, const QString &name = {}, bool connectNow = true);
    // Shows the connection, opening it unless it is open already; reconnect closes an open
    // one first (Retry, edited settings).
    void connectTo(const QString &connectionId, bool reconnect = false);
    // Closes the connection in front and shows the most recent other open one, if any.
    void disconnectCurrent();
    // Non-blocking (QDialog::open); addNew starts with a fresh entry (Ctrl+N).
    void showConnectionsDialog(bool addNew = false);

    const QList<SavedConnection> &connections() const { return m_connections; }
    // The connection in front (the panels show it); nullptr when none is open.
    ConnectionSession *session() const { return m_session; }
    QList<ConnectionSession *> openSessions() const;
    KeyPanel *keyPanel() const { return m_keyPanel; }
    ValuePanel *valuePanel() const { return m_valuePanel; }
    NamespacePanel *namespacePanel() const { return m_namespacePanel; }
    ServerPanel *serverPanel() const { return m_serverPanel; }
    // The centre tabs: Keys, Namespaces, Server.
    QTabWidget *centreTabs() const { return m_centreTabs; }
    StatsDashboard *statsDashboard() const { return m_dashboard; }
    QDockWidget *statsDock() const { return m_statsDock; }
    QTabWidget *statsTabs() const { return m_statsTabs; }
    StatsOverview *statsOverview() const { return m_overview; }
    StatsHub *statsHub() const { return m_statsHub; }
    PasswordStore *passwords() const { return m_passwords; }
    // Opens (creating on first use) the invalidation window on the current connection with
    // this target in its form; a running job is left alone and shown.
    InvalidationDialog *showInvalidation(const InvalidationTarget &target);
    InvalidationDialog *invalidationDialog() const { return m_invalidation; }
    AuditLogDialog *showAuditLog();
    AuditLogDialog *auditLogDialog() const { return m_audit; }

    // mainwindowstart.cpp: the welcome screen (shown while no connection is saved), Import
    // from Django settings, the demo, About. Dialogs are non-blocking (open()).
    WelcomePanel *welcomePanel() const { return m_welcome; }
    void showImportDialog();
    // Connects to what a running installers/demo.sh started; false (and a hint on the
    // welcome screen) when no demo runs.
    bool openDemo();
    void showAboutDialog();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    QWidget *buildConnectionList();
    void buildStatsDock();
    void reloadConnectionList(const QString &select = {});
    void saveConnections();
    void startSession(const SavedConnection &connection, const QString &passwordNote);
    void showSession(ConnectionSession *session);
    void closeSession(ConnectionSession *session);
    ConnectionSession *openSession(const QString &connectionId) const;
    void restoreStatsView();
    void showServerInfo(const ServerInfo &info);
    void connectCurrentItem();
    void restoreLayout();
    QWidget *buildWelcome();
    // Fills in the connection's passwords (keychain or session memory; asks when a known
    // one is missing) and starts its session.
    void startWithPasswords(const SavedConnection &connection);
    // sentinel: the Sentinels' own password (spec.sentinelPassword), not the server's.
    void askPassword(const SavedConnection &connection, const QString &note, bool sentinel = false);
    void updateWelcome();
    void onInvalidationFinished(const InvalidationJob &job, const InvalidationReport &report);
    void refreshAuditLog();

    AppSettings m_settings;
    QList<SavedConnection> m_connections;
    PasswordStore *m_passwords = nullptr;
    std::vector<std::unique_ptr<ConnectionSession>> m_sessions; // open, oldest first
    ConnectionSession *m_session = nullptr;                     // the one in front
    StatsHub *m_statsHub = nullptr;
    QString m_pendingConnectId;

    ErrorBanner *m_banner = nullptr;
    QSplitter *m_splitter = nullptr;
    QListWidget *m_connectionList = nullptr;
    KeyPanel *m_keyPanel = nullptr;
    NamespacePanel *m_namespacePanel = nullptr;
    ServerPanel *m_serverPanel = nullptr;
    QTabWidget *m_centreTabs = nullptr;
    ValuePanel *m_valuePanel = nullptr;
    StatsDashboard *m_dashboard = nullptr;
    QDockWidget *m_statsDock = nullptr;
    QTabWidget *m_statsTabs = nullptr;
    StatsOverview *m_overview = nullptr;
    InvalidationDialog *m_invalidation = nullptr;
    AuditLogDialog *m_audit = nullptr;
    QLabel *m_serverLabel = nullptr;
    QLabel *m_versionLabel = nullptr;
    QLabel *m_dbSizeLabel = nullptr;
    QLabel *m_rttLabel = nullptr;
    WelcomePanel *m_welcome = nullptr;
    bool m_statsHiddenByWelcome = false;
};

} // namespace cachescope

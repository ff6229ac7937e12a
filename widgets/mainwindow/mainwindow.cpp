#include "mainwindow.h"

#include "charts/statsdashboard.h"
#include "charts/statshub.h"
#include "charts/statsoverview.h"
#include "common/errorbanner.h"
#include "common/format.h"
#include "connections/connectionsdialog.h"
#include "core/keyescape.h"
#include "invalidation/auditlogdialog.h"
#include "invalidation/invalidationdialog.h"
#include "keys/keypanel.h"
#include "model/keytreemodel.h"
#include "namespaces/namespacepanel.h"
#include "ops/statsmonitor.h"
#include "server/serverpanel.h"
#include "session/connectionsession.h"
#include "settings/passwordstore.h"
#include "values/valuepanel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace cachescope {

namespace {

constexpr int IdRole = Qt::UserRole + 1;
constexpr int InfoIntervalMs = 10000;

} // namespace

MainWindow::MainWindow(AppSettings settings, QWidget *parent)
    : QMainWindow(parent), m_settings(std::move(settings)), m_passwords(new PasswordStore(this)),
      m_statsHub(new StatsHub(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("CacheScope"));

    m_banner = new ErrorBanner;
    m_banner->setObjectName(QStringLiteral("connectionBanner"));
    m_keyPanel = new KeyPanel;
    m_valuePanel = new ValuePanel;
    m_namespacePanel = new NamespacePanel;
    m_namespacePanel->setIndex(&m_keyPanel->model()->namespaces());
    m_centreTabs = new QTabWidget;
    m_centreTabs->setObjectName(QStringLiteral("centreTabs"));
    m_centreTabs->setDocumentMode(true);
    m_centreTabs->addTab(m_keyPanel, tr("Keys"));
    m_centreTabs->addTab(m_namespacePanel, tr("Namespaces"));
    m_centreTabs->setTabToolTip(1, tr("Django KEY_PREFIX → VERSION: keys, size and TTL spread of the loaded keys"));
    m_serverPanel = new ServerPanel;
    m_centreTabs->addTab(m_serverPanel, tr("Server"));
    m_centreTabs->setTabToolTip(
        m_centreTabs->indexOf(m_serverPanel),
        tr("Server statistics: Redis INFO, memcached stats / slabs / items, cache table size"));
    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(buildConnectionList());
    m_splitter->addWidget(m_centreTabs);
    m_splitter->addWidget(m_valuePanel);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setStretchFactor(2, 2);
    m_splitter->setChildrenCollapsible(false);

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addWidget(m_banner);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(buildWelcome(), 1);
    setCentralWidget(central);

    m_serverLabel = new QLabel(tr("Not connected"));
    m_versionLabel = new QLabel;
    m_dbSizeLabel = new QLabel;
    m_rttLabel = new QLabel;
    m_rttLabel->setToolTip(tr("PING round trip"));
    statusBar()->addWidget(m_serverLabel, 1);
    for (QLabel *l : {m_versionLabel, m_dbSizeLabel, m_rttLabel})
        statusBar()->addPermanentWidget(l);

    buildStatsDock();
    buildActions();

    connect(m_keyPanel, &KeyPanel::keySelected, m_valuePanel, &ValuePanel::showKey);
    connect(m_keyPanel, &KeyPanel::keysRemoved, this, [this](const QList<QByteArray> &keys) {
        if (keys.contains(m_valuePanel->currentKey()))
            m_valuePanel->clear();
        OperationMarker marker;
        marker.timestampMs = QDateTime::currentMSecsSinceEpoch();
        marker.kind = OperationMarker::Kind::Delete;
        marker.keyCount = keys.size();
        marker.label = keys.size() == 1 ? tr("delete %1").arg(escapeKey(keys.constFirst()).left(48)) : tr("delete");
        m_dashboard->addMarker(marker);
    });
    connect(m_valuePanel, &ValuePanel::deleteRequested, this,
            [this](const QByteArray &key) { m_keyPanel->deleteKeys({key}); });
    connect(m_valuePanel, &ValuePanel::ttlChanged, m_keyPanel, &KeyPanel::refreshMeta);
    connect(m_keyPanel, &KeyPanel::invalidateRequested, this, &MainWindow::showInvalidation);
    connect(m_namespacePanel, &NamespacePanel::invalidateRequested, this, &MainWindow::showInvalidation);
    connect(m_keyPanel, &KeyPanel::auditWritten, this, &MainWindow::refreshAuditLog);
    connect(m_valuePanel, &ValuePanel::auditWritten, this, &MainWindow::refreshAuditLog);
    connect(m_namespacePanel, &NamespacePanel::namespaceActivated, this, [this](const QString &pattern) {
        m_keyPanel->setFilterText(pattern);
        m_centreTabs->setCurrentWidget(m_keyPanel);
    });
    connect(m_banner, &ErrorBanner::actionTriggered, this, [this] {
        if (m_session)
            connectTo(m_session->connection().id, true);
    });

    QStringList warnings;
    auto loaded = m_settings.loadConnections(&warnings);
    if (loaded)
        m_connections = *loaded;
    else
        warnings.prepend(loaded.error().message);
    if (!warnings.isEmpty())
        m_banner->showMessage(tr("Some saved connections could not be read:\n%1").arg(warnings.join(u'\n')),
                              ErrorBanner::Level::Warning);
    restoreLayout();
    restoreStatsView();
    reloadConnectionList();
    m_passwords->probe();
}

MainWindow::~MainWindow()
{
    // Panels hold QPointers to the session; let them drop it before the thread stops.
    if (m_invalidation)
        m_invalidation->setSession(nullptr);
    m_keyPanel->setSession(nullptr);
    m_valuePanel->setSession(nullptr);
    m_dashboard->setSession(nullptr);
    m_serverPanel->setSession(nullptr);
    m_session = nullptr;
    m_sessions.clear(); // the hub drops each monitor as its session goes
}

void MainWindow::buildStatsDock()
{
    m_dashboard = new StatsDashboard;
    m_dashboard->setHub(m_statsHub);
    m_overview = new StatsOverview(m_statsHub);
    m_statsTabs = new QTabWidget;
    m_statsTabs->setObjectName(QStringLiteral("statsTabs"));
    m_statsTabs->setDocumentMode(true);
    m_statsTabs->addTab(m_dashboard, tr("Connection"));
    m_statsTabs->setTabToolTip(0, tr("Live charts of the connection in front"));
    m_statsTabs->addTab(m_overview, tr("Overview"));
    m_statsTabs->setTabToolTip(1, tr("Every open connection side by side"));
    connect(m_overview, &StatsOverview::connectionActivated, this, [this](ConnectionSession *s) {
        showSession(s);
        m_statsTabs->setCurrentWidget(m_dashboard);
    });
    connect(m_dashboard, &StatsDashboard::viewSettingsChanged, this, [this] {
        m_settings.setStatsView({m_dashboard->threshold(), int(m_dashboard->window()), m_dashboard->interval()});
        m_overview->setThreshold(m_dashboard->threshold());
    });
    m_statsDock = new QDockWidget(tr("Statistics"), this);
    m_statsDock->setObjectName(QStringLiteral("statsDock"));
    m_statsDock->setWidget(m_statsTabs);
    m_statsDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                             QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::BottomDockWidgetArea, m_statsDock);
}

void MainWindow::buildActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newConnection = file->addAction(tr("&New connection…"), this, [this] { showConnectionsDialog(true); });
    newConnection->setObjectName(QStringLiteral("newConnectionAction"));
    newConnection->setShortcut(QKeySequence::New);
    newConnection->setToolTip(tr("Add a connection by URL"));
    QAction *import = file->addAction(tr("&Import from Django settings…"), this, &MainWindow::showImportDialog);
    import->setObjectName(QStringLiteral("importDjangoAction"));
    import->setToolTip(tr("Make connections from a Django project's CACHES setting"));
    file->addAction(tr("&Manage connections…"), this, [this] { showConnectionsDialog(false); })
        ->setToolTip(tr("Edit, test or remove saved connections"));
    QAction *disconnectAction = file->addAction(tr("&Disconnect"), this, &MainWindow::disconnectCurrent);
    disconnectAction->setObjectName(QStringLiteral("disconnectAction"));
    disconnectAction->setToolTip(tr("Close the connection in front (its statistics history goes with it)"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setToolTip(tr("Close CacheScope (and disconnect)"));

    QMenu *view = menuBar()->addMenu(tr("&Keys"));
    QAction *find = view->addAction(tr("&Filter keys"), m_keyPanel, &KeyPanel::focusFilter);
    find->setShortcut(QKeySequence::Find);
    find->setToolTip(tr("Type a glob (shop:1:*) or text to narrow the key list"));
    QAction *reload = view->addAction(tr("&Reload"), m_keyPanel, &KeyPanel::startScan);
    reload->setObjectName(QStringLiteral("reloadAction"));
    reload->setShortcut(QKeySequence::Refresh);
    reload->setToolTip(tr("List the keys again from the server"));
    view->addAction(tr("&Stop listing"), m_keyPanel, &KeyPanel::stopScan)
        ->setToolTip(tr("Stop the running key listing; what was listed stays"));
    view->addSeparator();
    view->addAction(m_keyPanel->deleteAction());

    QMenu *invalidate = menuBar()->addMenu(tr("&Invalidate"));
    QAction *inv = invalidate->addAction(tr("&Invalidate…"), m_keyPanel, &KeyPanel::requestInvalidation);
    inv->setObjectName(QStringLiteral("invalidateAction"));
    inv->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    inv->setToolTip(tr("Preview, then delete or expire keys by selection, glob, namespace, prefix or page"));
    QAction *page = invalidate->addAction(tr("Invalidate a cached &page…"), this, [this] {
        InvalidationTarget target;
        target.kind = InvalidationTarget::Kind::Page;
        showInvalidation(target);
    });
    page->setObjectName(QStringLiteral("invalidatePageAction"));
    page->setToolTip(tr("Remove a URL's cache_header key and every cache_page variant of it"));
    invalidate->addSeparator();
    QAction *audit = invalidate->addAction(tr("&Audit log…"), this, &MainWindow::showAuditLog);
    audit->setObjectName(QStringLiteral("auditLogAction"));
    audit->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    audit->setToolTip(tr("Every delete, invalidation and TTL change made from CacheScope, newest first"));

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *stats = m_statsDock->toggleViewAction();
    stats->setObjectName(QStringLiteral("statsAction"));
    stats->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    stats->setToolTip(tr("Show or hide the live hit / miss / eviction charts"));
    viewMenu->addAction(stats);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About CacheScope"), this, &MainWindow::showAboutDialog);
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setToolTip(tr("Versions of CacheScope, Qt, hiredis, libmemcached and QCustomPlot"));
    for (QMenu *menu : {file, view, viewMenu, help})
        menu->setToolTipsVisible(true);
}

QWidget *MainWindow::buildConnectionList()
{
    m_connectionList = new QListWidget;
    m_connectionList->setObjectName(QStringLiteral("savedConnections"));
    m_connectionList->setUniformItemSizes(true);
    auto *connectButton = new QPushButton(tr("Connect"));
    connectButton->setObjectName(QStringLiteral("connectButton"));
    auto *newButton = new QPushButton(tr("New…"));
    newButton->setToolTip(tr("Add a connection (Ctrl+N)"));
    auto *editButton = new QPushButton(tr("Edit…"));
    connectButton->setToolTip(tr("Connect to the selected connection (Enter)"));
    editButton->setToolTip(tr("Edit, test or remove saved connections"));
    auto *panel = new QWidget;
    panel->setObjectName(QStringLiteral("connectionPanel"));
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 4);
    auto *title = new QLabel(tr("Connections"));
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    layout->addWidget(title);
    layout->addWidget(m_connectionList, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(connectButton);
    buttons->addWidget(newButton);
    buttons->addWidget(editButton);
    layout->addLayout(buttons);

    connect(connectButton, &QPushButton::clicked, this, &MainWindow::connectCurrentItem);
    connect(newButton, &QPushButton::clicked, this, [this] { showConnectionsDialog(true); });
    connect(editButton, &QPushButton::clicked, this, [this] { showConnectionsDialog(false); });
    connect(m_connectionList, &QListWidget::itemActivated, this, &MainWindow::connectCurrentItem);
    return panel;
}

void MainWindow::reloadConnectionList(const QString &select)
{
    const QString current = !select.isEmpty()                  ? select
                            : m_connectionList->currentItem() ? m_connectionList->currentItem()->data(IdRole).toString()
                                                              : m_settings.lastConnectionId();
    QStringList live;
    for (const auto &open : m_sessions)
        live.append(open->connection().id);
    m_connectionList->clear();
    for (const SavedConnection &c : std::as_const(m_connections)) {
        QString text = c.title() + QLatin1Char('\n') + c.spec.displayAddress();
        if (c.spec.readOnly)
            text += tr("  · read-only");
        if (c.production)
            text += tr("  · production");
        auto *item = new QListWidgetItem(text, m_connectionList);
        item->setData(IdRole, c.id);
        item->setToolTip(c.spec.toUrl(false));
        QFont f = item->font();
        f.setBold(live.contains(c.id)); // open (sampled); the one in front is selected
        item->setFont(f);
        if (c.id == current)
            m_connectionList->setCurrentItem(item);
    }
    updateWelcome();
}

void MainWindow::saveConnections()
{
    const auto saved = m_settings.saveConnections(m_connections);
    if (!saved)
        m_banner->showMessage(tr("Connections were not saved: %1").arg(saved.error().message));
}

void MainWindow::connectCurrentItem()
{
    if (QListWidgetItem *item = m_connectionList->currentItem())
        connectTo(item->data(IdRole).toString());
}

bool MainWindow::openUrl(const QString &url, const QString &name, bool connectNow)
{
    const auto spec = ConnectionSpec::parse(url);
    if (!spec) {
        m_banner->showMessage(tr("Cannot connect: %1").arg(spec.error().message));
        return false;
    }
    ConnectionSpec withoutPassword = *spec;
    withoutPassword.password.clear();
    withoutPassword.sentinelPassword.clear();
    QString id;
    for (const SavedConnection &c : std::as_const(m_connections)) {
        if (c.spec.toUrl(false) == withoutPassword.toUrl(false) && (name.isEmpty() || c.name == name))
            id = c.id;
    }
    if (id.isEmpty()) {
        SavedConnection c = SavedConnection::create(name.isEmpty() ? spec->displayAddress() : name, withoutPassword);
        c.hasPassword = !spec->password.isEmpty();
        c.hasSentinelPassword = !spec->sentinelPassword.isEmpty();
        id = c.id;
        m_connections.append(c);
        saveConnections();
    }
    if (!spec->password.isEmpty())
        m_passwords->store(id, spec->password);
    if (!spec->sentinelPassword.isEmpty())
        m_passwords->store(PasswordStore::sentinelKey(id), spec->sentinelPassword);
    if (!connectNow) {
        reloadConnectionList(m_session ? m_session->connection().id : QString());
        return true;
    }
    reloadConnectionList(id);
    connectTo(id);
    return true;
}

ConnectionSession *MainWindow::openSession(const QString &connectionId) const
{
    for (const auto &s : m_sessions) {
        if (s->connection().id == connectionId)
            return s.get();
    }
    return nullptr;
}

QList<ConnectionSession *> MainWindow::openSessions() const
{
    QList<ConnectionSession *> list;
    for (const auto &s : m_sessions)
        list.append(s.get());
    return list;
}

void MainWindow::connectTo(const QString &connectionId, bool reconnect)
{
    ConnectionSession *open = openSession(connectionId);
    if (open && !reconnect && open->state() != ConnectionSession::State::Failed) {
        m_pendingConnectId.clear();
        m_settings.setLastConnectionId(connectionId);
        showSession(open);
        return;
    }
    const auto it = std::find_if(m_connections.cbegin(), m_connections.cend(),
                                 [&](const SavedConnection &c) { return c.id == connectionId; });
    if (it == m_connections.cend())
        return;
    const SavedConnection connection = *it;
    m_pendingConnectId = connectionId;
    m_settings.setLastConnectionId(connectionId);
    m_serverLabel->setText(tr("Connecting to %1…").arg(connection.spec.displayAddress()));
    startWithPasswords(connection);
}

void MainWindow::startSession(const SavedConnection &connection, const QString &passwordNote)
{
    if (ConnectionSession *old = openSession(connection.id))
        closeSession(old); // a reconnect starts afresh
    m_sessions.push_back(std::make_unique<ConnectionSession>(connection));
    ConnectionSession *s = m_sessions.back().get();
    connect(s, &ConnectionSession::opened, this, [this, s](const ServerInfo &) {
        s->setInfoInterval(InfoIntervalMs);
        if (s != m_session)
            return; // opened behind the one in front: scanned when shown
        m_banner->hide();
        m_keyPanel->startScan();
    });
    connect(s, &ConnectionSession::reconnected, this, [this, s] {
        if (s == m_session)
            m_banner->hide();
    });
    connect(s, &ConnectionSession::failed, this, [this, s, passwordNote](const Error &error) {
        if (s != m_session)
            return; // the overview shows it
        QString text = tr("%1: %2").arg(s->connection().title(), error.message);
        if (error.kind == ErrorKind::Auth && !s->connection().spec.password.isEmpty())
            text += tr("\nCheck the password in Edit….");
        else if (error.kind == ErrorKind::Auth)
            text += tr("\nNo password is known for this connection: enter it in Edit….");
        if (!passwordNote.isEmpty())
            text += QLatin1Char('\n') + passwordNote;
        m_banner->showMessage(text, ErrorBanner::Level::Error, tr("Retry"));
        m_serverLabel->setText(tr("Disconnected from %1").arg(s->connection().spec.displayAddress()));
    });
    connect(s, &ConnectionSession::infoChanged, this, [this, s](const ServerInfo &info) {
        if (s == m_session)
            showServerInfo(info);
    });
    connect(s, &ConnectionSession::failedOver, this, [this, s](const QString &notice) {
        if (s == m_session)
            statusBar()->showMessage(notice, 30000); // the server label returns after it
    });
    s->open();
    m_statsHub->monitorFor(s); // sampled from now on, whichever connection is in front
    showSession(s);
}

void MainWindow::showSession(ConnectionSession *s)
{
    if (s == m_session)
        return;
    m_keyPanel->setSession(nullptr);
    m_valuePanel->setSession(nullptr);
    m_serverPanel->setSession(nullptr);
    m_session = s;
    m_dashboard->setSession(s);
    m_overview->setCurrent(s);
    m_banner->hide();
    if (!s) {
        setWindowTitle(tr("CacheScope"));
        m_serverLabel->setText(tr("Not connected"));
        for (QLabel *l : {m_versionLabel, m_dbSizeLabel, m_rttLabel})
            l->clear();
        reloadConnectionList();
        return;
    }
    setWindowTitle(tr("%1 — CacheScope").arg(s->connection().title()));
    m_keyPanel->setSession(s);
    m_valuePanel->setSession(s);
    m_serverPanel->setSession(s);
    if (s->state() == ConnectionSession::State::Connected) {
        showServerInfo(s->info());
        m_keyPanel->startScan();
    } else if (s->state() == ConnectionSession::State::Failed) {
        m_banner->showMessage(tr("%1: %2").arg(s->connection().title(), s->lastError().message),
                              ErrorBanner::Level::Error, tr("Retry"));
    }
    if (m_invalidation && !m_invalidation->isRunning())
        m_invalidation->setSession(s); // a running job stays with its own connection
    reloadConnectionList(s->connection().id);
}

void MainWindow::closeSession(ConnectionSession *session)
{
    const auto it = std::find_if(m_sessions.begin(), m_sessions.end(),
                                 [session](const auto &s) { return s.get() == session; });
    if (it == m_sessions.end())
        return;
    if (session == m_session)
        showSession(nullptr);
    if (m_invalidation && m_invalidation->session() == session)
        m_invalidation->setSession(nullptr); // a job still running there ends as failed
    m_sessions.erase(it); // its monitor goes with it (StatsHub)
}

void MainWindow::disconnectCurrent()
{
    if (!m_session)
        return;
    closeSession(m_session);
    if (!m_sessions.empty())
        showSession(m_sessions.back().get());
    else
        reloadConnectionList();
}

void MainWindow::restoreStatsView()
{
    const StatsViewSettings view = m_settings.statsView();
    m_dashboard->setThreshold(view.thresholdPercent);
    m_dashboard->setWindow(StatsDashboard::Window(view.window));
    m_dashboard->setInterval(view.intervalMs);
    m_overview->setThreshold(view.thresholdPercent);
}

void MainWindow::showServerInfo(const ServerInfo &info)
{
    if (!m_session)
        return;
    const ConnectionSpec &spec = m_session->connection().spec;
    // Sentinel: the master in use, which changes with a failover, not the Sentinels' list.
    const QString where = spec.topology == RedisTopology::Sentinel && !info.address.isEmpty()
                              ? tr("%1 (master of %2)").arg(info.address, spec.sentinelService)
                              : spec.displayAddress();
    QString server = tr("%1 at %2").arg(info.product.isEmpty() ? QStringLiteral("Redis") : info.product, where);
    if (m_session->isReadOnly())
        server += tr(" (read-only)");
    m_serverLabel->setText(server);
    const QString product = info.product.isEmpty() ? QStringLiteral("Redis") : info.product;
    m_versionLabel->setText(info.mode.isEmpty() ? tr("%1 %2").arg(product, info.version)
                                                : tr("%1 %2 (%3)").arg(product, info.version, info.mode));
    m_dbSizeLabel->setText(info.dbSize >= 0 ? tr("%1 keys").arg(formatCount(info.dbSize)) : QString());
    m_rttLabel->setText(tr("RTT %1").arg(formatMs(info.roundTripMs)));
}

void MainWindow::showConnectionsDialog(bool addNew)
{
    auto *dialog = new ConnectionsDialog(m_connections, m_passwords, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (addNew)
        dialog->addConnection();
    else if (QListWidgetItem *item = m_connectionList->currentItem())
        dialog->selectConnection(item->data(IdRole).toString());
    connect(dialog, &QDialog::accepted, this, [this, dialog, addNew] {
        const QList<SavedConnection> before = m_connections;
        m_connections = dialog->connections();
        saveConnections();
        const QString chosen = dialog->currentId();
        reloadConnectionList(chosen);
        if (addNew && !chosen.isEmpty()) {
            connectTo(chosen);
        } else if (m_session) {
            // Reconnect when the live connection's settings changed.
            const QString live = m_session->connection().id;
            const auto find = [&live](const QList<SavedConnection> &list) -> const SavedConnection * {
                for (const SavedConnection &c : list)
                    if (c.id == live)
                        return &c;
                return nullptr;
            };
            const SavedConnection *now = find(m_connections);
            const SavedConnection *was = find(before);
            if (now && was && (now->spec.toUrl() != was->spec.toUrl() || now->separator != was->separator || now->serializer != was->serializer ||
                               now->memcachedClient != was->memcachedClient ||
                               now->spec.password != was->spec.password || now->hasPassword != was->hasPassword ||
                               now->spec.sentinelPassword != was->spec.sentinelPassword ||
                               now->hasSentinelPassword != was->hasSentinelPassword ||
                               now->production != was->production))
                connectTo(live, true);
        }
    });
    dialog->open();
}

void MainWindow::restoreLayout()
{
    const auto ui = m_settings.uiSettings();
    if (!restoreGeometry(ui->value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1400, 860);
    if (!m_splitter->restoreState(ui->value(QStringLiteral("window/splitter")).toByteArray()))
        m_splitter->setSizes({230, 640, 530});
    if (!restoreState(ui->value(QStringLiteral("window/docks")).toByteArray()))
        resizeDocks({m_statsDock}, {height() / 2}, Qt::Vertical);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_statsHiddenByWelcome)
        m_statsDock->show();   // saved as the user left it, not as the welcome screen did
    const auto ui = m_settings.uiSettings();
    ui->setValue(QStringLiteral("window/geometry"), saveGeometry());
    ui->setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    ui->setValue(QStringLiteral("window/docks"), saveState());
    QMainWindow::closeEvent(event);
}

} // namespace cachescope

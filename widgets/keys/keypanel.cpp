#include "keypanel.h"

#include "common/errorbanner.h"
#include "common/format.h"
#include "core/keyescape.h"
#include "deleteconfirmation.h"
#include "invalidation/auditrecorder.h"
#include "invalidation/invalidationmenu.h"
#include "model/keytreemodel.h"
#include "session/connectionsession.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHideEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QShowEvent>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>

namespace cachescope {

namespace {

constexpr int MetaDebounceMs = 100;
constexpr int FilterDebounceMs = 150;
constexpr int MaxMetaRows = 400;
constexpr qint64 ExpandAllBelow = 300;

} // namespace

QString KeyPanel::readOnlyReason()
{
    return tr("This connection is read-only (see its settings): deleting keys and changing TTLs are "
              "disabled.");
}

KeyPanel::KeyPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("keyPanel"));
    m_model = new KeyTreeModel(this);
    m_banner = new ErrorBanner(this);

    m_view = new QTreeView;
    m_view->setObjectName(QStringLiteral("keyView"));
    m_view->setUniformRowHeights(true);   // essential with a million rows
    m_view->setModel(m_model);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->setAllColumnsShowFocus(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->header()->setSortIndicator(KeyTreeModel::KeyColumn, Qt::AscendingOrder);
    m_view->setSortingEnabled(true);
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(KeyTreeModel::KeyColumn, QHeaderView::Stretch);
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));
    header->resizeSection(KeyTreeModel::TypeColumn, em * 5);
    header->resizeSection(KeyTreeModel::TtlColumn, em * 7);
    header->resizeSection(KeyTreeModel::SizeColumn, em * 6);
    header->resizeSection(KeyTreeModel::ServerColumn, em * 11);
    header->resizeSection(KeyTreeModel::LastAccessColumn, em * 7);
    header->resizeSection(KeyTreeModel::SlabColumn, em * 3);
    header->resizeSection(KeyTreeModel::FetchedColumn, em * 5);
    showColumnsFor(BackendKind::Redis);
    m_view->viewport()->installEventFilter(this);

    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("scanProgress"));
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(fontMetrics().height());
    m_progressStop = new QToolButton;
    m_progressStop->setAutoRaise(true);
    m_progressStop->setIcon(style()->standardIcon(QStyle::SP_BrowserStop));
    m_progressStop->setToolTip(tr("Stop listing keys (the keys loaded so far stay)"));
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("scanStatus"));
    m_status->setTextFormat(Qt::PlainText);

    buildToolbar();

    auto *statusRow = new QHBoxLayout;
    statusRow->setContentsMargins(4, 0, 4, 0);
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_progress, 1);
    statusRow->addWidget(m_progressStop);

    auto *layout = qobject_cast<QVBoxLayout *>(this->layout());
    layout->addWidget(m_banner);
    layout->addWidget(m_view, 1);
    layout->addLayout(statusRow);

    m_metaTimer.setSingleShot(true);
    m_metaTimer.setInterval(MetaDebounceMs);
    connect(&m_metaTimer, &QTimer::timeout, this, &KeyPanel::fetchVisibleMeta);
    m_filterTimer.setSingleShot(true);
    m_filterTimer.setInterval(FilterDebounceMs);
    connect(&m_filterTimer, &QTimer::timeout, this, [this] { m_model->setFilter(m_filter->text()); });
    // TTL cells compute the time left when painted: a plain repaint moves every countdown on
    // screen without a dataChanged per row.
    m_tickTimer.setInterval(1000);
    connect(&m_tickTimer, &QTimer::timeout, this, [this] { m_view->viewport()->update(); });

    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, [this] { scheduleMeta(true); });
    connect(m_view, &QTreeView::expanded, this, [this] { scheduleMeta(true); });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] { scheduleMeta(false); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { scheduleMeta(false); });
    connect(m_model, &QAbstractItemModel::layoutChanged, this, [this] { scheduleMeta(false); });
    connect(m_model, &KeyTreeModel::filterApplied, this, [this](qint64 visible) {
        if (!m_filter->text().isEmpty() && visible <= ExpandAllBelow)
            m_view->expandAll();
        updateStatus();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                const QByteArray key = current.data(KeyTreeModel::RawKeyRole).toByteArray();
                if (!current.data(KeyTreeModel::IsNamespaceRole).toBool() && !key.isNull())
                    Q_EMIT keySelected(key);
            });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &KeyPanel::updateActions);
    connect(m_view, &QWidget::customContextMenuRequested, this, &KeyPanel::showContextMenu);
    connect(m_progressStop, &QToolButton::clicked, this, &KeyPanel::stopScan);
    connect(m_banner, &ErrorBanner::actionTriggered, this, &KeyPanel::startScan);   // its action: Retry
    updateStatus();
    updateActions();
}

KeyPanel::~KeyPanel() = default;

void KeyPanel::buildToolbar()
{
    auto *bar = new QToolBar;
    bar->setIconSize(QSize(16, 16));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_match = new QLineEdit;
    m_match->setObjectName(QStringLiteral("matchEdit"));
    m_match->setPlaceholderText(tr("Server-side MATCH, e.g. myapp:1:*"));
    m_match->setToolTip(tr("Glob pattern the server applies while scanning (Redis SCAN MATCH). Enter scans."));
    m_match->setClearButtonEnabled(true);
    m_scanAction = new QAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Scan"), this);
    m_scanAction->setObjectName(QStringLiteral("scanAction"));
    m_scanAction->setToolTip(tr("List the keys again (F5)"));
    m_stopAction = new QAction(style()->standardIcon(QStyle::SP_BrowserStop), tr("Stop"), this);
    m_stopAction->setToolTip(tr("Stop listing keys"));
    m_treeAction = new QAction(tr("Tree"), this);
    m_treeAction->setCheckable(true);
    m_treeAction->setChecked(true);
    m_treeAction->setToolTip(tr("Group keys into namespaces at the separator; off shows a flat list"));
    m_filter = new QLineEdit;
    m_filter->setObjectName(QStringLiteral("filterEdit"));
    m_filter->setPlaceholderText(tr("Filter loaded keys (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_deleteAction = new QAction(style()->standardIcon(QStyle::SP_TrashIcon), tr("Delete…"), this);
    m_deleteAction->setObjectName(QStringLiteral("deleteKeysAction"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_deleteAction->setShortcutContext(Qt::WidgetShortcut);   // Delete in the filter field edits text
    m_deleteAction->setToolTip(tr("Delete the selected keys from the server (asks first)"));
    m_view->addAction(m_deleteAction);
    m_copyAction = new QAction(tr("Copy key names"), this);
    m_copyAction->setShortcut(QKeySequence::Copy);
    m_copyAction->setShortcutContext(Qt::WidgetShortcut);
    m_view->addAction(m_copyAction);

    bar->addWidget(m_match);
    bar->addAction(m_scanAction);
    bar->addAction(m_stopAction);
    bar->addSeparator();
    bar->addAction(m_treeAction);
    bar->addWidget(m_filter);
    bar->addAction(m_deleteAction);
    m_invalidateAction = new QAction(tr("Invalidate…"), this);
    m_invalidateAction->setObjectName(QStringLiteral("keyPanelInvalidateAction"));
    m_invalidateAction->setToolTip(tr("Preview, then delete or expire the selected keys or a pattern, namespace, "
                                      "prefix or cached page (Ctrl+Shift+D)"));
    bar->addAction(m_invalidateAction);
    connect(m_invalidateAction, &QAction::triggered, this, &KeyPanel::requestInvalidation);
    m_removeExpiredAction = new QAction(tr("Remove expired rows…"), this);
    m_removeExpiredAction->setObjectName(QStringLiteral("removeExpiredAction"));
    m_removeExpiredAction->setVisible(false);
    bar->addAction(m_removeExpiredAction);
    connect(m_removeExpiredAction, &QAction::triggered, this, &KeyPanel::removeExpired);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 4);
    layout->setSpacing(2);
    layout->addWidget(bar);

    connect(m_match, &QLineEdit::returnPressed, this, &KeyPanel::startScan);
    connect(m_scanAction, &QAction::triggered, this, &KeyPanel::startScan);
    connect(m_stopAction, &QAction::triggered, this, &KeyPanel::stopScan);
    connect(m_treeAction, &QAction::toggled, this, [this](bool tree) {
        m_model->setMode(tree ? KeyTreeModel::Mode::Tree : KeyTreeModel::Mode::Flat);
    });
    connect(m_filter, &QLineEdit::textChanged, this, [this] { m_filterTimer.start(); });
    connect(m_deleteAction, &QAction::triggered, this, &KeyPanel::deleteSelected);
    connect(m_copyAction, &QAction::triggered, this, [this] {
        QStringList names;
        for (const QByteArray &k : selectedKeys())
            names.append(escapeKey(k));
        QApplication::clipboard()->setText(names.join(QLatin1Char('\n')));
    });
}

void KeyPanel::setSession(ConnectionSession *session)
{
    if (m_session && m_session->connector())
        m_session->connector()->disconnect(this);
    m_session = session;
    m_scanId = m_metaId = 0;
    m_metaAgain = false;
    m_refreshIds.clear();
    m_deletes.clear();
    m_haveSummary = false;
    m_lastNote.clear();
    m_banner->hide();
    m_model->clear();
    m_removeExpiredId = 0;
    if (session) {
        showColumnsFor(session->connection().spec.backend);
        m_model->setSeparator(session->connection().separator);
        if (Connector *c = session->connector()) {
            connect(c, &Connector::keysFound, this, &KeyPanel::onKeysFound);
            connect(c, &Connector::scanFinished, this, &KeyPanel::onScanFinished);
            connect(c, &Connector::metaReady, this, &KeyPanel::onMetaReady);
            connect(c, &Connector::keysDeleted, this, &KeyPanel::onKeysDeleted);
            connect(c, &Connector::requestFailed, this, &KeyPanel::onRequestFailed);
        }
    }
    updateStatus();
    updateActions();
}

void KeyPanel::startScan()
{
    if (!m_session || !m_session->host() || m_session->state() != ConnectionSession::State::Connected)
        return;
    if (m_scanId)
        m_session->host()->stopScan(m_scanId);
    m_banner->hide();
    m_model->clear();
    m_metaId = 0;   // answers for the old list are stale now
    m_scanned = 0;
    m_haveSummary = false;
    m_lastNote.clear();
    ScanRequest request;
    request.match = m_match->text().trimmed().toUtf8();
    request.count = 0; // the connector's page size: the URL's scan_count, or its backend's own
    m_scanId = m_session->host()->scanKeys(request);
    m_session->refreshInfo();   // a fresh DBSIZE for the progress bar
    updateStatus();
    updateActions();
}

void KeyPanel::stopScan()
{
    if (m_scanId && m_session && m_session->host())
        m_session->host()->stopScan(m_scanId);
}

void KeyPanel::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void KeyPanel::setFilterText(const QString &text)
{
    m_filter->setText(text);
}

void KeyPanel::onKeysFound(quint64 id, const KeyBatch &batch, qint64 keysSoFar)
{
    if (id != m_scanId)
        return;
    m_model->appendBatch(batch);
    m_scanned = keysSoFar;
    updateStatus();
}

void KeyPanel::onScanFinished(quint64 id, const ScanSummary &summary)
{
    if (id != m_scanId)
        return;
    m_scanId = 0;
    m_lastSummary = summary;
    m_haveSummary = true;
    m_model->resort();
    updateStatus();
    updateActions();
    scheduleMeta(false);
    Q_EMIT scanFinished(summary);
}

void KeyPanel::scheduleMeta(bool restart)
{
    if (restart || !m_metaTimer.isActive())
        m_metaTimer.start();
}

void KeyPanel::fetchVisibleMeta()
{
    if (!m_session || !m_session->host())
        return;
    if (m_metaId) {
        m_metaAgain = true;   // one request in flight at a time; look again when it answers
        return;
    }
    QModelIndexList rows;
    const int bottom = m_view->viewport()->height();
    for (QModelIndex i = m_view->indexAt(QPoint(1, 1)); i.isValid() && rows.size() < MaxMetaRows;
         i = m_view->indexBelow(i)) {
        if (m_view->visualRect(i).top() > bottom)
            break;
        rows.append(i);
    }
    const QList<QByteArray> keys = m_model->keysWithoutMeta(rows);
    if (!keys.isEmpty())
        m_metaId = m_session->host()->fetchMeta(keys);
}

void KeyPanel::onMetaReady(quint64 id, const QList<KeyMeta> &meta)
{
    if (m_refreshIds.removeOne(id)) {
        m_model->applyMeta(meta);
        return;
    }
    if (id != m_metaId)
        return;
    m_metaId = 0;
    m_model->applyMeta(meta);
    if (std::exchange(m_metaAgain, false))
        scheduleMeta(false);
}

void KeyPanel::refreshMeta(const QByteArray &key)
{
    if (m_session && m_session->host())
        m_refreshIds.append(m_session->host()->fetchMeta({key}));
}

QList<QByteArray> KeyPanel::selectedKeys() const
{
    QList<QByteArray> keys;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows(KeyTreeModel::KeyColumn);
    for (const QModelIndex &row : rows) {
        const QByteArray key = row.data(KeyTreeModel::RawKeyRole).toByteArray();
        if (!row.data(KeyTreeModel::IsNamespaceRole).toBool() && !key.isNull())
            keys.append(key);
    }
    return keys;
}

void KeyPanel::onRequestFailed(quint64 id, const Error &error)
{
    if (id == m_scanId) {
        m_banner->showMessage(tr("Listing keys stopped: %1\nThe keys loaded so far are shown; retry to list "
                                 "them again.").arg(error.message), ErrorBanner::Level::Error, tr("Retry"));
    } else if (id == m_metaId) {
        m_metaId = 0;   // TTL/type/size stay blank; the next scroll asks again
    } else if (m_deletes.contains(id)) {
        const PendingDelete pending = m_deletes.take(id);
        const qsizetype n = pending.keys.size();
        m_banner->showMessage(tr("%1 key(s) were not deleted: %2").arg(n).arg(error.message));
        audit({QStringLiteral("delete"), describeKeysTarget(pending.keys), 0, pending.started.elapsed(),
               error.kind == ErrorKind::ReadOnly ? QStringLiteral("refused") : QStringLiteral("failed"), error.message,
               pending.keys});
    } else if (id != 0 && id == m_removeExpiredId) {
        m_removeExpiredId = 0;
        audit({QStringLiteral("remove-expired"), tr("expired rows"), 0, m_removeExpiredStarted.elapsed(),
               QStringLiteral("failed"), error.message, {}});
        m_banner->showMessage(tr("Expired rows were not removed: %1").arg(error.message));
    }
}

void KeyPanel::showError(const QString &message)
{
    m_banner->showMessage(message);
}

void KeyPanel::updateStatus()
{
    const bool scanning = m_scanId != 0;
    m_progress->setVisible(scanning);
    m_progressStop->setVisible(scanning);
    const qint64 loaded = m_model->keyCount();
    const qint64 total = m_session ? m_session->info().dbSize : -1;
    const bool matching = !m_match->text().trimmed().isEmpty();
    QString text;
    if (!m_session) {
        text = tr("Not connected");
    } else if (scanning) {
        if (matching || total <= 0) {
            m_progress->setRange(0, 0);
            text = tr("loaded %1 matching keys…").arg(formatCount(loaded));
        } else {
            m_progress->setRange(0, 1000);
            m_progress->setValue(int(qMin<qint64>(1000, loaded * 1000 / total)));
            text = tr("loaded %1 / %2 (DBSIZE)").arg(formatCount(loaded), formatCount(total));
        }
    } else if (m_haveSummary) {
        text = tr("%1 keys loaded in %2 s").arg(formatCount(loaded)).arg(m_lastSummary.elapsedMs / 1000.0, 0, 'f', 1);
        if (!m_lastSummary.complete)
            text += tr(" (stopped before the end; F5 lists again)");
    } else {
        text = tr("%1 keys loaded").arg(formatCount(loaded));
    }
    if (!m_filter->text().isEmpty())
        text += tr(" · %1 match the filter").arg(formatCount(m_model->visibleKeyCount()));
    if (!m_lastNote.isEmpty())
        text += QStringLiteral(" · ") + m_lastNote;
    m_status->setText(text);
}

void KeyPanel::updateActions()
{
    const bool connected = m_session && m_session->state() == ConnectionSession::State::Connected;
    const bool readOnly = m_session && m_session->isReadOnly();
    m_scanAction->setEnabled(connected);
    m_stopAction->setEnabled(m_scanId != 0);
    m_deleteAction->setEnabled(connected && !readOnly && !m_view->selectionModel()->selectedRows().isEmpty());
    m_deleteAction->setToolTip(readOnly ? readOnlyReason() : tr("Delete the selected keys (Del)"));
    const bool dbTable = m_session && m_session->connection().spec.backend == BackendKind::DbCache;
    m_removeExpiredAction->setVisible(dbTable);
    m_removeExpiredAction->setEnabled(dbTable && connected && !readOnly);
    m_removeExpiredAction->setToolTip(
        readOnly ? readOnlyReason() : tr("Delete the rows already past their expiry, then list again"));
}

bool KeyPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        scheduleMeta(true);
    return QWidget::eventFilter(watched, event);
}

void KeyPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_tickTimer.start();
}

void KeyPanel::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_tickTimer.stop();
}

void KeyPanel::showColumnsFor(BackendKind backend)
{
    m_model->setBackend(backend);
    const QList<int> shown = KeyTreeModel::columnsFor(backend);
    QHeaderView *header = m_view->header();
    for (int c = 0; c < KeyTreeModel::ColumnCount; ++c)
        header->setSectionHidden(c, !shown.contains(c));
    // Visual order as columnsFor lists them (memcached: server right after the key).
    for (int visual = 0; visual < shown.size(); ++visual)
        header->moveSection(header->visualIndex(shown.at(visual)), visual);
    // Only Redis filters on the server; the others list everything and match here.
    // (The constructor calls this before the toolbar exists; its own text is Redis's.)
    if (!m_match)
        return;
    switch (backend) {
    case BackendKind::Redis:
        m_match->setPlaceholderText(tr("Server-side MATCH, e.g. myapp:1:*"));
        m_match->setToolTip(tr("Glob pattern the server applies while scanning (Redis SCAN MATCH). Enter scans."));
        break;
    case BackendKind::Memcached:
        m_match->setPlaceholderText(tr("Listing glob, e.g. myapp:1:*"));
        m_match->setToolTip(tr("Glob pattern (Redis MATCH rules) applied to the metadump listing of every "
                               "server. Enter lists again."));
        break;
    case BackendKind::DbCache:
        m_match->setPlaceholderText(tr("Key glob, e.g. myapp:1:*"));
        m_match->setToolTip(tr("Glob pattern (Redis MATCH rules), run as SQL LIKE on cache_key. Enter lists "
                               "again."));
        break;
    }
}

} // namespace cachescope

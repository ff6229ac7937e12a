#pragma once
// The centre panel: lists the keys of the current connection.
//
// Requests and their ids (all answers arrive as queued signals from the connector
// thread; an answer whose id is not the one we wait for is stale and dropped):
//   scan      ConnectorHost::scanKeys -> keysFound (batches into the model) -> scanFinished
//   meta      rows on screen, debounced 100 ms after scroll / expand / resize, one request in
//             flight at a time -> metaReady -> model->applyMeta
//   delete    confirmation naming the keys -> deleteKeys -> keysDeleted -> model->removeKeys
//             (and one audit log entry per delete / remove-expired, outcome included)
// Invalidation (namespaces, prefixes, patterns) is not run here: the context menu and the
// Invalidate action only say what to invalidate (invalidateRequested); the main window's
// InvalidationDialog previews and runs it.

#include "core/connectionspec.h"
#include "core/error.h"
#include "core/keybatch.h"
#include "core/keytypes.h"
#include "invalidation/auditrecorder.h"
#include "ops/invalidationplanner.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QProgressBar;
class QToolButton;
class QTreeView;

namespace cachescope {

class ConnectionSession;
class ErrorBanner;
class KeyTreeModel;

class KeyPanel : public QWidget
{
    Q_OBJECT
public:
    explicit KeyPanel(QWidget *parent = nullptr);
    ~KeyPanel() override;

    // Clears the list; the scan starts with startScan() once the session is open.
    void setSession(ConnectionSession *session);
    void startScan();
    void stopScan();
    bool isScanning() const { return m_scanId != 0; }
    void focusFilter();
    // Puts text in the filter field (applied after the usual debounce).
    void setFilterText(const QString &text);
    // Asks for confirmation, then deletes; the model loses them once the server confirms.
    void deleteKeys(const QList<QByteArray> &keys);
    void deleteSelected();
    // Re-reads type / TTL / size of one key (after its TTL was edited).
    void refreshMeta(const QByteArray &key);
    void showError(const QString &message);

    QList<QByteArray> selectedKeys() const;
    KeyTreeModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QAction *deleteAction() const { return m_deleteAction; }
    QAction *scanAction() const { return m_scanAction; }
    // "Invalidate…": the selected keys, else the MATCH text as a glob.
    QAction *invalidateAction() const { return m_invalidateAction; }
    void requestInvalidation();
    // DB cache table only: deletes rows already past their expiry (after a confirmation,
    // window-modal QMessageBox "confirmRemoveExpired"), then lists the keys again.
    QAction *removeExpiredAction() const { return m_removeExpiredAction; }
    void removeExpired();

Q_SIGNALS:
    void keySelected(const QByteArray &key);
    void keysRemoved(const QList<QByteArray> &keys);
    void scanFinished(const cachescope::ScanSummary &summary);
    void invalidateRequested(const cachescope::InvalidationTarget &target);
    // A write was appended to the audit log (the audit view refreshes).
    void auditWritten();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    // Why the write actions are greyed out (tooltip and banner text).
    static QString readOnlyReason();
    void buildToolbar();
    void showColumnsFor(BackendKind backend);
    void onKeysFound(quint64 id, const KeyBatch &batch, qint64 keysSoFar);
    void onScanFinished(quint64 id, const ScanSummary &summary);
    void onMetaReady(quint64 id, const QList<KeyMeta> &meta);
    void onKeysDeleted(quint64 id, qint64 deleted, qint64 requested);
    void onRequestFailed(quint64 id, const Error &error);
    void scheduleMeta(bool restart);
    void fetchVisibleMeta();
    void updateStatus();
    void updateActions();
    void showContextMenu(const QPoint &pos);

    QPointer<ConnectionSession> m_session;
    KeyTreeModel *m_model = nullptr;
    quint64 m_scanId = 0;
    quint64 m_metaId = 0;
    bool m_metaAgain = false;
    QList<quint64> m_refreshIds;
    struct PendingDelete
    {
        QList<QByteArray> keys;
        QElapsedTimer started;
    };
    void audit(const GuiWrite &write);
    QHash<quint64, PendingDelete> m_deletes;
    qint64 m_scanned = 0;
    ScanSummary m_lastSummary;
    bool m_haveSummary = false;
    QString m_lastNote;
    QTimer m_metaTimer;
    QTimer m_filterTimer;
    QTimer m_tickTimer; // repaints the view once a second while shown, so TTLs count down

    ErrorBanner *m_banner = nullptr;
    QLineEdit *m_match = nullptr;
    QLineEdit *m_filter = nullptr;
    QAction *m_scanAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_treeAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_copyAction = nullptr;
    QAction *m_removeExpiredAction = nullptr;
    quint64 m_removeExpiredId = 0;
    QElapsedTimer m_removeExpiredStarted;
    QAction *m_invalidateAction = nullptr;
    QTreeView *m_view = nullptr;
    QProgressBar *m_progress = nullptr;
    QToolButton *m_progressStop = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace cachescope

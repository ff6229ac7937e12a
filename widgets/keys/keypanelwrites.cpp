// KeyPanel's writes: deleting keys, removing expired rows, the context menu that leads to
// invalidation, and the audit entry each write leaves.
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

void KeyPanel::deleteSelected()
{
    const QList<QByteArray> keys = selectedKeys();
    if (keys.isEmpty()) {
        if (!m_view->selectionModel()->selectedRows().isEmpty())
            m_banner->showMessage(tr("Namespaces are not deleted from here: expand them and select the keys to "
                                     "delete."), ErrorBanner::Level::Info);
        return;
    }
    deleteKeys(keys);
}

void KeyPanel::deleteKeys(const QList<QByteArray> &keys)
{
    if (!m_session || !m_session->host() || keys.isEmpty())
        return;
    if (m_session->isReadOnly()) {
        m_banner->showMessage(readOnlyReason(), ErrorBanner::Level::Warning);
        return;
    }
    QPointer<ConnectionSession> session = m_session;
    confirmDeletion(this, keys, session->connection().title(), [this, session, keys] {
        if (session && session == m_session && session->host()) {
            PendingDelete pending{keys, {}};
            pending.started.start();
            m_deletes.insert(session->host()->deleteKeys(keys), pending);
        }
    });
}

void KeyPanel::removeExpired()
{
    if (!m_session || !m_session->host() || m_session->connection().spec.backend != BackendKind::DbCache)
        return;
    if (m_session->isReadOnly()) {
        m_banner->showMessage(readOnlyReason(), ErrorBanner::Level::Warning);
        return;
    }
    QPointer<ConnectionSession> session = m_session;
    confirmRemoveExpired(this, session->connection().spec.displayAddress(), [this, session] {
        if (session && session == m_session && session->host()) {
            m_removeExpiredStarted.start();
            m_removeExpiredId = session->host()->removeExpired();
        }
    });
}

void KeyPanel::onKeysDeleted(quint64 id, qint64 deleted, qint64 requested)
{
    if (id != 0 && id == m_removeExpiredId) {
        m_removeExpiredId = 0;
        audit({QStringLiteral("remove-expired"), tr("expired rows"), deleted, m_removeExpiredStarted.elapsed(),
               QStringLiteral("completed"), {}, {}});
        startScan(); // clears the note; set it after
        m_lastNote = tr("removed %1 expired row(s)").arg(formatCount(deleted));
        updateStatus();
        return;
    }
    const auto it = m_deletes.constFind(id);
    if (it == m_deletes.constEnd())
        return;
    const QList<QByteArray> keys = it->keys;
    const qint64 durationMs = it->started.elapsed();
    m_deletes.erase(it);
    audit({QStringLiteral("delete"), describeKeysTarget(keys), deleted, durationMs, QStringLiteral("completed"), {}, keys});
    // Keys that were already gone are gone too: all of them leave the list.
    m_model->removeKeys(keys);
    m_lastNote = deleted == requested ? tr("deleted %1 key(s)").arg(formatCount(deleted))
                                      : tr("deleted %1 of %2 keys (the others were already gone)")
                                            .arg(formatCount(deleted), formatCount(requested));
    updateStatus();
    if (m_session)
        m_session->refreshInfo();
    Q_EMIT keysRemoved(keys);
}

void KeyPanel::showContextMenu(const QPoint &pos)
{
    QMenu menu(this);
    menu.addAction(m_copyAction);
    menu.addSeparator();
    menu.addAction(m_deleteAction);
    menu.addSeparator();
    const QModelIndex at = m_view->indexAt(pos);
    const QByteArray key =
        at.data(KeyTreeModel::IsNamespaceRole).toBool() ? QByteArray() : at.data(KeyTreeModel::RawKeyRole).toByteArray();
    addKeyInvalidationActions(&menu, selectedKeys(), key,
                              [this](const InvalidationTarget &target) { Q_EMIT invalidateRequested(target); });
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

void KeyPanel::requestInvalidation()
{
    InvalidationTarget target;
    target.keys = selectedKeys();
    if (target.keys.isEmpty()) { // the MATCH glob, not the filter: that one is a substring search
        target.kind = InvalidationTarget::Kind::Pattern;
        target.pattern = m_match->text().trimmed().toUtf8();
    }
    Q_EMIT invalidateRequested(target);
}

void KeyPanel::audit(const GuiWrite &write)
{
    if (!m_session)
        return;
    const QString problem = recordGuiWrite(m_session->connection(), write);
    if (!problem.isEmpty())
        m_banner->showMessage(problem, ErrorBanner::Level::Warning);
    else
        Q_EMIT auditWritten();
}

} // namespace cachescope

// MainWindow's Invalidate menu: the invalidation window, what happens after a job (marker on
// the charts of the connection it ran on, key list brought up to date) and the Audit log window.
#include "mainwindow.h"

#include "charts/statshub.h"
#include "invalidation/auditlogdialog.h"
#include "invalidation/invalidationdialog.h"
#include "keys/keypanel.h"
#include "model/keytreemodel.h"
#include "ops/statsmonitor.h"
#include "session/connectionsession.h"
#include "values/valuepanel.h"

#include <QDateTime>

namespace cachescope {

InvalidationDialog *MainWindow::showInvalidation(const InvalidationTarget &target)
{
    if (!m_invalidation) {
        m_invalidation = new InvalidationDialog(this);
        m_invalidation->setSession(m_session);
        connect(m_invalidation, &InvalidationDialog::jobFinished, this, &MainWindow::onInvalidationFinished);
        connect(m_invalidation, &InvalidationDialog::auditWritten, this, &MainWindow::refreshAuditLog);
    } else if (!m_invalidation->isRunning() && m_invalidation->session() != m_session) {
        m_invalidation->setSession(m_session);
    }
    if (!m_invalidation->isRunning())
        m_invalidation->setTarget(target);
    m_invalidation->show();
    m_invalidation->raise();
    m_invalidation->activateWindow();
    return m_invalidation;
}

void MainWindow::onInvalidationFinished(const InvalidationJob &job, const InvalidationReport &report)
{
    ConnectionSession *session = m_invalidation->session();
    if (!session || report.counts.affected <= 0)
        return;
    OperationMarker marker;
    marker.timestampMs = QDateTime::currentMSecsSinceEpoch();
    marker.kind = OperationMarker::Kind::Invalidate;
    marker.label = tr("%1 %2").arg(invalidationActionName(job.action), job.description);
    marker.keyCount = report.counts.affected;
    if (report.outcome != InvalidationReport::Outcome::Completed)
        marker.detail = report.outcome == InvalidationReport::Outcome::Cancelled ? tr("cancelled") : report.error.message;
    // On the job's own connection's charts, also when another connection is in front now.
    if (StatsMonitor *monitor = m_statsHub->monitor(session))
        monitor->addMarker(marker);
    session->refreshInfo();
    if (session != m_session)
        return; // its key list is rebuilt when it comes to the front
    if (job.action == InvalidationJob::Action::Delete && !job.keys.isEmpty()) {
        // Explicit keys: they leave the list without a rescan (ones already gone go too).
        m_keyPanel->model()->removeKeys(job.keys);
        if (job.keys.contains(m_valuePanel->currentKey()))
            m_valuePanel->clear();
    } else if (job.action == InvalidationJob::Action::Bump) {
        for (const QByteArray &key : job.keys)
            m_keyPanel->refreshMeta(key);
    } else {
        // Pattern jobs: which loaded keys went is the server's answer; list again.
        m_valuePanel->clear();
        m_keyPanel->startScan();
    }
}

AuditLogDialog *MainWindow::showAuditLog()
{
    if (!m_audit)
        m_audit = new AuditLogDialog(this);
    else
        m_audit->refresh();
    m_audit->show();
    m_audit->raise();
    m_audit->activateWindow();
    return m_audit;
}

void MainWindow::refreshAuditLog()
{
    if (m_audit && m_audit->isVisible())
        m_audit->refresh();
}

} // namespace cachescope

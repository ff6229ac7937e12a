#pragma once
// The invalidation window: say what (InvalidationForm) → Preview (count, size, first keys)
// → Confirm (the plan in one sentence; on a production connection or past 1,000 keys the
// operator types the pattern or the connection's name) → Execute with progress (scanned,
// written, keys/s, ETA) and Cancel → a summary of exactly what was done.
//
// Non-modal and kept by the main window: closing it while a job runs only hides it; the
// job goes on and reopening shows its progress. Nothing here blocks: jobs run on the
// connector's thread through InvalidationRunner, answers are matched by request id.
// Every finished write job is appended to the audit log here (so the preview count is
// known) and announced with jobFinished() for chart markers and the key list.
// A read-only connection may preview; Execute stays disabled and says why.

#include "core/invalidationjob.h"
#include "ops/invalidationplanner.h"
#include "settings/savedconnection.h"

#include <QDialog>
#include <QPointer>

class QGroupBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace cachescope {

class ConnectionSession;
class InvalidationForm;
class InvalidationPreview;
class InvalidationRunner;

class InvalidationDialog : public QDialog
{
    Q_OBJECT
public:
    explicit InvalidationDialog(QWidget *parent = nullptr);

    void setSession(ConnectionSession *session);
    // Fills the form and drops any preview (a running job is left alone).
    void setTarget(const InvalidationTarget &target);
    void startPreview();
    void execute();
    void cancel();

    bool isRunning() const;
    ConnectionSession *session() const { return m_session; }
    InvalidationForm *form() const { return m_form; }
    InvalidationPreview *preview() const { return m_preview; }
    QString summaryText() const;
    QString planText() const;

Q_SIGNALS:
    // A write job ended (completed, cancelled or failed) on `connection`.
    void jobFinished(const cachescope::InvalidationJob &job, const cachescope::InvalidationReport &report);
    void auditWritten();

private:
    enum class Phase
    {
        Editing,    // no valid preview
        Previewing,
        Previewed,  // m_previewReport is the selection Execute will run on
        Running,
        Done
    };
    void onEdited();
    void onProgress(const InvalidationProgress &progress);
    void onFinished(const InvalidationJob &job, const InvalidationReport &report);
    void setPhase(Phase phase);
    void updateControls();
    void updateConnectionLabel();
    bool readOnly() const;
    qint64 expectedCount() const;

    QPointer<ConnectionSession> m_session;
    SavedConnection m_connection;
    InvalidationRunner *m_runner = nullptr;
    Phase m_phase = Phase::Editing;
    InvalidationTarget m_previewedTarget;
    int m_previewedRate = 0;
    InvalidationReport m_previewReport;

    QLabel *m_connectionLabel = nullptr;
    InvalidationForm *m_form = nullptr;
    QLabel *m_problem = nullptr;
    QPushButton *m_previewButton = nullptr;
    InvalidationPreview *m_preview = nullptr;
    QGroupBox *m_confirmBox = nullptr;
    QLabel *m_plan = nullptr;
    QLabel *m_typeHint = nullptr;
    QLineEdit *m_confirmEdit = nullptr;
    QPushButton *m_executeButton = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_progressText = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QLabel *m_summary = nullptr;
};

} // namespace cachescope

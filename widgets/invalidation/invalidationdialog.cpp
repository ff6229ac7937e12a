#include "invalidationdialog.h"

#include "auditrecorder.h"
#include "common/format.h"
#include "core/keyescape.h"
#include "invalidationform.h"
#include "invalidationpreview.h"
#include "invalidationrunner.h"
#include "invalidationtext.h"
#include "session/connectionsession.h"

#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace cachescope {

namespace {

constexpr int AuditSampleKeys = 20;

QLabel *wrappedLabel(const char *name)
{
    auto *label = new QLabel;
    label->setObjectName(QLatin1StringView(name));
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString readOnlyReason()
{
    return QObject::tr("This connection is read-only (see its settings): invalidation can preview but not run.");
}

} // namespace

InvalidationDialog::InvalidationDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("invalidationDialog"));
    setWindowTitle(tr("Invalidate — CacheScope"));
    setSizeGripEnabled(true);
    m_runner = new InvalidationRunner(this);

    m_connectionLabel = wrappedLabel("connectionLabel");
    m_form = new InvalidationForm;
    m_problem = wrappedLabel("problemLabel");
    m_problem->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_previewButton = new QPushButton(tr("&Preview"));
    m_previewButton->setObjectName(QStringLiteral("previewButton"));
    m_previewButton->setToolTip(tr("Count and list the matching keys; nothing is written"));
    m_preview = new InvalidationPreview;

    m_plan = wrappedLabel("planText");
    m_typeHint = wrappedLabel("typeHint");
    m_confirmEdit = new QLineEdit;
    m_confirmEdit->setObjectName(QStringLiteral("confirmEdit"));
    m_executeButton = new QPushButton(tr("&Execute"));
    m_executeButton->setObjectName(QStringLiteral("executeButton"));
    // Room for "Delete 10,000,000 keys" so the count is never cut off, and red while armed.
    m_executeButton->setMinimumWidth(m_executeButton->fontMetrics().horizontalAdvance(tr("Delete 10,000,000 keys")) + 32);
    m_executeButton->setStyleSheet(QStringLiteral("QPushButton:enabled { color: #b3261e; font-weight: bold; }"));
    m_confirmBox = new QGroupBox(tr("Confirm"));
    auto *confirm = new QVBoxLayout(m_confirmBox);
    confirm->addWidget(m_plan);
    confirm->addWidget(m_typeHint);
    auto *confirmRow = new QHBoxLayout;
    confirmRow->addWidget(m_confirmEdit, 1);
    confirmRow->addWidget(m_executeButton);
    confirm->addLayout(confirmRow);

    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("executeProgress"));
    m_progressText = wrappedLabel("progressText");
    m_cancelButton = new QPushButton(tr("&Cancel job"));
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_cancelButton->setToolTip(tr("Stop after the batch in flight; the summary says exactly what was done"));
    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancelButton);
    m_summary = wrappedLabel("summaryText");

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    auto *previewRow = new QHBoxLayout;
    previewRow->addWidget(m_problem, 1);
    previewRow->addWidget(m_previewButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_connectionLabel);
    layout->addWidget(m_form);
    layout->addLayout(previewRow);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_confirmBox);
    layout->addLayout(progressRow);
    layout->addWidget(m_progressText);
    layout->addWidget(m_summary);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_form, &InvalidationForm::edited, this, &InvalidationDialog::onEdited);
    connect(m_previewButton, &QPushButton::clicked, this, &InvalidationDialog::startPreview);
    connect(m_executeButton, &QPushButton::clicked, this, &InvalidationDialog::execute);
    connect(m_cancelButton, &QPushButton::clicked, this, &InvalidationDialog::cancel);
    connect(m_confirmEdit, &QLineEdit::textChanged, this, &InvalidationDialog::updateControls);
    connect(m_confirmEdit, &QLineEdit::returnPressed, this, [this] {
        if (m_executeButton->isEnabled())
            execute();
    });
    connect(m_runner, &InvalidationRunner::progress, this, &InvalidationDialog::onProgress);
    connect(m_runner, &InvalidationRunner::finished, this, &InvalidationDialog::onFinished);
    resize(760, 720);
    setPhase(Phase::Editing);
}

void InvalidationDialog::setSession(ConnectionSession *session)
{
    m_runner->setSession(session); // a running job on the old session finishes as failed
    if (m_session)
        m_session->disconnect(this);
    m_session = session;
    if (session) {
        m_connection = session->connection();
        // Preview is possible only once connected; follow the state.
        connect(session, &ConnectionSession::opened, this, &InvalidationDialog::updateControls);
        connect(session, &ConnectionSession::reconnected, this, &InvalidationDialog::updateControls);
        connect(session, &ConnectionSession::failed, this, &InvalidationDialog::updateControls);
    }
    m_preview->clear();
    m_summary->clear();
    setPhase(Phase::Editing);
    updateConnectionLabel();
}

void InvalidationDialog::setTarget(const InvalidationTarget &target)
{
    m_form->setTarget(target);
    if (!isRunning()) {
        m_summary->clear();
        onEdited();
    }
}

bool InvalidationDialog::isRunning() const
{
    return m_runner->isRunning();
}

bool InvalidationDialog::readOnly() const
{
    return m_session && m_session->isReadOnly();
}

QString InvalidationDialog::summaryText() const
{
    return m_summary->text();
}

QString InvalidationDialog::planText() const
{
    return m_plan->text();
}

void InvalidationDialog::updateConnectionLabel()
{
    if (!m_session) {
        m_connectionLabel->setText(tr("Not connected: connect to a cache first."));
        m_connectionLabel->setStyleSheet(QString());
        return;
    }
    QString text = tr("Connection: %1 — %2").arg(m_connection.title(), m_connection.spec.displayAddress());
    if (m_connection.production)
        text += tr("   ·   PRODUCTION: type to confirm");
    if (readOnly())
        text += tr("   ·   read-only: preview only");
    m_connectionLabel->setText(text);
    m_connectionLabel->setStyleSheet(m_connection.production ? QStringLiteral("font-weight: bold; color: #b3261e;")
                                                             : QStringLiteral("font-weight: bold;"));
}

void InvalidationDialog::onEdited()
{
    if (m_phase == Phase::Running || m_phase == Phase::Previewing)
        return; // the form is disabled then; a programmatic edit waits for the job
    if (m_phase == Phase::Previewed || m_phase == Phase::Done)
        m_preview->clear(tr("The selection changed: preview again."));
    setPhase(Phase::Editing);
}

void InvalidationDialog::startPreview()
{
    if (!m_session || isRunning())
        return;
    const QString problem = m_form->problem();
    if (!problem.isEmpty()) {
        m_problem->setText(problem);
        return;
    }
    const InvalidationTarget target = m_form->target();
    auto job = planInvalidation(target, /*preview=*/true);
    if (!job) {
        m_problem->setText(job.error().message);
        return;
    }
    m_previewedTarget = target;
    m_previewedRate = m_form->rateLimit();
    m_summary->clear();
    if (m_runner->start(*job) == 0) {
        m_problem->setText(tr("The connection is not ready; wait for it to connect."));
        return;
    }
    m_preview->clear(tr("Scanning…"));
    setPhase(Phase::Previewing);
}

qint64 InvalidationDialog::expectedCount() const
{
    if (m_previewedTarget.kind == InvalidationTarget::Kind::Bump)
        return m_previewedTarget.keys.size();
    return m_previewReport.counts.matched;
}

void InvalidationDialog::execute()
{
    if (m_phase != Phase::Previewed || !m_executeButton->isEnabled() || readOnly())
        return;
    auto job = planInvalidation(m_previewedTarget, /*preview=*/false);
    if (!job) {
        m_problem->setText(job.error().message);
        return;
    }
    job.value().rateLimit = m_previewedRate;
    if (m_runner->start(*job) == 0) {
        m_problem->setText(tr("The connection is not ready; wait for it to connect."));
        return;
    }
    m_confirmEdit->clear();
    m_summary->clear();
    const qint64 expected = expectedCount();
    m_progress->setRange(0, expected > 0 ? 1000 : 0);
    m_progress->setValue(0);
    m_progressText->setText(tr("Starting: %1").arg(describePlan(*job, expected, m_connection)));
    setPhase(Phase::Running);
}

void InvalidationDialog::cancel()
{
    if (!isRunning())
        return;
    m_runner->cancel();
    m_cancelButton->setEnabled(false);
    m_cancelButton->setText(tr("Cancelling…"));
}

void InvalidationDialog::onProgress(const InvalidationProgress &progress)
{
    const InvalidationJob::Action action = m_runner->job().action;
    if (action == InvalidationJob::Action::Preview) {
        m_preview->showRunning(progress);
        return;
    }
    const qint64 expected = expectedCount();
    InvalidationProgress shown = progress;
    if (expected > 0) {
        m_progress->setValue(int(qMin<qint64>(1000, progress.affected * 1000 / expected)));
        // The preview counted the keys: the time left is what remains of them at the
        // current write rate (the connector only knows what it has scanned so far).
        if (progress.keysPerSecond > 0)
            shown.etaMs = qint64(double(qMax<qint64>(0, expected - progress.affected)) * 1000.0 / progress.keysPerSecond);
    }
    m_progressText->setText(describeProgress(shown, action));
}

void InvalidationDialog::onFinished(const InvalidationJob &job, const InvalidationReport &report)
{
    if (job.action == InvalidationJob::Action::Preview) {
        m_preview->showReport(report);
        if (report.outcome == InvalidationReport::Outcome::Completed) {
            m_previewReport = report;
            setPhase(Phase::Previewed);
        } else {
            setPhase(Phase::Editing);
        }
        return;
    }
    m_progressText->setText(describeProgress(report.counts, job.action));
    m_progress->setRange(0, qMax(1, m_progress->maximum())); // a busy bar stops moving
    if (report.outcome == InvalidationReport::Outcome::Completed)
        m_progress->setValue(m_progress->maximum());
    QString summary = describeReport(job, report, m_connection);

    AuditEntry entry = guiAuditEntry(m_connection, invalidationActionName(job.action), job.description);
    entry.patterns = displayPatterns(job);
    entry.previewCount = m_previewReport.counts.matched;
    entry.affectedCount = report.counts.affected;
    entry.durationMs = report.counts.elapsedMs;
    entry.outcome = invalidationOutcomeName(report.outcome);
    entry.error = report.error.message;
    entry.sampleKeys = report.sample.mid(0, AuditSampleKeys);
    if (entry.sampleKeys.isEmpty())
        entry.sampleKeys = job.keys.mid(0, AuditSampleKeys);
    const QString auditProblem = appendGuiAudit(entry);
    if (!auditProblem.isEmpty())
        summary += QLatin1Char('\n') + auditProblem;
    m_summary->setText(summary);
    m_summary->setStyleSheet(report.outcome == InvalidationReport::Outcome::Failed ? QStringLiteral("color: #b3261e;")
                                                                                   : QString());
    setPhase(Phase::Done);
    if (auditProblem.isEmpty())
        Q_EMIT auditWritten();
    Q_EMIT jobFinished(job, report);
}

void InvalidationDialog::setPhase(Phase phase)
{
    m_phase = phase;
    if (phase != Phase::Previewed)
        m_confirmEdit->clear();
    if (phase == Phase::Editing || phase == Phase::Previewing)
        m_previewReport = {};
    m_cancelButton->setText(tr("&Cancel job"));
    updateControls();
}

void InvalidationDialog::updateControls()
{
    const bool connected = m_session && m_session->state() == ConnectionSession::State::Connected;
    const bool busy = m_phase == Phase::Previewing || m_phase == Phase::Running;
    m_form->setEnabled(!busy);
    m_previewButton->setEnabled(connected && !busy);
    if (!busy && m_phase == Phase::Editing)
        m_problem->setText(m_form->problem());
    m_cancelButton->setEnabled(busy && !m_runner->cancelRequested());
    m_progress->setVisible(m_phase == Phase::Running || m_phase == Phase::Done);
    m_progressText->setVisible(m_phase == Phase::Running || m_phase == Phase::Done);
    m_summary->setVisible(!m_summary->text().isEmpty());

    const bool previewed = m_phase == Phase::Previewed;
    const bool bump = m_previewedTarget.kind == InvalidationTarget::Kind::Bump;
    const qint64 count = previewed ? expectedCount() : 0;
    bool typed = true;
    if (previewed) {
        auto job = planInvalidation(m_previewedTarget, false);
        if (job) {
            job.value().rateLimit = m_previewedRate;
            m_plan->setText(count == 0 && !bump ? tr("Nothing matches: there is nothing to do.")
                                                : describePlan(*job, count, m_connection));
            const bool mustType = needsTypedConfirmation(m_connection.production, count) && (count > 0 || bump);
            const QStringList phrases = confirmationPhrases(*job, m_connection);
            m_typeHint->setVisible(mustType && !readOnly());
            m_confirmEdit->setVisible(mustType && !readOnly());
            m_typeHint->setText(
                (m_connection.production ? tr("This is a production connection. ")
                                         : tr("More than %1 keys. ").arg(TypedConfirmationAbove)) +
                (phrases.size() > 1 ? tr("Type %1 (or the connection name %2) to enable Execute.")
                                          .arg(phrases.constFirst(), phrases.constLast())
                                    : tr("Type the connection name %1 to enable Execute.").arg(phrases.constFirst())));
            m_confirmEdit->setPlaceholderText(phrases.constFirst());
            typed = !mustType || confirmationAccepted(m_confirmEdit->text(), *job, m_connection);
            const QString verb = job->action == InvalidationJob::Action::Expire ? tr("Expire %1 keys")
                                 : job->action == InvalidationJob::Action::Bump ? tr("Bump %1 counter(s)")
                                                                                : tr("Delete %1 keys");
            m_executeButton->setText(verb.arg(formatCount(count)));
        }
    } else {
        m_plan->setText(m_phase == Phase::Running ? tr("Running…")
                        : m_phase == Phase::Done  ? tr("Done; change the selection or preview again for another run.")
                                                  : tr("Preview first: Execute runs on what the preview found."));
        m_typeHint->hide();
        m_confirmEdit->hide();
        m_executeButton->setText(tr("&Execute"));
    }
    m_executeButton->setEnabled(previewed && connected && !readOnly() && typed && (count > 0 || bump));
    m_executeButton->setToolTip(readOnly() ? readOnlyReason()
                                : !previewed ? tr("Preview first")
                                : !typed     ? tr("Type the confirmation first")
                                             : QString());
}

} // namespace cachescope

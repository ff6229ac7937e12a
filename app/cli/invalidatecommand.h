#pragma once
// `cachescope-cli invalidate URL TARGET`: preview, confirm, run, report, audit.
//
// 1. A preview job (never writes, so it also runs on read-only connections) counts and
//    samples what the target selects; text mode prints up to 20 of the sample, --json
//    keeps all of it (the first 100) for the final object.
// 2. --dry-run stops there. Otherwise, without --yes, the operator types "yes" on the
//    terminal; when stdin is not a terminal the command refuses (exit 2), so a script
//    never deletes by accident.
// 3. The job runs on the connector's thread with the same selection. Progress goes to
//    stderr, redrawn in place at most ten times a second when stderr is a terminal, else
//    one final line. Ctrl-C cancels the job through ConnectorHost::cancelInvalidation(): it
//    stops before its next batch and the report says exactly what was done; a second
//    Ctrl-C quits at once.
// 4. Every run that was meant to write (not --dry-run) appends one AuditEntry (tool "cli"),
//    also when it failed, was cancelled, refused or declined.
//
// Exit codes: 0 done (or previewed, or nothing matched), 1 declined at the prompt,
// 2 usage error or refused (no --yes without a terminal, read-only connection),
// 3 connection or server error, 130 cancelled by Ctrl-C.

#include "clicommand.h"
#include "invalidateoptions.h"
#include "ops/auditlog.h"

#include <QElapsedTimer>
#include <QTimer>

#include <optional>

namespace cachescope::cli {

inline constexpr int ExitDeclined = 1;
inline constexpr int ExitInterrupted = 130;

class InvalidateCommand : public CliCommand
{
    Q_OBJECT
public:
    InvalidateCommand(const ConnectionSpec &spec, const InvalidateOptions &options,
                      QObject *parent = nullptr);
    ~InvalidateCommand() override;

    // exec(), plus the audit entry of a run that ended before its job could (connection lost).
    int run();

protected:
    void start() override;

private:
    void onProgress(quint64 id, const InvalidationProgress &progress);
    void onFinished(quint64 id, const InvalidationReport &report);
    void previewDone(const InvalidationReport &report);
    void jobDone(const InvalidationReport &report);
    bool confirm();
    void startJob();
    void checkInterrupt();
    void showProgress(const InvalidationProgress &progress, bool preview);
    void endProgressLine();
    void printPreview(const InvalidationReport &report);
    void printReport(const InvalidationReport &report);
    void printJson(const QString &outcome, const InvalidationReport *report);
    void audit(const QString &outcome, const QString &error, const InvalidationReport *report);
    void end(const QString &outcome, int exitCode, const InvalidationReport *report,
             const QString &error = {});

    InvalidateOptions m_options;
    InvalidationJob m_job;
    InvalidationJob m_previewJob;
    quint64 m_previewId = 0;
    quint64 m_jobId = 0;
    std::optional<InvalidationReport> m_preview;
    QTimer m_interruptPoll;
    QElapsedTimer m_clock;
    Error m_connectionError;
    bool m_audited = false;
    bool m_stderrTty = false;
    bool m_progressShown = false;
    bool m_interrupted = false;
};

} // namespace cachescope::cli

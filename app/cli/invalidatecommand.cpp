#include "invalidatecommand.h"

#include "core/keyescape.h"
#include "keyformat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace cachescope::cli {

namespace {

constexpr int TextSampleLines = 20;

// Ctrl-C only counts here; a timer on the main thread turns it into a cancel. A second
// Ctrl-C restores the default action and quits at once.
std::atomic<int> g_interrupts{0};
static_assert(std::atomic<int>::is_always_lock_free, "touched from a signal handler");

extern "C" void onSigint(int)
{
    if (g_interrupts.fetch_add(1) >= 1) {
        std::signal(SIGINT, SIG_DFL);
        std::raise(SIGINT);
    }
}

void writeStderr(const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

// The CLI's words for what a job does: "deleted" in reports, "Deleting" to announce one.
QString actionWord(InvalidationJob::Action action, bool present = false)
{
    switch (action) {
    case InvalidationJob::Action::Preview:
        return present ? QStringLiteral("Matching") : QStringLiteral("matched");
    case InvalidationJob::Action::Delete:
        return present ? QStringLiteral("Deleting") : QStringLiteral("deleted");
    case InvalidationJob::Action::Expire:
        return present ? QStringLiteral("Expiring") : QStringLiteral("expired");
    case InvalidationJob::Action::Bump:
        return present ? QStringLiteral("Bumping") : QStringLiteral("bumped");
    }
    return QString();
}

QString seconds(qint64 ms)
{
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', ms < 10000 ? 1 : 0);
}

QString bytesText(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KiB").arg(double(bytes) / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 MiB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

QJsonArray keysJson(const QList<QByteArray> &keys)
{
    QJsonArray out;
    for (const QByteArray &key : keys) {
        QJsonObject o;
        o.insert(QStringLiteral("key"), escapeKey(key));
        o.insert(QStringLiteral("key_hex"), QString::fromLatin1(key.toHex()));
        out.append(o);
    }
    return out;
}

QJsonValue countOrNull(qint64 n)
{
    return n < 0 ? QJsonValue() : QJsonValue(double(n));
}

QJsonObject reportJson(const InvalidationReport &r)
{
    QJsonObject o;
    o.insert(QStringLiteral("outcome"), invalidationOutcomeName(r.outcome));
    o.insert(QStringLiteral("scanned"), double(r.counts.scanned));
    o.insert(QStringLiteral("matched"), double(r.counts.matched));
    o.insert(QStringLiteral("affected"), double(r.counts.affected));
    o.insert(QStringLiteral("elapsed_ms"), double(r.counts.elapsedMs));
    o.insert(QStringLiteral("keys_per_second"), r.counts.keysPerSecond);
    o.insert(QStringLiteral("total_bytes"), countOrNull(r.totalBytes));
    o.insert(QStringLiteral("sample"), keysJson(r.sample));
    if (!r.sampleServers.isEmpty())
        o.insert(QStringLiteral("sample_servers"), QJsonArray::fromStringList(r.sampleServers));
    if (!r.warning.isEmpty())
        o.insert(QStringLiteral("warning"), r.warning);
    if (r.outcome == InvalidationReport::Outcome::Failed) {
        QJsonObject error;
        error.insert(QStringLiteral("kind"), r.error.kindName());
        error.insert(QStringLiteral("message"), r.error.message);
        o.insert(QStringLiteral("error"), error);
    }
    return o;
}

} // namespace

InvalidateCommand::InvalidateCommand(const ConnectionSpec &spec, const InvalidateOptions &options,
                                     QObject *parent)
    : CliCommand(spec, parent), m_options(options)
{
    // invalidateOptionsFrom() already checked the plan; these cannot fail here.
    const auto job = planInvalidation(m_options.target, false);
    if (job)
        m_job = *job;
    m_job.rateLimit = m_options.rateLimit;
    m_job.batchSize = m_options.batchSize;
    m_previewJob = m_job;
    m_previewJob.action = InvalidationJob::Action::Preview;
    m_previewJob.rateLimit = 0;

    m_stderrTty = ::isatty(STDERR_FILENO) == 1;
    connect(connector(), &Connector::invalidationProgress, this, &InvalidateCommand::onProgress);
    connect(connector(), &Connector::invalidationFinished, this, &InvalidateCommand::onFinished);
    connect(connector(), &Connector::connectionLost, this,
            [this](const Error &error) { m_connectionError = error; });
    m_interruptPoll.setInterval(50);
    connect(&m_interruptPoll, &QTimer::timeout, this, &InvalidateCommand::checkInterrupt);
}

InvalidateCommand::~InvalidateCommand()
{
    std::signal(SIGINT, SIG_DFL);
}

int InvalidateCommand::run()
{
    m_clock.start();
    g_interrupts.store(0);
    std::signal(SIGINT, onSigint);
    m_interruptPoll.start();
    const int code = exec();
    m_interruptPoll.stop();
    std::signal(SIGINT, SIG_DFL);
    // The command ended before a preview or job could report (could not connect, lost the
    // connection, the watchdog fired): the operator meant to write, so it is recorded.
    if (!m_audited && !m_options.dryRun)
        audit(QStringLiteral("failed"),
              m_connectionError.message.isEmpty() ? QStringLiteral("ended before the job could run")
                                                  : m_connectionError.message,
              nullptr);
    return code;
}

void InvalidateCommand::start()
{
    // A scan that matches nothing for a while sends no progress; the connector's own
    // command timeout guards every round trip.
    disableWatchdog();
    // --yes means the operator has already decided: the job counts as it goes, so a
    // separate preview scan would only double the time on a large keyspace (on 1M keys it
    // was 60% of the run). --dry-run, and the terminal prompt, still preview first.
    if (m_options.yes && !m_options.dryRun) {
        if (!m_options.json)
            writeStderr(QStringLiteral("%1 %2 on %3 (--yes: no preview)\n")
                            .arg(actionWord(m_job.action, true), m_job.description, spec().displayAddress()));
        return startJob();
    }
    m_previewId = host().runInvalidation(m_previewJob);
}

void InvalidateCommand::checkInterrupt()
{
    if (m_interrupted || g_interrupts.load() == 0)
        return;
    m_interrupted = true;
    const quint64 running = m_jobId ? m_jobId : m_previewId;
    endProgressLine();
    writeStderr(
        QStringLiteral("Interrupted: stopping after the batch in flight (Ctrl-C again to quit at once)…\n"));
    if (running)
        host().cancelInvalidation(running);
    else
        end(QStringLiteral("cancelled"), ExitInterrupted, nullptr,
            QStringLiteral("interrupted before the preview"));
}

void InvalidateCommand::onProgress(quint64 id, const InvalidationProgress &progress)
{
    if ((id == m_previewId || id == m_jobId) && id != 0)
        showProgress(progress, id == m_previewId);
}

void InvalidateCommand::showProgress(const InvalidationProgress &p, bool preview)
{
    if (!m_stderrTty || m_options.json)
        return;
    QString line = preview
                       ? QStringLiteral("Previewing: scanned %1, matched %2").arg(p.scanned).arg(p.matched)
                       : QStringLiteral("scanned %1, %2 %3, %4 keys/s")
                             .arg(p.scanned)
                             .arg(actionWord(m_job.action))
                             .arg(p.affected)
                             .arg(qRound64(p.keysPerSecond));
    if (!preview)
        line +=
            p.etaMs >= 0 ? QStringLiteral(", ETA %1").arg(seconds(p.etaMs)) : QStringLiteral(", ETA unknown");
    writeStderr(QStringLiteral("\r\033[K") + line);
    m_progressShown = true;
}

void InvalidateCommand::endProgressLine()
{
    if (m_progressShown)
        writeStderr(QStringLiteral("\r\033[K"));
    m_progressShown = false;
}

void InvalidateCommand::onFinished(quint64 id, const InvalidationReport &report)
{
    if (id == 0)
        return;
    if (id == m_previewId)
        previewDone(report);
    else if (id == m_jobId)
        jobDone(report);
}

void InvalidateCommand::previewDone(const InvalidationReport &report)
{
    endProgressLine();
    m_preview = report;
    m_previewId = 0;
    if (report.outcome == InvalidationReport::Outcome::Cancelled) {
        return end(QStringLiteral("cancelled"), ExitInterrupted, nullptr,
                   QStringLiteral("interrupted during the preview; nothing was written"));
    }
    if (report.outcome == InvalidationReport::Outcome::Failed) {
        printError(QStringLiteral("preview failed: %1").arg(describeError(report.error)));
        return end(QStringLiteral("failed"), exitCodeFor(report.error), nullptr, report.error.message);
    }
    printPreview(report);
    if (m_options.dryRun)
        return end(QStringLiteral("dry-run"), ExitOk, nullptr);
    // INCR creates a missing counter, so a bump runs even when no key exists yet.
    if (report.counts.matched == 0 && m_job.action != InvalidationJob::Action::Bump) {
        if (!m_options.json)
            writeStderr(QStringLiteral("Nothing matches; nothing to do.\n"));
        m_audited = true; // nothing was or would have been written
        return end(QStringLiteral("nothing-to-do"), ExitOk, nullptr);
    }
    if (!m_options.yes && !confirm())
        return;
    startJob();
}

bool InvalidateCommand::confirm()
{
    out().flush();
    const qint64 n =
        m_job.action == InvalidationJob::Action::Bump ? m_job.keys.size() : m_preview->counts.matched;
    QString what;
    switch (m_job.action) {
    case InvalidationJob::Action::Expire:
        what = QStringLiteral("Expire (TTL %1) %2 keys").arg(describeTtl(m_job.softTtlMs)).arg(n);
        break;
    case InvalidationJob::Action::Bump:
        what = QStringLiteral("Increment %1 version key(s)").arg(n);
        break;
    default:
        what = QStringLiteral("Delete %1 keys").arg(n);
        break;
    }
    const QString question =
        QStringLiteral("%1 matching %2 on %3?").arg(what, m_job.description, spec().displayAddress());
    if (::isatty(STDIN_FILENO) != 1) {
        const QString message =
            QStringLiteral("refusing to run without confirmation: %1 stdin is not a terminal, "
                           "so add --yes to confirm (or --dry-run to only preview)")
                .arg(question);
        printError(message);
        end(QStringLiteral("refused"), ExitUsage, nullptr,
            QStringLiteral("not confirmed: stdin is not a terminal and no --yes"));
        return false;
    }
    writeStderr(question + QStringLiteral(" Type yes to go on: "));
    char buffer[256] = {};
    const bool read = std::fgets(buffer, sizeof buffer, stdin) != nullptr;
    const QString answer = QString::fromLocal8Bit(buffer).trimmed();
    if (!read || answer != u"yes") {
        writeStderr(QStringLiteral("%1Not confirmed; nothing was written.\n")
                        .arg(read ? QString() : QStringLiteral("\n")));
        end(QStringLiteral("refused"), ExitDeclined, nullptr, QStringLiteral("declined at the prompt"));
        return false;
    }
    return true;
}

void InvalidateCommand::startJob()
{
    if (m_interrupted)
        return end(QStringLiteral("cancelled"), ExitInterrupted, nullptr,
                   QStringLiteral("interrupted before the job"));
    m_jobId = host().runInvalidation(m_job);
}

void InvalidateCommand::jobDone(const InvalidationReport &report)
{
    endProgressLine();
    const bool refused =
        report.outcome == InvalidationReport::Outcome::Failed && report.error.kind == ErrorKind::ReadOnly;
    if (!m_stderrTty && !m_options.json) {
        writeStderr(QStringLiteral("%1: scanned %2, %3 %4 in %5 (%6 keys/s)\n")
                        .arg(refused ? QStringLiteral("refused") : invalidationOutcomeName(report.outcome))
                        .arg(report.counts.scanned)
                        .arg(actionWord(m_job.action))
                        .arg(report.counts.affected)
                        .arg(seconds(report.counts.elapsedMs))
                        .arg(qRound64(report.counts.keysPerSecond)));
    }
    if (report.outcome == InvalidationReport::Outcome::Failed)
        printError(describeError(report.error));
    printReport(report);
    switch (report.outcome) {
    case InvalidationReport::Outcome::Completed:
        return end(invalidationOutcomeName(report.outcome), ExitOk, &report);
    case InvalidationReport::Outcome::Cancelled:
        return end(invalidationOutcomeName(report.outcome), ExitInterrupted, &report,
                   QStringLiteral("cancelled by the operator (Ctrl-C)"));
    case InvalidationReport::Outcome::Failed:
        break;
    }
    if (refused)
        return end(QStringLiteral("refused"), ExitUsage, &report, report.error.message);
    end(QStringLiteral("failed"), exitCodeFor(report.error), &report, report.error.message);
}

void InvalidateCommand::printPreview(const InvalidationReport &report)
{
    if (m_options.json)
        return;
    QByteArray &buf = out().buffer();
    const bool bump = m_job.action == InvalidationJob::Action::Bump;
    QString head = bump ? QStringLiteral("Preview: %1 of %2 counter key(s) exist (%3) on %4")
                              .arg(report.counts.matched)
                              .arg(m_job.keys.size())
                              .arg(m_job.description, spec().displayAddress())
                        : QStringLiteral("Preview: %1 keys match %2 on %3")
                              .arg(report.counts.matched)
                              .arg(m_job.description, spec().displayAddress());
    QStringList facts;
    if (m_job.keys.isEmpty())
        facts << QStringLiteral("scanned %1").arg(report.counts.scanned);
    if (report.totalBytes >= 0)
        facts << QStringLiteral("%1 in total").arg(bytesText(report.totalBytes));
    if (!facts.isEmpty())
        head += QStringLiteral(" (%1)").arg(facts.join(QStringLiteral(", ")));
    buf.append(head.toUtf8()).append('\n');
    const qsizetype shown = qMin<qsizetype>(TextSampleLines, report.sample.size());
    for (qsizetype i = 0; i < shown; ++i) {
        buf.append("  ");
        appendEscapedKey(buf, report.sample.at(i));
        if (i < report.sampleServers.size() && !report.sampleServers.at(i).isEmpty())
            buf.append("  (").append(report.sampleServers.at(i).toUtf8()).append(')');
        buf.append('\n');
    }
    if (report.counts.matched > shown)
        buf.append(QStringLiteral("  … and %1 more\n").arg(report.counts.matched - shown).toUtf8());
    out().flush();
    if (!report.warning.isEmpty())
        printError(QStringLiteral("warning: %1").arg(report.warning));
}

void InvalidateCommand::printReport(const InvalidationReport &report)
{
    if (m_options.json)
        return;
    // Of how many: what the preview counted, or without one (--yes) what the job matched.
    const qint64 planned = m_job.action == InvalidationJob::Action::Bump ? m_job.keys.size()
                           : m_preview                                   ? m_preview->counts.matched
                                                                         : report.counts.matched;
    const QString of = m_preview ? QStringLiteral("previewed") : QStringLiteral("matched");
    QString line;
    switch (report.outcome) {
    case InvalidationReport::Outcome::Completed:
        line = QStringLiteral("Done: %1 %2 keys (%3) on %4 in %5.")
                   .arg(actionWord(m_job.action))
                   .arg(report.counts.affected)
                   .arg(m_job.description, spec().displayAddress(), seconds(report.counts.elapsedMs));
        break;
    case InvalidationReport::Outcome::Cancelled:
        line = QStringLiteral("Cancelled: %1 %2 of the %3 %4 keys before stopping (scanned %5, %6).")
                   .arg(actionWord(m_job.action))
                   .arg(report.counts.affected)
                   .arg(planned)
                   .arg(of)
                   .arg(report.counts.scanned)
                   .arg(seconds(report.counts.elapsedMs));
        break;
    case InvalidationReport::Outcome::Failed:
        line = QStringLiteral("Stopped on an error: %1 %2 of the %3 %4 keys before it.")
                   .arg(actionWord(m_job.action))
                   .arg(report.counts.affected)
                   .arg(planned)
                   .arg(of);
        break;
    }
    out().buffer().append(line.toUtf8()).append('\n');
    out().flush();
    if (!report.warning.isEmpty())
        printError(QStringLiteral("warning: %1").arg(report.warning));
}

void InvalidateCommand::printJson(const QString &outcome, const InvalidationReport *report)
{
    QJsonObject o;
    o.insert(QStringLiteral("outcome"), outcome);
    o.insert(QStringLiteral("url"), spec().toUrl());
    o.insert(QStringLiteral("server"), spec().displayAddress());
    o.insert(QStringLiteral("action"), invalidationActionName(m_job.action));
    o.insert(QStringLiteral("target"), m_job.description);
    QJsonArray patterns;
    for (const QByteArray &p : m_job.patterns)
        patterns.append(escapeKey(p));
    o.insert(QStringLiteral("patterns"), patterns);
    if (!m_job.keys.isEmpty())
        o.insert(QStringLiteral("keys"), keysJson(m_job.keys));
    if (m_job.action == InvalidationJob::Action::Expire)
        o.insert(QStringLiteral("soft_ttl_ms"), double(m_job.softTtlMs));
    o.insert(QStringLiteral("rate_limit"), m_job.rateLimit > 0 ? QJsonValue(m_job.rateLimit) : QJsonValue());
    o.insert(QStringLiteral("dry_run"), m_options.dryRun);
    o.insert(QStringLiteral("preview"), m_preview ? QJsonValue(reportJson(*m_preview)) : QJsonValue());
    o.insert(QStringLiteral("report"), report ? QJsonValue(reportJson(*report)) : QJsonValue());
    o.insert(QStringLiteral("audit_log"),
             m_options.dryRun ? QJsonValue() : QJsonValue(AuditLog::defaultPath()));
    out().buffer().append(QJsonDocument(o).toJson(QJsonDocument::Compact)).append('\n');
    out().flush();
}

void InvalidateCommand::audit(const QString &outcome, const QString &error, const InvalidationReport *report)
{
    m_audited = true;
    AuditEntry e = AuditEntry::now(QStringLiteral("cli"));
    e.url = spec().toUrl();
    e.operation = invalidationActionName(m_job.action);
    e.target = m_job.description;
    for (const QByteArray &p : m_job.patterns)
        e.patterns.append(escapeKey(p));
    e.previewCount = m_preview && m_preview->outcome == InvalidationReport::Outcome::Completed
                         ? m_preview->counts.matched
                         : -1;
    e.affectedCount = report ? report->counts.affected : 0;
    e.durationMs = report ? report->counts.elapsedMs : 0;
    e.outcome = outcome;
    e.error = error;
    e.sampleKeys = report ? report->sample : m_preview ? m_preview->sample : m_job.keys;
    if (e.sampleKeys.size() > 20)
        e.sampleKeys.resize(20);
    const AuditLog log;
    if (const auto failure = log.append(e))
        printError(QStringLiteral("warning: this run is not in the audit log: %1").arg(failure->message));
}

void InvalidateCommand::end(const QString &outcome, int exitCode, const InvalidationReport *report,
                            const QString &error)
{
    if (!m_audited && !m_options.dryRun)
        audit(outcome, error, report);
    if (m_options.json)
        printJson(outcome, report);
    finish(exitCode);
}

} // namespace cachescope::cli

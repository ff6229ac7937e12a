#include "invalidationtext.h"

#include "common/format.h"
#include "core/keyescape.h"
#include "settings/savedconnection.h"

#include <QCoreApplication>

namespace cachescope {

namespace {

constexpr qsizetype MaxTypedPattern = 80;

QString tr(const char *text)
{
    return QCoreApplication::translate("cachescope::InvalidationText", text);
}

QString keysWord(qint64 n)
{
    return n == 1 ? tr("1 key") : tr("%1 keys").arg(formatCount(n));
}

QString where(const SavedConnection &connection)
{
    return tr("%1 (%2)").arg(connection.title(), connection.spec.displayAddress());
}

QString seconds(qint64 ms)
{
    return tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', ms < 10000 ? 1 : 0);
}

} // namespace

bool needsTypedConfirmation(bool production, qint64 matched)
{
    return production || matched > TypedConfirmationAbove;
}

QStringList displayPatterns(const InvalidationJob &job)
{
    QStringList out;
    for (const QByteArray &p : job.patterns)
        out.append(escapeKey(p));
    return out;
}

QStringList confirmationPhrases(const InvalidationJob &job, const SavedConnection &connection)
{
    QStringList phrases;
    if (job.patterns.size() == 1 && job.patterns.constFirst().size() <= MaxTypedPattern)
        phrases.append(escapeKey(job.patterns.constFirst()));
    phrases.append(connection.title());
    return phrases;
}

bool confirmationAccepted(const QString &typed, const InvalidationJob &job, const SavedConnection &connection)
{
    const QString t = typed.trimmed();
    return !t.isEmpty() && confirmationPhrases(job, connection).contains(t);
}

QString pastTenseOf(InvalidationJob::Action action)
{
    switch (action) {
    case InvalidationJob::Action::Preview:
        return tr("matched");
    case InvalidationJob::Action::Delete:
        return tr("deleted");
    case InvalidationJob::Action::Expire:
        return tr("expired");
    case InvalidationJob::Action::Bump:
        return tr("incremented");
    }
    return {};
}

QString describePlan(const InvalidationJob &job, qint64 matched, const SavedConnection &connection)
{
    const QString patterns = displayPatterns(job).join(QStringLiteral(", "));
    const QString what = patterns.isEmpty() ? job.description : tr("%1: %2").arg(job.description, patterns);
    QString text;
    switch (job.action) {
    case InvalidationJob::Action::Preview:
        text = tr("Preview %1 (nothing is written)").arg(what);
        break;
    case InvalidationJob::Action::Delete:
        text = tr("Delete %1 (%2)").arg(keysWord(matched), what);
        break;
    case InvalidationJob::Action::Expire:
        text = tr("Set a TTL of %1 on %2 (%3); they stay readable until then")
                   .arg(formatTtl(job.softTtlMs), keysWord(matched), what);
        break;
    case InvalidationJob::Action::Bump:
        text = tr("Increment the version counter%1 %2 (a missing one is created as 1)")
                   .arg(job.keys.size() == 1 ? QString() : QStringLiteral("s"),
                        [&job] {
                            QStringList names;
                            for (const QByteArray &k : job.keys)
                                names.append(escapeKey(k));
                            return names.join(QStringLiteral(", "));
                        }());
        break;
    }
    text += tr(" on %1.").arg(where(connection));
    if (job.rateLimit > 0 && job.action != InvalidationJob::Action::Preview)
        text += tr(" At most %1 keys/s.").arg(formatCount(job.rateLimit));
    if (job.action != InvalidationJob::Action::Preview && job.action != InvalidationJob::Action::Bump &&
        !job.patterns.isEmpty())
        text += tr(" Keys written between the preview and the run that match are included.");
    return text;
}

QString describeProgress(const InvalidationProgress &p, InvalidationJob::Action action)
{
    QStringList parts;
    parts.append(p.total >= 0 ? tr("scanned %1 of %2").arg(formatCount(p.scanned), formatCount(p.total))
                              : tr("scanned %1").arg(formatCount(p.scanned)));
    parts.append(tr("matched %1").arg(formatCount(p.matched)));
    if (action != InvalidationJob::Action::Preview) {
        parts.append(tr("%1 %2").arg(pastTenseOf(action), formatCount(p.affected)));
        parts.append(tr("%1 keys/s").arg(formatCount(qRound64(p.keysPerSecond))));
        parts.append(p.etaMs >= 0 ? tr("ETA %1").arg(seconds(p.etaMs)) : tr("ETA unknown"));
    }
    parts.append(seconds(p.elapsedMs));
    return parts.join(QStringLiteral(" · "));
}

QString describeReport(const InvalidationJob &job, const InvalidationReport &report,
                       const SavedConnection &connection)
{
    const InvalidationProgress &c = report.counts;
    const QString done = job.action == InvalidationJob::Action::Preview
                             ? tr("%1 match").arg(keysWord(c.matched))
                             : tr("%1 %2 of %3 matched").arg(pastTenseOf(job.action), keysWord(c.affected),
                                                              formatCount(c.matched));
    const QString figures = tr("%1 on %2 (scanned %3, %4)")
                                .arg(done, where(connection), formatCount(c.scanned), seconds(c.elapsedMs));
    QString text;
    switch (report.outcome) {
    case InvalidationReport::Outcome::Completed:
        text = tr("Completed: %1.").arg(figures);
        break;
    case InvalidationReport::Outcome::Cancelled:
        text = tr("Cancelled: %1 — exactly what was done before it stopped.").arg(figures);
        break;
    case InvalidationReport::Outcome::Failed:
        text = tr("Failed: %1. Error: %2").arg(figures, report.error.message);
        break;
    }
    if (!report.warning.isEmpty())
        text += QLatin1Char('\n') + report.warning;
    return text;
}

} // namespace cachescope

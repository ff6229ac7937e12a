// DbCacheConnector: invalidation jobs.
//
// Patterns: keyset pages over cache_key (`WHERE cache_key > last AND (LIKE ... OR ...)
// ORDER BY cache_key LIMIT n`), the LIKE only narrowing (see globlike.h); globMatch and the
// job's filter decide. The page is then written before the next one is read, so a job holds
// at most one page of keys. Explicit keys: slices of the list, looked up first so the report
// can say which existed.
// Writes go in statements of at most DeleteBatch keys, each in its own transaction: a long job
// never holds the table, and a cancel or failure leaves every finished batch committed and
// counted (numRowsAffected), the rest untouched.
// Expire sets expires = now + softTtl (rounded up to the whole second Django stores) in the
// table's time convention (DbCacheDialect::expiresParam), only where that shortens it: an
// expired row is never revived, a TTL never lengthened.

#include "codec/pickleint.h"
#include "core/globmatch.h"
#include "core/invalidationpacer.h"
#include "dbcacheconnector.h"

#include <QSet>
#include <QSqlError>
#include <QTimer>

#include <limits>

namespace cachescope {

namespace {

constexpr int BumpRetries = 5; // compare-and-set attempts against concurrent writers
constexpr int NotFoundShown = 5;

} // namespace

struct DbCacheConnector::Invalidation
{
    Invalidation(quint64 jobId, const InvalidationJob &job) : id(jobId), pacer(job) {}

    quint64 id = 0;
    InvalidationPacer pacer;
    bool explicitKeys = false;
    QList<QByteArray> keys; // explicit keys, distinct
    qsizetype nextKey = 0;
    QStringList likes; // the pages' prefilter; empty = every row is read
    bool matchAll = false;
    QString after; // keyset cursor
    bool started = false;
    bool exhausted = false;    // no page / slice left
    QList<QByteArray> pending; // selected, not yet written
    QStringList warnings;
    QList<QByteArray> notFound; // Bump: the first few keys no row holds
    qint64 notFoundCount = 0;
    qint64 skippedNotText = 0;
};

void DbCacheConnector::doRunInvalidation(quint64 id, const InvalidationJob &job)
{
    m_invalidation = std::make_shared<Invalidation>(id, job);
    Invalidation &inv = *m_invalidation;
    if (!m_open) {
        const auto info = connectAndProbe();
        if (!info) {
            Q_EMIT connectionLost(info.error());
            return endInvalidation(InvalidationReport::Outcome::Failed, info.error());
        }
        m_open = true;
        m_info = *info;
        Q_EMIT opened(m_info);
    }
    if (!job.keys.isEmpty()) {
        inv.explicitKeys = true;
        QSet<QByteArray> seen;
        for (const QByteArray &key : job.keys) {
            if (!QByteArrayView(key).isValidUtf8()) {
                ++inv.skippedNotText; // cache_key is text: such a row cannot exist
                continue;
            }
            if (!seen.contains(key)) {
                seen.insert(key);
                inv.keys.append(key);
            }
        }
        inv.pacer.setTotal(inv.keys.size());
    } else {
        // Any pattern that LIKE cannot narrow means no prefilter at all.
        bool narrowable = true;
        for (const QByteArray &pattern : job.patterns) {
            const LikePattern like = likeFromGlob(pattern);
            inv.matchAll = inv.matchAll || like.everything;
            narrowable = narrowable && !like.like.isEmpty();
            inv.likes.append(like.like);
        }
        if (!narrowable)
            inv.likes.clear();
        // The rows the pages will look at: cheap next to the job itself (an index scan).
        auto count =
            run(m_dialect.countLikeSql(inv.likes.size()), QVariantList(inv.likes.cbegin(), inv.likes.cend()),
                QStringLiteral("count the rows to look at"));
        if (!count)
            return endInvalidation(InvalidationReport::Outcome::Failed, count.error());
        QSqlQuery &q = count.value();
        if (q.next())
            inv.pacer.setTotal(q.value(0).toLongLong());
    }
    invalidationStep();
}

void DbCacheConnector::invalidationStep()
{
    const std::shared_ptr<Invalidation> inv = m_invalidation;
    if (!inv)
        return;
    if (invalidationCancelled(inv->id))
        return endInvalidation(InvalidationReport::Outcome::Cancelled);
    if (inv->pending.isEmpty()) {
        if (inv->exhausted)
            return endInvalidation(InvalidationReport::Outcome::Completed);
        if (const auto error = selectNextKeys())
            return endInvalidation(InvalidationReport::Outcome::Failed, *error);
        if (inv->pacer.job().action == InvalidationJob::Action::Preview)
            inv->pending.clear();
    }
    if (!inv->pending.isEmpty()) {
        if (const qint64 wait = inv->pacer.delayBeforeWriteMs(inv->pending.size()); wait > 0) {
            QTimer::singleShot(int(qMin<qint64>(wait, 250)), this, [this, inv] {
                if (m_invalidation == inv)
                    invalidationStep();
            });
            return;
        }
        if (const auto error = writePending())
            return endInvalidation(InvalidationReport::Outcome::Failed, *error);
    }
    if (inv->pacer.progressDue())
        Q_EMIT invalidationProgress(inv->id, inv->pacer.progress());
    // Back to the event loop between batches: cancel and other requests get through.
    QTimer::singleShot(0, this, [this, inv] {
        if (m_invalidation == inv)
            invalidationStep();
    });
}

std::optional<Error> DbCacheConnector::selectNextKeys()
{
    Invalidation &inv = *m_invalidation;
    const InvalidationJob &job = inv.pacer.job();
    const bool preview = job.action == InvalidationJob::Action::Preview;
    const int limit = inv.pacer.nextBatchSize();
    QList<QByteArray> candidates;
    if (inv.explicitKeys) {
        const qsizetype n = qMin<qsizetype>(qMin(limit, DeleteBatch), inv.keys.size() - inv.nextKey);
        candidates = inv.keys.mid(inv.nextKey, n);
        inv.nextKey += n;
        inv.exhausted = inv.nextKey >= inv.keys.size();
        inv.pacer.addScanned(n);
        if (job.action == InvalidationJob::Action::Bump) {
            inv.pending = candidates; // bumpKey looks each up itself
            return std::nullopt;
        }
    } else {
        QVariantList values;
        if (inv.started)
            values.append(inv.after);
        for (const QString &like : std::as_const(inv.likes))
            values.append(like);
        values.append(limit);
        auto r =
            run(m_dialect.pageSql(inv.started, inv.likes.size()), values, QStringLiteral("list the keys"));
        if (!r)
            return r.error();
        QSqlQuery &q = r.value();
        QByteArray last;
        int rows = 0;
        while (q.next()) {
            last = DbCacheDialect::keyBytes(q.value(0));
            ++rows;
            bool selected = inv.matchAll;
            for (qsizetype p = 0; !selected && p < job.patterns.size(); ++p)
                selected = globMatch(job.patterns.at(p), last);
            if (selected && job.filter.accepts(last))
                candidates.append(last);
        }
        q.finish(); // SQLite: end the read before writing
        inv.pacer.addScanned(rows);
        inv.exhausted = rows < limit;
        if (!inv.exhausted) {
            const QString next = QString::fromUtf8(last);
            if (inv.started && next <= inv.after)
                return Error::make(ErrorKind::Protocol,
                                   QStringLiteral("%1: cannot page past key %2 (not UTF-8 text)")
                                       .arg(who(), QString::fromLatin1(last.toHex())));
            inv.after = next;
            inv.started = true;
        }
        for (const QByteArray &key : std::as_const(candidates))
            inv.pacer.addMatched(key);
        if (!preview) {
            inv.pending = candidates;
            return std::nullopt;
        }
    }
    // Explicit keys: which exist (and how big they are); pattern preview: how big they are.
    QHash<QByteArray, qint64> lengths;
    for (qsizetype from = 0; from < candidates.size(); from += DeleteBatch) {
        const qsizetype n = qMin<qsizetype>(DeleteBatch, candidates.size() - from);
        QVariantList values;
        for (qsizetype i = from; i < from + n; ++i)
            values.append(QString::fromUtf8(candidates.at(i)));
        auto r = run(m_dialect.metaSql(n), values, QStringLiteral("read sizes"));
        if (!r)
            return r.error();
        QSqlQuery &q = r.value();
        while (q.next())
            lengths.insert(DbCacheDialect::keyBytes(q.value(0)), q.value(2).toLongLong());
    }
    inv.pending.clear();
    for (const QByteArray &key : std::as_const(candidates)) {
        const auto it = lengths.constFind(key);
        if (it == lengths.cend())
            continue; // explicit key without a row; or a row deleted since the page was read
        if (inv.explicitKeys)
            inv.pacer.addMatched(key);
        inv.pacer.addBytes(it.value());
        inv.pending.append(key);
    }
    return std::nullopt;
}

std::optional<Error> DbCacheConnector::writePending()
{
    Invalidation &inv = *m_invalidation;
    const InvalidationJob &job = inv.pacer.job();
    if (job.action == InvalidationJob::Action::Bump) {
        while (!inv.pending.isEmpty()) {
            const QByteArray key = inv.pending.takeFirst();
            if (const auto error = bumpKey(key))
                return error;
        }
        return std::nullopt;
    }
    QVariant expires;
    if (job.action == InvalidationJob::Action::Expire) {
        // Whole seconds, rounded up: rounding down could expire a row at once.
        const qint64 at = (nowMs() + job.softTtlMs + 999) / 1000 * 1000;
        expires = m_dialect.expiresParam(at);
    }
    while (!inv.pending.isEmpty()) {
        const qsizetype n = qMin<qsizetype>(DeleteBatch, inv.pending.size());
        QVariantList values;
        values.reserve(n + 2);
        if (expires.isValid())
            values.append(expires);
        for (qsizetype i = 0; i < n; ++i)
            values.append(QString::fromUtf8(inv.pending.at(i)));
        if (expires.isValid())
            values.append(expires);
        const QString doing =
            expires.isValid() ? QStringLiteral("shorten expiries") : QStringLiteral("delete keys");
        if (!m_db.transaction())
            return queryError(m_db.lastError(), QStringLiteral("start a transaction"));
        qint64 rows = 0;
        {
            auto r = run(expires.isValid() ? m_dialect.shortenExpiresSql(n) : m_dialect.deleteSql(n), values,
                         doing);
            if (!r) {
                if (m_open)
                    m_db.rollback();
                return r.error();
            }
            rows = qMax(0, r.value().numRowsAffected());
        }
        if (!m_db.commit()) {
            const Error error = queryError(m_db.lastError(), QStringLiteral("commit (%1)").arg(doing));
            if (m_open)
                m_db.rollback();
            return error;
        }
        inv.pacer.addAffected(rows);
        inv.pending.remove(0, n);
    }
    return std::nullopt;
}

std::optional<Error> DbCacheConnector::bumpKey(const QByteArray &key)
{
    Invalidation &inv = *m_invalidation;
    const QString textKey = QString::fromUtf8(key);
    for (int attempt = 0; attempt < BumpRetries; ++attempt) {
        QString stored;
        {
            auto r = run(m_dialect.valueSql(true), {textKey}, QStringLiteral("read a counter"));
            if (!r)
                return r.error();
            QSqlQuery &q = r.value();
            qint64 expires = 0;
            // Django's incr() treats an expired row as absent, and so does a bump.
            const bool alive = q.next() && (!m_dialect.expiresMs(q.value(0), &expires) ||
                                            expires == NoExpiry || expires > nowMs());
            if (!alive) {
                if (inv.notFoundCount++ < NotFoundShown)
                    inv.notFound.append(key);
                return std::nullopt;
            }
            stored = q.value(2).toString();
        }
        if (attempt == 0)
            inv.pacer.addMatched(key);
        const auto decoded =
            QByteArray::fromBase64Encoding(stored.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        const auto counter = decoded ? readPickledInt(*decoded) : std::nullopt;
        if (!counter || counter->value == std::numeric_limits<qint64>::max()) {
            inv.warnings.append(QStringLiteral("%1 holds no counter (not a pickled int that fits 64 bits), "
                                               "not bumped")
                                    .arg(textKey));
            return std::nullopt;
        }
        const QString next =
            QString::fromLatin1(writePickledInt(counter->value + 1, counter->protocol).toBase64());
        auto u = run(m_dialect.replaceValueSql(), {next, textKey, stored}, QStringLiteral("bump a counter"));
        if (!u)
            return u.error();
        if (u.value().numRowsAffected() == 1) {
            inv.pacer.addAffected(1);
            return std::nullopt;
        }
        // Another writer changed (or removed) the row between the read and the write: again.
    }
    inv.warnings.append(QStringLiteral("%1 kept changing under concurrent writes; not bumped after %2 tries")
                            .arg(textKey)
                            .arg(BumpRetries));
    return std::nullopt;
}

void DbCacheConnector::endInvalidation(InvalidationReport::Outcome outcome, const Error &error)
{
    const std::shared_ptr<Invalidation> inv = std::move(m_invalidation);
    QStringList warnings = inv->warnings;
    if (inv->skippedNotText > 0)
        warnings.append(QStringLiteral("%1 key(s) are not UTF-8 text, which cache_key cannot hold; skipped")
                            .arg(inv->skippedNotText));
    if (inv->notFoundCount > 0) {
        QStringList shown;
        for (const QByteArray &key : std::as_const(inv->notFound))
            shown.append(QString::fromUtf8(key));
        warnings.append(QStringLiteral("%1 key(s) have no live row, not bumped (a bump does not create "
                                       "counters): %2%3")
                            .arg(inv->notFoundCount)
                            .arg(shown.join(QStringLiteral(", ")),
                                 inv->notFoundCount > NotFoundShown ? QStringLiteral(", …") : QString()));
    }
    inv->pacer.setWarning(warnings.join(u'\n'));
    finishInvalidation(inv->id, inv->pacer.report(outcome, error));
}

} // namespace cachescope

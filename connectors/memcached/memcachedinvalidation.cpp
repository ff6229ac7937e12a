// MemcachedConnector: invalidation jobs (see memcachedinvalidation.h for how work is cut).

#include "memcachedinvalidation.h"

#include "core/globmatch.h"
#include "memcachedclient.h"
#include "metaprobe.h"

#include <QSet>
#include <QTimer>

#include <algorithm>

namespace cachescope {

namespace {

// Above this, memcached reads an expiry as a unix time rather than seconds from now.
constexpr qint64 MaxRelativeExptime = 60 * 60 * 24 * 30;
constexpr int NotFoundShown = 5;

bool allDigits(QByteArrayView line)
{
    if (line.isEmpty())
        return false;
    for (const char c : line) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

// `mg <key> s` answers "HD s<size>"; -1 when the size flag is missing.
qint64 sizeFromMetaGet(QByteArrayView line)
{
    for (qsizetype at = line.indexOf(" s"); at >= 0; at = line.indexOf(" s", at + 1)) {
        const QByteArrayView rest = line.sliced(at + 2);
        const qsizetype end = rest.indexOf(' ');
        bool ok = false;
        const qint64 size = (end < 0 ? rest : rest.first(end)).toLongLong(&ok);
        if (ok)
            return size;
    }
    return -1;
}

} // namespace

void MemcachedConnector::doRunInvalidation(quint64 id, const InvalidationJob &job)
{
    m_invalidation = std::make_unique<Invalidation>(id, job);
    Invalidation &inv = *m_invalidation;
    const int servers = int(m_clients.size());
    inv.serverFailed.fill(false, servers);
    for (const auto &client : m_clients)
        inv.pipes.push_back(std::make_unique<MemcachedPipeline>(client->server(), spec()));

    if (!job.keys.isEmpty()) {
        inv.explicitKeys = true;
        Invalidation::Unit unit;
        QSet<QByteArray> seen;
        for (const QByteArray &key : job.keys) {
            if (!isValidMemcachedKey(key)) {
                ++inv.skippedInvalid;
                continue;
            }
            if (!seen.contains(key)) {
                seen.insert(key);
                unit.keys.append(key);
            }
        }
        for (int i = 0; i < servers; ++i)
            unit.servers.append(i);
        inv.units.append(unit);
        QTimer::singleShot(0, this, [this, id] {
            if (m_invalidation && m_invalidation->id == id)
                invalidationStep();
        });
        return;
    }

    for (const QByteArray &pattern : job.patterns)
        inv.matchAll = inv.matchAll || globMatchesEverything(pattern);
    for (int i = 0; i < servers; ++i) {
        inv.units.append(Invalidation::Unit{{}, 0, {i}});
        const QString address = m_clients[size_t(i)]->address();
        Invalidation *state = &inv;
        // The hot path: one call per listed item.
        auto sink = [state, i, address](QByteArrayView key, const ItemFacts &facts) {
            state->pacer.addScanned(1);
            const InvalidationJob &j = state->pacer.job();
            bool selected = state->matchAll;
            for (qsizetype p = 0; !selected && p < j.patterns.size(); ++p)
                selected = globMatch(j.patterns.at(p), key);
            if (!selected || !j.filter.accepts(key))
                return;
            const QByteArray copy = key.toByteArray();
            state->units[i].keys.append(copy);
            state->pacer.addMatched(copy, address);
            state->pacer.addBytes(facts.size);
        };
        auto *reader = new MetadumpReader(m_clients[size_t(i)]->server(), spec(), sink, this);
        inv.readers.push_back(reader);
        connect(reader, &MetadumpReader::chunkDone, this, [this, id] {
            if (!m_invalidation || m_invalidation->id != id)
                return;
            if (invalidationCancelled(id))
                return endInvalidation(InvalidationReport::Outcome::Cancelled);
            if (m_invalidation->pacer.progressDue())
                Q_EMIT invalidationProgress(id, m_invalidation->pacer.progress());
        });
        connect(reader, &MetadumpReader::finished, this, [this, id, reader, i](const QString &warning) {
            if (m_invalidation && m_invalidation->id == id)
                onInvalidationListed(reader, i, warning, nullptr);
        });
        connect(reader, &MetadumpReader::failed, this, [this, id, reader, i](const Error &error) {
            if (m_invalidation && m_invalidation->id == id)
                onInvalidationListed(reader, i, QString(), &error);
        });
    }
    inv.listing = servers;
    for (MetadumpReader *reader : inv.readers)
        reader->start();
}

void MemcachedConnector::onInvalidationListed(MetadumpReader *reader, int server, const QString &warning,
                                              const Error *error)
{
    Invalidation &inv = *m_invalidation;
    reader->deleteLater();
    auto &readers = inv.readers;
    readers.erase(std::remove(readers.begin(), readers.end(), reader), readers.end());
    if (!warning.isEmpty())
        inv.warnings.append(warning);
    if (error) {
        inv.serverFailed[server] = true;
        if (!inv.firstError)
            inv.firstError = *error;
        inv.failures.append(QStringLiteral("%1 (not listed, nothing done there)").arg(error->message));
        inv.units[server].keys.clear();
    }
    if (--inv.listing > 0)
        return;
    if (inv.pacer.job().action == InvalidationJob::Action::Preview)
        return endInvalidation(InvalidationReport::Outcome::Completed);
    invalidationStep();
}

void MemcachedConnector::invalidationStep()
{
    Invalidation &inv = *m_invalidation;
    if (invalidationCancelled(inv.id))
        return endInvalidation(InvalidationReport::Outcome::Cancelled);
    // The next unit with keys left on a server that still answers, taking turns.
    int unit = -1;
    for (int tried = 0; tried < inv.units.size(); ++tried) {
        const int u = (inv.nextUnit + tried) % int(inv.units.size());
        const Invalidation::Unit &candidate = inv.units.at(u);
        bool reachable = false;
        for (const int s : candidate.servers)
            reachable = reachable || !inv.serverFailed.at(s);
        if (candidate.next < candidate.keys.size() && reachable) {
            unit = u;
            break;
        }
    }
    if (unit < 0)
        return endInvalidation(InvalidationReport::Outcome::Completed);
    inv.nextUnit = (unit + 1) % int(inv.units.size());
    const Invalidation::Unit &u = inv.units.at(unit);
    const qsizetype n = qMin<qsizetype>(inv.pacer.nextBatchSize(), u.keys.size() - u.next);
    if (const qint64 wait = inv.pacer.delayBeforeWriteMs(n); wait > 0) {
        const quint64 id = inv.id;
        QTimer::singleShot(int(qMin<qint64>(wait, 250)), this, [this, id] {
            if (m_invalidation && m_invalidation->id == id)
                invalidationStep();
        });
        return;
    }
    invalidationBatch(unit, n);
    if (!m_invalidation)
        return;
    if (inv.pacer.progressDue())
        Q_EMIT invalidationProgress(inv.id, inv.pacer.progress());
    // Back to the event loop: cancel, stopScan and other requests get through between batches.
    const quint64 id = inv.id;
    QTimer::singleShot(0, this, [this, id] {
        if (m_invalidation && m_invalidation->id == id)
            invalidationStep();
    });
}

void MemcachedConnector::invalidationBatch(int unitIndex, qsizetype n)
{
    Invalidation &inv = *m_invalidation;
    Invalidation::Unit &unit = inv.units[unitIndex];
    const QList<QByteArray> batch = unit.keys.mid(unit.next, n);
    unit.next += n;
    const InvalidationJob::Action action = inv.pacer.job().action;
    const bool firstWins =
        action == InvalidationJob::Action::Preview || action == InvalidationJob::Action::Bump;
    QList<int> holder(batch.size(), -1); // the first server that had the key (or acted on it)
    QList<qint64> sizes(batch.size(), -1);
    QList<bool> refused(batch.size(), false); // Bump: a value that is not a number
    const qint64 softSeconds = (inv.pacer.job().softTtlMs + 999) / 1000;

    for (const int server : std::as_const(unit.servers)) {
        if (inv.serverFailed.at(server))
            continue;
        QList<qsizetype> sent;
        QList<QByteArray> keys;
        for (qsizetype k = 0; k < batch.size(); ++k) {
            if (firstWins && (holder.at(k) >= 0 || refused.at(k)))
                continue;
            sent.append(k);
            keys.append(batch.at(k));
        }
        if (keys.isEmpty())
            break;
        QByteArray verb;
        QByteArray tail;
        switch (action) {
        case InvalidationJob::Action::Preview:
            verb = "mg";
            tail = " s";
            break;
        case InvalidationJob::Action::Delete:
            verb = "delete";
            break;
        case InvalidationJob::Action::Expire:
            verb = "touch";
            // Long expiries are an absolute time in the server's own clock.
            tail = ' ' + QByteArray::number(softSeconds > MaxRelativeExptime ? serverNow(server) + softSeconds
                                                                             : softSeconds);
            break;
        case InvalidationJob::Action::Bump:
            verb = "incr";
            tail = " 1";
            break;
        }
        const auto replies = inv.pipes[size_t(server)]->run(verb, keys, tail);
        if (!replies) {
            // Replies not read are not counted: those keys may or may not have been written.
            inv.serverFailed[server] = true;
            if (!inv.firstError)
                inv.firstError = replies.error();
            inv.failures.append(QStringLiteral("%1 (stopped there; up to %2 writes of the last batch are "
                                               "unconfirmed)")
                                    .arg(replies.error().message)
                                    .arg(keys.size()));
            continue;
        }
        for (qsizetype r = 0; r < replies->size(); ++r) {
            const QByteArray &line = replies->at(r);
            const qsizetype k = sent.at(r);
            bool done = false;
            switch (action) {
            case InvalidationJob::Action::Preview:
                done = line.startsWith("HD");
                if (done)
                    sizes[k] = sizeFromMetaGet(line);
                break;
            case InvalidationJob::Action::Delete:
                done = line == "DELETED";
                if (done)
                    m_index.remove(batch.at(k));
                break;
            case InvalidationJob::Action::Expire:
                done = line == "TOUCHED";
                if (done)
                    m_index.setExpiry(batch.at(k), serverNow(server) + softSeconds);
                break;
            case InvalidationJob::Action::Bump:
                done = allDigits(line);
                refused[k] = !done && line.startsWith("CLIENT_ERROR");
                break;
            }
            const bool notFound = line == "NOT_FOUND" || line == "EN";
            if (!done && !notFound && !refused.at(k)) {
                if (inv.oddReplies++ == 0)
                    inv.firstOddReply = line;
            }
            if (refused.at(k))
                inv.warnings.append(QStringLiteral("%1 on %2 holds no number, not bumped (%3)")
                                        .arg(QString::fromUtf8(batch.at(k)),
                                             inv.pipes[size_t(server)]->address(), QString::fromUtf8(line)));
            if (done && holder.at(k) < 0)
                holder[k] = server;
        }
    }

    const bool preview = action == InvalidationJob::Action::Preview;
    qint64 affected = 0;
    for (qsizetype k = 0; k < batch.size(); ++k) {
        const bool done = holder.at(k) >= 0;
        if (inv.explicitKeys) {
            inv.pacer.addScanned(1);
            if (done) {
                inv.pacer.addMatched(batch.at(k), m_clients[size_t(holder.at(k))]->address());
                inv.pacer.addBytes(sizes.at(k));
            }
        }
        if (done && !preview)
            ++affected;
        if (!done && !refused.at(k) && action == InvalidationJob::Action::Bump) {
            if (inv.notFoundCount++ < NotFoundShown)
                inv.notFound.append(batch.at(k));
        }
    }
    inv.pacer.addAffected(affected);
}

void MemcachedConnector::endInvalidation(InvalidationReport::Outcome outcome, const Error &error)
{
    std::unique_ptr<Invalidation> inv = std::move(m_invalidation);
    QStringList warnings = inv->warnings;
    if (inv->skippedInvalid > 0)
        warnings.append(QStringLiteral("%1 key(s) cannot exist in memcached (empty, longer than 250 bytes, "
                                       "or with a space or control byte) and were skipped")
                            .arg(inv->skippedInvalid));
    if (inv->notFoundCount > 0) {
        QStringList shown;
        for (const QByteArray &key : std::as_const(inv->notFound))
            shown.append(QString::fromUtf8(key));
        warnings.append(QStringLiteral("%1 key(s) held by no server, not bumped (memcached's incr does not "
                                       "create keys): %2%3")
                            .arg(inv->notFoundCount)
                            .arg(shown.join(QStringLiteral(", ")),
                                 inv->notFoundCount > NotFoundShown ? QStringLiteral(", …") : QString()));
    }
    if (inv->oddReplies > 0)
        warnings.append(QStringLiteral("%1 write(s) were answered with an error and not counted, e.g. %2")
                            .arg(inv->oddReplies)
                            .arg(QString::fromUtf8(inv->firstOddReply)));
    Error finalError = error;
    if (outcome == InvalidationReport::Outcome::Completed && !inv->failures.isEmpty()) {
        // Not every server did what was asked: say so, with the counts of what the others did.
        outcome = InvalidationReport::Outcome::Failed;
        finalError = Error::make(inv->firstError ? inv->firstError->kind : ErrorKind::Connect,
                                 QStringLiteral("%1 of %2 memcached servers could not be processed: %3")
                                     .arg(inv->failures.size())
                                     .arg(m_clients.size())
                                     .arg(inv->failures.join(QStringLiteral("; "))));
    }
    if (!inv->failures.isEmpty())
        warnings.append(inv->failures);
    inv->pacer.setWarning(warnings.join(u'\n'));
    const InvalidationReport report = inv->pacer.report(outcome, finalError);
    const quint64 id = inv->id;
    inv.reset(); // stops listings still running
    finishInvalidation(id, report);
}

} // namespace cachescope

// RedisConnector's invalidation jobs (see Connector::runInvalidation).
//
// Patterns: SCAN cursor MATCH p COUNT batchSize, one pattern after another. As soon as a
// page's cursor is known the next SCAN goes out, so the server lists page N+1 while this
// thread matches page N and pipelines its writes (one UNLINK of up to batchSize keys;
// PEXPIRE / INCR one command per key). A page that would push the queue of keys not yet
// written past two batches holds the scan back, which is what keeps a rate-capped job
// from listing the whole keyspace into memory.
//
// Counts are exact: affected counts only what the server's replies said (UNLINK's integer,
// PEXPIRE's 1s, INCR's successes), and a cancelled or failed job waits for the writes
// already on the wire before it reports. `scanned` is an estimate while scanning (COUNT
// per page) and becomes DBSIZE per pattern when a pattern's scan completes. SCAN may
// return a key twice while the server resizes its table; such a key is counted twice in
// `matched` (a delete still counts it once in `affected`, the server said 0 the second
// time). A key matched by two patterns of one job is taken by the first pattern only.
//
// Preview: counts and samples; sizes the first 10,000 matching keys with pipelined
// MEMORY USAGE (default sampling). totalBytes is their sum when that covered every match;
// otherwise it stays -1 and the warning gives the partial figure.

#include "clusterslot.h"
#include "core/globmatch.h"
#include "core/invalidationpacer.h"
#include "redisconnector.h"
#include "respclient.h"
#include "respvalue.h"

#include <QTimer>

#include <hiredis/hiredis.h>

#include <algorithm>
#include <optional>

namespace cachescope {

namespace {

// Write batches on the wire at once: enough to keep the server busy while a reply is
// being read, few enough that a cancel waits for little.
constexpr int MaxBatchesInFlight = 2;
// Matching keys a preview sizes with MEMORY USAGE.
constexpr qint64 PreviewSizeCap = 10000;
// A rate-capped job waits in steps no longer than this, so a cancel is seen quickly.
constexpr qint64 MaxPauseMs = 100;

bool unknownCommand(const RespValue &reply)
{
    return reply.isError() && reply.str.startsWith("ERR unknown command");
}

} // namespace

struct RedisConnector::InvalidationRun
{
    InvalidationRun(quint64 jobId, const InvalidationJob &job) : id(jobId), pacer(job) {}

    quint64 id;
    InvalidationPacer pacer;
    bool explicitKeys = false;
    qsizetype nextKey = 0;      // explicit keys: the next one to send
    QList<QByteArray> pending;  // patterns: matched, not yet written (preview: not yet sized)
    qsizetype patternIndex = 0; // the pattern being scanned
    QByteArray cursor = "0";
    qint64 dbSize = -1;
    qint64 scannedThisPattern = 0;
    bool scanInFlight = false;
    bool scanDone = false;
    int batchesInFlight = 0;
    qint64 keysInFlight = 0;
    bool paused = false;          // a rate-cap timer is armed
    std::optional<Error> failure; // stop, and report Failed once the wire is quiet
    // Preview sizes.
    qint64 sizeQueued = 0;
    qint64 sizedKeys = 0;
    qint64 sizedBytes = 0;
    bool sizesUnknown = false;
};

void RedisConnector::doRunInvalidation(quint64 id, const InvalidationJob &job)
{
    auto run = std::make_shared<InvalidationRun>(id, job);
    run->explicitKeys = !job.keys.isEmpty();
    m_invalidation = run;
    if (job.action == InvalidationJob::Action::Bump && !run->explicitKeys)
        return finishInvalidationRun(
            InvalidationReport::Outcome::Failed,
            Error::make(ErrorKind::Usage,
                        QStringLiteral("A version bump needs the counter keys themselves, not a "
                                       "pattern.")));
    const auto start = [this, run] {
        if (m_invalidation != run)
            return;
        if (!run->explicitKeys) {
            // Only an estimate for the ETA: every pattern walks the whole keyspace once.
            m_client->send({"DBSIZE"}, [this, run](const RespReply &reply) {
                if (m_invalidation != run || !reply.ok())
                    return;
                const RespValue size = reply.value();
                if (!size.isInteger())
                    return;
                run->dbSize = size.integer;
                run->pacer.setTotal(size.integer * run->pacer.job().patterns.size());
            });
        }
        pumpInvalidation();
    };
    const auto fail = [this, run](const Error &error) {
        if (m_invalidation == run)
            finishInvalidationRun(InvalidationReport::Outcome::Failed, error);
    };
    whenOpen(id, false, start, fail);
}

void RedisConnector::pumpInvalidation()
{
    const std::shared_ptr<InvalidationRun> run = m_invalidation;
    if (!run)
        return;
    const InvalidationJob &job = run->pacer.job();
    if (run->failure || invalidationCancelled(run->id)) {
        if (!run->scanInFlight && run->batchesInFlight == 0)
            finishInvalidationRun(run->failure ? InvalidationReport::Outcome::Failed
                                               : InvalidationReport::Outcome::Cancelled,
                                  run->failure.value_or(Error()));
        return;
    }
    if (!run->explicitKeys)
        requestInvalidationScan(run);

    const bool preview = job.action == InvalidationJob::Action::Preview;
    while (!run->paused && run->batchesInFlight < MaxBatchesInFlight) {
        const qsizetype available = run->explicitKeys ? job.keys.size() - run->nextKey : run->pending.size();
        if (available == 0)
            break;
        const qsizetype n =
            std::min<qsizetype>(available, preview ? job.batchSize : run->pacer.nextBatchSize());
        if (!preview) {
            const qint64 delay = run->pacer.delayBeforeWriteMs(run->keysInFlight + n);
            if (delay > 0) {
                run->paused = true;
                QTimer::singleShot(int(std::min(delay, MaxPauseMs)), this, [this, run] {
                    run->paused = false;
                    if (m_invalidation == run)
                        pumpInvalidation();
                });
                break;
            }
        }
        QList<QByteArray> batch;
        if (run->explicitKeys) {
            batch.reserve(n);
            for (qsizetype i = 0; i < n; ++i) {
                const QByteArray &key = job.keys.at(run->nextKey++);
                if (!job.filter.accepts(key))
                    continue;
                batch.append(key);
                if (!preview) // a preview counts the keys that exist, when EXISTS says so
                    run->pacer.addMatched(key);
            }
            run->pacer.addScanned(n);
        } else {
            batch = run->pending.first(n);
            run->pending.remove(0, n);
        }
        if (!batch.isEmpty())
            sendInvalidationBatch(run, batch);
    }

    if (run->pacer.progressDue())
        Q_EMIT invalidationProgress(run->id, run->pacer.progress());
    const bool sourceDone = run->explicitKeys ? run->nextKey == job.keys.size() : run->scanDone;
    if (sourceDone && run->pending.isEmpty() && run->batchesInFlight == 0 && !run->scanInFlight)
        finishInvalidationRun(InvalidationReport::Outcome::Completed);
}

void RedisConnector::requestInvalidationScan(const std::shared_ptr<InvalidationRun> &run)
{
    const InvalidationJob &job = run->pacer.job();
    if (run->scanInFlight || run->scanDone || run->failure || invalidationCancelled(run->id) ||
        run->pending.size() >= 2 * qsizetype(job.batchSize))
        return;
    run->scanInFlight = true;
    const Command argv{"SCAN",  run->cursor,
                       "MATCH", job.patterns.at(run->patternIndex),
                       "COUNT", QByteArray::number(job.batchSize)};
    m_client->send(argv, [this, run](const RespReply &reply) { takeInvalidationPage(run, reply); });
    m_client->flush();
}

void RedisConnector::takeInvalidationPage(const std::shared_ptr<InvalidationRun> &run, const RespReply &reply)
{
    if (m_invalidation != run)
        return;
    run->scanInFlight = false;
    if (run->failure || invalidationCancelled(run->id))
        return pumpInvalidation(); // the page is dropped: nothing of it was counted
    if (!reply.ok()) {
        run->failure = reply.transportError();
        return pumpInvalidation();
    }
    const redisReply *r = reply.raw();
    if (r->type == REDIS_REPLY_ERROR) {
        run->failure = serverError(reply.value(), QStringLiteral("list keys for the invalidation"));
        return pumpInvalidation();
    }
    if (r->type != REDIS_REPLY_ARRAY || r->elements != 2 || r->element[0]->type != REDIS_REPLY_STRING ||
        r->element[1]->type != REDIS_REPLY_ARRAY) {
        run->failure =
            Error::make(ErrorKind::Protocol, QStringLiteral("%1 sent an unexpected SCAN reply").arg(who()));
        return pumpInvalidation();
    }
    const InvalidationJob &job = run->pacer.job();
    const qsizetype pattern = run->patternIndex;
    run->cursor = QByteArray(r->element[0]->str, qsizetype(r->element[0]->len));
    const bool patternDone = run->cursor == "0";
    qint64 scanned = job.batchSize;
    if (run->dbSize >= 0)
        scanned = patternDone ? std::max<qint64>(0, run->dbSize - run->scannedThisPattern)
                              : std::clamp<qint64>(run->dbSize - run->scannedThisPattern, 0, job.batchSize);
    run->scannedThisPattern = patternDone ? 0 : run->scannedThisPattern + scanned;
    run->pacer.addScanned(scanned);
    if (patternDone && ++run->patternIndex == job.patterns.size())
        run->scanDone = true;
    // The server lists the next page while this one is matched and written.
    requestInvalidationScan(run);

    const bool preview = job.action == InvalidationJob::Action::Preview;
    const bool sizing = preview && m_info.hasMemoryUsage && !run->sizesUnknown;
    const redisReply *keys = r->element[1];
    for (size_t i = 0; i < keys->elements; ++i) {
        const QByteArrayView key(keys->element[i]->str, qsizetype(keys->element[i]->len));
        if (!job.filter.accepts(key))
            continue;
        bool earlier = false; // taken (or refused by the filter) under an earlier pattern
        for (qsizetype p = 0; p < pattern && !earlier; ++p)
            earlier = globMatch(job.patterns.at(p), key);
        if (earlier)
            continue;
        QByteArray copy = key.toByteArray();
        run->pacer.addMatched(copy);
        if (!preview) {
            run->pending.append(std::move(copy));
        } else if (sizing && run->sizeQueued < PreviewSizeCap) {
            run->pending.append(std::move(copy));
            ++run->sizeQueued;
        }
    }
    pumpInvalidation();
}

void RedisConnector::sendInvalidationBatch(const std::shared_ptr<InvalidationRun> &run,
                                           const QList<QByteArray> &keys)
{
    ++run->batchesInFlight;
    run->keysInFlight += keys.size();
    const InvalidationJob &job = run->pacer.job();
    if (job.action == InvalidationJob::Action::Delete)
        return sendInvalidationDelete(run, keys);

    // One command per key, each reply counted as it comes, so a failure mid-batch still
    // leaves exact counts.
    auto left = std::make_shared<qsizetype>(keys.size());
    const auto done = [this, run, left, n = keys.size()] {
        if (--*left == 0)
            endInvalidationBatch(run, n);
    };
    const auto fail = [run](const Error &error) {
        if (!run->failure)
            run->failure = error;
    };
    const QByteArray ttl = QByteArray::number(job.softTtlMs);
    const bool memory = m_info.hasMemoryUsage && !run->sizesUnknown;
    for (const QByteArray &key : keys) {
        switch (job.action) {
        case InvalidationJob::Action::Expire:
            m_client->send({"PEXPIRE", key, ttl}, [this, run, key, done, fail](const RespReply &reply) {
                if (!reply.ok())
                    fail(reply.transportError());
                else if (const RespValue v = reply.value(); v.isError())
                    fail(serverError(v, QStringLiteral("set a TTL on %1").arg(QString::fromUtf8(key))));
                else if (v.toInteger() == 1)
                    run->pacer.addAffected(1); // 0: the key is gone already
                done();
            });
            break;
        case InvalidationJob::Action::Bump:
            m_client->send({"INCR", key}, [this, run, key, done, fail](const RespReply &reply) {
                if (!reply.ok())
                    fail(reply.transportError());
                else if (const RespValue v = reply.value(); v.isError())
                    fail(serverError(v, QStringLiteral("increment %1").arg(QString::fromUtf8(key))));
                else
                    run->pacer.addAffected(1);
                done();
            });
            break;
        case InvalidationJob::Action::Preview:
            if (run->explicitKeys) {
                // Explicit keys are counted only when they exist.
                m_client->send({"EXISTS", key}, [run, key, done, fail, memory](const RespReply &reply) {
                    if (!reply.ok())
                        fail(reply.transportError());
                    else if (reply.value().toInteger() == 1)
                        run->pacer.addMatched(key);
                    if (!memory)
                        done();
                });
            }
            if (!memory) {
                if (!run->explicitKeys)
                    done();
                break;
            }
            m_client->send({"MEMORY", "USAGE", key}, [this, run, done, fail](const RespReply &reply) {
                if (!reply.ok()) {
                    fail(reply.transportError());
                } else if (const RespValue v = reply.value(); v.isInteger()) {
                    ++run->sizedKeys;
                    run->sizedBytes += v.integer;
                } else if (v.isError()) {
                    run->sizesUnknown = true; // renamed or refused: a preview does without sizes
                    if (unknownCommand(v))
                        m_info.hasMemoryUsage = false;
                }
                done();
            });
            break;
        case InvalidationJob::Action::Delete:
            break;
        }
    }
}

void RedisConnector::sendInvalidationDelete(const std::shared_ptr<InvalidationRun> &run,
                                            const QList<QByteArray> &keys)
{
    if (m_clusterNode) {
        // A cluster node takes the keys of one hash slot per command (else CROSSSLOT): each
        // slot's keys go as a batch of their own, which keeps the counts exact.
        const QList<QList<QByteArray>> groups = groupKeysBySlot(keys);
        if (groups.size() > 1) {
            run->batchesInFlight += int(groups.size()) - 1;
            for (const QList<QByteArray> &group : groups)
                sendInvalidationDelete(run, group);
            return;
        }
    }
    const bool unlink = m_info.hasUnlink;
    Command argv;
    argv.reserve(keys.size() + 1);
    argv.append(unlink ? QByteArrayLiteral("UNLINK") : QByteArrayLiteral("DEL"));
    argv.append(keys);
    m_client->send(argv, [this, run, keys, unlink](const RespReply &reply) {
        if (!reply.ok()) {
            if (!run->failure)
                run->failure = reply.transportError();
        } else if (reply.raw()->type == REDIS_REPLY_INTEGER) {
            run->pacer.addAffected(reply.raw()->integer);
        } else {
            const RespValue v = reply.value();
            if (unlink && unknownCommand(v) && !run->failure) {
                m_info.hasUnlink = false; // renamed away: DEL does the same, blocking
                return sendInvalidationDelete(run, keys);
            }
            if (!run->failure)
                run->failure = serverError(v, QStringLiteral("delete keys"));
        }
        endInvalidationBatch(run, keys.size());
    });
}

void RedisConnector::endInvalidationBatch(const std::shared_ptr<InvalidationRun> &run, qsizetype keys)
{
    --run->batchesInFlight;
    run->keysInFlight -= keys;
    if (m_invalidation == run)
        pumpInvalidation();
}

void RedisConnector::finishInvalidationRun(InvalidationReport::Outcome outcome, const Error &error)
{
    const std::shared_ptr<InvalidationRun> run = std::exchange(m_invalidation, nullptr);
    if (!run)
        return;
    if (run->pacer.job().action == InvalidationJob::Action::Preview) {
        const qint64 matched = run->pacer.progress().matched;
        if (run->sizesUnknown || !m_info.hasMemoryUsage)
            run->pacer.setWarning(
                QStringLiteral("Sizes unknown: %1 does not answer MEMORY USAGE.").arg(who()));
        else if (outcome == InvalidationReport::Outcome::Completed && run->sizedKeys == matched)
            run->pacer.addBytes(run->sizedBytes);
        else
            run->pacer.setWarning(
                QStringLiteral("Size of the first %L1 of %L2 matching keys: %L3 bytes (MEMORY "
                               "USAGE); the rest were not sized.")
                    .arg(run->sizedKeys)
                    .arg(matched)
                    .arg(run->sizedBytes));
    }
    finishInvalidation(run->id, run->pacer.report(outcome, error));
}

} // namespace cachescope

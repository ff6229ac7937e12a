// RedisClusterConnector's invalidation jobs: the job runs on every master at once, each
// master's own RedisConnector doing what it does standalone (SCAN MATCH, UNLINK per slot,
// PEXPIRE, INCR). Explicit keys (and a bump's counters) go only to the master owning each.
// A rate cap is shared out among the masters. Progress is the sum of the masters' latest figures, sent at
// most ten times a second; the report comes once, when every master has reported: counts summed, samples
// merged in master order (sampleServers says which node), outcome the worst of theirs (Failed over Cancelled
// over Completed), the first failure's error, warnings prefixed by node. A cancel reaches this connector as a
// flag (Connector::cancelInvalidation is called from the GUI thread): m_cancelPoll checks it every 100 ms and
// cancels every master's job.

#include "clusterslot.h"
#include "redisclusterconnector.h"
#include "redisconnector.h"

#include <QStringList>

namespace cachescope {

struct RedisClusterConnector::ClusterJob
{
    quint64 id = 0;
    InvalidationJob job;
    struct Part
    {
        int node = -1;
        quint64 inner = 0;
        InvalidationProgress progress;
        std::optional<InvalidationReport> report;
    };
    std::vector<Part> parts;
    QElapsedTimer clock;
    QElapsedTimer sinceProgress;
    bool cancelSent = false;
    QStringList warnings; // the job's own (keys served by no master)
};

namespace {

int severity(InvalidationReport::Outcome outcome)
{
    switch (outcome) {
    case InvalidationReport::Outcome::Completed:
        return 0;
    case InvalidationReport::Outcome::Cancelled:
        return 1;
    case InvalidationReport::Outcome::Failed:
        return 2;
    }
    return 2;
}

} // namespace

void RedisClusterConnector::doRunInvalidation(quint64 id, const InvalidationJob &job)
{
    auto run = std::make_shared<ClusterJob>();
    run->id = id;
    run->job = job;
    run->clock.start();
    run->sinceProgress.start();
    m_job = run;
    const auto start = [this, run] {
        if (m_job != run)
            return;
        const InvalidationJob &job = run->job;
        QList<std::pair<int, InvalidationJob>> plan;
        if (job.keys.isEmpty()) {
            for (int m : std::as_const(m_masters))
                plan.append({m, job});
        } else {
            QHash<int, qsizetype> index;
            qsizetype unowned = 0;
            for (const QByteArray &key : job.keys) {
                const int node = ownerOf(key, nullptr);
                if (node < 0) {
                    ++unowned;
                    continue;
                }
                if (!index.contains(node)) {
                    index.insert(node, plan.size());
                    InvalidationJob part = job;
                    part.keys.clear();
                    plan.append({node, part});
                }
                plan[index.value(node)].second.keys.append(key);
            }
            if (unowned > 0)
                run->warnings.append(
                    QStringLiteral("%1 key(s) are in hash slots no master serves; they were left alone")
                        .arg(unowned));
        }
        // A rate cap is for the whole cluster: each master gets its share (of the keys, for
        // explicit keys; evenly for patterns), at least 1 key/s.
        if (job.rateLimit > 0) {
            for (auto &[node, part] : plan) {
                const double share = job.keys.isEmpty() ? 1.0 / double(plan.size())
                                                        : double(part.keys.size()) / double(job.keys.size());
                part.rateLimit = qMax(1, int(double(job.rateLimit) * share));
            }
        }
        run->parts.resize(size_t(plan.size()));
        for (qsizetype i = 0; i < plan.size(); ++i)
            run->parts[size_t(i)].node = plan.at(i).first;
        if (plan.isEmpty())
            return onJobFinished();
        m_cancelPoll.start();
        for (qsizetype i = 0; i < plan.size(); ++i) {
            Answer a;
            a.progress = [this, run, i](const InvalidationProgress &p) {
                if (m_job != run)
                    return;
                run->parts[size_t(i)].progress = p;
                onJobProgress();
            };
            a.finished = [this, run, i](const InvalidationReport &r) {
                if (m_job != run)
                    return;
                run->parts[size_t(i)].report = r;
                run->parts[size_t(i)].progress = r.counts;
                onJobFinished();
            };
            const InvalidationJob part = plan.at(i).second;
            run->parts[size_t(i)].inner =
                ask(plan.at(i).first, std::move(a),
                    [part](RedisConnector *c, quint64 inner) { c->runInvalidation(inner, part); });
        }
    };
    const auto fail = [this, run](const Error &error) {
        if (m_job != run)
            return;
        m_job.reset();
        InvalidationReport report;
        report.outcome = InvalidationReport::Outcome::Failed;
        report.error = error;
        report.counts.elapsedMs = run->clock.elapsed();
        finishInvalidation(run->id, report);
    };
    whenOpen(start, fail);
}

void RedisClusterConnector::checkJobCancel()
{
    const std::shared_ptr<ClusterJob> run = m_job;
    if (!run) {
        m_cancelPoll.stop();
        return;
    }
    if (run->cancelSent || !invalidationCancelled(run->id))
        return;
    run->cancelSent = true;
    for (const ClusterJob::Part &part : run->parts) {
        if (!part.report)
            m_nodes.at(size_t(part.node)).connector->cancelInvalidation(part.inner);
    }
}

void RedisClusterConnector::onJobProgress()
{
    const std::shared_ptr<ClusterJob> run = m_job;
    if (!run || run->sinceProgress.elapsed() < 100)
        return;
    run->sinceProgress.restart();
    InvalidationProgress sum;
    bool totalKnown = true;
    for (const ClusterJob::Part &part : run->parts) {
        const InvalidationProgress &p = part.progress;
        sum.scanned += p.scanned;
        sum.matched += p.matched;
        sum.affected += p.affected;
        sum.keysPerSecond += part.report ? 0 : p.keysPerSecond;
        sum.etaMs = qMax(sum.etaMs, p.etaMs);
        if (p.total < 0)
            totalKnown = false;
        else
            sum.total = (sum.total < 0 ? 0 : sum.total) + p.total;
    }
    if (!totalKnown) {
        sum.total = -1;
        sum.etaMs = -1;
    }
    sum.elapsedMs = run->clock.elapsed();
    Q_EMIT invalidationProgress(run->id, sum);
}

void RedisClusterConnector::onJobFinished()
{
    const std::shared_ptr<ClusterJob> run = m_job;
    if (!run)
        return;
    for (const ClusterJob::Part &part : run->parts) {
        if (!part.report)
            return;
    }
    m_job.reset();
    m_cancelPoll.stop();
    InvalidationReport report;
    report.outcome = InvalidationReport::Outcome::Completed;
    qint64 bytes = 0;
    bool bytesKnown = true;
    qint64 total = 0;
    bool totalKnown = true;
    QStringList warnings = run->warnings;
    for (const ClusterJob::Part &part : run->parts) {
        const InvalidationReport &r = *part.report;
        const QString node = m_nodes.at(size_t(part.node)).address.toString();
        if (severity(r.outcome) > severity(report.outcome)) {
            report.outcome = r.outcome;
            if (r.outcome == InvalidationReport::Outcome::Failed)
                report.error = r.error;
        }
        report.counts.scanned += r.counts.scanned;
        report.counts.matched += r.counts.matched;
        report.counts.affected += r.counts.affected;
        if (r.counts.total < 0)
            totalKnown = false;
        else
            total += r.counts.total;
        if (r.totalBytes < 0)
            bytesKnown = false;
        else
            bytes += r.totalBytes;
        for (qsizetype i = 0; i < r.sample.size() && report.sample.size() < run->job.sampleSize; ++i) {
            report.sample.append(r.sample.at(i));
            report.sampleServers.append(node);
        }
        if (!r.warning.isEmpty())
            warnings.append(QStringLiteral("%1: %2").arg(node, r.warning));
    }
    report.counts.elapsedMs = run->clock.elapsed();
    const double seconds = double(report.counts.elapsedMs) / 1000.0;
    const qint64 done =
        run->job.action == InvalidationJob::Action::Preview ? report.counts.matched : report.counts.affected;
    report.counts.keysPerSecond = seconds > 0 ? double(done) / seconds : 0;
    report.counts.etaMs = report.outcome == InvalidationReport::Outcome::Completed ? 0 : -1;
    report.counts.total = totalKnown ? total : -1;
    report.totalBytes = bytesKnown && !run->parts.empty() ? bytes : -1;
    report.warning = warnings.join(u'\n');
    finishInvalidation(run->id, report);
}

} // namespace cachescope

#include "invalidationpacer.h"

#include <algorithm>

namespace cachescope {

InvalidationPacer::InvalidationPacer(const InvalidationJob &job) : m_job(job)
{
    m_clock.start();
}

void InvalidationPacer::addMatched(const QByteArray &key, const QString &server)
{
    ++m_progress.matched;
    if (m_sample.size() >= m_job.sampleSize)
        return;
    m_sample.append(key);
    if (!server.isEmpty() || !m_sampleServers.isEmpty()) {
        m_sampleServers.resize(m_sample.size() - 1);
        m_sampleServers.append(server);
    }
}

void InvalidationPacer::addBytes(qint64 bytes)
{
    if (bytes < 0)
        return;
    m_totalBytes = std::max<qint64>(m_totalBytes, 0) + bytes;
}

int InvalidationPacer::nextBatchSize() const
{
    if (m_job.rateLimit <= 0)
        return m_job.batchSize;
    // About ten writes a second under a cap, so the rate stays smooth and cancel is quick.
    return std::clamp(m_job.rateLimit / 10, 1, m_job.batchSize);
}

qint64 InvalidationPacer::delayBeforeWriteMs(qint64 nextBatch) const
{
    if (m_job.rateLimit <= 0)
        return 0;
    const qint64 now = m_clock.elapsed();
    // Time not spent writing (a long SCAN that matched nothing) must not bank an unbounded
    // burst: at most one second's worth of keys may go out unpaced.
    const qint64 credit = now - (m_rateAnchorMs + m_progress.affected * 1000 / m_job.rateLimit);
    if (credit > 1000)
        m_rateAnchorMs += credit - 1000;
    // The earliest instant at which affected + nextBatch keys stay within the cap.
    const qint64 allowedAtMs = m_rateAnchorMs + (m_progress.affected + nextBatch) * 1000 / m_job.rateLimit;
    return std::max<qint64>(0, allowedAtMs - now);
}

bool InvalidationPacer::progressDue()
{
    const qint64 now = m_clock.elapsed();
    if (now - m_lastProgressMs < 100)
        return false;
    m_lastProgressMs = now;
    return true;
}

InvalidationProgress InvalidationPacer::progress() const
{
    InvalidationProgress p = m_progress;
    p.elapsedMs = m_clock.elapsed();
    const bool preview = m_job.action == InvalidationJob::Action::Preview;
    const qint64 done = preview ? p.matched : p.affected;
    p.keysPerSecond = p.elapsedMs > 0 ? done * 1000.0 / p.elapsedMs : 0.0;
    p.etaMs = -1;
    if (p.total > 0 && p.scanned > 0 && p.scanned <= p.total) {
        const double perScanned = double(p.elapsedMs) / double(p.scanned);
        p.etaMs = qint64(perScanned * double(p.total - p.scanned));
        // Matched keys still waiting to be written (a rate cap makes the writes, not the
        // scan, the slow part): the job ends after both.
        if (!preview && p.keysPerSecond > 0 && p.matched > p.affected)
            p.etaMs = std::max(p.etaMs, qint64(double(p.matched - p.affected) * 1000.0 / p.keysPerSecond));
    } else if (!m_job.keys.isEmpty() && !preview && p.keysPerSecond > 0) {
        p.etaMs = qint64(double(m_job.keys.size() - p.affected) * 1000.0 / p.keysPerSecond);
    }
    return p;
}

InvalidationReport InvalidationPacer::report(InvalidationReport::Outcome outcome, const Error &error) const
{
    InvalidationReport r;
    r.outcome = outcome;
    r.error = error;
    r.counts = progress();
    r.counts.etaMs = outcome == InvalidationReport::Outcome::Completed ? 0 : -1;
    r.totalBytes = m_totalBytes;
    r.sample = m_sample;
    r.sampleServers = m_sampleServers;
    r.warning = m_warning;
    return r;
}

} // namespace cachescope

#pragma once
// The bookkeeping every backend's invalidation job shares, so the three runners pace,
// report and sample the same way: counts, the sample of the first keys, when to emit
// progress (at most every 100 ms), how long to wait before the next batch to respect the
// job's rate cap, and the final report.

#include "invalidationjob.h"

#include <QElapsedTimer>

namespace cachescope {

class InvalidationPacer
{
public:
    explicit InvalidationPacer(const InvalidationJob &job);

    const InvalidationJob &job() const { return m_job; }

    void addScanned(qint64 n) { m_progress.scanned += n; }
    // A key selected by the job; kept in the sample while it has room.
    void addMatched(const QByteArray &key, const QString &server = {});
    void addAffected(qint64 n) { m_progress.affected += n; }
    void addBytes(qint64 bytes); // sizes of matched keys, when the backend knows them
    void setTotal(qint64 total) { m_progress.total = total; }

    // How many keys the next write batch may hold (the batch size, lowered so a rate cap
    // of a few keys/s still writes in small steps).
    int nextBatchSize() const;
    // Milliseconds to wait before writing `nextBatch` more keys under the rate cap (0 = go).
    qint64 delayBeforeWriteMs(qint64 nextBatch) const;

    // True at most every 100 ms; the caller emits progress() when it says so.
    bool progressDue();
    InvalidationProgress progress() const;

    InvalidationReport report(InvalidationReport::Outcome outcome, const Error &error = {}) const;
    void setWarning(const QString &warning) { m_warning = warning; }

private:
    InvalidationJob m_job;
    InvalidationProgress m_progress;
    qint64 m_totalBytes = -1;
    QList<QByteArray> m_sample;
    QList<QString> m_sampleServers;
    QString m_warning;
    QElapsedTimer m_clock;
    qint64 m_lastProgressMs = -1000;
    // The rate cap counts from this instant; delayBeforeWriteMs() moves it forward when idle
    // time (a long scan matching nothing) would otherwise bank more than a second of keys.
    mutable qint64 m_rateAnchorMs = 0;
};

} // namespace cachescope

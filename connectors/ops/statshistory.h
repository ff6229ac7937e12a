#pragma once
// Where the samples of one connection are kept for the charts: per series (the aggregate,
// then each server) three fixed-capacity rings at coarser and coarser resolutions, so a
// 24-hour window costs 1,440 points per line however fast the sampler runs:
//   tier 0  every sample          5 minutes   (1 min and 5 min windows)
//   tier 1  10-second buckets     1 hour      (1 h window)
//   tier 2  1-minute buckets      24 hours    (24 h window)
// A bucket averages rates over time (Σ rate·interval / Σ interval), recomputes the hit
// ratio from the summed hits and misses, averages gauges, and keeps the reset / error
// flags of any sample in it. The open bucket is updated in place, so the newest point of
// a coarse tier moves until its bucket closes.
//
// Markers (operator deletes and invalidations, resets, unreachable servers) are kept
// beside the points, the newest MaxMarkers of them.
//
// Threads: not thread-safe. It lives on the thread that receives the sampler's queued
// sampleReady() (the GUI thread in the app, the main thread in the CLI): a StatsSample
// is copied into the signal on the connector's thread and appended here by the receiver.

#include "operationmarker.h"
#include "ringbuffer.h"
#include "statssample.h"

#include <QStringList>

#include <array>
#include <deque>
#include <vector>

namespace cachescope {

struct StatsPoint
{
    enum Flag : quint8
    {
        Reset = 1,
        Error = 2
    };
    qint64 timestampMs = 0;
    std::array<double, StatsMetricCount> values{};
    quint8 flags = 0;
    double value(StatsMetric m) const { return values[size_t(m)]; }
};

class StatsHistory
{
public:
    struct Tier
    {
        qint64 resolutionMs; // 0 = every sample
        qint64 spanMs;
    };
    static constexpr int TierCount = 3;
    static const std::array<Tier, TierCount> &tiers();
    static constexpr qsizetype MaxMarkers = 5000;

    explicit StatsHistory(int sampleIntervalMs = 1000);

    // Sizes tier 0 for 5 minutes at this interval; clears tier 0.
    void setSampleInterval(int ms);
    void append(const StatsSample &sample);
    void addMarker(const OperationMarker &marker);
    void clear();

    // Series 0 is the aggregate ("all"), then the servers in the order they appeared.
    const QStringList &series() const { return m_names; }
    int seriesIndex(const QString &server) const { return int(m_names.indexOf(server)); }
    // The finest tier that still covers a window of this length.
    static int tierFor(qint64 windowMs);
    const RingBuffer<StatsPoint> &points(int series, int tier) const;
    const std::deque<OperationMarker> &markers() const { return m_markers; }
    // Markers ever added (the deque drops the oldest past MaxMarkers).
    quint64 markersAdded() const { return m_markersAdded; }
    // The error of the latest sample of a series; empty when it answered.
    QString currentError(int series) const;
    qint64 lastTimestampMs() const { return m_lastMs; }
    qint64 sampleCount() const { return m_samples; }
    // A database cache table (rows and expired rows instead of keys, size on disk instead
    // of memory): seen once, kept. Estimated: its hits and misses are estimates (PostgreSQL).
    bool isCacheTable() const { return m_cacheTable; }
    bool isEstimated() const { return m_estimated; }
    // Bumped by every change, so a view can tell whether it has anything to redraw.
    quint64 revision() const { return m_revision; }

    // One row per point of every series in [fromMs, toMs] of a tier:
    //   timestamp_ms,time,server,hit_ratio,hits_per_sec,...,flags   (empty field = gap)
    // Numbers are written with 17 significant digits, so they read back exactly.
    QByteArray toCsv(int tier, qint64 fromMs, qint64 toMs) const;
    static QStringList csvHeader();

private:
    struct Bucket
    {
        qint64 startMs = -1;
        std::array<double, StatsMetricCount> sum{};
        std::array<double, StatsMetricCount> weight{};
        qint64 hits = 0, misses = 0;
        bool haveDeltas = false;
        quint8 flags = 0;
    };
    struct Series
    {
        std::array<RingBuffer<StatsPoint>, TierCount> tiers;
        std::array<Bucket, TierCount> open;
        QString error;
        bool everOk = false;
    };

    int ensureSeries(const QString &name);
    void appendPoint(Series &series, const ServerSample &s, qint64 timestampMs);
    static void addToBucket(Bucket &bucket, const ServerSample &s);
    static StatsPoint bucketPoint(const Bucket &bucket);
    void noteEvents(Series &series, const ServerSample &s, qint64 timestampMs);

    int m_intervalMs;
    QStringList m_names;
    std::vector<Series> m_series;
    std::deque<OperationMarker> m_markers;
    qint64 m_lastMs = 0;
    qint64 m_samples = 0;
    quint64 m_revision = 0;
    quint64 m_markersAdded = 0;
    bool m_cacheTable = false;
    bool m_estimated = false;
};

} // namespace cachescope

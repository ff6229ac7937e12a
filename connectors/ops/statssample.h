#pragma once
// What the stats sampler produces: one StatsSample per poll, with the derived rates of
// every server of the connection and of the whole connection (the aggregate).
//
// Plain values, copied into queued signals (the sampler runs on the connector's thread,
// its readers on the GUI or CLI thread). NaN means "no value here": the first poll, the
// poll after a reset or an error, a ratio with no lookups. Charts draw NaN as a gap.

#include <QList>
#include <QMetaType>
#include <QString>

#include <array>
#include <limits>

namespace cachescope {

// The series every server has. Rates are per second over the interval since the
// previous successful poll; HitRatio is a percentage (0..100) of that interval's lookups.
enum class StatsMetric : int
{
    HitRatio,
    HitsPerSec,
    MissesPerSec,
    EvictionsPerSec,
    ExpiredPerSec,
    OpsPerSec,
    MemoryUsed, // bytes
    MemoryMax,  // bytes; NaN when the server has no limit (Redis maxmemory 0)
    Clients,
    Items,
    // Django's database cache table (see connectors/dbcache/dbcachestats.cpp); NaN elsewhere.
    ExpiredItems,   // rows past their expiry still in the table
    InsertsPerSec,  // PostgreSQL only: n_tup_ins, n_tup_upd, n_tup_del per second
    UpdatesPerSec,
    DeletesPerSec,
    Count
};
constexpr int StatsMetricCount = int(StatsMetric::Count);

// "hit_ratio", "hits_per_sec", ... (CSV headers, JSON fields)
QString statsMetricKey(StatsMetric metric);
// "Hit ratio", "Hits/s", ... (chart labels)
QString statsMetricTitle(StatsMetric metric);
// Rates and the ratio are derived from two polls; the others are read from one.
bool isRateMetric(StatsMetric metric);

constexpr double StatsGap = std::numeric_limits<double>::quiet_NaN();

struct ServerSample
{
    QString server; // "host:port", or AggregateName for the aggregate
    std::array<double, StatsMetricCount> values{};
    // Raw deltas behind the ratio, so an aggregate or a coarser bucket can recompute it
    // exactly (sum of hits / sum of lookups, never a mean of ratios). -1 = unknown.
    qint64 deltaHits = -1;
    qint64 deltaMisses = -1;
    double intervalSecs = 0; // 0 when there is no previous poll to compare with
    bool reset = false;      // counters restarted: rates are a gap
    QString resetReason;     // "run_id changed", "keyspace_hits went down", ...
    QString error;           // non-empty: the server did not answer; all values NaN
    // Hits and misses are inferred (a database cache table's index usage), not counted by
    // the server: charts and the CLI label them "estimate".
    bool estimated = false;

    ServerSample() { values.fill(StatsGap); }
    double value(StatsMetric m) const { return values[size_t(m)]; }
    void set(StatsMetric m, double v) { values[size_t(m)] = v; }
    bool ok() const { return error.isEmpty(); }

    static inline const QString AggregateName = QStringLiteral("all");
};

struct StatsSample
{
    qint64 timestampMs = 0;      // wall clock (ms since the epoch) of the answer
    QList<ServerSample> servers; // in the order the connector reported them
    ServerSample aggregate;      // sums over the servers; ratio from summed deltas
    QString error;               // the whole poll failed (connection down)
};

void registerStatsMetaTypes();

} // namespace cachescope

Q_DECLARE_METATYPE(cachescope::StatsSample)

#include "statshistory.h"

#include <QDateTime>

#include <cmath>

namespace cachescope {

namespace {

constexpr qint64 RawSpanMs = 5 * 60 * 1000;

qsizetype capacityFor(qint64 spanMs, qint64 stepMs)
{
    // +2: the open bucket and one that straddles the window's left edge.
    return qsizetype(spanMs / qMax<qint64>(stepMs, 1)) + 2;
}

void appendNumber(QByteArray &out, double v)
{
    if (std::isfinite(v))
        out.append(QByteArray::number(v, 'g', 17));
}

} // namespace

const std::array<StatsHistory::Tier, StatsHistory::TierCount> &StatsHistory::tiers()
{
    static const std::array<Tier, TierCount> t{
        {{0, RawSpanMs}, {10 * 1000, 60 * 60 * 1000}, {60 * 1000, 24 * 60 * 60 * 1000}}};
    return t;
}

StatsHistory::StatsHistory(int sampleIntervalMs) : m_intervalMs(qMax(sampleIntervalMs, 1)) {}

void StatsHistory::setSampleInterval(int ms)
{
    m_intervalMs = qMax(ms, 1);
    for (Series &s : m_series)
        s.tiers[0].reset(capacityFor(RawSpanMs, m_intervalMs));
    ++m_revision;
}

int StatsHistory::tierFor(qint64 windowMs)
{
    for (int t = 0; t < TierCount; ++t) {
        if (windowMs <= tiers()[size_t(t)].spanMs)
            return t;
    }
    return TierCount - 1;
}

const RingBuffer<StatsPoint> &StatsHistory::points(int series, int tier) const
{
    return m_series.at(size_t(series)).tiers[size_t(tier)];
}

QString StatsHistory::currentError(int series) const
{
    return series >= 0 && size_t(series) < m_series.size() ? m_series[size_t(series)].error : QString();
}

int StatsHistory::ensureSeries(const QString &name)
{
    const int found = seriesIndex(name);
    if (found >= 0)
        return found;
    m_names.append(name);
    Series s;
    s.tiers[0].reset(capacityFor(RawSpanMs, m_intervalMs));
    for (int t = 1; t < TierCount; ++t)
        s.tiers[size_t(t)].reset(capacityFor(tiers()[size_t(t)].spanMs, tiers()[size_t(t)].resolutionMs));
    m_series.push_back(std::move(s));
    return int(m_names.size()) - 1;
}

void StatsHistory::clear()
{
    m_names.clear();
    m_series.clear();
    m_markers.clear();
    m_lastMs = 0;
    m_samples = 0;
    m_cacheTable = m_estimated = false;
    ++m_revision;
}

void StatsHistory::append(const StatsSample &sample)
{
    if (m_names.isEmpty())
        ensureSeries(ServerSample::AggregateName);
    appendPoint(m_series[0], sample.aggregate, sample.timestampMs);
    for (const ServerSample &s : sample.servers) {
        const int index = ensureSeries(s.server);
        Series &series = m_series[size_t(index)];
        noteEvents(series, s, sample.timestampMs);
        appendPoint(series, s, sample.timestampMs);
    }
    m_cacheTable = m_cacheTable || std::isfinite(sample.aggregate.value(StatsMetric::ExpiredItems));
    m_estimated = m_estimated || sample.aggregate.estimated;
    m_lastMs = sample.timestampMs;
    ++m_samples;
    ++m_revision;
}

// Resets and unreachable servers become markers once, when they happen, not per poll.
void StatsHistory::noteEvents(Series &series, const ServerSample &s, qint64 timestampMs)
{
    if (s.reset) {
        addMarker(OperationMarker{timestampMs, OperationMarker::Kind::Reset, QStringLiteral("reset"),
                                  s.resetReason, -1, s.server});
    }
    if (!s.ok() && series.error != s.error) {
        addMarker(OperationMarker{timestampMs, OperationMarker::Kind::Unreachable,
                                  QStringLiteral("unreachable"), s.error, -1, s.server});
    }
    series.error = s.error;
    series.everOk = series.everOk || s.ok();
}

void StatsHistory::appendPoint(Series &series, const ServerSample &s, qint64 timestampMs)
{
    if (&series == &m_series[0])
        series.error = s.error;
    StatsPoint raw;
    raw.timestampMs = timestampMs;
    raw.values = s.values;
    raw.flags = quint8((s.reset ? StatsPoint::Reset : 0) | (s.ok() ? 0 : StatsPoint::Error));
    series.tiers[0].push_back(raw);

    for (int t = 1; t < TierCount; ++t) {
        const qint64 res = tiers()[size_t(t)].resolutionMs;
        const qint64 start = timestampMs - (timestampMs % res);
        Bucket &bucket = series.open[size_t(t)];
        RingBuffer<StatsPoint> &ring = series.tiers[size_t(t)];
        const bool fresh = bucket.startMs != start;
        if (fresh) {
            bucket = Bucket();
            bucket.startMs = start;
        }
        addToBucket(bucket, s);
        if (fresh || ring.isEmpty())
            ring.push_back(bucketPoint(bucket));
        else
            ring.back() = bucketPoint(bucket);
    }
}

void StatsHistory::addToBucket(Bucket &bucket, const ServerSample &s)
{
    bucket.flags |= quint8((s.reset ? StatsPoint::Reset : 0) | (s.ok() ? 0 : StatsPoint::Error));
    for (int m = 0; m < StatsMetricCount; ++m) {
        const double v = s.values[size_t(m)];
        if (!std::isfinite(v) || m == int(StatsMetric::HitRatio))
            continue;
        // Rates weigh by the time they cover; gauges count each reading once.
        const double w = isRateMetric(StatsMetric(m)) ? qMax(s.intervalSecs, 1e-9) : 1.0;
        bucket.sum[size_t(m)] += v * w;
        bucket.weight[size_t(m)] += w;
    }
    if (s.deltaHits >= 0 && s.deltaMisses >= 0) {
        bucket.hits += s.deltaHits;
        bucket.misses += s.deltaMisses;
        bucket.haveDeltas = true;
    }
}

StatsPoint StatsHistory::bucketPoint(const Bucket &bucket)
{
    StatsPoint p;
    p.timestampMs = bucket.startMs;
    p.flags = bucket.flags;
    for (int m = 0; m < StatsMetricCount; ++m) {
        p.values[size_t(m)] =
            bucket.weight[size_t(m)] > 0 ? bucket.sum[size_t(m)] / bucket.weight[size_t(m)] : StatsGap;
    }
    const qint64 lookups = bucket.hits + bucket.misses;
    p.values[size_t(StatsMetric::HitRatio)] =
        bucket.haveDeltas && lookups > 0 ? 100.0 * double(bucket.hits) / double(lookups) : StatsGap;
    return p;
}

void StatsHistory::addMarker(const OperationMarker &marker)
{
    m_markers.push_back(marker);
    ++m_markersAdded;
    while (qsizetype(m_markers.size()) > MaxMarkers)
        m_markers.pop_front();
    ++m_revision;
}

QStringList StatsHistory::csvHeader()
{
    QStringList h{QStringLiteral("timestamp_ms"), QStringLiteral("time"), QStringLiteral("server")};
    for (int m = 0; m < StatsMetricCount; ++m)
        h.append(statsMetricKey(StatsMetric(m)));
    h.append(QStringLiteral("flags"));
    return h;
}

QByteArray StatsHistory::toCsv(int tier, qint64 fromMs, qint64 toMs) const
{
    QByteArray out = csvHeader().join(u',').toUtf8();
    out.append('\n');
    for (size_t i = 0; i < m_series.size(); ++i) {
        const RingBuffer<StatsPoint> &ring = m_series[i].tiers[size_t(tier)];
        QByteArray name = m_names.at(qsizetype(i)).toUtf8();
        if (name.contains(',') || name.contains('"'))
            name = '"' + name.replace('"', "\"\"") + '"';
        for (qsizetype k = ring.lowerBound(fromMs, [](const StatsPoint &p) { return p.timestampMs; });
             k < ring.size(); ++k) {
            const StatsPoint &p = ring.at(k);
            if (p.timestampMs > toMs)
                break;
            out.append(QByteArray::number(p.timestampMs)).append(',');
            out.append(QDateTime::fromMSecsSinceEpoch(p.timestampMs, Qt::UTC)
                           .toString(Qt::ISODateWithMs)
                           .toLatin1());
            out.append(',').append(name);
            for (double v : p.values) {
                out.append(',');
                appendNumber(out, v);
            }
            out.append(',');
            if (p.flags & StatsPoint::Reset)
                out.append("reset");
            if (p.flags & StatsPoint::Error)
                out.append((p.flags & StatsPoint::Reset) ? " error" : "error");
            out.append('\n');
        }
    }
    return out;
}

} // namespace cachescope

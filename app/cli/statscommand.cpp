#include "statscommand.h"

#include "jsonwriter.h"
#include "ops/statsmonitor.h"

#include <QDateTime>

#include <cmath>

namespace cachescope::cli {

namespace {

QByteArray number(double v, int decimals)
{
    return std::isfinite(v) ? QByteArray::number(v, 'f', decimals) : QByteArray("-");
}

QByteArray bytes(double v)
{
    if (!std::isfinite(v))
        return "-";
    const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    return QByteArray::number(v, 'f', u == 0 ? 0 : 1) + ' ' + units[u];
}

void appendJsonNumber(QByteArray &out, double v)
{
    if (std::isfinite(v))
        out.append(QByteArray::number(v, 'g', 12));
    else
        out.append("null");
}

void appendServerFields(JsonObject &obj, const ServerSample &s)
{
    obj.field("interval_s");
    appendJsonNumber(obj.out(), s.intervalSecs > 0 ? s.intervalSecs : StatsGap);
    for (int m = 0; m < StatsMetricCount; ++m) {
        appendJsonNumber(obj.field(statsMetricKey(StatsMetric(m)).toLatin1()), s.values[size_t(m)]);
    }
    // Hits, misses, ratio and ops inferred from a cache table's index usage (PostgreSQL).
    obj.field("estimated").append(s.estimated ? "true" : "false");
    obj.field("reset").append(s.reset ? "true" : "false");
    if (s.reset)
        json::appendText(obj.field("reset_reason"), s.resetReason);
    else
        obj.field("reset_reason").append("null");
    if (s.ok())
        obj.field("error").append("null");
    else
        json::appendText(obj.field("error"), s.error);
}

} // namespace

StatsCommand::StatsCommand(const ConnectionSpec &spec, const StatsOptions &options, QObject *parent)
    : CliCommand(spec, parent), m_options(options)
{
}

StatsCommand::~StatsCommand() = default;

void StatsCommand::start()
{
    // The sampler guards each poll with the connection's own timeouts.
    disableWatchdog();
    m_monitor = std::make_unique<StatsMonitor>(&host());
    m_monitor->setInterval(m_options.intervalMs);
    connect(m_monitor.get(), &StatsMonitor::sampleAdded, this, &StatsCommand::onSample);
    m_monitor->start();
}

void StatsCommand::aborting()
{
    if (m_monitor)
        m_monitor->stop();
}

void StatsCommand::onSample(const StatsSample &sample)
{
    if (m_seen++ == 0 && sample.error.isEmpty())
        return; // the baseline: no rates yet
    out().append(m_options.json ? jsonLine(sample) : plainLine(sample));
    out().append('\n');
    out().flush();
    if (stopIfBroken())
        return;
    ++m_printed;
    if (m_options.count >= 0 && m_printed >= m_options.count) {
        m_monitor->stop();
        finish(sample.aggregate.ok() ? ExitOk : ExitFailure);
    }
}

QByteArray StatsCommand::plainLine(const StatsSample &sample)
{
    const ServerSample &s = sample.aggregate;
    QByteArray line = QDateTime::fromMSecsSinceEpoch(sample.timestampMs).toString(Qt::ISODate).toLatin1();
    if (!s.ok()) {
        line += "  unreachable: " + s.error.toUtf8();
        return line;
    }
    const bool table = std::isfinite(s.value(StatsMetric::ExpiredItems));
    const QByteArray estimate = s.estimated ? " (estimate)" : "";
    line += "  hit " + (std::isfinite(s.value(StatsMetric::HitRatio))
                            ? number(s.value(StatsMetric::HitRatio), 1) + '%' + estimate
                            : QByteArray("-"));
    line += "  hits/s " + number(s.value(StatsMetric::HitsPerSec), 1);
    line += "  misses/s " + number(s.value(StatsMetric::MissesPerSec), 1);
    if (table) {
        // A database cache table: rows and writes (PostgreSQL) instead of memory and evictions.
        line += "  inserts/s " + number(s.value(StatsMetric::InsertsPerSec), 1);
        line += "  updates/s " + number(s.value(StatsMetric::UpdatesPerSec), 1);
        line += "  deletes/s " + number(s.value(StatsMetric::DeletesPerSec), 1);
        line += "  ops/s " + number(s.value(StatsMetric::OpsPerSec), 1);
        line += "  rows " + number(s.value(StatsMetric::Items), 0);
        line += "  expired rows " + number(s.value(StatsMetric::ExpiredItems), 0);
        line += "  size " + bytes(s.value(StatsMetric::MemoryUsed));
    } else {
        line += "  evictions/s " + number(s.value(StatsMetric::EvictionsPerSec), 1);
        line += "  expired/s " + number(s.value(StatsMetric::ExpiredPerSec), 1);
        line += "  ops/s " + number(s.value(StatsMetric::OpsPerSec), 1);
        line += "  memory " + bytes(s.value(StatsMetric::MemoryUsed));
        if (std::isfinite(s.value(StatsMetric::MemoryMax)))
            line += " / " + bytes(s.value(StatsMetric::MemoryMax));
        line += "  clients " + number(s.value(StatsMetric::Clients), 0);
        line += "  items " + number(s.value(StatsMetric::Items), 0);
    }
    if (s.reset)
        line += "  reset: " + s.resetReason.toUtf8();
    int down = 0;
    for (const ServerSample &server : sample.servers)
        down += server.ok() ? 0 : 1;
    if (down > 0)
        line += "  (" + QByteArray::number(down) + " of " + QByteArray::number(sample.servers.size()) +
                " servers unreachable)";
    return line;
}

QByteArray StatsCommand::jsonLine(const StatsSample &sample)
{
    QByteArray line;
    JsonObject obj(line);
    json::appendText(obj.field("time"),
                     QDateTime::fromMSecsSinceEpoch(sample.timestampMs, Qt::UTC).toString(Qt::ISODateWithMs));
    obj.field("timestamp_ms").append(QByteArray::number(sample.timestampMs));
    appendServerFields(obj, sample.aggregate);
    obj.field("servers").append('[');
    for (qsizetype i = 0; i < sample.servers.size(); ++i) {
        if (i > 0)
            line.append(", ");
        JsonObject server(line);
        json::appendText(server.field("server"), sample.servers.at(i).server);
        appendServerFields(server, sample.servers.at(i));
        server.close();
    }
    line.append(']');
    obj.close();
    return line;
}

} // namespace cachescope::cli

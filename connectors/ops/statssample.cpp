#include "statssample.h"

#include "operationmarker.h"

namespace cachescope {

QString statsMetricKey(StatsMetric metric)
{
    switch (metric) {
    case StatsMetric::HitRatio:
        return QStringLiteral("hit_ratio");
    case StatsMetric::HitsPerSec:
        return QStringLiteral("hits_per_sec");
    case StatsMetric::MissesPerSec:
        return QStringLiteral("misses_per_sec");
    case StatsMetric::EvictionsPerSec:
        return QStringLiteral("evictions_per_sec");
    case StatsMetric::ExpiredPerSec:
        return QStringLiteral("expired_per_sec");
    case StatsMetric::OpsPerSec:
        return QStringLiteral("ops_per_sec");
    case StatsMetric::MemoryUsed:
        return QStringLiteral("memory_used");
    case StatsMetric::MemoryMax:
        return QStringLiteral("memory_max");
    case StatsMetric::Clients:
        return QStringLiteral("clients");
    case StatsMetric::Items:
        return QStringLiteral("items");
    case StatsMetric::ExpiredItems:
        return QStringLiteral("expired_items");
    case StatsMetric::InsertsPerSec:
        return QStringLiteral("inserts_per_sec");
    case StatsMetric::UpdatesPerSec:
        return QStringLiteral("updates_per_sec");
    case StatsMetric::DeletesPerSec:
        return QStringLiteral("deletes_per_sec");
    case StatsMetric::Count:
        break;
    }
    return {};
}

QString statsMetricTitle(StatsMetric metric)
{
    switch (metric) {
    case StatsMetric::HitRatio:
        return QStringLiteral("Hit ratio");
    case StatsMetric::HitsPerSec:
        return QStringLiteral("Hits/s");
    case StatsMetric::MissesPerSec:
        return QStringLiteral("Misses/s");
    case StatsMetric::EvictionsPerSec:
        return QStringLiteral("Evictions/s");
    case StatsMetric::ExpiredPerSec:
        return QStringLiteral("Expired/s");
    case StatsMetric::OpsPerSec:
        return QStringLiteral("Ops/s");
    case StatsMetric::MemoryUsed:
        return QStringLiteral("Memory used");
    case StatsMetric::MemoryMax:
        return QStringLiteral("Memory limit");
    case StatsMetric::Clients:
        return QStringLiteral("Clients");
    case StatsMetric::Items:
        return QStringLiteral("Items");
    case StatsMetric::ExpiredItems:
        return QStringLiteral("Expired rows");
    case StatsMetric::InsertsPerSec:
        return QStringLiteral("Inserts/s");
    case StatsMetric::UpdatesPerSec:
        return QStringLiteral("Updates/s");
    case StatsMetric::DeletesPerSec:
        return QStringLiteral("Deletes/s");
    case StatsMetric::Count:
        break;
    }
    return {};
}

bool isRateMetric(StatsMetric metric)
{
    return int(metric) <= int(StatsMetric::OpsPerSec) || metric == StatsMetric::InsertsPerSec ||
           metric == StatsMetric::UpdatesPerSec || metric == StatsMetric::DeletesPerSec;
}

void registerStatsMetaTypes()
{
    static const bool once = [] {
        qRegisterMetaType<cachescope::StatsSample>();
        qRegisterMetaType<cachescope::OperationMarker>();
        return true;
    }();
    Q_UNUSED(once);
}

} // namespace cachescope

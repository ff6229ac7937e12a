#include "statshub.h"

#include "ops/statsmonitor.h"
#include "ops/statssampler.h"
#include "session/connectionsession.h"

#include <algorithm>

namespace cachescope {

StatsHub::StatsHub(QObject *parent) : QObject(parent), m_intervalMs(StatsSampler::DefaultIntervalMs) {}

StatsHub::~StatsHub() = default;

StatsMonitor *StatsHub::monitorFor(ConnectionSession *session)
{
    if (!session)
        return nullptr;
    if (StatsMonitor *existing = monitor(session))
        return existing;
    if (!session->host())
        return nullptr;
    auto monitor = std::make_unique<StatsMonitor>(session->host());
    monitor->setInterval(m_intervalMs);
    StatsMonitor *raw = monitor.get();
    m_entries.emplace(session, Entry{m_next++, std::move(monitor)});
    // By the time destroyed() fires the session's host is gone and the monitor knows it.
    connect(session, &QObject::destroyed, this, [this, session] { remove(session); });
    raw->start();
    Q_EMIT monitorAdded(session, raw);
    return raw;
}

StatsMonitor *StatsHub::monitor(const ConnectionSession *session) const
{
    const auto it = m_entries.find(session);
    return it == m_entries.end() ? nullptr : it->second.monitor.get();
}

void StatsHub::remove(ConnectionSession *session)
{
    const auto it = m_entries.find(session);
    if (it == m_entries.end())
        return;
    Q_EMIT monitorRemoved(session);
    // Erase first: a slot reached from the monitor's destructor must not find it.
    std::unique_ptr<StatsMonitor> monitor = std::move(it->second.monitor);
    m_entries.erase(it);
    disconnect(session, &QObject::destroyed, this, nullptr);
}

QList<ConnectionSession *> StatsHub::sessions() const
{
    std::vector<std::pair<quint64, const ConnectionSession *>> ordered;
    for (const auto &[session, entry] : m_entries)
        ordered.emplace_back(entry.order, session);
    std::sort(ordered.begin(), ordered.end());
    QList<ConnectionSession *> result;
    for (const auto &pair : ordered)
        result.append(const_cast<ConnectionSession *>(pair.second));
    return result;
}

void StatsHub::setInterval(int ms)
{
    m_intervalMs = StatsSampler::clampInterval(ms);
    for (auto &[session, entry] : m_entries)
        entry.monitor->setInterval(m_intervalMs);
}

} // namespace cachescope

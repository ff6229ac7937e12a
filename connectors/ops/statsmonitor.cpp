#include "statsmonitor.h"

#include "core/connectorhost.h"
#include "statssampler.h"

#include <QThread>

namespace cachescope {

StatsMonitor::StatsMonitor(ConnectorHost *host, QObject *parent)
    : QObject(parent), m_history(StatsSampler::DefaultIntervalMs),
      m_intervalMs(StatsSampler::DefaultIntervalMs)
{
    registerStatsMetaTypes();
    Connector *connector = host->connector();
    m_sampler = new StatsSampler(connector);
    m_sampler->moveToThread(connector->thread());
    // If the host goes first, its thread deletes the sampler as it finishes.
    connect(connector->thread(), &QThread::finished, m_sampler, &QObject::deleteLater);
    connect(host, &QObject::destroyed, this, [this] { m_sampler = nullptr; });
    connect(m_sampler, &StatsSampler::sampleReady, this, &StatsMonitor::onSample);
}

StatsMonitor::~StatsMonitor()
{
    if (m_sampler)
        m_sampler->deleteLater();
}

template <typename F> void StatsMonitor::post(F &&call)
{
    if (m_sampler)
        QMetaObject::invokeMethod(m_sampler, std::forward<F>(call), Qt::QueuedConnection);
}

void StatsMonitor::setInterval(int ms)
{
    m_intervalMs = StatsSampler::clampInterval(ms);
    m_history.setSampleInterval(m_intervalMs);
    post([s = m_sampler, ms = m_intervalMs] { s->setInterval(ms); });
}

void StatsMonitor::start()
{
    m_running = true;
    post([s = m_sampler] { s->start(); });
}

void StatsMonitor::stop()
{
    m_running = false;
    post([s = m_sampler] { s->stop(); });
}

void StatsMonitor::sampleNow()
{
    post([s = m_sampler] { s->sampleNow(); });
}

void StatsMonitor::addMarker(const OperationMarker &marker)
{
    m_history.addMarker(marker);
    Q_EMIT markerAdded(marker);
}

void StatsMonitor::onSample(const StatsSample &sample)
{
    m_last = sample;
    const quint64 before = m_history.markersAdded();
    m_history.append(sample);
    Q_EMIT sampleAdded(sample);
    // Resets and unreachable servers the history turned into markers.
    const auto &markers = m_history.markers();
    const size_t fresh = size_t(qMin<quint64>(m_history.markersAdded() - before, markers.size()));
    for (size_t i = markers.size() - fresh; i < markers.size(); ++i)
        Q_EMIT markerAdded(markers[i]);
}

} // namespace cachescope

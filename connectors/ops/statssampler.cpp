#include "statssampler.h"

#include <QDateTime>

#include <atomic>

namespace cachescope {

namespace {

// Shared by every sampler of the process; far above what ConnectorHost counts up to.
std::atomic<quint64> s_nextId{quint64(1) << 62};

} // namespace

StatsSampler::StatsSampler(Connector *connector, QObject *parent)
    : QObject(parent), m_connector(connector), m_timer(this),
      m_staleAfterMs(qint64(connector->spec().connectTimeoutMs) + connector->spec().commandTimeoutMs + 2000)
{
    registerStatsMetaTypes();
    m_clock.start();
    m_timer.setInterval(DefaultIntervalMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &StatsSampler::poll);
    connect(connector, &Connector::serverStatsReady, this, &StatsSampler::onStats);
    connect(connector, &Connector::requestFailed, this, &StatsSampler::onFailed);
}

void StatsSampler::setInterval(int ms)
{
    m_timer.setInterval(clampInterval(ms));
}

void StatsSampler::start()
{
    m_timer.start();
    poll();
}

void StatsSampler::stop()
{
    m_timer.stop();
}

void StatsSampler::sampleNow()
{
    if (m_inFlight != 0)
        m_again = true;
    else
        poll();
}

void StatsSampler::poll()
{
    if (m_inFlight != 0) {
        if (m_clock.elapsed() - m_sentAtMs < m_staleAfterMs)
            return;
        // Its late answer, if any, is dropped by id like any stale one.
        answered();
        Q_EMIT sampleReady(
            m_deriver.addFailure(QStringLiteral("%1 did not answer the statistics request within %2 s")
                                     .arg(m_connector->spec().displayAddress())
                                     .arg(m_staleAfterMs / 1000),
                                 QDateTime::currentMSecsSinceEpoch(), m_connector->spec().displayAddress()));
    }
    m_inFlight = s_nextId.fetch_add(1);
    m_sentAtMs = m_clock.elapsed();
    m_connector->fetchServerStats(m_inFlight);
}

void StatsSampler::onStats(quint64 id, const QList<ServerStats> &tables)
{
    if (id != m_inFlight)
        return;
    const StatsSample sample =
        m_deriver.add(tables, QDateTime::currentMSecsSinceEpoch(), double(m_clock.nsecsElapsed()) / 1e6);
    answered();
    Q_EMIT sampleReady(sample);
    if (m_again) {
        m_again = false;
        poll();
    }
}

void StatsSampler::onFailed(quint64 id, const Error &error)
{
    if (id != m_inFlight)
        return;
    const StatsSample sample = m_deriver.addFailure(error.message, QDateTime::currentMSecsSinceEpoch(),
                                                    m_connector->spec().displayAddress());
    answered();
    Q_EMIT sampleReady(sample);
    if (m_again) {
        m_again = false;
        poll();
    }
}

void StatsSampler::answered()
{
    m_inFlight = 0;
}

} // namespace cachescope

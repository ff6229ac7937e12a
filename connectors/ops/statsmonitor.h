#pragma once
// The GUI's (or CLI's) handle on the statistics of one connection: creates a StatsSampler
// on the connector's thread, receives its samples, keeps them in a StatsHistory and keeps
// the chart markers.
//
// Threads: the monitor and its history live on the thread that creates it (GUI / CLI
// main thread). The sampler lives on the connector's thread; control calls are posted to
// it with QMetaObject::invokeMethod, samples come back by copy in its queued
// sampleReady(). Lifetime: the sampler is deleted on its own thread, by the monitor's
// destructor (deleteLater) or, if the ConnectorHost goes first, when the connector's
// thread finishes; the monitor notices the host's destruction and stops posting.

#include "operationmarker.h"
#include "statshistory.h"
#include "statssample.h"

#include <QObject>
#include <QPointer>

namespace cachescope {

class ConnectorHost;
class StatsSampler;

class StatsMonitor : public QObject
{
    Q_OBJECT
public:
    explicit StatsMonitor(ConnectorHost *host, QObject *parent = nullptr);
    ~StatsMonitor() override;

    void setInterval(int ms); // clamped to 0.25 s .. 60 s
    int interval() const { return m_intervalMs; }
    void start();
    void stop();
    bool isRunning() const { return m_running; }
    void sampleNow();

    // Draws an operator's action on this connection's charts.
    void addMarker(const OperationMarker &marker);

    const StatsHistory &history() const { return m_history; }
    StatsHistory &history() { return m_history; }
    const StatsSample &lastSample() const { return m_last; }

Q_SIGNALS:
    void sampleAdded(const cachescope::StatsSample &sample);
    void markerAdded(const cachescope::OperationMarker &marker);

private:
    template <typename F> void post(F &&call);
    void onSample(const StatsSample &sample);

    StatsSampler *m_sampler = nullptr; // lives on the connector's thread
    StatsHistory m_history;
    StatsSample m_last;
    int m_intervalMs;
    bool m_running = false;
};

} // namespace cachescope

#pragma once
// Polls Connector::fetchServerStats at an interval and turns each answer into a
// StatsSample (see StatsDeriver for the counters and the rules).
//
// Threads: a StatsSampler lives on its connector's thread (StatsMonitor creates it there
// and owns it). Its timer, the fetch and the counter arithmetic all run on that thread,
// so the interval is measured where the answer arrives, never delayed by a busy GUI.
// The result leaves by copy in the queued sampleReady() signal; nothing is shared.
// Call setInterval/start/stop/sampleNow on the sampler's thread only (StatsMonitor posts
// them there with QMetaObject::invokeMethod).
//
// Requests carry ids from a range of their own (above 2^62), so the key and value
// panels, which filter the connector's signals by their own ids, never see them. One
// request at a time: a tick that finds the previous poll unanswered skips, and a poll
// unanswered for longer than the connection's timeouts allow counts as failed.

#include "core/connector.h"
#include "statsderiver.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace cachescope {

class StatsSampler : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultIntervalMs = 1000;
    static constexpr int MinIntervalMs = 250;
    static constexpr int MaxIntervalMs = 60000;
    static int clampInterval(int ms) { return qBound(MinIntervalMs, ms, MaxIntervalMs); }

    explicit StatsSampler(Connector *connector, QObject *parent = nullptr);

    void setInterval(int ms); // clamped to [MinIntervalMs, MaxIntervalMs]
    int interval() const { return m_timer.interval(); }
    void start(); // polls now, then every interval
    void stop();
    // One poll now, outside the timer (tests; the CLI's first baseline). If a poll is in
    // flight, another follows as soon as it is answered.
    void sampleNow();

Q_SIGNALS:
    void sampleReady(const cachescope::StatsSample &sample);

private:
    void poll();
    void onStats(quint64 id, const QList<cachescope::ServerStats> &tables);
    void onFailed(quint64 id, const cachescope::Error &error);
    void answered();

    Connector *m_connector;
    QTimer m_timer;
    QElapsedTimer m_clock;
    StatsDeriver m_deriver;
    quint64 m_inFlight = 0;
    qint64 m_sentAtMs = 0;
    qint64 m_staleAfterMs;
    bool m_again = false;
};

} // namespace cachescope

#pragma once
// One StatsMonitor per open connection, so each connection's history keeps growing while
// the operator looks at another one: the dashboard shows the monitor of the connection in
// front, the overview reads all of them.
//
// Lifetime: a monitor is made for a session the first time it is asked for and dropped
// when that session is destroyed (after its ConnectorHost is gone, which the monitor
// notices, see StatsMonitor) or remove()d. The hub and the monitors live on the GUI thread;
// sampling runs on each connector's thread as before.

#include <QObject>
#include <QPointer>

#include <map>
#include <memory>

namespace cachescope {

class ConnectionSession;
class StatsMonitor;

class StatsHub : public QObject
{
    Q_OBJECT
public:
    explicit StatsHub(QObject *parent = nullptr);
    ~StatsHub() override;

    // The session's monitor, made and started (at interval()) on first use; nullptr for a
    // session without a connector (it failed before opening one).
    StatsMonitor *monitorFor(ConnectionSession *session);
    StatsMonitor *monitor(const ConnectionSession *session) const;
    void remove(ConnectionSession *session);
    // Sessions with a monitor, in the order they were added.
    QList<ConnectionSession *> sessions() const;

    // Sampling interval of every monitor (clamped to 0.25 s .. 60 s).
    void setInterval(int ms);
    int interval() const { return m_intervalMs; }

Q_SIGNALS:
    void monitorAdded(cachescope::ConnectionSession *session, cachescope::StatsMonitor *monitor);
    // Emitted before the monitor is deleted.
    void monitorRemoved(cachescope::ConnectionSession *session);

private:
    struct Entry
    {
        quint64 order;
        std::unique_ptr<StatsMonitor> monitor;
    };
    std::map<const ConnectionSession *, Entry> m_entries;
    quint64 m_next = 0;
    int m_intervalMs;
};

} // namespace cachescope

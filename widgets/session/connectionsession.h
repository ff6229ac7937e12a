#pragma once
// One live connection as the GUI sees it: owns the ConnectorHost (and so the connector's
// thread), tracks whether it is connecting, connected or failed, and keeps the latest
// ServerInfo for the status bar. Panels reach the connector through host() and filter
// the connector's signals by the request ids they got back; this class only listens to
// open / info / connection-lost.

#include "core/connectorhost.h"
#include "settings/savedconnection.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace cachescope {

class ConnectionSession : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Connecting, Connected, Failed };

    // connection.spec.password is the real password (from PasswordStore), if any.
    explicit ConnectionSession(SavedConnection connection, QObject *parent = nullptr);
    ~ConnectionSession() override;

    // Starts the connector thread and connects; emits opened() or failed(). A connector
    // that answers neither within the connect timeout (plus slack) counts as failed.
    void open();
    // Asks for fresh ServerInfo (DB size, round trip); emits infoChanged().
    void refreshInfo();
    // While connected, refresh the info every intervalMs (0 = never).
    void setInfoInterval(int intervalMs);

    ConnectorHost *host() const { return m_host.get(); }
    Connector *connector() const { return m_host ? m_host->connector() : nullptr; }
    const SavedConnection &connection() const { return m_connection; }
    bool isReadOnly() const { return m_connection.spec.readOnly; }
    State state() const { return m_state; }
    const ServerInfo &info() const { return m_info; }
    const Error &lastError() const { return m_error; }

    // "connected: Redis 7.0.15, 1,234,567 keys, 0.3 ms"
    static QString describe(const ServerInfo &info);

Q_SIGNALS:
    void opened(const cachescope::ServerInfo &info);
    void failed(const cachescope::Error &error);
    // Connected again after failed() (the connector reconnects lazily on the next request).
    void reconnected(const cachescope::ServerInfo &info);
    void infoChanged(const cachescope::ServerInfo &info);
    // Sentinel: the master changed since the last info ("mymaster failed over: now
    // 127.0.0.1:7002"), for the status bar.
    void failedOver(const QString &notice);

private:
    void fail(const Error &error);
    // Keeps info as the latest, and says so when a Sentinel connection's master moved.
    void takeInfo(const ServerInfo &info);

    SavedConnection m_connection;
    std::unique_ptr<ConnectorHost> m_host;
    State m_state = State::Idle;
    ServerInfo m_info;
    Error m_error;
    quint64 m_infoId = 0;
    QTimer m_openTimeout;
    QTimer m_infoTimer;
};

} // namespace cachescope

#include "connectionsession.h"

#include "common/format.h"
#include "connectorfactory.h"

namespace cachescope {

ConnectionSession::ConnectionSession(SavedConnection connection, QObject *parent)
    : QObject(parent), m_connection(std::move(connection))
{
    registerCoreMetaTypes();
    m_openTimeout.setSingleShot(true);
    connect(&m_openTimeout, &QTimer::timeout, this, [this] {
        fail(Error::make(ErrorKind::Timeout,
                         tr("%1 did not answer within %2 s. Check that the server is running and reachable, "
                            "or raise the connect timeout in the connection's settings.")
                             .arg(m_connection.spec.displayAddress())
                             .arg(m_openTimeout.interval() / 1000)));
    });
    connect(&m_infoTimer, &QTimer::timeout, this, &ConnectionSession::refreshInfo);
}

ConnectionSession::~ConnectionSession() = default;

void ConnectionSession::open()
{
    auto connector = createConnector(m_connection.spec);
    if (!connector) {
        fail(Error::make(ErrorKind::Internal, tr("This build of CacheScope cannot open %1 connections.")
                                                  .arg(m_connection.spec.toUrl())));
        return;
    }
    m_host = std::make_unique<ConnectorHost>(std::move(connector));
    Connector *c = m_host->connector();
    connect(c, &Connector::opened, this, [this](const ServerInfo &info) {
        if (m_state == State::Failed) {
            // The connector reconnected by itself after a loss.
            m_state = State::Connected;
            takeInfo(info);
            Q_EMIT reconnected(info);
            Q_EMIT infoChanged(info);
            return;
        }
        if (m_state != State::Connecting)
            return;
        m_openTimeout.stop();
        m_state = State::Connected;
        takeInfo(info);
        Q_EMIT opened(info);
        Q_EMIT infoChanged(info);
    });
    connect(c, &Connector::connectionLost, this, &ConnectionSession::fail);
    connect(c, &Connector::infoReady, this, [this](quint64 id, const ServerInfo &info) {
        if (id != m_infoId)
            return;
        takeInfo(info);
        Q_EMIT infoChanged(info);
    });
    connect(c, &Connector::requestFailed, this, [this](quint64 id, const Error &) {
        if (id == m_infoId)
            m_infoId = 0;   // the status bar keeps the last good info; panels report their own errors
    });
    m_state = State::Connecting;
    m_openTimeout.start(m_connection.spec.connectTimeoutMs + 3000);
    m_host->open();
}

void ConnectionSession::refreshInfo()
{
    if (m_state == State::Connected && m_host)
        m_infoId = m_host->refreshInfo();
}

void ConnectionSession::setInfoInterval(int intervalMs)
{
    if (intervalMs > 0)
        m_infoTimer.start(intervalMs);
    else
        m_infoTimer.stop();
}

void ConnectionSession::takeInfo(const ServerInfo &info)
{
    const QString before = m_info.address;
    m_info = info;
    if (m_connection.spec.topology == RedisTopology::Sentinel && !before.isEmpty() && info.address != before)
        Q_EMIT failedOver(tr("%1 failed over: now %2").arg(m_connection.spec.sentinelService, info.address));
}

void ConnectionSession::fail(const Error &error)
{
    m_openTimeout.stop();
    m_infoTimer.stop();
    m_state = State::Failed;
    m_error = error;
    Q_EMIT failed(error);
}

QString ConnectionSession::describe(const ServerInfo &info)
{
    QString text = tr("connected: %1 %2").arg(info.product.isEmpty() ? QStringLiteral("Redis") : info.product,
                                               info.version);
    if (info.dbSize >= 0)
        text += tr(", %1 keys").arg(formatCount(info.dbSize));
    if (info.roundTripMs >= 0)
        text += QStringLiteral(", ") + formatMs(info.roundTripMs);
    return text;
}

} // namespace cachescope

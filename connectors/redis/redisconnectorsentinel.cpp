// RedisConnector over Sentinel: find the master, make sure it is one, follow failovers.

#include "redisconnector.h"
#include "respclient.h"
#include "sentinelresolver.h"

#include <QTimer>

namespace cachescope {

namespace {

// Between tries while a failover settles: Sentinel takes down-after-milliseconds plus an
// election before it names the new master, so retrying faster only adds load.
int backoffMs(int attempt)
{
    return qMin(1000, 200 << qMin(attempt, 3));
}

} // namespace

void RedisConnector::resolveMaster()
{
    m_sentinel->resolve([this](const Expected<ServerAddress> &master) {
        if (m_state != State::Opening)
            return;
        // Resolving failed on every Sentinel: no retry, the message says why for each.
        if (!master)
            return finishOpen(master.error());
        m_client->setServer(*master);
        m_client->connectToServer();
    });
}

bool RedisConnector::retryMaster(const Error &why)
{
    if (!m_sentinel || m_state != State::Opening)
        return false;
    const int wait = backoffMs(m_failoverAttempt);
    if (why.kind == ErrorKind::Auth || m_failoverBudget.remainingTime() < wait)
        return false;
    ++m_failoverAttempt;
    m_client->disconnectFromServer();
    QTimer::singleShot(wait, this, [this] {
        if (m_state == State::Opening && !m_sentinel->isResolving())
            resolveMaster();
    });
    return true;
}

bool RedisConnector::acceptMaster(ServerInfo &info)
{
    if (!info.readOnlyReplica)
        return true;
    const Error replica = Error::make(
        ErrorKind::Connect,
        QStringLiteral("The Sentinels (%1) name %2 as the master of '%3', but it is a replica: a failover "
                       "is in progress or the Sentinels disagree; try again in a few seconds")
            .arg(m_sentinel->sentinelList(), m_client->serverAddress(), spec().sentinelService));
    if (!retryMaster(replica))
        finishOpen(replica);
    return false;
}

void RedisConnector::dropStaleMaster(const Error &why)
{
    if (m_state != State::Open)
        return;
    m_state = State::Closed;
    m_client->disconnectFromServer();
    Q_EMIT connectionLost(why);
}

} // namespace cachescope

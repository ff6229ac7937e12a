#include "clusterdiscovery.h"

#include "respclient.h"
#include "respvalue.h"

#include <utility>

namespace cachescope {

ClusterDiscovery::ClusterDiscovery(const ConnectionSpec &spec, QList<ServerAddress> candidates, Done done,
                                   QObject *parent)
    : QObject(parent), m_spec(spec), m_candidates(std::move(candidates)), m_done(std::move(done))
{
}

ConnectionSpec ClusterDiscovery::nodeSpec(const ConnectionSpec &spec, const ServerAddress &address)
{
    ConnectionSpec node = spec;
    node.topology = RedisTopology::Standalone;
    node.host = address.host;
    node.port = address.port;
    node.servers.clear();
    node.db = 0;
    return node;
}

void ClusterDiscovery::dropClient()
{
    // Cleared first: disconnectFromServer() fails the pending callbacks right here, and
    // they must see that their attempt is over.
    if (RespClient *old = std::exchange(m_client, nullptr)) {
        old->disconnectFromServer();
        old->deleteLater();
    }
}

void ClusterDiscovery::start()
{
    tryNext();
}

void ClusterDiscovery::tryNext()
{
    dropClient();
    if (m_next >= m_candidates.size()) {
        if (m_authError)
            return finish(*m_authError);
        QString message = QStringLiteral("No node of the Redis Cluster answered");
        if (!m_failures.isEmpty())
            message += QStringLiteral(": ") + m_failures.join(QStringLiteral("; "));
        return finish(Error::make(ErrorKind::Connect, message));
    }
    const ServerAddress address = m_candidates.at(m_next++);
    m_client = new RespClient(nodeSpec(m_spec, address), this);
    m_client->connectToServer();
    if (!m_spec.password.isEmpty()) {
        QList<QByteArray> auth{"AUTH"};
        if (!m_spec.username.isEmpty())
            auth.append(m_spec.username.toUtf8());
        auth.append(m_spec.password.toUtf8());
        RespClient *client = m_client;
        m_client->send(auth, [this, client](const RespReply &reply) {
            if (client != m_client || !reply.ok())
                return; // a transport failure reaches the next callback too
            const RespValue v = reply.value();
            if (v.isError()) {
                const QString user = m_spec.username.isEmpty() ? QStringLiteral("default") : m_spec.username;
                m_authError = Error::make(ErrorKind::Auth,
                                          QStringLiteral("Redis at %1 refused the password for user "
                                                         "'%2': %3")
                                              .arg(client->serverAddress(), user, QString::fromUtf8(v.str)));
            }
        });
    }
    ask(true);
}

void ClusterDiscovery::ask(bool shards)
{
    RespClient *client = m_client;
    const QList<QByteArray> argv{"CLUSTER", shards ? QByteArray("SHARDS") : QByteArray("SLOTS")};
    m_client->send(argv, [this, client, shards](const RespReply &reply) {
        if (client != m_client)
            return;
        if (!reply.ok())
            return attemptFailed(reply.transportError().message);
        onTopology(reply.value(), shards);
    });
}

void ClusterDiscovery::onTopology(const RespValue &reply, bool shards)
{
    const QString address = m_client->serverAddress();
    if (reply.isError()) {
        const QByteArray &text = reply.str;
        if (shards && (text.contains("unknown subcommand") || text.contains("Unknown subcommand")))
            return ask(false); // older than 7.0
        if (text.contains("cluster support disabled"))
            return finish(Error::make(ErrorKind::Usage,
                                      QStringLiteral("Redis at %1 is not a cluster node (cluster support "
                                                     "disabled); connect with redis://%1 instead of "
                                                     "redis+cluster://")
                                          .arg(address)));
        if (m_authError || text.startsWith("NOAUTH"))
            return finish(m_authError.value_or(Error::make(
                ErrorKind::Auth,
                QStringLiteral("Redis at %1 requires a password (NOAUTH); give it in the URL, e.g. "
                               "redis+cluster://:PASSWORD@%1")
                    .arg(address))));
        return attemptFailed(QStringLiteral("%1 answered %2").arg(address, QString::fromUtf8(text)));
    }
    auto topology = shards ? parseClusterShards(reply, m_client->spec().host)
                           : parseClusterSlots(reply, m_client->spec().host);
    if (!topology)
        return attemptFailed(QStringLiteral("%1: %2").arg(address, topology.error().message));
    if (topology->masters.isEmpty())
        return attemptFailed(QStringLiteral("%1 serves no slots yet (is the cluster created?)").arg(address));
    finish(topology);
}

void ClusterDiscovery::attemptFailed(const QString &why)
{
    m_failures.append(why);
    tryNext();
}

void ClusterDiscovery::finish(const Expected<ClusterTopology> &result)
{
    dropClient();
    Done done = std::move(m_done);
    m_done = nullptr;
    deleteLater();
    if (done)
        done(result);
}

} // namespace cachescope

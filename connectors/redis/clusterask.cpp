// RedisClusterConnector: ASK redirections. While a slot migrates, its source node answers
// ASK for a key it no longer has; the client must send ASKING and then the command to the
// named node, once, without changing its slot map. ASKING holds for one command only, so
// every command here is preceded by its own. A one-off RespClient does it: the RedisConnector
// of that node cannot put ASKING in front of the commands it sends.

#include "clusterdiscovery.h"
#include "redisclusterconnector.h"
#include "respclient.h"
#include "respvalue.h"

namespace cachescope {

void RedisClusterConnector::askOnce(const ServerAddress &address, const QList<QList<QByteArray>> &commands,
                                    std::function<void(const Expected<QList<RespValue>> &)> done)
{
    auto *client = new RespClient(ClusterDiscovery::nodeSpec(spec(), address), this);
    client->connectToServer();
    if (!spec().password.isEmpty()) {
        QList<QByteArray> auth{"AUTH"};
        if (!spec().username.isEmpty())
            auth.append(spec().username.toUtf8());
        auth.append(spec().password.toUtf8());
        client->send(auth, {});
    }
    struct Collect
    {
        QList<RespValue> replies;
        qsizetype left = 0;
        std::optional<Error> error;
    };
    auto state = std::make_shared<Collect>();
    state->replies.resize(commands.size());
    state->left = commands.size();
    for (qsizetype i = 0; i < commands.size(); ++i) {
        client->send({"ASKING"}, {});
        client->send(commands.at(i), [client, state, i, done](const RespReply &reply) {
            if (!reply.ok() && !state->error)
                state->error = reply.transportError();
            else if (reply.ok())
                state->replies[i] = reply.value();
            if (--state->left > 0)
                return;
            client->deleteLater(); // not from inside its own callback
            if (state->error)
                return done(*state->error);
            done(state->replies);
        });
    }
}

void RedisClusterConnector::askValue(quint64 id, const ValueRequest &request, const ServerAddress &address)
{
    const QByteArray &key = request.key;
    QList<QList<QByteArray>> commands{{"TYPE", key}, {"PTTL", key}, {"STRLEN", key}};
    if (request.byteLimit < 0)
        commands.append({"GET", key});
    else if (request.byteLimit > 0)
        commands.append({"GETRANGE", key, "0", QByteArray::number(request.byteLimit - 1)});
    askOnce(address, commands, [this, id, key](const Expected<QList<RespValue>> &replies) {
        if (!replies)
            return Q_EMIT requestFailed(id, replies.error());
        const RespValue &type = replies->at(0);
        if (type.isError())
            return Q_EMIT requestFailed(
                id, Error::make(ErrorKind::Server,
                                QStringLiteral("Redis at %1 refused to read the type of a "
                                               "key: %2")
                                    .arg(spec().displayAddress(), QString::fromUtf8(type.str))));
        KeyValue value;
        value.key = key;
        value.type = keyTypeFromName(type.str);
        const RespValue &ttl = replies->at(1);
        if (ttl.isInteger())
            value.ttlMs = ttl.integer < 0 ? (ttl.integer == -1 ? NoExpiry : KeyMissing) : ttl.integer;
        if (value.type == KeyType::Missing)
            value.ttlMs = KeyMissing;
        if (value.type == KeyType::String) {
            value.length = replies->at(2).toInteger();
            if (replies->size() > 3)
                value.data = replies->at(3).str;
            value.truncated = value.length > value.data.size();
        }
        Q_EMIT valueReady(id, value);
    });
}

} // namespace cachescope

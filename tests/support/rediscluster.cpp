#include "rediscluster.h"

#include "redis/clusterslot.h"
#include "redis/clustertopology.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>

namespace cachescope::test {

bool RedisCluster::start(int masters, const QStringList &extraArgs)
{
    const QString cli = QStandardPaths::findExecutable(QStringLiteral("redis-cli"));
    if (cli.isEmpty()) {
        m_error = QStringLiteral("redis-cli is not installed; the Redis Cluster tests need it");
        return false;
    }
    QStringList members;
    for (int i = 0; i < masters; ++i) {
        auto node = std::make_unique<RedisServer>();
        // nodes.conf lands in the node's own temporary --dir.
        const QStringList args =
            QStringList{QStringLiteral("--cluster-enabled"), QStringLiteral("yes"),
                        QStringLiteral("--cluster-config-file"), QStringLiteral("nodes.conf")} +
            extraArgs;
        if (!node->start(args)) {
            m_error = node->errorString();
            return false;
        }
        members.append(QStringLiteral("127.0.0.1:%1").arg(node->port()));
        m_nodes.push_back(std::move(node));
    }
    QStringList auth; // redis-cli must log in to every node of a password-protected cluster
    const qsizetype pass = extraArgs.indexOf(QStringLiteral("--requirepass"));
    if (pass >= 0 && pass + 1 < extraArgs.size())
        auth = {QStringLiteral("-a"), extraArgs.at(pass + 1), QStringLiteral("--no-auth-warning")};
    QProcess create;
    create.setProcessChannelMode(QProcess::MergedChannels);
    create.start(cli, auth + QStringList{QStringLiteral("--cluster"), QStringLiteral("create")} + members +
                          QStringList{QStringLiteral("--cluster-yes")});
    if (!create.waitForFinished(60000) || create.exitCode() != 0) {
        m_error = QStringLiteral("redis-cli --cluster create failed:\n%1")
                      .arg(QString::fromLocal8Bit(create.readAll()));
        return false;
    }
    const bool ok = waitUntil(
        [this] {
            for (auto &node : m_nodes) {
                if (!node->command({"CLUSTER", "INFO"}).str.contains("cluster_state:ok"))
                    return false;
                // Every node must also know every other, or a seed could hand out a partial map.
                const RespValue reply = node->command({"CLUSTER", "SLOTS"});
                const auto t = parseClusterSlots(reply, QStringLiteral("127.0.0.1"));
                if (!t || t->masters.size() != qsizetype(m_nodes.size()) || t->uncoveredSlots() != 0)
                    return false;
            }
            return true;
        },
        30000);
    if (!ok)
        m_error = QStringLiteral("the cluster did not reach cluster_state:ok on every node within 30 s");
    return ok;
}

bool RedisCluster::waitUntil(const std::function<bool()> &ready, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (ready())
            return true;
        QThread::msleep(50); // a bounded poll of an external process, not a fixed wait
    }
    return ready();
}

QString RedisCluster::url(int seed, const QString &query, const QString &userInfo) const
{
    QString u = QStringLiteral("redis+cluster://") + (userInfo.isEmpty() ? QString() : userInfo + u'@') +
                QStringLiteral("127.0.0.1:%1").arg(m_nodes.at(size_t(seed))->port());
    if (!query.isEmpty())
        u += u'?' + query;
    return u;
}

int RedisCluster::indexOfPort(quint16 port) const
{
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        if (m_nodes[i]->port() == port)
            return int(i);
    }
    return -1;
}

int RedisCluster::ownerOf(const QByteArray &key)
{
    for (auto &node : m_nodes) {
        const auto t = parseClusterSlots(node->command({"CLUSTER", "SLOTS"}), QStringLiteral("127.0.0.1"));
        if (!t)
            continue;
        const int owner = t->ownerOf(clusterSlot(key));
        return owner < 0 ? -1 : indexOfPort(t->masters.at(owner).port);
    }
    return -1;
}

bool RedisCluster::setEverywhere(const QList<QByteArray> &keys, const QByteArray &value)
{
    std::vector<int> ownerBySlot(ClusterSlotCount, -1);
    for (auto &node : m_nodes) {
        const auto t = parseClusterSlots(node->command({"CLUSTER", "SLOTS"}), QStringLiteral("127.0.0.1"));
        if (!t)
            continue;
        for (int s = 0; s < ClusterSlotCount; ++s)
            ownerBySlot[size_t(s)] = t->ownerOf(s) < 0 ? -1 : indexOfPort(t->masters.at(t->ownerOf(s)).port);
        break;
    }
    std::vector<QList<QByteArray>> perNode(m_nodes.size());
    for (const QByteArray &key : keys) {
        const int owner = ownerBySlot[size_t(clusterSlot(key))];
        if (owner < 0)
            return false;
        perNode[size_t(owner)].append(key);
    }
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        if (!perNode[i].isEmpty() && !m_nodes[i]->setMany(perNode[i], value))
            return false;
    }
    return true;
}

QByteArray RedisCluster::nodeId(int i)
{
    return node(i).command({"CLUSTER", "MYID"}).str;
}

bool RedisCluster::moveSlot(int slot, int from, int to, int keysToMove)
{
    const QByteArray s = QByteArray::number(slot);
    const QByteArray fromId = nodeId(from);
    const QByteArray toId = nodeId(to);
    if (node(to).command({"CLUSTER", "SETSLOT", s, "IMPORTING", fromId}).isError() ||
        node(from).command({"CLUSTER", "SETSLOT", s, "MIGRATING", toId}).isError())
        return false;
    const RespValue keys = node(from).command({"CLUSTER", "GETKEYSINSLOT", s, "100000"});
    int moved = 0;
    for (const RespValue &key : keys.elements) {
        if (keysToMove >= 0 && moved >= keysToMove)
            break;
        const RespValue r = node(from).command(
            {"MIGRATE", "127.0.0.1", QByteArray::number(node(to).port()), key.str, "0", "5000"});
        if (r.isError())
            return false;
        ++moved;
    }
    if (keysToMove >= 0)
        return true; // left migrating: the source answers ASK for the keys that moved
    for (auto &n : m_nodes) {
        if (n->command({"CLUSTER", "SETSLOT", s, "NODE", toId}).isError())
            return false;
    }
    return waitUntil(
        [this, slot, to] {
            for (auto &n : m_nodes) {
                const auto t =
                    parseClusterSlots(n->command({"CLUSTER", "SLOTS"}), QStringLiteral("127.0.0.1"));
                if (!t || t->ownerOf(slot) < 0 || indexOfPort(t->masters.at(t->ownerOf(slot)).port) != to)
                    return false;
            }
            return true;
        },
        10000);
}

} // namespace cachescope::test

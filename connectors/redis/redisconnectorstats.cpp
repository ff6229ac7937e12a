// RedisConnector: the server panel's tables, from INFO.

#include "redisconnector.h"
#include "respclient.h"
#include "respvalue.h"
#include "sentinelresolver.h"

namespace cachescope {

namespace {

// INFO text: "# Server\r\nredis_version:7.0.15\r\n...\r\n# Clients\r\n..." -> one table per section.
QList<ServerStats> infoTables(const QByteArray &info, const QString &server)
{
    QList<ServerStats> tables;
    const QList<QByteArray> lines = info.split('\n');
    for (const QByteArray &raw : lines) {
        const QByteArray line = raw.trimmed();
        if (line.isEmpty())
            continue;
        if (line.startsWith('#')) {
            ServerStats table;
            table.server = server;
            table.section = QString::fromUtf8(line.mid(1).trimmed()).toLower();
            table.columns = {QStringLiteral("name"), QStringLiteral("value")};
            tables.append(table);
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        if (tables.isEmpty()) {
            tables.append(ServerStats{
                server, QStringLiteral("info"), {QStringLiteral("name"), QStringLiteral("value")}, {}});
        }
        tables.last().rows.append(
            {QString::fromUtf8(line.left(colon)), QString::fromUtf8(line.mid(colon + 1))});
    }
    return tables;
}

} // namespace

void RedisConnector::fetchServerStats(quint64 id)
{
    whenOpen(id, false, [this, id] {
        m_client->send({"INFO"}, [this, id](const RespReply &reply) {
            if (!reply.ok())
                return Q_EMIT requestFailed(id, reply.transportError());
            const RespValue value = reply.value();
            if (value.isError())
                return Q_EMIT requestFailed(id, serverError(value, QStringLiteral("run INFO")));
            if (!m_sentinel)
                return Q_EMIT serverStatsReady(id, infoTables(value.str, m_client->serverAddress()));
            // Sentinel: one series under the service's name, so a failover is a gap in the
            // same chart line (a new run_id resets the rates), not a second server; a first
            // table says which master answered.
            const QString service = spec().sentinelService;
            QList<ServerStats> tables{ServerStats{service,
                                                  QStringLiteral("sentinel"),
                                                  {QStringLiteral("name"), QStringLiteral("value")},
                                                  {{QStringLiteral("service"), service},
                                                   {QStringLiteral("master"), m_client->serverAddress()},
                                                   {QStringLiteral("sentinels"), m_sentinel->sentinelList()}}}};
            tables += infoTables(value.str, service);
            Q_EMIT serverStatsReady(id, tables);
        });
    });
}

} // namespace cachescope

// MemcachedConnector: values, deletes, TTL changes and the server panel's tables.

#include "memcachedclient.h"
#include "memcachedconnector.h"
#include "metaprobe.h"

#include <QHash>
#include <QMap>
#include <QTimer>

namespace cachescope {

namespace {

// Keys deleted per event-loop turn: a few milliseconds of round trips on a LAN.
constexpr qsizetype DeleteChunk = 200;
// Above this, memcached reads an expiry as a unix time rather than seconds from now.
constexpr qint64 MaxRelativeExptime = 60 * 60 * 24 * 30;

// "1:chunk_size" / "items:1:number" rows pivoted to one row per slab class; the other
// names (active_slabs, total_malloced) go to a name/value table.
void pivotByClass(const MemcachedClient::Stats &stats, const QString &server, const QString &section,
                  QList<ServerStats> *out)
{
    QStringList columns{QStringLiteral("class")};
    QMap<int, QHash<QString, QString>> byClass;
    ServerStats totals{
        server, section + QStringLiteral(" totals"), {QStringLiteral("name"), QStringLiteral("value")}, {}};
    for (const auto &[rawName, rawValue] : stats) {
        QByteArray name = rawName;
        if (name.startsWith("items:"))
            name.remove(0, 6);
        const qsizetype colon = name.indexOf(':');
        bool isClass = false;
        const int cls = colon > 0 ? name.left(colon).toInt(&isClass) : 0;
        if (!isClass) {
            totals.rows.append({QString::fromLatin1(rawName), QString::fromLatin1(rawValue)});
            continue;
        }
        const QString field = QString::fromLatin1(name.mid(colon + 1));
        if (!columns.contains(field))
            columns.append(field);
        byClass[cls].insert(field, QString::fromLatin1(rawValue));
    }
    ServerStats table{server, section, columns, {}};
    for (auto it = byClass.cbegin(); it != byClass.cend(); ++it) {
        QStringList row{QString::number(it.key())};
        for (qsizetype c = 1; c < columns.size(); ++c)
            row.append(it.value().value(columns.at(c)));
        table.rows.append(row);
    }
    out->append(table);
    if (!totals.rows.isEmpty())
        out->append(totals);
}

} // namespace

// ---- values -----------------------------------------------------------------------------

void MemcachedConnector::fetchValue(quint64 id, const ValueRequest &request)
{
    KeyValue value;
    value.key = request.key;
    value.type = KeyType::Missing;
    value.ttlMs = KeyMissing;
    if (!isValidMemcachedKey(request.key))
        return Q_EMIT valueReady(id, value); // memcached cannot hold such a key
    std::optional<Error> firstError;
    const QList<int> servers = serversFor(request.key);
    for (const int server : servers) {
        const auto item = m_clients[size_t(server)]->get(request.key);
        if (!item) {
            if (!firstError)
                firstError = item.error();
            continue;
        }
        if (!item->has_value())
            continue;
        const MemcachedClient::Item &found = **item;
        value.type = KeyType::String;
        value.flags = found.flags;
        value.server = m_clients[size_t(server)]->address();
        value.length = found.data.size();
        value.truncated = request.byteLimit >= 0 && found.data.size() > request.byteLimit;
        value.data = value.truncated ? found.data.left(request.byteLimit) : found.data;
        // TTL: from the listing, else one meta get on this server.
        MemcachedKeyIndex::Entry entry;
        if (!m_index.find(request.key, &entry)) {
            const auto probed =
                probeItems(m_clients[size_t(server)]->server(), spec(), {request.key}, serverNow(server));
            if (probed && probed->constFirst())
                m_index.add(request.key, server, *probed->constFirst());
        }
        value.ttlMs = m_index.find(request.key, &entry) ? metaFrom(request.key, entry).ttlMs : TtlUnknown;
        return Q_EMIT valueReady(id, value);
    }
    if (firstError && servers.size() == 1)
        return Q_EMIT requestFailed(id, *firstError);
    if (firstError && m_clients.size() > 1) {
        // Some server could not be asked: "missing" would be a guess.
        return Q_EMIT requestFailed(id, *firstError);
    }
    Q_EMIT valueReady(id, value);
}

// ---- writes -----------------------------------------------------------------------------

struct MemcachedConnector::Delete
{
    quint64 id = 0;
    QList<QByteArray> keys;
    qsizetype next = 0;
    qint64 deleted = 0;
    qint64 failedOps = 0;
    qint64 attemptedOps = 0;
    std::optional<Error> firstError;
};

void MemcachedConnector::doDeleteKeys(quint64 id, const QList<QByteArray> &keys)
{
    auto job = std::make_shared<Delete>();
    job->id = id;
    job->keys = keys;
    runDeleteChunk(job);
}

void MemcachedConnector::runDeleteChunk(const std::shared_ptr<Delete> &job)
{
    const qsizetype end = qMin(job->keys.size(), job->next + DeleteChunk);
    for (; job->next < end; ++job->next) {
        const QByteArray &key = job->keys.at(job->next);
        if (!isValidMemcachedKey(key))
            continue;
        bool gone = false;
        for (const int server : serversFor(key)) {
            ++job->attemptedOps;
            const auto removed = m_clients[size_t(server)]->remove(key);
            if (!removed) {
                ++job->failedOps;
                if (!job->firstError)
                    job->firstError = removed.error();
                continue;
            }
            gone = gone || *removed;
        }
        if (gone) {
            ++job->deleted;
            m_index.remove(key);
        }
    }
    if (job->next < job->keys.size()) {
        QTimer::singleShot(0, this, [this, job] { runDeleteChunk(job); });
        return;
    }
    if (job->firstError && job->failedOps == job->attemptedOps)
        return Q_EMIT requestFailed(job->id, *job->firstError);
    Q_EMIT keysDeleted(job->id, job->deleted, job->keys.size());
}

void MemcachedConnector::doSetTtl(quint64 id, const QByteArray &key, qint64 ttlMs)
{
    if (ttlMs != NoExpiry && ttlMs <= 0)
        return Q_EMIT requestFailed(
            id, Error::make(ErrorKind::Usage, QStringLiteral("a TTL must be positive (or no expiry)")));
    if (!isValidMemcachedKey(key))
        return Q_EMIT ttlChanged(id, key, false);
    const qint64 seconds = ttlMs == NoExpiry ? 0 : (ttlMs + 999) / 1000;
    bool applied = false;
    std::optional<Error> firstError;
    int failures = 0;
    const QList<int> servers = serversFor(key);
    for (const int server : servers) {
        // memcached takes long expiries as an absolute time, in its own clock.
        const qint64 exptime = seconds > MaxRelativeExptime ? serverNow(server) + seconds : seconds;
        const auto touched = m_clients[size_t(server)]->touch(key, exptime);
        if (!touched) {
            ++failures;
            if (!firstError)
                firstError = touched.error();
            continue;
        }
        if (*touched) {
            applied = true;
            m_index.setExpiry(key, seconds == 0 ? -1 : serverNow(server) + seconds);
        }
    }
    if (!applied && firstError && failures == servers.size())
        return Q_EMIT requestFailed(id, *firstError);
    Q_EMIT ttlChanged(id, key, applied);
}

// ---- statistics -------------------------------------------------------------------------

void MemcachedConnector::fetchServerStats(quint64 id)
{
    QList<ServerStats> tables;
    std::optional<Error> firstError;
    int failures = 0;
    for (const auto &client : m_clients) {
        const QString server = client->address();
        const auto general = client->stats();
        if (!general) {
            ++failures;
            if (!firstError)
                firstError = general.error();
            tables.append(ServerStats{
                server, QStringLiteral("error"), {QStringLiteral("error")}, {{general.error().message}}});
            continue;
        }
        ServerStats table{
            server, QStringLiteral("stats"), {QStringLiteral("name"), QStringLiteral("value")}, {}};
        for (const auto &[name, value] : *general)
            table.rows.append({QString::fromLatin1(name), QString::fromLatin1(value)});
        tables.append(table);
        if (const auto slabs = client->stats("slabs"))
            pivotByClass(*slabs, server, QStringLiteral("stats slabs"), &tables);
        if (const auto items = client->stats("items"))
            pivotByClass(*items, server, QStringLiteral("stats items"), &tables);
    }
    if (failures == int(m_clients.size()) && firstError)
        return Q_EMIT requestFailed(id, *firstError);
    Q_EMIT serverStatsReady(id, tables);
}

} // namespace cachescope

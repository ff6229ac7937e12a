#include "memcachedconnector.h"

#include "core/globmatch.h"
#include "memcachedclient.h"
#include "memcachedinvalidation.h"
#include "metadumpreader.h"
#include "metaprobe.h"

#include <QDateTime>
#include <QStringList>

namespace cachescope {

MemcachedConnector::MemcachedConnector(const ConnectionSpec &spec, QObject *parent) : Connector(spec, parent)
{
    QList<ServerAddress> servers = spec.servers;
    if (servers.isEmpty())
        servers.append(ServerAddress{spec.host, spec.port});
    // The index keeps a bit per server; a larger pool would be unusual for one Django cache.
    servers = servers.mid(0, MemcachedKeyIndex::MaxServers);
    for (const ServerAddress &server : std::as_const(servers)) {
        m_clients.push_back(std::make_unique<MemcachedClient>(server, spec));
        m_clockOffset.append(0);
    }
}

MemcachedConnector::~MemcachedConnector()
{
    if (m_scan) {
        for (MetadumpReader *reader : m_scan->readers)
            reader->stop();
    }
}

// ---- server facts -----------------------------------------------------------------------

Expected<ServerInfo> MemcachedConnector::collectInfo()
{
    ServerInfo info;
    info.product = QStringLiteral("Memcached");
    info.mode = m_clients.size() == 1 ? QStringLiteral("standalone")
                                      : QStringLiteral("pool of %1 servers").arg(m_clients.size());
    info.address = spec().displayAddress();
    info.hasUnlink = false;
    info.hasMemoryUsage = false;
    QStringList versions;
    std::optional<Error> firstError;
    qint64 items = 0;
    int alive = 0;
    double roundTrip = 0;
    for (size_t i = 0; i < m_clients.size(); ++i) {
        QElapsedTimer clock;
        clock.start();
        const auto stats = m_clients[i]->stats();
        if (!stats) {
            if (!firstError)
                firstError = stats.error();
            continue;
        }
        roundTrip = qMax(roundTrip, double(clock.nsecsElapsed()) / 1e6);
        ++alive;
        for (const auto &[name, value] : *stats) {
            if (name == "version" && !versions.contains(QString::fromLatin1(value)))
                versions.append(QString::fromLatin1(value));
            else if (name == "curr_items")
                items += value.toLongLong();
            else if (name == "time")
                m_clockOffset[qsizetype(i)] = value.toLongLong() - QDateTime::currentSecsSinceEpoch();
        }
    }
    if (alive == 0)
        return *firstError;
    info.version = versions.join(QStringLiteral(", "));
    info.dbSize = items;
    m_itemsHint = items;
    info.roundTripMs = roundTrip;
    return info;
}

void MemcachedConnector::open()
{
    const auto info = collectInfo();
    if (!info) {
        Q_EMIT connectionLost(info.error());
        return;
    }
    Q_EMIT opened(*info);
}

void MemcachedConnector::refreshInfo(quint64 id)
{
    const auto info = collectInfo();
    if (!info)
        Q_EMIT requestFailed(id, info.error());
    else
        Q_EMIT infoReady(id, *info);
}

qint64 MemcachedConnector::serverNow(int server) const
{
    return QDateTime::currentSecsSinceEpoch() + m_clockOffset.value(server);
}

// ---- listing ----------------------------------------------------------------------------

void MemcachedConnector::scanKeys(quint64 id, const ScanRequest &request)
{
    if (m_scan)
        endScan(false);
    m_index.clear();
    m_scan = std::make_unique<Scan>();
    // A pool always indexes: that is how a key listed by two members is shown once.
    const bool pool = m_clients.size() > 1;
    const bool index = request.metaWanted || pool;
    if (index && globMatchesEverything(request.match))
        m_index.reserve(qMin<qint64>(m_itemsHint + m_itemsHint / 8, 50'000'000));
    Scan *scan = m_scan.get();
    scan->id = id;
    scan->match = request.match;
    scan->matchAll = globMatchesEverything(request.match);
    scan->pageSize = request.count > 0 ? request.count : spec().scanCount;
    scan->clock.start();
    scan->running = int(m_clients.size());
    for (size_t i = 0; i < m_clients.size(); ++i) {
        const int server = int(i);
        // The hot path: one call per listed item, no allocation unless a page is full.
        auto sink = [this, scan, server, pool, index](QByteArrayView key, const ItemFacts &facts) {
            if (!scan->matchAll && !globMatch(scan->match, key))
                return;
            if (pool) {
                if (!m_index.add(key, server, facts))
                    return; // already listed by another server of the pool
            } else if (index) {
                m_index.append(key, server, facts); // a single server lists each item once
            }
            if (scan->batch.isEmpty())
                scan->batch.reserve(scan->pageSize, qsizetype(scan->pageSize) * 24);
            scan->batch.append(key);
            ++scan->found;
            if (scan->batch.size() >= scan->pageSize)
                flushBatch();
        };
        auto *reader = new MetadumpReader(m_clients[i]->server(), spec(), sink, this);
        scan->readers.push_back(reader);
        connect(reader, &MetadumpReader::chunkDone, this, &MemcachedConnector::flushBatch);
        connect(reader, &MetadumpReader::finished, this,
                [this, reader](const QString &warning) { onReaderEnded(reader, warning, nullptr); });
        connect(reader, &MetadumpReader::failed, this,
                [this, reader](const Error &error) { onReaderEnded(reader, QString(), &error); });
    }
    for (MetadumpReader *reader : scan->readers)
        reader->start();
}

void MemcachedConnector::flushBatch()
{
    if (!m_scan || m_scan->batch.isEmpty())
        return;
    ++m_scan->pages;
    Q_EMIT keysFound(m_scan->id, m_scan->batch, m_scan->found);
    m_scan->batch = KeyBatch();
}

void MemcachedConnector::onReaderEnded(MetadumpReader *reader, const QString &warning, const Error *error)
{
    reader->deleteLater();
    if (!m_scan)
        return;
    auto &readers = m_scan->readers;
    readers.erase(std::remove(readers.begin(), readers.end(), reader), readers.end());
    if (!warning.isEmpty())
        m_scan->warnings.append(warning);
    if (error) {
        ++m_scan->failedServers;
        if (!m_scan->firstError)
            m_scan->firstError = *error;
        m_scan->warnings.append(QStringLiteral("%1; its keys are not listed").arg(error->message));
    }
    if (--m_scan->running == 0)
        endScan(m_scan->failedServers < int(m_clients.size()));
}

void MemcachedConnector::endScan(bool complete)
{
    std::unique_ptr<Scan> scan = std::move(m_scan);
    for (MetadumpReader *reader : scan->readers) {
        reader->stop();
        reader->deleteLater();
    }
    if (!scan->batch.isEmpty()) {
        ++scan->pages;
        Q_EMIT keysFound(scan->id, scan->batch, scan->found);
    }
    ScanSummary summary;
    summary.keysFound = scan->found;
    summary.pages = scan->pages;
    summary.elapsedMs = scan->clock.elapsed();
    summary.complete = complete;
    summary.warning = scan->warnings.join(QStringLiteral("\n"));
    const bool allFailed = scan->running == 0 && scan->failedServers == int(m_clients.size());
    if (allFailed && scan->firstError)
        Q_EMIT requestFailed(scan->id, *scan->firstError);
    Q_EMIT scanFinished(scan->id, summary);
}

void MemcachedConnector::stopScan(quint64 id)
{
    if (m_scan && m_scan->id == id)
        endScan(false);
}

// ---- metadata ---------------------------------------------------------------------------

QList<int> MemcachedConnector::serversFor(QByteArrayView key)
{
    QList<int> servers;
    MemcachedKeyIndex::Entry entry;
    const bool known = m_index.find(key, &entry);
    for (int i = 0; i < int(m_clients.size()); ++i) {
        if (!known || (entry.serverMask >> i) & 1)
            servers.append(i);
    }
    // The first server that listed the key comes first: get reads from it.
    if (known && entry.firstServer > 0 && servers.removeOne(entry.firstServer))
        servers.prepend(entry.firstServer);
    return servers;
}

QString MemcachedConnector::serverNames(quint64 mask) const
{
    QStringList names;
    for (int i = 0; i < int(m_clients.size()); ++i) {
        if ((mask >> i) & 1)
            names.append(m_clients[size_t(i)]->address());
    }
    return names.join(u',');
}

KeyMeta MemcachedConnector::metaFrom(const QByteArray &key, const MemcachedKeyIndex::Entry &entry) const
{
    KeyMeta meta;
    meta.key = key;
    meta.type = KeyType::String;
    if (entry.facts.expiresAt < 0)
        meta.ttlMs = NoExpiry;
    else
        meta.ttlMs = qMax<qint64>(0, entry.facts.expiresAt - serverNow(entry.firstServer)) * 1000;
    meta.sizeBytes = entry.facts.size;
    meta.server = serverNames(entry.serverMask);
    meta.lastAccessSecs = entry.facts.lastAccess;
    meta.slabClass = entry.facts.slabClass;
    meta.fetched = entry.facts.fetched;
    return meta;
}

std::optional<Error> MemcachedConnector::probeUnknown(const QList<QByteArray> &keys)
{
    QList<QByteArray> unknown;
    for (const QByteArray &key : keys) {
        MemcachedKeyIndex::Entry entry;
        if (isValidMemcachedKey(key) && !m_index.find(key, &entry) && !unknown.contains(key))
            unknown.append(key);
    }
    if (unknown.isEmpty())
        return std::nullopt;
    std::optional<Error> firstError;
    int failures = 0;
    for (int i = 0; i < int(m_clients.size()); ++i) {
        const auto found = probeItems(m_clients[size_t(i)]->server(), spec(), unknown, serverNow(i));
        if (found) {
            for (qsizetype k = 0; k < unknown.size(); ++k) {
                if (found->at(k))
                    m_index.add(unknown.at(k), i, *found->at(k));
            }
            continue;
        }
        if (found.error().kind == ErrorKind::Server) {
            // No meta commands (memcached < 1.6): existence and size from a plain get; TTL unknown.
            for (const QByteArray &key : std::as_const(unknown)) {
                const auto item = m_clients[size_t(i)]->get(key);
                if (item && item->has_value()) {
                    ItemFacts facts;
                    facts.size = (*item)->data.size();
                    m_index.add(key, i, facts);
                }
            }
            continue;
        }
        ++failures;
        if (!firstError)
            firstError = found.error();
    }
    if (failures == int(m_clients.size()))
        return firstError;
    return std::nullopt;
}

void MemcachedConnector::fetchMeta(quint64 id, const QList<QByteArray> &keys)
{
    if (const auto error = probeUnknown(keys))
        return Q_EMIT requestFailed(id, *error);
    QList<KeyMeta> result;
    result.reserve(keys.size());
    for (const QByteArray &key : keys) {
        MemcachedKeyIndex::Entry entry;
        if (m_index.find(key, &entry)) {
            result.append(metaFrom(key, entry));
        } else {
            KeyMeta missing;
            missing.key = key;
            missing.type = KeyType::Missing;
            missing.ttlMs = KeyMissing;
            result.append(missing);
        }
    }
    Q_EMIT metaReady(id, result);
}

} // namespace cachescope

#pragma once
// The memcached backend: a pool of servers (memcached://a:11211,b:11211), each addressed
// on its own, never through a client hashing scheme.
//
// Listing: one MetadumpReader per server, all at once, each streaming `lru_crawler
// metadump all` (or the capped `stats cachedump` fallback, reported in
// ScanSummary::warning). MATCH is applied here, client-side, with Redis glob semantics.
// A server that is down does not fail the scan: its error goes into the warning and the
// others are listed; only when every server fails does the scan fail.
//
// Keys are identified by their bytes, as for every backend. The facts the listing gives
// (server, expiry, last access, size, slab class, fetched) are kept in a compact index
// (MemcachedKeyIndex) and answer fetchMeta without a round trip. A key listed by two
// servers of the pool (a stale copy after a pool change) is emitted once; KeyMeta::server
// then names both ("a:11211,b:11211"), and get reads the first, while delete and touch
// act on every server that listed it. A key the index does not know (no scan yet, or
// listed before the latest scan began) is looked for on every server.
// One listing at a time: scanKeys() ends a running scan (scanFinished, complete=false)
// because the index describes the latest listing.
//
// Blocking libmemcached and meta-get calls run on the connector's thread, bounded by the
// spec's timeouts; long deletes proceed in chunks, yielding to the event loop between
// them, so stopScan and other requests are not starved.
//
// TTLs: memcached reports absolute expiry times in its own clock; open() and
// refreshInfo() read each server's `time` so that TTL = expiry - server's now.

#include "core/connector.h"
#include "memcachedkeyindex.h"

#include <QElapsedTimer>

#include <memory>
#include <optional>
#include <vector>

namespace cachescope {

class MemcachedClient;
class MetadumpReader;

class MemcachedConnector : public Connector
{
    Q_OBJECT
public:
    explicit MemcachedConnector(const ConnectionSpec &spec, QObject *parent = nullptr);
    ~MemcachedConnector() override;

    void open() override;
    void refreshInfo(quint64 id) override;
    void scanKeys(quint64 id, const ScanRequest &request) override;
    void stopScan(quint64 id) override;
    void fetchMeta(quint64 id, const QList<QByteArray> &keys) override;
    void fetchValue(quint64 id, const ValueRequest &request) override;
    // Per server: `stats` (name/value), `stats slabs` and `stats items` (a row per class).
    void fetchServerStats(quint64 id) override;

protected:
    void doDeleteKeys(quint64 id, const QList<QByteArray> &keys) override;
    void doSetTtl(quint64 id, const QByteArray &key, qint64 ttlMs) override;
    // memcachedinvalidation.cpp. Patterns: a fresh listing of every server (never the key
    // index, which may predate keys written since), then pipelined writes per server, each key
    // on the server that listed it. Explicit keys: every server is asked (see there).
    void doRunInvalidation(quint64 id, const InvalidationJob &job) override;

private:
    struct Scan
    {
        quint64 id = 0;
        QByteArray match;
        bool matchAll = true;
        int pageSize = 1000;
        KeyBatch batch;
        qint64 found = 0;
        qint64 pages = 0;
        int running = 0;
        int failedServers = 0;
        QStringList warnings;
        std::optional<Error> firstError;
        QElapsedTimer clock;
        std::vector<MetadumpReader *> readers;
    };
    struct Delete;
    struct Invalidation;

    Expected<ServerInfo> collectInfo();
    void flushBatch();
    void onReaderEnded(MetadumpReader *reader, const QString &warning, const Error *error);
    void endScan(bool complete);
    // Servers to ask about key: those that listed it, else all of them.
    QList<int> serversFor(QByteArrayView key);
    QString serverNames(quint64 mask) const;
    qint64 serverNow(int server) const;
    KeyMeta metaFrom(const QByteArray &key, const MemcachedKeyIndex::Entry &entry) const;
    // Looks keys the index lacks up on every server (meta get) and records them in the index.
    std::optional<Error> probeUnknown(const QList<QByteArray> &keys);
    void runDeleteChunk(const std::shared_ptr<Delete> &job);
    void onInvalidationListed(MetadumpReader *reader, int server, const QString &warning, const Error *error);
    void invalidationStep();
    // One batch of one unit of work: pipelined to its server(s), replies counted.
    void invalidationBatch(int unit, qsizetype n);
    void endInvalidation(InvalidationReport::Outcome outcome, const Error &error = {});

    std::vector<std::unique_ptr<MemcachedClient>> m_clients; // one per server, in URL order
    QList<qint64> m_clockOffset;                             // server time - local time, seconds
    MemcachedKeyIndex m_index;
    qint64 m_itemsHint = 0;       // curr_items of the pool when last asked: sizes the index up front
    std::unique_ptr<Scan> m_scan; // the listing in progress, if any
    std::unique_ptr<Invalidation> m_invalidation; // the job in progress, if any (one at a time)
};

} // namespace cachescope

#pragma once
// Turns the raw counters of successive server-stats answers into rates: the pure part
// of the sampler, fed with canned tables by its unit test.
//
// Read per server (ServerStats::server), from the name/value tables:
//   Redis INFO       keyspace_hits, keyspace_misses, evicted_keys, expired_keys,
//                    total_commands_processed, used_memory, maxmemory, connected_clients,
//                    dbN:keys=… (items: summed over every database, like the other
//                    instance-wide counters), run_id, uptime_in_seconds, server_time_usec
//   memcached stats  get_hits, get_misses, evictions, cmd_get + cmd_set + cmd_touch +
//                    delete_hits + delete_misses (ops), bytes, limit_maxbytes,
//                    curr_connections, curr_items, pid, uptime. memcached keeps no single
//                    "expired" counter: expired/s counts the expired items it freed, i.e.
//                    reclaimed (reused on a store) + crawler_reclaimed (LRU crawler) +
//                    get_expired (found expired on a get).
//
//   cache table      rows, expired_rows, size_on_disk_bytes (items, expired items, memory);
//                    on PostgreSQL n_tup_ins/upd/del and the primary key's idx_scan and
//                    idx_tup_fetch, from which hits and misses are estimated (the formula
//                    and why: connectors/dbcache/dbcachestats.cpp); ops = estimated gets +
//                    writes. Samples with estimated hits carry ServerSample::estimated.
//
// Rules (the issue's): a rate needs two consecutive successful polls of one server; the
// first poll, the poll after an error and a reset give NaN (a gap). A reset is a counter
// that went down, a new run_id / pid, or a lower uptime (restart, CONFIG RESETSTAT,
// `stats reset`): never a negative or huge rate. Hit ratio = Δhits / (Δhits + Δmisses),
// NaN when there were no lookups.
//
// Aggregate (a pool): rates and gauges summed over the members that answered, the ratio
// from their summed hits and misses. While a member that answered has no rates (its
// first poll, a reset) the aggregate's rates are a gap too, rather than a dip; a member
// that does not answer is left out of the sums (its own line shows the outage).

#include "core/keytypes.h"
#include "statssample.h"

#include <QHash>
#include <QStringList>

namespace cachescope {

class StatsDeriver
{
public:
    // The counters of one server read from one answer; -1 = not reported.
    struct Counters
    {
        QString identity;     // run_id / pid
        QString identityName; // "run_id" or "pid"
        qint64 uptimeSecs = -1;
        qint64 serverTimeUs = -1; // Redis server_time_usec: a precise interval
        qint64 hits = -1, misses = -1, evictions = -1, expired = -1, ops = -1;
        double memoryUsed = StatsGap, memoryMax = StatsGap, clients = StatsGap, items = StatsGap;
        // Cache table: expired rows; PostgreSQL's counters (-1 = not reported).
        bool table = false;
        double expiredItems = StatsGap;
        qint64 idxScan = -1, idxFetch = -1, inserts = -1, updates = -1, deletes = -1;
        double monotonicMs = 0;
    };

    // One answer of Connector::fetchServerStats. wallMs stamps the sample; monotonicMs
    // (QElapsedTimer, sub-millisecond) measures the interval when the server has no clock
    // of its own. Two polls too close to time still give their deltas and ratio.
    StatsSample add(const QList<ServerStats> &tables, qint64 wallMs, double monotonicMs);
    // The poll failed as a whole (connection refused, timeout): every known server gets a
    // gap with this error, and the next answer is a new baseline.
    StatsSample addFailure(const QString &error, qint64 wallMs, const QString &fallbackServer);
    // Servers seen so far, in the order they first appeared.
    const QStringList &servers() const { return m_order; }
    void clear();

    static Counters readCounters(const QList<const ServerStats *> &tables);

private:
    ServerSample derive(const QString &server, const Counters &now);
    static void deriveTable(ServerSample &s, const Counters &prev, const Counters &now, double seconds);
    static ServerSample aggregate(const QList<ServerSample> &servers);
    void remember(const QString &server);

    QHash<QString, Counters> m_previous; // only servers whose last poll succeeded
    QStringList m_order;
};

} // namespace cachescope

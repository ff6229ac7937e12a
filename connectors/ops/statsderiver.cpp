#include "statsderiver.h"

#include <cmath>

namespace cachescope {

namespace {

using Values = QHash<QString, QString>;

qint64 counter(const Values &v, const QString &name)
{
    bool ok = false;
    const qint64 n = v.value(name).toLongLong(&ok);
    return ok ? n : -1;
}

double gauge(const Values &v, const QString &name)
{
    bool ok = false;
    const double d = v.value(name).toDouble(&ok);
    return ok ? d : StatsGap;
}

// Sum of counters that are all present; -1 as soon as the first one is missing.
qint64 sumOf(const Values &v, std::initializer_list<const char *> names, bool allRequired = true)
{
    qint64 total = 0;
    bool any = false;
    for (const char *name : names) {
        const qint64 n = counter(v, QString::fromLatin1(name));
        if (n < 0) {
            if (allRequired)
                return -1;
            continue;
        }
        total += n;
        any = true;
    }
    return any ? total : -1;
}

// "keys=12,expires=3,avg_ttl=0" -> 12
qint64 keysOf(const QString &keyspaceValue)
{
    const QStringList parts = keyspaceValue.split(u',');
    for (const QString &part : parts) {
        if (part.startsWith(u"keys="))
            return part.mid(5).toLongLong();
    }
    return 0;
}

bool finite(double v)
{
    return std::isfinite(v);
}

} // namespace

StatsDeriver::Counters StatsDeriver::readCounters(const QList<const ServerStats *> &tables)
{
    Values v;
    double dbKeys = StatsGap;
    for (const ServerStats *t : tables) {
        if (t->columns.size() != 2)
            continue; // stats slabs / stats items: per class tables, not counters
        for (const QStringList &row : t->rows) {
            if (row.size() < 2)
                continue;
            if (t->section == u"keyspace" && row.at(0).startsWith(u"db")) {
                dbKeys = (finite(dbKeys) ? dbKeys : 0) + double(keysOf(row.at(1)));
                continue;
            }
            v.insert(row.at(0), row.at(1));
        }
    }

    Counters c;
    if (v.contains(QStringLiteral("rows")) && v.contains(QStringLiteral("size_on_disk_bytes"))) {
        c.table = true;
        c.items = gauge(v, QStringLiteral("rows"));
        c.expiredItems = gauge(v, QStringLiteral("expired_rows"));
        c.memoryUsed = gauge(v, QStringLiteral("size_on_disk_bytes"));
        if (c.memoryUsed < 0)
            c.memoryUsed = StatsGap; // the driver could not measure it
        c.inserts = counter(v, QStringLiteral("n_tup_ins"));
        c.updates = counter(v, QStringLiteral("n_tup_upd"));
        c.deletes = counter(v, QStringLiteral("n_tup_del"));
        c.idxScan = counter(v, QStringLiteral("pkey_idx_scan"));
        c.idxFetch = counter(v, QStringLiteral("pkey_idx_tup_fetch"));
    } else if (v.contains(QStringLiteral("keyspace_hits")) || v.contains(QStringLiteral("redis_version"))) {
        c.identity = v.value(QStringLiteral("run_id"));
        c.identityName = QStringLiteral("run_id");
        c.uptimeSecs = counter(v, QStringLiteral("uptime_in_seconds"));
        c.serverTimeUs = counter(v, QStringLiteral("server_time_usec"));
        c.hits = counter(v, QStringLiteral("keyspace_hits"));
        c.misses = counter(v, QStringLiteral("keyspace_misses"));
        c.evictions = counter(v, QStringLiteral("evicted_keys"));
        c.expired = counter(v, QStringLiteral("expired_keys"));
        c.ops = counter(v, QStringLiteral("total_commands_processed"));
        c.memoryUsed = gauge(v, QStringLiteral("used_memory"));
        c.memoryMax = gauge(v, QStringLiteral("maxmemory"));
        if (c.memoryMax == 0)
            c.memoryMax = StatsGap; // no limit
        c.clients = gauge(v, QStringLiteral("connected_clients"));
        // INFO lists only the databases that hold keys: none listed = empty.
        c.items = finite(dbKeys) ? dbKeys : (v.isEmpty() ? StatsGap : 0.0);
    } else {
        c.identity = v.value(QStringLiteral("pid"));
        c.identityName = QStringLiteral("pid");
        c.uptimeSecs = counter(v, QStringLiteral("uptime"));
        c.hits = counter(v, QStringLiteral("get_hits"));
        c.misses = counter(v, QStringLiteral("get_misses"));
        c.evictions = counter(v, QStringLiteral("evictions"));
        c.expired = sumOf(v, {"reclaimed", "crawler_reclaimed", "get_expired"}, false);
        c.ops = sumOf(v, {"cmd_get", "cmd_set", "cmd_touch", "delete_hits", "delete_misses"}, false);
        c.memoryUsed = gauge(v, QStringLiteral("bytes"));
        c.memoryMax = gauge(v, QStringLiteral("limit_maxbytes"));
        c.clients = gauge(v, QStringLiteral("curr_connections"));
        c.items = gauge(v, QStringLiteral("curr_items"));
    }
    return c;
}

StatsSample StatsDeriver::add(const QList<ServerStats> &tables, qint64 wallMs, double monotonicMs)
{
    // Group the tables by server, keeping the connector's order.
    QStringList order;
    QHash<QString, QList<const ServerStats *>> byServer;
    for (const ServerStats &t : tables) {
        if (!byServer.contains(t.server))
            order.append(t.server);
        byServer[t.server].append(&t);
    }

    StatsSample sample;
    sample.timestampMs = wallMs;
    for (const QString &server : std::as_const(order)) {
        remember(server);
        const QList<const ServerStats *> &own = byServer.value(server);
        QString error;
        for (const ServerStats *t : own) {
            if (t->section == u"error")
                error = t->rows.value(0).value(0, QStringLiteral("no answer"));
        }
        if (!error.isEmpty()) {
            m_previous.remove(server);
            ServerSample s;
            s.server = server;
            s.error = error;
            sample.servers.append(s);
            continue;
        }
        Counters now = readCounters(own);
        now.monotonicMs = monotonicMs;
        if (!now.table && now.hits < 0 && now.ops < 0 && !finite(now.memoryUsed)) {
            // An answer without a single counter (a pool member that went away can come
            // back as an empty stats table): as good as no answer.
            m_previous.remove(server);
            ServerSample s;
            s.server = server;
            s.error = QStringLiteral("%1 sent no statistics").arg(server);
            sample.servers.append(s);
            continue;
        }
        sample.servers.append(derive(server, now));
    }
    sample.aggregate = aggregate(sample.servers);
    return sample;
}

StatsSample StatsDeriver::addFailure(const QString &error, qint64 wallMs, const QString &fallbackServer)
{
    m_previous.clear();
    if (m_order.isEmpty() && !fallbackServer.isEmpty())
        m_order.append(fallbackServer);
    StatsSample sample;
    sample.timestampMs = wallMs;
    sample.error = error;
    for (const QString &server : std::as_const(m_order)) {
        ServerSample s;
        s.server = server;
        s.error = error;
        sample.servers.append(s);
    }
    sample.aggregate = aggregate(sample.servers);
    return sample;
}

void StatsDeriver::clear()
{
    m_previous.clear();
    m_order.clear();
}

void StatsDeriver::remember(const QString &server)
{
    if (!m_order.contains(server))
        m_order.append(server);
}

ServerSample StatsDeriver::derive(const QString &server, const Counters &now)
{
    ServerSample s;
    s.server = server;
    s.set(StatsMetric::MemoryUsed, now.memoryUsed);
    s.set(StatsMetric::MemoryMax, now.memoryMax);
    s.set(StatsMetric::Clients, now.clients);
    s.set(StatsMetric::Items, now.items);
    s.set(StatsMetric::ExpiredItems, now.expiredItems);

    const auto prevIt = m_previous.constFind(server);
    const bool havePrevious = prevIt != m_previous.constEnd();
    const Counters prev = havePrevious ? *prevIt : Counters();
    m_previous.insert(server, now);
    if (!havePrevious)
        return s; // a baseline: rates need a second poll

    if (!now.identity.isEmpty() && !prev.identity.isEmpty() && now.identity != prev.identity)
        s.resetReason = QStringLiteral("restarted (new %1)").arg(now.identityName);
    else if (now.uptimeSecs >= 0 && prev.uptimeSecs >= 0 && now.uptimeSecs < prev.uptimeSecs)
        s.resetReason = QStringLiteral("restarted (uptime went down)");
    else {
        const std::pair<qint64, qint64> pairs[] = {{prev.hits, now.hits},
                                                   {prev.misses, now.misses},
                                                   {prev.evictions, now.evictions},
                                                   {prev.expired, now.expired},
                                                   {prev.ops, now.ops},
                                                   {prev.idxScan, now.idxScan},
                                                   {prev.idxFetch, now.idxFetch},
                                                   {prev.inserts, now.inserts},
                                                   {prev.updates, now.updates},
                                                   {prev.deletes, now.deletes}};
        for (const auto &[before, after] : pairs) {
            if (before >= 0 && after >= 0 && after < before) {
                s.resetReason = QStringLiteral("statistics reset (a counter went down)");
                break;
            }
        }
    }
    if (!s.resetReason.isEmpty()) {
        s.reset = true;
        return s; // a gap; this poll is the new baseline
    }

    double seconds = (now.monotonicMs - prev.monotonicMs) / 1000.0;
    if (now.serverTimeUs > 0 && prev.serverTimeUs > 0 && now.serverTimeUs > prev.serverTimeUs)
        seconds = double(now.serverTimeUs - prev.serverTimeUs) / 1e6;
    s.intervalSecs = qMax(seconds, 0.0);

    if (now.table) {
        deriveTable(s, prev, now, seconds);
        return s;
    }
    // No measurable time between the polls: no rates, but the deltas and the ratio hold.
    const auto rate = [seconds](qint64 before, qint64 after) {
        return before >= 0 && after >= 0 && seconds > 0 ? double(after - before) / seconds : StatsGap;
    };
    s.set(StatsMetric::HitsPerSec, rate(prev.hits, now.hits));
    s.set(StatsMetric::MissesPerSec, rate(prev.misses, now.misses));
    s.set(StatsMetric::EvictionsPerSec, rate(prev.evictions, now.evictions));
    s.set(StatsMetric::ExpiredPerSec, rate(prev.expired, now.expired));
    s.set(StatsMetric::OpsPerSec, rate(prev.ops, now.ops));
    if (prev.hits >= 0 && now.hits >= 0 && prev.misses >= 0 && now.misses >= 0) {
        s.deltaHits = now.hits - prev.hits;
        s.deltaMisses = now.misses - prev.misses;
        const qint64 lookups = s.deltaHits + s.deltaMisses;
        if (lookups > 0)
            s.set(StatsMetric::HitRatio, 100.0 * double(s.deltaHits) / double(lookups));
    }
    return s;
}

void StatsDeriver::deriveTable(ServerSample &s, const Counters &prev, const Counters &now, double seconds)
{
    const auto delta = [](qint64 before, qint64 after) { return before >= 0 && after >= 0 ? after - before : -1; };
    const qint64 ins = delta(prev.inserts, now.inserts);
    const qint64 upd = delta(prev.updates, now.updates);
    const qint64 del = delta(prev.deletes, now.deletes);
    const qint64 scans = delta(prev.idxScan, now.idxScan);
    const qint64 fetches = delta(prev.idxFetch, now.idxFetch);
    const auto rate = [seconds](qint64 d) { return d >= 0 && seconds > 0 ? double(d) / seconds : StatsGap; };
    s.set(StatsMetric::InsertsPerSec, rate(ins));
    s.set(StatsMetric::UpdatesPerSec, rate(upd));
    s.set(StatsMetric::DeletesPerSec, rate(del));
    if (ins < 0 || upd < 0 || del < 0 || scans < 0 || fetches < 0)
        return; // not PostgreSQL: no activity counters, so no hits, misses or ops
    // Take away the primary-key lookups of Django's own writes (dbcachestats.cpp); what
    // is left are its gets: a fetched row is a hit, a scan that fetched nothing a miss.
    s.estimated = true;
    s.deltaHits = qMax<qint64>(0, fetches - 2 * upd - del);
    s.deltaMisses = qMax<qint64>(0, scans - fetches - ins);
    s.set(StatsMetric::HitsPerSec, rate(s.deltaHits));
    s.set(StatsMetric::MissesPerSec, rate(s.deltaMisses));
    s.set(StatsMetric::OpsPerSec, rate(s.deltaHits + s.deltaMisses + ins + upd + del));
    if (s.deltaHits + s.deltaMisses > 0)
        s.set(StatsMetric::HitRatio, 100.0 * double(s.deltaHits) / double(s.deltaHits + s.deltaMisses));
}

ServerSample StatsDeriver::aggregate(const QList<ServerSample> &servers)
{
    ServerSample all;
    all.server = ServerSample::AggregateName;
    if (servers.size() == 1) {
        all = servers.constFirst();
        all.server = ServerSample::AggregateName;
        return all;
    }
    int failed = 0;
    qint64 hits = 0, misses = 0;
    bool haveDeltas = false;
    bool memberGap = false; // an answering member without rates (its baseline, a reset)
    for (const ServerSample &s : servers) {
        if (!s.ok()) {
            ++failed;
            if (all.error.isEmpty())
                all.error = s.error;
            continue;
        }
        for (int m = 0; m < StatsMetricCount; ++m) {
            if (m == int(StatsMetric::HitRatio) || !finite(s.values[size_t(m)]))
                continue;
            double &sum = all.values[size_t(m)];
            sum = (finite(sum) ? sum : 0) + s.values[size_t(m)];
        }
        if (s.deltaHits >= 0 && s.deltaMisses >= 0) {
            hits += s.deltaHits;
            misses += s.deltaMisses;
            haveDeltas = true;
        }
        memberGap = memberGap || s.reset || s.deltaHits < 0 || s.deltaMisses < 0;
        all.estimated = all.estimated || s.estimated;
        if (s.reset) {
            all.reset = true;
            all.resetReason = s.resetReason;
        }
        all.intervalSecs = qMax(all.intervalSecs, s.intervalSecs);
    }
    // The aggregate stays drawn while at least one member answers; the error of a member
    // that did not is kept on its own line.
    if (failed < servers.size())
        all.error.clear();
    if (memberGap) {
        // A sum missing a member would dip for one poll: the aggregate skips it too. A
        // member that does not answer at all is left out instead (its line shows the
        // outage), or the aggregate would vanish for as long as one server is down.
        for (int m = 0; m < StatsMetricCount; ++m) {
            if (isRateMetric(StatsMetric(m)))
                all.values[size_t(m)] = StatsGap;
        }
        return all;
    }
    if (haveDeltas) {
        all.deltaHits = hits;
        all.deltaMisses = misses;
        if (hits + misses > 0)
            all.set(StatsMetric::HitRatio, 100.0 * double(hits) / double(hits + misses));
    }
    return all;
}

} // namespace cachescope

// StatsDeriver: canned INFO / memcached stats answers in, rates, ratio, gaps and resets out.
#include "ops/statsderiver.h"

#include <QTest>

#include <cmath>

using namespace cachescope;

namespace {

using Counters = QList<QPair<QString, QString>>;

ServerStats table(const QString &server, const QString &section, const Counters &rows)
{
    ServerStats t{server, section, {QStringLiteral("name"), QStringLiteral("value")}, {}};
    for (const auto &[name, value] : rows)
        t.rows.append({name, value});
    return t;
}

struct Redis
{
    qint64 hits = 0, misses = 0, evicted = 0, expired = 0, commands = 0;
    qint64 uptime = 100;
    QString runId = QStringLiteral("a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2");
    qint64 usedMemory = 1000000, maxMemory = 0;
    int clients = 3;
    QList<qint64> dbKeys{10};
    qint64 serverTimeUs = -1;

    QList<ServerStats> tables(const QString &server = QStringLiteral("127.0.0.1:6379")) const
    {
        Counters serverRows{{QStringLiteral("redis_version"), QStringLiteral("7.0.15")},
                            {QStringLiteral("run_id"), runId},
                            {QStringLiteral("uptime_in_seconds"), QString::number(uptime)}};
        if (serverTimeUs >= 0)
            serverRows.append({QStringLiteral("server_time_usec"), QString::number(serverTimeUs)});
        Counters keyspace;
        for (int db = 0; db < dbKeys.size(); ++db)
            keyspace.append({QStringLiteral("db%1").arg(db),
                             QStringLiteral("keys=%1,expires=0,avg_ttl=0").arg(dbKeys.at(db))});
        return {table(server, QStringLiteral("server"), serverRows),
                table(server, QStringLiteral("clients"),
                      {{QStringLiteral("connected_clients"), QString::number(clients)}}),
                table(server, QStringLiteral("memory"),
                      {{QStringLiteral("used_memory"), QString::number(usedMemory)},
                       {QStringLiteral("maxmemory"), QString::number(maxMemory)}}),
                table(server, QStringLiteral("stats"),
                      {{QStringLiteral("total_commands_processed"), QString::number(commands)},
                       {QStringLiteral("expired_keys"), QString::number(expired)},
                       {QStringLiteral("evicted_keys"), QString::number(evicted)},
                       {QStringLiteral("keyspace_hits"), QString::number(hits)},
                       {QStringLiteral("keyspace_misses"), QString::number(misses)}}),
                table(server, QStringLiteral("keyspace"), keyspace)};
    }
};

struct Memcached
{
    qint64 hits = 0, misses = 0, evictions = 0, reclaimed = 0, crawlerReclaimed = 0, getExpired = 0;
    qint64 cmdGet = 0, cmdSet = 0, items = 0, bytes = 0, limit = 64 * 1024 * 1024, conns = 2;
    qint64 uptime = 50, pid = 4242;

    QList<ServerStats> tables(const QString &server) const
    {
        auto n = [](qint64 v) { return QString::number(v); };
        ServerStats stats = table(server, QStringLiteral("stats"),
                                  {{QStringLiteral("pid"), n(pid)},
                                   {QStringLiteral("uptime"), n(uptime)},
                                   {QStringLiteral("curr_connections"), n(conns)},
                                   {QStringLiteral("cmd_get"), n(cmdGet)},
                                   {QStringLiteral("cmd_set"), n(cmdSet)},
                                   {QStringLiteral("get_hits"), n(hits)},
                                   {QStringLiteral("get_misses"), n(misses)},
                                   {QStringLiteral("get_expired"), n(getExpired)},
                                   {QStringLiteral("reclaimed"), n(reclaimed)},
                                   {QStringLiteral("crawler_reclaimed"), n(crawlerReclaimed)},
                                   {QStringLiteral("evictions"), n(evictions)},
                                   {QStringLiteral("curr_items"), n(items)},
                                   {QStringLiteral("bytes"), n(bytes)},
                                   {QStringLiteral("limit_maxbytes"), n(limit)}});
        // A per-class table, as `stats slabs` arrives: must not be read as counters.
        ServerStats slabs{server,
                          QStringLiteral("stats slabs"),
                          {QStringLiteral("class"), QStringLiteral("chunk_size"), QStringLiteral("get_hits")},
                          {{QStringLiteral("1"), QStringLiteral("96"), QStringLiteral("999999")}}};
        return {stats, slabs};
    }
};

bool isGap(double v)
{
    return std::isnan(v);
}

void verifyRatesAreGaps(const ServerSample &s)
{
    for (int m = 0; m < StatsMetricCount; ++m) {
        if (isRateMetric(StatsMetric(m)))
            QVERIFY2(isGap(s.values[size_t(m)]), qPrintable(statsMetricKey(StatsMetric(m))));
    }
}

// A database cache table's answer (dbcachestats.cpp); counters < 0 are left out (SQLite).
struct CacheTable
{
    qint64 rows = 10, expired = 2, size = 65536;
    qint64 ins = -1, upd = -1, del = -1, scans = -1, fetches = -1;

    QList<ServerStats> tables() const
    {
        auto n = [](qint64 v) { return QString::number(v); };
        Counters c{{QStringLiteral("rows"), n(rows)},
                   {QStringLiteral("expired_rows"), n(expired)},
                   {QStringLiteral("size_on_disk_bytes"), n(size)},
                   {QStringLiteral("size_scope"), QStringLiteral("table and indexes")}};
        if (ins >= 0)
            c += Counters{{QStringLiteral("n_tup_ins"), n(ins)},
                          {QStringLiteral("n_tup_upd"), n(upd)},
                          {QStringLiteral("n_tup_del"), n(del)},
                          {QStringLiteral("pkey_idx_scan"), n(scans)},
                          {QStringLiteral("pkey_idx_tup_fetch"), n(fetches)}};
        return {table(QStringLiteral("db:5432/site"), QStringLiteral("table django_cache"), c)};
    }
};

} // namespace

class TestStatsDeriver : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firstPollIsABaseline();
    void ratesAndRatio();
    void noLookupsIsAGapNotZero();
    void serverClockGivesTheInterval();
    void pollsTooCloseKeepTheRatio();
    void resets_data();
    void resets();
    void failureThenBaseline();
    void memcachedPool();
    void memcachedPoolMemberDown();
    void resetThenNormalSequence();
    void cacheTableEstimate_data();
    void cacheTableEstimate();
    void cacheTableWithoutCounters();
};

void TestStatsDeriver::firstPollIsABaseline()
{
    StatsDeriver d;
    Redis r;
    r.hits = 500;
    r.dbKeys = {10, 5};
    const StatsSample s = d.add(r.tables(), 1000, 0);
    QCOMPARE(s.servers.size(), 1);
    verifyRatesAreGaps(s.servers.at(0));
    QVERIFY(!s.servers.at(0).reset);
    QCOMPARE(s.servers.at(0).value(StatsMetric::Items), 15.0);
    QCOMPARE(s.servers.at(0).value(StatsMetric::Clients), 3.0);
    QCOMPARE(s.servers.at(0).value(StatsMetric::MemoryUsed), 1000000.0);
    QVERIFY2(isGap(s.servers.at(0).value(StatsMetric::MemoryMax)), "maxmemory 0 means no limit");
    QCOMPARE(s.aggregate.server, ServerSample::AggregateName);
    QCOMPARE(s.aggregate.value(StatsMetric::Items), 15.0);
}

void TestStatsDeriver::ratesAndRatio()
{
    StatsDeriver d;
    Redis r;
    r.hits = 1000;
    r.misses = 200;
    r.commands = 5000;
    r.maxMemory = 4000000;
    d.add(r.tables(), 1000, 10000);
    r.hits += 300;
    r.misses += 100;
    r.evicted += 40;
    r.expired += 8;
    r.commands += 1000;
    const StatsSample s = d.add(r.tables(), 3000, 12000); // 2 s later
    const ServerSample &x = s.servers.at(0);
    QCOMPARE(x.value(StatsMetric::HitRatio), 75.0);
    QCOMPARE(x.value(StatsMetric::HitsPerSec), 150.0);
    QCOMPARE(x.value(StatsMetric::MissesPerSec), 50.0);
    QCOMPARE(x.value(StatsMetric::EvictionsPerSec), 20.0);
    QCOMPARE(x.value(StatsMetric::ExpiredPerSec), 4.0);
    QCOMPARE(x.value(StatsMetric::OpsPerSec), 500.0);
    QCOMPARE(x.value(StatsMetric::MemoryMax), 4000000.0);
    QCOMPARE(x.deltaHits, 300);
    QCOMPARE(x.deltaMisses, 100);
    QCOMPARE(x.intervalSecs, 2.0);
    QCOMPARE(s.timestampMs, 3000);
    QCOMPARE(s.aggregate.value(StatsMetric::HitRatio), 75.0);
}

void TestStatsDeriver::noLookupsIsAGapNotZero()
{
    StatsDeriver d;
    Redis r;
    r.hits = 10;
    r.misses = 10;
    d.add(r.tables(), 0, 0);
    r.commands += 3;
    const ServerSample x = d.add(r.tables(), 1000, 1000).servers.at(0);
    QVERIFY2(isGap(x.value(StatsMetric::HitRatio)), "no lookups: neither 0% nor 100%");
    QCOMPARE(x.value(StatsMetric::HitsPerSec), 0.0);
    QCOMPARE(x.value(StatsMetric::MissesPerSec), 0.0);
    QCOMPARE(x.value(StatsMetric::OpsPerSec), 3.0);
}

void TestStatsDeriver::serverClockGivesTheInterval()
{
    StatsDeriver d;
    Redis r;
    r.serverTimeUs = 1'000'000'000;
    d.add(r.tables(), 0, 0);
    r.serverTimeUs += 500'000; // the server says 0.5 s passed; our clock says 0.9 s
    r.hits += 100;
    const ServerSample x = d.add(r.tables(), 900, 900).servers.at(0);
    QCOMPARE(x.intervalSecs, 0.5);
    QCOMPARE(x.value(StatsMetric::HitsPerSec), 200.0);
}

void TestStatsDeriver::pollsTooCloseKeepTheRatio()
{
    StatsDeriver d;
    Memcached m;
    d.add(m.tables(QStringLiteral("h:1")), 0, 5.0);
    m.hits += 3;
    m.misses += 1;
    const ServerSample x = d.add(m.tables(QStringLiteral("h:1")), 0, 5.0).servers.at(0); // same instant
    QVERIFY(isGap(x.value(StatsMetric::HitsPerSec)));
    QCOMPARE(x.value(StatsMetric::HitRatio), 75.0);
    QCOMPARE(x.deltaHits, 3);
    m.hits += 1;
    QCOMPARE(d.add(m.tables(QStringLiteral("h:1")), 0, 5.25).servers.at(0).value(StatsMetric::HitsPerSec),
             4000.0);
}

void TestStatsDeriver::resets_data()
{
    QTest::addColumn<int>("change");
    QTest::addColumn<QString>("reason");
    // 0: CONFIG RESETSTAT (hits fall to a few), 1: restart (new run_id, counters higher),
    // 2: restart with the same run_id but lower uptime, 3: only the command count fell.
    QTest::newRow("resetstat") << 0 << QStringLiteral("statistics reset");
    QTest::newRow("new run_id") << 1 << QStringLiteral("run_id");
    QTest::newRow("uptime went down") << 2 << QStringLiteral("uptime");
    QTest::newRow("ops counter fell") << 3 << QStringLiteral("statistics reset");
}

void TestStatsDeriver::resets()
{
    QFETCH(int, change);
    QFETCH(QString, reason);
    StatsDeriver d;
    Redis r;
    r.hits = 1000;
    r.misses = 1000;
    r.commands = 10000;
    r.uptime = 500;
    d.add(r.tables(), 0, 0);
    switch (change) {
    case 0:
        r.hits = 5;
        r.misses = 1;
        r.commands = 7;
        break;
    case 1:
        r.runId = QStringLiteral("ffffffffffffffffffffffffffffffffffffffff");
        r.hits = 5000; // higher than before: only the run_id tells
        r.uptime = 1;
        break;
    case 2:
        r.uptime = 3;
        r.hits = 2000;
        break;
    case 3:
        r.commands = 3;
        break;
    }
    const ServerSample x = d.add(r.tables(), 1000, 1000).servers.at(0);
    QVERIFY(x.reset);
    QVERIFY2(x.resetReason.contains(reason), qPrintable(x.resetReason));
    verifyRatesAreGaps(x);
    QCOMPARE(x.value(StatsMetric::Items), 10.0); // gauges stay drawn
    QVERIFY(d.add(r.tables(), 2000, 2000).servers.at(0).value(StatsMetric::HitsPerSec) == 0.0);
}

void TestStatsDeriver::failureThenBaseline()
{
    StatsDeriver d;
    Redis r;
    d.add(r.tables(), 0, 0);
    const StatsSample down = d.addFailure(QStringLiteral("Connection refused"), 1000, QStringLiteral("x:1"));
    QCOMPARE(down.error, QStringLiteral("Connection refused"));
    QCOMPARE(down.servers.size(), 1);
    QCOMPARE(down.servers.at(0).server, QStringLiteral("127.0.0.1:6379"));
    QCOMPARE(down.servers.at(0).error, QStringLiteral("Connection refused"));
    for (double v : down.servers.at(0).values)
        QVERIFY(isGap(v));
    QVERIFY(!down.aggregate.ok());
    r.hits += 50;
    const ServerSample back = d.add(r.tables(), 2000, 2000).servers.at(0);
    QVERIFY(back.ok());
    verifyRatesAreGaps(back); // the interval spans the outage: a new baseline
    r.hits += 10;
    QCOMPARE(d.add(r.tables(), 3000, 3000).servers.at(0).value(StatsMetric::HitsPerSec), 10.0);

    StatsDeriver never;
    const StatsSample first = never.addFailure(QStringLiteral("refused"), 0, QStringLiteral("10.0.0.5:6379"));
    QCOMPARE(first.servers.at(0).server, QStringLiteral("10.0.0.5:6379"));
}

void TestStatsDeriver::memcachedPool()
{
    StatsDeriver d;
    Memcached a, b;
    a.pid = 1;
    b.pid = 2;
    const auto both = [&] { return a.tables(QStringLiteral("h:1")) + b.tables(QStringLiteral("h:2")); };
    d.add(both(), 0, 0);
    a.hits += 90;
    a.misses += 10; // 90%
    b.hits += 0;
    b.misses += 100; // 0%
    a.cmdGet += 100;
    a.cmdSet += 20;
    b.cmdGet += 100;
    a.reclaimed += 3;
    a.crawlerReclaimed += 2;
    b.getExpired += 1;
    a.evictions += 7;
    a.items = 100;
    b.items = 50;
    const StatsSample s = d.add(both(), 1000, 1000);
    QCOMPARE(s.servers.size(), 2);
    QCOMPARE(s.servers.at(0).server, QStringLiteral("h:1"));
    QCOMPARE(s.servers.at(0).value(StatsMetric::HitRatio), 90.0);
    QCOMPARE(s.servers.at(1).value(StatsMetric::HitRatio), 0.0);
    QCOMPARE(s.servers.at(0).value(StatsMetric::ExpiredPerSec), 5.0);
    QCOMPARE(s.servers.at(0).value(StatsMetric::OpsPerSec), 120.0);
    QCOMPARE(s.servers.at(0).value(StatsMetric::EvictionsPerSec), 7.0);
    // 90 hits of 200 lookups, not the mean of 90% and 0%.
    QCOMPARE(s.aggregate.value(StatsMetric::HitRatio), 45.0);
    QCOMPARE(s.aggregate.value(StatsMetric::HitsPerSec), 90.0);
    QCOMPARE(s.aggregate.value(StatsMetric::ExpiredPerSec), 6.0);
    QCOMPARE(s.aggregate.value(StatsMetric::Items), 150.0);
    QCOMPARE(s.aggregate.value(StatsMetric::MemoryMax), 2.0 * 64 * 1024 * 1024);

    // `stats reset` on one member: a gap there, the other keeps its rate.
    a.hits = 1;
    a.misses = 0;
    b.hits += 30;
    b.misses += 10;
    const StatsSample r = d.add(both(), 2000, 2000);
    QVERIFY(r.servers.at(0).reset);
    QVERIFY(!r.servers.at(1).reset);
    QCOMPARE(r.servers.at(1).value(StatsMetric::HitRatio), 75.0);
    QVERIFY(r.aggregate.reset);
    // The aggregate does not dip to the one member left: a gap for this poll.
    QVERIFY(isGap(r.aggregate.value(StatsMetric::HitRatio)));
    QVERIFY(isGap(r.aggregate.value(StatsMetric::HitsPerSec)));
    QCOMPARE(r.aggregate.value(StatsMetric::Items), 150.0);
}

void TestStatsDeriver::memcachedPoolMemberDown()
{
    StatsDeriver d;
    Memcached a, b;
    d.add(a.tables(QStringLiteral("h:1")) + b.tables(QStringLiteral("h:2")), 0, 0);
    a.hits += 10;
    QList<ServerStats> tables = a.tables(QStringLiteral("h:1"));
    tables.append(ServerStats{QStringLiteral("h:2"),
                              QStringLiteral("error"),
                              {QStringLiteral("error")},
                              {{QStringLiteral("CONNECTION FAILURE")}}});
    const StatsSample s = d.add(tables, 1000, 1000);
    QCOMPARE(s.servers.at(1).error, QStringLiteral("CONNECTION FAILURE"));
    QVERIFY(isGap(s.servers.at(1).value(StatsMetric::HitsPerSec)));
    QVERIFY(s.aggregate.ok());
    QCOMPARE(s.aggregate.value(StatsMetric::HitsPerSec), 10.0);
    QCOMPARE(d.servers(), (QStringList{QStringLiteral("h:1"), QStringLiteral("h:2")}));

    // A member answering with an empty stats table is as good as down.
    QList<ServerStats> empty = a.tables(QStringLiteral("h:1"));
    empty.append(table(QStringLiteral("h:2"), QStringLiteral("stats"), {}));
    const StatsSample e = d.add(empty, 2000, 2000);
    QVERIFY(!e.servers.at(1).ok());
    QVERIFY(e.aggregate.ok());
}

// Counters that go down and up again in a canned sequence never give a negative rate.
void TestStatsDeriver::resetThenNormalSequence()
{
    const qint64 hits[] = {100, 200, 300, 5, 105, 205, 0, 0, 50};
    const bool gap[] = {true, false, false, true, false, false, true, false, false};
    StatsDeriver d;
    Redis r;
    for (int i = 0; i < int(std::size(hits)); ++i) {
        r.hits = hits[i];
        r.misses = hits[i];
        const ServerSample x = d.add(r.tables(), i * 1000, i * 1000).servers.at(0);
        const double rate = x.value(StatsMetric::HitsPerSec);
        QVERIFY2(gap[i] == isGap(rate), qPrintable(QStringLiteral("poll %1").arg(i)));
        QVERIFY(isGap(rate) || rate >= 0);
        if (!gap[i])
            QCOMPARE(rate, double(hits[i] - hits[i - 1]));
        if (i == 7)
            QVERIFY2(isGap(x.value(StatsMetric::HitRatio)), "0 lookups after the reset");
        if (i == 8)
            QCOMPARE(x.value(StatsMetric::HitRatio), 50.0);
    }
}

void TestStatsDeriver::cacheTableEstimate_data()
{
    QTest::addColumn<qint64>("gets");    // cache.get calls
    QTest::addColumn<qint64>("found");   // ... that found their row
    QTest::addColumn<qint64>("inserts"); // set of a new key: 1 scan, no fetch, 1 insert
    QTest::addColumn<qint64>("updates"); // set of an existing key: 2 scans, 2 fetches, 1 update
    QTest::addColumn<qint64>("deletes"); // delete of a row: 1 scan, 1 fetch, 1 delete
    QTest::addColumn<double>("ratio");
    QTest::newRow("gets only") << qint64(40) << qint64(30) << qint64(0) << qint64(0) << qint64(0) << 75.0;
    QTest::newRow("with writes") << qint64(40) << qint64(30) << qint64(5) << qint64(7) << qint64(3) << 75.0;
    QTest::newRow("all misses") << qint64(8) << qint64(0) << qint64(8) << qint64(0) << qint64(0) << 0.0;
}

// Django's own query pattern in, its gets' hits and misses out (an estimate, flagged).
void TestStatsDeriver::cacheTableEstimate()
{
    QFETCH(qint64, gets);
    QFETCH(qint64, found);
    QFETCH(qint64, inserts);
    QFETCH(qint64, updates);
    QFETCH(qint64, deletes);
    QFETCH(double, ratio);
    StatsDeriver d;
    CacheTable t;
    t.ins = 100, t.upd = 50, t.del = 20, t.scans = 1000, t.fetches = 700;
    const StatsSample first = d.add(t.tables(), 1000, 0);
    QCOMPARE(first.aggregate.value(StatsMetric::Items), 10.0);
    QCOMPARE(first.aggregate.value(StatsMetric::ExpiredItems), 2.0);
    QCOMPARE(first.aggregate.value(StatsMetric::MemoryUsed), 65536.0);
    QVERIFY(isGap(first.aggregate.value(StatsMetric::MemoryMax)));
    verifyRatesAreGaps(first.aggregate);

    t.scans += gets + inserts + 2 * updates + deletes;
    t.fetches += found + 2 * updates + deletes;
    t.ins += inserts, t.upd += updates, t.del += deletes;
    t.rows = 12;
    const StatsSample s = d.add(t.tables(), 3000, 2000);
    const ServerSample &x = s.aggregate;
    QVERIFY(x.ok());
    QVERIFY(x.estimated);
    QVERIFY(!x.reset);
    QCOMPARE(x.deltaHits, found);
    QCOMPARE(x.deltaMisses, gets - found);
    QCOMPARE(x.value(StatsMetric::HitRatio), ratio);
    QCOMPARE(x.value(StatsMetric::HitsPerSec), double(found) / 2.0);
    QCOMPARE(x.value(StatsMetric::InsertsPerSec), double(inserts) / 2.0);
    QCOMPARE(x.value(StatsMetric::UpdatesPerSec), double(updates) / 2.0);
    QCOMPARE(x.value(StatsMetric::DeletesPerSec), double(deletes) / 2.0);
    QCOMPARE(x.value(StatsMetric::OpsPerSec), double(gets + inserts + updates + deletes) / 2.0);
    QCOMPARE(x.value(StatsMetric::Items), 12.0);

    // pg_stat_reset(): the counters go down, a reset and a gap, never a negative rate.
    t.scans = 3, t.fetches = 1, t.ins = 0, t.upd = 0, t.del = 0;
    const StatsSample reset = d.add(t.tables(), 4000, 3000);
    QVERIFY(reset.aggregate.reset);
    verifyRatesAreGaps(reset.aggregate);
}

// SQLite and MySQL publish no activity counters: rows and size, no estimate, no error.
void TestStatsDeriver::cacheTableWithoutCounters()
{
    StatsDeriver d;
    CacheTable t;
    t.size = -1; // the driver could not measure it
    d.add(t.tables(), 1000, 0);
    t.rows = 11;
    const StatsSample s = d.add(t.tables(), 2000, 1000);
    QVERIFY2(s.aggregate.ok(), qPrintable(s.aggregate.error));
    QVERIFY(!s.aggregate.estimated);
    QCOMPARE(s.aggregate.value(StatsMetric::Items), 11.0);
    QVERIFY(isGap(s.aggregate.value(StatsMetric::MemoryUsed)));
    verifyRatesAreGaps(s.aggregate);
}

QTEST_GUILESS_MAIN(TestStatsDeriver)
#include "tst_statsderiver.moc"

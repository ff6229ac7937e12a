// RedisConnector through ConnectorHost (its own thread) against a real redis-server.
#include "connectorrecorder.h"
#include "redis/redisconnector.h"
#include "redisserver.h"

#include <QElapsedTimer>
#include <QSet>
#include <QTest>

#include <memory>

using namespace cachescope;
using namespace cachescope::test;

namespace {

std::unique_ptr<RecordedConnector> openSession(const ConnectionSpec &spec)
{
    return openRecorded(std::make_unique<RedisConnector>(spec));
}

} // namespace

class TestRedisConnector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void opensAndReportsServerInfo();
    void scansHundredThousandKeys();
    void scanHonoursMatch();
    void stopScanStopsEarly();
    void readsEveryValueType_data();
    void readsEveryValueType();
    void truncatesBigStrings();
    void pagesThroughCollections_data();
    void pagesThroughCollections();
    void fetchesMetaAndTtls();
    void binaryKeysReadableAndDeletable_data();
    void binaryKeysReadableAndDeletable();
    void deletesWithUnlinkInBatches();
    void setsAndRemovesTtl();
    void readOnlySpecRefusesDelete();
    void replicaReportsServerError();
    void serverStatsFromInfoSections();

private:
    RedisServer m_redis;
};

void TestRedisConnector::initTestCase()
{
    QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString()));
}

void TestRedisConnector::init()
{
    // Test setup only: the product never flushes.
    QCOMPARE(m_redis.command({"FLUSHALL"}).str, QByteArray("OK"));
}

void TestRedisConnector::opensAndReportsServerInfo()
{
    m_redis.command({"SET", "a", "1"});
    m_redis.command({"SET", "b", "2"});
    auto s = openSession(m_redis.spec());
    QCOMPARE(s->results.opened.size(), 1);
    const ServerInfo info = s->results.opened.first();
    QCOMPARE(info.product, QStringLiteral("Redis"));
    QVERIFY2(info.version.count(u'.') == 2, qPrintable(info.version));
    QCOMPARE(info.mode, QStringLiteral("standalone"));
    QCOMPARE(info.dbSize, 2);
    QVERIFY(info.roundTripMs >= 0);
    QVERIFY(info.hasUnlink);
    QVERIFY(info.hasMemoryUsage);
    QVERIFY(!info.readOnlyReplica);

    m_redis.command({"SET", "c", "3"});
    const quint64 id = s->host.refreshInfo();
    WAIT_ANSWER(*s, id, 10000);
    EXPECT_NO_FAILURE(*s, id);
    QCOMPARE(s->results.info.value(id).dbSize, 3);
}

void TestRedisConnector::scansHundredThousandKeys()
{
    constexpr int N = 100000;
    QVERIFY(m_redis.fill(N, "django:1:views.decorators.cache.cache_page."));
    auto s = openSession(m_redis.spec());
    QElapsedTimer clock;
    clock.start();
    const quint64 id = s->host.scanKeys(ScanRequest{});
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(id), 60000);
    const qint64 wall = clock.elapsed();
    EXPECT_NO_FAILURE(*s, id);
    const ScanSummary summary = s->results.finished.value(id);
    QVERIFY(summary.complete);
    QCOMPARE(s->results.keys.value(id).size(), N); // distinct keys; SCAN may repeat some
    QVERIFY(summary.keysFound >= N);
    QVERIFY(s->results.soFarMonotonic);
    QCOMPARE(s->results.lastSoFar.value(id), summary.keysFound);
    qInfo("SCAN of %d keys: %lld ms wall (test thread, incl. signal delivery), %lld ms in the connector, "
          "%lld pages, %d batches",
          N, wall, summary.elapsedMs, summary.pages, s->results.batches.value(id));
}

void TestRedisConnector::scanHonoursMatch()
{
    QVERIFY(m_redis.fill(500, "user:"));
    QVERIFY(m_redis.fill(700, "other:"));
    auto s = openSession(m_redis.spec());
    ScanRequest request;
    request.match = "user:*";
    request.count = 100;
    const quint64 id = s->host.scanKeys(request);
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(id), 20000);
    EXPECT_NO_FAILURE(*s, id);
    const QSet<QByteArray> keys = s->results.keys.value(id);
    QCOMPARE(keys.size(), 500);
    for (const QByteArray &k : keys)
        QVERIFY(k.startsWith("user:"));
}

void TestRedisConnector::stopScanStopsEarly()
{
    constexpr int N = 50000;
    QVERIFY(m_redis.fill(N));
    auto s = openSession(m_redis.spec());
    ScanRequest request;
    request.count = 10;
    const quint64 id = s->host.scanKeys(request);
    QTRY_VERIFY_WITH_TIMEOUT(s->results.batches.value(id) > 0, 10000);
    s->host.stopScan(id);
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(id), 10000);
    const ScanSummary summary = s->results.finished.value(id);
    QVERIFY(!summary.complete);
    QVERIFY2(summary.keysFound < N, qPrintable(QString::number(summary.keysFound)));
    QVERIFY(!s->results.failed.contains(id));
    // Nothing more arrives for a finished scan.
    const int batches = s->results.batches.value(id);
    const quint64 ping = s->host.refreshInfo();
    WAIT_ANSWER(*s, ping, 10000);
    QCOMPARE(s->results.batches.value(id), batches);
}

void TestRedisConnector::readsEveryValueType_data()
{
    QTest::addColumn<QList<QByteArray>>("setup");
    QTest::addColumn<int>("type");
    QTest::addColumn<qint64>("length");
    QTest::addColumn<QList<QByteArray>>("elements"); // compared as a sorted list for hash / set
    QTest::addColumn<QByteArray>("data");

    using L = QList<QByteArray>;
    QTest::newRow("string") << L{"SET", "k", "hello"} << int(KeyType::String) << qint64(5) << L{}
                            << QByteArray("hello");
    QTest::newRow("hash") << L{"HSET", "k", "f1", "v1", "f2", "v2"} << int(KeyType::Hash) << qint64(2)
                          << L{"f1", "f2", "v1", "v2"} << QByteArray();
    QTest::newRow("list") << L{"RPUSH", "k", "a", "b", "a"} << int(KeyType::List) << qint64(3)
                          << L{"a", "b", "a"} << QByteArray();
    QTest::newRow("set") << L{"SADD", "k", "x", "y"} << int(KeyType::Set) << qint64(2) << L{"x", "y"}
                         << QByteArray();
    QTest::newRow("zset") << L{"ZADD", "k", "2", "two", "1.5", "one"} << int(KeyType::ZSet) << qint64(2)
                          << L{"one", "1.5", "two", "2"} << QByteArray();
    QTest::newRow("stream") << L{"XADD", "k", "5-1", "a", "1", "b", "2"} << int(KeyType::Stream) << qint64(1)
                            << L{"5-1", "a=1 b=2"} << QByteArray();
    QTest::newRow("missing") << L{"PING"} << int(KeyType::Missing) << qint64(0) << L{} << QByteArray();
}

void TestRedisConnector::readsEveryValueType()
{
    QFETCH(QList<QByteArray>, setup);
    QFETCH(int, type);
    QFETCH(qint64, length);
    QFETCH(QList<QByteArray>, elements);
    QFETCH(QByteArray, data);
    QVERIFY(!m_redis.command(setup).isError());
    auto s = openSession(m_redis.spec());
    ValueRequest request;
    request.key = "k";
    const quint64 id = s->host.fetchValue(request);
    WAIT_ANSWER(*s, id, 10000);
    EXPECT_NO_FAILURE(*s, id);
    KeyValue v = s->results.values.value(id);
    QCOMPARE(int(v.type), type);
    QCOMPARE(v.length, length);
    QCOMPARE(v.data, data);
    QVERIFY(!v.truncated);
    QVERIFY(v.nextCursor.isEmpty());
    QCOMPARE(v.ttlMs, type == int(KeyType::Missing) ? KeyMissing : NoExpiry);
    if (type == int(KeyType::Hash) || type == int(KeyType::Set)) {
        std::sort(v.elements.begin(), v.elements.end());
        std::sort(elements.begin(), elements.end());
    }
    QCOMPARE(v.elements, elements);
}

void TestRedisConnector::truncatesBigStrings()
{
    QByteArray big(1536 * 1024, 'z');
    big[0] = '\0';
    QVERIFY(!m_redis.command({"SET", "big", big}).isError());
    auto s = openSession(m_redis.spec());
    ValueRequest request;
    request.key = "big";
    const quint64 capped = s->host.fetchValue(request); // default: first 1 MiB
    request.byteLimit = -1;
    const quint64 whole = s->host.fetchValue(request);
    WAIT_ANSWER(*s, capped, 10000);
    WAIT_ANSWER(*s, whole, 10000);
    EXPECT_NO_FAILURE(*s, capped);
    EXPECT_NO_FAILURE(*s, whole);
    const KeyValue c = s->results.values.value(capped);
    QCOMPARE(c.length, big.size());
    QCOMPARE(c.data.size(), 1024 * 1024);
    QVERIFY(c.truncated);
    QVERIFY(c.data == big.left(1024 * 1024));
    const KeyValue w = s->results.values.value(whole);
    QVERIFY(!w.truncated);
    QVERIFY(w.data == big);
}

void TestRedisConnector::pagesThroughCollections_data()
{
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<int>("perItem"); // elements per member in KeyValue::elements
    QTest::newRow("list") << QByteArray("RPUSH") << 1;
    QTest::newRow("hash") << QByteArray("HSET") << 2;
    QTest::newRow("set") << QByteArray("SADD") << 1;
    QTest::newRow("zset") << QByteArray("ZADD") << 2;
    QTest::newRow("stream") << QByteArray("XADD") << 2;
}

void TestRedisConnector::pagesThroughCollections()
{
    QFETCH(QByteArray, command);
    QFETCH(int, perItem);
    constexpr int N = 1234;
    for (int i = 0; i < N; ++i) {
        const QByteArray n = QByteArray::number(i);
        QList<QByteArray> argv{command, "c"};
        if (command == "HSET")
            argv << "f" + n << "v" + n;
        else if (command == "ZADD")
            argv << n << "m" + n;
        else if (command == "XADD")
            argv << "*"
                 << "n" << n;
        else
            argv << "m" + n;
        QVERIFY(!m_redis.command(argv).isError());
    }
    auto s = openSession(m_redis.spec());
    QSet<QByteArray> members;
    qsizetype total = 0;
    QByteArray cursor = "0";
    int pages = 0;
    do {
        ValueRequest request;
        request.key = "c";
        request.cursor = cursor;
        request.pageSize = 100;
        const quint64 id = s->host.fetchValue(request);
        WAIT_ANSWER(*s, id, 10000);
        EXPECT_NO_FAILURE(*s, id);
        const KeyValue v = s->results.values.value(id);
        QCOMPARE(v.length, N);
        for (qsizetype i = 0; i < v.elements.size(); i += perItem)
            members.insert(v.elements.at(i));
        total += v.elements.size() / perItem;
        cursor = v.nextCursor;
        QVERIFY(++pages < 200);
    } while (!cursor.isEmpty());
    QCOMPARE(members.size(), N);
    if (command != "HSET" && command != "SADD") // offset / id cursors never repeat
        QCOMPARE(total, N);
    QVERIFY(pages >= N / 100);
}

void TestRedisConnector::fetchesMetaAndTtls()
{
    m_redis.command({"SET", "forever", "1"});
    m_redis.command({"SET", "soon", "1", "PX", "100000"});
    m_redis.command({"RPUSH", "list", "a"});
    auto s = openSession(m_redis.spec());
    const quint64 id = s->host.fetchMeta({"forever", "soon", "gone", "list"});
    WAIT_ANSWER(*s, id, 10000);
    EXPECT_NO_FAILURE(*s, id);
    const QList<KeyMeta> meta = s->results.meta.value(id);
    QCOMPARE(meta.size(), 4);
    QCOMPARE(meta.at(0).key, QByteArray("forever"));
    QCOMPARE(meta.at(0).type, KeyType::String);
    QCOMPARE(meta.at(0).ttlMs, NoExpiry);
    QVERIFY(meta.at(0).sizeBytes > 0);
    QVERIFY2(meta.at(1).ttlMs > 90000 && meta.at(1).ttlMs <= 100000,
             qPrintable(QString::number(meta.at(1).ttlMs)));
    QCOMPARE(meta.at(2).type, KeyType::Missing);
    QCOMPARE(meta.at(2).ttlMs, KeyMissing);
    QCOMPARE(meta.at(2).sizeBytes, SizeUnknown);
    QCOMPARE(meta.at(3).type, KeyType::List);
}

void TestRedisConnector::binaryKeysReadableAndDeletable_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::newRow("nul") << QByteArray("a\0b", 3);
    QTest::newRow("invalid utf-8") << QByteArray("caf\xe9\xff\xfe");
    QTest::newRow("newline") << QByteArray("line1\nline2\r\n");
    QTest::newRow("spaces") << QByteArray("  two  spaces ");
    QTest::newRow("glob chars") << QByteArray("a*[b]?\\c");
    QTest::newRow("empty-ish") << QByteArray(" ");
}

void TestRedisConnector::binaryKeysReadableAndDeletable()
{
    QFETCH(QByteArray, key);
    QVERIFY(!m_redis.command({"SET", key, "value-of-" + key}).isError());
    QVERIFY(!m_redis.command({"SET", "a*[b]?\\cX", "decoy"}).isError()); // a glob would match it
    auto s = openSession(m_redis.spec());

    const quint64 scan = s->host.scanKeys(ScanRequest{});
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(scan), 10000);
    QVERIFY(s->results.keys.value(scan).contains(key));

    ValueRequest request;
    request.key = key;
    const quint64 read = s->host.fetchValue(request);
    WAIT_ANSWER(*s, read, 10000);
    EXPECT_NO_FAILURE(*s, read);
    QCOMPARE(s->results.values.value(read).data, "value-of-" + key);

    const quint64 del = s->host.deleteKeys({key});
    WAIT_ANSWER(*s, del, 10000);
    EXPECT_NO_FAILURE(*s, del);
    QCOMPARE(s->results.deleted.value(del), qMakePair(qint64(1), qint64(1)));
    QCOMPARE(m_redis.command({"EXISTS", key}).integer, 0);
    QCOMPARE(m_redis.command({"EXISTS", "a*[b]?\\cX"}).integer, 1);
}

void TestRedisConnector::deletesWithUnlinkInBatches()
{
    QVERIFY(m_redis.fill(2500, "d:"));
    m_redis.command({"CONFIG", "RESETSTAT"});
    auto s = openSession(m_redis.spec());
    QList<QByteArray> keys;
    for (int i = 0; i < 2500; ++i)
        keys.append("d:" + QByteArray::number(i));
    keys.append("d:not-there");
    const quint64 id = s->host.deleteKeys(keys);
    WAIT_ANSWER(*s, id, 10000);
    EXPECT_NO_FAILURE(*s, id);
    QCOMPARE(s->results.deleted.value(id), qMakePair(qint64(2500), qint64(2501)));
    QCOMPARE(m_redis.command({"DBSIZE"}).integer, 0);
    const QByteArray stats = m_redis.command({"INFO", "commandstats"}).str;
    QVERIFY2(stats.contains("cmdstat_unlink:calls=3,"), stats.constData());
    QVERIFY(!stats.contains("cmdstat_del:"));
}

void TestRedisConnector::setsAndRemovesTtl()
{
    m_redis.command({"SET", "k", "v"});
    auto s = openSession(m_redis.spec());
    const quint64 set = s->host.setTtl("k", 60000);
    WAIT_ANSWER(*s, set, 10000);
    EXPECT_NO_FAILURE(*s, set);
    QVERIFY(s->results.ttl.value(set));
    const qint64 pttl = m_redis.command({"PTTL", "k"}).integer;
    QVERIFY2(pttl > 50000 && pttl <= 60000, qPrintable(QString::number(pttl)));

    const quint64 persist = s->host.setTtl("k", NoExpiry);
    WAIT_ANSWER(*s, persist, 10000);
    QVERIFY(s->results.ttl.value(persist));
    QCOMPARE(m_redis.command({"PTTL", "k"}).integer, -1);

    const quint64 missing = s->host.setTtl("nope", 1000);
    WAIT_ANSWER(*s, missing, 10000);
    EXPECT_NO_FAILURE(*s, missing);
    QVERIFY(!s->results.ttl.value(missing, true));
}

void TestRedisConnector::readOnlySpecRefusesDelete()
{
    m_redis.command({"SET", "keep", "v"});
    ConnectionSpec spec = m_redis.spec();
    spec.readOnly = true;
    auto s = openSession(spec);
    const quint64 del = s->host.deleteKeys({"keep"});
    const quint64 ttl = s->host.setTtl("keep", 1000);
    WAIT_ANSWER(*s, del, 10000);
    WAIT_ANSWER(*s, ttl, 10000);
    QCOMPARE(s->results.failed.value(del).kind, ErrorKind::ReadOnly);
    QCOMPARE(s->results.failed.value(ttl).kind, ErrorKind::ReadOnly);
    QCOMPARE(m_redis.command({"EXISTS", "keep"}).integer, 1);
    QCOMPARE(m_redis.command({"PTTL", "keep"}).integer, -1);
}

void TestRedisConnector::replicaReportsServerError()
{
    RedisServer replica;
    QVERIFY2(replica.start({QStringLiteral("--replicaof"), QStringLiteral("127.0.0.1"),
                            QString::number(m_redis.port())}),
             qPrintable(replica.errorString()));
    m_redis.command({"SET", "k", "v"});
    QTRY_COMPARE_WITH_TIMEOUT(replica.command({"EXISTS", "k"}).integer, 1, 20000);
    auto s = openSession(replica.spec());
    QVERIFY(s->results.opened.value(0).readOnlyReplica);
    const quint64 del = s->host.deleteKeys({"k"});
    WAIT_ANSWER(*s, del, 10000);
    const Error error = s->results.failed.value(del);
    QCOMPARE(error.kind, ErrorKind::ReadOnly); // the replica refused, not our read-only flag
    QVERIFY2(error.message.contains(QStringLiteral("READONLY")), qPrintable(error.message));
    QVERIFY2(error.message.contains(QStringLiteral("127.0.0.1:%1").arg(replica.port())),
             qPrintable(error.message));
}

void TestRedisConnector::serverStatsFromInfoSections()
{
    m_redis.command({"SET", "k", "v"});
    auto s = openSession(m_redis.spec());
    const quint64 id = s->host.fetchServerStats();
    WAIT_ANSWER(*s, id, 10000);
    EXPECT_NO_FAILURE(*s, id);
    QHash<QString, ServerStats> bySection;
    for (const ServerStats &t : s->results.stats.value(id))
        bySection.insert(t.section, t);
    for (const char *section : {"server", "clients", "memory", "stats", "keyspace"})
        QVERIFY2(bySection.contains(QString::fromLatin1(section)), section);
    const ServerStats server = bySection.value(QStringLiteral("server"));
    QCOMPARE(server.columns, QStringList({QStringLiteral("name"), QStringLiteral("value")}));
    QCOMPARE(server.server, QStringLiteral("127.0.0.1:%1").arg(m_redis.port()));
    bool sawVersion = false;
    for (const QStringList &row : server.rows) {
        QCOMPARE(row.size(), 2);
        sawVersion = sawVersion || (row.at(0) == u"redis_version" && row.at(1).count(u'.') == 2);
    }
    QVERIFY(sawVersion);
    QCOMPARE(bySection.value(QStringLiteral("keyspace")).rows.value(0).value(0), QStringLiteral("db0"));
}

QTEST_GUILESS_MAIN(TestRedisConnector)
#include "tst_redisconnector.moc"

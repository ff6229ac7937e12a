// RedisConnector through ConnectorHost (its own thread) against a real redis-server.
#include "core/connectorhost.h"
#include "freeport.h"
#include "redis/redisconnector.h"
#include "redisserver.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QSet>
#include <QTest>

#include <memory>

using namespace cachescope;
using cachescope::test::RedisServer;

namespace {

// Lives on the test thread, so every connector signal reaches it queued, like the GUI.
class Results : public QObject
{
    Q_OBJECT
public:
    explicit Results(Connector *c)
    {
        connect(c, &Connector::opened, this, [this](const ServerInfo &i) { opened.append(i); });
        connect(c, &Connector::connectionLost, this, [this](const Error &e) { lost.append(e); });
        connect(c, &Connector::infoReady, this, [this](quint64 id, const ServerInfo &i) { info.insert(id, i); });
        connect(c, &Connector::keysFound, this, [this](quint64 id, const KeyBatch &b, qint64 soFar) {
            QSet<QByteArray> &set = keys[id];
            for (qsizetype i = 0; i < b.size(); ++i)
                set.insert(b.at(i).toByteArray());
            ++batches[id];
            monotonic = monotonic && soFar >= lastSoFar.value(id);
            lastSoFar[id] = soFar;
        });
        connect(c, &Connector::scanFinished, this, [this](quint64 id, const ScanSummary &s) { finished.insert(id, s); });
        connect(c, &Connector::metaReady, this, [this](quint64 id, const QList<KeyMeta> &m) { meta.insert(id, m); });
        connect(c, &Connector::valueReady, this, [this](quint64 id, const KeyValue &v) { values.insert(id, v); });
        connect(c, &Connector::keysDeleted, this,
                [this](quint64 id, qint64 d, qint64 r) { deleted.insert(id, qMakePair(d, r)); });
        connect(c, &Connector::ttlChanged, this, [this](quint64 id, const QByteArray &, bool a) { ttl.insert(id, a); });
        connect(c, &Connector::requestFailed, this, [this](quint64 id, const Error &e) { failed.insert(id, e); });
    }
    bool answered(quint64 id) const
    {
        return info.contains(id) || finished.contains(id) || meta.contains(id) || values.contains(id) ||
               deleted.contains(id) || ttl.contains(id) || failed.contains(id);
    }

    QList<ServerInfo> opened;
    QList<Error> lost;
    QHash<quint64, ServerInfo> info;
    QHash<quint64, QSet<QByteArray>> keys;
    QHash<quint64, int> batches;
    QHash<quint64, qint64> lastSoFar;
    bool monotonic = true;
    QHash<quint64, ScanSummary> finished;
    QHash<quint64, QList<KeyMeta>> meta;
    QHash<quint64, KeyValue> values;
    QHash<quint64, QPair<qint64, qint64>> deleted;
    QHash<quint64, bool> ttl;
    QHash<quint64, Error> failed;
};

struct Session
{
    explicit Session(const ConnectionSpec &spec)
        : host(std::make_unique<RedisConnector>(spec)), results(host.connector())
    {
    }
    ConnectorHost host;
    Results results;
};

ConnectionSpec parsed(const QString &url)
{
    const auto spec = ConnectionSpec::parse(url);
    if (!spec)
        qFatal("bad test URL %s: %s", qPrintable(url), qPrintable(spec.error().message));
    return *spec;
}

} // namespace

// Waits for request `id` of session `s` to be answered (any signal carrying its id).
#define WAIT_ANSWER(s, id, ms)                                                                                     \
    QTRY_VERIFY_WITH_TIMEOUT((s).results.answered(id), ms)
#define EXPECT_NO_FAILURE(s, id)                                                                                   \
    QVERIFY2(!(s).results.failed.contains(id), qPrintable((s).results.failed.value(id).message))

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
    void wrongPasswordIsAuthError();
    void aclUser();
    void serverNotRunningIsConnectError();
    void frozenServerTimesOutAndRecovers();
    void tlsWithCaFile();

private:
    std::unique_ptr<Session> openSession(const ConnectionSpec &spec);
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

std::unique_ptr<Session> TestRedisConnector::openSession(const ConnectionSpec &spec)
{
    auto s = std::make_unique<Session>(spec);
    s->host.open();
    const bool answered =
        QTest::qWaitFor([&s] { return !s->results.opened.isEmpty() || !s->results.lost.isEmpty(); }, 10000);
    if (!answered)
        qWarning("open got no answer within 10 s");   // the caller's checks on opened / lost fail
    else if (!s->results.lost.isEmpty())
        qWarning("open failed: %s", qPrintable(s->results.lost.first().message));
    return s;
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
    QCOMPARE(s->results.keys.value(id).size(), N);   // distinct keys; SCAN may repeat some
    QVERIFY(summary.keysFound >= N);
    QVERIFY(s->results.monotonic);
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
    QTest::addColumn<QList<QByteArray>>("elements");   // compared as a sorted list for hash / set
    QTest::addColumn<QByteArray>("data");

    using L = QList<QByteArray>;
    QTest::newRow("string") << L{"SET", "k", "hello"} << int(KeyType::String) << qint64(5) << L{} << QByteArray("hello");
    QTest::newRow("hash") << L{"HSET", "k", "f1", "v1", "f2", "v2"} << int(KeyType::Hash) << qint64(2)
                          << L{"f1", "f2", "v1", "v2"} << QByteArray();
    QTest::newRow("list") << L{"RPUSH", "k", "a", "b", "a"} << int(KeyType::List) << qint64(3) << L{"a", "b", "a"}
                          << QByteArray();
    QTest::newRow("set") << L{"SADD", "k", "x", "y"} << int(KeyType::Set) << qint64(2) << L{"x", "y"} << QByteArray();
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
    const quint64 capped = s->host.fetchValue(request);   // default: first 1 MiB
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
    QTest::addColumn<int>("perItem");   // elements per member in KeyValue::elements
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
            argv << "*" << "n" << n;
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
    if (command != "HSET" && command != "SADD")   // offset / id cursors never repeat
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
    QVERIFY2(meta.at(1).ttlMs > 90000 && meta.at(1).ttlMs <= 100000, qPrintable(QString::number(meta.at(1).ttlMs)));
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
    QVERIFY(!m_redis.command({"SET", "a*[b]?\\cX", "decoy"}).isError());   // a glob would match it
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
    QCOMPARE(error.kind, ErrorKind::Server);
    QVERIFY2(error.message.contains(QStringLiteral("READONLY")), qPrintable(error.message));
    QVERIFY2(error.message.contains(QStringLiteral("127.0.0.1:%1").arg(replica.port())), qPrintable(error.message));
}

void TestRedisConnector::wrongPasswordIsAuthError()
{
    RedisServer locked;
    QVERIFY2(locked.start({QStringLiteral("--requirepass"), QStringLiteral("right")}), qPrintable(locked.errorString()));
    const QString where = QStringLiteral("127.0.0.1:%1").arg(locked.port());

    auto wrong = openSession(parsed(locked.url(QStringLiteral(":wrong"))));
    QCOMPARE(wrong->results.lost.size(), 1);
    QCOMPARE(wrong->results.lost.first().kind, ErrorKind::Auth);
    QCOMPARE(wrong->results.lost.first().message,
             QStringLiteral("Redis at %1 refused the password for user 'default'").arg(where));

    auto none = openSession(parsed(locked.url()));
    QCOMPARE(none->results.lost.size(), 1);
    QCOMPARE(none->results.lost.first().kind, ErrorKind::Auth);
    QVERIFY2(none->results.lost.first().message.contains(QStringLiteral("requires a password (NOAUTH)")),
             qPrintable(none->results.lost.first().message));

    auto right = openSession(parsed(locked.url(QStringLiteral(":right"))));
    QCOMPARE(right->results.opened.size(), 1);
}

void TestRedisConnector::aclUser()
{
    QCOMPARE(m_redis.command({"ACL", "SETUSER", "ops", "on", ">opspw", "~*", "&*", "+@all"}).str, QByteArray("OK"));
    m_redis.command({"SET", "k", "v"});
    auto ok = openSession(parsed(m_redis.url(QStringLiteral("ops:opspw"))));
    QCOMPARE(ok->results.opened.size(), 1);
    ValueRequest request;
    request.key = "k";
    const quint64 id = ok->host.fetchValue(request);
    WAIT_ANSWER(*ok, id, 10000);
    QCOMPARE(ok->results.values.value(id).data, QByteArray("v"));

    auto bad = openSession(parsed(m_redis.url(QStringLiteral("ops:nope"))));
    QCOMPARE(bad->results.lost.size(), 1);
    QCOMPARE(bad->results.lost.first().kind, ErrorKind::Auth);
    QVERIFY2(bad->results.lost.first().message.contains(QStringLiteral("for user 'ops'")),
             qPrintable(bad->results.lost.first().message));
    m_redis.command({"ACL", "DELUSER", "ops"});
}

void TestRedisConnector::serverNotRunningIsConnectError()
{
    const quint16 port = test::freeLoopbackPort();
    Session s(parsed(QStringLiteral("redis://127.0.0.1:%1/0").arg(port)));
    ValueRequest request;
    request.key = "k";
    const quint64 id = s.host.fetchValue(request);   // opens lazily
    WAIT_ANSWER(s, id, 10000);
    QCOMPARE(s.results.failed.value(id).kind, ErrorKind::Connect);
    QCOMPARE(s.results.failed.value(id).message,
             QStringLiteral("Connection refused by 127.0.0.1:%1 — is redis-server running there?").arg(port));
    QTRY_COMPARE(s.results.lost.size(), 1);
    QCOMPARE(s.results.lost.first().kind, ErrorKind::Connect);

    const quint64 scan = s.host.scanKeys(ScanRequest{});
    QTRY_VERIFY_WITH_TIMEOUT(s.results.finished.contains(scan), 10000);
    QVERIFY(!s.results.finished.value(scan).complete);
    QCOMPARE(s.results.failed.value(scan).kind, ErrorKind::Connect);
}

void TestRedisConnector::frozenServerTimesOutAndRecovers()
{
    RedisServer frozen;
    QVERIFY2(frozen.start(), qPrintable(frozen.errorString()));
    frozen.command({"SET", "k", "v"});
    auto s = openSession(parsed(frozen.url(QString(), QStringLiteral("timeout=0.5"))));
    QCOMPARE(s->results.opened.size(), 1);

    frozen.pause();
    QElapsedTimer clock;
    clock.start();
    ValueRequest request;
    request.key = "k";
    const quint64 id = s->host.fetchValue(request);
    WAIT_ANSWER(*s, id, 10000);
    const qint64 waited = clock.elapsed();
    frozen.resume();
    const Error error = s->results.failed.value(id);
    QCOMPARE(error.kind, ErrorKind::Timeout);
    QVERIFY2(error.message.contains(QStringLiteral("127.0.0.1:%1").arg(frozen.port())), qPrintable(error.message));
    QVERIFY2(waited >= 400 && waited < 5000, qPrintable(QString::number(waited)));
    QTRY_COMPARE(s->results.lost.size(), 1);
    QCOMPARE(s->results.lost.first().kind, ErrorKind::Timeout);

    // The next request reconnects by itself.
    const quint64 again = s->host.fetchValue(request);
    WAIT_ANSWER(*s, again, 10000);
    EXPECT_NO_FAILURE(*s, again);
    QCOMPARE(s->results.values.value(again).data, QByteArray("v"));
    QCOMPARE(s->results.opened.size(), 2);
}

void TestRedisConnector::tlsWithCaFile()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("this Qt has no TLS backend");
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        QSKIP("openssl is needed to make test certificates");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto path = [&dir](const char *name) { return dir.filePath(QString::fromLatin1(name)); };
    {
        QFile ext(path("san.ext"));
        QVERIFY(ext.open(QIODevice::WriteOnly));
        ext.write("subjectAltName=IP:127.0.0.1\n");
    }
    const QStringList ec{QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                         QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
    const QList<QStringList> steps{
        QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ec +
            QStringList{QStringLiteral("-keyout"), path("ca.key"), QStringLiteral("-out"), path("ca.pem"),
                        QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=CacheScope test CA")},
        QStringList{QStringLiteral("req")} + ec +
            QStringList{QStringLiteral("-keyout"), path("server.key"), QStringLiteral("-out"), path("server.csr"),
                        QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")},
        QStringList{QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), path("server.csr"),
                    QStringLiteral("-CA"), path("ca.pem"), QStringLiteral("-CAkey"), path("ca.key"),
                    QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), path("server.pem"),
                    QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-extfile"), path("san.ext")}};
    for (const QStringList &step : steps) {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(openssl, step);
        QVERIFY(p.waitForFinished(30000));
        QVERIFY2(p.exitCode() == 0, p.readAll().constData());
    }
    const quint16 tlsPort = test::freeLoopbackPort();
    RedisServer tls;
    QVERIFY2(tls.start({QStringLiteral("--tls-port"), QString::number(tlsPort), QStringLiteral("--tls-cert-file"),
                        path("server.pem"), QStringLiteral("--tls-key-file"), path("server.key"),
                        QStringLiteral("--tls-ca-cert-file"), path("ca.pem"), QStringLiteral("--tls-auth-clients"),
                        QStringLiteral("no")}),
             qPrintable(tls.errorString()));
    tls.command({"SET", "k", "over tls"});
    const QString base = QStringLiteral("rediss://127.0.0.1:%1/0").arg(tlsPort);

    auto trusted = openSession(parsed(base + QStringLiteral("?ca=") + path("ca.pem")));
    QCOMPARE(trusted->results.opened.size(), 1);
    ValueRequest request;
    request.key = "k";
    const quint64 id = trusted->host.fetchValue(request);
    WAIT_ANSWER(*trusted, id, 10000);
    EXPECT_NO_FAILURE(*trusted, id);
    QCOMPARE(trusted->results.values.value(id).data, QByteArray("over tls"));

    auto untrusted = openSession(parsed(base));   // the system CAs do not know our test CA
    QCOMPARE(untrusted->results.lost.size(), 1);
    QCOMPARE(untrusted->results.lost.first().kind, ErrorKind::Connect);
    QVERIFY2(untrusted->results.lost.first().message.startsWith(QStringLiteral("TLS handshake with 127.0.0.1:%1 failed")
                                                                    .arg(tlsPort)),
             qPrintable(untrusted->results.lost.first().message));

    auto unverified = openSession(parsed(base + QStringLiteral("?verify=false")));
    QCOMPARE(unverified->results.opened.size(), 1);
}

QTEST_GUILESS_MAIN(TestRedisConnector)
#include "tst_redisconnector.moc"

// DbCacheConnector through ConnectorHost (its own thread) on real SQLite files written by
// Django itself (populate.py's fixture set). Time zones: tst_dbcachetimezone.
#include "connectorrecorder.h"
#include "core/globmatch.h"
#include "dbcache/dbcacheconnector.h"
#include "python.h"
#include "sqlitewriter.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <memory>

using namespace cachescope;
using namespace cachescope::test;

namespace {

ConnectionSpec sqliteSpec(const QString &path)
{
    ConnectionSpec spec;
    spec.backend = BackendKind::DbCache;
    spec.sqlDriver = SqlDriver::Sqlite;
    spec.database = path;
    spec.host.clear();
    spec.port = 0;
    return spec;
}

std::unique_ptr<RecordedConnector> openSession(const ConnectionSpec &spec)
{
    return openRecorded(std::make_unique<DbCacheConnector>(spec));
}

QString utcText(const QDateTime &at)
{
    return at.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

struct Entry
{
    QByteArray key;
    QString state;
    QString bucket;
    qint64 timeoutSecs = -1; // -1 = None
};

} // namespace

class TestDbCacheConnector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void opensAndReportsInfo();
    void listsEveryManifestEntry();
    void ttlBucketsMatchTheManifest();
    void valuesAreTheDecodedBase64();
    void truncatesAtByteLimit();
    void keysetPagesAcrossBoundaries_data();
    void keysetPagesAcrossBoundaries();
    void pagesPastKeysThatAreNotUtf8();
    void matchFollowsRedisGlob_data();
    void matchFollowsRedisGlob();
    void stopScanStopsBetweenPages();
    void deletesInOneTransaction();
    void setsTtlAndNever();
    void removesExpiredRowsInBatches();
    void reportsTableStats();
    void readOnlyRefusesWrites();
    void missingFileIsNotCreated();
    void missingTableNamesCreatecachetable();

private:
    QString freshCopy();
    QSet<QByteArray> scanAll(RecordedConnector &s, const ScanRequest &request, int *batches = nullptr);

    QTemporaryDir m_dir;
    QString m_populated;                     // written once by populate.py; each test works on a copy
    QString m_db;                            // this test's copy
    qint64 m_writtenAt = 0;                  // manifest written_at_unix
    QList<Entry> m_entries;                  // the sqlite entries of the manifest
    QHash<QByteArray, QByteArray> m_decoded; // key -> base64-decoded value, by Python
};

void TestDbCacheConnector::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(!fixturesDir().isEmpty(), "CACHESCOPE_FIXTURES is not set (run through ctest)");
    m_populated = m_dir.filePath(QStringLiteral("populated.sqlite3"));
    const QString manifest = m_dir.filePath(QStringLiteral("manifest.json"));
    const PythonRun run =
        runPython(fixturesDir() + QStringLiteral("/populate.py"),
                  {QStringLiteral("--sqlite"), m_populated, QStringLiteral("--manifest"), manifest});
    QVERIFY2(run.ok, qPrintable(run.error));

    QFile f(manifest);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject doc = QJsonDocument::fromJson(f.readAll()).object();
    m_writtenAt = doc.value(QStringLiteral("written_at_unix")).toInteger();
    for (const QJsonValue &v : doc.value(QStringLiteral("entries")).toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value(QStringLiteral("backend")).toString() != u"sqlite")
            continue;
        Entry entry;
        entry.key = QByteArray::fromHex(e.value(QStringLiteral("raw_key_utf8_hex")).toString().toLatin1());
        entry.state = e.value(QStringLiteral("state")).toString();
        entry.bucket = e.value(QStringLiteral("ttl_bucket")).toString();
        if (!e.value(QStringLiteral("timeout")).isNull())
            entry.timeoutSecs = e.value(QStringLiteral("timeout")).toInteger();
        m_entries.append(entry);
    }
    QVERIFY(m_entries.size() > 60);

    // The reference decode: Python's own base64 of each row's value column.
    const PythonRun decode = runPython(QStringLiteral(R"(
import base64, json, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
print(json.dumps({k.encode().hex(): base64.b64decode(v).hex()
                  for k, v in con.execute('SELECT cache_key, value FROM django_cache')}))
)"),
                                       {m_populated});
    QVERIFY2(decode.ok, qPrintable(decode.error));
    const QJsonObject decoded = QJsonDocument::fromJson(decode.out).object();
    for (auto it = decoded.begin(); it != decoded.end(); ++it)
        m_decoded.insert(QByteArray::fromHex(it.key().toLatin1()),
                         QByteArray::fromHex(it.value().toString().toLatin1()));
    QVERIFY(m_decoded.size() > 60);
}

void TestDbCacheConnector::init()
{
    m_db = freshCopy();
}

QString TestDbCacheConnector::freshCopy()
{
    static int n = 0;
    const QString path = m_dir.filePath(QStringLiteral("copy%1.sqlite3").arg(++n));
    if (!QFile::copy(m_populated, path))
        qWarning("cannot copy the fixture database to %s", qPrintable(path));
    return path;
}

QSet<QByteArray> TestDbCacheConnector::scanAll(RecordedConnector &s, const ScanRequest &request, int *batches)
{
    const quint64 id = s.host.scanKeys(request);
    const bool done = QTest::qWaitFor([&] { return s.results.finished.contains(id); }, 30000);
    if (!done || s.results.failed.contains(id) || !s.results.finished.value(id).complete)
        qWarning("scan %llu did not complete: %s", id, qPrintable(s.results.failed.value(id).message));
    if (batches)
        *batches = s.results.batches.value(id);
    return s.results.keys.value(id);
}

void TestDbCacheConnector::opensAndReportsInfo()
{
    auto s = openSession(sqliteSpec(m_db));
    QCOMPARE(s->results.opened.size(), 1);
    const ServerInfo info = s->results.opened.first();
    QCOMPARE(info.product, QStringLiteral("SQLite"));
    QVERIFY2(info.version.startsWith(u"3."), qPrintable(info.version));
    QCOMPARE(info.dbSize, qint64(-1)); // counting is a full index scan: left to refreshInfo()
    const quint64 first = s->host.refreshInfo();
    WAIT_ANSWER(*s, first, 10000);
    EXPECT_NO_FAILURE(*s, first);
    QCOMPARE(s->results.info.value(first).dbSize, qint64(m_decoded.size()));

    QVERIFY(execSql(m_db, {QStringLiteral("DELETE FROM django_cache WHERE cache_key = ':1:str'")}));
    const quint64 id = s->host.refreshInfo();
    WAIT_ANSWER(*s, id, 10000);
    EXPECT_NO_FAILURE(*s, id);
    QCOMPARE(s->results.info.value(id).dbSize, qint64(m_decoded.size() - 1));
}

void TestDbCacheConnector::listsEveryManifestEntry()
{
    auto s = openSession(sqliteSpec(m_db));
    const QSet<QByteArray> keys = scanAll(*s, ScanRequest{});
    int present = 0;
    for (const Entry &e : m_entries) {
        if (e.state == u"deleted") {
            QVERIFY2(!keys.contains(e.key), e.key.constData());
        } else {
            QVERIFY2(keys.contains(e.key), e.key.constData());
            ++present;
        }
    }
    QCOMPARE(keys.size(), present);
    QVERIFY(keys.contains(QStringLiteral("app:1:café-ключ-日本").toUtf8()));
}

void TestDbCacheConnector::ttlBucketsMatchTheManifest()
{
    auto s = openSession(sqliteSpec(m_db));
    QList<QByteArray> keys;
    for (const Entry &e : m_entries)
        keys.append(e.key);
    const quint64 id = s->host.fetchMeta(keys);
    WAIT_ANSWER(*s, id, 10000);
    EXPECT_NO_FAILURE(*s, id);
    const QList<KeyMeta> meta = s->results.meta.value(id);
    QCOMPARE(meta.size(), keys.size());
    // Seconds since populate.py wrote the rows, plus Django's truncation to whole seconds.
    const qint64 slackMs = (QDateTime::currentSecsSinceEpoch() - m_writtenAt + 2) * 1000;
    for (qsizetype i = 0; i < meta.size(); ++i) {
        const Entry &e = m_entries.at(i);
        const KeyMeta &m = meta.at(i);
        const QByteArray what =
            e.key + " bucket " + e.bucket.toUtf8() + " ttl " + QByteArray::number(m.ttlMs);
        QCOMPARE(m.key, e.key);
        if (e.state == u"deleted") {
            QCOMPARE(m.type, KeyType::Missing);
            QCOMPARE(m.ttlMs, KeyMissing);
            continue;
        }
        QCOMPARE(m.type, KeyType::String);
        QVERIFY2(m.sizeBytes > 0, what.constData());
        if (e.bucket == u"none") {
            QVERIFY2(m.ttlMs == NoExpiry && !m.expired, what.constData());
        } else if (e.bucket == u"expired") {
            QVERIFY2(m.expired && m.ttlMs == 0, what.constData());
        } else {
            QVERIFY2(!m.expired, what.constData());
            QVERIFY2(m.ttlMs <= e.timeoutSecs * 1000 + 1000 && m.ttlMs >= e.timeoutSecs * 1000 - slackMs,
                     what.constData());
        }
    }
}

void TestDbCacheConnector::valuesAreTheDecodedBase64()
{
    auto s = openSession(sqliteSpec(m_db));
    for (auto it = m_decoded.cbegin(); it != m_decoded.cend(); ++it) {
        ValueRequest request;
        request.key = it.key();
        request.byteLimit = -1;
        const quint64 id = s->host.fetchValue(request);
        WAIT_ANSWER(*s, id, 10000);
        EXPECT_NO_FAILURE(*s, id);
        const KeyValue v = s->results.values.value(id);
        QCOMPARE(v.type, KeyType::String);
        QVERIFY2(v.data == it.value(), it.key().constData());
        QCOMPARE(v.length, qint64(it.value().size()));
        QVERIFY(!v.truncated);
        QVERIFY2(v.data.startsWith('\x80'), it.key().constData()); // a pickle
    }
    ValueRequest missing;
    missing.key = "app:1:no such key";
    const quint64 id = s->host.fetchValue(missing);
    WAIT_ANSWER(*s, id, 10000);
    QVERIFY(!s->results.values.value(id).exists());
}

void TestDbCacheConnector::truncatesAtByteLimit()
{
    auto s = openSession(sqliteSpec(m_db));
    const QByteArray large = m_decoded.value("app:1:large");
    QVERIFY(large.size() > 1000000);
    for (const qint64 limit :
         {qint64(0), qint64(1), qint64(2), qint64(3), qint64(4), qint64(10), qint64(1024 * 1024)}) {
        ValueRequest request;
        request.key = "app:1:large";
        request.byteLimit = limit;
        const quint64 id = s->host.fetchValue(request);
        WAIT_ANSWER(*s, id, 10000);
        EXPECT_NO_FAILURE(*s, id);
        const KeyValue v = s->results.values.value(id);
        QCOMPARE(v.length, qint64(large.size()));
        QCOMPARE(v.data, large.left(limit));
        QCOMPARE(v.truncated, limit < large.size());
    }
    // Padding: the exact decoded length of short values with one and two '=' at the end.
    for (const QByteArray &key : {QByteArray(":1:int"), QByteArray(":1:str"), QByteArray(":1:bool")}) {
        ValueRequest request;
        request.key = key;
        request.byteLimit = 5;
        const quint64 id = s->host.fetchValue(request);
        WAIT_ANSWER(*s, id, 10000);
        const KeyValue v = s->results.values.value(id);
        QCOMPARE(v.length, qint64(m_decoded.value(key).size()));
        QCOMPARE(v.data, m_decoded.value(key).left(5));
    }
}

void TestDbCacheConnector::keysetPagesAcrossBoundaries_data()
{
    QTest::addColumn<int>("pageSize");
    QTest::newRow("1 per page") << 1;
    QTest::newRow("2 per page") << 2;
    QTest::newRow("7 per page") << 7;
    QTest::newRow("exactly all") << 0; // set to the row count
    QTest::newRow("1000 per page") << 1000;
}

void TestDbCacheConnector::keysetPagesAcrossBoundaries()
{
    QFETCH(int, pageSize);
    const int rows = int(m_decoded.size());
    if (pageSize == 0)
        pageSize = rows;
    auto s = openSession(sqliteSpec(m_db));
    ScanRequest request;
    request.count = pageSize;
    int batches = 0;
    const QSet<QByteArray> keys = scanAll(*s, request, &batches);
    QCOMPARE(keys.size(), rows);
    QCOMPARE(batches, (rows + pageSize - 1) / pageSize);
    QVERIFY(s->results.soFarMonotonic);
    const ScanSummary summary = s->results.finished.values().constFirst();
    QCOMPARE(summary.keysFound, qint64(rows));
    // A full last page costs one more (empty) page to see the end.
    QCOMPARE(summary.pages, qint64(rows / pageSize + 1));
}

// Text keys that are not UTF-8 (written with CAST(X'..' AS TEXT)): SQLite pages are read
// through the C API with the key's own bytes as the cursor, so such keys neither stop
// the listing nor get mangled, and fetchMeta finds them.
void TestDbCacheConnector::pagesPastKeysThatAreNotUtf8()
{
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open_v2(m_db.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    const char *insert = "INSERT INTO django_cache VALUES (CAST(X'617070ff01' AS TEXT), 'gAVLAS4=', "
                         "'9999-12-31 23:59:59'), (CAST(X'617070ff02' AS TEXT), 'gAVLAS4=', '9999-12-31 23:59:59')";
    char *message = nullptr;
    const int rc = sqlite3_exec(db, insert, nullptr, nullptr, &message);
    const QByteArray why = message ? QByteArray(message) : QByteArray();
    sqlite3_free(message);
    sqlite3_close(db);
    QVERIFY2(rc == SQLITE_OK, why.constData());

    auto s = openSession(sqliteSpec(m_db));
    ScanRequest request;
    request.count = 1;
    const QSet<QByteArray> keys = scanAll(*s, request);
    QCOMPARE(keys.size(), int(m_decoded.size()) + 2);
    QVERIFY(keys.contains(QByteArray("app\xff\x01")));
    QVERIFY(keys.contains(QByteArray("app\xff\x02")));
    const quint64 id = s->host.fetchMeta({QByteArray("app\xff\x02"), QByteArray("app\xff\x03")});
    WAIT_ANSWER(*s, id, 10000);
    EXPECT_NO_FAILURE(*s, id);
    const QList<KeyMeta> meta = s->results.meta.value(id);
    QCOMPARE(meta.size(), 2);
    QCOMPARE(meta.at(0).type, KeyType::String);
    QCOMPARE(meta.at(0).ttlMs, NoExpiry);
    QCOMPARE(meta.at(0).sizeBytes, qint64(8));
    QCOMPARE(meta.at(1).type, KeyType::Missing);
}

void TestDbCacheConnector::matchFollowsRedisGlob_data()
{
    QTest::addColumn<QByteArray>("glob");
    QTest::addColumn<QList<QByteArray>>("expected");
    QTest::newRow("literal percent") << QByteArray("100%*") << QList<QByteArray>{"100%done"};
    QTest::newRow("literal underscore") << QByteArray("a_b") << QList<QByteArray>{"a_b"};
    QTest::newRow("question mark") << QByteArray("a?b") << QList<QByteArray>{"a!b", "aXb", "a_b"};
    QTest::newRow("escape char") << QByteArray("*!*") << QList<QByteArray>{"a!b"};
    QTest::newRow("class") << QByteArray("[ab]b1") << QList<QByteArray>{"ab1", "bb1"};
    QTest::newRow("negated class") << QByteArray("[^a]b1") << QList<QByteArray>{"bb1", "cb1"};
    QTest::newRow("range") << QByteArray("[a-b]b?") << QList<QByteArray>{"ab1", "bb1"};
    QTest::newRow("case sensitive") << QByteArray("case:*") << QList<QByteArray>{"case:a"};
    QTest::newRow("backslash literal") << QByteArray("x\\\\y") << QList<QByteArray>{"x\\y"};
    QTest::newRow("escaped star") << QByteArray("star\\*") << QList<QByteArray>{"star*"};
    QTest::newRow("one byte of two") << QByteArray("?-key") << QList<QByteArray>{};
    QTest::newRow("two bytes = é") << QByteArray("?"
                                                 "?-key")
                                   << QList<QByteArray>{"é-key"};
    QTest::newRow("no match") << QByteArray("zzz*") << QList<QByteArray>{};
}

void TestDbCacheConnector::matchFollowsRedisGlob()
{
    QFETCH(QByteArray, glob);
    QFETCH(QList<QByteArray>, expected);
    const QString path = m_dir.filePath(QStringLiteral("glob.sqlite3"));
    QFile::remove(path);
    const QList<QByteArray> all{"100%done", "100Xdone", "a_b", "aXb",  "a!b",   "Case:a", "case:a",
                                "ab1",      "bb1",      "cb1", "x\\y", "é-key", "star*",  "starX"};
    QList<QVariantList> rows;
    for (const QByteArray &k : all)
        rows.append(
            {QString::fromUtf8(k), QStringLiteral("gAVLKi4="), QStringLiteral("9999-12-31 23:59:59")});
    QVERIFY(execSql(
        path, {djangoCacheTableSql(), QStringLiteral("INSERT INTO django_cache VALUES (?, ?, ?)")}, rows));
    // The matcher itself agrees with the expectation on every key...
    QSet<QByteArray> byMatcher;
    for (const QByteArray &k : all) {
        if (globMatch(glob, k))
            byMatcher.insert(k);
    }
    const QSet<QByteArray> want(expected.cbegin(), expected.cend());
    QCOMPARE(byMatcher, want);
    // ...and so does the listing, with pages smaller than the table.
    auto s = openSession(sqliteSpec(path));
    ScanRequest request;
    request.match = glob;
    request.count = 3;
    QCOMPARE(scanAll(*s, request), want);
}

void TestDbCacheConnector::stopScanStopsBetweenPages()
{
    // 20,000 one-row pages: far more than the connector's thread can read between the two
    // posts below, even when the test's thread is descheduled (CI under ASan once read the
    // manifest's 67 rows to the end first).
    constexpr int Rows = 20000;
    const QString path = m_dir.filePath(QStringLiteral("stop.sqlite3"));
    QFile::remove(path);
    QList<QVariantList> rows;
    for (int i = 0; i < Rows; ++i)
        rows.append({QStringLiteral(":1:row:%1").arg(i), QStringLiteral("gAVLKi4="),
                     QStringLiteral("9999-12-31 23:59:59")});
    QVERIFY(execSql(path,
                    {djangoCacheTableSql(), QStringLiteral("INSERT INTO django_cache VALUES (?, ?, ?)")},
                    rows));
    auto s = openSession(sqliteSpec(path));
    ScanRequest request;
    request.count = 1;
    const quint64 id = s->host.scanKeys(request);
    s->host.stopScan(id);
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(id), 10000);
    const ScanSummary summary = s->results.finished.value(id);
    QVERIFY(!summary.complete);
    QVERIFY2(summary.keysFound < Rows / 2, qPrintable(QString::number(summary.keysFound)));
    QVERIFY(!s->results.failed.contains(id));
}

void TestDbCacheConnector::deletesInOneTransaction()
{
    auto s = openSession(sqliteSpec(m_db));
    const QList<QByteArray> doomed{"app:1:str", "other:2:dict", "app:1:café-ключ-日本", "app:1:never-there"};
    const quint64 id = s->host.deleteKeys(doomed);
    WAIT_ANSWER(*s, id, 10000);
    EXPECT_NO_FAILURE(*s, id);
    QCOMPARE(s->results.deleted.value(id), qMakePair(qint64(3), qint64(4)));
    const quint64 meta = s->host.fetchMeta(doomed);
    WAIT_ANSWER(*s, meta, 10000);
    for (const KeyMeta &m : s->results.meta.value(meta))
        QCOMPARE(m.type, KeyType::Missing);
    QCOMPARE(scanAll(*s, ScanRequest{}).size(), m_decoded.size() - 3);

    // More keys than one DELETE statement takes.
    QList<QVariantList> rows;
    QList<QByteArray> many;
    for (int i = 0; i < DbCacheConnector::DeleteBatch * 2 + 17; ++i) {
        many.append("bulk:" + QByteArray::number(i));
        rows.append({QString::fromLatin1(many.last()), QStringLiteral("gAVLKi4="),
                     QStringLiteral("9999-12-31 23:59:59")});
    }
    QVERIFY(execSql(m_db, {QStringLiteral("INSERT INTO django_cache VALUES (?, ?, ?)")}, rows));
    const quint64 bulk = s->host.deleteKeys(many);
    WAIT_ANSWER(*s, bulk, 20000);
    EXPECT_NO_FAILURE(*s, bulk);
    QCOMPARE(s->results.deleted.value(bulk).first, qint64(many.size()));
}

void TestDbCacheConnector::setsTtlAndNever()
{
    auto s = openSession(sqliteSpec(m_db));
    const quint64 set = s->host.setTtl("app:1:str", 5000 * 1000);
    WAIT_ANSWER(*s, set, 10000);
    EXPECT_NO_FAILURE(*s, set);
    QVERIFY(s->results.ttl.value(set));
    const quint64 never = s->host.setTtl("app:1:float", NoExpiry);
    WAIT_ANSWER(*s, never, 10000);
    QVERIFY(s->results.ttl.value(never));
    const quint64 missing = s->host.setTtl("app:1:never-there", 1000);
    WAIT_ANSWER(*s, missing, 10000);
    EXPECT_NO_FAILURE(*s, missing);
    QVERIFY(!s->results.ttl.value(missing));
    const quint64 bad = s->host.setTtl("app:1:str", 0);
    WAIT_ANSWER(*s, bad, 10000);
    QCOMPARE(s->results.failed.value(bad).kind, ErrorKind::Usage);

    const quint64 meta = s->host.fetchMeta({"app:1:str", "app:1:float"});
    WAIT_ANSWER(*s, meta, 10000);
    const QList<KeyMeta> m = s->results.meta.value(meta);
    QVERIFY2(m.at(0).ttlMs > 4990 * 1000 && m.at(0).ttlMs <= 5000 * 1000,
             qPrintable(QString::number(m.at(0).ttlMs)));
    QCOMPARE(m.at(1).ttlMs, NoExpiry);
    // Written the way Django writes it, so Django reads it back.
    QCOMPARE(
        querySql(m_db, QStringLiteral("SELECT expires FROM django_cache WHERE cache_key = 'app:1:float'")),
        QVariant(QStringLiteral("9999-12-31 23:59:59")));
}

void TestDbCacheConnector::removesExpiredRowsInBatches()
{
    // populate.py's already_expired row plus enough stale rows for several DELETE batches.
    const int stale = DbCacheConnector::DeleteBatch * 2 + 3;
    QList<QVariantList> rows;
    const QString past = utcText(QDateTime::currentDateTimeUtc().addSecs(-3600));
    for (int i = 0; i < stale; ++i)
        rows.append({QStringLiteral("stale:%1").arg(i), QStringLiteral("gAVLKi4="), past});
    QVERIFY(execSql(m_db, {QStringLiteral("INSERT INTO django_cache VALUES (?, ?, ?)")}, rows));

    auto s = openSession(sqliteSpec(m_db));
    const quint64 before = s->host.fetchMeta({"stale:0", "app:1:already_expired"});
    WAIT_ANSWER(*s, before, 10000);
    for (const KeyMeta &m : s->results.meta.value(before))
        QVERIFY(m.expired && m.ttlMs == 0);

    const quint64 id = s->host.removeExpired();
    WAIT_ANSWER(*s, id, 30000);
    EXPECT_NO_FAILURE(*s, id);
    // Rows with a 20 s timeout may have expired by now too.
    const qint64 removed = s->results.deleted.value(id).first;
    QVERIFY2(removed >= stale + 1 && removed <= stale + 1 + 3 * 3, qPrintable(QString::number(removed)));
    const QSet<QByteArray> left = scanAll(*s, ScanRequest{});
    QCOMPARE(left.size(), m_decoded.size() + stale - removed);
    QVERIFY(!left.contains("app:1:already_expired"));
    QVERIFY(left.contains("app:1:int"));
}

void TestDbCacheConnector::reportsTableStats()
{
    auto s = openSession(sqliteSpec(m_db));
    const quint64 id = s->host.fetchServerStats();
    QTRY_VERIFY_WITH_TIMEOUT(s->results.stats.contains(id) || s->results.failed.contains(id), 10000);
    EXPECT_NO_FAILURE(*s, id);
    const QList<ServerStats> tables = s->results.stats.value(id);
    QCOMPARE(tables.size(), 1);
    QHash<QString, QString> field;
    for (const QStringList &row : tables.first().rows)
        field.insert(row.at(0), row.at(1));
    QCOMPARE(field.value(QStringLiteral("rows")).toLongLong(), qint64(m_decoded.size()));
    QVERIFY(field.value(QStringLiteral("expired_rows")).toLongLong() >= 1);
    const qint64 size = field.value(QStringLiteral("size_on_disk_bytes")).toLongLong();
    QVERIFY2(size > 1000000 && size <= QFileInfo(m_db).size(),
             qPrintable(QString::number(size))); // app:1:large
    QVERIFY(!field.value(QStringLiteral("size_scope")).isEmpty());
}

void TestDbCacheConnector::readOnlyRefusesWrites()
{
    ConnectionSpec spec = sqliteSpec(m_db);
    spec.readOnly = true;
    auto s = openSession(spec);
    QCOMPARE(s->results.opened.size(), 1);
    const quint64 del = s->host.deleteKeys({"app:1:str"});
    const quint64 ttl = s->host.setTtl("app:1:str", 1000);
    const quint64 rm = s->host.removeExpired();
    for (const quint64 id : {del, ttl, rm}) {
        WAIT_ANSWER(*s, id, 10000);
        QCOMPARE(s->results.failed.value(id).kind, ErrorKind::ReadOnly);
    }
    QCOMPARE(scanAll(*s, ScanRequest{}).size(), m_decoded.size());
}

void TestDbCacheConnector::missingFileIsNotCreated()
{
    const QString path = m_dir.filePath(QStringLiteral("typo/db.sqlite3"));
    const QString sibling = m_dir.filePath(QStringLiteral("nothere.sqlite3"));
    for (const QString &p : {path, sibling}) {
        auto s = openSession(sqliteSpec(p));
        QCOMPARE(s->results.opened.size(), 0);
        QCOMPARE(s->results.lost.size(), 1);
        QCOMPARE(s->results.lost.first().kind,
                 ErrorKind::Connect); // the CLI's exit code 3, not "no such key"
        QVERIFY2(s->results.lost.first().message.contains(p), qPrintable(s->results.lost.first().message));
        // A request after the failed open fails the same way and still creates nothing.
        const quint64 id = s->host.scanKeys(ScanRequest{});
        QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(id), 10000);
        QVERIFY(s->results.failed.contains(id));
        QVERIFY(!QFile::exists(p));
    }
}

void TestDbCacheConnector::missingTableNamesCreatecachetable()
{
    ConnectionSpec spec = sqliteSpec(m_db);
    spec.table = QStringLiteral("my_cache_table");
    auto s = openSession(spec);
    QCOMPARE(s->results.lost.size(), 1);
    const Error e = s->results.lost.first();
    QCOMPARE(e.kind, ErrorKind::Server);
    QVERIFY2(e.message.contains(QStringLiteral("no table my_cache_table")) &&
                 e.message.contains(QStringLiteral("createcachetable")),
             qPrintable(e.message));
}

QTEST_GUILESS_MAIN(TestDbCacheConnector)
#include "tst_dbcacheconnector.moc"

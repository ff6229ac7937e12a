// DbCacheConnector on a real PostgreSQL (initdb into a temporary directory, a free port),
// its table made by Django's own createcachetable and its rows written by Django's cache API.
#include "connectorrecorder.h"
#include "dbcache/dbcacheconnector.h"
#include "freeport.h"
#include "postgresserver.h"

#include <QTest>

#include <memory>

using namespace cachescope;
using namespace cachescope::test;

namespace {

std::unique_ptr<RecordedConnector> openSession(const ConnectionSpec &spec)
{
    return openRecorded(std::make_unique<DbCacheConnector>(spec), 20000);
}

QSet<QByteArray> scanAll(RecordedConnector &s, const ScanRequest &request)
{
    const quint64 id = s.host.scanKeys(request);
    if (!QTest::qWaitFor([&] { return s.results.finished.contains(id); }, 30000))
        qWarning("scan %llu did not finish", id);
    if (s.results.failed.contains(id))
        qWarning("scan failed: %s", qPrintable(s.results.failed.value(id).message));
    return s.results.keys.value(id);
}

} // namespace

class TestDbCachePostgres : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void opensAndReportsInfo();
    void listsInKeysetPages();
    void matchEscapesLikeWildcards();
    void ttlFromTimestamptz();
    void valueIsTheStoredPickle();
    void setsTtlDjangoCanRead();
    void deletesAndRemovesExpired();
    void reportsTableStats();
    void wrongPasswordIsAnAuthError();
    void serverDownIsAConnectError();
    void missingTableNamesCreatecachetable();

private:
    PostgresServer m_pg;
};

void TestDbCachePostgres::initTestCase()
{
    QVERIFY2(m_pg.start(), qPrintable(m_pg.errorString()));
    QVERIFY2(m_pg.django(QStringLiteral(R"(
call_command('createcachetable', verbosity=0)
cache.set('pg:hour', {'answer': 42}, 3600)
cache.set('pg:never', 'forever', None)
cache.set('pg:stale', 'already expired', 0)
cache.set('pg:100%_done', 'percent and underscore', 600)
cache.set('pg:100X_done', 'look-alike', 600)
cache.set_many({'pg:many:%03d' % i: i for i in range(100)}, 600)
)")),
             qPrintable(m_pg.errorString()));
}

void TestDbCachePostgres::opensAndReportsInfo()
{
    auto s = openSession(m_pg.spec());
    QCOMPARE(s->results.opened.size(), 1);
    const ServerInfo info = s->results.opened.first();
    QCOMPARE(info.product, QStringLiteral("PostgreSQL"));
    QVERIFY2(info.version.front().isDigit() && info.version.contains(u'.'), qPrintable(info.version));
    QCOMPARE(info.dbSize, qint64(105));
}

void TestDbCachePostgres::listsInKeysetPages()
{
    auto s = openSession(m_pg.spec());
    ScanRequest request;
    request.count = 7;
    const QSet<QByteArray> keys = scanAll(*s, request);
    QCOMPARE(keys.size(), 105);
    QVERIFY(keys.contains(":1:pg:many:042"));
    QVERIFY(keys.contains(":1:pg:stale"));
    QCOMPARE(s->results.batches.value(s->results.finished.keys().constFirst()), (105 + 6) / 7);
}

void TestDbCachePostgres::matchEscapesLikeWildcards()
{
    auto s = openSession(m_pg.spec());
    ScanRequest request;
    request.match = ":1:pg:100%_*";
    request.count = 3;
    QCOMPARE(scanAll(*s, request), QSet<QByteArray>{":1:pg:100%_done"});
    request.match = ":1:pg:many:0[0-1]?";
    QCOMPARE(scanAll(*s, request).size(), 20);
}

void TestDbCachePostgres::ttlFromTimestamptz()
{
    // The connection's tz setting does not matter for timestamptz: try a wrong one.
    ConnectionSpec spec = m_pg.spec();
    spec.timeZone = QStringLiteral("Asia/Tokyo");
    auto s = openSession(spec);
    const quint64 id = s->host.fetchMeta({":1:pg:hour", ":1:pg:never", ":1:pg:stale", ":1:pg:nothing"});
    WAIT_ANSWER(*s, id, 10000);
    EXPECT_NO_FAILURE(*s, id);
    const QList<KeyMeta> m = s->results.meta.value(id);
    QVERIFY2(m.at(0).ttlMs <= 3600 * 1000 && m.at(0).ttlMs > 3500 * 1000,
             qPrintable(QString::number(m.at(0).ttlMs)));
    QVERIFY(!m.at(0).expired);
    QCOMPARE(m.at(1).ttlMs, NoExpiry);
    QVERIFY(m.at(2).expired);
    QCOMPARE(m.at(2).ttlMs, qint64(0));
    QCOMPARE(m.at(3).type, KeyType::Missing);
}

void TestDbCachePostgres::valueIsTheStoredPickle()
{
    QString b64;
    QVERIFY2(m_pg.psql(QStringLiteral("SELECT value FROM django_cache WHERE cache_key = ':1:pg:hour'"), &b64),
             qPrintable(m_pg.errorString()));
    const QByteArray pickle = QByteArray::fromBase64(b64.toLatin1());
    QVERIFY(pickle.startsWith('\x80'));
    auto s = openSession(m_pg.spec());
    ValueRequest request;
    request.key = ":1:pg:hour";
    const quint64 id = s->host.fetchValue(request);
    WAIT_ANSWER(*s, id, 10000);
    EXPECT_NO_FAILURE(*s, id);
    const KeyValue v = s->results.values.value(id);
    QCOMPARE(v.data, pickle);
    QCOMPARE(v.length, qint64(pickle.size()));
    request.byteLimit = 5;
    const quint64 cut = s->host.fetchValue(request);
    WAIT_ANSWER(*s, cut, 10000);
    QCOMPARE(s->results.values.value(cut).data, pickle.left(5));
    QCOMPARE(s->results.values.value(cut).length, qint64(pickle.size()));
    QVERIFY(s->results.values.value(cut).truncated);
}

void TestDbCachePostgres::setsTtlDjangoCanRead()
{
    auto s = openSession(m_pg.spec());
    const quint64 id = s->host.setTtl(":1:pg:many:001", 5000 * 1000);
    WAIT_ANSWER(*s, id, 10000);
    EXPECT_NO_FAILURE(*s, id);
    QVERIFY(s->results.ttl.value(id));
    QString secs;
    QVERIFY(m_pg.psql(QStringLiteral("SELECT round(EXTRACT(EPOCH FROM expires - now())) FROM django_cache "
                                     "WHERE cache_key = ':1:pg:many:001'"),
                      &secs));
    QVERIFY2(secs.toInt() > 4990 && secs.toInt() <= 5000, qPrintable(secs));
    const quint64 never = s->host.setTtl(":1:pg:many:002", NoExpiry);
    WAIT_ANSWER(*s, never, 10000);
    QString out;
    QVERIFY2(m_pg.django(QStringLiteral("print(cache.get('pg:many:001'), cache.get('pg:many:002'), "
                                        "cache.has_key('pg:many:002'))"),
                         &out),
             qPrintable(m_pg.errorString()));
    QCOMPARE(out, QStringLiteral("1 2 True"));
    QVERIFY(m_pg.psql(QStringLiteral("SELECT EXTRACT(YEAR FROM expires) FROM django_cache WHERE cache_key = "
                                     "':1:pg:many:002'"),
                      &out));
    QCOMPARE(out, QStringLiteral("9999"));
}

void TestDbCachePostgres::deletesAndRemovesExpired()
{
    QVERIFY(m_pg.django(QStringLiteral("cache.set('pg:doomed', 1, 60); cache.set('pg:stale2', 2, 0)")));
    auto s = openSession(m_pg.spec());
    const quint64 del = s->host.deleteKeys({":1:pg:doomed", ":1:pg:not-there"});
    WAIT_ANSWER(*s, del, 10000);
    EXPECT_NO_FAILURE(*s, del);
    QCOMPARE(s->results.deleted.value(del), qMakePair(qint64(1), qint64(2)));
    const quint64 rm = s->host.removeExpired();
    WAIT_ANSWER(*s, rm, 10000);
    EXPECT_NO_FAILURE(*s, rm);
    QCOMPARE(s->results.deleted.value(rm).first, qint64(2)); // pg:stale, pg:stale2
    QString out;
    QVERIFY(m_pg.psql(QStringLiteral("SELECT count(*) FROM django_cache WHERE cache_key IN "
                                     "(':1:pg:doomed', ':1:pg:stale', ':1:pg:stale2')"),
                      &out));
    QCOMPARE(out, QStringLiteral("0"));
}

void TestDbCachePostgres::reportsTableStats()
{
    auto s = openSession(m_pg.spec());
    const quint64 id = s->host.fetchServerStats();
    WAIT_ANSWER(*s, id, 10000);
    EXPECT_NO_FAILURE(*s, id);
    QHash<QString, QString> field;
    for (const QStringList &row : s->results.stats.value(id).value(0).rows)
        field.insert(row.at(0), row.at(1));
    QString rows;
    QVERIFY(m_pg.psql(QStringLiteral("SELECT count(*) FROM django_cache"), &rows));
    QCOMPARE(field.value(QStringLiteral("rows")), rows);
    QVERIFY(field.value(QStringLiteral("size_on_disk_bytes")).toLongLong() > 8192);
}

void TestDbCachePostgres::wrongPasswordIsAnAuthError()
{
    ConnectionSpec spec = m_pg.spec();
    spec.password = QStringLiteral("wrong");
    auto s = openSession(spec);
    QCOMPARE(s->results.lost.size(), 1);
    QCOMPARE(s->results.lost.first().kind, ErrorKind::Auth);
    QVERIFY2(s->results.lost.first().message.contains(PostgresServer::user()),
             qPrintable(s->results.lost.first().message));
}

void TestDbCachePostgres::serverDownIsAConnectError()
{
    ConnectionSpec spec = m_pg.spec();
    spec.port = freeLoopbackPort();
    auto s = openSession(spec);
    QCOMPARE(s->results.lost.size(), 1);
    QCOMPARE(s->results.lost.first().kind, ErrorKind::Connect);
    QVERIFY2(s->results.lost.first().message.contains(QString::number(spec.port)),
             qPrintable(s->results.lost.first().message));
}

void TestDbCachePostgres::missingTableNamesCreatecachetable()
{
    ConnectionSpec spec = m_pg.spec();
    spec.table = QStringLiteral("other_cache");
    auto s = openSession(spec);
    QCOMPARE(s->results.lost.size(), 1);
    QVERIFY2(s->results.lost.first().message.contains(QStringLiteral("createcachetable")),
             qPrintable(s->results.lost.first().message));
}

QTEST_GUILESS_MAIN(TestDbCachePostgres)
#include "tst_dbcachepostgres.moc"

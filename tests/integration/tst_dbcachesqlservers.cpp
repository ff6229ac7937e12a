// DbCacheConnector on real SQL servers: PostgreSQL (initdb into a temporary directory) and
// MariaDB (mariadb-install-db), each on a free port, the table made by Django's own
// createcachetable and the rows written by Django's cache API. One test body, run against
// each server by main() below.
#include "connectorrecorder.h"
#include "dbcache/dbcacheconnector.h"
#include "freeport.h"
#include "invalidationreports.h"
#include "mariadbserver.h"
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

class DbCacheSqlTest : public QObject
{
    Q_OBJECT
public:
    explicit DbCacheSqlTest(SqlTestServer &server) : m_server(server) {}

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
    void invalidatesAPatternInBatches();
    void wrongPasswordIsAnAuthError();
    void serverDownIsAConnectError();
    void missingTableNamesCreatecachetable();

private:
    SqlTestServer &m_server;
};

void DbCacheSqlTest::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    QVERIFY2(m_server.django(QStringLiteral(R"(
call_command('createcachetable', verbosity=0)
cache.set('t:hour', {'answer': 42}, 3600)
cache.set('t:never', 'forever', None)
cache.set('t:stale', 'already expired', 0)
cache.set('t:100%_done', 'percent and underscore', 600)
cache.set('t:100X_done', 'look-alike', 600)
cache.set_many({'t:many:%03d' % i: i for i in range(100)}, 600)
)")),
             qPrintable(m_server.errorString()));
}

void DbCacheSqlTest::opensAndReportsInfo()
{
    auto s = openSession(m_server.spec());
    QCOMPARE(s->results.opened.size(), 1);
    const ServerInfo info = s->results.opened.first();
    QCOMPARE(info.product, m_server.name());
    QVERIFY2(info.version.front().isDigit() && info.version.contains(u'.'), qPrintable(info.version));
    QCOMPARE(info.dbSize, qint64(-1)); // counting is a full index scan: left to refreshInfo()
    const quint64 id = s->host.refreshInfo();
    WAIT_ANSWER(*s, id, 10000);
    EXPECT_NO_FAILURE(*s, id);
    QCOMPARE(s->results.info.value(id).dbSize, qint64(105));
}

void DbCacheSqlTest::listsInKeysetPages()
{
    auto s = openSession(m_server.spec());
    ScanRequest request;
    request.count = 7;
    const QSet<QByteArray> keys = scanAll(*s, request);
    QCOMPARE(keys.size(), 105);
    QVERIFY(keys.contains(":1:t:many:042"));
    QVERIFY(keys.contains(":1:t:stale"));
    QCOMPARE(s->results.batches.value(s->results.finished.keys().constFirst()), (105 + 6) / 7);
}

void DbCacheSqlTest::matchEscapesLikeWildcards()
{
    auto s = openSession(m_server.spec());
    ScanRequest request;
    request.match = ":1:t:100%_*";
    request.count = 3;
    QCOMPARE(scanAll(*s, request), QSet<QByteArray>{":1:t:100%_done"});
    request.match = ":1:t:many:0[0-1]?";
    QCOMPARE(scanAll(*s, request).size(), 20);
}

void DbCacheSqlTest::ttlFromTimestamptz()
{
    // PostgreSQL's timestamptz carries its zone, so the connection's tz setting must not
    // matter: try a wrong one. MySQL's DATETIME is naive, UTC for a USE_TZ site: the default.
    ConnectionSpec spec = m_server.spec();
    if (m_server.name() == u"PostgreSQL")
        spec.timeZone = QStringLiteral("Asia/Tokyo");
    auto s = openSession(spec);
    const quint64 id = s->host.fetchMeta({":1:t:hour", ":1:t:never", ":1:t:stale", ":1:t:nothing"});
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

void DbCacheSqlTest::valueIsTheStoredPickle()
{
    QString b64;
    QVERIFY2(m_server.sql(QStringLiteral("SELECT value FROM django_cache WHERE cache_key = ':1:t:hour'"), &b64),
             qPrintable(m_server.errorString()));
    const QByteArray pickle = QByteArray::fromBase64(b64.toLatin1());
    QVERIFY(pickle.startsWith('\x80'));
    auto s = openSession(m_server.spec());
    ValueRequest request;
    request.key = ":1:t:hour";
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

void DbCacheSqlTest::setsTtlDjangoCanRead()
{
    auto s = openSession(m_server.spec());
    const quint64 id = s->host.setTtl(":1:t:many:001", 5000 * 1000);
    WAIT_ANSWER(*s, id, 10000);
    EXPECT_NO_FAILURE(*s, id);
    QVERIFY(s->results.ttl.value(id));
    QString secs;
    QVERIFY(m_server.sql(m_server.secondsLeftSql(QStringLiteral("':1:t:many:001'")), &secs));
    QVERIFY2(secs.toInt() > 4990 && secs.toInt() <= 5000, qPrintable(secs));
    const quint64 never = s->host.setTtl(":1:t:many:002", NoExpiry);
    WAIT_ANSWER(*s, never, 10000);
    QString out;
    QVERIFY2(m_server.django(QStringLiteral("print(cache.get('t:many:001'), cache.get('t:many:002'), "
                                        "cache.has_key('t:many:002'))"),
                         &out),
             qPrintable(m_server.errorString()));
    QCOMPARE(out, QStringLiteral("1 2 True"));
    QVERIFY(m_server.sql(QStringLiteral("SELECT EXTRACT(YEAR FROM expires) FROM django_cache WHERE cache_key = "
                                     "':1:t:many:002'"),
                      &out));
    QCOMPARE(out, QStringLiteral("9999"));
}

void DbCacheSqlTest::deletesAndRemovesExpired()
{
    QVERIFY(m_server.django(QStringLiteral("cache.set('t:doomed', 1, 60); cache.set('t:stale2', 2, 0)")));
    auto s = openSession(m_server.spec());
    const quint64 del = s->host.deleteKeys({":1:t:doomed", ":1:t:not-there"});
    WAIT_ANSWER(*s, del, 10000);
    EXPECT_NO_FAILURE(*s, del);
    QCOMPARE(s->results.deleted.value(del), qMakePair(qint64(1), qint64(2)));
    const quint64 rm = s->host.removeExpired();
    WAIT_ANSWER(*s, rm, 10000);
    EXPECT_NO_FAILURE(*s, rm);
    QCOMPARE(s->results.deleted.value(rm).first, qint64(2)); // t:stale, t:stale2
    QString out;
    QVERIFY(m_server.sql(QStringLiteral("SELECT count(*) FROM django_cache WHERE cache_key IN "
                                     "(':1:t:doomed', ':1:t:stale', ':1:t:stale2')"),
                      &out));
    QCOMPARE(out, QStringLiteral("0"));
}

void DbCacheSqlTest::reportsTableStats()
{
    auto s = openSession(m_server.spec());
    const quint64 id = s->host.fetchServerStats();
    WAIT_ANSWER(*s, id, 10000);
    EXPECT_NO_FAILURE(*s, id);
    QHash<QString, QString> field;
    for (const QStringList &row : s->results.stats.value(id).value(0).rows)
        field.insert(row.at(0), row.at(1));
    QString rows;
    QVERIFY(m_server.sql(QStringLiteral("SELECT count(*) FROM django_cache"), &rows));
    QCOMPARE(field.value(QStringLiteral("rows")), rows);
    QVERIFY(field.value(QStringLiteral("size_on_disk_bytes")).toLongLong() > 8192);
}

// The dialects differ most in their DELETE (MySQL refuses LIMIT in an IN subquery on the
// same table): a pattern over more rows than one statement takes, next to a look-alike.
void DbCacheSqlTest::invalidatesAPatternInBatches()
{
    QVERIFY2(m_server.django(QStringLiteral("cache.set_many({'t:inv:%04d' % i: i for i in range(1200)}, 600); "
                                            "cache.set('t:invX:1', 'stays', 600)")),
             qPrintable(m_server.errorString()));
    auto s = openSession(m_server.spec());
    InvalidationReports jobs(s->host.connector());
    InvalidationJob job;
    job.action = InvalidationJob::Action::Delete;
    job.patterns = {":1:t:inv:*"};
    job.batchSize = 500;
    const auto report = jobs.wait(s->host.runInvalidation(job), 60000);
    QVERIFY(report);
    QCOMPARE(report->outcome, InvalidationReport::Outcome::Completed);
    QCOMPARE(report->counts.matched, qint64(1200));
    QCOMPARE(report->counts.affected, qint64(1200));
    QString left;
    QVERIFY(m_server.sql(QStringLiteral("SELECT cache_key FROM django_cache WHERE cache_key LIKE ':1:t:inv%'"),
                         &left));
    QCOMPARE(left, QStringLiteral(":1:t:invX:1"));
}

void DbCacheSqlTest::wrongPasswordIsAnAuthError()
{
    ConnectionSpec spec = m_server.spec();
    spec.password = QStringLiteral("wrong");
    auto s = openSession(spec);
    QCOMPARE(s->results.lost.size(), 1);
    QCOMPARE(s->results.lost.first().kind, ErrorKind::Auth);
    QVERIFY2(s->results.lost.first().message.contains(m_server.login()),
             qPrintable(s->results.lost.first().message));
}

void DbCacheSqlTest::serverDownIsAConnectError()
{
    ConnectionSpec spec = m_server.spec();
    spec.port = freeLoopbackPort();
    auto s = openSession(spec);
    QCOMPARE(s->results.lost.size(), 1);
    QCOMPARE(s->results.lost.first().kind, ErrorKind::Connect);
    QVERIFY2(s->results.lost.first().message.contains(QString::number(spec.port)),
             qPrintable(s->results.lost.first().message));
}

void DbCacheSqlTest::missingTableNamesCreatecachetable()
{
    ConnectionSpec spec = m_server.spec();
    spec.table = QStringLiteral("other_cache");
    auto s = openSession(spec);
    QCOMPARE(s->results.lost.size(), 1);
    QVERIFY2(s->results.lost.first().message.contains(QStringLiteral("createcachetable")),
             qPrintable(s->results.lost.first().message));
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int failed = 0;
    {
        PostgresServer pg;
        DbCacheSqlTest test(pg);
        failed += QTest::qExec(&test, argc, argv);
    }
    {
        MariaDbServer maria;
        DbCacheSqlTest test(maria);
        failed += QTest::qExec(&test, argc, argv);
    }
    return failed;
}

#include "tst_dbcachesqlservers.moc"

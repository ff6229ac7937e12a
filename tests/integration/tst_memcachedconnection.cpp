// MemcachedConnector's connection life against real memcached servers: server facts, a
// pool with a member down, servers without lru_crawler metadump or with dumping disabled,
// and the server panel's statistics tables.
#include "connectorrecorder.h"
#include "freeport.h"
#include "memcached/memcachedconnector.h"
#include "memcachedserver.h"

#include <QTest>

#include <memory>

using namespace cachescope;
using namespace cachescope::test;

namespace {

std::unique_ptr<RecordedConnector> openUrl(const QString &url)
{
    const auto spec = ConnectionSpec::parse(url);
    if (!spec)
        qFatal("bad test URL: %s", qPrintable(spec.error().message));
    return openRecorded(std::make_unique<MemcachedConnector>(*spec));
}

QString deadAddress()
{
    return QStringLiteral("127.0.0.1:%1").arg(freeLoopbackPort());
}

} // namespace

class TestMemcachedConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void opensPoolAndReportsServerInfo();
    void poolWithAServerDownStillWorks();
    void poolWithEveryServerDownFails();
    void oldStyleServerFallsBackToCachedumpWithWarning();
    void serverWithDumpingDisabledIsReported();
    void serverStatsAsTables();

private:
    MemcachedServer m_a;
    MemcachedServer m_b;
};

void TestMemcachedConnection::initTestCase()
{
    QVERIFY2(m_a.start(), qPrintable(m_a.errorString()));
    QVERIFY2(m_b.start(32), qPrintable(m_b.errorString()));
    for (int i = 0; i < 5; ++i)
        QVERIFY(m_a.set("a:" + QByteArray::number(i), "x"));
    for (int i = 0; i < 3; ++i)
        QVERIFY(m_b.set("b:" + QByteArray::number(i), "y", 0, 3600));
}

void TestMemcachedConnection::opensPoolAndReportsServerInfo()
{
    auto s = openUrl(QStringLiteral("memcached://%1,%2").arg(m_a.address(), m_b.address()));
    QCOMPARE(s->results.opened.size(), 1);
    const ServerInfo info = s->results.opened.first();
    QCOMPARE(info.product, QStringLiteral("Memcached"));
    QVERIFY2(info.version.count(u'.') == 2, qPrintable(info.version)); // both report the same version
    QCOMPARE(info.mode, QStringLiteral("pool of 2 servers"));
    QCOMPARE(info.dbSize, 8);
    QVERIFY(info.roundTripMs >= 0);
    QCOMPARE(info.address, m_a.address() + u',' + m_b.address());

    QVERIFY(m_b.set("b:extra", "z"));
    const quint64 id = s->host.refreshInfo();
    WAIT_ANSWER(*s, id, 10000);
    EXPECT_NO_FAILURE(*s, id);
    QCOMPARE(s->results.info.value(id).dbSize, 9);
    QVERIFY(m_b.command("delete b:extra\r\n").startsWith("DELETED"));
}

void TestMemcachedConnection::poolWithAServerDownStillWorks()
{
    const QString dead = deadAddress();
    auto s =
        openUrl(QStringLiteral("memcached://%1,%2?connect_timeout=2&timeout=2").arg(m_a.address(), dead));
    QCOMPARE(s->results.opened.size(), 1); // one live member is enough to open
    QCOMPARE(s->results.opened.first().dbSize, 5);

    const quint64 id = s->host.scanKeys(ScanRequest{});
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(id), 20000);
    EXPECT_NO_FAILURE(*s, id);
    const ScanSummary summary = s->results.finished.value(id);
    QVERIFY(summary.complete);
    QCOMPARE(summary.keysFound, 5);
    QVERIFY2(summary.warning.contains(dead), qPrintable(summary.warning));
    QVERIFY2(summary.warning.contains(QStringLiteral("refused")), qPrintable(summary.warning));

    // The live member still answers reads and writes; the dead one is skipped.
    ValueRequest request;
    request.key = "a:1";
    const quint64 v = s->host.fetchValue(request);
    WAIT_ANSWER(*s, v, 20000);
    EXPECT_NO_FAILURE(*s, v);
    QCOMPARE(s->results.values.value(v).data, QByteArray("x"));
    const quint64 d = s->host.deleteKeys({"a:4"});
    WAIT_ANSWER(*s, d, 20000);
    QCOMPARE(s->results.deleted.value(d), qMakePair(qint64(1), qint64(1)));
    QVERIFY(m_a.set("a:4", "x"));
}

void TestMemcachedConnection::poolWithEveryServerDownFails()
{
    const QString url =
        QStringLiteral("memcached://%1,%2?connect_timeout=1").arg(deadAddress(), deadAddress());
    auto s = openUrl(url);
    QCOMPARE(s->results.lost.size(), 1);
    QCOMPARE(s->results.lost.first().kind, ErrorKind::Connect);
    const quint64 id = s->host.scanKeys(ScanRequest{});
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(id), 20000);
    QVERIFY(!s->results.finished.value(id).complete);
    QVERIFY(s->results.failed.contains(id));
    QCOMPARE(s->results.failed.value(id).kind, ErrorKind::Connect);
}

void TestMemcachedConnection::oldStyleServerFallsBackToCachedumpWithWarning()
{
    // No LRU crawler: memcached answers metadump with CLIENT_ERROR, as an old server would
    // answer with ERROR.
    MemcachedServer old;
    QVERIFY2(old.start(64, {QStringLiteral("-o"), QStringLiteral("no_lru_crawler")}),
             qPrintable(old.errorString()));
    QVERIFY(old.fill(300, "old:", 0));
    QVERIFY(old.set("old:ttl", "v", 0, 1000));
    auto s = openUrl(old.url());
    const quint64 id = s->host.scanKeys(ScanRequest{});
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(id), 20000);
    EXPECT_NO_FAILURE(*s, id);
    const ScanSummary summary = s->results.finished.value(id);
    QVERIFY(summary.complete);
    // cachedump is partial by design (capped, and only the cold LRU on 1.5+): some, not all.
    QVERIFY2(summary.keysFound > 0 && summary.keysFound <= 301,
             qPrintable(QString::number(summary.keysFound)));
    for (const QByteArray &key : s->results.keys.value(id))
        QVERIFY(key.startsWith("old:"));
    QVERIFY2(summary.warning.contains(QStringLiteral("cachedump")), qPrintable(summary.warning));
    QVERIFY2(summary.warning.contains(QStringLiteral("incomplete")), qPrintable(summary.warning));
    const quint64 m = s->host.fetchMeta({"old:ttl", "old:7"});
    WAIT_ANSWER(*s, m, 10000);
    const QList<KeyMeta> meta = s->results.meta.value(m);
    QCOMPARE(meta.size(), 2);
    QVERIFY(meta.at(0).ttlMs > 990000 && meta.at(0).ttlMs <= 1000000);
    QCOMPARE(meta.at(1).ttlMs, NoExpiry);
    QCOMPARE(meta.at(1).server, old.address());
}

void TestMemcachedConnection::serverWithDumpingDisabledIsReported()
{
    MemcachedServer locked;
    QVERIFY2(locked.start(64, {QStringLiteral("-X")}), qPrintable(locked.errorString()));
    QVERIFY(locked.set("k", "v"));
    auto s = openUrl(locked.url());
    const quint64 id = s->host.scanKeys(ScanRequest{});
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(id), 20000);
    QVERIFY(!s->results.finished.value(id).complete);
    QCOMPARE(s->results.failed.value(id).kind, ErrorKind::Server);
    QVERIFY2(s->results.failed.value(id).message.contains(QStringLiteral("disable-dumping")),
             qPrintable(s->results.failed.value(id).message));
}

void TestMemcachedConnection::serverStatsAsTables()
{
    auto s = openUrl(QStringLiteral("memcached://%1,%2").arg(m_a.address(), m_b.address()));
    const quint64 id = s->host.fetchServerStats();
    WAIT_ANSWER(*s, id, 10000);
    EXPECT_NO_FAILURE(*s, id);
    const QList<ServerStats> tables = s->results.stats.value(id);
    for (const QString &server : {m_a.address(), m_b.address()}) {
        QHash<QString, ServerStats> bySection;
        for (const ServerStats &t : tables) {
            if (t.server == server)
                bySection.insert(t.section, t);
        }
        QVERIFY2(bySection.contains(QStringLiteral("stats")), qPrintable(server));
        const ServerStats general = bySection.value(QStringLiteral("stats"));
        QCOMPARE(general.columns, QStringList({QStringLiteral("name"), QStringLiteral("value")}));
        bool sawItems = false;
        for (const QStringList &row : general.rows) {
            QCOMPARE(row.size(), 2);
            if (row.at(0) == u"curr_items") {
                sawItems = true;
                QCOMPARE(row.at(1), server == m_a.address() ? QStringLiteral("5") : QStringLiteral("3"));
            }
        }
        QVERIFY(sawItems);
        for (const QString &section : {QStringLiteral("stats slabs"), QStringLiteral("stats items")}) {
            const ServerStats t = bySection.value(section);
            QVERIFY2(!t.rows.isEmpty(), qPrintable(section));
            QCOMPARE(t.columns.first(), QStringLiteral("class"));
            for (const QStringList &row : t.rows)
                QCOMPARE(row.size(), t.columns.size());
        }
        QVERIFY(
            bySection.value(QStringLiteral("stats slabs")).columns.contains(QStringLiteral("chunk_size")));
        QVERIFY(bySection.value(QStringLiteral("stats items")).columns.contains(QStringLiteral("number")));
    }
}

QTEST_GUILESS_MAIN(TestMemcachedConnection)
#include "tst_memcachedconnection.moc"

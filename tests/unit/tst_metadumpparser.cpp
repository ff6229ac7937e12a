#include "memcached/metadumpparser.h"

#include <QTest>

using namespace cachescope;

class TestMetadumpParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void percentDecodes_data();
    void percentDecodes();
    void parsesMetadumpLines_data();
    void parsesMetadumpLines();
    void parsesCachedumpLines_data();
    void parsesCachedumpLines();
    void parsesMetaGetLines();
};

void TestMetadumpParser::percentDecodes_data()
{
    QTest::addColumn<QByteArray>("in");
    QTest::addColumn<QByteArray>("out");
    QTest::addColumn<bool>("clean");
    QTest::newRow("plain") << QByteArray("app:1:x") << QByteArray("app:1:x") << true;
    QTest::newRow("colons") << QByteArray("app%3A1%3Ax") << QByteArray("app:1:x") << true;
    QTest::newRow("percent itself") << QByteArray("100%25") << QByteArray("100%") << true;
    QTest::newRow("lower hex") << QByteArray("%c3%a9") << QByteArray("\xc3\xa9") << true;
    QTest::newRow("utf8") << QByteArray("caf%C3%A9-%D0%BA") << QByteArray("caf\xc3\xa9-\xd0\xba") << true;
    QTest::newRow("binary") << QByteArray("%00%FF") << QByteArray("\0\xff", 2) << true;
    QTest::newRow("bad escape kept") << QByteArray("a%zzb") << QByteArray("a%zzb") << false;
    QTest::newRow("truncated escape kept") << QByteArray("a%4") << QByteArray("a%4") << false;
}

void TestMetadumpParser::percentDecodes()
{
    QFETCH(QByteArray, in);
    QFETCH(QByteArray, out);
    QFETCH(bool, clean);
    QByteArray decoded = "prefix:";
    QCOMPARE(percentDecode(in, &decoded), clean);
    QCOMPARE(decoded, "prefix:" + out); // appends
}

void TestMetadumpParser::parsesMetadumpLines_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<qint64>("exp");
    QTest::addColumn<qint64>("la");
    QTest::addColumn<int>("fetched");
    QTest::addColumn<int>("cls");
    QTest::addColumn<qint64>("size");
    QTest::newRow("full")
        << QByteArray("key=app%3A1%3Astr exp=1795457534 la=1795456934 cas=6 fetch=yes cls=1 size=95") << true
        << QByteArray("app:1:str") << qint64(1795457534) << qint64(1795456934) << 1 << 1 << qint64(95);
    QTest::newRow("never, not fetched")
        << QByteArray("key=k exp=-1 la=10 cas=2 fetch=no cls=39 size=1000074") << true << QByteArray("k")
        << qint64(-1) << qint64(10) << 0 << 39 << qint64(1000074);
    QTest::newRow("unknown fields ignored")
        << QByteArray("key=k exp=5 la=1 cas=1 fetch=yes cls=2 size=3 new=thing") << true << QByteArray("k")
        << qint64(5) << qint64(1) << 1 << 2 << qint64(3);
    QTest::newRow("missing fields") << QByteArray("key=only") << true << QByteArray("only") << qint64(-1)
                                    << qint64(-1) << -1 << -1 << qint64(-1);
    QTest::newRow("END") << QByteArray("END") << false << QByteArray() << qint64(-1) << qint64(-1) << -1 << -1
                         << qint64(-1);
    QTest::newRow("error") << QByteArray("CLIENT_ERROR lru crawler disabled") << false << QByteArray()
                           << qint64(-1) << qint64(-1) << -1 << -1 << qint64(-1);
    QTest::newRow("empty key") << QByteArray("key= exp=1") << false << QByteArray() << qint64(1) << qint64(-1)
                               << -1 << -1 << qint64(-1);
}

void TestMetadumpParser::parsesMetadumpLines()
{
    QFETCH(QByteArray, line);
    QFETCH(bool, ok);
    QByteArray key = "stale";
    ItemFacts facts;
    QCOMPARE(parseMetadumpLine(line, &key, &facts), ok);
    if (!ok)
        return;
    QTEST(key, "key");
    QTEST(facts.expiresAt, "exp");
    QTEST(facts.lastAccess, "la");
    QTEST(int(facts.fetched), "fetched");
    QTEST(facts.slabClass, "cls");
    QTEST(facts.size, "size");
}

void TestMetadumpParser::parsesCachedumpLines_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<qint64>("size");
    QTest::addColumn<qint64>("exp");
    QTest::newRow("never") << QByteArray("ITEM a [1 b; 0 s]") << true << QByteArray("a") << qint64(1)
                           << qint64(-1);
    QTest::newRow("expiring") << QByteArray("ITEM app:1:x [13 b; 1795457534 s]") << true
                              << QByteArray("app:1:x") << qint64(13) << qint64(1795457534);
    QTest::newRow("brackets in key") << QByteArray("ITEM k[1] [2 b; 0 s]") << true << QByteArray("k[1]")
                                     << qint64(2) << qint64(-1);
    QTest::newRow("END") << QByteArray("END") << false << QByteArray() << qint64(0) << qint64(0);
    QTest::newRow("garbage") << QByteArray("ITEM nobrackets") << false << QByteArray() << qint64(0)
                             << qint64(0);
}

void TestMetadumpParser::parsesCachedumpLines()
{
    QFETCH(QByteArray, line);
    QFETCH(bool, ok);
    QByteArray key;
    ItemFacts facts;
    QCOMPARE(parseCachedumpLine(line, &key, &facts), ok);
    if (!ok)
        return;
    QTEST(key, "key");
    QTEST(facts.size, "size");
    QTEST(facts.expiresAt, "exp");
}

void TestMetadumpParser::parsesMetaGetLines()
{
    ItemFacts facts;
    QVERIFY(parseMetaGetLine("HD t507 s13 l93 h1", 1000, &facts));
    QCOMPARE(facts.expiresAt, 1507);
    QCOMPARE(facts.size, 13);
    QCOMPARE(facts.lastAccess, 907);
    QCOMPARE(facts.fetched, 1);
    QVERIFY(parseMetaGetLine("HD t-1 s2 l0 h0", 1000, &facts));
    QCOMPARE(facts.expiresAt, -1);
    QCOMPARE(facts.fetched, 0);
    QVERIFY(!parseMetaGetLine("EN", 1000, &facts));
    QVERIFY(!parseMetaGetLine("ERROR", 1000, &facts));
}

QTEST_GUILESS_MAIN(TestMetadumpParser)
#include "tst_metadumpparser.moc"

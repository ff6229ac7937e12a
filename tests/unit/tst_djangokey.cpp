// Django's key scheme, checked against keys real Django builds (cache_page, the cache
// middleware, {% cache %} fragments, cache sessions) and against keys that are not Django's.
#include "codec/djangokey.h"
#include "pythonhelper.h"

#include <QTest>

using namespace cachescope;

class TestDjangoKey : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void realDjangoKeys_data()
    {
        QTest::addColumn<QJsonObject>("row");
        const auto rows = testing::runPythonFile(QFINDTESTDATA("unit/python/django_keys.py"));
        QVERIFY(rows.size() >= 6);
        for (const QJsonObject &o : rows)
            QTest::newRow(qPrintable(o[u"name"].toString())) << o;
    }
    void realDjangoKeys()
    {
        QFETCH(QJsonObject, row);
        const DjangoKey k = DjangoKeyParser::parse(row[u"key"].toString().toUtf8());
        QCOMPARE(DjangoKeyParser::kindName(k.kind), row[u"kind"].toString());
        QCOMPARE(QString::fromUtf8(k.prefix), row[u"prefix"].toString());
        QCOMPARE(k.version, row[u"version"].toInt());
        QCOMPARE(QString::fromUtf8(k.userKey), row[u"user"].toString());
        const auto part = [&](const char *name) { return row[QLatin1String(name)].toString(); };
        QCOMPARE(QString::fromUtf8(k.keyPrefix), part("keyPrefix"));
        QCOMPARE(QString::fromUtf8(k.method), part("method"));
        QCOMPARE(QString::fromUtf8(k.urlHash), part("urlHash"));
        QCOMPARE(QString::fromUtf8(k.language), part("language"));
        QCOMPARE(QString::fromUtf8(k.timeZone), part("timeZone"));
        QCOMPARE(QString::fromUtf8(k.fragmentName), part("fragmentName"));
        QCOMPARE(QString::fromUtf8(k.fragmentHash), part("fragmentHash"));
        QCOMPARE(QString::fromUtf8(k.sessionKey), part("sessionKey"));
        if (k.kind == DjangoKeyKind::CachePagePage)
            QCOMPARE(k.headersHash.size(), 32);
    }

    void shapes_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QByteArray>("prefix");
        QTest::addColumn<int>("version");
        QTest::addColumn<QByteArray>("user");
        const QByteArray md5 = "0123456789abcdef0123456789abcdef";
        QTest::newRow("plain") << QByteArray("p:1:k") << "plain" << QByteArray("p") << 1 << QByteArray("k");
        QTest::newRow("colons in key")
            << QByteArray("p:2:a:b:c") << "plain" << QByteArray("p") << 2 << QByteArray("a:b:c");
        QTest::newRow("empty prefix")
            << QByteArray(":1:k") << "plain" << QByteArray() << 1 << QByteArray("k");
        QTest::newRow("empty user key")
            << QByteArray("p:1:") << "plain" << QByteArray("p") << 1 << QByteArray();
        QTest::newRow("negative version")
            << QByteArray("p:-1:k") << "plain" << QByteArray("p") << -1 << QByteArray("k");
        QTest::newRow("no colon") << QByteArray("session:abc") << "not django" << QByteArray() << 0
                                  << QByteArray();
        QTest::newRow("non-integer version")
            << QByteArray("p:v1:k") << "not django" << QByteArray() << 0 << QByteArray();
        QTest::newRow("empty version")
            << QByteArray("p::k") << "not django" << QByteArray() << 0 << QByteArray();
        QTest::newRow("binary") << QByteArray("p:1:\x00\xff", 6) << "plain" << QByteArray("p") << 1
                                << QByteArray("\x00\xff", 2);
        QTest::newRow("header no suffix")
            << QByteArray(":1:views.decorators.cache.cache_header.x." + md5) << "cache_page header"
            << QByteArray() << 1 << QByteArray("views.decorators.cache.cache_header.x." + md5);
        QTest::newRow("page bad hash")
            << QByteArray(":1:views.decorators.cache.cache_page.x.GET.nothex." + md5) << "plain"
            << QByteArray() << 1 << QByteArray("views.decorators.cache.cache_page.x.GET.nothex." + md5);
        QTest::newRow("fragment no hash") << QByteArray("p:1:template.cache.sidebar") << "plain"
                                          << QByteArray("p") << 1 << QByteArray("template.cache.sidebar");
        QTest::newRow("cached_db session")
            << QByteArray("p:1:django.contrib.sessions.cached_dbabc123") << "session" << QByteArray("p") << 1
            << QByteArray("django.contrib.sessions.cached_dbabc123");
    }
    void shapes()
    {
        QFETCH(QByteArray, key);
        QFETCH(QString, kind);
        QFETCH(QByteArray, prefix);
        QFETCH(int, version);
        QFETCH(QByteArray, user);
        const DjangoKey k = DjangoKeyParser::parse(key);
        QCOMPARE(DjangoKeyParser::kindName(k.kind), kind);
        QCOMPARE(k.prefix, prefix);
        QCOMPARE(k.version, version);
        QCOMPARE(k.userKey, user);
    }

    void cachedDbSessionKey()
    {
        const DjangoKey k = DjangoKeyParser::parse("p:1:django.contrib.sessions.cached_dbabc123");
        QCOMPARE(k.sessionKey, QByteArray("abc123"));
    }
};

QTEST_GUILESS_MAIN(TestDjangoKey)
#include "tst_djangokey.moc"

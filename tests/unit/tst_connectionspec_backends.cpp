// ConnectionSpec for memcached pools and Django's database cache table (SQLite, PostgreSQL,
// MySQL): servers, SASL credentials, paths, table names (validated, never pasted into SQL)
// and time zones. Redis URLs, round trips and secrets: tst_connectionspec.
#include "core/connectionspec.h"

#include <QTest>
#include <QUrl>

using namespace cachescope;
using namespace Qt::StringLiterals;

class TestConnectionSpecBackends : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesMemcachedUrls_data();
    void parsesMemcachedUrls();
    void parsesSqlUrls_data();
    void parsesSqlUrls();
    void validatesTableNames_data();
    void validatesTableNames();
};

void TestConnectionSpecBackends::parsesMemcachedUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("servers");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<bool>("readOnly");

    QTest::newRow("default port") << "memcached://127.0.0.1"
                                  << "127.0.0.1:11211"
                                  << ""
                                  << "" << 10000 << false;
    QTest::newRow("one") << "memcached://cache:11300"
                         << "cache:11300"
                         << ""
                         << "" << 10000 << false;
    QTest::newRow("trailing slash") << "memcached://cache:11300/"
                                    << "cache:11300"
                                    << ""
                                    << "" << 10000 << false;
    QTest::newRow("pool") << "memcached://a:1,b:2,c"
                          << "a:1,b:2,c:11211"
                          << ""
                          << "" << 10000 << false;
    QTest::newRow("memcache alias") << "memcache://a:1"
                                    << "a:1"
                                    << ""
                                    << "" << 10000 << false;
    QTest::newRow("ipv6 pool") << "memcached://[::1]:11212,127.0.0.1"
                               << "[::1]:11212,127.0.0.1:11211"
                               << ""
                               << "" << 10000 << false;
    QTest::newRow("sasl") << "memcached://ops:p%40ss%3Aw@a:1,b:2"
                          << "a:1,b:2"
                          << "ops"
                          << "p@ss:w" << 10000 << false;
    QTest::newRow("options") << "memcached://a:1?timeout=2.5&readonly=yes"
                             << "a:1"
                             << ""
                             << "" << 2500 << true;
}

void TestConnectionSpecBackends::parsesMemcachedUrls()
{
    QFETCH(QString, url);
    const auto spec = ConnectionSpec::parse(url);
    QVERIFY2(spec.hasValue(), qPrintable(spec ? QString() : spec.error().message));
    QFETCH(QString, servers);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(int, timeoutMs);
    QFETCH(bool, readOnly);
    QCOMPARE(spec->backend, BackendKind::Memcached);
    QStringList got;
    for (const ServerAddress &s : spec->servers)
        got.append(s.toString());
    QCOMPARE(got.join(u','), servers);
    QCOMPARE(spec->host, spec->servers.constFirst().host);
    QCOMPARE(spec->port, spec->servers.constFirst().port);
    QCOMPARE(spec->username, user);
    QCOMPARE(spec->password, password);
    QCOMPARE(spec->commandTimeoutMs, timeoutMs);
    QCOMPARE(spec->readOnly, readOnly);
    QCOMPARE(spec->sqlDriver, SqlDriver::None);
}

void TestConnectionSpecBackends::parsesSqlUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<int>("driver");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("tz");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");

    QTest::newRow("sqlite") << "sqlite:///srv/site/db.sqlite3" << int(SqlDriver::Sqlite) << "" << 0
                            << "/srv/site/db.sqlite3"
                            << "django_cache"
                            << "UTC"
                            << ""
                            << "";
    QTest::newRow("sqlite four slashes") << "sqlite:////srv/db.sqlite3?table=my_cache"
                                         << int(SqlDriver::Sqlite) << "" << 0 << "/srv/db.sqlite3"
                                         << "my_cache"
                                         << "UTC"
                                         << ""
                                         << "";
    QTest::newRow("sqlite spaces") << "sqlite:///tmp/my%20site/db.sqlite3?tz=Europe/Paris"
                                   << int(SqlDriver::Sqlite) << "" << 0 << "/tmp/my site/db.sqlite3"
                                   << "django_cache"
                                   << "Europe/Paris"
                                   << ""
                                   << "";
    QTest::newRow("sqlite windows drive") << "sqlite:///C:/Sites/shop/db.sqlite3" << int(SqlDriver::Sqlite) << ""
                                          << 0 << "C:/Sites/shop/db.sqlite3"
                                          << "django_cache"
                                          << "UTC"
                                          << ""
                                          << "";
    QTest::newRow("postgresql")
        << "postgresql://django:s%2Fcret@db.example/site?table=public.cache_t&tz=America/New_York"
        << int(SqlDriver::Postgres) << "db.example" << 5432 << "site"
        << "public.cache_t"
        << "America/New_York"
        << "django"
        << "s/cret";
    QTest::newRow("postgres alias") << "postgres://u@127.0.0.1:6543/site" << int(SqlDriver::Postgres)
                                    << "127.0.0.1" << 6543 << "site"
                                    << "django_cache"
                                    << "UTC"
                                    << "u"
                                    << "";
    QTest::newRow("mysql") << "mysql://root:pw@[::1]/shop?table=_cache2" << int(SqlDriver::Mysql) << "::1"
                           << 3306 << "shop"
                           << "_cache2"
                           << "UTC"
                           << "root"
                           << "pw";
}

void TestConnectionSpecBackends::parsesSqlUrls()
{
    QFETCH(QString, url);
    const auto spec = ConnectionSpec::parse(url);
    QVERIFY2(spec.hasValue(), qPrintable(spec ? QString() : spec.error().message));
    QFETCH(int, driver);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, database);
    QFETCH(QString, table);
    QFETCH(QString, tz);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QCOMPARE(spec->backend, BackendKind::DbCache);
    QCOMPARE(int(spec->sqlDriver), driver);
    QCOMPARE(spec->host, host);
    QCOMPARE(int(spec->port), port);
    QCOMPARE(spec->database, database);
    QCOMPARE(spec->table, table);
    QCOMPARE(spec->timeZone, tz);
    QCOMPARE(spec->username, user);
    QCOMPARE(spec->password, password);
    QVERIFY(spec->servers.isEmpty());
}

void TestConnectionSpecBackends::validatesTableNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("django default") << "django_cache" << true;
    QTest::newRow("underscore first") << "_c1" << true;
    QTest::newRow("schema.table") << "public.django_cache" << true;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("digit first") << "1cache" << false;
    QTest::newRow("injection") << "x;drop" << false;
    QTest::newRow("space") << "a b" << false;
    QTest::newRow("double quote") << "\"t\"" << false;
    QTest::newRow("single quote") << "t'" << false;
    QTest::newRow("backtick") << "`t`" << false;
    QTest::newRow("bracket") << "[t]" << false;
    QTest::newRow("three parts") << "a.b.c" << false;
    QTest::newRow("trailing dot") << "a." << false;
    QTest::newRow("dash") << "my-cache" << false;
    QTest::newRow("comment") << "t--" << false;
    QTest::newRow("non ascii") << "caché" << false;
}

void TestConnectionSpecBackends::validatesTableNames()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(ConnectionSpec::isValidTableName(name), valid);
    const QString url =
        QStringLiteral("sqlite:///x.db?table=") + QString::fromLatin1(QUrl::toPercentEncoding(name));
    const auto spec = ConnectionSpec::parse(url);
    QCOMPARE(spec.hasValue(), valid);
    if (valid)
        QCOMPARE(spec->table, name);
}

QTEST_GUILESS_MAIN(TestConnectionSpecBackends)
#include "tst_connectionspec_backends.moc"

// ConnectionSpec::parse and toUrl: good and bad URLs of every kind, Redis (standalone, TLS,
// unix, Cluster, Sentinel with its own login), round trips with and without secrets, display
// addresses that never show a password. Memcached pools and database cache tables in detail:
// tst_connectionspec_backends.
#include "core/connectionspec.h"

#include <QTest>
#include <QUrl>

using namespace cachescope;
using namespace Qt::StringLiterals;

class TestConnectionSpec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesGoodUrls_data();
    void parsesGoodUrls();
    void rejectsBadUrls_data();
    void rejectsBadUrls();
    void roundTripsWithoutPassword();
    void roundTripsNewKinds_data();
    void roundTripsNewKinds();
    void displaysAddresses_data();
    void displaysAddresses();
    void neverEchoesPasswords_data();
    void neverEchoesPasswords();
    void parsesClusterAndSentinel_data();
    void parsesClusterAndSentinel();
    void parsesSentinelLogin_data();
    void parsesSentinelLogin();
};

void TestConnectionSpec::parsesGoodUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<int>("transport");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<int>("db");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("socket");

    QTest::newRow("plain") << "redis://127.0.0.1" << int(Transport::Tcp) << "127.0.0.1" << 6379 << 0 << ""
                           << ""
                           << "";
    QTest::newRow("port+db") << "redis://cache.example:6400/3" << int(Transport::Tcp) << "cache.example"
                             << 6400 << 3 << ""
                             << ""
                             << "";
    QTest::newRow("password only") << "redis://:s3cret@h/1" << int(Transport::Tcp) << "h" << 6379 << 1 << ""
                                   << "s3cret"
                                   << "";
    QTest::newRow("acl user") << "redis://ops:p%40ss@h:7000/0" << int(Transport::Tcp) << "h" << 7000 << 0
                              << "ops"
                              << "p@ss"
                              << "";
    QTest::newRow("ipv6") << "redis://[::1]:6390" << int(Transport::Tcp) << "::1" << 6390 << 0 << ""
                          << ""
                          << "";
    QTest::newRow("tls default port") << "rediss://h" << int(Transport::Tls) << "h" << 6380 << 0 << ""
                                      << ""
                                      << "";
    QTest::newRow("unix") << "unix:///run/redis/redis.sock?db=2" << int(Transport::Unix) << "" << 6379 << 2
                          << ""
                          << ""
                          << "/run/redis/redis.sock";
    QTest::newRow("unix password") << "unix://:pw@/tmp/r.sock" << int(Transport::Unix) << "" << 6379 << 0
                                   << ""
                                   << "pw"
                                   << "/tmp/r.sock";
}

void TestConnectionSpec::parsesGoodUrls()
{
    QFETCH(QString, url);
    const auto spec = ConnectionSpec::parse(url);
    QVERIFY2(spec.hasValue(), qPrintable(spec ? QString() : spec.error().message));
    QFETCH(int, transport);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(int, db);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, socket);
    QCOMPARE(int(spec->transport), transport);
    if (spec->transport != Transport::Unix) {
        QCOMPARE(spec->host, host);
        QCOMPARE(int(spec->port), port);
    }
    QCOMPARE(spec->db, db);
    QCOMPARE(spec->username, user);
    QCOMPARE(spec->password, password);
    QCOMPARE(spec->socketPath, socket);
}

void TestConnectionSpec::rejectsBadUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("empty") << ""
                           << "empty";
    QTest::newRow("no scheme") << "127.0.0.1:6379"
                               << "scheme";
    QTest::newRow("http") << "http://h:80"
                          << "unknown scheme 'http'";
    QTest::newRow("no host") << "redis:///0"
                             << "missing host";
    // fuzz_connspec: QUrl::fromPercentEncoding made "%0m" the byte 'm', so the service came
    // back as another name from the next save and load.
    QTest::newRow("sentinel service, bad escape")
        << "redis+sentinel://:pw@s1,s2:5000/my%0me=sen&sentinel_password=a%2%2aster/3?readonly=true"
        << "the path holds a '%' that does not start a percent-escape";
    QTest::newRow("sentinel service, escape cut short") << "redis+sentinel://s1/mymaster%4"
                                                        << "does not start a percent-escape";
    QTest::newRow("sentinel service, not UTF-8") << "redis+sentinel://s1/my%FFmaster"
                                                 << "the path is not UTF-8 text";
    QTest::newRow("memcached password, bad escape") << "memcached://u:p%zz@h:1"
                                                    << "the password holds a '%'";
    QTest::newRow("cluster user, not UTF-8") << "redis+cluster://%C3:pw@h:7000"
                                             << "the user name is not UTF-8 text";
    QTest::newRow("bad port") << "redis://h:99999"
                              << "not a valid URL";
    QTest::newRow("port 0") << "redis://h:0"
                            << "port 0";
    QTest::newRow("db not number") << "redis://h/abc"
                                   << "database number";
    QTest::newRow("negative db") << "redis://h/-1"
                                 << "database number";
    QTest::newRow("unknown option") << "redis://h/0?tiemout=3"
                                    << "unknown option 'tiemout'";
    QTest::newRow("bad timeout") << "redis://h/0?timeout=-3"
                                 << "bad value '-3'";
    QTest::newRow("unix with host") << "unix://h/x.sock"
                                    << "no host";
    QTest::newRow("unix no path") << "unix://"
                                  << "socket path";
    QTest::newRow("ca without tls") << "redis://h/0?ca=/x.pem"
                                    << "rediss://";
    QTest::newRow("table on redis") << "redis://h/0?table=x"
                                    << "unknown option 'table'";

    QTest::newRow("mc no host") << "memcached://"
                                << "missing host";
    QTest::newRow("mc empty member") << "memcached://a:1,,b:2"
                                     << "missing host";
    QTest::newRow("mc bad port") << "memcached://a:99999"
                                 << "not a usable port";
    QTest::newRow("mc port 0") << "memcached://a:0"
                               << "not a usable port";
    QTest::newRow("mc port text") << "memcached://a:xx"
                                  << "not a usable port";
    QTest::newRow("mc missing port") << "memcached://a:"
                                     << "missing port";
    QTest::newRow("mc bare ipv6") << "memcached://::1:11211"
                                  << "brackets";
    QTest::newRow("mc unclosed ipv6") << "memcached://[::1:11211"
                                      << "closing ]";
    QTest::newRow("mc path") << "memcached://a:1/0"
                             << "no path";
    QTest::newRow("mc duplicate") << "memcached://a:1,a:1"
                                  << "listed twice";
    QTest::newRow("mc bad host") << "memcached://a b:1"
                                 << "not a valid host";
    QTest::newRow("mc db option") << "memcached://a?db=1"
                                  << "unknown option 'db'";
    QTest::newRow("mc table option") << "memcached://a?table=x"
                                     << "unknown option 'table'";
    QTest::newRow("mc tls option") << "memcached://a?verify=false"
                                   << "unknown option 'verify'";
    QTest::newRow("mc bad timeout") << "memcached://a?timeout=0"
                                    << "bad value '0'";
    QTest::newRow("mc password without user") << "memcached://:pw@a"
                                              << "user name";

    QTest::newRow("sqlite relative") << "sqlite://relative/db.sqlite3"
                                     << "absolute path";
    QTest::newRow("sqlite no path") << "sqlite:///"
                                    << "missing database file";
    // Found by fuzz_connspec: it cleaned to "/" and printed back as "sqlite:///".
    QTest::newRow("sqlite root folder") << "sqlite://////"
                                        << "missing database file";
    // Found by fuzz_connspec: QUrl decodes a noncharacter to U+FFFD, so the path changed
    // after a save and reload.
    QTest::newRow("noncharacter") << QString::fromUtf8("sqlite:///Eu\xef\xbf\xbe.db")
                                  << "U+FFFE";
    QTest::newRow("lone surrogate") << (QStringLiteral("redis://h/0?timeout=") + QChar(0xD800))
                                    << "U+D800";
    QTest::newRow("cluster db") << "redis+cluster://a:7000/2"
                                << "only database 0";
    QTest::newRow("cluster db option") << "redis+cluster://a:7000?db=1"
                                       << "only database 0";
    QTest::newRow("cluster duplicate") << "redis+cluster://a:7000,a:7000"
                                       << "listed twice";
    QTest::newRow("cluster tls option") << "redis+cluster://a:7000?verify=false"
                                        << "TLS is not supported";
    QTest::newRow("sentinel no service") << "redis+sentinel://s1:26379"
                                         << "name the service";
    QTest::newRow("sentinel deep path") << "redis+sentinel://s1/m/1/2"
                                        << "name the service";
    QTest::newRow("sentinel bad db") << "redis+sentinel://s1/m/x"
                                     << "'x' is not a database number";
    QTest::newRow("sentinel db option") << "redis+sentinel://s1/m?db=2"
                                        << "after the service name";
    QTest::newRow("sentinel_password on redis://") << "redis://h/0?sentinel_password=pw"
                                                   << "'sentinel_password' is the Sentinels' own login and needs a "
                                                      "redis+sentinel:// URL";
    QTest::newRow("sentinel_username on cluster") << "redis+cluster://a:7000?sentinel_username=u"
                                                  << "'sentinel_username' is the Sentinels' own login";
    QTest::newRow("sentinel_password on memcached") << "memcached://a:1?sentinel_password=pw"
                                                    << "needs a redis+sentinel:// URL";
    QTest::newRow("sentinel_password on sqlite") << "sqlite:///x.db?sentinel_password=pw"
                                                 << "needs a redis+sentinel:// URL";
    QTest::newRow("sentinel empty password") << "redis+sentinel://s1/m?sentinel_password="
                                             << "bad value '' for option 'sentinel_password'";
    QTest::newRow("sentinel option typo") << "redis+sentinel://s1/m?sentinel_pasword=x"
                                          << "connect_timeout, timeout, scan_count, readonly, ca, verify, "
                                             "sentinel_password, sentinel_username";
    QTest::newRow("sqlite port") << "sqlite://:5/x"
                                 << "no user, password or port";
    QTest::newRow("sqlite user") << "sqlite://u@/x.db"
                                 << "no user";
    QTest::newRow("sqlite bad table") << "sqlite:///x.db?table=x;drop"
                                      << "not a table name";
    QTest::newRow("sqlite unknown tz") << "sqlite:///x.db?tz=Mars/Olympus"
                                       << "unknown time zone 'Mars/Olympus'";
    QTest::newRow("sqlite db option") << "sqlite:///x.db?db=2"
                                      << "unknown option 'db'";
    QTest::newRow("pg no host") << "postgresql:///site"
                                << "missing host";
    QTest::newRow("pg no db") << "postgresql://u@h"
                              << "missing database name";
    QTest::newRow("pg nested db") << "postgres://u@h/a/b"
                                  << "not a database name";
    QTest::newRow("pg port 0") << "postgresql://u@h:0/site"
                               << "port 0";
    QTest::newRow("pg quoted table") << "postgresql://u@h/site?table=%22t%22"
                                     << "not a table name";
    QTest::newRow("pg spaced table") << "postgresql://u@h/site?table=a%20b"
                                     << "not a table name";
    QTest::newRow("mysql no db") << "mysql://u@h:3306/"
                                 << "missing database name";
    QTest::newRow("mysql backtick table") << "mysql://u@h/site?table=%60t%60"
                                          << "not a table name";
    QTest::newRow("mysql unknown option") << "mysql://u@h/site?tabel=x"
                                          << "unknown option 'tabel'";
}

void TestConnectionSpec::rejectsBadUrls()
{
    QFETCH(QString, url);
    QFETCH(QString, mentions);
    const auto spec = ConnectionSpec::parse(url);
    QVERIFY(!spec.hasValue());
    QCOMPARE(spec.error().kind, ErrorKind::Usage);
    QVERIFY2(spec.error().message.contains(mentions), qPrintable(spec.error().message));
}

void TestConnectionSpec::roundTripsWithoutPassword()
{
    const auto spec = ConnectionSpec::parse(
        QStringLiteral("rediss://ops:topsecret@h:7000/4?timeout=2.5&verify=false&readonly=1"));
    QVERIFY(spec.hasValue());
    const QString url = spec->toUrl();
    QVERIFY2(!url.contains(QStringLiteral("topsecret")), qPrintable(url));
    auto again = ConnectionSpec::parse(url);
    QVERIFY(again.hasValue());
    again.value().password = spec->password;
    QCOMPARE(again.value(), spec.value());
    QVERIFY(spec->toUrl(true).contains(QStringLiteral("topsecret")));
    QVERIFY(!spec->verifyPeer);
    QVERIFY(spec->readOnly);
    QCOMPARE(spec->commandTimeoutMs, 2500);
}

void TestConnectionSpec::roundTripsNewKinds_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("memcached pool") << "memcached://ops:secret@a:1,[::1]:2,c?timeout=3&readonly=true";
    QTest::newRow("memcached plain") << "memcached://127.0.0.1:11211";
    QTest::newRow("sqlite") << "sqlite:///tmp/my%20site/db.sqlite3?table=t2&tz=Europe/Paris";
    QTest::newRow("sqlite windows drive") << "sqlite:///C:/Sites/db.sqlite3?table=t2";
    QTest::newRow("postgresql") << "postgresql://u:secret@db:6000/site?table=public.c&connect_timeout=1.5";
    QTest::newRow("mysql") << "mysql://u:secret@db/site?scan_count=50";
    QTest::newRow("cluster") << "redis+cluster://ops:secret@a:7000,[::1]:7001,c?timeout=2";
    QTest::newRow("sentinel") << "redis+sentinel://:secret@s1,s2:26380/my%20master/3?readonly=true";
    QTest::newRow("sentinel own login") << "redis+sentinel://:secret@s1,s2:26380/m/3?readonly=true&"
                                           "sentinel_username=sen%20tinel&sentinel_password=my%20secret%26x%3Dy%2B%25%23%C3%A9";
    QTest::newRow("sentinel own password only") << "redis+sentinel://s1/m?sentinel_password=secret";
}

void TestConnectionSpec::roundTripsNewKinds()
{
    QFETCH(QString, url);
    const auto spec = ConnectionSpec::parse(url);
    QVERIFY2(spec.hasValue(), qPrintable(spec ? QString() : spec.error().message));
    const QString shown = spec->toUrl();
    QVERIFY2(!shown.contains(QStringLiteral("secret")), qPrintable(shown));
    auto again = ConnectionSpec::parse(shown);
    QVERIFY2(again.hasValue(), qPrintable(shown));
    again.value().password = spec->password;
    again.value().sentinelPassword = spec->sentinelPassword;
    QCOMPARE(again.value(), spec.value());
    const auto withPassword = ConnectionSpec::parse(spec->toUrl(true));
    QVERIFY(withPassword.hasValue());
    QCOMPARE(withPassword.value(), spec.value());
}

void TestConnectionSpec::displaysAddresses_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("display");
    QTest::newRow("redis") << "redis://h:7000/3"
                           << "h:7000/3";
    QTest::newRow("cluster") << "redis+cluster://a:7000,b:7001"
                             << "cluster a:7000,b:7001";
    QTest::newRow("sentinel") << "redis+sentinel://s1,s2:5000/mymaster/2"
                              << "mymaster/2 via sentinel s1:26379,s2:5000";
    QTest::newRow("redis ipv6") << "redis://[::1]/0"
                                << "[::1]:6379/0";
    QTest::newRow("unix") << "unix:///tmp/r.sock?db=2"
                          << "unix:/tmp/r.sock/2";
    QTest::newRow("memcached") << "memcached://u:pw@a,b:2"
                               << "a:11211,b:2";
    QTest::newRow("sqlite") << "sqlite:///srv/db.sqlite3"
                            << "/srv/db.sqlite3 (django_cache)";
    QTest::newRow("postgresql") << "postgresql://u:pw@db/site?table=c"
                                << "db:5432/site (c)";
    QTest::newRow("mysql") << "mysql://u@db:3307/shop"
                           << "db:3307/shop (django_cache)";
}

void TestConnectionSpec::displaysAddresses()
{
    QFETCH(QString, url);
    QFETCH(QString, display);
    const auto spec = ConnectionSpec::parse(url);
    QVERIFY(spec.hasValue());
    QCOMPARE(spec->displayAddress(), display);
}

void TestConnectionSpec::neverEchoesPasswords_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("redis") << "redis://u:topsecret@h/0?nope=1";
    QTest::newRow("memcached") << "memcached://u:topsecret@a:1,b:0";
    QTest::newRow("postgresql") << "postgresql://u:topsecret@h/site?table=x;drop";
    QTest::newRow("mysql") << "mysql://u:topsecret@h/";
    QTest::newRow("sentinel_password") << "redis+sentinel://s1/m?sentinel_password=topsecret&nope=1";
    QTest::newRow("sentinel_password not first") << "redis+sentinel://s1/m?timeout=x&sentinel_password=topsecret";
    QTest::newRow("sentinel_password on redis") << "redis://h/0?sentinel_password=topsecret";
}

void TestConnectionSpec::neverEchoesPasswords()
{
    QFETCH(QString, url);
    const auto spec = ConnectionSpec::parse(url);
    QVERIFY(!spec.hasValue());
    QVERIFY2(!spec.error().message.contains(QStringLiteral("topsecret")), qPrintable(spec.error().message));
    QVERIFY2(spec.error().message.contains(QStringLiteral("***")), qPrintable(spec.error().message));
}

void TestConnectionSpec::parsesClusterAndSentinel_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<int>("topology");
    QTest::addColumn<QStringList>("servers");
    QTest::addColumn<QString>("service");
    QTest::addColumn<int>("db");
    QTest::addColumn<QString>("password");
    QTest::newRow("cluster seeds") << "redis+cluster://:pw@10.0.0.1:7000,10.0.0.2" << int(RedisTopology::Cluster)
                                   << QStringList{u"10.0.0.1:7000"_s, u"10.0.0.2:6379"_s} << "" << 0 << "pw";
    QTest::newRow("cluster db 0") << "redis+cluster://a:7000/0" << int(RedisTopology::Cluster)
                                  << QStringList{u"a:7000"_s} << "" << 0 << "";
    QTest::newRow("sentinel default port") << "redis+sentinel://s1,s2:26400/mymaster" << int(RedisTopology::Sentinel)
                                           << QStringList{u"s1:26379"_s, u"s2:26400"_s} << "mymaster" << 0 << "";
    QTest::newRow("sentinel db") << "redis+sentinel://u:p%40w@s1/cache%20main/5" << int(RedisTopology::Sentinel)
                                 << QStringList{u"s1:26379"_s} << "cache main" << 5 << "p@w";
    QTest::newRow("plain redis") << "redis://h/1" << int(RedisTopology::Standalone) << QStringList{} << "" << 1
                                 << "";
}

void TestConnectionSpec::parsesClusterAndSentinel()
{
    QFETCH(QString, url);
    QFETCH(int, topology);
    QFETCH(QStringList, servers);
    const auto spec = ConnectionSpec::parse(url);
    QVERIFY2(spec.hasValue(), qPrintable(spec ? QString() : spec.error().message));
    QCOMPARE(spec->backend, BackendKind::Redis);
    QCOMPARE(int(spec->topology), topology);
    QStringList got;
    for (const ServerAddress &server : spec->servers)
        got.append(server.toString());
    QCOMPARE(got, servers);
    QTEST(spec->sentinelService, "service");
    QTEST(spec->db, "db");
    QTEST(spec->password, "password");
    const auto again = ConnectionSpec::parse(spec->toUrl(true));
    QVERIFY(again.hasValue());
    QCOMPARE(*again, *spec);
}

void TestConnectionSpec::parsesSentinelLogin_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("masterPassword");
    QTest::addColumn<QString>("shown"); // toUrl(): for display, logs and the settings file
    QTest::newRow("password") << "redis+sentinel://s1/mymaster?sentinel_password=spw" << ""
                              << "spw" << ""
                              << "redis+sentinel://s1:26379/mymaster";
    QTest::newRow("user, password, master's too")
        << "redis+sentinel://:mpw@s1,s2:26400/mymaster/2?sentinel_username=sen&sentinel_password=spw&timeout=2"
        << "sen" << "spw" << "mpw"
        << "redis+sentinel://s1:26379,s2:26400/mymaster/2?timeout=2&sentinel_username=sen";
    QTest::newRow("percent-encoded") << "redis+sentinel://s1/m?sentinel_password=a%26b%3Dc%2Bd%25e%23f%20%C3%A9"
                                     << "" << u"a&b=c+d%e#f \u00e9"_s << ""
                                     << "redis+sentinel://s1:26379/m";
    QTest::newRow("user without password") << "redis+sentinel://s1/m?sentinel_username=sen" << "sen" << ""
                                           << "" << "redis+sentinel://s1:26379/m?sentinel_username=sen";
}

void TestConnectionSpec::parsesSentinelLogin()
{
    QFETCH(QString, url);
    QFETCH(QString, password);
    QFETCH(QString, shown);
    const auto spec = ConnectionSpec::parse(url);
    QVERIFY2(spec.hasValue(), qPrintable(spec ? QString() : spec.error().message));
    QTEST(spec->sentinelUsername, "user");
    QCOMPARE(spec->sentinelPassword, password);
    QTEST(spec->password, "masterPassword");
    QCOMPARE(spec->toUrl(), shown);
    QVERIFY(!spec->displayAddress().contains(u"sentinel_"));
    // With the passwords: the same spec again, whatever characters the password holds.
    const auto again = ConnectionSpec::parse(spec->toUrl(true));
    QVERIFY2(again.hasValue(), qPrintable(spec->toUrl(true)));
    QCOMPARE(*again, *spec);
    if (!password.isEmpty())
        QVERIFY(spec->toUrl(true).contains(u"sentinel_password="));
    // Without them: everything but the passwords.
    const auto parsedShown = ConnectionSpec::parse(shown);
    QVERIFY(parsedShown.hasValue());
    QVERIFY(parsedShown->sentinelPassword.isEmpty());
    ConnectionSpec stripped = *parsedShown;
    stripped.sentinelPassword = spec->sentinelPassword;
    stripped.password = spec->password;
    QCOMPARE(stripped, *spec);
}

QTEST_GUILESS_MAIN(TestConnectionSpec)
#include "tst_connectionspec.moc"

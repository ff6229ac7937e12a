#include "core/connectionspec.h"

#include <QTest>

using namespace cachescope;

class TestConnectionSpec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesGoodUrls_data();
    void parsesGoodUrls();
    void rejectsBadUrls_data();
    void rejectsBadUrls();
    void roundTripsWithoutPassword();
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

    QTest::newRow("plain") << "redis://127.0.0.1" << int(Transport::Tcp) << "127.0.0.1" << 6379 << 0 << "" << "" << "";
    QTest::newRow("port+db") << "redis://cache.example:6400/3" << int(Transport::Tcp) << "cache.example" << 6400 << 3 << "" << "" << "";
    QTest::newRow("password only") << "redis://:s3cret@h/1" << int(Transport::Tcp) << "h" << 6379 << 1 << "" << "s3cret" << "";
    QTest::newRow("acl user") << "redis://ops:p%40ss@h:7000/0" << int(Transport::Tcp) << "h" << 7000 << 0 << "ops" << "p@ss" << "";
    QTest::newRow("ipv6") << "redis://[::1]:6390" << int(Transport::Tcp) << "::1" << 6390 << 0 << "" << "" << "";
    QTest::newRow("tls default port") << "rediss://h" << int(Transport::Tls) << "h" << 6380 << 0 << "" << "" << "";
    QTest::newRow("unix") << "unix:///run/redis/redis.sock?db=2" << int(Transport::Unix) << "" << 6379 << 2 << "" << "" << "/run/redis/redis.sock";
    QTest::newRow("unix password") << "unix://:pw@/tmp/r.sock" << int(Transport::Unix) << "" << 6379 << 0 << "" << "pw" << "/tmp/r.sock";
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
    QTest::newRow("empty") << "" << "empty";
    QTest::newRow("no scheme") << "127.0.0.1:6379" << "scheme";
    QTest::newRow("http") << "http://h:80" << "unknown scheme 'http'";
    QTest::newRow("no host") << "redis:///0" << "missing host";
    QTest::newRow("bad port") << "redis://h:99999" << "not a valid URL";
    QTest::newRow("port 0") << "redis://h:0" << "port 0";
    QTest::newRow("db not number") << "redis://h/abc" << "database number";
    QTest::newRow("negative db") << "redis://h/-1" << "database number";
    QTest::newRow("unknown option") << "redis://h/0?tiemout=3" << "unknown option 'tiemout'";
    QTest::newRow("bad timeout") << "redis://h/0?timeout=-3" << "bad value '-3'";
    QTest::newRow("unix with host") << "unix://h/x.sock" << "no host";
    QTest::newRow("unix no path") << "unix://" << "socket path";
    QTest::newRow("ca without tls") << "redis://h/0?ca=/x.pem" << "rediss://";
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
    const auto spec = ConnectionSpec::parse(QStringLiteral("rediss://ops:topsecret@h:7000/4?timeout=2.5&verify=false&readonly=1"));
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

QTEST_GUILESS_MAIN(TestConnectionSpec)
#include "tst_connectionspec.moc"

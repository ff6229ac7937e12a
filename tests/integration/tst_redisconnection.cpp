// RedisConnector connecting: passwords, ACL users, TLS, unix sockets, a server that is
// down or frozen. Through ConnectorHost (its own thread) against real redis-servers.
#include "connectorrecorder.h"
#include "freeport.h"
#include "redis/redisconnector.h"
#include "redisserver.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cachescope;
using namespace cachescope::test;

namespace {

std::unique_ptr<RecordedConnector> openSession(const ConnectionSpec &spec)
{
    return openRecorded(std::make_unique<RedisConnector>(spec));
}

ConnectionSpec parsed(const QString &url)
{
    const auto spec = ConnectionSpec::parse(url);
    if (!spec)
        qFatal("bad test URL %s: %s", qPrintable(url), qPrintable(spec.error().message));
    return *spec;
}

} // namespace

class TestRedisConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void wrongPasswordIsAuthError();
    void aclUser();
    void serverNotRunningIsConnectError();
    void frozenServerTimesOutAndRecovers();
    void tlsWithCaFile();
    void unixSocket();

private:
    RedisServer m_redis; // a plain one, for the tests that need no special server
};

void TestRedisConnection::initTestCase()
{
    QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString()));
}

void TestRedisConnection::wrongPasswordIsAuthError()
{
    RedisServer locked;
    QVERIFY2(locked.start({QStringLiteral("--requirepass"), QStringLiteral("right")}),
             qPrintable(locked.errorString()));
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

void TestRedisConnection::aclUser()
{
    QCOMPARE(m_redis.command({"ACL", "SETUSER", "ops", "on", ">opspw", "~*", "&*", "+@all"}).str,
             QByteArray("OK"));
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

void TestRedisConnection::serverNotRunningIsConnectError()
{
    const quint16 port = test::freeLoopbackPort();
    RecordedConnector s(
        std::make_unique<RedisConnector>(parsed(QStringLiteral("redis://127.0.0.1:%1/0").arg(port))));
    ValueRequest request;
    request.key = "k";
    const quint64 id = s.host.fetchValue(request); // opens lazily
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

void TestRedisConnection::frozenServerTimesOutAndRecovers()
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
    QVERIFY2(error.message.contains(QStringLiteral("127.0.0.1:%1").arg(frozen.port())),
             qPrintable(error.message));
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

void TestRedisConnection::tlsWithCaFile()
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
                        QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
                        QStringLiteral("/CN=CacheScope test CA")},
        QStringList{QStringLiteral("req")} + ec +
            QStringList{QStringLiteral("-keyout"), path("server.key"), QStringLiteral("-out"),
                        path("server.csr"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")},
        QStringList{QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), path("server.csr"),
                    QStringLiteral("-CA"), path("ca.pem"), QStringLiteral("-CAkey"), path("ca.key"),
                    QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), path("server.pem"),
                    QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-extfile"),
                    path("san.ext")}};
    for (const QStringList &step : steps) {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(openssl, step);
        QVERIFY(p.waitForFinished(30000));
        QVERIFY2(p.exitCode() == 0, p.readAll().constData());
    }
    const quint16 tlsPort = test::freeLoopbackPort();
    RedisServer tls;
    QVERIFY2(
        tls.start({QStringLiteral("--tls-port"), QString::number(tlsPort), QStringLiteral("--tls-cert-file"),
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

    auto untrusted = openSession(parsed(base)); // the system CAs do not know our test CA
    QCOMPARE(untrusted->results.lost.size(), 1);
    QCOMPARE(untrusted->results.lost.first().kind, ErrorKind::Connect);
    QVERIFY2(untrusted->results.lost.first().message.startsWith(
                 QStringLiteral("TLS handshake with 127.0.0.1:%1 failed").arg(tlsPort)),
             qPrintable(untrusted->results.lost.first().message));

    auto unverified = openSession(parsed(base + QStringLiteral("?verify=false")));
    QCOMPARE(unverified->results.opened.size(), 1);
}

void TestRedisConnection::unixSocket()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString socket = dir.filePath(QStringLiteral("redis.sock"));
    RedisServer local;
    QVERIFY2(local.start({QStringLiteral("--unixsocket"), socket, QStringLiteral("--unixsocketperm"),
                          QStringLiteral("700")}),
             qPrintable(local.errorString()));
    QCOMPARE(local.command({"SELECT", "2"}).str, QByteArray("OK"));
    QCOMPARE(local.command({"SET", "in-db-2", "yes"}).str, QByteArray("OK"));
    auto s = openSession(parsed(QStringLiteral("unix://%1?db=2").arg(socket)));
    QCOMPARE(s->results.opened.size(), 1);
    QCOMPARE(s->results.opened.first().dbSize, 1);
    ValueRequest request;
    request.key = "in-db-2";
    const quint64 id = s->host.fetchValue(request);
    WAIT_ANSWER(*s, id, 10000);
    EXPECT_NO_FAILURE(*s, id);
    QCOMPARE(s->results.values.value(id).data, QByteArray("yes"));
}

QTEST_GUILESS_MAIN(TestRedisConnection)
#include "tst_redisconnection.moc"

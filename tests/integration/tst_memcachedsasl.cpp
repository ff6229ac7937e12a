// MemcachedConnector against a real SASL-only memcached (-S): a sasldb made by saslpasswd2
// (sasl2-bin) in a temporary folder, SASL_CONF_PATH pointing at a memcached.conf there with
// mech_list: plain. The right password opens, reads a value and the statistics; a wrong
// password or an unknown user is refused with an Auth error that names the user.
// Key listing is not tested here: it needs the ASCII protocol, which -S turns off.
#include "connectorrecorder.h"
#include "memcached/memcachedconnector.h"
#include "memcachedserver.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <libmemcached-1.0/memcached.h>

#include <memory>

using namespace cachescope;
using namespace cachescope::test;

namespace {

constexpr auto User = "ops";
constexpr auto Password = "s3cret-pass";

QString urlFor(const MemcachedServer &server, const QString &user, const QString &password)
{
    return QStringLiteral("memcached://%1:%2@%3").arg(user, password, server.address());
}

// Stores one item through libmemcached's binary protocol with SASL, as a Django site with
// PyLibMCCache and a username would.
QString seed(const MemcachedServer &server, const QByteArray &key, const QByteArray &value, quint32 flags)
{
    memcached_st *mc = memcached_create(nullptr);
    memcached_server_add(mc, "127.0.0.1", server.port());
    memcached_behavior_set(mc, MEMCACHED_BEHAVIOR_BINARY_PROTOCOL, 1);
    memcached_set_sasl_auth_data(mc, User, Password);
    const memcached_return_t rc = memcached_set(mc, key.constData(), size_t(key.size()), value.constData(),
                                                size_t(value.size()), 600, flags);
    const QString error = rc == MEMCACHED_SUCCESS ? QString() : QString::fromUtf8(memcached_strerror(mc, rc));
    memcached_destroy_sasl_auth_data(mc);
    memcached_free(mc);
    return error;
}

} // namespace

class TestMemcachedSasl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rightPasswordReadsValuesAndStats();
    void refusedLogin_data();
    void refusedLogin();

private:
    QTemporaryDir m_dir;
    MemcachedServer m_server;
};

void TestMemcachedSasl::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString saslpasswd = QStandardPaths::findExecutable(
        QStringLiteral("saslpasswd2"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
    QVERIFY2(!saslpasswd.isEmpty(), "saslpasswd2 is missing: apt-get install sasl2-bin");
    const QString sasldb = m_dir.filePath(QStringLiteral("sasldb"));
    QProcess make;
    // -p: password on stdin; -a memcached: the application name memcached registers under.
    make.start(saslpasswd,
               {QStringLiteral("-p"), QStringLiteral("-c"), QStringLiteral("-a"), QStringLiteral("memcached"),
                QStringLiteral("-f"), sasldb, QLatin1StringView(User)});
    QVERIFY(make.waitForStarted(5000));
    make.write(Password);
    make.closeWriteChannel();
    QVERIFY(make.waitForFinished(10000));
    QVERIFY2(make.exitCode() == 0, make.readAllStandardError().constData());

    QFile conf(m_dir.filePath(QStringLiteral("memcached.conf")));
    QVERIFY(conf.open(QIODevice::WriteOnly));
    conf.write("mech_list: plain\nsasldb_path: " + sasldb.toUtf8() + '\n');
    conf.close();
    // Run as root, the test's memcached becomes `nobody`, which must still read the sasldb.
    const auto readable = QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther;
    QVERIFY(
        QFile::setPermissions(m_dir.path(), readable | QFile::ExeOwner | QFile::ExeGroup | QFile::ExeOther));
    QVERIFY(QFile::setPermissions(sasldb, readable));
    QVERIFY(QFile::setPermissions(conf.fileName(), readable));

    QVERIFY2(m_server.startSasl(m_dir.path()), qPrintable(m_server.errorString()));
    QVERIFY(m_server.saslMechanisms().contains("PLAIN"));
    const QString error = seed(m_server, "site:1:greeting", "h\xc3\xa9llo", 16);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestMemcachedSasl::rightPasswordReadsValuesAndStats()
{
    const auto spec =
        ConnectionSpec::parse(urlFor(m_server, QLatin1StringView(User), QLatin1StringView(Password)));
    QVERIFY2(spec, qPrintable(spec ? QString() : spec.error().message));
    auto s = openRecorded(std::make_unique<MemcachedConnector>(*spec));
    QVERIFY2(s->results.lost.isEmpty(), qPrintable(s->results.lost.value(0).message));
    QCOMPARE(s->results.opened.size(), 1);
    QVERIFY(!s->results.opened.first().version.isEmpty());
    QCOMPARE(s->results.opened.first().dbSize, qint64(1));

    ValueRequest request;
    request.key = "site:1:greeting";
    const quint64 get = s->host.fetchValue(request);
    WAIT_ANSWER(*s, get, 10000);
    EXPECT_NO_FAILURE(*s, get);
    const KeyValue value = s->results.values.value(get);
    QCOMPARE(value.type, KeyType::String);
    QCOMPARE(value.data, QByteArray("h\xc3\xa9llo"));
    QCOMPARE(value.flags, 16u);
    QCOMPARE(value.server, m_server.address());

    const quint64 stats = s->host.fetchServerStats();
    WAIT_ANSWER(*s, stats, 10000);
    EXPECT_NO_FAILURE(*s, stats);
    bool sawAuth = false;
    for (const ServerStats &table : s->results.stats.value(stats)) {
        for (const QStringList &row : table.rows) {
            if (table.section == QStringLiteral("stats") && row.value(0) == QStringLiteral("auth_cmds"))
                sawAuth = row.value(1).toLongLong() > 0;
        }
    }
    QVERIFY2(sawAuth, "the server's stats should count our SASL logins (auth_cmds > 0)");
}

void TestMemcachedSasl::refusedLogin_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::newRow("wrong password") << QString::fromLatin1(User) << QStringLiteral("not-the-password");
    QTest::newRow("unknown user") << QStringLiteral("nobody-here") << QString::fromLatin1(Password);
}

void TestMemcachedSasl::refusedLogin()
{
    QFETCH(QString, user);
    QFETCH(QString, password);
    const auto spec = ConnectionSpec::parse(urlFor(m_server, user, password));
    QVERIFY(spec);
    auto s = openRecorded(std::make_unique<MemcachedConnector>(*spec));
    QVERIFY(s->results.opened.isEmpty());
    QCOMPARE(s->results.lost.size(), 1);
    const Error error = s->results.lost.first();
    QCOMPARE(error.kind, ErrorKind::Auth);
    QVERIFY2(error.message.contains(QStringLiteral("refused the SASL login of user '%1'").arg(user)),
             qPrintable(error.message));
    QVERIFY2(error.message.contains(m_server.address()), qPrintable(error.message));
    QVERIFY2(!error.message.contains(password), "the password must never be echoed");
}

QTEST_GUILESS_MAIN(TestMemcachedSasl)
#include "tst_memcachedsasl.moc"

// RedisConnector over Redis Sentinel (redis+sentinel://), against real processes this test
// starts on free loopback ports: a master, one replica and one Sentinel watching them.
// Resolving names the master; browse, get and writes land there; kill -9 of the master is
// followed to the promoted replica; an unknown service and dead or frozen Sentinels end in
// a clear error within the connect timeout. Password-protected Sentinels (requirepass) in
// front of a password-protected master: the URL's sentinel_password logs in to the
// Sentinels, its user:password@ to the master; a wrong or missing one says which.
#include "clirun.h"
#include "connectorrecorder.h"
#include "freeport.h"
#include "invalidationwatcher.h"
#include "ops/statsderiver.h"
#include "redis/redisconnector.h"
#include "redisserver.h"
#include "session/connectionsession.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

#include <cmath>
#include <csignal>
#include <memory>
#include <sys/types.h>

using namespace cachescope;
using namespace cachescope::test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray Service = "mymaster";

ConnectionSpec parsed(const QString &url)
{
    const auto spec = ConnectionSpec::parse(url);
    if (!spec)
        qFatal("bad test URL %s: %s", qPrintable(url), qPrintable(spec.error().message));
    return *spec;
}

std::unique_ptr<RecordedConnector> openSession(const QString &url)
{
    return openRecorded(std::make_unique<RedisConnector>(parsed(url)), 15000);
}

QString address(const RedisServer &server)
{
    return QStringLiteral("127.0.0.1:%1").arg(server.port());
}

// A master, a replica of it, and a Sentinel that knows both.
struct Trio
{
    RedisServer master;
    RedisServer replica;
    RedisServer sentinel;

    QString url(const QByteArray &service = Service, const QString &query = QString()) const
    {
        QString u = QStringLiteral("redis+sentinel://127.0.0.1:%1/%2/0")
                        .arg(sentinel.port())
                        .arg(QString::fromUtf8(service));
        if (!query.isEmpty())
            u += u'?' + query;
        return u;
    }
};

// QVERIFY inside: the caller checks QTest::currentTestFailed().
void startTrio(Trio &t)
{
    QVERIFY2(t.master.start(), qPrintable(t.master.errorString()));
    QVERIFY2(t.replica.start({QStringLiteral("--replicaof"), QStringLiteral("127.0.0.1"),
                              QString::number(t.master.port())}),
             qPrintable(t.replica.errorString()));
    // The Sentinel learns replicas from the master's INFO: let the replica sync first.
    QTRY_VERIFY_WITH_TIMEOUT(t.master.command({"INFO", "replication"}).str.contains("state=online"), 15000);
    const QByteArray conf = "sentinel monitor " + Service + " 127.0.0.1 " +
                            QByteArray::number(t.master.port()) +
                            " 1\n"
                            "sentinel down-after-milliseconds " +
                            Service +
                            " 1000\n"
                            "sentinel failover-timeout " +
                            Service + " 5000\n";
    QVERIFY(t.sentinel.setConfig(conf));
    QVERIFY2(t.sentinel.start({QStringLiteral("--sentinel")}), qPrintable(t.sentinel.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(t.sentinel.command({"SENTINEL", "replicas", Service}).elements.size() == 1,
                             15000);
}

// The "sentinel" table's master row; every table is filed under the service's name.
QString masterInStats(const QList<ServerStats> &tables)
{
    QString master;
    for (const ServerStats &t : tables) {
        if (t.server != QString::fromUtf8(Service))
            return QStringLiteral("table %1 filed under %2").arg(t.section, t.server);
        if (t.section != u"sentinel")
            continue;
        for (const QStringList &row : t.rows)
            if (row.value(0) == u"master")
                master = row.value(1);
    }
    return master;
}

// The Sentinels' password: '&' and '=' must survive the URL's percent-encoding.
const QString MasterPassword = QStringLiteral("m4ster-pw");
const QString SentinelPassword = QStringLiteral("sent&nel=pw");
// An ACL user of the Sentinels (AUTH user password), beside their default user's password.
const QString SentinelUser = QStringLiteral("sen");
const QString SentinelUserPassword = QStringLiteral("sen-user-pw");

QString encoded(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

// A password-protected master and two password-protected Sentinels watching it.
struct LockedSentinels
{
    RedisServer master;
    RedisServer sentinel1;
    RedisServer sentinel2;
};

void startLocked(LockedSentinels &l)
{
    QVERIFY2(l.master.start({QStringLiteral("--requirepass"), MasterPassword}), qPrintable(l.master.errorString()));
    QByteArray conf = "sentinel monitor " + Service + " 127.0.0.1 " + QByteArray::number(l.master.port()) + " 1\n";
    conf += "sentinel auth-pass " + Service + " " + MasterPassword.toUtf8() + "\n";
    conf += "user " + SentinelUser.toUtf8() + " on >" + SentinelUserPassword.toUtf8() + " +@all\n";
    for (RedisServer *s : {&l.sentinel1, &l.sentinel2}) {
        QVERIFY(s->setConfig(conf));
        QVERIFY2(s->start({QStringLiteral("--sentinel"), QStringLiteral("--requirepass"), SentinelPassword}),
                 qPrintable(s->errorString()));
        // (command() logs in with the --requirepass password: this also proves the password took.)
        QTRY_COMPARE_WITH_TIMEOUT(s->command({"SENTINEL", "get-master-addr-by-name", Service}).elements.size(), 2,
                                  15000);
        QVERIFY(s->command({"SENTINEL", "get-master-addr-by-name", Service}).isArray());
    }
}

void killHard(RedisServer &server)
{
    ::kill(pid_t(server.pid()), SIGKILL);
}

} // namespace

class TestRedisSentinel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void resolvesToTheMaster();
    void unknownServiceIsClearError();
    void replicaNamedAsMasterIsRefused();
    void sentinelsDownIsClearErrorWithinConnectTimeout_data();
    void sentinelsDownIsClearErrorWithinConnectTimeout();
    void followsFailoverToThePromotedReplica();
    void invalidationCutByFailoverCanBeRerun();
    void passwordProtectedSentinelsOpen();
    void passwordProtectedSentinelsRefuse_data();
    void passwordProtectedSentinelsRefuse();

private:
    Trio m_trio; // stays healthy: the failover test makes its own
    LockedSentinels m_locked;
};

void TestRedisSentinel::initTestCase()
{
    registerCoreMetaTypes();
    startTrio(m_trio);
    if (QTest::currentTestFailed())
        return;
    startLocked(m_locked);
}

void TestRedisSentinel::resolvesToTheMaster()
{
    QCOMPARE(m_trio.master.command({"SET", "page:1", "one"}).str, QByteArray("OK"));
    QCOMPARE(m_trio.master.command({"SET", "page:2", "two"}).str, QByteArray("OK"));
    auto s = openSession(m_trio.url());
    QCOMPARE(s->results.opened.size(), 1);
    const ServerInfo info = s->results.opened.first();
    QCOMPARE(info.mode, QStringLiteral("sentinel"));
    QCOMPARE(info.address, address(m_trio.master));
    QVERIFY(!info.readOnlyReplica);

    const quint64 scan = s->host.scanKeys(ScanRequest{});
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(scan), 10000);
    EXPECT_NO_FAILURE(*s, scan);
    QCOMPARE(s->results.keys.value(scan), (QSet<QByteArray>{"page:1", "page:2"}));

    ValueRequest get;
    get.key = "page:1";
    const quint64 value = s->host.fetchValue(get);
    WAIT_ANSWER(*s, value, 10000);
    EXPECT_NO_FAILURE(*s, value);
    QCOMPARE(s->results.values.value(value).data, QByteArray("one"));

    // The write lands on the master (the replica would have refused it).
    const quint64 del = s->host.deleteKeys({"page:2"});
    WAIT_ANSWER(*s, del, 10000);
    EXPECT_NO_FAILURE(*s, del);
    QCOMPARE(s->results.deleted.value(del).first, 1);
    QCOMPARE(m_trio.master.command({"EXISTS", "page:2"}).integer, 0);

    const quint64 stats = s->host.fetchServerStats();
    WAIT_ANSWER(*s, stats, 10000);
    EXPECT_NO_FAILURE(*s, stats);
    QCOMPARE(masterInStats(s->results.stats.value(stats)), address(m_trio.master));
}

void TestRedisSentinel::unknownServiceIsClearError()
{
    QElapsedTimer clock;
    clock.start();
    auto s = openSession(m_trio.url("nosuchservice"));
    QVERIFY(s->results.opened.isEmpty());
    QCOMPARE(s->results.lost.size(), 1);
    const Error error = s->results.lost.first();
    QCOMPARE(error.kind, ErrorKind::Connect);
    QVERIFY2(error.message.contains(QStringLiteral("'nosuchservice'")), qPrintable(error.message));
    QVERIFY2(error.message.contains(address(m_trio.sentinel)), qPrintable(error.message));
    QVERIFY2(error.message.contains(QStringLiteral("service name")), qPrintable(error.message));
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
}

void TestRedisSentinel::replicaNamedAsMasterIsRefused()
{
    // A Sentinel told that the replica is the master: what it says right after a failover
    // it has not finished. The connector retries within the connect timeout, then says so.
    RedisServer confused;
    QVERIFY(confused.setConfig("sentinel monitor stale 127.0.0.1 " +
                               QByteArray::number(m_trio.replica.port()) + " 1\n"));
    QVERIFY2(confused.start({QStringLiteral("--sentinel")}), qPrintable(confused.errorString()));
    QElapsedTimer clock;
    clock.start();
    auto s = openSession(
        QStringLiteral("redis+sentinel://127.0.0.1:%1/stale?connect_timeout=1").arg(confused.port()));
    QVERIFY(s->results.opened.isEmpty());
    QCOMPARE(s->results.lost.size(), 1);
    const Error error = s->results.lost.first();
    QCOMPARE(error.kind, ErrorKind::Connect);
    QVERIFY2(error.message.contains(QStringLiteral("name %1 as the master of 'stale', but it is a replica")
                                        .arg(address(m_trio.replica))),
             qPrintable(error.message));
    // Retried with a backoff for the connect timeout, not at once and not forever.
    QVERIFY2(clock.elapsed() >= 500 && clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
}

void TestRedisSentinel::sentinelsDownIsClearErrorWithinConnectTimeout_data()
{
    QTest::addColumn<bool>("frozen");
    QTest::addColumn<int>("kind");
    QTest::newRow("refused (two Sentinels, nobody listening)") << false << int(ErrorKind::Connect);
    QTest::newRow("frozen (SIGSTOP)") << true << int(ErrorKind::Timeout);
}

void TestRedisSentinel::sentinelsDownIsClearErrorWithinConnectTimeout()
{
    QFETCH(bool, frozen);
    QFETCH(int, kind);
    QStringList sentinels;
    if (frozen) {
        m_trio.sentinel.pause();
        sentinels << address(m_trio.sentinel);
    } else {
        sentinels << QStringLiteral("127.0.0.1:%1").arg(freeLoopbackPort())
                  << QStringLiteral("127.0.0.1:%1").arg(freeLoopbackPort());
    }
    const QString url =
        QStringLiteral("redis+sentinel://%1/mymaster?connect_timeout=1").arg(sentinels.join(u','));
    QElapsedTimer clock;
    clock.start();
    auto s = openSession(url);
    const qint64 elapsed = clock.elapsed();
    m_trio.sentinel.resume();
    QVERIFY(s->results.opened.isEmpty());
    QCOMPARE(s->results.lost.size(), 1);
    const Error error = s->results.lost.first();
    QCOMPARE(int(error.kind), kind);
    QVERIFY2(elapsed < 1000 + 1000, qPrintable(QString::number(elapsed))); // the timeout, plus slack
    for (const QString &sentinel : std::as_const(sentinels))
        QVERIFY2(error.message.contains(sentinel), qPrintable(error.message));
    QVERIFY2(error.message.contains(QStringLiteral("master of 'mymaster'")), qPrintable(error.message));
}

void TestRedisSentinel::followsFailoverToThePromotedReplica()
{
    Trio t;
    startTrio(t);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(t.master.command({"SET", "before", "failover"}).str, QByteArray("OK"));
    QCOMPARE(t.master.command({"SET", "doomed", "x"}).str, QByteArray("OK"));
    QTRY_COMPARE_WITH_TIMEOUT(t.replica.command({"DBSIZE"}).integer, 2, 10000);

    auto s = openSession(t.url(Service, QStringLiteral("connect_timeout=2&timeout=2")));
    QCOMPARE(s->results.opened.size(), 1);
    QCOMPARE(s->results.opened.first().address, address(t.master));
    // The charts' view: two polls of the old master give rates.
    StatsDeriver deriver;
    for (int poll = 0; poll < 2; ++poll) {
        const quint64 stats = s->host.fetchServerStats();
        WAIT_ANSWER(*s, stats, 10000);
        EXPECT_NO_FAILURE(*s, stats);
        const StatsSample sample =
            deriver.add(s->results.stats.value(stats), 1000 * (poll + 1), 1000.0 * (poll + 1));
        QCOMPARE(sample.servers.size(), 1);
        QCOMPARE(sample.servers.first().reset, false);
    }
    // The GUI's view of the same connection: its status-bar notice.
    SavedConnection saved;
    saved.spec = parsed(t.url());
    ConnectionSession session(saved);
    QSignalSpy failedOver(&session, &ConnectionSession::failedOver);
    QSignalSpy sessionOpened(&session, &ConnectionSession::opened);
    session.open();
    QVERIFY(sessionOpened.wait(10000));
    QCOMPARE(session.info().address, address(t.master));

    killHard(t.master);
    QElapsedTimer clock;
    clock.start();
    // Ask until an answer comes from the new master: each request during the failover
    // re-resolves, and fails cleanly when the Sentinel still names the dead master.
    ValueRequest get;
    get.key = "before";
    quint64 id = 0;
    const auto answeredByNewMaster = [&] {
        if (id == 0 || (s->results.answered(id) && !s->results.values.contains(id)))
            id = s->host.fetchValue(get);
        return s->results.values.contains(id);
    };
    QTRY_VERIFY_WITH_TIMEOUT(answeredByNewMaster(), 15000);
    QCOMPARE(s->results.values.value(id).data, QByteArray("failover"));
    QVERIFY2(clock.elapsed() < 15000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(!s->results.lost.isEmpty()); // the loss was reported, not hidden
    QCOMPARE(s->results.opened.last().address, address(t.replica));
    QCOMPARE(s->results.opened.last().mode, QStringLiteral("sentinel"));
    QVERIFY(!s->results.opened.last().readOnlyReplica);
    // (Sentinel kills the normal clients of a server it promotes: the helper's own
    // connection may need a second try.)
    QTRY_COMPARE_WITH_TIMEOUT(t.replica.command({"ROLE"}).elements.value(0).str, QByteArray("master"), 5000);

    // Writes go to the promoted replica.
    const quint64 del = s->host.deleteKeys({"doomed"});
    WAIT_ANSWER(*s, del, 10000);
    EXPECT_NO_FAILURE(*s, del);
    QCOMPARE(s->results.deleted.value(del).first, 1);
    QCOMPARE(t.replica.command({"EXISTS", "doomed"}).integer, 0);
    const quint64 info = s->host.refreshInfo();
    WAIT_ANSWER(*s, info, 10000);
    QCOMPARE(s->results.info.value(info).address, address(t.replica));
    // Same chart line, with a gap: another server's counters are a reset, not a rate.
    const quint64 stats = s->host.fetchServerStats();
    WAIT_ANSWER(*s, stats, 10000);
    EXPECT_NO_FAILURE(*s, stats);
    QCOMPARE(masterInStats(s->results.stats.value(stats)), address(t.replica));
    const StatsSample after = deriver.add(s->results.stats.value(stats), 10000, 10000.0);
    QCOMPARE(deriver.servers(), QStringList{QString::fromUtf8(Service)});
    QVERIFY(after.servers.first().reset);
    QVERIFY2(after.servers.first().resetReason.contains(QStringLiteral("run_id")),
             qPrintable(after.servers.first().resetReason));
    QVERIFY(std::isnan(after.servers.first().value(StatsMetric::HitsPerSec)));

    // The session reconnects on its next request and tells the user where it is now.
    QTRY_VERIFY_WITH_TIMEOUT(session.state() == ConnectionSession::State::Failed, 10000);
    session.host()->refreshInfo();
    QTRY_VERIFY_WITH_TIMEOUT(!failedOver.isEmpty(), 15000);
    QCOMPARE(failedOver.first().first().toString(),
             QStringLiteral("mymaster failed over: now %1").arg(address(t.replica)));
}

void TestRedisSentinel::invalidationCutByFailoverCanBeRerun()
{
    Trio t;
    startTrio(t);
    if (QTest::currentTestFailed())
        return;
    constexpr qint64 Keys = 20000;
    QVERIFY(t.master.fill(Keys, "inv:"));
    QTRY_COMPARE_WITH_TIMEOUT(t.replica.command({"DBSIZE"}).integer, Keys, 15000);
    auto s = openSession(t.url(Service, QStringLiteral("connect_timeout=2&timeout=2")));
    QCOMPARE(s->results.opened.size(), 1);
    InvalidationWatcher w(s->host.connector());

    InvalidationJob job;
    job.action = InvalidationJob::Action::Delete;
    job.patterns = {"inv:*"};
    job.batchSize = 100;
    job.rateLimit = 2000; // ten seconds of work: the kill lands mid-job
    job.description = QStringLiteral("pattern inv:*");
    const quint64 first = s->host.runInvalidation(job);
    QTRY_VERIFY_WITH_TIMEOUT(
        !w.progress.value(first).isEmpty() && w.progress.value(first).last().affected >= 300, 10000);
    killHard(t.master);
    QTRY_VERIFY_WITH_TIMEOUT(w.reports.contains(first), 10000);
    const InvalidationReport cut = w.reports.value(first);
    QCOMPARE(int(cut.outcome), int(InvalidationReport::Outcome::Failed));
    QVERIFY(cut.counts.affected >= 300 && cut.counts.affected < Keys);
    QVERIFY2(cut.error.message.contains(address(t.master)), qPrintable(cut.error.message));

    // Once promoted, the replica holds what replication carried over; a re-run deletes
    // exactly that. Runs during the failover fail before deleting anything: run again.
    QTRY_COMPARE_WITH_TIMEOUT(t.replica.command({"ROLE"}).elements.value(0).str, QByteArray("master"), 15000);
    const qint64 left = t.replica.command({"DBSIZE"}).integer;
    QVERIFY(left > 0 && left < Keys);
    qint64 deletedByFailedReruns = 0;
    quint64 rerun = 0;
    const auto completed = [&] {
        if (rerun != 0 && w.reports.contains(rerun) &&
            w.reports.value(rerun).outcome == InvalidationReport::Outcome::Completed)
            return true;
        if (rerun == 0 || w.reports.contains(rerun)) {
            if (rerun != 0)
                deletedByFailedReruns += w.reports.value(rerun).counts.affected;
            job.rateLimit = 0;
            rerun = s->host.runInvalidation(job);
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(completed(), 20000);
    QCOMPARE(w.reports.value(rerun).counts.affected + deletedByFailedReruns, left);
    QCOMPARE(t.replica.command({"DBSIZE"}).integer, 0);
}

void TestRedisSentinel::passwordProtectedSentinelsOpen()
{
    QCOMPARE(m_locked.master.command({"SET", "locked:1", "behind two passwords"}).str, QByteArray("OK"));
    // A dead Sentinel first: the next one in URL order answers, after logging in.
    const QString url = QStringLiteral("redis+sentinel://:%1@127.0.0.1:%2,127.0.0.1:%3/%4/0?sentinel_password=%5")
                            .arg(MasterPassword)
                            .arg(freeLoopbackPort())
                            .arg(m_locked.sentinel1.port())
                            .arg(QString::fromUtf8(Service), encoded(SentinelPassword));
    auto s = openSession(url);
    QVERIFY2(s->results.lost.isEmpty(), qPrintable(s->results.lost.value(0).message));
    QCOMPARE(s->results.opened.size(), 1);
    QCOMPARE(s->results.opened.first().address, address(m_locked.master));
    QCOMPARE(s->results.opened.first().mode, QStringLiteral("sentinel"));

    const quint64 scan = s->host.scanKeys(ScanRequest{});
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(scan), 10000);
    EXPECT_NO_FAILURE(*s, scan);
    QCOMPARE(s->results.keys.value(scan), (QSet<QByteArray>{"locked:1"}));
    ValueRequest get;
    get.key = "locked:1";
    const quint64 value = s->host.fetchValue(get);
    WAIT_ANSWER(*s, value, 10000);
    EXPECT_NO_FAILURE(*s, value);
    QCOMPARE(s->results.values.value(value).data, QByteArray("behind two passwords"));

    // An ACL user of the Sentinels: AUTH user password.
    auto asUser = openSession(QStringLiteral("redis+sentinel://:%1@127.0.0.1:%2/%3?sentinel_username=%4&"
                                             "sentinel_password=%5")
                                  .arg(MasterPassword)
                                  .arg(m_locked.sentinel2.port())
                                  .arg(QString::fromUtf8(Service), SentinelUser, encoded(SentinelUserPassword)));
    QVERIFY2(asUser->results.lost.isEmpty(), qPrintable(asUser->results.lost.value(0).message));
    QCOMPARE(asUser->results.opened.size(), 1);
    QCOMPARE(asUser->results.opened.first().address, address(m_locked.master));

    // The CLI takes the same URL; a wrong Sentinel password is an error that does not echo it.
    if (cliPath().isEmpty())
        QFAIL(CliMissingMessage);
    const CliResult cli = runCli({QStringLiteral("get"), url, QStringLiteral("locked:1")});
    QVERIFY2(cli.code == 0, cli.err.constData());
    QCOMPARE(cli.out, QByteArray("behind two passwords"));
    const QString wrong = QStringLiteral("redis+sentinel://:%1@127.0.0.1:%2/%3?sentinel_password=Wr0ng-guess")
                              .arg(MasterPassword)
                              .arg(m_locked.sentinel2.port())
                              .arg(QString::fromUtf8(Service));
    const CliResult refused = runCli({QStringLiteral("get"), wrong, QStringLiteral("locked:1")});
    QVERIFY2(refused.code != 0, refused.out.constData());
    QVERIFY2(QString::fromUtf8(refused.err)
                 .contains(QStringLiteral("Sentinel at %1 refused the password").arg(address(m_locked.sentinel2))),
             refused.err.constData());
    QVERIFY2(!refused.err.contains("Wr0ng-guess") && !refused.err.contains(MasterPassword.toUtf8()),
             refused.err.constData());
}

void TestRedisSentinel::passwordProtectedSentinelsRefuse_data()
{
    // {s1} {s2}: the locked Sentinels; {open}: the Trio's Sentinel, which has no password;
    // {dead}: nobody listening; {m}: the locked master.
    QTest::addColumn<QString>("sentinels");
    QTest::addColumn<QString>("userInfo");
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("message"); // exact, or with a leading '~' a part of it
    const int auth = int(ErrorKind::Auth);
    const QString master = u':' + MasterPassword;
    const QString right = QStringLiteral("sentinel_password=") + encoded(SentinelPassword);
    const QString refusedBy = QStringLiteral("Sentinel at %1 refused the password for user '%2' (sentinel_password "
                                             "in the URL)");
    QTest::newRow("wrong Sentinel password, every Sentinel refuses")
        << "{s1},{s2}" << master << "sentinel_password=nope" << auth
        << QStringLiteral("Cannot find the master of 'mymaster': %1; %2")
               .arg(refusedBy.arg(u"{s1}"_s, u"default"_s), refusedBy.arg(u"{s2}"_s, u"default"_s));
    QTest::newRow("missing Sentinel password")
        << "{s1}" << master << "" << auth
        << QStringLiteral("Cannot find the master of 'mymaster': Sentinel at {s1} requires a password (NOAUTH); "
                          "give the Sentinels' password in the URL with ?sentinel_password=PASSWORD (Django: "
                          "SENTINEL_KWARGS \"password\"); the user:password@ of the URL is the master's");
    QTest::newRow("unknown Sentinel user")
        << "{s2}" << master << QStringLiteral("sentinel_username=nobody&") + right << auth
        << QStringLiteral("Cannot find the master of 'mymaster': ") + refusedBy.arg(u"{s2}"_s, u"nobody"_s);
    QTest::newRow("Sentinel without a password given one")
        << "{open}" << QString() << right << auth
        << QStringLiteral("Cannot find the master of 'mymaster': Sentinel at {open} has no password set for user "
                          "'default', but the URL gives one (sentinel_password): remove it");
    QTest::newRow("one down, one refuses: not only a login problem")
        << "{dead},{s1}" << master << "sentinel_password=nope" << int(ErrorKind::Connect)
        << u'~' + refusedBy.arg(u"{s1}"_s, u"default"_s);
    QTest::newRow("right Sentinel password, master's missing")
        << "{s1}" << QString() << right << auth
        << QStringLiteral("Redis at {m} requires a password (NOAUTH); give it in the URL, e.g. "
                          "redis://:PASSWORD@host:port/db");
}

void TestRedisSentinel::passwordProtectedSentinelsRefuse()
{
    QFETCH(QString, sentinels);
    QFETCH(QString, userInfo);
    QFETCH(QString, query);
    QFETCH(int, kind);
    QFETCH(QString, message);
    const QString dead = QStringLiteral("127.0.0.1:%1").arg(freeLoopbackPort());
    const auto fill = [&](QString text) {
        return text.replace(u"{s1}"_s, address(m_locked.sentinel1))
            .replace(u"{s2}"_s, address(m_locked.sentinel2))
            .replace(u"{open}"_s, address(m_trio.sentinel))
            .replace(u"{dead}"_s, dead)
            .replace(u"{m}"_s, address(m_locked.master));
    };
    QString url = QStringLiteral("redis+sentinel://");
    if (!userInfo.isEmpty())
        url += userInfo + u'@';
    url += fill(sentinels) + u'/' + QString::fromUtf8(Service) + QStringLiteral("?connect_timeout=2");
    if (!query.isEmpty())
        url += u'&' + query;
    QElapsedTimer clock;
    clock.start();
    auto s = openSession(url);
    QVERIFY(s->results.opened.isEmpty());
    QCOMPARE(s->results.lost.size(), 1);
    const Error error = s->results.lost.first();
    QCOMPARE(int(error.kind), kind);
    if (message.startsWith(u'~'))
        QVERIFY2(error.message.contains(fill(message.mid(1))), qPrintable(error.message));
    else
        QCOMPARE(error.message, fill(message));
    QVERIFY2(!error.message.contains(SentinelPassword) && !error.message.contains(MasterPassword),
             qPrintable(error.message));
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed()))); // no retries on a refusal
}

QTEST_GUILESS_MAIN(TestRedisSentinel)
#include "tst_redissentinel.moc"

// RedisClusterConnector against a real 3-master Redis Cluster made by the test
// (tests/support/rediscluster): browse finds exactly every key of every master; values,
// metadata, deletes and TTLs reach the owning master through a seed that does not own the
// key; pattern invalidation deletes exactly the matching keys on every master (counted per
// master by SCAN before and after); statistics give one table set per node; a moved slot
// (MOVED) and a migrating one (ASK) are followed; a killed master gives a clear error naming
// it while the others keep answering; a plain redis:// URL to a node says to use
// redis+cluster://; cachescope-cli works through it. A second, password-protected cluster:
// the password reaches every master (browse, values, deletes, the CLI), a wrong or missing
// one is an Auth error that says so.
#include "clirun.h"
#include "connectorfactory.h"
#include "connectorrecorder.h"
#include "invalidationwatcher.h"
#include "ops/statsderiver.h"
#include "redis/clusterslot.h"
#include "rediscluster.h"

#include <QSet>
#include <QTest>

using namespace cachescope;
using namespace cachescope::test;

namespace {

constexpr int ShopKeys = 30000;
constexpr int OtherKeys = 3000;
const QList<QByteArray> TaggedKeys{"{user1000}.following", "{user1000}.followers", ":1:shop:{tag}:a",
                                   ":1:shop:{tag}:b"};

QByteArray shopKey(int i)
{
    return ":1:shop:item:" + QByteArray::number(i);
}
QByteArray otherKey(int i)
{
    return ":1:other:" + QByteArray::number(i);
}

std::unique_ptr<RecordedConnector> openUrl(const QString &url, int timeoutMs = 15000)
{
    const auto spec = ConnectionSpec::parse(url);
    if (!spec) {
        qWarning("bad url %s: %s", qPrintable(url), qPrintable(spec.error().message));
        return nullptr;
    }
    return openRecorded(createConnector(*spec), timeoutMs);
}

} // namespace

class TestRedisCluster : public QObject
{
    Q_OBJECT

private:
    RedisCluster m_cluster;
    QSet<QByteArray> m_all;
    std::unique_ptr<RecordedConnector> m_session;

    // A key owned by master `owner`, from the shop keys, not deleted by earlier cases.
    QByteArray keyOwnedBy(int owner, int skip = 0)
    {
        for (int i = ShopKeys - 1; i >= 0; --i) {
            if (m_cluster.ownerOf(shopKey(i)) == owner && skip-- == 0)
                return shopKey(i);
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_cluster.start(3), qPrintable(m_cluster.errorString()));
        QList<QByteArray> keys;
        for (int i = 0; i < ShopKeys; ++i)
            keys.append(shopKey(i));
        for (int i = 0; i < OtherKeys; ++i)
            keys.append(otherKey(i));
        keys += TaggedKeys;
        QVERIFY(m_cluster.setEverywhere(keys, "value"));
        m_all = QSet<QByteArray>(keys.cbegin(), keys.cend());
        // Every master holds a fair share, so "across masters" means something.
        for (int n = 0; n < 3; ++n)
            QVERIFY(m_cluster.node(n).command({"DBSIZE"}).integer > 5000);
        m_session = openUrl(m_cluster.url(0));
        QVERIFY(m_session);
        QCOMPARE(m_session->results.opened.size(), 1);
    }

    void info()
    {
        const ServerInfo &info = m_session->results.opened.first();
        QCOMPARE(info.mode, QStringLiteral("cluster"));
        QCOMPARE(info.dbSize, qint64(m_all.size()));
        QVERIFY(info.version.startsWith(u'7') || info.version.startsWith(u'6'));
    }

    void browseFindsEveryKey()
    {
        RecordedConnector &s = *m_session;
        const quint64 id = s.host.scanKeys(ScanRequest{});
        QTRY_VERIFY_WITH_TIMEOUT(s.results.finished.contains(id), 30000);
        EXPECT_NO_FAILURE(s, id);
        QVERIFY(s.results.finished.value(id).complete);
        QCOMPARE(s.results.finished.value(id).keysFound, qint64(m_all.size()));
        QCOMPARE(s.results.keys.value(id), m_all);
        QCOMPARE(s.results.lastSoFar.value(id), qint64(m_all.size()));
        QVERIFY(s.results.soFarMonotonic);
    }

    void browseWithMatch()
    {
        RecordedConnector &s = *m_session;
        const quint64 id = s.host.scanKeys(ScanRequest{":1:other:*", 500});
        QTRY_VERIFY_WITH_TIMEOUT(s.results.finished.contains(id), 30000);
        QCOMPARE(s.results.keys.value(id).size(), OtherKeys);
    }

    void valueOnEachMaster()
    {
        // The seed is node 0; keys of nodes 1 and 2 must be routed there.
        RecordedConnector &s = *m_session;
        for (int owner = 0; owner < 3; ++owner) {
            const QByteArray key = keyOwnedBy(owner);
            QVERIFY(!key.isEmpty());
            QVERIFY(
                m_cluster.node(owner).command({"SET", key, "owned-by-" + QByteArray::number(owner)}).str ==
                "OK");
            const quint64 id = s.host.fetchValue(ValueRequest{key});
            WAIT_ANSWER(s, id, 10000);
            EXPECT_NO_FAILURE(s, id);
            QCOMPARE(s.results.values.value(id).data, "owned-by-" + QByteArray::number(owner));
            QCOMPARE(s.results.values.value(id).type, KeyType::String);
        }
    }

    void metaAcrossMasters()
    {
        RecordedConnector &s = *m_session;
        const QList<QByteArray> keys{keyOwnedBy(0, 1), keyOwnedBy(1, 1), keyOwnedBy(2, 1), "missing:key",
                                     TaggedKeys.at(0)};
        const quint64 id = s.host.fetchMeta(keys);
        WAIT_ANSWER(s, id, 10000);
        EXPECT_NO_FAILURE(s, id);
        const QList<KeyMeta> meta = s.results.meta.value(id);
        QCOMPARE(meta.size(), keys.size());
        for (qsizetype i = 0; i < keys.size(); ++i) {
            QCOMPARE(meta.at(i).key, keys.at(i));
            QCOMPARE(meta.at(i).type, i == 3 ? KeyType::Missing : KeyType::String);
            QCOMPARE(meta.at(i).ttlMs, i == 3 ? KeyMissing : NoExpiry);
        }
    }

    void deleteAndTtlRoute()
    {
        RecordedConnector &s = *m_session;
        const QList<QByteArray> victims{keyOwnedBy(0, 2), keyOwnedBy(1, 2), keyOwnedBy(2, 2),
                                        TaggedKeys.at(0), TaggedKeys.at(1), "never:existed"};
        const quint64 id = s.host.deleteKeys(victims);
        WAIT_ANSWER(s, id, 10000);
        EXPECT_NO_FAILURE(s, id);
        QCOMPARE(s.results.deleted.value(id), qMakePair(qint64(5), qint64(victims.size())));
        for (const QByteArray &key : victims) {
            m_all.remove(key);
            for (int n = 0; n < 3; ++n)
                QCOMPARE(m_cluster.node(n).command({"EXISTS", key}).integer, 0);
        }
        const QByteArray key = keyOwnedBy(2, 3);
        const quint64 t = s.host.setTtl(key, 600000);
        WAIT_ANSWER(s, t, 10000);
        EXPECT_NO_FAILURE(s, t);
        QVERIFY(s.results.ttl.value(t));
        const qint64 pttl = m_cluster.node(2).command({"PTTL", key}).integer;
        QVERIFY2(pttl > 500000 && pttl <= 600000, QByteArray::number(pttl).constData());
    }

    void statsPerNode()
    {
        RecordedConnector &s = *m_session;
        const quint64 id = s.host.fetchServerStats();
        WAIT_ANSWER(s, id, 10000);
        EXPECT_NO_FAILURE(s, id);
        QSet<QString> servers;
        for (const ServerStats &t : s.results.stats.value(id))
            servers.insert(t.server);
        QSet<QString> expected;
        for (int n = 0; n < 3; ++n)
            expected.insert(QStringLiteral("127.0.0.1:%1").arg(m_cluster.node(n).port()));
        QCOMPARE(servers, expected);
        // The statistics read them as three servers plus the aggregate, like a memcached pool.
        StatsDeriver deriver;
        const StatsSample sample = deriver.add(s.results.stats.value(id), 1000, 1000);
        QCOMPARE(deriver.servers().size(), 3);
        QCOMPARE(sample.servers.size(), 3);
        QCOMPARE(sample.aggregate.value(StatsMetric::Items), double(m_all.size()));
    }

    void patternInvalidation()
    {
        RecordedConnector &s = *m_session;
        InvalidationWatcher w(s.host.connector());
        QList<qsizetype> shopBefore, otherBefore;
        qint64 shopTotal = 0;
        for (int n = 0; n < 3; ++n) {
            shopBefore.append(m_cluster.node(n).scanAll(":1:shop:*").size());
            otherBefore.append(m_cluster.node(n).scanAll(":1:other:*").size());
            QVERIFY(shopBefore.last() > 1000);
            shopTotal += shopBefore.last();
        }
        InvalidationJob job;
        job.patterns = {":1:shop:*"};
        job.action = InvalidationJob::Action::Preview;
        job.sampleSize = 20;
        InvalidationReport preview;
        RUN_JOB(s, w, job, preview, 30000);
        EXPECT_COMPLETED(preview);
        QCOMPARE(preview.counts.matched, shopTotal);
        QCOMPARE(preview.counts.affected, 0);
        QCOMPARE(preview.sample.size(), 20);
        QCOMPARE(preview.sampleServers.size(), 20);
        for (const QByteArray &k : preview.sample)
            QVERIFY(k.startsWith(":1:shop:"));

        job.action = InvalidationJob::Action::Delete;
        InvalidationReport report;
        RUN_JOB(s, w, job, report, 60000);
        EXPECT_COMPLETED(report);
        QCOMPARE(report.counts.matched, shopTotal);
        QCOMPARE(report.counts.affected, shopTotal);
        for (int n = 0; n < 3; ++n) {
            QCOMPARE(m_cluster.node(n).scanAll(":1:shop:*").size(), 0);
            QCOMPARE(m_cluster.node(n).scanAll(":1:other:*").size(), otherBefore.at(n));
        }
        m_all.removeIf([](const QByteArray &k) { return k.startsWith(":1:shop:"); });
        // Progress, when it came, was summed over the masters and never went backwards.
        qint64 last = 0;
        for (const InvalidationProgress &p : w.progress.value(w.reports.keys().last())) {
            QVERIFY(p.affected >= last);
            last = p.affected;
        }
    }

    void bumpGoesToOwner()
    {
        RecordedConnector &s = *m_session;
        InvalidationWatcher w(s.host.connector());
        InvalidationJob job;
        job.action = InvalidationJob::Action::Bump;
        job.keys = {":1:version:a", ":1:version:b", ":1:version:c"};
        InvalidationReport report;
        RUN_JOB(s, w, job, report, 10000);
        EXPECT_COMPLETED(report);
        QCOMPARE(report.counts.affected, 3);
        for (const QByteArray &key : job.keys)
            QCOMPARE(m_cluster.node(m_cluster.ownerOf(key)).command({"GET", key}).str, QByteArray("1"));
    }

    void cancelKeepsExactCounts()
    {
        // A rate-capped delete on every master, cancelled once under way: the report's count
        // is exactly what vanished from the masters, and the cap held for the whole cluster.
        RecordedConnector &s = *m_session;
        QList<QByteArray> slow;
        for (int i = 0; i < 3000; ++i)
            slow.append(":1:slow:" + QByteArray::number(i));
        QVERIFY(m_cluster.setEverywhere(slow, "v"));
        InvalidationWatcher w(s.host.connector());
        InvalidationJob job;
        job.action = InvalidationJob::Action::Delete;
        job.patterns = {":1:slow:*"};
        job.rateLimit = 600;
        job.batchSize = 50;
        const quint64 id = s.host.runInvalidation(job);
        QTRY_VERIFY_WITH_TIMEOUT(!w.progress.value(id).isEmpty() && w.progress.value(id).last().affected > 0,
                                 10000);
        s.host.cancelInvalidation(id);
        QTRY_VERIFY_WITH_TIMEOUT(w.reports.contains(id), 5000);
        const InvalidationReport report = w.reports.value(id);
        QCOMPARE(report.outcome, InvalidationReport::Outcome::Cancelled);
        qsizetype left = 0;
        for (int n = 0; n < 3; ++n)
            left += m_cluster.node(n).scanAll(":1:slow:*").size();
        QCOMPARE(report.counts.affected, qint64(slow.size() - left));
        QVERIFY(report.counts.affected > 0 && left > 0);
        const double seconds = double(report.counts.elapsedMs) / 1000.0;
        QVERIFY2(double(report.counts.affected) <= 600 * seconds + 3 * 50 * 2,
                 qPrintable(QStringLiteral("%1 keys in %2 s").arg(report.counts.affected).arg(seconds)));
        // Clean up for the cases after this one.
        job.rateLimit = 0;
        InvalidationReport rest;
        RUN_JOB(s, w, job, rest, 30000);
        EXPECT_COMPLETED(rest);
        QCOMPARE(rest.counts.affected, qint64(left));
    }

    void movedIsFollowed()
    {
        // The session's map says the slot is on its old owner; the move makes it answer MOVED.
        RecordedConnector &s = *m_session;
        const QByteArray key = otherKey(7);
        const int from = m_cluster.ownerOf(key);
        const int to = (from + 1) % 3;
        QVERIFY(m_cluster.moveSlot(clusterSlot(key), from, to));
        QCOMPARE(m_cluster.ownerOf(key), to);
        QVERIFY(m_cluster.node(to).command({"SET", key, "moved"}).str == "OK");
        const quint64 id = s.host.fetchValue(ValueRequest{key});
        WAIT_ANSWER(s, id, 10000);
        EXPECT_NO_FAILURE(s, id);
        QCOMPARE(s.results.values.value(id).data, QByteArray("moved"));
        // Metadata of a key in another moved slot: read as "unknown", then asked again.
        const QByteArray other = otherKey(8);
        const int from2 = m_cluster.ownerOf(other);
        QVERIFY(m_cluster.moveSlot(clusterSlot(other), from2, (from2 + 1) % 3));
        const quint64 m = s.host.fetchMeta({other});
        WAIT_ANSWER(s, m, 10000);
        EXPECT_NO_FAILURE(s, m);
        QCOMPARE(s.results.meta.value(m).value(0).type, KeyType::String);
        // And a delete in a third moved slot.
        const QByteArray third = otherKey(9);
        const int from3 = m_cluster.ownerOf(third);
        if (clusterSlot(third) != clusterSlot(key) && clusterSlot(third) != clusterSlot(other))
            QVERIFY(m_cluster.moveSlot(clusterSlot(third), from3, (from3 + 2) % 3));
        const quint64 d = s.host.deleteKeys({third});
        WAIT_ANSWER(s, d, 10000);
        EXPECT_NO_FAILURE(s, d);
        QCOMPARE(s.results.deleted.value(d).first, 1);
        m_all.remove(third);
    }

    void askIsFollowed()
    {
        // A slot half migrated: one of its two keys already moved, so the source answers ASK.
        RecordedConnector &s = *m_session;
        const QList<QByteArray> pair{"{asktag}:one", "{asktag}:two"};
        for (const QByteArray &k : pair)
            QVERIFY(m_cluster.setEverywhere({k}, "asked-" + k));
        const int from = m_cluster.ownerOf(pair.at(0));
        const int to = (from + 1) % 3;
        QVERIFY(m_cluster.moveSlot(clusterSlot(pair.at(0)), from, to, 1));
        const QByteArray moved =
            m_cluster.node(from).command({"EXISTS", pair.at(0)}).integer == 0 ? pair.at(0) : pair.at(1);
        QCOMPARE(m_cluster.node(from).command({"EXISTS", moved}).integer, 0);
        const quint64 id = s.host.fetchValue(ValueRequest{moved});
        WAIT_ANSWER(s, id, 10000);
        EXPECT_NO_FAILURE(s, id);
        QCOMPARE(s.results.values.value(id).data, "asked-" + moved);
        const quint64 d = s.host.deleteKeys({moved});
        WAIT_ANSWER(s, d, 10000);
        EXPECT_NO_FAILURE(s, d);
        QCOMPARE(s.results.deleted.value(d).first, 1);
        // Finish the migration so the later cases see a stable cluster.
        QVERIFY(m_cluster.moveSlot(clusterSlot(moved), from, to));
        m_all.insert(moved == pair.at(0) ? pair.at(1) : pair.at(0));
    }

    void plainUrlToNodeSaysCluster()
    {
        const auto session = openUrl(QStringLiteral("redis://127.0.0.1:%1/0").arg(m_cluster.node(1).port()));
        QVERIFY(session);
        QCOMPARE(session->results.opened.size(), 0);
        QCOMPARE(session->results.lost.size(), 1);
        QVERIFY2(session->results.lost.first().message.contains(u"redis+cluster://"),
                 qPrintable(session->results.lost.first().message));
    }

    void cliThroughCluster()
    {
        const QString cli = cliPath();
        QVERIFY2(!cli.isEmpty(), CliMissingMessage);
        const CliResult keys = runCli({QStringLiteral("keys"), m_cluster.url(1), QStringLiteral("--match"),
                                       QStringLiteral(":1:other:*")});
        QVERIFY2(keys.code == 0, keys.err.constData());
        qsizetype expected = 0;
        for (const QByteArray &k : std::as_const(m_all))
            expected += k.startsWith(":1:other:") ? 1 : 0;
        QCOMPARE(outputLines(keys.out).size(), expected);
        const CliResult get =
            runCli({QStringLiteral("get"), m_cluster.url(2), QString::fromLatin1(otherKey(7))});
        QVERIFY2(get.code == 0, get.err.constData());
        QVERIFY2(get.out.contains("moved"), get.out.constData());
    }

    void passwordProtectedCluster()
    {
        RedisCluster locked;
        const QString pw = QStringLiteral("cl-s3cret");
        QVERIFY2(locked.start(3, {QStringLiteral("--requirepass"), pw, QStringLiteral("--masterauth"), pw}),
                 qPrintable(locked.errorString()));
        QList<QByteArray> keys;
        for (int i = 0; i < 3000; ++i)
            keys.append(":1:locked:" + QByteArray::number(i));
        QVERIFY(locked.setEverywhere(keys, "v"));
        for (int n = 0; n < 3; ++n)
            QVERIFY(locked.node(n).command({"DBSIZE"}).integer > 500); // on every master

        const auto s = openUrl(locked.url(0, QString(), u':' + pw));
        QVERIFY(s);
        QCOMPARE(s->results.opened.size(), 1);
        const quint64 scan = s->host.scanKeys(ScanRequest{});
        QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(scan), 30000);
        EXPECT_NO_FAILURE(*s, scan);
        QCOMPARE(s->results.keys.value(scan), QSet<QByteArray>(keys.cbegin(), keys.cend()));
        // A value and a delete on a master that is not the seed.
        QByteArray remote;
        for (const QByteArray &k : std::as_const(keys)) {
            if (locked.ownerOf(k) == 2) {
                remote = k;
                break;
            }
        }
        QVERIFY(!remote.isEmpty());
        const quint64 v = s->host.fetchValue(ValueRequest{remote});
        WAIT_ANSWER(*s, v, 10000);
        EXPECT_NO_FAILURE(*s, v);
        QCOMPARE(s->results.values.value(v).data, QByteArray("v"));
        const quint64 d = s->host.deleteKeys({remote});
        WAIT_ANSWER(*s, d, 10000);
        EXPECT_NO_FAILURE(*s, d);
        QCOMPARE(locked.node(2).command({"EXISTS", remote}).integer, 0);

        const auto wrong = openUrl(locked.url(1, QString(), QStringLiteral(":wrong")));
        QVERIFY(wrong);
        QCOMPARE(wrong->results.opened.size(), 0);
        QCOMPARE(wrong->results.lost.size(), 1);
        QCOMPARE(wrong->results.lost.first().kind, ErrorKind::Auth);
        QVERIFY2(wrong->results.lost.first().message.contains(u"refused the password"),
                 qPrintable(wrong->results.lost.first().message));
        const auto none = openUrl(locked.url(1));
        QVERIFY(none);
        QCOMPARE(none->results.lost.size(), 1);
        QCOMPARE(none->results.lost.first().kind, ErrorKind::Auth);
        QVERIFY2(none->results.lost.first().message.contains(u"requires a password"),
                 qPrintable(none->results.lost.first().message));

        const CliResult cli = runCli({QStringLiteral("keys"), locked.url(2, QString(), u':' + pw),
                                      QStringLiteral("--match"), QStringLiteral(":1:locked:1*")});
        QVERIFY2(cli.code == 0, cli.err.constData());
        qsizetype expected = 0;
        for (const QByteArray &k : std::as_const(keys))
            expected += k.startsWith(":1:locked:1") && k != remote ? 1 : 0;
        QCOMPARE(outputLines(cli.out).size(), expected);
    }

    void killedMasterGivesClearError()
    {
        RecordedConnector &s = *m_session;
        const int victim = 2;
        const quint16 port = m_cluster.node(victim).port();
        const QByteArray liveKey = otherKey(100);
        m_cluster.node(victim).kill();
        const quint64 id = s.host.scanKeys(ScanRequest{});
        QTRY_VERIFY_WITH_TIMEOUT(s.results.finished.contains(id), 15000);
        QVERIFY(!s.results.finished.value(id).complete);
        QVERIFY(s.results.failed.contains(id));
        QVERIFY2(s.results.failed.value(id).message.contains(QString::number(port)),
                 qPrintable(s.results.failed.value(id).message));
        QVERIFY(!s.results.keys.value(id).isEmpty()); // the live masters' keys still came
        // A key on a live master still reads (the cluster has not marked the node failed yet).
        const int owner = m_cluster.ownerOf(liveKey);
        if (owner != victim) {
            const quint64 v = s.host.fetchValue(ValueRequest{liveKey});
            WAIT_ANSWER(s, v, 10000);
            EXPECT_NO_FAILURE(s, v);
        }
        // Metadata of keys on every master: the live masters' keys are answered.
        const QByteArray deadKey = keyOwnedBy(victim);
        const quint64 m = s.host.fetchMeta({liveKey, deadKey});
        WAIT_ANSWER(s, m, 15000);
        EXPECT_NO_FAILURE(s, m);
        QCOMPARE(s.results.meta.value(m).size(), 2);
        QCOMPARE(s.results.meta.value(m).at(0).type, owner == victim ? KeyType::Unknown : KeyType::String);
        QCOMPARE(s.results.meta.value(m).at(1).type, KeyType::Unknown);
        // Statistics keep a line for the dead node, with its error.
        const quint64 st = s.host.fetchServerStats();
        WAIT_ANSWER(s, st, 15000);
        bool errorTable = false;
        for (const ServerStats &t : s.results.stats.value(st))
            errorTable = errorTable || (t.section == u"error" && t.server.endsWith(QString::number(port)));
        QVERIFY(errorTable);

        // A new connection while that master is down opens with the others and names it.
        const auto fresh = openUrl(m_cluster.url(0));
        QVERIFY(fresh);
        QCOMPARE(fresh->results.opened.size(), 1);
        QCOMPARE(fresh->results.opened.first().mode, QStringLiteral("cluster"));
        const quint64 scan = fresh->host.scanKeys(ScanRequest{});
        QTRY_VERIFY_WITH_TIMEOUT(fresh->results.finished.contains(scan), 15000);
        QVERIFY(!fresh->results.finished.value(scan).complete);
        QVERIFY(fresh->results.finished.value(scan).warning.contains(QString::number(port)));
        QCOMPARE(fresh->results.keys.value(scan).size(), fresh->results.finished.value(scan).keysFound);
        QVERIFY(fresh->results.keys.value(scan).size() > 1000);
    }
};

QTEST_GUILESS_MAIN(TestRedisCluster)
#include "tst_rediscluster.moc"

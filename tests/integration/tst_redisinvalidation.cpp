// RedisConnector's invalidation jobs against a real redis-server: each target deletes
// exactly the keys it should (checked with a full SCAN against a model of the keyspace),
// soft invalidation sets TTLs on exactly the matched keys, bumps increment, cancel and a
// killed server leave exact counts, and a read-only connection writes nothing.
#include "connectorrecorder.h"
#include "core/invalidationjob.h"
#include "invalidationwatcher.h"
#include "ops/invalidationplanner.h"
#include "redis/redisconnector.h"
#include "redisserver.h"

#include <QElapsedTimer>
#include <QLocale>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <functional>
#include <memory>
#include <vector>

using namespace cachescope;
using namespace cachescope::test;

namespace {

using Action = InvalidationJob::Action;
using Outcome = InvalidationReport::Outcome;

// ---- the 1M keyspace ------------------------------------------------------------------
// Key i is "PREFIX:VERSION:item:i". Families (i % 8) cover prefixes with glob characters
// and, in family 6, near misses an unescaped glob would also match ("shope" for "shop[eu]",
// "axb" for "a*b", "qz" for "q?", "backslash" for "back\slash", "shopping" for "shop").
// Version 10 catches a string comparison in "older than 4".
constexpr qint64 BigKeyspace = 1000000;
const QByteArray Prefixes[8] = {"shop", "shop[eu]", "a*b", "q?", "back\\slash", "", "", "other"};
const QByteArray Traps[5] = {"shope", "axb", "qz", "backslash", "shopping"};
constexpr int Versions[5] = {1, 2, 3, 4, 10};

int familyOf(qint64 i)
{
    return int(i % 8);
}
int versionOf(qint64 i)
{
    return Versions[(i / 8) % 5];
}
QByteArray prefixOf(qint64 i)
{
    return familyOf(i) == 6 ? Traps[(i / 40) % 5] : Prefixes[familyOf(i)];
}
QByteArray keyOf(qint64 i)
{
    return prefixOf(i) + ':' + QByteArray::number(versionOf(i)) + ":item:" + QByteArray::number(i);
}

// keyOf(i) for the whole keyspace, made once: comparing a full SCAN with it is then cheap.
const std::vector<QByteArray> &allKeys()
{
    static const std::vector<QByteArray> keys = [] {
        std::vector<QByteArray> k;
        k.reserve(size_t(BigKeyspace));
        for (qint64 i = 0; i < BigKeyspace; ++i)
            k.push_back(keyOf(i));
        return k;
    }();
    return keys;
}

// RESP "SET key i" for keys [0, n), piped through redis-cli --pipe (about a second per million).
bool fillKeyspace(const RedisServer &redis, qint64 n, QString *why)
{
    const QString cli = QStandardPaths::findExecutable(QStringLiteral("redis-cli"));
    if (cli.isEmpty()) {
        *why = QStringLiteral("redis-cli is not installed");
        return false;
    }
    QProcess pipe;
    pipe.start(cli, {QStringLiteral("-p"), QString::number(redis.port()), QStringLiteral("--pipe")});
    if (!pipe.waitForStarted(5000)) {
        *why = pipe.errorString();
        return false;
    }
    QByteArray chunk;
    for (qint64 i = 0; i < n; ++i) {
        const QByteArray &key = allKeys().at(size_t(i));
        const QByteArray value = QByteArray::number(i);
        chunk += "*3\r\n$3\r\nSET\r\n$" + QByteArray::number(key.size()) + "\r\n" + key + "\r\n$" +
                 QByteArray::number(value.size()) + "\r\n" + value + "\r\n";
        if (chunk.size() > (1 << 20) || i == n - 1) {
            pipe.write(chunk);
            chunk.clear();
            pipe.waitForBytesWritten(-1);
        }
    }
    pipe.closeWriteChannel();
    if (!pipe.waitForFinished(120000) || pipe.exitCode() != 0) {
        *why = QString::fromLocal8Bit(pipe.readAll());
        return false;
    }
    const QByteArray out = pipe.readAll();
    if (!out.contains(QByteArray("errors: 0, replies: " + QByteArray::number(n)))) {
        *why = QString::fromLocal8Bit(out);
        return false;
    }
    return true;
}

// Every key on the server, by full SCAN.
QList<QByteArray> scanAll(RedisServer &redis)
{
    QList<QByteArray> keys;
    QByteArray cursor = "0";
    do {
        const RespValue page = redis.command({"SCAN", cursor, "COUNT", "10000"});
        if (!page.isArray() || page.elements.size() != 2)
            return {"<SCAN failed: " + page.debugText() + '>'};
        cursor = page.elements.at(0).str;
        for (const RespValue &k : page.elements.at(1).elements)
            keys.append(k.str);
    } while (cursor != "0");
    return keys;
}

// Compares the server with the model: "" when they hold the same keys, else what differs.
QString compareKeyspace(RedisServer &redis, const std::vector<char> &alive)
{
    std::vector<char> seen(alive.size(), 0);
    qint64 extra = 0;
    qint64 missed = 0;
    QByteArray firstExtra, firstMissed;
    for (const QByteArray &key : scanAll(redis)) {
        bool ok = false;
        const qint64 i = key.mid(key.lastIndexOf(':') + 1).toLongLong(&ok);
        if (!ok || i < 0 || i >= qint64(alive.size()) || key != allKeys().at(size_t(i)) ||
            !alive[size_t(i)] || seen[size_t(i)]) {
            if (extra++ == 0)
                firstExtra = key;
            continue;
        }
        seen[size_t(i)] = 1;
    }
    for (size_t i = 0; i < alive.size(); ++i) {
        if (alive[i] && !seen[i] && missed++ == 0)
            firstMissed = allKeys().at(i);
    }
    if (extra == 0 && missed == 0)
        return QString();
    return QStringLiteral("%1 key(s) on the server that should be gone (first: %2), %3 key(s) missing that "
                          "should be there (first: %4)")
        .arg(extra)
        .arg(QString::fromUtf8(firstExtra))
        .arg(missed)
        .arg(QString::fromUtf8(firstMissed));
}

// Marks the keys matching `selected` dead; how many were alive.
qint64 kill(std::vector<char> &alive, const std::function<bool(qint64)> &selected)
{
    qint64 n = 0;
    for (size_t i = 0; i < alive.size(); ++i) {
        if (alive[i] && selected(qint64(i))) {
            alive[i] = 0;
            ++n;
        }
    }
    return n;
}

InvalidationJob patternJob(Action action, const QList<QByteArray> &patterns, const KeyFilter &filter = {})
{
    InvalidationJob job;
    job.action = action;
    job.patterns = patterns;
    job.filter = filter;
    job.description = QString::fromUtf8(patterns.join(' '));
    return job;
}

using Kind = InvalidationTarget::Kind;

// The job the GUI and the CLI would run for this target (the planner escapes the glob
// characters of prefixes). A planning error gives a job the connector refuses, with the
// planner's message as its description.
InvalidationJob planned(Kind kind, const QByteArray &prefixOrPattern, int version = 0, qint64 softTtlMs = 0,
                        bool preview = false)
{
    InvalidationTarget target;
    target.kind = kind;
    if (kind == Kind::Pattern)
        target.pattern = prefixOrPattern;
    else
        target.prefix = prefixOrPattern;
    target.version = version;
    target.softTtlMs = softTtlMs;
    const Expected<InvalidationJob> job = planInvalidation(target, preview);
    if (!job) {
        InvalidationJob refused;
        refused.description = job.error().message;
        return refused;
    }
    return *job;
}

InvalidationJob keysJob(Action action, const QList<QByteArray> &keys)
{
    InvalidationJob job;
    job.action = action;
    job.keys = keys;
    job.description = QStringLiteral("%1 keys").arg(keys.size());
    return job;
}

qint64 dbSize(RedisServer &redis)
{
    return redis.command({"DBSIZE"}).integer;
}

} // namespace

class TestRedisInvalidation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void millionKeysExactSets();
    void cancelStopsWithExactCounts();
    void readOnlyRefusesEveryWrite();
    void bumpIncrementsCounters();
    void previewSizesAndExplicitKeys();
    void fallsBackToDelWithoutUnlink();
    void killedServerFailsWithCounts();
    void stalledServerTimesOut();

private:
    RedisServer m_redis;
};

void TestRedisInvalidation::initTestCase()
{
    QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString()));
}

void TestRedisInvalidation::init()
{
    // Test setup only: the product never flushes.
    QCOMPARE(m_redis.command({"FLUSHALL"}).str, QByteArray("OK"));
}

void TestRedisInvalidation::millionKeysExactSets()
{
    QElapsedTimer fillClock;
    fillClock.start();
    QString why;
    QVERIFY2(fillKeyspace(m_redis, BigKeyspace, &why), qPrintable(why));
    QCOMPARE(dbSize(m_redis), BigKeyspace);
    qInfo("filled %lld keys in %lld ms", BigKeyspace, fillClock.elapsed());
    std::vector<char> alive(size_t(BigKeyspace), 1);

    auto s = openRecorded(std::make_unique<RedisConnector>(m_redis.spec()));
    QCOMPARE(s->results.opened.size(), 1);
    InvalidationWatcher w(s->host.connector());
    InvalidationReport report;

    // Preview of a namespace: counts, samples, writes nothing; 25,000 keys is past the
    // sizing cap, so no total but a partial figure.
    const auto euTwo = [](qint64 i) { return familyOf(i) == 1 && versionOf(i) == 2; };
    qint64 euTwoCount = 0;
    for (qint64 i = 0; i < BigKeyspace; ++i)
        euTwoCount += euTwo(i) ? 1 : 0;
    const InvalidationJob preview = planned(Kind::Namespace, "shop[eu]", 2, 0, true);
    QCOMPARE(preview.patterns, QList<QByteArray>{"shop[[]eu]:2:*"});
    QCOMPARE(preview.action, Action::Preview);
    RUN_JOB(*s, w, preview, report, 60000);
    EXPECT_COMPLETED(report);
    QCOMPARE(report.counts.matched, euTwoCount);
    QCOMPARE(report.counts.affected, 0);
    QCOMPARE(report.counts.scanned, BigKeyspace);
    QCOMPARE(report.sample.size(), 100);
    for (const QByteArray &key : report.sample)
        QVERIFY2(key.startsWith("shop[eu]:2:item:"), key.constData());
    QCOMPARE(report.totalBytes, -1);
    QVERIFY2(report.warning.contains(QLocale().toString(10000)), qPrintable(report.warning));
    QCOMPARE(dbSize(m_redis), BigKeyspace);

    struct Case
    {
        const char *what;
        InvalidationJob job;
        std::function<bool(qint64)> expected;
    };
    const QList<Case> cases{
        {"namespace shop[eu]:2", planned(Kind::Namespace, "shop[eu]", 2), euTwo},
        {"prefix a*b", planned(Kind::Prefix, "a*b"), [](qint64 i) { return familyOf(i) == 2; }},
        {"shop older than 4", planned(Kind::OlderThan, "shop", 4),
         [](qint64 i) { return familyOf(i) == 0 && versionOf(i) < 4; }},
        {"pattern back\\\\slash:1* as typed", planned(Kind::Pattern, "back\\\\slash:1*"),
         [](qint64 i) { return familyOf(i) == 4 && (versionOf(i) == 1 || versionOf(i) == 10); }},
        {"empty prefix, namespace :3", planned(Kind::Namespace, "", 3),
         [](qint64 i) { return familyOf(i) == 5 && versionOf(i) == 3; }},
        // Overlapping patterns (the planner never makes these, a caller may): each key once.
        {"two overlapping patterns", patternJob(Action::Delete, {"shop:4:*", "shop:4*"}),
         [](qint64 i) { return familyOf(i) == 0 && versionOf(i) == 4; }},
        // Running a job twice is harmless.
        {"namespace shop[eu]:2 again", planned(Kind::Namespace, "shop[eu]", 2), euTwo},
    };
    for (const Case &c : cases) {
        const qint64 expected = kill(alive, c.expected);
        RUN_JOB(*s, w, c.job, report, 60000);
        EXPECT_COMPLETED(report);
        QVERIFY2(report.counts.affected == expected, qPrintable(QStringLiteral("%1: deleted %2, expected %3")
                                                                    .arg(QLatin1StringView(c.what))
                                                                    .arg(report.counts.affected)
                                                                    .arg(expected)));
        QCOMPARE(report.counts.matched, expected);
        if (expected == 0) { // nothing left to delete: the count says it all, spare a full SCAN
            QCOMPARE(dbSize(m_redis), qint64(std::count(alive.begin(), alive.end(), 1)));
            continue;
        }
        const QString diff = compareKeyspace(m_redis, alive);
        QVERIFY2(diff.isEmpty(), qPrintable(QLatin1StringView(c.what) + QStringLiteral(": ") + diff));
    }

    // Explicit keys, in batches of 300: 1,000 live ones and 10 that never existed.
    QList<QByteArray> explicitKeys;
    for (qint64 i = 7; explicitKeys.size() < 1000; i += 8)
        explicitKeys.append(keyOf(i));
    for (int i = 0; i < 10; ++i)
        explicitKeys.append(QByteArray("other:1:missing:" + QByteArray::number(i)));
    InvalidationJob byKeys = keysJob(Action::Delete, explicitKeys);
    byKeys.batchSize = 300;
    const qint64 expectedByKeys = kill(alive, [](qint64 i) { return familyOf(i) == 7 && i < 8000; });
    RUN_JOB(*s, w, byKeys, report, 60000);
    EXPECT_COMPLETED(report);
    QCOMPARE(report.counts.affected, expectedByKeys);
    QCOMPARE(report.counts.scanned, explicitKeys.size());
    QString diff = compareKeyspace(m_redis, alive);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));

    // Soft invalidation of q?:1: TTLs on exactly those keys, nothing deleted.
    const auto qOne = [](qint64 i) { return familyOf(i) == 3 && versionOf(i) == 1; };
    const InvalidationJob expire = planned(Kind::Namespace, "q?", 1, 600000);
    QCOMPARE(expire.action, Action::Expire);
    RUN_JOB(*s, w, expire, report, 60000);
    EXPECT_COMPLETED(report);
    QList<qint64> withTtl;
    for (size_t i = 0; i < alive.size(); ++i) {
        if (alive[i] && qOne(qint64(i)))
            withTtl.append(qint64(i));
    }
    QCOMPARE(report.counts.affected, withTtl.size());
    const QByteArray keyspace = m_redis.command({"INFO", "keyspace"}).str;
    QVERIFY2(keyspace.contains(QByteArray(",expires=" + QByteArray::number(withTtl.size()) + ',')),
             keyspace.constData());
    for (qint64 i : withTtl) {
        const qint64 ttl = m_redis.command({"PTTL", keyOf(i)}).integer;
        QVERIFY2(ttl > 500000 && ttl <= 600000, keyOf(i).constData());
    }
    QCOMPARE(m_redis.command({"PTTL", keyOf(6 + 8 * 5 * 2)}).integer, -1); // "qz:1:item:86", the near miss
    QVERIFY(keyOf(6 + 8 * 5 * 2).startsWith("qz:1:"));
    QCOMPARE(dbSize(m_redis), qint64(std::count(alive.begin(), alive.end(), 1))); // expired, none deleted
}

void TestRedisInvalidation::cancelStopsWithExactCounts()
{
    QVERIFY(m_redis.fill(200000, "big:"));
    QVERIFY(m_redis.fill(1000, "keep:"));
    auto s = openRecorded(std::make_unique<RedisConnector>(m_redis.spec()));
    InvalidationWatcher w(s->host.connector());

    InvalidationJob job = patternJob(Action::Delete, {"big:*"});
    job.rateLimit = 40000; // 5 s for everything: cancel lands mid-way
    const quint64 id = s->host.runInvalidation(job);
    QTRY_VERIFY_WITH_TIMEOUT(!w.progress.value(id).isEmpty() && w.progress.value(id).last().affected >= 10000,
                             10000);
    s->host.cancelInvalidation(id);
    QElapsedTimer sinceCancel;
    sinceCancel.start();
    QTRY_VERIFY_WITH_TIMEOUT(w.reports.contains(id), 5000);
    QVERIFY2(sinceCancel.elapsed() < 1000, qPrintable(QString::number(sinceCancel.elapsed())));
    const InvalidationReport report = w.reports.value(id);
    QCOMPARE(report.outcome, Outcome::Cancelled);
    const qint64 gone = 201000 - dbSize(m_redis);
    QCOMPARE(report.counts.affected, gone);
    QVERIFY2(gone > 0 && gone < 200000, qPrintable(QString::number(gone)));
    QVERIFY(report.counts.matched >= report.counts.affected);
    // The rate cap held (a little slack for the first batch).
    QVERIFY2(
        report.counts.affected <= 40000 * (report.counts.elapsedMs + 200) / 1000,
        qPrintable(
            QStringLiteral("%1 keys in %2 ms").arg(report.counts.affected).arg(report.counts.elapsedMs)));
    // Progress at most every 100 ms, and DBSIZE as the total for the ETA.
    const QList<InvalidationProgress> progress = w.progress.value(id);
    QVERIFY(progress.size() <= report.counts.elapsedMs / 100 + 2);
    QCOMPARE(progress.last().total, 201000);
    QVERIFY(progress.last().etaMs > 0);
    QCOMPARE(m_redis.command({"EXISTS", "keep:999"}).integer, 1);

    // The connection is free for the next job, which finishes the rest.
    InvalidationReport rest;
    RUN_JOB(*s, w, patternJob(Action::Delete, {"big:*"}), rest, 30000);
    EXPECT_COMPLETED(rest);
    QCOMPARE(rest.counts.affected, 200000 - gone);
    QCOMPARE(dbSize(m_redis), 1000);
}

void TestRedisInvalidation::readOnlyRefusesEveryWrite()
{
    QVERIFY(m_redis.fill(500, "k:"));
    m_redis.command({"SET", "counter", "1"});
    ConnectionSpec spec = m_redis.spec();
    spec.readOnly = true;
    auto s = openRecorded(std::make_unique<RedisConnector>(spec));
    InvalidationWatcher w(s->host.connector());
    InvalidationReport report;

    InvalidationJob expire = patternJob(Action::Expire, {"k:*"});
    expire.softTtlMs = 1000;
    for (const InvalidationJob &job :
         {patternJob(Action::Delete, {"k:*"}), expire, keysJob(Action::Bump, {"counter"}),
          keysJob(Action::Delete, {"k:1", "k:2"})}) {
        RUN_JOB(*s, w, job, report, 10000);
        QCOMPARE(report.outcome, Outcome::Failed);
        QCOMPARE(report.error.kind, ErrorKind::ReadOnly);
        QCOMPARE(report.counts.affected, 0);
    }
    QCOMPARE(dbSize(m_redis), 501);
    QCOMPARE(m_redis.command({"GET", "counter"}).str, QByteArray("1"));
    QCOMPARE(m_redis.command({"INFO", "keyspace"}).str.contains("expires=0"), true);

    RUN_JOB(*s, w, patternJob(Action::Preview, {"k:*"}), report, 10000);
    EXPECT_COMPLETED(report);
    QCOMPARE(report.counts.matched, 500);
}

void TestRedisInvalidation::bumpIncrementsCounters()
{
    m_redis.command({"SET", "shop:version", "7"});
    m_redis.command({"SET", "not-a-number", "abc"});
    auto s = openRecorded(std::make_unique<RedisConnector>(m_redis.spec()));
    InvalidationWatcher w(s->host.connector());
    InvalidationReport report;

    RUN_JOB(*s, w, keysJob(Action::Bump, {"shop:version", "api:version"}), report, 10000);
    EXPECT_COMPLETED(report);
    QCOMPARE(report.counts.affected, 2);
    QCOMPARE(m_redis.command({"GET", "shop:version"}).str, QByteArray("8"));
    QCOMPARE(m_redis.command({"GET", "api:version"}).str, QByteArray("1"));

    // A counter that is not an integer fails the job and says which key; the others count.
    RUN_JOB(*s, w, keysJob(Action::Bump, {"shop:version", "not-a-number"}), report, 10000);
    QCOMPARE(report.outcome, Outcome::Failed);
    QCOMPARE(report.error.kind, ErrorKind::Server);
    QVERIFY2(report.error.message.contains(QStringLiteral("not-a-number")), qPrintable(report.error.message));
    QCOMPARE(report.counts.affected, 1);
    QCOMPARE(m_redis.command({"GET", "shop:version"}).str, QByteArray("9"));

    // Bump takes counter keys, never a pattern.
    RUN_JOB(*s, w, patternJob(Action::Bump, {"*:version"}), report, 10000);
    QCOMPARE(report.outcome, Outcome::Failed);
    QCOMPARE(report.error.kind, ErrorKind::Usage);
    QCOMPARE(m_redis.command({"GET", "shop:version"}).str, QByteArray("9"));
}

void TestRedisInvalidation::previewSizesAndExplicitKeys()
{
    qint64 bytes = 0;
    for (int i = 0; i < 50; ++i) {
        const QByteArray key = "small:" + QByteArray::number(i);
        m_redis.command({"SET", key, QByteArray(100 + i, 'x')});
        bytes += m_redis.command({"MEMORY", "USAGE", key}).integer;
    }
    m_redis.command({"SET", "other", "1"});
    auto s = openRecorded(std::make_unique<RedisConnector>(m_redis.spec()));
    InvalidationWatcher w(s->host.connector());
    InvalidationReport report;

    InvalidationJob job = patternJob(Action::Preview, {"small:*"});
    job.sampleSize = 10;
    RUN_JOB(*s, w, job, report, 10000);
    EXPECT_COMPLETED(report);
    QCOMPARE(report.counts.matched, 50);
    QCOMPARE(report.sample.size(), 10);
    QCOMPARE(report.totalBytes, bytes);
    QVERIFY2(report.warning.isEmpty(), qPrintable(report.warning));

    // Explicit keys: only the ones that exist are counted and sized.
    RUN_JOB(*s, w, keysJob(Action::Preview, {"small:1", "small:2", "nope"}), report, 10000);
    EXPECT_COMPLETED(report);
    QCOMPARE(report.counts.matched, 2);
    QCOMPARE(report.sample, (QList<QByteArray>{"small:1", "small:2"}));
    QCOMPARE(report.totalBytes, m_redis.command({"MEMORY", "USAGE", "small:1"}).integer +
                                    m_redis.command({"MEMORY", "USAGE", "small:2"}).integer);
    QCOMPARE(dbSize(m_redis), 51);
}

void TestRedisInvalidation::fallsBackToDelWithoutUnlink()
{
    RedisServer redis;
    QVERIFY2(redis.start({QStringLiteral("--rename-command"), QStringLiteral("UNLINK"), QString()}),
             qPrintable(redis.errorString()));
    QVERIFY(redis.fill(5000, "k:"));
    QVERIFY(redis.fill(10, "keep:"));
    auto s = openRecorded(std::make_unique<RedisConnector>(redis.spec()));
    InvalidationWatcher w(s->host.connector());
    InvalidationReport report;
    RUN_JOB(*s, w, patternJob(Action::Delete, {"k:*"}), report, 10000);
    EXPECT_COMPLETED(report);
    QCOMPARE(report.counts.affected, 5000);
    QCOMPARE(dbSize(redis), 10);
}

void TestRedisInvalidation::killedServerFailsWithCounts()
{
    RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    QVERIFY(redis.fill(200000, "big:"));
    auto s = openRecorded(std::make_unique<RedisConnector>(redis.spec()));
    InvalidationWatcher w(s->host.connector());

    InvalidationJob job = patternJob(Action::Delete, {"big:*"});
    job.rateLimit = 40000;
    const quint64 id = s->host.runInvalidation(job);
    QTRY_VERIFY_WITH_TIMEOUT(!w.progress.value(id).isEmpty() && w.progress.value(id).last().affected > 0,
                             10000);
    ::kill(pid_t(redis.pid()), SIGKILL);
    QTRY_VERIFY_WITH_TIMEOUT(w.reports.contains(id), 10000);
    const InvalidationReport report = w.reports.value(id);
    QCOMPARE(report.outcome, Outcome::Failed);
    QCOMPARE(report.error.kind, ErrorKind::Connect);
    QVERIFY(report.counts.affected >= w.progress.value(id).last().affected);
    QVERIFY(report.counts.affected < 200000);
    QVERIFY(report.counts.matched >= report.counts.affected);
}

void TestRedisInvalidation::stalledServerTimesOut()
{
    RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    QVERIFY(redis.fill(100000, "big:"));
    ConnectionSpec spec = redis.spec();
    spec.commandTimeoutMs = 500;
    auto s = openRecorded(std::make_unique<RedisConnector>(spec));
    InvalidationWatcher w(s->host.connector());

    InvalidationJob job = patternJob(Action::Delete, {"big:*"});
    job.rateLimit = 20000;
    const quint64 id = s->host.runInvalidation(job);
    QTRY_VERIFY_WITH_TIMEOUT(!w.progress.value(id).isEmpty() && w.progress.value(id).last().affected > 0,
                             10000);
    redis.pause(); // SIGSTOP: the socket stays open, replies stop
    QTRY_VERIFY_WITH_TIMEOUT(w.reports.contains(id), 10000);
    redis.resume();
    const InvalidationReport report = w.reports.value(id);
    QCOMPARE(report.outcome, Outcome::Failed);
    QCOMPARE(report.error.kind, ErrorKind::Timeout);
    QVERIFY(report.counts.affected > 0);
    // Only replies count: whatever the server did after the last one is not claimed.
    QVERIFY(report.counts.affected <= 100000 - dbSize(redis));
}

QTEST_MAIN(TestRedisInvalidation)
#include "tst_redisinvalidation.moc"

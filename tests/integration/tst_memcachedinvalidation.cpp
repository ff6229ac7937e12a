// MemcachedConnector invalidation jobs against a real two-server pool: ~50k keys of Django
// prefixes and versions, glob characters, percent signs and UTF-8, spread over both servers
// (plus stale copies on both). Every check of what is left reads the servers afresh with a
// metadump of the test's own, independent of the connector's listing code.
#include "connectorrecorder.h"
#include "invalidationreports.h"
#include "memcached/memcachedconnector.h"
#include "memcachedserver.h"
#include "ops/invalidationplanner.h"
#include "python.h"
#include "testselector.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QSet>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cachescope;
using namespace cachescope::test;
using namespace Qt::StringLiterals;

namespace {

struct Item
{
    QByteArray key;
    QString family;
    int version = 0;
    int index = 0;
    int server = 0; // 0, 1, or 2 for "on both"
};

// "family[/v1,v2][/lo-hi]": which items a selection must hit.
bool selects(const QString &selector, const Item &item)
{
    return test::selectorMatches(selector, item.family, item.version, item.index);
}

} // namespace

class TestMemcachedInvalidation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void deletesExactlyTheSelection_data();
    void deletesExactlyTheSelection();
    void previewCountsSizesAndWritesNothing();
    void deletesExplicitKeysOnEveryServer();
    void previewsExplicitKeys();
    void expireTouchesWithTheSoftTtl();
    void bumpIncrementsWhereTheKeyIs();
    void cancelStopsWithExactCounts();
    void readOnlyRefusesButPreviews();
    void serverDownFailsWithCounts();
    void deletesTwentyFiveThousandKeysQuickly();
    void pageInvalidationRemovesOnlyThatDjangoPage();

private:
    std::unique_ptr<RecordedConnector> openPool(const QString &query = QString());
    InvalidationReport runJob(RecordedConnector &s, const InvalidationJob &job, int timeoutMs = 60000);
    bool load(const QList<Item> &items);
    // What each server holds now.
    QList<QSet<QByteArray>> listing();

    MemcachedServer m_servers[2];
    QList<Item> m_items;
};

void TestMemcachedInvalidation::initTestCase()
{
    for (MemcachedServer &server : m_servers)
        QVERIFY2(server.start(128), qPrintable(server.errorString()));
    auto add = [this](const QString &family, const QByteArray &prefix, QList<int> versions, int perVersion,
                      bool both = false) {
        for (const int v : versions) {
            for (int i = 0; i < perVersion; ++i) {
                QByteArray key = prefix;
                key.replace("{v}", QByteArray::number(v));
                key += QByteArray::number(i);
                m_items.append(Item{key, family, v, i, both ? 2 : i % 2});
            }
        }
    };
    add(QStringLiteral("shop"), "shop:{v}:product:", {1, 2, 3}, 8000);
    add(QStringLiteral("glob"), "sh*p:{v}:item:", {1, 2}, 2000);
    add(QStringLiteral("question"), "sh?p:{v}:item:", {1}, 1000);
    add(QStringLiteral("bracket"), "[br]:{v}:x:", {1}, 2000);
    add(QStringLiteral("pct100"), "pct:100%:{v}:", {1}, 2000);
    add(QStringLiteral("pct41"), "pct:%41:{v}:", {1}, 2000);
    add(QStringLiteral("utf"), QStringLiteral("utf:é漢:{v}:").toUtf8(), {1}, 4000);
    add(QStringLiteral("other"), "other:{v}:q:", {1}, 10000);
    add(QStringLiteral("dup"), "dup:{v}:", {1}, 100, true);
}

void TestMemcachedInvalidation::init()
{
    QVERIFY(load(m_items));
}

bool TestMemcachedInvalidation::load(const QList<Item> &items)
{
    for (MemcachedServer &server : m_servers) {
        if (!server.flushAll())
            return false;
    }
    QByteArray batch[2];
    auto flush = [this, &batch](int s) {
        const QByteArray reply =
            batch[s].isEmpty() ? QByteArray("MN\r\n") : m_servers[s].command(batch[s] + "mn\r\n");
        batch[s].clear();
        if (reply != "MN\r\n")
            qWarning("load: server %d answered %s", s, reply.left(200).constData());
        return reply == "MN\r\n";
    };
    for (const Item &item : items) {
        // Sizes vary with the index, so totalBytes is not a multiple of one size.
        const QByteArray value = QByteArray(10 + item.index % 50, 'v');
        const QByteArray set =
            "set " + item.key + " 0 0 " + QByteArray::number(value.size()) + " noreply\r\n" + value + "\r\n";
        for (int s = 0; s < 2; ++s) {
            if (item.server != s && item.server != 2)
                continue;
            batch[s] += set;
            if (batch[s].size() > 256 * 1024 && !flush(s))
                return false;
        }
    }
    if (!flush(0) || !flush(1))
        return false;
    // The test's own listing must see exactly what was written, or no later check means much.
    const auto now = listing();
    qsizetype expected[2] = {0, 0};
    for (const Item &item : items) {
        for (int s = 0; s < 2; ++s)
            expected[s] += item.server == s || item.server == 2;
    }
    for (int s = 0; s < 2; ++s) {
        if (now.at(s).size() != expected[s]) {
            qWarning("load: server %d lists %lld keys, %lld written", s, qint64(now.at(s).size()),
                     qint64(expected[s]));
            return false;
        }
    }
    return true;
}

QList<QSet<QByteArray>> TestMemcachedInvalidation::listing()
{
    QList<QSet<QByteArray>> result;
    for (const MemcachedServer &server : m_servers) {
        const auto keys = server.keysWithExpiry();
        result.append(QSet<QByteArray>(keys.keyBegin(), keys.keyEnd()));
    }
    return result;
}

std::unique_ptr<RecordedConnector> TestMemcachedInvalidation::openPool(const QString &query)
{
    QString url = QStringLiteral("memcached://%1,%2").arg(m_servers[0].address(), m_servers[1].address());
    if (!query.isEmpty())
        url += u'?' + query;
    const auto spec = ConnectionSpec::parse(url);
    if (!spec)
        qFatal("bad test URL: %s", qPrintable(spec.error().message));
    return openRecorded(std::make_unique<MemcachedConnector>(*spec));
}

InvalidationReport TestMemcachedInvalidation::runJob(RecordedConnector &s, const InvalidationJob &job,
                                                     int timeoutMs)
{
    InvalidationReports jobs(s.host.connector());
    const quint64 id = s.host.runInvalidation(job);
    const auto report = jobs.wait(id, timeoutMs);
    if (!report) {
        InvalidationReport timedOut;
        timedOut.outcome = InvalidationReport::Outcome::Failed;
        timedOut.error = Error::make(ErrorKind::Timeout, QStringLiteral("the test got no report in time"));
        return timedOut;
    }
    return *report;
}

void TestMemcachedInvalidation::deletesExactlyTheSelection_data()
{
    QTest::addColumn<QList<QByteArray>>("patterns");
    QTest::addColumn<QByteArray>("olderThanPrefix"); // empty: no filter
    QTest::addColumn<int>("olderThanVersion");
    QTest::addColumn<QStringList>("selectors");
    QTest::newRow("namespace") << QList<QByteArray>{"shop:2:*"} << QByteArray() << 0
                               << QStringList{u"shop/2"_s};
    QTest::newRow("escaped star in prefix")
        << QList<QByteArray>{"sh\\*p:1:*"} << QByteArray() << 0 << QStringList{u"glob/1"_s};
    QTest::newRow("unescaped star") << QList<QByteArray>{"sh*p:1:*"} << QByteArray() << 0
                                    << QStringList{u"shop/1"_s, u"glob/1"_s, u"question/1"_s};
    QTest::newRow("escaped question mark")
        << QList<QByteArray>{"sh\\?p:*"} << QByteArray() << 0 << QStringList{u"question"_s};
    QTest::newRow("question mark is one byte")
        << QList<QByteArray>{"sh?p:2:*"} << QByteArray() << 0 << QStringList{u"shop/2"_s, u"glob/2"_s};
    QTest::newRow("escaped brackets")
        << QList<QByteArray>{"\\[br\\]:*"} << QByteArray() << 0 << QStringList{u"bracket"_s};
    QTest::newRow("class and single byte")
        << QList<QByteArray>{"shop:[13]:product:1?"} << QByteArray() << 0 << QStringList{u"shop/1,3/10-19"_s};
    QTest::newRow("percent sign") << QList<QByteArray>{"pct:100%:*"} << QByteArray() << 0
                                  << QStringList{u"pct100"_s};
    QTest::newRow("percent escape lookalike")
        << QList<QByteArray>{"pct:%41:*"} << QByteArray() << 0 << QStringList{u"pct41"_s};
    QTest::newRow("utf-8") << QList<QByteArray>{QStringLiteral("utf:é漢:*").toUtf8()} << QByteArray() << 0
                           << QStringList{u"utf"_s};
    QTest::newRow("utf-8 counted in bytes")
        << QList<QByteArray>{"utf:?????:1:*"} << QByteArray() << 0 << QStringList{u"utf"_s};
    QTest::newRow("two patterns") << QList<QByteArray>{"shop:3:*", "other:*"} << QByteArray() << 0
                                  << QStringList{u"shop/3"_s, u"other"_s};
    QTest::newRow("overlapping patterns")
        << QList<QByteArray>{"shop:*", "shop:1:*"} << QByteArray() << 0 << QStringList{u"shop"_s};
    QTest::newRow("versions older than 3")
        << QList<QByteArray>{"shop:*"} << QByteArray("shop") << 3 << QStringList{u"shop/1,2"_s};
    QTest::newRow("stale copies on both servers")
        << QList<QByteArray>{"dup:*"} << QByteArray() << 0 << QStringList{u"dup"_s};
    QTest::newRow("nothing matches") << QList<QByteArray>{"nomatch:*"} << QByteArray() << 0 << QStringList{};
}

void TestMemcachedInvalidation::deletesExactlyTheSelection()
{
    QFETCH(QList<QByteArray>, patterns);
    QFETCH(QByteArray, olderThanPrefix);
    QFETCH(int, olderThanVersion);
    QFETCH(QStringList, selectors);

    QList<QSet<QByteArray>> expectedLeft = listing();
    qint64 expectedItems = 0;
    for (const Item &item : std::as_const(m_items)) {
        bool hit = false;
        for (const QString &selector : std::as_const(selectors))
            hit = hit || selects(selector, item);
        if (!hit)
            continue;
        for (int s = 0; s < 2; ++s) {
            if (item.server == s || item.server == 2) {
                expectedLeft[s].remove(item.key);
                ++expectedItems;
            }
        }
    }

    auto s = openPool();
    InvalidationJob job;
    job.action = InvalidationJob::Action::Delete;
    job.patterns = patterns;
    if (!olderThanPrefix.isEmpty()) {
        job.filter.kind = KeyFilter::Kind::DjangoVersionBelow;
        job.filter.prefix = olderThanPrefix;
        job.filter.version = olderThanVersion;
    }
    const InvalidationReport report = runJob(*s, job);
    QVERIFY2(report.outcome == InvalidationReport::Outcome::Completed, qPrintable(report.error.message));
    QVERIFY2(report.warning.isEmpty(), qPrintable(report.warning));
    QCOMPARE(report.counts.matched, expectedItems);
    QCOMPARE(report.counts.affected, expectedItems);
    QCOMPARE(report.counts.scanned, qint64(expectedLeft[0].size() + expectedLeft[1].size()) + expectedItems);
    QCOMPARE(report.sample.size(), qMin<qsizetype>(100, expectedItems));
    QCOMPARE(report.sampleServers.size(), report.sample.size());

    const QList<QSet<QByteArray>> left = listing();
    for (int server = 0; server < 2; ++server) {
        const QSet<QByteArray> extra = expectedLeft[server] - left[server];  // deleted but not selected
        const QSet<QByteArray> missed = left[server] - expectedLeft[server]; // selected but still there
        QVERIFY2(extra.isEmpty(),
                 qPrintable(QStringLiteral("server %1: %2 extra deletions, e.g. %3")
                                .arg(server)
                                .arg(extra.size())
                                .arg(QString::fromUtf8(extra.isEmpty() ? "" : *extra.begin()))));
        QVERIFY2(missed.isEmpty(),
                 qPrintable(QStringLiteral("server %1: %2 missed, e.g. %3")
                                .arg(server)
                                .arg(missed.size())
                                .arg(QString::fromUtf8(missed.isEmpty() ? "" : *missed.begin()))));
    }
    // Running it twice is harmless: nothing left to match.
    const InvalidationReport again = runJob(*s, job);
    QCOMPARE(again.outcome, InvalidationReport::Outcome::Completed);
    QCOMPARE(again.counts.matched, qint64(0));
    QCOMPARE(again.counts.affected, qint64(0));
}

void TestMemcachedInvalidation::previewCountsSizesAndWritesNothing()
{
    const QList<QSet<QByteArray>> before = listing();
    auto s = openPool();
    InvalidationJob job;
    job.action = InvalidationJob::Action::Preview;
    job.patterns = {"shop:2:*"};
    const InvalidationReport report = runJob(*s, job);
    QVERIFY2(report.outcome == InvalidationReport::Outcome::Completed, qPrintable(report.error.message));
    QCOMPARE(report.counts.matched, qint64(8000));
    QCOMPARE(report.counts.affected, qint64(0));
    // metadump's size is the whole item (header, key, value): more than the values alone.
    qint64 valueBytes = 0;
    for (const Item &item : std::as_const(m_items)) {
        if (selects(QStringLiteral("shop/2"), item))
            valueBytes += 10 + item.index % 50;
    }
    QVERIFY2(report.totalBytes > valueBytes, qPrintable(QString::number(report.totalBytes)));
    QCOMPARE(report.sample.size(), 100);
    QCOMPARE(report.sampleServers.size(), 100);
    for (qsizetype i = 0; i < report.sample.size(); ++i) {
        QVERIFY(report.sample.at(i).startsWith("shop:2:product:"));
        const int index = report.sample.at(i).mid(15).toInt();
        QCOMPARE(report.sampleServers.at(i), m_servers[index % 2].address());
    }
    QCOMPARE(listing(), before);
}

void TestMemcachedInvalidation::deletesExplicitKeysOnEveryServer()
{
    auto s = openPool();
    InvalidationJob job;
    job.action = InvalidationJob::Action::Delete;
    job.keys = {"shop:1:product:0",
                "shop:1:product:1",
                "dup:1:5",
                "no:such:key",
                "has space",
                "shop:1:product:0",
                QStringLiteral("utf:é漢:1:7").toUtf8()};
    const InvalidationReport report = runJob(*s, job);
    QVERIFY2(report.outcome == InvalidationReport::Outcome::Completed, qPrintable(report.error.message));
    QCOMPARE(report.counts.scanned, qint64(5)); // distinct valid keys
    QCOMPARE(report.counts.matched, qint64(4));
    QCOMPARE(report.counts.affected, qint64(4));
    QVERIFY2(report.warning.contains(QStringLiteral("1 key(s) cannot exist")), qPrintable(report.warning));
    const QList<QSet<QByteArray>> left = listing();
    for (const QByteArray &gone : {QByteArray("shop:1:product:0"), QByteArray("shop:1:product:1"),
                                   QByteArray("dup:1:5"), QStringLiteral("utf:é漢:1:7").toUtf8()}) {
        QVERIFY(!left[0].contains(gone));
        QVERIFY(!left[1].contains(gone));
    }
    QVERIFY(left[0].contains("dup:1:6") && left[1].contains("dup:1:6"));
    QCOMPARE(left[0].size() + left[1].size(), m_items.size() + 100 - 5); // dup:1:5 was on both
}

void TestMemcachedInvalidation::previewsExplicitKeys()
{
    auto s = openPool();
    InvalidationJob job;
    job.action = InvalidationJob::Action::Preview;
    job.keys = {"shop:2:product:10", "shop:2:product:11", "absent", "dup:1:0"};
    const InvalidationReport report = runJob(*s, job);
    QVERIFY2(report.outcome == InvalidationReport::Outcome::Completed, qPrintable(report.error.message));
    QCOMPARE(report.counts.matched, qint64(3));
    QCOMPARE(report.sample, (QList<QByteArray>{"shop:2:product:10", "shop:2:product:11", "dup:1:0"}));
    QCOMPARE(report.sampleServers,
             (QList<QString>{m_servers[0].address(), m_servers[1].address(), m_servers[0].address()}));
    QVERIFY(report.totalBytes > 3 * 10);
    QCOMPARE(m_servers[0].command("mg shop:2:product:10 v\r\n").left(3), QByteArray("VA "));
}

void TestMemcachedInvalidation::expireTouchesWithTheSoftTtl()
{
    auto s = openPool();
    InvalidationJob job;
    job.action = InvalidationJob::Action::Expire;
    job.patterns = {"shop:3:*"};
    job.softTtlMs = 1000;
    const qint64 before = m_servers[0].serverTime();
    const InvalidationReport report = runJob(*s, job);
    QVERIFY2(report.outcome == InvalidationReport::Outcome::Completed, qPrintable(report.error.message));
    QCOMPARE(report.counts.affected, qint64(8000));
    for (int server = 0; server < 2; ++server) {
        const auto keys = m_servers[server].keysWithExpiry();
        int touched = 0;
        for (auto it = keys.cbegin(); it != keys.cend(); ++it) {
            if (it.key().startsWith("shop:3:")) {
                // Gone already, or expiring within the soft TTL (memcached counts whole seconds).
                QVERIFY2(it.value() >= before && it.value() <= before + 3, it.key().constData());
                ++touched;
            } else {
                QVERIFY2(it.value() == -1, it.key().constData());
            }
        }
        QVERIFY(touched <= 4000);
    }
    // memcached ticks once a second; the soft TTL has passed within a few.
    QTRY_VERIFY_WITH_TIMEOUT(m_servers[0].command("mg shop:3:product:0 v\r\n") == "EN\r\n", 5000);
    QTRY_VERIFY_WITH_TIMEOUT(m_servers[1].command("mg shop:3:product:1 v\r\n") == "EN\r\n", 5000);
    QCOMPARE(m_servers[0].command("mg shop:2:product:0 v\r\n").left(3), QByteArray("VA "));
}

void TestMemcachedInvalidation::bumpIncrementsWhereTheKeyIs()
{
    QVERIFY(m_servers[0].set("ver:a", "5"));
    QVERIFY(m_servers[1].set("ver:b", "41"));
    QVERIFY(m_servers[1].set("ver:text", "not a number"));
    auto s = openPool();
    InvalidationJob job;
    job.action = InvalidationJob::Action::Bump;
    job.keys = {"ver:a", "ver:b", "ver:missing", "ver:text"};
    const InvalidationReport report = runJob(*s, job);
    QVERIFY2(report.outcome == InvalidationReport::Outcome::Completed, qPrintable(report.error.message));
    QCOMPARE(report.counts.affected, qint64(2));
    QCOMPARE(report.sample, (QList<QByteArray>{"ver:a", "ver:b"}));
    QCOMPARE(report.sampleServers, (QList<QString>{m_servers[0].address(), m_servers[1].address()}));
    QVERIFY2(report.warning.contains(QStringLiteral("ver:missing")), qPrintable(report.warning));
    QVERIFY2(report.warning.contains(QStringLiteral("ver:text")), qPrintable(report.warning));
    QCOMPARE(m_servers[0].command("mg ver:a v\r\n"), QByteArray("VA 1\r\n6\r\n"));
    QCOMPARE(m_servers[1].command("mg ver:b v\r\n"), QByteArray("VA 2\r\n42\r\n"));
    // Incremented once, where it lives: never created on the other server.
    QCOMPARE(m_servers[1].command("mg ver:a v\r\n"), QByteArray("EN\r\n"));
    QCOMPARE(m_servers[0].command("mg ver:b v\r\n"), QByteArray("EN\r\n"));
    QCOMPARE(m_servers[0].command("mg ver:missing v\r\n"), QByteArray("EN\r\n"));
}

void TestMemcachedInvalidation::cancelStopsWithExactCounts()
{
    auto s = openPool();
    InvalidationReports jobs(s->host.connector());
    InvalidationJob job;
    job.action = InvalidationJob::Action::Delete;
    job.patterns = {"shop:*"};
    job.rateLimit = 4000; // 24000 keys: six seconds unless cancelled
    const quint64 id = s->host.runInvalidation(job);
    QTRY_VERIFY_WITH_TIMEOUT(
        !jobs.progress.value(id).isEmpty() && jobs.progress.value(id).last().affected > 0, 20000);
    QElapsedTimer clock;
    clock.start();
    s->host.cancelInvalidation(id);
    const auto report = jobs.wait(id, 5000);
    QVERIFY(report);
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(report->outcome, InvalidationReport::Outcome::Cancelled);
    QCOMPARE(report->counts.matched, qint64(24000));
    QVERIFY(report->counts.affected > 0 && report->counts.affected < 24000);
    qint64 shopLeft = 0;
    const QList<QSet<QByteArray>> left = listing();
    for (const QSet<QByteArray> &keys : left) {
        for (const QByteArray &key : keys)
            shopLeft += key.startsWith("shop:");
    }
    QCOMPARE(24000 - shopLeft, report->counts.affected);
    QCOMPARE(left[0].size() + left[1].size(), m_items.size() + 100 - report->counts.affected);
    QCOMPARE(jobs.finishedTimes, 1);
    // The connector takes the next job.
    job.rateLimit = 0;
    const InvalidationReport rest = runJob(*s, job);
    QCOMPARE(rest.outcome, InvalidationReport::Outcome::Completed);
    QCOMPARE(rest.counts.affected, shopLeft);
}

void TestMemcachedInvalidation::readOnlyRefusesButPreviews()
{
    const QList<QSet<QByteArray>> before = listing();
    auto s = openPool(QStringLiteral("readonly=true"));
    InvalidationJob job;
    job.patterns = {"shop:1:*"};
    for (const auto action :
         {InvalidationJob::Action::Delete, InvalidationJob::Action::Expire, InvalidationJob::Action::Bump}) {
        job.action = action;
        job.softTtlMs = 1000;
        const InvalidationReport report = runJob(*s, job);
        QCOMPARE(report.outcome, InvalidationReport::Outcome::Failed);
        QCOMPARE(report.error.kind, ErrorKind::ReadOnly);
        QCOMPARE(report.counts.affected, qint64(0));
    }
    job.action = InvalidationJob::Action::Preview;
    const InvalidationReport preview = runJob(*s, job);
    QCOMPARE(preview.outcome, InvalidationReport::Outcome::Completed);
    QCOMPARE(preview.counts.matched, qint64(8000));
    QCOMPARE(listing(), before);
}

void TestMemcachedInvalidation::serverDownFailsWithCounts()
{
    MemcachedServer gone;
    QVERIFY2(gone.start(), qPrintable(gone.errorString()));
    gone.stop();
    const auto spec =
        ConnectionSpec::parse(QStringLiteral("memcached://%1,%2,%3?connect_timeout=1")
                                  .arg(m_servers[0].address(), gone.address(), m_servers[1].address()));
    QVERIFY(spec);
    auto s = openRecorded(std::make_unique<MemcachedConnector>(*spec));
    InvalidationJob job;
    job.action = InvalidationJob::Action::Delete;
    job.patterns = {"shop:2:*"};
    const InvalidationReport report = runJob(*s, job);
    // Documented: the reachable servers are processed, the job reports Failed naming the one
    // that was not, and the counts say what was done.
    QCOMPARE(report.outcome, InvalidationReport::Outcome::Failed);
    QCOMPARE(report.error.kind, ErrorKind::Connect);
    QVERIFY2(report.error.message.contains(gone.address()), qPrintable(report.error.message));
    QCOMPARE(report.counts.affected, qint64(8000));
    const QList<QSet<QByteArray>> left = listing();
    for (const QSet<QByteArray> &keys : left) {
        for (const QByteArray &key : keys)
            QVERIFY(!key.startsWith("shop:2:"));
    }
    // Explicit keys: the same rule.
    job.patterns.clear();
    job.keys = {"shop:1:product:0", "shop:1:product:1"};
    const InvalidationReport explicitReport = runJob(*s, job);
    QCOMPARE(explicitReport.outcome, InvalidationReport::Outcome::Failed);
    QCOMPARE(explicitReport.counts.affected, qint64(2));
}

void TestMemcachedInvalidation::deletesTwentyFiveThousandKeysQuickly()
{
    QList<Item> items = m_items;
    for (int i = 0; i < 25000; ++i)
        items.append(Item{"bulk:1:views.decorators.cache.cache_page." + QByteArray::number(i),
                          QStringLiteral("bulk"), 1, i, i % 2});
    QVERIFY(load(items));
    auto s = openPool();
    InvalidationReports jobs(s->host.connector());
    InvalidationJob job;
    job.action = InvalidationJob::Action::Delete;
    job.patterns = {"bulk:*"};
    QElapsedTimer clock;
    clock.start();
    const quint64 id = s->host.runInvalidation(job);
    const auto report = jobs.wait(id, 60000);
    const qint64 wall = clock.elapsed();
    QVERIFY(report);
    QCOMPARE(report->outcome, InvalidationReport::Outcome::Completed);
    QCOMPARE(report->counts.affected, qint64(25000));
    // Progress at most ten times a second, and monotonic.
    const QList<InvalidationProgress> progress = jobs.progress.value(id);
    QVERIFY(progress.size() <= report->counts.elapsedMs / 100 + 2);
    for (qsizetype i = 1; i < progress.size(); ++i)
        QVERIFY(progress.at(i).scanned >= progress.at(i - 1).scanned);
    const QList<QSet<QByteArray>> left = listing();
    QCOMPARE(left[0].size() + left[1].size(), m_items.size() + 100);
    qInfo("deleted 25000 of %lld memcached keys (2 servers): %lld ms wall, %lld ms in the job",
          qint64(items.size() + 100), wall, report->counts.elapsedMs);
}

void TestMemcachedInvalidation::pageInvalidationRemovesOnlyThatDjangoPage()
{
    // Real Django pages, cached by cache_page through the test client (populate.py), on server 1.
    QTemporaryDir dir;
    const PythonRun populate =
        runPython(fixturesDir() + QStringLiteral("/populate.py"),
                  {QStringLiteral("--memcached"), m_servers[1].address(), QStringLiteral("--manifest"),
                   dir.filePath(QStringLiteral("m.json"))});
    QVERIFY2(populate.ok, qPrintable(populate.error));
    const QList<QSet<QByteArray>> before = listing();
    const QString url = QStringLiteral("http://testserver/pages/mc_app/plain/");
    const QByteArray md5 = QCryptographicHash::hash(url.toUtf8(), QCryptographicHash::Md5).toHex();
    qsizetype pageKeys = 0;
    for (const QByteArray &key : before[1])
        pageKeys += key.contains(md5);
    QVERIFY(pageKeys >= 2); // the header list and the GET response

    InvalidationTarget target;
    target.kind = InvalidationTarget::Kind::Page;
    target.pageUrl = url;
    target.pagePrefix = "pages";
    const auto job = planInvalidation(target, false);
    QVERIFY2(job, job ? "" : qPrintable(job.error().message));
    auto s = openPool();
    const InvalidationReport report = runJob(*s, *job);
    QVERIFY2(report.outcome == InvalidationReport::Outcome::Completed, qPrintable(report.error.message));
    QCOMPARE(report.counts.affected, qint64(pageKeys));
    const QList<QSet<QByteArray>> after = listing();
    QCOMPARE(after[0], before[0]);
    qsizetype otherPages = 0;
    for (const QByteArray &key : after[1]) {
        QVERIFY2(!key.contains(md5), key.constData());
        otherPages += key.contains("views.decorators.cache.cache_page.pages.");
    }
    QVERIFY(otherPages >= 2); // the template and varied pages are still cached
    // Nothing else went: only the page's keys (and entries populate.py wrote with short TTLs).
    for (const QByteArray &key : before[1] - after[1])
        QVERIFY2(key.contains(md5) || key.contains("short") || !key.contains("cache"), key.constData());
}

QTEST_GUILESS_MAIN(TestMemcachedInvalidation)
#include "tst_memcachedinvalidation.moc"

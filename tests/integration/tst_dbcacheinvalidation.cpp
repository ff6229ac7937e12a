// DbCacheConnector invalidation jobs on Django's cache table: SQLite (~20k rows) and a real
// PostgreSQL (a fifth of that). Keys with Django prefixes and versions, glob characters,
// LIKE's own wildcards (% _) and escape character (!), upper case (SQLite's LIKE ignores
// case, a glob does not) and UTF-8. What is left is read back with the test's own SQL; bumped
// counters and soft-expired rows are read back through real Django (python3-django).
#include "connectorrecorder.h"
#include "dbcache/dbcacheconnector.h"
#include "djangocachetable.h"
#include "invalidationreports.h"
#include "postgresserver.h"
#include "python.h"
#include "sqlitewriter.h"
#include "testselector.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <memory>

using namespace cachescope;
using namespace cachescope::test;
using namespace Qt::StringLiterals;

namespace {

struct Row
{
    QByteArray key;
    QString family;
    int version = 0;
    int index = 0;
    QString value; // base64 text, as Django stores it
    bool expired = false;
};

bool selects(const QString &selector, const Row &row)
{
    return test::selectorMatches(selector, row.family, row.version, row.index);
}

QList<CacheTableRow> tableRows(const QList<Row> &rows)
{
    QList<CacheTableRow> out;
    out.reserve(rows.size());
    for (const Row &r : rows)
        out.append(CacheTableRow{r.key, r.value, r.expired});
    return out;
}

QString b64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

} // namespace

class TestDbCacheInvalidation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void deletesExactlyTheSelection_data();
    void deletesExactlyTheSelection();
    void previewCountsAndSizes_data();
    void previewCountsAndSizes();
    void deletesExplicitKeys_data();
    void deletesExplicitKeys();
    void expireShortensWithoutReviving_data();
    void expireShortensWithoutReviving();
    void expireIsSeenByDjango_data();
    void expireIsSeenByDjango();
    void bumpIsReadByDjango_data();
    void bumpIsReadByDjango();
    void cancelStopsWithExactCounts();
    void readOnlyRefusesButPreviews();
    void postgresDownFails();

private:
    ConnectionSpec specFor(const QString &backend) const;
    QList<Row> rowsFor(const QString &backend) const;
    InvalidationReport runJob(const ConnectionSpec &spec, const InvalidationJob &job);
    // Django (USE_TZ = True, UTC, or USE_TZ = False in Paris) on its own SQLite file; python code
    // runs after setup with `cache` imported.
    bool djangoSqlite(const QString &path, bool paris, const QString &code, QString *out = nullptr);

    QTemporaryDir m_dir;
    QString m_sqlite;
    PostgresServer m_pg;
    QList<Row> m_rows;
};

void TestDbCacheInvalidation::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_sqlite = m_dir.filePath(QStringLiteral("cache.sqlite3"));
    QVERIFY(execSql(m_sqlite, {djangoCacheTableSql()}));
    QVERIFY2(m_pg.start(), qPrintable(m_pg.errorString()));
    QVERIFY2(m_pg.django(QStringLiteral("call_command('createcachetable')")), qPrintable(m_pg.errorString()));

    auto add = [this](const QString &family, const QByteArray &prefix, QList<int> versions, int perVersion,
                      bool expired = false) {
        for (const int v : versions) {
            for (int i = 0; i < perVersion; ++i) {
                QByteArray key = prefix;
                key.replace("{v}", QByteArray::number(v));
                key += QByteArray::number(i);
                // Pickled str of varying length: sizes differ from row to row.
                const QByteArray text(i % 40, 'x');
                const QByteArray pickle = "\x80\x05\x8c" + QByteArray(1, char(text.size())) + text + "\x94.";
                m_rows.append(Row{key, family, v, i, b64(pickle), expired});
            }
        }
    };
    add(QStringLiteral("shop"), "shop:{v}:product:", {1, 2, 3}, 3000);
    add(QStringLiteral("Shop"), "Shop:{v}:product:", {2}, 500);
    add(QStringLiteral("glob"), "sh*p:{v}:item:", {1, 2}, 500);
    add(QStringLiteral("question"), "sh?p:{v}:item:", {1}, 500);
    add(QStringLiteral("bracket"), "[br]:{v}:x:", {1}, 500);
    add(QStringLiteral("pct100"), "pct:100%:{v}:", {1}, 500);
    add(QStringLiteral("pct41"), "pct:%41:{v}:", {1}, 500);
    add(QStringLiteral("under"), "under_score:{v}:", {1}, 500);
    add(QStringLiteral("underX"), "underXscore:{v}:", {1}, 500);
    add(QStringLiteral("bang"), "bang!:{v}:", {1}, 500);
    add(QStringLiteral("utf"), QStringLiteral("utf:é漢:{v}:").toUtf8(), {1}, 1000);
    add(QStringLiteral("other"), "other:{v}:q:", {1}, 3000);
    add(QStringLiteral("stale"), "stale:{v}:", {1}, 300, true);
}

ConnectionSpec TestDbCacheInvalidation::specFor(const QString &backend) const
{
    if (backend == u"postgres")
        return m_pg.spec();
    ConnectionSpec spec;
    spec.backend = BackendKind::DbCache;
    spec.sqlDriver = SqlDriver::Sqlite;
    spec.database = m_sqlite;
    spec.host.clear();
    spec.port = 0;
    return spec;
}

QList<Row> TestDbCacheInvalidation::rowsFor(const QString &backend) const
{
    if (backend != u"postgres")
        return m_rows;
    QList<Row> fewer;
    for (const Row &r : m_rows) {
        if (r.index % 5 == 0 || (r.index >= 10 && r.index <= 19))
            fewer.append(r);
    }
    return fewer;
}

InvalidationReport TestDbCacheInvalidation::runJob(const ConnectionSpec &spec, const InvalidationJob &job)
{
    auto s = openRecorded(std::make_unique<DbCacheConnector>(spec));
    InvalidationReports jobs(s->host.connector());
    const quint64 id = s->host.runInvalidation(job);
    const auto report = jobs.wait(id, 120000);
    if (report)
        return *report;
    InvalidationReport timedOut;
    timedOut.outcome = InvalidationReport::Outcome::Failed;
    timedOut.error = Error::make(ErrorKind::Timeout, QStringLiteral("the test got no report in time"));
    return timedOut;
}

bool TestDbCacheInvalidation::djangoSqlite(const QString &path, bool paris, const QString &code, QString *out)
{
    // A settings module, because Django sets the process' TZ from TIME_ZONE only then.
    const QString module = paris ? QStringLiteral("paris_settings") : QStringLiteral("utc_settings");
    QFile settings(m_dir.filePath(module + QStringLiteral(".py")));
    if (!settings.exists()) {
        if (!settings.open(QIODevice::WriteOnly))
            return false;
        settings.write(QStringLiteral(R"(import os
USE_TZ = %1
TIME_ZONE = '%2'
SECRET_KEY = 'test'
DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': os.environ['SITE_DB']}}
CACHES = {'default': {'BACKEND': 'django.core.cache.backends.db.DatabaseCache', 'LOCATION': 'django_cache',
                      'OPTIONS': {'MAX_ENTRIES': 1000000}}}
)")
                           .arg(paris ? QStringLiteral("False") : QStringLiteral("True"),
                                paris ? QStringLiteral("Europe/Paris") : QStringLiteral("UTC"))
                           .toUtf8());
        settings.close();
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DJANGO_SETTINGS_MODULE"), module);
    env.insert(QStringLiteral("PYTHONPATH"), m_dir.path());
    env.insert(QStringLiteral("SITE_DB"), path);
    env.remove(QStringLiteral("TZ"));
    const PythonRun run =
        runPython(QStringLiteral("import django\ndjango.setup()\nfrom django.core.cache import "
                                 "cache\nfrom django.core.management import call_command\n") +
                      code,
                  {}, 120000, env);
    if (out)
        *out = QString::fromUtf8(run.out).trimmed();
    if (!run.ok)
        qWarning("django: %s", qPrintable(run.error));
    return run.ok;
}

void TestDbCacheInvalidation::deletesExactlyTheSelection_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QList<QByteArray>>("patterns");
    QTest::addColumn<QByteArray>("olderThanPrefix");
    QTest::addColumn<int>("olderThanVersion");
    QTest::addColumn<QStringList>("selectors");
    struct Case
    {
        const char *name;
        QList<QByteArray> patterns;
        QByteArray prefix;
        int version;
        QStringList selectors;
    };
    const QList<Case> cases = {
        {"namespace (case-sensitive)", {"shop:2:*"}, {}, 0, {u"shop/2"_s}},
        {"upper case", {"Shop:*"}, {}, 0, {u"Shop"_s}},
        {"escaped star", {"sh\\*p:1:*"}, {}, 0, {u"glob/1"_s}},
        {"unescaped star", {"sh*p:1:*"}, {}, 0, {u"shop/1"_s, u"glob/1"_s, u"question/1"_s}},
        {"escaped question mark", {"sh\\?p:*"}, {}, 0, {u"question"_s}},
        {"question mark is one byte", {"sh?p:2:*"}, {}, 0, {u"shop/2"_s, u"glob/2"_s}},
        {"escaped brackets", {"\\[br\\]:*"}, {}, 0, {u"bracket"_s}},
        {"class and single byte", {"shop:[13]:product:1?"}, {}, 0, {u"shop/1,3/10-19"_s}},
        {"percent sign", {"pct:100%:*"}, {}, 0, {u"pct100"_s}},
        {"percent lookalike", {"pct:%41:*"}, {}, 0, {u"pct41"_s}},
        {"underscore is literal", {"under_score:*"}, {}, 0, {u"under"_s}},
        {"LIKE escape character", {"bang!:*"}, {}, 0, {u"bang"_s}},
        {"utf-8", {QStringLiteral("utf:é漢:*").toUtf8()}, {}, 0, {u"utf"_s}},
        {"utf-8 counted in bytes", {"utf:?????:1:*"}, {}, 0, {u"utf"_s}},
        {"two patterns", {"shop:3:*", "other:*"}, {}, 0, {u"shop/3"_s, u"other"_s}},
        {"overlapping patterns", {"shop:*", "shop:1:*"}, {}, 0, {u"shop"_s}},
        {"one pattern LIKE cannot narrow", {"shop:3:*", "*"}, {}, 0, {u"*"_s}},
        {"versions older than 3", {"shop:*"}, "shop", 3, {u"shop/1,2"_s}},
        {"expired rows are rows", {"stale:*"}, {}, 0, {u"stale"_s}},
        {"nothing matches", {"nomatch:*"}, {}, 0, {}},
    };
    for (const QString &backend : {QStringLiteral("sqlite"), QStringLiteral("postgres")}) {
        for (const Case &c : cases) {
            QTest::addRow("%s: %s", qPrintable(backend), c.name)
                << backend << c.patterns << c.prefix << c.version << c.selectors;
        }
    }
}

void TestDbCacheInvalidation::deletesExactlyTheSelection()
{
    QFETCH(QString, backend);
    QFETCH(QList<QByteArray>, patterns);
    QFETCH(QByteArray, olderThanPrefix);
    QFETCH(int, olderThanVersion);
    QFETCH(QStringList, selectors);
    const ConnectionSpec spec = specFor(backend);
    const QList<Row> rows = rowsFor(backend);
    DjangoCacheTable table(spec);
    QVERIFY(table.load(tableRows(rows)));
    QSet<QByteArray> expectedLeft;
    qint64 expected = 0;
    for (const Row &r : rows) {
        bool hit = false;
        for (const QString &selector : std::as_const(selectors))
            hit = hit || selector == u"*" || selects(selector, r);
        if (hit)
            ++expected;
        else
            expectedLeft.insert(r.key);
    }

    InvalidationJob job;
    job.action = InvalidationJob::Action::Delete;
    job.patterns = patterns;
    job.batchSize = 700; // pages that are not a multiple of the 500-key statements
    if (!olderThanPrefix.isEmpty()) {
        job.filter.kind = KeyFilter::Kind::DjangoVersionBelow;
        job.filter.prefix = olderThanPrefix;
        job.filter.version = olderThanVersion;
    }
    const InvalidationReport report = runJob(spec, job);
    QVERIFY2(report.outcome == InvalidationReport::Outcome::Completed, qPrintable(report.error.message));
    QVERIFY2(report.warning.isEmpty(), qPrintable(report.warning));
    QCOMPARE(report.counts.matched, expected);
    QCOMPARE(report.counts.affected, expected);
    QCOMPARE(report.sample.size(), qMin<qsizetype>(100, expected));
    QVERIFY(report.counts.total >= report.counts.matched);
    QCOMPARE(report.counts.scanned, report.counts.total); // the LIKE count is what the pages read

    const QSet<QByteArray> left = table.keys();
    const QSet<QByteArray> extra = expectedLeft - left;
    const QSet<QByteArray> missed = left - expectedLeft;
    QVERIFY2(extra.isEmpty(), qPrintable(QStringLiteral("%1 extra deletions, e.g. %2")
                                             .arg(extra.size())
                                             .arg(QString::fromUtf8(extra.isEmpty() ? "" : *extra.begin()))));
    QVERIFY2(missed.isEmpty(),
             qPrintable(QStringLiteral("%1 missed, e.g. %2")
                            .arg(missed.size())
                            .arg(QString::fromUtf8(missed.isEmpty() ? "" : *missed.begin()))));
    if (expected >= 5000)
        qInfo("%s: deleted %lld of %lld rows in %lld ms", qPrintable(backend), expected, qint64(rows.size()),
              report.counts.elapsedMs);
    const InvalidationReport again = runJob(spec, job);
    QCOMPARE(again.outcome, InvalidationReport::Outcome::Completed);
    QCOMPARE(again.counts.affected, qint64(0));
}

void TestDbCacheInvalidation::previewCountsAndSizes_data()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgres") << QStringLiteral("postgres");
}

void TestDbCacheInvalidation::previewCountsAndSizes()
{
    QFETCH(QString, backend);
    const ConnectionSpec spec = specFor(backend);
    const QList<Row> rows = rowsFor(backend);
    DjangoCacheTable table(spec);
    QVERIFY(table.load(tableRows(rows)));
    qint64 matched = 0, bytes = 0;
    QSet<QByteArray> selected;
    for (const Row &r : rows) {
        if (selects(QStringLiteral("shop/2"), r)) {
            ++matched;
            bytes += r.value.size();
            selected.insert(r.key);
        }
    }
    InvalidationJob job;
    job.action = InvalidationJob::Action::Preview;
    job.patterns = {"shop:2:*"};
    const InvalidationReport report = runJob(spec, job);
    QVERIFY2(report.outcome == InvalidationReport::Outcome::Completed, qPrintable(report.error.message));
    QCOMPARE(report.counts.matched, matched);
    QCOMPARE(report.counts.affected, qint64(0));
    QCOMPARE(report.totalBytes, bytes);
    QCOMPARE(report.sample.size(), 100);
    for (const QByteArray &key : std::as_const(report.sample))
        QVERIFY2(selected.contains(key), key.constData());
    QCOMPARE(table.keys().size(), rows.size());
}

void TestDbCacheInvalidation::deletesExplicitKeys_data()
{
    previewCountsAndSizes_data();
}

void TestDbCacheInvalidation::deletesExplicitKeys()
{
    QFETCH(QString, backend);
    const ConnectionSpec spec = specFor(backend);
    const QList<Row> rows = rowsFor(backend);
    DjangoCacheTable table(spec);
    QVERIFY(table.load(tableRows(rows)));
    InvalidationJob job;
    job.action = InvalidationJob::Action::Delete;
    job.keys = {"shop:1:product:0", "pct:100%:1:10",          "no:such:key",
                "shop:1:product:0", QByteArray("bad\xff", 4), QStringLiteral("utf:é漢:1:15").toUtf8(),
                "stale:1:10"};
    const InvalidationReport report = runJob(spec, job);
    QVERIFY2(report.outcome == InvalidationReport::Outcome::Completed, qPrintable(report.error.message));
    QCOMPARE(report.counts.scanned, qint64(5));
    QCOMPARE(report.counts.matched, qint64(4));
    QCOMPARE(report.counts.affected, qint64(4));
    QCOMPARE(report.sample, (QList<QByteArray>{"shop:1:product:0", "pct:100%:1:10",
                                               QStringLiteral("utf:é漢:1:15").toUtf8(), "stale:1:10"}));
    QVERIFY2(report.warning.contains(QStringLiteral("not UTF-8")), qPrintable(report.warning));
    const QSet<QByteArray> left = table.keys();
    QCOMPARE(left.size(), rows.size() - 4);
    QVERIFY(!left.contains("shop:1:product:0") && !left.contains("pct:100%:1:10"));
    QVERIFY(left.contains("shop:1:product:5") && left.contains("pct:100%:1:15"));
}

void TestDbCacheInvalidation::expireShortensWithoutReviving_data()
{
    previewCountsAndSizes_data();
}

void TestDbCacheInvalidation::expireShortensWithoutReviving()
{
    QFETCH(QString, backend);
    const ConnectionSpec spec = specFor(backend);
    QList<Row> rows = rowsFor(backend);
    DjangoCacheTable table(spec);
    QVERIFY(table.load(tableRows(rows)));
    qint64 alive = 0, stale = 0;
    for (const Row &r : rows) {
        if (r.family == u"other")
            ++alive;
        else if (r.family == u"stale")
            ++stale;
    }
    InvalidationJob job;
    job.action = InvalidationJob::Action::Expire;
    job.patterns = {"other:*", "stale:*"};
    job.softTtlMs = 60000;
    const qint64 before = QDateTime::currentSecsSinceEpoch();
    const InvalidationReport report = runJob(spec, job);
    const qint64 after = QDateTime::currentSecsSinceEpoch();
    QVERIFY2(report.outcome == InvalidationReport::Outcome::Completed, qPrintable(report.error.message));
    QCOMPARE(report.counts.matched, alive + stale);
    QCOMPARE(report.counts.affected, alive); // expired rows stay expired
    // UTC table: now + 60 s, rounded up to the second.
    const qint64 at = table.expiresOf("other:1:q:0");
    QVERIFY2(at >= before + 60 && at <= after + 61, qPrintable(QString::number(at - before)));
    QCOMPARE(table.expiresOf("stale:1:0"),
             QDateTime(QDate(2001, 2, 3), QTime(4, 5, 6), QTimeZone::utc()).toSecsSinceEpoch());
    QCOMPARE(table.expiresOf("shop:1:product:0"),
             QDateTime(QDate(2100, 1, 1), QTime(0, 0), QTimeZone::utc()).toSecsSinceEpoch());
    // A second soft invalidation with a longer TTL does not lengthen the first.
    job.softTtlMs = 3600 * 1000;
    const InvalidationReport longer = runJob(spec, job);
    QCOMPARE(longer.counts.affected, qint64(0));
    QCOMPARE(table.expiresOf("other:1:q:0"), at);
}

void TestDbCacheInvalidation::expireIsSeenByDjango_data()
{
    QTest::addColumn<bool>("paris");
    QTest::newRow("USE_TZ = True (UTC)") << false;
    QTest::newRow("USE_TZ = False, Europe/Paris") << true;
}

void TestDbCacheInvalidation::expireIsSeenByDjango()
{
    QFETCH(bool, paris);
    const QString path =
        m_dir.filePath(paris ? QStringLiteral("paris.sqlite3") : QStringLiteral("utc.sqlite3"));
    QVERIFY(djangoSqlite(path, paris,
                         QStringLiteral("call_command('createcachetable')\n"
                                        "cache.set('soft', 'value', 3600)\ncache.set('kept', 'k', 3600)\n")));
    ConnectionSpec spec = specFor(QStringLiteral("sqlite"));
    spec.database = path;
    spec.timeZone = paris ? QStringLiteral("Europe/Paris") : QStringLiteral("UTC");
    InvalidationJob job;
    job.action = InvalidationJob::Action::Expire;
    job.patterns = {":1:soft"};
    job.softTtlMs = 10000;
    const InvalidationReport report = runJob(spec, job);
    QVERIFY2(report.outcome == InvalidationReport::Outcome::Completed, qPrintable(report.error.message));
    QCOMPARE(report.counts.affected, qint64(1));
    // Written in the site's convention: Django still sees it now (a UTC time read as Paris wall
    // clock would be an hour in the past), and no longer once the soft TTL has passed (a Paris
    // wall clock read as UTC would last an hour more).
    QString out;
    QVERIFY(djangoSqlite(path, paris, QStringLiteral("print(cache.get('soft'), cache.get('kept'))"), &out));
    QCOMPARE(out, QStringLiteral("value k"));
    QTRY_VERIFY_WITH_TIMEOUT(
        djangoSqlite(path, paris, QStringLiteral("print(cache.get('soft'), cache.get('kept'))"), &out) &&
            out == u"None k",
        40000);
}

void TestDbCacheInvalidation::bumpIsReadByDjango_data()
{
    previewCountsAndSizes_data();
}

void TestDbCacheInvalidation::bumpIsReadByDjango()
{
    QFETCH(QString, backend);
    const QString setup = QStringLiteral("cache.set('counter', 5, 3600)\ncache.set('big', 2**40, 3600)\n"
                                         "cache.set('neg', -3, None)\ncache.set('text', 'abc', 3600)\n"
                                         "cache.set('gone', 1, 0)\ncache.delete('absent')\n");
    const QString check = QStringLiteral("print(cache.get('counter'), cache.get('big'), cache.get('neg'), "
                                         "cache.get('text'), cache.incr('counter'))");
    ConnectionSpec spec = specFor(backend);
    const bool pg = backend == u"postgres";
    const QString path = m_dir.filePath(QStringLiteral("bump.sqlite3"));
    if (pg) {
        QVERIFY(DjangoCacheTable(spec).load({}));
        QVERIFY2(m_pg.django(setup), qPrintable(m_pg.errorString()));
    } else {
        QVERIFY(djangoSqlite(path, false, QStringLiteral("call_command('createcachetable')\n") + setup));
        spec.database = path;
    }
    InvalidationJob job;
    job.action = InvalidationJob::Action::Bump;
    job.keys = {":1:counter", ":1:big", ":1:neg", ":1:text", ":1:gone", ":1:absent"};
    const InvalidationReport report = runJob(spec, job);
    QVERIFY2(report.outcome == InvalidationReport::Outcome::Completed, qPrintable(report.error.message));
    QCOMPARE(report.counts.affected, qint64(3));
    QCOMPARE(report.counts.matched, qint64(4)); // 'text' exists but holds no counter
    QVERIFY2(report.warning.contains(QStringLiteral(":1:text")), qPrintable(report.warning));
    QVERIFY2(report.warning.contains(QStringLiteral(":1:gone")) &&
                 report.warning.contains(QStringLiteral(":1:absent")),
             qPrintable(report.warning));
    QString out;
    if (pg)
        QVERIFY2(m_pg.django(check, &out), qPrintable(m_pg.errorString()));
    else
        QVERIFY(djangoSqlite(path, false, check, &out));
    // Django reads the bumped values, and its own incr() works on what we wrote.
    QCOMPARE(out, QStringLiteral("6 1099511627777 -2 abc 7"));
}

void TestDbCacheInvalidation::cancelStopsWithExactCounts()
{
    const ConnectionSpec spec = specFor(QStringLiteral("sqlite"));
    DjangoCacheTable table(spec);
    QVERIFY(table.load(tableRows(m_rows)));
    auto s = openRecorded(std::make_unique<DbCacheConnector>(spec));
    InvalidationReports jobs(s->host.connector());
    InvalidationJob job;
    job.action = InvalidationJob::Action::Delete;
    job.patterns = {"shop:*"};
    job.rateLimit = 2000; // 9000 rows: over four seconds unless cancelled
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
    QVERIFY(report->counts.affected > 0 && report->counts.affected < 9000);
    const QSet<QByteArray> left = table.keys();
    qint64 shopLeft = 0;
    for (const QByteArray &key : left)
        shopLeft += key.startsWith("shop:");
    QCOMPARE(9000 - shopLeft, report->counts.affected);
    QCOMPARE(left.size(), m_rows.size() - report->counts.affected);
    QCOMPARE(jobs.finishedTimes, 1);
}

void TestDbCacheInvalidation::readOnlyRefusesButPreviews()
{
    ConnectionSpec spec = specFor(QStringLiteral("sqlite"));
    DjangoCacheTable table(spec);
    QVERIFY(table.load(tableRows(m_rows)));
    spec.readOnly = true;
    InvalidationJob job;
    job.patterns = {"shop:1:*"};
    job.softTtlMs = 1000;
    for (const auto action :
         {InvalidationJob::Action::Delete, InvalidationJob::Action::Expire, InvalidationJob::Action::Bump}) {
        job.action = action;
        const InvalidationReport report = runJob(spec, job);
        QCOMPARE(report.outcome, InvalidationReport::Outcome::Failed);
        QCOMPARE(report.error.kind, ErrorKind::ReadOnly);
    }
    job.action = InvalidationJob::Action::Preview;
    const InvalidationReport preview = runJob(spec, job);
    QVERIFY2(preview.outcome == InvalidationReport::Outcome::Completed, qPrintable(preview.error.message));
    QCOMPARE(preview.counts.matched, qint64(3000));
    QCOMPARE(table.keys().size(), m_rows.size());
}

void TestDbCacheInvalidation::postgresDownFails()
{
    const ConnectionSpec spec = m_pg.spec();
    m_pg.stop();
    InvalidationJob job;
    job.action = InvalidationJob::Action::Delete;
    job.patterns = {"shop:*"};
    const InvalidationReport report = runJob(spec, job);
    QCOMPARE(report.outcome, InvalidationReport::Outcome::Failed);
    QCOMPARE(report.error.kind, ErrorKind::Connect);
    QCOMPARE(report.counts.affected, qint64(0));
}

QTEST_GUILESS_MAIN(TestDbCacheInvalidation)
#include "tst_dbcacheinvalidation.moc"

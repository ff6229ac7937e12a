// What the invalidation window says and when it asks the operator to type: the 1,000-key /
// production rule, which phrases confirm, and that plan, progress and report sentences
// carry the exact figures (scanned, matched, written, outcome, error).
#include "invalidation/invalidationtext.h"
#include "settings/savedconnection.h"

#include <QLocale>
#include <QTest>

using namespace cachescope;

namespace {

SavedConnection connection(const QString &name, bool production = false)
{
    SavedConnection c = SavedConnection::create(name, *ConnectionSpec::parse(QStringLiteral("redis://10.0.0.5:6379/2")));
    c.production = production;
    return c;
}

InvalidationJob patternJob(const QByteArray &pattern, InvalidationJob::Action action = InvalidationJob::Action::Delete)
{
    InvalidationJob job;
    job.action = action;
    job.patterns = {pattern};
    job.description = QStringLiteral("namespace shop:3");
    return job;
}

} // namespace

class TestInvalidationText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void typedConfirmation_data();
    void typedConfirmation();
    void confirmationPhrases_data();
    void confirmationPhrases();
    void planSaysWhatWhereHowMany();
    void progressCarriesFigures();
    void reportOutcomes_data();
    void reportOutcomes();
};

void TestInvalidationText::typedConfirmation_data()
{
    QTest::addColumn<bool>("production");
    QTest::addColumn<qint64>("matched");
    QTest::addColumn<bool>("expected");
    QTest::newRow("few keys") << false << qint64(12) << false;
    QTest::newRow("exactly 1000") << false << qint64(1000) << false;
    QTest::newRow("1001") << false << qint64(1001) << true;
    QTest::newRow("production, one key") << true << qint64(1) << true;
    QTest::newRow("production, none") << true << qint64(0) << true;
}

void TestInvalidationText::typedConfirmation()
{
    QFETCH(bool, production);
    QFETCH(qint64, matched);
    QFETCH(bool, expected);
    QCOMPARE(needsTypedConfirmation(production, matched), expected);
}

void TestInvalidationText::confirmationPhrases_data()
{
    QTest::addColumn<QByteArray>("pattern");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("the pattern") << QByteArray("shop:3:*") << "shop:3:*" << true;
    QTest::newRow("pattern with spaces around") << QByteArray("shop:3:*") << "  shop:3:*  " << true;
    QTest::newRow("the connection name") << QByteArray("shop:3:*") << "prod cache" << true;
    QTest::newRow("a prefix of the pattern") << QByteArray("shop:3:*") << "shop:3:" << false;
    QTest::newRow("case differs") << QByteArray("shop:3:*") << "SHOP:3:*" << false;
    QTest::newRow("empty") << QByteArray("shop:3:*") << "" << false;
    QTest::newRow("escaped bytes typed escaped") << QByteArray("a\nb*") << "a\\nb*" << true;
    // A page job's globs are too long to type: only the connection name confirms.
    QTest::newRow("long pattern") << QByteArray(100, 'x') << QString(100, u'x') << false;
}

void TestInvalidationText::confirmationPhrases()
{
    QFETCH(QByteArray, pattern);
    QFETCH(QString, typed);
    QFETCH(bool, accepted);
    const SavedConnection c = connection(QStringLiteral("prod cache"), true);
    QCOMPARE(confirmationAccepted(typed, patternJob(pattern), c), accepted);
    QCOMPARE(cachescope::confirmationPhrases(patternJob(pattern), c).constLast(), QStringLiteral("prod cache"));
}

void TestInvalidationText::planSaysWhatWhereHowMany()
{
    const SavedConnection c = connection(QStringLiteral("prod"));
    const QString del = describePlan(patternJob("shop:3:*"), 4213, c);
    QVERIFY2(del.startsWith(QStringLiteral("Delete 4,213 keys (namespace shop:3: shop:3:*)")), qPrintable(del));
    QVERIFY2(del.contains(QStringLiteral("on prod (10.0.0.5:6379/2)")), qPrintable(del));

    InvalidationJob soft = patternJob("shop:3:*", InvalidationJob::Action::Expire);
    soft.softTtlMs = 30000;
    soft.rateLimit = 5000;
    const QString expire = describePlan(soft, 1, c);
    QVERIFY2(expire.startsWith(QStringLiteral("Set a TTL of 30s on 1 key")), qPrintable(expire));
    QVERIFY2(expire.contains(QStringLiteral("At most 5,000 keys/s.")), qPrintable(expire));

    InvalidationJob bump;
    bump.action = InvalidationJob::Action::Bump;
    bump.keys = {"shop:1:catalog_version"};
    QVERIFY(describePlan(bump, 1, c).startsWith(QStringLiteral("Increment the version counter shop:1:catalog_version")));
}

void TestInvalidationText::progressCarriesFigures()
{
    InvalidationProgress p;
    p.scanned = 120000;
    p.matched = 4213;
    p.affected = 1000;
    p.keysPerSecond = 8400.4;
    p.etaMs = 3000;
    p.elapsedMs = 1500;
    QCOMPARE(describeProgress(p, InvalidationJob::Action::Delete),
             QStringLiteral("scanned 120,000 · matched 4,213 · deleted 1,000 · 8,400 keys/s · ETA 3.0 s · 1.5 s"));
    QCOMPARE(describeProgress(p, InvalidationJob::Action::Preview), QStringLiteral("scanned 120,000 · matched 4,213 · 1.5 s"));
    p.total = 200000;
    p.etaMs = -1;
    QVERIFY(describeProgress(p, InvalidationJob::Action::Expire).contains(QStringLiteral("scanned 120,000 of 200,000")));
    QVERIFY(describeProgress(p, InvalidationJob::Action::Expire).contains(QStringLiteral("ETA unknown")));
}

void TestInvalidationText::reportOutcomes_data()
{
    QTest::addColumn<int>("outcome");
    QTest::addColumn<QString>("start");
    QTest::newRow("completed") << int(InvalidationReport::Outcome::Completed) << "Completed: deleted 1,200 keys of 4,213 matched";
    QTest::newRow("cancelled") << int(InvalidationReport::Outcome::Cancelled) << "Cancelled: deleted 1,200 keys of 4,213 matched";
    QTest::newRow("failed") << int(InvalidationReport::Outcome::Failed) << "Failed: deleted 1,200 keys of 4,213 matched";
}

void TestInvalidationText::reportOutcomes()
{
    QFETCH(int, outcome);
    QFETCH(QString, start);
    InvalidationReport r;
    r.outcome = InvalidationReport::Outcome(outcome);
    r.counts.scanned = 9000;
    r.counts.matched = 4213;
    r.counts.affected = 1200;
    r.counts.elapsedMs = 2500;
    if (r.outcome == InvalidationReport::Outcome::Failed)
        r.error = Error::make(ErrorKind::Timeout, QStringLiteral("UNLINK timed out"));
    const QString text = describeReport(patternJob("shop:3:*"), r, connection(QStringLiteral("prod")));
    QVERIFY2(text.startsWith(start), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("scanned 9,000, 2.5 s")), qPrintable(text));
    QCOMPARE(text.contains(QStringLiteral("UNLINK timed out")), r.outcome == InvalidationReport::Outcome::Failed);
}

QTEST_GUILESS_MAIN(TestInvalidationText)
#include "tst_invalidationtext.moc"

// The bookkeeping every backend's job runner shares: sample, counts, progress throttle,
// rate cap and the final report.
#include "core/invalidationpacer.h"

#include <QElapsedTimer>
#include <QTest>

using namespace cachescope;

namespace {

InvalidationJob job(InvalidationJob::Action action, int rateLimit = 0, int batchSize = 1000,
                    int sampleSize = 100)
{
    InvalidationJob j;
    j.action = action;
    j.patterns = {"*"};
    j.rateLimit = rateLimit;
    j.batchSize = batchSize;
    j.sampleSize = sampleSize;
    return j;
}

} // namespace

class TestInvalidationPacer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sample_data()
    {
        QTest::addColumn<int>("sampleSize");
        QTest::addColumn<int>("matched");
        QTest::newRow("fewer than the sample") << 100 << 7;
        QTest::newRow("exactly the sample") << 5 << 5;
        QTest::newRow("more than the sample") << 3 << 50;
        QTest::newRow("no sample") << 0 << 10;
    }
    void sample()
    {
        QFETCH(int, sampleSize);
        QFETCH(int, matched);
        InvalidationPacer pacer(job(InvalidationJob::Action::Preview, 0, 1000, sampleSize));
        for (int i = 0; i < matched; ++i)
            pacer.addMatched("k" + QByteArray::number(i));
        const InvalidationReport r = pacer.report(InvalidationReport::Outcome::Completed);
        QCOMPARE(r.counts.matched, matched);
        QCOMPARE(r.sample.size(), qMin(sampleSize, matched));
        for (qsizetype i = 0; i < r.sample.size(); ++i)
            QCOMPARE(r.sample.at(i), QByteArray("k" + QByteArray::number(i))); // the first ones, in order
        QVERIFY(r.sampleServers.isEmpty());
    }

    void sampleServersStayParallel()
    {
        InvalidationPacer pacer(job(InvalidationJob::Action::Delete, 0, 1000, 4));
        pacer.addMatched("a");
        pacer.addMatched("b", QStringLiteral("10.0.0.1:11211"));
        pacer.addMatched("c");
        pacer.addMatched("d", QStringLiteral("10.0.0.2:11211"));
        pacer.addMatched("e", QStringLiteral("10.0.0.3:11211"));
        const InvalidationReport r = pacer.report(InvalidationReport::Outcome::Completed);
        QCOMPARE(r.sample, (QList<QByteArray>{"a", "b", "c", "d"}));
        QCOMPARE(r.sampleServers, (QList<QString>{QString(), QStringLiteral("10.0.0.1:11211"), QString(),
                                                  QStringLiteral("10.0.0.2:11211")}));
    }

    void countsAndBytes()
    {
        InvalidationPacer pacer(job(InvalidationJob::Action::Delete));
        QCOMPARE(pacer.report(InvalidationReport::Outcome::Completed).totalBytes, -1); // unknown
        pacer.addScanned(1000);
        pacer.addScanned(500);
        pacer.addMatched("a");
        pacer.addAffected(1);
        pacer.addBytes(-1); // unknown size: ignored
        pacer.addBytes(0);
        QCOMPARE(pacer.report(InvalidationReport::Outcome::Completed).totalBytes, 0);
        pacer.addBytes(300);
        pacer.setTotal(3000);
        pacer.setWarning(QStringLiteral("capped listing"));
        const InvalidationReport r = pacer.report(InvalidationReport::Outcome::Failed,
                                                  Error::make(ErrorKind::Server, QStringLiteral("OOM")));
        QCOMPARE(r.outcome, InvalidationReport::Outcome::Failed);
        QCOMPARE(r.error.kind, ErrorKind::Server);
        QCOMPARE(r.counts.scanned, 1500);
        QCOMPARE(r.counts.matched, 1);
        QCOMPARE(r.counts.affected, 1);
        QCOMPARE(r.counts.total, 3000);
        QCOMPARE(r.counts.etaMs, -1); // not completed: no ETA
        QCOMPARE(r.totalBytes, 300);
        QCOMPARE(r.warning, QStringLiteral("capped listing"));
        QCOMPARE(pacer.report(InvalidationReport::Outcome::Completed).counts.etaMs, 0);
    }

    void progressIsThrottled()
    {
        InvalidationPacer pacer(job(InvalidationJob::Action::Delete));
        QVERIFY(pacer.progressDue()); // the first one at once
        QElapsedTimer timer;
        timer.start();
        int due = 0;
        while (timer.elapsed() < 50) {
            if (pacer.progressDue())
                ++due;
        }
        QCOMPARE(due, 0);
        // progressDue() has a side effect and QTRY_* evaluates once more at the end: latch it.
        bool dueAgain = false;
        QTRY_VERIFY_WITH_TIMEOUT(dueAgain || (dueAgain = pacer.progressDue()), 1000);
        QVERIFY(timer.elapsed() >= 95);
        QVERIFY(!pacer.progressDue());
    }

    void speedAndEta()
    {
        InvalidationPacer pacer(job(InvalidationJob::Action::Delete));
        pacer.setTotal(1000);
        pacer.addScanned(250);
        pacer.addAffected(100);
        QTRY_VERIFY(pacer.progress().elapsedMs >= 20);
        const InvalidationProgress p = pacer.progress();
        QVERIFY(p.keysPerSecond > 0);
        QVERIFY(qAbs(p.keysPerSecond - 100 * 1000.0 / p.elapsedMs) < 100 * 1000.0 / p.elapsedMs * 0.2 + 1);
        // Three quarters of the keyspace left at the pace so far: about 3x the elapsed time.
        QVERIFY2(p.etaMs >= 2 * p.elapsedMs && p.etaMs <= 4 * p.elapsedMs + 50,
                 qPrintable(QString::number(p.etaMs)));

        // The whole keyspace scanned but 900 matched keys still to write at the pace so far
        // (a rate cap): the ETA counts the writes, not only the scan.
        InvalidationPacer writing(job(InvalidationJob::Action::Delete, 100));
        writing.setTotal(1000);
        writing.addScanned(1000);
        for (int i = 0; i < 1000; ++i)
            writing.addMatched("k");
        writing.addAffected(100);
        QTRY_VERIFY(writing.progress().elapsedMs >= 20);
        const InvalidationProgress wp = writing.progress();
        QVERIFY2(wp.etaMs >= 8 * wp.elapsedMs && wp.etaMs <= 10 * wp.elapsedMs + 100,
                 qPrintable(QString::number(wp.etaMs)));

        InvalidationPacer unknown(job(InvalidationJob::Action::Delete));
        unknown.addScanned(10);
        QCOMPARE(unknown.progress().etaMs, -1); // no total while scanning

        InvalidationJob keysJob = job(InvalidationJob::Action::Delete);
        keysJob.patterns.clear();
        keysJob.keys = {"a", "b", "c", "d"};
        InvalidationPacer keys(keysJob);
        keys.addAffected(2);
        QTRY_VERIFY(keys.progress().elapsedMs >= 10);
        const InvalidationProgress kp = keys.progress();
        QVERIFY(kp.etaMs >= 0 && kp.etaMs <= 2 * kp.elapsedMs + 50); // two of four left

        // A preview counts matched keys per second.
        InvalidationPacer preview(job(InvalidationJob::Action::Preview));
        preview.addMatched("a");
        QTRY_VERIFY(preview.progress().elapsedMs >= 5);
        QVERIFY(preview.progress().keysPerSecond > 0);
        QCOMPARE(preview.progress().affected, 0);
    }

    void batchSize_data()
    {
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("batch");
        QTest::addColumn<int>("expected");
        QTest::newRow("no cap") << 0 << 1000 << 1000;
        QTest::newRow("high cap") << 100000 << 1000 << 1000;
        QTest::newRow("tenth of the cap") << 500 << 1000 << 50;
        QTest::newRow("tiny cap") << 3 << 1000 << 1;
        QTest::newRow("small batch") << 5000 << 10 << 10;
    }
    void batchSize()
    {
        QFETCH(int, rate);
        QFETCH(int, batch);
        QFETCH(int, expected);
        QCOMPARE(InvalidationPacer(job(InvalidationJob::Action::Delete, rate, batch)).nextBatchSize(),
                 expected);
    }

    void noCapNoDelay()
    {
        InvalidationPacer pacer(job(InvalidationJob::Action::Delete));
        pacer.addAffected(1000000);
        QCOMPARE(pacer.delayBeforeWriteMs(1000), 0);
    }

    // Writing as fast as the pacer allows keeps within the cap.
    void rateCapHolds()
    {
        constexpr int Rate = 200;
        InvalidationPacer pacer(job(InvalidationJob::Action::Delete, Rate));
        const int batch = pacer.nextBatchSize();
        QCOMPARE(batch, 20);
        QElapsedTimer timer;
        timer.start();
        qint64 written = 0;
        while (written < 100) {
            const qint64 delay = pacer.delayBeforeWriteMs(batch);
            QVERIFY(delay <= 1000 * batch / Rate + 1);
            if (delay > 0) {
                QTest::qWait(int(delay)); // what a runner's timer does between batches
                continue;
            }
            pacer.addAffected(batch);
            written += batch;
            // Never ahead of the cap: written keys fit in the elapsed time (+ this batch).
            QVERIFY2(written <= Rate * timer.elapsed() / 1000 + batch,
                     qPrintable(QStringLiteral("%1 keys after %2 ms").arg(written).arg(timer.elapsed())));
        }
        QVERIFY(timer.elapsed() >= 1000 * (100 - batch) / Rate - 10);
    }

    // Time spent scanning without writing banks at most one second of keys, so a long
    // scan does not end in an unpaced burst on a loaded server.
    void idleTimeBanksAtMostOneSecond()
    {
        constexpr int Rate = 100;
        InvalidationPacer pacer(job(InvalidationJob::Action::Delete, Rate));
        QElapsedTimer idle;
        idle.start();
        QTRY_VERIFY_WITH_TIMEOUT(idle.elapsed() >= 1600, 5000); // a scan that matched nothing yet
        qint64 burst = 0;
        while (pacer.delayBeforeWriteMs(10) == 0 && burst < 1000) {
            pacer.addAffected(10);
            burst += 10;
        }
        QVERIFY2(burst >= 80 && burst <= Rate + 10, qPrintable(QString::number(burst)));
    }
};

QTEST_GUILESS_MAIN(TestInvalidationPacer)
#include "tst_invalidationpacer.moc"

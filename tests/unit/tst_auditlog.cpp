// The audit trail: JSON lines that survive a round trip, skip what is not theirs, never hold
// a password, live where $CACHESCOPE_DATA_DIR says, and stay whole with two writers.
#include "core/connectionspec.h"
#include "ops/auditlog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace cachescope;

namespace {

AuditEntry sampleEntry()
{
    AuditEntry e = AuditEntry::now(QStringLiteral("cli"));
    e.connectionName = QStringLiteral("prod cache");
    e.url = QStringLiteral("redis://10.0.0.5:6379/2");
    e.operation = QStringLiteral("delete");
    e.target = QStringLiteral("namespace shop:3");
    e.patterns = {QStringLiteral("shop:3:*")};
    e.previewCount = 1234;
    e.affectedCount = 1200;
    e.durationMs = 842;
    e.outcome = QStringLiteral("cancelled");
    e.error = QStringLiteral("stopped by the operator");
    e.sampleKeys = {"shop:3:a", QByteArray("shop:3:\x00\xff\n", 10), "shop:3:caf\xc3\xa9"};
    return e;
}

} // namespace

class TestAuditLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip()
    {
        QTemporaryDir dir;
        AuditLog log(dir.filePath(QStringLiteral("sub/dir/audit.jsonl"))); // folders made on first use
        const AuditEntry written = sampleEntry();
        QVERIFY(!log.append(written));
        AuditEntry second = AuditEntry::now(QStringLiteral("gui"));
        second.operation = QStringLiteral("bump");
        second.outcome = QStringLiteral("completed");
        QVERIFY(!log.append(second));

        int skipped = -1;
        const QList<AuditEntry> read = log.readAll(&skipped);
        QCOMPARE(skipped, 0);
        QCOMPARE(read.size(), 2);
        const AuditEntry &e = read.first();
        QCOMPARE(e.time, written.time.toUTC());
        QCOMPARE(e.time.timeSpec(), Qt::UTC);
        QCOMPARE(e.osUser, written.osUser);
        QCOMPARE(e.host, written.host);
        QCOMPARE(e.tool, QStringLiteral("cli"));
        QCOMPARE(e.connectionName, written.connectionName);
        QCOMPARE(e.url, written.url);
        QCOMPARE(e.operation, written.operation);
        QCOMPARE(e.target, written.target);
        QCOMPARE(e.patterns, written.patterns);
        QCOMPARE(e.previewCount, 1234);
        QCOMPARE(e.affectedCount, 1200);
        QCOMPARE(e.durationMs, 842);
        QCOMPARE(e.outcome, written.outcome);
        QCOMPARE(e.error, written.error);
        QCOMPARE(e.sampleKeys, written.sampleKeys);
        QCOMPARE(read.at(1).tool, QStringLiteral("gui"));
        QCOMPARE(read.at(1).previewCount, -1); // no preview: null in the file, -1 back
        QCOMPARE(read.at(1).sampleKeys, QList<QByteArray>{});
    }

    void nowFillsWhoAndWhere()
    {
        const QDateTime before = QDateTime::currentDateTimeUtc();
        const AuditEntry e = AuditEntry::now(QStringLiteral("cli"));
        QVERIFY(e.time >= before && e.time <= QDateTime::currentDateTimeUtc());
        QCOMPARE(e.tool, QStringLiteral("cli"));
        QVERIFY(!e.host.isEmpty());
        const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
        if (!user.isEmpty())
            QCOMPARE(e.osUser, user);
        QVERIFY(!e.osUser.isEmpty()); // the account name when the environment has none
        qputenv("USER", "");
        qputenv("USERNAME", "");
        qputenv("LOGNAME", "");
        QVERIFY(!AuditEntry::now(QStringLiteral("cli")).osUser.isEmpty());
        qputenv("USER", user.toLocal8Bit());
    }

    void lineFormat()
    {
        QTemporaryDir dir;
        AuditLog log(dir.filePath(QStringLiteral("audit.jsonl")));
        AuditEntry e = sampleEntry();
        e.time = QDateTime(QDate(2026, 3, 4), QTime(3, 12, 5, 7), Qt::UTC);
        for (int i = 0; i < 30; ++i)
            e.sampleKeys.append("k" + QByteArray::number(i));
        QVERIFY(!log.append(e));
        QFile file(log.path());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QCOMPARE(content.count('\n'), 1);
        QVERIFY(content.endsWith('\n'));
        const QJsonObject o = QJsonDocument::fromJson(content).object();
        QCOMPARE(o[u"time"].toString(), QStringLiteral("2026-03-04T03:12:05.007Z"));
        QCOMPARE(o[u"sample"].toArray().size(), 20); // capped
        QCOMPARE(o[u"sample"].toArray().at(1).toString(), QStringLiteral("shop:3:\\0\\xff\\n"));
        QCOMPARE(o[u"preview_count"].toInteger(), 1234);
        QCOMPARE(o[u"outcome"].toString(), QStringLiteral("cancelled"));
    }

    void skipsBadLines()
    {
        QTemporaryDir dir;
        AuditLog log(dir.filePath(QStringLiteral("audit.jsonl")));
        QVERIFY(!log.append(sampleEntry()));
        {
            QFile file(log.path());
            QVERIFY(file.open(QIODevice::Append));
            file.write("not json at all\n");
            file.write("{\"truncated\": \n");
            file.write("[1, 2, 3]\n");
            file.write("{\"time\": \"yesterday\", \"operation\": \"delete\", \"outcome\": \"completed\"}\n");
            file.write("{\"time\": \"2026-01-01T00:00:00.000Z\", \"outcome\": \"completed\"}\n");
            file.write("\n");
        }
        QVERIFY(!log.append(sampleEntry()));
        int skipped = 0;
        const QList<AuditEntry> read = log.readAll(&skipped);
        QCOMPARE(read.size(), 2);
        QCOMPARE(skipped, 5);
        QCOMPARE(read.at(1).target, QStringLiteral("namespace shop:3"));
    }

    void missingFileIsEmpty()
    {
        QTemporaryDir dir;
        int skipped = -1;
        QCOMPARE(AuditLog(dir.filePath(QStringLiteral("none.jsonl"))).readAll(&skipped).size(), 0);
        QCOMPARE(skipped, 0);
    }

    void unwritableIsAnError()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        // A folder where a file is: neither mkpath nor open can succeed, even as root.
        const auto error = AuditLog(dir.filePath(QStringLiteral("file/audit.jsonl"))).append(sampleEntry());
        QVERIFY(error.has_value());
        QVERIFY(error->message.contains(QStringLiteral("audit log")));
    }

    void neverWritesPasswords_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("stored");
        QTest::newRow("redis password") << "redis://:s3cretPW@10.0.0.5:6379/0"
                                        << "s3cretPW"
                                        << "redis://10.0.0.5:6379/0";
        QTest::newRow("redis user and password") << "redis://ops:s3cretPW@10.0.0.5:6379/0"
                                                 << "s3cretPW"
                                                 << "redis://ops@10.0.0.5:6379/0";
        QTest::newRow("memcached pool") << "memcached://ops:s3cretPW@10.0.0.1:11211,10.0.0.2:11211"
                                        << "s3cretPW"
                                        << "memcached://ops@10.0.0.1:11211,10.0.0.2:11211";
        QTest::newRow("postgres") << "postgresql://site:s3cretPW@db:5432/site?table=django_cache"
                                  << "s3cretPW"
                                  << "postgresql://site@db:5432/site?table=django_cache";
        QTest::newRow("password with @") << "redis://:s3c@retPW@h:1/0"
                                         << "retPW"
                                         << "redis://h:1/0";
    }
    // Even a caller that forgets ConnectionSpec::toUrl() cannot leak a password.
    void neverWritesPasswords()
    {
        QFETCH(QString, url);
        QFETCH(QString, secret);
        QFETCH(QString, stored);
        QTemporaryDir dir;
        AuditLog log(dir.filePath(QStringLiteral("audit.jsonl")));
        AuditEntry e = sampleEntry();
        e.url = url;
        QVERIFY(!log.append(e));
        const auto spec = ConnectionSpec::parse(url);
        if (spec) {
            e.url = spec->toUrl();
            QVERIFY(!log.append(e));
        }
        QFile file(log.path());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY2(!content.contains(secret.toUtf8()), content.constData());
        QCOMPARE(log.readAll().first().url, stored);
    }

    void dataDirFromEnvironment()
    {
        QTemporaryDir dir;
        const QByteArray old = qgetenv("CACHESCOPE_DATA_DIR");
        qputenv("CACHESCOPE_DATA_DIR", dir.path().toLocal8Bit());
        const QString path = AuditLog::defaultPath();
        QCOMPARE(AuditLog().path(), path);
        if (old.isNull())
            qunsetenv("CACHESCOPE_DATA_DIR");
        else
            qputenv("CACHESCOPE_DATA_DIR", old);
        QCOMPARE(path, dir.filePath(QStringLiteral("audit.jsonl")));
        QVERIFY(!AuditLog(path).append(sampleEntry()));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("audit.jsonl"))));
        // Without it: the per-user data folder both the GUI and the CLI use.
        QVERIFY(AuditLog::defaultPath().endsWith(QStringLiteral("/CacheScope/audit.jsonl")));
    }

    // Two processes appending at once (this test binary re-run as a writer): every line is
    // whole and every entry is there.
    void twoWritersAppend()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
        constexpr int PerWriter = 400;
        QList<QProcess *> writers;
        for (const char *name : {"A", "B"}) {
            auto *p = new QProcess(this);
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("AUDIT_WRITER"), QString::fromLatin1(name));
            env.insert(QStringLiteral("AUDIT_PATH"), path);
            env.insert(QStringLiteral("AUDIT_COUNT"), QString::number(PerWriter));
            p->setProcessEnvironment(env);
            p->start(QCoreApplication::applicationFilePath(), {QStringLiteral("writerProcess")});
            writers.append(p);
        }
        for (QProcess *p : writers) {
            QVERIFY(p->waitForFinished(60000));
            QCOMPARE(p->exitCode(), 0);
            delete p;
        }
        int skipped = -1;
        const QList<AuditEntry> read = AuditLog(path).readAll(&skipped);
        QCOMPARE(skipped, 0);
        QCOMPARE(read.size(), 2 * PerWriter);
        QSet<QString> seen;
        for (const AuditEntry &e : read)
            seen.insert(e.target);
        QCOMPARE(seen.size(), 2 * PerWriter);
    }

    // Not a test on its own: the body of twoWritersAppend()'s child processes.
    void writerProcess()
    {
        const QString writer = qEnvironmentVariable("AUDIT_WRITER");
        if (writer.isEmpty())
            QSKIP("only run as a child of twoWritersAppend");
        AuditLog log(qEnvironmentVariable("AUDIT_PATH"));
        const int count = qEnvironmentVariableIntValue("AUDIT_COUNT");
        AuditEntry e = sampleEntry();
        // Long lines (a full sample) make an interleaving inside a line likely if it could happen.
        for (int i = 0; i < 20; ++i)
            e.sampleKeys.append(QByteArray(200, char('a' + i)));
        for (int i = 0; i < count; ++i) {
            e.target = QStringLiteral("%1-%2").arg(writer).arg(i);
            QVERIFY(!log.append(e));
        }
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"

// `cachescope-cli invalidate` end to end against a real redis-server (password protected,
// so the audit log's "no password" promise is tested too): every target deletes exactly
// its keys (full SCAN before and after), --dry-run writes nothing, --soft sets TTLs, --bump
// increments, no --yes without a terminal refuses, read-only refuses, Ctrl-C stops with
// an exact report, every write lands in the audit log, and a page cached by real Django
// (populate.py) goes with nothing else.

#include "clirun.h"
#include "djangomanifest.h"
#include "redisserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <signal.h>

using namespace cachescope;
using namespace cachescope::test;

namespace {

const QString Password = QStringLiteral("s3cret-Pw");
using KeyPredicate = std::function<bool(const QByteArray &)>;

// The Django version of "PREFIX:V:rest" for this exact prefix, else nullopt.
std::optional<int> versionOf(const QByteArray &key, const QByteArray &prefix)
{
    if (!key.startsWith(QByteArray(prefix + ':')))
        return std::nullopt;
    const QByteArray rest = key.mid(prefix.size() + 1);
    const qsizetype colon = rest.indexOf(':');
    if (colon <= 0)
        return std::nullopt;
    bool ok = false;
    const int v = rest.first(colon).toInt(&ok);
    return ok && QByteArray::number(v) == rest.first(colon) ? std::optional<int>(v) : std::nullopt;
}

} // namespace

Q_DECLARE_METATYPE(KeyPredicate)

class TestCliInvalidate : public QObject
{
    Q_OBJECT

private:
    QString m_cli;
    RedisServer m_redis;
    QString m_url;
    QTemporaryDir m_dataDir;

    QProcessEnvironment env() const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("CACHESCOPE_DATA_DIR"), m_dataDir.path());
        return e;
    }
    CliResult cli(const QStringList &args, int timeoutMs = 60000)
    {
        return runCli(QStringList{QStringLiteral("invalidate"), m_url} + args, env(), timeoutMs);
    }
    QSet<QByteArray> scanAll()
    {
        QSet<QByteArray> keys;
        QByteArray cursor = "0";
        do {
            const RespValue reply = m_redis.command({"SCAN", cursor, "COUNT", "1000"});
            if (!reply.isArray() || reply.elements.size() != 2)
                return {};
            cursor = reply.elements.at(0).str;
            for (const RespValue &k : reply.elements.at(1).elements)
                keys.insert(k.str);
        } while (cursor != "0");
        return keys;
    }
    // Prefixes with glob characters, colons and a prefix of another, versions 1, 2, 3, 10,
    // plus keys that are not Django's.
    void load()
    {
        QVERIFY(!m_redis.command({"FLUSHDB"}).isError());
        const QList<QByteArray> prefixes = {"shop", "shop:eu", "s*p", "sxp", "s[1]", "s\\p", ""};
        QList<QByteArray> mset{"MSET"};
        for (const QByteArray &prefix : prefixes) {
            for (const int version : {1, 2, 3, 10}) {
                for (int i = 0; i < 25; ++i) {
                    mset << QByteArray(prefix + ':' + QByteArray::number(version) + ":k" +
                                       QByteArray::number(i))
                         << "v";
                }
            }
        }
        mset << "shop:x:1"
             << "v"
             << "shop"
             << "v"
             << "shopping:1:k"
             << "v"
             << "counter"
             << "5" << QByteArray("shop:3:\x00\xff", 9) << "bin";
        QVERIFY(!m_redis.command(mset).isError());
    }
    QList<QJsonObject> auditLines()
    {
        QList<QJsonObject> out;
        QFile file(m_dataDir.filePath(QStringLiteral("audit.jsonl")));
        if (!file.open(QIODevice::ReadOnly))
            return out;
        while (!file.atEnd()) {
            const QByteArray line = file.readLine();
            out.append(QJsonDocument::fromJson(line).object());
            if (line.contains(Password.toUtf8()))
                qWarning("the audit log holds the password");
        }
        return out;
    }
    void checkNoPasswordLogged()
    {
        QFile file(m_dataDir.filePath(QStringLiteral("audit.jsonl")));
        if (file.open(QIODevice::ReadOnly))
            QVERIFY(!file.readAll().contains(Password.toUtf8()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_cli = cliPath();
        QVERIFY2(!m_cli.isEmpty(), CliMissingMessage);
        QVERIFY(m_dataDir.isValid());
        QVERIFY2(m_redis.start({QStringLiteral("--requirepass"), Password}),
                 qPrintable(m_redis.errorString()));
        m_url = m_redis.url(QStringLiteral(":") + Password);
    }
    void cleanup() { checkNoPasswordLogged(); }

    void deletesExactlyTheTarget_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<KeyPredicate>("selects");
        const auto row = [](const char *name, QStringList args, KeyPredicate p) {
            QTest::newRow(name) << args << p;
        };
        row("keys",
            {QStringLiteral("--key"), QStringLiteral("shop:1:k0"), QStringLiteral("--key"),
             QStringLiteral("s*p:2:k3"), QStringLiteral("--key"), QStringLiteral("shop:3:\\0\\xff"),
             QStringLiteral("--key"), QStringLiteral("missing")},
            [](const QByteArray &k) {
                return k == "shop:1:k0" || k == "s*p:2:k3" || k == QByteArray("shop:3:\x00\xff", 9);
            });
        row("match", {QStringLiteral("--match"), QStringLiteral("s?p:1*")}, [](const QByteArray &k) {
            return k.size() > 5 && k[0] == 's' && k[2] == 'p' && k.mid(3, 2) == ":1";
        });
        row("namespace", {QStringLiteral("--namespace"), QStringLiteral("shop:3")},
            [](const QByteArray &k) { return k.startsWith("shop:3:"); });
        row("namespace with a star", {QStringLiteral("--namespace"), QStringLiteral("s*p:2")},
            [](const QByteArray &k) { return k.startsWith("s*p:2:"); });
        row("namespace with brackets", {QStringLiteral("--namespace"), QStringLiteral("s[1]:10")},
            [](const QByteArray &k) { return k.startsWith("s[1]:10:"); });
        row("namespace with a backslash", {QStringLiteral("--namespace"), QStringLiteral("s\\p:1")},
            [](const QByteArray &k) { return k.startsWith("s\\p:1:"); });
        row("namespace of a colon prefix", {QStringLiteral("--namespace"), QStringLiteral("shop:eu:2")},
            [](const QByteArray &k) { return k.startsWith("shop:eu:2:"); });
        row("prefix", {QStringLiteral("--prefix"), QStringLiteral("shop")},
            [](const QByteArray &k) { return versionOf(k, "shop").has_value(); });
        row("empty prefix", {QStringLiteral("--prefix"), QString()},
            [](const QByteArray &k) { return versionOf(k, "").has_value(); });
        row("older than", {QStringLiteral("--older-than"), QStringLiteral("shop:eu:3")},
            [](const QByteArray &k) { return versionOf(k, "shop:eu").value_or(99) < 3; });
        row("older than, glob prefix", {QStringLiteral("--older-than"), QStringLiteral("s*p:10")},
            [](const QByteArray &k) { return versionOf(k, "s*p").value_or(99) < 10; });
    }
    void deletesExactlyTheTarget()
    {
        QFETCH(QStringList, args);
        QFETCH(KeyPredicate, selects);
        load();
        const QSet<QByteArray> before = scanAll();
        QSet<QByteArray> expectedGone;
        for (const QByteArray &k : before) {
            if (selects(k))
                expectedGone.insert(k);
        }
        QVERIFY(!expectedGone.isEmpty());
        const qsizetype auditBefore = auditLines().size();

        const CliResult r = cli(args + QStringList{QStringLiteral("--yes"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, r.err.constData());
        const QSet<QByteArray> after = scanAll();
        QCOMPARE(before - after, expectedGone); // nothing missed
        QCOMPARE(after, before - expectedGone); // nothing extra

        const QJsonObject o = parseJsonObject(r.out.trimmed());
        QCOMPARE(o[u"outcome"].toString(), QStringLiteral("completed"));
        QCOMPARE(o[u"report"][u"affected"].toInteger(), expectedGone.size());
        // --yes skips the preview scan: the job's own counts are the record.
        QVERIFY(o[u"preview"].isNull());
        // Explicit keys count as matched whether or not they exist; a pattern matches what is there.
        const qsizetype matched = args.contains(QStringLiteral("--key")) ? args.count(QStringLiteral("--key"))
                                                                        : expectedGone.size();
        QCOMPARE(o[u"report"][u"matched"].toInteger(), matched);
        QCOMPARE(o[u"report"][u"sample"].toArray().size(), qMin<qsizetype>(100, matched));

        const QList<QJsonObject> audit = auditLines();
        QCOMPARE(audit.size(), auditBefore + 1);
        const QJsonObject entry = audit.last();
        QCOMPARE(entry[u"tool"].toString(), QStringLiteral("cli"));
        QCOMPARE(entry[u"operation"].toString(), QStringLiteral("delete"));
        QCOMPARE(entry[u"outcome"].toString(), QStringLiteral("completed"));
        QCOMPARE(entry[u"affected_count"].toInteger(), expectedGone.size());
        QVERIFY(entry[u"preview_count"].isNull());
        QCOMPARE(entry[u"url"].toString(), QStringLiteral("redis://127.0.0.1:%1/0").arg(m_redis.port()));
        QVERIFY(!entry[u"sample"].toArray().isEmpty());

        // Running it twice is harmless: nothing left to do, nothing else touched.
        const CliResult again = cli(args + QStringList{QStringLiteral("--yes")});
        QVERIFY2(again.code == 0, again.err.constData());
        QCOMPARE(scanAll(), after);
    }

    void dryRunWritesNothing()
    {
        load();
        const QSet<QByteArray> before = scanAll();
        const qsizetype auditBefore = auditLines().size();
        const CliResult r =
            cli({QStringLiteral("--prefix"), QStringLiteral("shop"), QStringLiteral("--dry-run")});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(scanAll(), before);
        const QList<QByteArray> lines = outputLines(r.out);
        QVERIFY2(lines.value(0).startsWith("Preview: 101 keys match prefix shop on 127.0.0.1:"),
                 r.out.constData());
        QCOMPARE(lines.size(), 1 + 20 + 1); // the head, 20 keys, "… and 81 more"
        QVERIFY(lines.last().contains("81 more"));
        QCOMPARE(auditLines().size(), auditBefore); // a preview is not a write

        const CliResult json = cli({QStringLiteral("--namespace"), QStringLiteral("sxp:3"),
                                    QStringLiteral("--dry-run"), QStringLiteral("--json")});
        QVERIFY2(json.code == 0, json.err.constData());
        const QJsonObject o = parseJsonObject(json.out.trimmed());
        QCOMPARE(o[u"outcome"].toString(), QStringLiteral("dry-run"));
        QCOMPARE(o[u"preview"][u"matched"].toInteger(), 25);
        QCOMPARE(o[u"preview"][u"sample"].toArray().size(), 25); // all of it in JSON
        QVERIFY(o[u"report"].isNull());
        QCOMPARE(o[u"patterns"].toArray().first().toString(), QStringLiteral("sxp:3:*"));
        QCOMPARE(scanAll(), before);
    }

    void softSetsTtls()
    {
        load();
        const CliResult r = cli({QStringLiteral("--namespace"), QStringLiteral("shop:2"),
                                 QStringLiteral("--soft"), QStringLiteral("100"), QStringLiteral("--yes")});
        QVERIFY2(r.code == 0, r.err.constData());
        int expiring = 0;
        for (const QByteArray &k : scanAll()) {
            const qint64 pttl = m_redis.command({"PTTL", k}).toInteger();
            if (k.startsWith("shop:2:")) {
                QVERIFY2(pttl > 90000 && pttl <= 100000, k.constData());
                ++expiring;
            } else {
                QCOMPARE(pttl, -1);
            }
        }
        QCOMPARE(expiring, 25);
        QCOMPARE(auditLines().last()[u"operation"].toString(), QStringLiteral("expire"));
    }

    void bumpIncrements()
    {
        load();
        const CliResult r = cli({QStringLiteral("--bump"), QStringLiteral("counter"),
                                 QStringLiteral("--bump"), QStringLiteral("fresh"), QStringLiteral("--yes")});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(m_redis.command({"GET", "counter"}).str, QByteArray("6"));
        QCOMPARE(m_redis.command({"GET", "fresh"}).str, QByteArray("1")); // INCR creates it
        QCOMPARE(auditLines().last()[u"operation"].toString(), QStringLiteral("bump"));
        QCOMPARE(auditLines().last()[u"affected_count"].toInteger(), 2);
    }

    // QProcess gives the CLI a pipe, not a terminal: without --yes it must refuse.
    void refusesWithoutYesOffTerminal()
    {
        load();
        const QSet<QByteArray> before = scanAll();
        const CliResult r = cli({QStringLiteral("--namespace"), QStringLiteral("shop:1")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--yes") && r.err.contains("not a terminal"), r.err.constData());
        QVERIFY(r.out.startsWith("Preview: 25 keys match namespace shop:1"));
        QCOMPARE(scanAll(), before);
        const QJsonObject entry = auditLines().last();
        QCOMPARE(entry[u"outcome"].toString(), QStringLiteral("refused"));
        QCOMPARE(entry[u"affected_count"].toInteger(), 0);
        QCOMPARE(entry[u"preview_count"].toInteger(), 25);
    }

    // On a terminal (script(1) gives the CLI a pty) the operator types the answer: "yes"
    // runs the job, anything else writes nothing and exits 1.
    void confirmsOnTerminal_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("yes") << QByteArray("yes\n") << 0;
        QTest::newRow("no") << QByteArray("no\n") << 1;
        QTest::newRow("y is not yes") << QByteArray("y\n") << 1;
    }
    void confirmsOnTerminal()
    {
        QFETCH(QByteArray, answer);
        QFETCH(int, exitCode);
        load();
        const QSet<QByteArray> before = scanAll();
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(QStringLiteral("script"),
                {QStringLiteral("-qec"),
                 QStringLiteral("'%1' invalidate '%2' --namespace shop:1").arg(m_cli, m_url),
                 QStringLiteral("/dev/null")});
        QVERIFY2(p.waitForStarted(), "script(1) from util-linux is needed for the terminal test");
        QByteArray shown;
        QTRY_VERIFY_WITH_TIMEOUT((shown += p.readAllStandardOutput()).contains("Type yes"), 20000);
        QVERIFY2(shown.contains("Delete 25 keys matching namespace shop:1 on 127.0.0.1:"), shown.constData());
        p.write(answer);
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), exitCode);
        const QSet<QByteArray> after = scanAll();
        QCOMPARE(before.size() - after.size(), exitCode == 0 ? 25 : 0);
        for (const QByteArray &k : before - after)
            QVERIFY(k.startsWith("shop:1:"));
        QCOMPARE(auditLines().last()[u"outcome"].toString(),
                 exitCode == 0 ? QStringLiteral("completed") : QStringLiteral("refused"));
    }

    void readOnlyRefuses()
    {
        load();
        const QSet<QByteArray> before = scanAll();
        const CliResult r =
            runCli({QStringLiteral("invalidate"), m_url + QStringLiteral("?readonly=true"),
                    QStringLiteral("--prefix"), QStringLiteral("shop"), QStringLiteral("--yes")},
                   env());
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("read-only"), r.err.constData());
        QCOMPARE(scanAll(), before);
        QCOMPARE(auditLines().last()[u"outcome"].toString(), QStringLiteral("refused"));
        // A preview is no write: allowed.
        const CliResult preview =
            runCli({QStringLiteral("invalidate"), m_url + QStringLiteral("?readonly=true"),
                    QStringLiteral("--prefix"), QStringLiteral("shop"), QStringLiteral("--dry-run")},
                   env());
        QVERIFY2(preview.code == 0, preview.err.constData());
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("no target") << QStringList{QStringLiteral("--yes")}
                                   << QByteArray("say what to invalidate");
        QTest::newRow("two targets") << QStringList{QStringLiteral("--prefix"), QStringLiteral("a"),
                                                    QStringLiteral("--match"), QStringLiteral("b*")}
                                     << QByteArray("one target only");
        QTest::newRow("bad namespace") << QStringList{QStringLiteral("--namespace"), QStringLiteral("shop")}
                                       << QByteArray("PREFIX:VERSION");
        QTest::newRow("page prefix alone")
            << QStringList{QStringLiteral("--prefix"), QStringLiteral("a"), QStringLiteral("--page-prefix"),
                           QStringLiteral("p")}
            << QByteArray("--page-prefix goes with --page-url");
        QTest::newRow("soft bump") << QStringList{QStringLiteral("--bump"), QStringLiteral("v"),
                                                  QStringLiteral("--soft"), QStringLiteral("5")}
                                   << QByteArray("--soft");
        QTest::newRow("bad soft") << QStringList{QStringLiteral("--prefix"), QStringLiteral("a"),
                                                 QStringLiteral("--soft"), QStringLiteral("0")}
                                  << QByteArray("--soft expects");
        QTest::newRow("bad rate") << QStringList{QStringLiteral("--prefix"), QStringLiteral("a"),
                                                 QStringLiteral("--rate"), QStringLiteral("fast")}
                                  << QByteArray("--rate expects");
        QTest::newRow("relative page") << QStringList{QStringLiteral("--page-url"), QStringLiteral("/shop/")}
                                       << QByteArray("absolute URL");
        QTest::newRow("empty match") << QStringList{QStringLiteral("--match"), QString()}
                                     << QByteArray("empty pattern");
        QTest::newRow("bad key escape")
            << QStringList{QStringLiteral("--key"), QStringLiteral("a\\q")} << QByteArray("--key");
    }
    // Found before connecting: a URL nobody listens on still gives exit 2, not 3.
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, message);
        const qsizetype auditBefore = auditLines().size();
        const CliResult r = runCli(
            QStringList{QStringLiteral("invalidate"), QStringLiteral("redis://127.0.0.1:1/0")} + args, env());
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), r.err.constData());
        QCOMPARE(auditLines().size(), auditBefore);
    }

    void connectionFailureIsAudited()
    {
        const CliResult r = runCli({QStringLiteral("invalidate"), QStringLiteral("redis://127.0.0.1:1/0"),
                                    QStringLiteral("--prefix"), QStringLiteral("a"), QStringLiteral("--yes")},
                                   env());
        QCOMPARE(r.code, 3);
        QCOMPARE(auditLines().last()[u"outcome"].toString(), QStringLiteral("failed"));
        QVERIFY(!auditLines().last()[u"error"].toString().isEmpty());
    }

    // Ctrl-C mid-job: exit 130, and the report's count is exactly what left the server.
    void sigintCancelsWithExactReport()
    {
        load();
        const qint64 before = m_redis.command({"DBSIZE"}).toInteger();
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(m_cli, {QStringLiteral("invalidate"), m_url, QStringLiteral("--prefix"), QString(),
                        QStringLiteral("--rate"), QStringLiteral("20"), QStringLiteral("--yes"),
                        QStringLiteral("--json")});
        QVERIFY(p.waitForStarted());
        // Deleting 100 keys at 20 keys/s takes 5 s: interrupt once the first ones went.
        QTRY_VERIFY_WITH_TIMEOUT(m_redis.command({"DBSIZE"}).toInteger() < before, 20000);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 130);
        const qint64 gone = before - m_redis.command({"DBSIZE"}).toInteger();
        QVERIFY(gone > 0 && gone < 100);
        const QJsonObject o = parseJsonObject(p.readAllStandardOutput().trimmed());
        QCOMPARE(o[u"outcome"].toString(), QStringLiteral("cancelled"));
        QCOMPARE(o[u"report"][u"affected"].toInteger(), gone);
        const QJsonObject entry = auditLines().last();
        QCOMPARE(entry[u"outcome"].toString(), QStringLiteral("cancelled"));
        QCOMPARE(entry[u"affected_count"].toInteger(), gone);
    }

    // A page cached by real Django (cache_page through the test client, key prefix
    // "pages", USE_I18N and USE_TZ on): its header and page keys go, nothing else.
    void pageWrittenByDjango()
    {
        QVERIFY(!m_redis.command({"FLUSHDB"}).isError());
        // populate.py takes no password: a second, open server for it.
        RedisServer open;
        QVERIFY2(open.start(), qPrintable(open.errorString()));
        QTemporaryDir dir;
        const DjangoManifest manifest =
            populateDjango({QStringLiteral("--redis"), QStringLiteral("127.0.0.1:%1").arg(open.port())},
                           QStringLiteral("redis"), dir.path());
        QVERIFY2(manifest.ok(), qPrintable(manifest.error));
        const QString path = QStringLiteral("/pages/redis_app/varied/");
        QSet<QByteArray> pageKeys;
        for (const QJsonObject &e : manifest.entries) {
            if (e[u"note"].toString().contains(path))
                pageKeys.insert(rawKeyOf(e));
        }
        QCOMPARE(pageKeys.size(), 2); // the header list and the GET response

        const auto scanOpen = [&open] {
            QSet<QByteArray> keys;
            QByteArray cursor = "0";
            do {
                const RespValue reply = open.command({"SCAN", cursor, "COUNT", "1000"});
                cursor = reply.elements.value(0).str;
                for (const RespValue &k : reply.elements.value(1).elements)
                    keys.insert(k.str);
            } while (cursor != "0" && !cursor.isEmpty());
            return keys;
        };
        const QSet<QByteArray> before = scanOpen();
        QVERIFY(before.contains(pageKeys));
        // Django's test client asks for http://testserver/...
        const CliResult r =
            runCli({QStringLiteral("invalidate"), open.url(), QStringLiteral("--page-url"),
                    QStringLiteral("http://testserver") + path, QStringLiteral("--page-prefix"),
                    QStringLiteral("pages"), QStringLiteral("--yes")},
                   env());
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(before - scanOpen(), pageKeys);
        QCOMPARE(scanOpen(), before - pageKeys);
    }
};

QTEST_GUILESS_MAIN(TestCliInvalidate)
#include "tst_cli_invalidate.moc"

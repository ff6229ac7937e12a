// cachescope-cli end to end: the built binary (CACHESCOPE_CLI) run with QProcess against
// a real redis-server on a free loopback port.

#include "clirun.h"
#include "freeport.h"
#include "redisserver.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QScopeGuard>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace cachescope;
using namespace cachescope::test;

namespace {

const QByteArray BinaryKey("bin:\x00\xff\n\\end", 11);
const QByteArray BinaryValue("binval\x00\xfe", 8); // not UTF-8
constexpr int BulkKeys = 10000;
constexpr int ExtraKeys = 8; // the keys init writes besides bulk:*

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private:
    QString m_cli;
    RedisServer m_redis;
    QString m_url;

private Q_SLOTS:
    void initTestCase()
    {
        m_cli = cliPath();
        QVERIFY2(!m_cli.isEmpty(), CliMissingMessage);
        QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString()));
        m_url = m_redis.url();
        QVERIFY(m_redis.fill(BulkKeys, "bulk:"));
        const QList<QList<QByteArray>> setup = {
            {"SET", "str:plain", "hello world", "EX", "100"},
            {"HSET", "hash:1", "f1", "v1", "f2", "v2"},
            {"RPUSH", "list:1", "a", "b", "c", "a"},
            {"SADD", "set:1", "x", "y"},
            {"ZADD", "zset:1", "1", "m1", "2.5", "m2"},
            {"XADD", "stream:1", "1-1", "field", "value"},
            {"SET", BinaryKey, BinaryValue},
            {"SET", "str:multi\nline", "text with\nnewline"},
        };
        for (const auto &command : setup) {
            const RespValue reply = m_redis.command(command);
            QVERIFY2(!reply.isError(), reply.debugText().constData());
        }
        QCOMPARE(m_redis.command({"DBSIZE"}).toInteger(), BulkKeys + ExtraKeys);
    }

    void helpAndVersion_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("--help") << QStringList{QStringLiteral("--help")} << QByteArray("keys");
        QTest::newRow("--version") << QStringList{QStringLiteral("--version")}
                                   << QByteArray("cachescope-cli 0.");
        QTest::newRow("keys --help") << QStringList{QStringLiteral("keys"), QStringLiteral("--help")}
                                     << QByteArray("--no-meta");
        QTest::newRow("get --help") << QStringList{QStringLiteral("get"), QStringLiteral("--help")}
                                    << QByteArray("--key-hex");
    }
    void helpAndVersion()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, expected);
        const CliResult r = runCli(args);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(expected), r.out.constData());
    }

    void keysCountIsExact()
    {
        const CliResult r = runCli({QStringLiteral("keys"), m_url});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        const QList<QByteArray> keys = outputLines(r.out);
        QCOMPARE(keys.size(), BulkKeys + ExtraKeys);
        const QSet<QByteArray> unique(keys.cbegin(), keys.cend());
        QCOMPARE(unique.size(), keys.size());
        QVERIFY(unique.contains("bulk:0"));
        QVERIFY(unique.contains("bulk:9999"));
        // Binary and multi-line keys stay one line each, escaped.
        QVERIFY(unique.contains("bin:\\0\\xff\\n\\\\end"));
        QVERIFY(unique.contains("str:multi\\nline"));
    }

    void keysMatch_data()
    {
        QTest::addColumn<QString>("glob");
        QTest::addColumn<int>("count");
        QTest::newRow("prefix") << QStringLiteral("bulk:999*") << 11; // bulk:999, bulk:9990..9999
        QTest::newRow("one char") << QStringLiteral("bulk:1?") << 10;
        QTest::newRow("suffix") << QStringLiteral("*:1") << 6; // hash list set zset stream bulk
        QTest::newRow("all bulk") << QStringLiteral("bulk:*") << BulkKeys;
        QTest::newRow("none") << QStringLiteral("nothing:*") << 0;
    }
    void keysMatch()
    {
        QFETCH(QString, glob);
        QFETCH(int, count);
        const CliResult r = runCli({QStringLiteral("keys"), m_url, QStringLiteral("--match"), glob,
                                    QStringLiteral("--count"), QStringLiteral("500")});
        QCOMPARE(r.code, 0);
        QCOMPARE(outputLines(r.out).size(), count);
    }

    void keysJsonLines()
    {
        const CliResult r = runCli({QStringLiteral("keys"), m_url, QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QList<QByteArray> all = outputLines(r.out);
        QCOMPARE(all.size(), BulkKeys + ExtraKeys);
        QHash<QString, QJsonObject> byKey;
        for (const QByteArray &line : all) {
            const QJsonObject o = parseJsonObject(line);
            QVERIFY2(o.contains(u"key") && o.contains(u"key_hex") && o.contains(u"type") &&
                         o.contains(u"ttl") && o.contains(u"size"),
                     line.constData());
            byKey.insert(o.value(u"key").toString(), o);
        }
        QCOMPARE(byKey.size(), all.size());

        const QJsonObject str = byKey.value(QStringLiteral("str:plain"));
        QCOMPARE(str.value(u"type").toString(), QStringLiteral("string"));
        QVERIFY2(str.value(u"ttl").toDouble() > 50 && str.value(u"ttl").toDouble() <= 100,
                 QJsonDocument(str).toJson().constData());
        QVERIFY(str.value(u"size").toInteger() > 0);
        QCOMPARE(str.value(u"key_hex").toString(), QString::fromLatin1(QByteArray("str:plain").toHex()));

        const QList<std::pair<QString, QString>> types = {
            {QStringLiteral("bulk:42"), QStringLiteral("string")},
            {QStringLiteral("hash:1"), QStringLiteral("hash")},
            {QStringLiteral("list:1"), QStringLiteral("list")},
            {QStringLiteral("set:1"), QStringLiteral("set")},
            {QStringLiteral("zset:1"), QStringLiteral("zset")},
            {QStringLiteral("stream:1"), QStringLiteral("stream")},
        };
        for (const auto &[key, type] : types) {
            const QJsonObject o = byKey.value(key);
            QCOMPARE(o.value(u"type").toString(), type);
            QVERIFY2(o.value(u"ttl").isNull(), qPrintable(key)); // no expiry
            QVERIFY2(o.value(u"size").toInteger() > 0, qPrintable(key));
        }
    }

    void keysJsonNoMeta()
    {
        const CliResult r =
            runCli({QStringLiteral("keys"), m_url, QStringLiteral("--json"), QStringLiteral("--no-meta"),
                    QStringLiteral("--match"), QStringLiteral("bulk:12*")});
        QCOMPARE(r.code, 0);
        const QList<QByteArray> all = outputLines(r.out);
        QCOMPARE(all.size(), 111); // bulk:12, bulk:120..129, bulk:1200..1299
        for (const QByteArray &line : all) {
            const QJsonObject o = parseJsonObject(line);
            QVERIFY(o.value(u"key").toString().startsWith(u"bulk:12"));
            QVERIFY(!o.contains(u"type") && !o.contains(u"ttl") && !o.contains(u"size"));
        }
    }

    void binaryKeyRoundTrip()
    {
        const CliResult r = runCli({QStringLiteral("keys"), m_url, QStringLiteral("--json"),
                                    QStringLiteral("--match"), QStringLiteral("bin:*")});
        QCOMPARE(r.code, 0);
        const QList<QByteArray> all = outputLines(r.out);
        QCOMPARE(all.size(), 1);
        const QJsonObject o = parseJsonObject(all.first());
        const QString hex = o.value(u"key_hex").toString();
        QCOMPARE(QByteArray::fromHex(hex.toLatin1()), BinaryKey);

        const CliResult byHex = runCli(
            {QStringLiteral("get"), m_url, QStringLiteral("--key-hex"), hex, QStringLiteral("--json")});
        QCOMPARE(byHex.code, 0);
        const QJsonObject v = parseJsonObject(byHex.out.trimmed());
        QCOMPARE(v.value(u"exists").toBool(), true);
        QCOMPARE(v.value(u"key_hex").toString(), hex);
        QCOMPARE(v.value(u"value_hex").toString(),
                 QString::fromLatin1(BinaryValue.toHex())); // not UTF-8 text

        // The escaped form printed by keys is accepted back by get, and plain get writes raw bytes.
        const CliResult byName = runCli({QStringLiteral("get"), m_url, o.value(u"key").toString()});
        QCOMPARE(byName.code, 0);
        QCOMPARE(byName.out, BinaryValue);
    }

    void getEachType_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QByteArray>("valueJson");
        QTest::addColumn<int>("plainLines");
        QTest::newRow("string") << QStringLiteral("str:plain") << QStringLiteral("string")
                                << QByteArray(R"("hello world")") << 1;
        QTest::newRow("string newline") << QStringLiteral("str:multi\\nline") << QStringLiteral("string")
                                        << QByteArray(R"("text with\nnewline")") << 2;
        QTest::newRow("hash") << QStringLiteral("hash:1") << QStringLiteral("hash")
                              << QByteArray(R"({"f1": "v1", "f2": "v2"})") << 2;
        QTest::newRow("list") << QStringLiteral("list:1") << QStringLiteral("list")
                              << QByteArray(R"(["a", "b", "c", "a"])") << 4;
        QTest::newRow("set") << QStringLiteral("set:1") << QStringLiteral("set")
                             << QByteArray(R"(["x", "y"])") << 2;
        QTest::newRow("zset") << QStringLiteral("zset:1") << QStringLiteral("zset")
                              << QByteArray(
                                     R"([{"member": "m1", "score": 1}, {"member": "m2", "score": 2.5}])")
                              << 2;
        QTest::newRow("stream") << QStringLiteral("stream:1") << QStringLiteral("stream")
                                << QByteArray(R"([{"id": "1-1", "fields": "field=value"}])") << 1;
    }
    void getEachType()
    {
        QFETCH(QString, key);
        QFETCH(QString, type);
        QFETCH(QByteArray, valueJson);
        QFETCH(int, plainLines);

        const CliResult json = runCli({QStringLiteral("get"), m_url, key, QStringLiteral("--json")});
        QCOMPARE(json.code, 0);
        const QJsonObject o = parseJsonObject(json.out.trimmed());
        QCOMPARE(o.value(u"exists").toBool(), true);
        QCOMPARE(o.value(u"type").toString(), type);
        QVERIFY(o.value(u"size").toInteger() > 0);
        QVERIFY(o.contains(u"ttl"));
        QJsonValue value = o.value(u"value");
        QJsonValue expected = QJsonDocument::fromJson(QByteArray("[" + valueJson + "]")).array().first();
        if (type == u"set") { // sets have no order
            QVariantList sorted = value.toArray().toVariantList();
            std::sort(sorted.begin(), sorted.end(),
                      [](const QVariant &a, const QVariant &b) { return a.toString() < b.toString(); });
            value = QJsonArray::fromVariantList(sorted);
        }
        QCOMPARE(value, expected);

        const CliResult plain = runCli({QStringLiteral("get"), m_url, key});
        QCOMPARE(plain.code, 0);
        QCOMPARE(outputLines(plain.out).size(), plainLines);
        QVERIFY2(plain.err.contains(QByteArray("type: " + type.toUtf8())),
                 plain.err.constData()); // header on stderr
    }

    void getStringLimit()
    {
        const CliResult r =
            runCli({QStringLiteral("get"), m_url, QStringLiteral("str:plain"), QStringLiteral("--json"),
                    QStringLiteral("--limit"), QStringLiteral("5")});
        QCOMPARE(r.code, 0);
        const QJsonObject o = parseJsonObject(r.out.trimmed());
        QCOMPARE(o.value(u"value").toString(), QStringLiteral("hello"));
        QCOMPARE(o.value(u"truncated").toBool(), true);
        QCOMPARE(o.value(u"length").toInteger(), 11);
        QVERIFY2(o.value(u"ttl").toDouble() > 50, r.out.constData());
    }

    void getMissingKey()
    {
        const CliResult plain = runCli({QStringLiteral("get"), m_url, QStringLiteral("no:such:key")});
        QCOMPARE(plain.code, 1);
        QVERIFY(plain.out.isEmpty());
        QVERIFY2(plain.err.contains("not found"), plain.err.constData());

        const CliResult json =
            runCli({QStringLiteral("get"), m_url, QStringLiteral("no:such:key"), QStringLiteral("--json")});
        QCOMPARE(json.code, 1);
        const QJsonObject o = parseJsonObject(json.out.trimmed());
        QCOMPARE(o.value(u"exists").toBool(true), false);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        const QString url = QStringLiteral("redis://127.0.0.1:1/0");
        QTest::newRow("no command") << QStringList{};
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate"), url};
        QTest::newRow("no scheme") << QStringList{QStringLiteral("keys"), QStringLiteral("localhost:6379")};
        QTest::newRow("bad scheme") << QStringList{QStringLiteral("keys"),
                                                   QStringLiteral("ftp://127.0.0.1/")};
        QTest::newRow("bad db") << QStringList{QStringLiteral("keys"),
                                               QStringLiteral("redis://127.0.0.1/abc")};
        QTest::newRow("unknown url option")
            << QStringList{QStringLiteral("keys"), QStringLiteral("redis://127.0.0.1/0?bogus=1")};
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("keys"), url, QStringLiteral("--bogus")};
        QTest::newRow("missing url") << QStringList{QStringLiteral("keys")};
        QTest::newRow("extra argument") << QStringList{QStringLiteral("keys"), url, QStringLiteral("more")};
        QTest::newRow("bad count") << QStringList{QStringLiteral("keys"), url, QStringLiteral("--count"),
                                                  QStringLiteral("x")};
        QTest::newRow("bad timeout") << QStringList{QStringLiteral("keys"), url, QStringLiteral("--timeout"),
                                                    QStringLiteral("-1")};
        QTest::newRow("get without key") << QStringList{QStringLiteral("get"), url};
        QTest::newRow("bad escape") << QStringList{QStringLiteral("get"), url, QStringLiteral("a\\q")};
        QTest::newRow("bad hex") << QStringList{QStringLiteral("get"), url, QStringLiteral("--key-hex"),
                                                QStringLiteral("abc")};
        QTest::newRow("unset password env")
            << QStringList{QStringLiteral("keys"), url, QStringLiteral("--password-env"),
                           QStringLiteral("CACHESCOPE_TEST_UNSET_VARIABLE")};
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        const CliResult r = runCli(args);
        QCOMPARE(r.code, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY(!r.err.trimmed().isEmpty());
    }

    void closedPort()
    {
        const QString url = QStringLiteral("redis://127.0.0.1:%1/0").arg(freeLoopbackPort());
        for (const QString &command : {QStringLiteral("keys"), QStringLiteral("get")}) {
            QStringList args{command, url};
            if (command == u"get")
                args << QStringLiteral("k");
            const CliResult r = runCli(args);
            QCOMPARE(r.code, 3);
            QVERIFY(r.out.isEmpty());
            QVERIFY2(r.err.startsWith("cachescope-cli: ") && r.err.contains("refused"), r.err.constData());
            QVERIFY2(r.err.contains("127.0.0.1"), r.err.constData());
        }
    }

    void password_data()
    {
        QTest::addColumn<QString>("userInfo");
        QTest::addColumn<QString>("passwordEnv"); // value for --password-env, empty = option not given
        QTest::addColumn<int>("code");
        QTest::newRow("wrong in URL") << QStringLiteral(":wrong") << QString() << 3;
        QTest::newRow("missing") << QString() << QString() << 3;
        QTest::newRow("wrong in env") << QString() << QStringLiteral("wrong") << 3;
        QTest::newRow("right in URL") << QStringLiteral(":s3cret") << QString() << 0;
        QTest::newRow("right in env") << QString() << QStringLiteral("s3cret") << 0;
    }
    void password()
    {
        QFETCH(QString, userInfo);
        QFETCH(QString, passwordEnv);
        QFETCH(int, code);
        RedisServer secured;
        QVERIFY2(secured.start({QStringLiteral("--requirepass"), QStringLiteral("s3cret")}),
                 qPrintable(secured.errorString()));
        QVERIFY(!secured.command({"SET", "guarded", "1"}).isError());

        QStringList args{QStringLiteral("keys"), secured.url(userInfo)};
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (!passwordEnv.isEmpty()) {
            env.insert(QStringLiteral("CACHESCOPE_TEST_PASSWORD"), passwordEnv);
            args << QStringLiteral("--password-env") << QStringLiteral("CACHESCOPE_TEST_PASSWORD");
        }
        const CliResult r = runCli(args, env);
        QCOMPARE(r.code, code);
        if (code == 0) {
            QCOMPARE(r.out, QByteArray("guarded\n"));
        } else {
            QVERIFY2(r.err.toLower().contains("password"), r.err.constData());
            QVERIFY2(!r.err.contains("wrong"), "the password must never be echoed");
        }
    }

    // Collections bigger than one page (HSCAN / LRANGE pages of 500) come back whole, once each.
    void getLargeCollections_data()
    {
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<int>("items");
        QTest::newRow("hash") << QByteArray("hash") << 2345;
        QTest::newRow("list") << QByteArray("list") << 1234;
        QTest::newRow("set") << QByteArray("set") << 3000;
        QTest::newRow("zset") << QByteArray("zset") << 1500;
    }
    void getLargeCollections()
    {
        QFETCH(QByteArray, type);
        QFETCH(int, items);
        const QByteArray key = "big:" + type;
        QList<QByteArray> argv{type == "hash"   ? QByteArray("HSET")
                               : type == "list" ? QByteArray("RPUSH")
                               : type == "set"  ? QByteArray("SADD")
                                                : QByteArray("ZADD"),
                               key};
        for (int i = 0; i < items; ++i) {
            if (type == "zset")
                argv << QByteArray::number(i);
            argv << "item:" + QByteArray::number(i);
            if (type == "hash")
                argv << QByteArray::number(i);
        }
        QVERIFY(!m_redis.command(argv).isError());
        const auto cleanup = qScopeGuard([&] { m_redis.command({"DEL", key}); });

        const CliResult json =
            runCli({QStringLiteral("get"), m_url, QString::fromLatin1(key), QStringLiteral("--json")});
        QCOMPARE(json.code, 0);
        const QJsonObject o = parseJsonObject(json.out.trimmed());
        QCOMPARE(o.value(u"length").toInteger(), items);
        const QJsonValue value = o.value(u"value");
        QSet<QString> members;
        if (type == "hash") {
            const QJsonObject fields = value.toObject();
            QCOMPARE(fields.size(), items);
            QCOMPARE(fields.value(u"item:7").toString(), QStringLiteral("7"));
        } else {
            const QJsonArray array = value.toArray();
            QCOMPARE(array.size(), items);
            for (const QJsonValue &v : array)
                members.insert(type == "zset" ? v.toObject().value(u"member").toString() : v.toString());
            QCOMPARE(members.size(), items);
            if (type == "list")
                QCOMPARE(array.at(items - 1).toString(), QStringLiteral("item:%1").arg(items - 1));
        }

        const CliResult plain =
            runCli({QStringLiteral("get"), m_url, QString::fromLatin1(key), QStringLiteral("-q")});
        QCOMPARE(plain.code, 0);
        QVERIFY(plain.err.isEmpty());
        const QList<QByteArray> rows = outputLines(plain.out);
        QCOMPARE(rows.size(), items);
        QCOMPARE(QSet<QByteArray>(rows.cbegin(), rows.cend()).size(), items);
    }

    void commandTimeout()
    {
        RedisServer frozen;
        QVERIFY2(frozen.start(), qPrintable(frozen.errorString()));
        QVERIFY(!frozen.command({"SET", "k", "v"}).isError());
        frozen.pause();
        const auto thaw = qScopeGuard([&] { frozen.resume(); });
        QElapsedTimer clock;
        clock.start();
        const CliResult r = runCli({QStringLiteral("get"), frozen.url(), QStringLiteral("k"),
                                    QStringLiteral("--timeout"), QStringLiteral("0.5")});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains("timeout"), r.err.constData());
        QVERIFY2(clock.elapsed() < 10000, "the CLI must give up close to --timeout");
    }

    // `cachescope-cli keys URL | head -1`: the reader goes away after one line; the CLI
    // must end promptly, with status 0 and nothing on stderr.
    void earlyCloseOfStdout_data()
    {
        QTest::addColumn<QString>("extra");
        QTest::newRow("plain") << QString();
        QTest::newRow("json") << QStringLiteral("--json");
        QTest::newRow("json no meta") << QStringLiteral("--json --no-meta");
    }
    void earlyCloseOfStdout()
    {
        QFETCH(QString, extra);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString errFile = dir.filePath(QStringLiteral("stderr.txt"));
        QProcess shell;
        shell.start(QStringLiteral("bash"),
                    {QStringLiteral("-c"),
                     QStringLiteral("set -o pipefail; \"$0\" keys \"$1\" $3 2>\"$2\" | head -1"), m_cli,
                     m_url, errFile, extra});
        QVERIFY(shell.waitForFinished(30000));
        QCOMPARE(shell.exitStatus(), QProcess::NormalExit);
        QCOMPARE(shell.exitCode(), 0);
        const QList<QByteArray> out = outputLines(shell.readAllStandardOutput());
        QCOMPARE(out.size(), 1);
        if (!extra.isEmpty())
            QVERIFY(parseJsonObject(out.first()).value(u"key").toString().contains(u':'));
        QFile err(errFile);
        QVERIFY(err.open(QIODevice::ReadOnly));
        QCOMPARE(err.readAll(), QByteArray());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

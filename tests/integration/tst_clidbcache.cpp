// cachescope-cli keys / get on Django's database cache table: the built binary
// (CACHESCOPE_CLI) against a SQLite file written by populate.py and a PostgreSQL started
// by the test. Same JSON as for Redis; ttl null = never, "expired": true for stale rows.

#include "clirun.h"
#include "postgresserver.h"
#include "python.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace cachescope;
using namespace cachescope::test;

namespace {

QList<QJsonObject> jsonLines(const QByteArray &out)
{
    QList<QJsonObject> result;
    for (const QByteArray &line : out.split('\n')) {
        if (!line.isEmpty())
            result.append(parseJsonObject(line));
    }
    return result;
}

} // namespace

class TestCliDbCache : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void keysListsEveryRow_data();
    void keysListsEveryRow();
    void keysJsonHasTtlAndExpired();
    void getReadsTheDecodedPickle();
    void missingFileAndTableExitThree();

private:
    QString sqliteUrl() const { return QStringLiteral("sqlite://") + m_sqlite; }
    QString postgresUrl() const
    {
        return QStringLiteral("postgresql://%1:%2@127.0.0.1:%3/%4")
            .arg(PostgresServer::user(), PostgresServer::password())
            .arg(m_pg.port())
            .arg(PostgresServer::database());
    }

    QTemporaryDir m_dir;
    QString m_sqlite;
    QSet<QByteArray> m_sqliteKeys;
    PostgresServer m_pg;
};

void TestCliDbCache::initTestCase()
{
    QVERIFY2(!cliPath().isEmpty(), CliMissingMessage);
    m_sqlite = m_dir.filePath(QStringLiteral("site.sqlite3"));
    const PythonRun run = runPython(fixturesDir() + QStringLiteral("/populate.py"),
                                    {QStringLiteral("--sqlite"), m_sqlite, QStringLiteral("--manifest"),
                                     m_dir.filePath(QStringLiteral("manifest.json"))});
    QVERIFY2(run.ok, qPrintable(run.error));
    const PythonRun keys = runPython(QStringLiteral("import sqlite3, sys\n"
                                                    "for (k,) in sqlite3.connect(sys.argv[1]).execute("
                                                    "'SELECT cache_key FROM django_cache'): print(k)"),
                                     {m_sqlite});
    QVERIFY2(keys.ok, qPrintable(keys.error));
    for (const QByteArray &k : keys.out.split('\n')) {
        if (!k.isEmpty())
            m_sqliteKeys.insert(k);
    }
    QVERIFY2(m_pg.start(), qPrintable(m_pg.errorString()));
    QVERIFY2(m_pg.django(QStringLiteral("call_command('createcachetable', verbosity=0)\n"
                                        "cache.set_many({'k%02d' % i: i for i in range(30)}, 600)\n"
                                        "cache.set('forever', 'x', None)\n")),
             qPrintable(m_pg.errorString()));
}

void TestCliDbCache::keysListsEveryRow_data()
{
    QTest::addColumn<QString>("which");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgresql") << QStringLiteral("postgresql");
}

void TestCliDbCache::keysListsEveryRow()
{
    QFETCH(QString, which);
    const bool sqlite = which == u"sqlite";
    const CliResult r = runCli({QStringLiteral("keys"), sqlite ? sqliteUrl() : postgresUrl(),
                                QStringLiteral("--count"), QStringLiteral("7")});
    QVERIFY2(r.code == 0, r.err.constData());
    QSet<QByteArray> got;
    for (const QByteArray &k : r.out.split('\n')) {
        if (!k.isEmpty())
            got.insert(k);
    }
    if (sqlite) {
        QCOMPARE(got, m_sqliteKeys);
    } else {
        QCOMPARE(got.size(), 31);
        QVERIFY(got.contains(":1:k07"));
    }
}

void TestCliDbCache::keysJsonHasTtlAndExpired()
{
    const CliResult r = runCli({QStringLiteral("keys"), sqliteUrl(), QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.err.constData());
    QHash<QString, QJsonObject> byKey;
    for (const QJsonObject &o : jsonLines(r.out))
        byKey.insert(o.value(QStringLiteral("key")).toString(), o);
    QCOMPARE(byKey.size(), m_sqliteKeys.size());
    const QJsonObject never = byKey.value(QStringLiteral("app:1:int"));
    QVERIFY(never.value(QStringLiteral("ttl")).isNull());
    QCOMPARE(never.value(QStringLiteral("type")).toString(), QStringLiteral("string"));
    QVERIFY(!never.contains(QStringLiteral("expired")));
    const QJsonObject stale = byKey.value(QStringLiteral("app:1:already_expired"));
    QCOMPARE(stale.value(QStringLiteral("ttl")).toDouble(), 0.0);
    QCOMPARE(stale.value(QStringLiteral("expired")).toBool(), true);
    const double hours = byKey.value(QStringLiteral("app:1:negint")).value(QStringLiteral("ttl")).toDouble();
    QVERIFY2(hours > 7000 && hours <= 7200, qPrintable(QString::number(hours)));

    const CliResult pg = runCli({QStringLiteral("keys"), postgresUrl(), QStringLiteral("--json"),
                                 QStringLiteral("--match"), QStringLiteral("*forever")});
    QVERIFY2(pg.code == 0, pg.err.constData());
    const QList<QJsonObject> rows = jsonLines(pg.out);
    QCOMPARE(rows.size(), 1);
    QVERIFY(rows.first().value(QStringLiteral("ttl")).isNull());
}

void TestCliDbCache::getReadsTheDecodedPickle()
{
    const PythonRun ref =
        runPython(QStringLiteral("import base64, sqlite3, sys\n"
                                 "v = sqlite3.connect(sys.argv[1]).execute('SELECT value FROM "
                                 "django_cache WHERE cache_key = ?', ('app:1:dict',)).fetchone()[0]\n"
                                 "sys.stdout.buffer.write(base64.b64decode(v))"),
                  {m_sqlite});
    QVERIFY2(ref.ok, qPrintable(ref.error));
    const CliResult raw = runCli({QStringLiteral("get"), sqliteUrl(), QStringLiteral("app:1:dict"),
                                  QStringLiteral("-q"), QStringLiteral("--raw")});
    QVERIFY2(raw.code == 0, raw.err.constData());
    QCOMPARE(raw.out, ref.out);
    // Without --raw a pickle prints as Python's repr of what Django's cache.get() returns.
    const CliResult repr =
        runCli({QStringLiteral("get"), sqliteUrl(), QStringLiteral("app:1:dict"), QStringLiteral("-q")});
    QVERIFY2(repr.code == 0, repr.err.constData());
    QCOMPARE(repr.out, QByteArray("{'name': 'Ada', 'langs': ['en', 'fr'], 'n': 1}\n"));
    const CliResult json =
        runCli({QStringLiteral("get"), sqliteUrl(), QStringLiteral("app:1:dict"), QStringLiteral("--json")});
    QVERIFY2(json.code == 0, json.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(o.value(QStringLiteral("length")).toInteger(), qint64(ref.out.size()));
    QVERIFY(o.value(QStringLiteral("ttl")).isNull());
    QCOMPARE(QByteArray::fromHex(o.value(QStringLiteral("value_hex")).toString().toLatin1()), ref.out);
    QCOMPARE(o.value(QStringLiteral("python")).toString(),
             QStringLiteral("{'name': 'Ada', 'langs': ['en', 'fr'], 'n': 1}"));
    const CliResult missing = runCli({QStringLiteral("get"), sqliteUrl(), QStringLiteral("app:1:nope")});
    QCOMPARE(missing.code, 1);
}

void TestCliDbCache::missingFileAndTableExitThree()
{
    const QString nowhere = m_dir.filePath(QStringLiteral("nowhere.sqlite3"));
    const CliResult file = runCli({QStringLiteral("keys"), QStringLiteral("sqlite://") + nowhere});
    QCOMPARE(file.code, 3);
    QVERIFY2(file.err.contains("does not exist"), file.err.constData());
    QVERIFY(!QFile::exists(nowhere));
    const CliResult table = runCli({QStringLiteral("keys"), sqliteUrl() + QStringLiteral("?table=my_cache")});
    QCOMPARE(table.code, 3);
    QVERIFY2(table.err.contains("createcachetable"), table.err.constData());
}

QTEST_GUILESS_MAIN(TestCliDbCache)
#include "tst_clidbcache.moc"

// Rows written by real Django (DatabaseCache) into a SQLite file, read back through
// DbCacheConnector (which base64-decodes them) and decoded as raw pickles: every present
// entry of populate.py's manifest must decode to what Django's cache.get() returned, with
// the same Python type; the already-expired row is still there but flagged expired; keys
// moved away by incr_version are gone. Then a sample through `cachescope-cli get --json`.
// Manifest helpers: tests/support/djangomanifest.h (shared with the Redis and memcached twins).

#include "codec/decodecontextfor.h"
#include "codec/djangokey.h"
#include "connectorrecorder.h"
#include "dbcache/dbcacheconnector.h"
#include "djangomanifest.h"
#include "python.h"

#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace cachescope;
using namespace cachescope::test;

class TestDjangoSqlite : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void manifestEntry_data();
    void manifestEntry();
    void everyPresentEntryDecodedExactly();
    void cliGetJson_data();
    void cliGetJson();

private:
    KeyValue read(const QByteArray &key);

    QTemporaryDir m_dir;
    QString m_url;
    std::unique_ptr<RecordedConnector> m_connector;
    QList<QJsonObject> m_entries;
    int m_exact = 0;
};

void TestDjangoSqlite::initTestCase()
{
    if (fixturesDir().isEmpty())
        QSKIP("CACHESCOPE_FIXTURES is not set (run through ctest)");
    QVERIFY(m_dir.isValid());
    const QString db = m_dir.filePath(QStringLiteral("cache.sqlite3"));
    const DjangoManifest manifest =
        populateDjango({QStringLiteral("--sqlite"), db}, QStringLiteral("sqlite"), m_dir.path());
    QVERIFY2(manifest.ok(), qPrintable(manifest.error));
    m_entries = manifest.entries;
    QVERIFY2(m_entries.size() >= 50, qPrintable(QString::number(m_entries.size())));
    m_url = QStringLiteral("sqlite://") + db;
    const auto spec = ConnectionSpec::parse(m_url);
    QVERIFY2(spec, qPrintable(spec ? QString() : spec.error().message));
    m_connector = openRecorded(std::make_unique<DbCacheConnector>(*spec));
    QVERIFY(m_connector && !m_connector->results.opened.isEmpty());
}

KeyValue TestDjangoSqlite::read(const QByteArray &key)
{
    ValueRequest request;
    request.key = key;
    request.byteLimit = -1;
    const quint64 id = m_connector->host.fetchValue(request);
    if (!QTest::qWaitFor([&] { return m_connector->results.answered(id); }, 20000))
        return {};
    return m_connector->results.values.value(id);
}

void TestDjangoSqlite::manifestEntry_data()
{
    QTest::addColumn<QJsonObject>("entry");
    for (const QJsonObject &e : std::as_const(m_entries))
        QTest::newRow(e.value(u"raw_key").toString().toUtf8().constData()) << e;
}

void TestDjangoSqlite::manifestEntry()
{
    QFETCH(QJsonObject, entry);
    const QByteArray key = rawKeyOf(entry);
    if (isPresent(entry) && isShortLived(entry))
        QSKIP("a 20-second entry: it may have expired by now");
    const KeyValue value = read(key);
    if (!isPresent(entry)) {
        QVERIFY2(!value.exists(), "a key moved away by incr_version must be gone");
        return;
    }
    QVERIFY2(value.exists(), "the row Django wrote is missing");
    QVERIFY(!value.truncated);
    const bool expired = entry.value(u"ttl_bucket").toString() == u"expired";
    QCOMPARE(value.expired, expired);
    QCOMPARE(value.length, value.data.size()); // decoded bytes, all of them

    const DjangoKey k = DjangoKeyParser::parse(key);
    QVERIFY(k.isDjango());
    QCOMPARE(QString::fromUtf8(k.prefix), entry.value(u"prefix").toString());
    QCOMPARE(k.version, entry.value(u"version").toInt());
    QCOMPARE(QString::fromUtf8(k.userKey), entry.value(u"key").toString());

    DecodeContext ctx = decodeContextFor(BackendKind::DbCache, value);
    QCOMPARE(ctx.source, ValueSource::Raw); // the connector already undid the base64
    ctx.maxReprChars = 64 * 1024 * 1024;
    const DecodedValue decoded = ValueDecoder::decode(value.data, ctx);
    const QString diff = compareDecoded(decoded, entry);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    QCOMPARE(decoded.chain.value(0), QStringLiteral("pickle v5"));
    ++m_exact;
}

void TestDjangoSqlite::everyPresentEntryDecodedExactly()
{
    int expected = 0;
    for (const QJsonObject &e : std::as_const(m_entries))
        if (isPresent(e) && !isShortLived(e))
            ++expected;
    qInfo("%d of %d manifest entries (sqlite, present, not short-lived) decoded exactly", m_exact, expected);
    QCOMPARE(m_exact, expected);
}

void TestDjangoSqlite::cliGetJson_data()
{
    QTest::addColumn<QJsonObject>("entry");
    for (const QJsonObject &e : cliSample(m_entries))
        QTest::newRow(e.value(u"raw_key").toString().toUtf8().constData()) << e;
}

void TestDjangoSqlite::cliGetJson()
{
    QFETCH(QJsonObject, entry);
    const QString cli = qEnvironmentVariable("CACHESCOPE_CLI");
    if (cli.isEmpty())
        QSKIP("CACHESCOPE_CLI is not set (run through ctest)");
    QProcess p;
    p.start(cli, {QStringLiteral("get"), m_url, QStringLiteral("--key-hex"),
                  entry.value(u"raw_key_utf8_hex").toString(), QStringLiteral("--json")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QString diff = compareCliJson(o, entry);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

QTEST_GUILESS_MAIN(TestDjangoSqlite)
#include "tst_django_sqlite.moc"

// Values written by real Django (PyMemcacheCache) into a real memcached, read back through
// MemcachedConnector and decoded with the item's flags: every present entry of populate.py's
// manifest must decode to what Django's cache.get() returned, with the same Python type;
// keys moved away by incr_version must be gone; keys must parse to the alias' prefix and
// version. Then a sample through `cachescope-cli get --json`. The Redis twin is
// tst_django_redis.cpp; the manifest helpers are shared in tests/support/djangomanifest.h.

#include "codec/decodecontextfor.h"
#include "codec/djangokey.h"
#include "connectorrecorder.h"
#include "djangomanifest.h"
#include "memcached/memcachedconnector.h"
#include "memcachedserver.h"
#include "python.h"

#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace cachescope;
using namespace cachescope::test;

class TestDjangoMemcached : public QObject
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

    MemcachedServer m_mc;
    QTemporaryDir m_dir;
    std::unique_ptr<RecordedConnector> m_connector;
    QList<QJsonObject> m_entries;
    int m_exact = 0;
};

void TestDjangoMemcached::initTestCase()
{
    if (fixturesDir().isEmpty())
        QSKIP("CACHESCOPE_FIXTURES is not set (run through ctest)");
    QVERIFY2(m_mc.start(), qPrintable(m_mc.errorString()));
    QVERIFY(m_dir.isValid());
    const DjangoManifest manifest = populateDjango({QStringLiteral("--memcached"), m_mc.address()},
                                                   QStringLiteral("memcached"), m_dir.path());
    QVERIFY2(manifest.ok(), qPrintable(manifest.error));
    m_entries = manifest.entries;
    QVERIFY2(m_entries.size() >= 50, qPrintable(QString::number(m_entries.size())));
    const auto spec = ConnectionSpec::parse(m_mc.url());
    QVERIFY(spec);
    m_connector = openRecorded(std::make_unique<MemcachedConnector>(*spec));
    QVERIFY(m_connector && !m_connector->results.opened.isEmpty());
}

KeyValue TestDjangoMemcached::read(const QByteArray &key)
{
    ValueRequest request;
    request.key = key;
    request.byteLimit = -1;
    const quint64 id = m_connector->host.fetchValue(request);
    if (!QTest::qWaitFor([&] { return m_connector->results.answered(id); }, 20000))
        return {};
    return m_connector->results.values.value(id);
}

void TestDjangoMemcached::manifestEntry_data()
{
    QTest::addColumn<QJsonObject>("entry");
    for (const QJsonObject &e : std::as_const(m_entries))
        QTest::newRow(e.value(u"raw_key").toString().toUtf8().constData()) << e;
}

void TestDjangoMemcached::manifestEntry()
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
    QVERIFY2(value.exists(), "the key Django wrote is missing");
    QVERIFY(!value.truncated);
    QCOMPARE(value.server, m_mc.address());
    const QJsonObject observed = entry.value(u"observed").toObject();
    QCOMPARE(value.flags, quint32(observed.value(u"flags").toInt(-1)));

    const DjangoKey k = DjangoKeyParser::parse(key);
    QVERIFY(k.isDjango());
    QCOMPARE(QString::fromUtf8(k.prefix), entry.value(u"prefix").toString());
    QCOMPARE(k.version, entry.value(u"version").toInt());
    QCOMPARE(QString::fromUtf8(k.userKey), entry.value(u"key").toString());

    DecodeContext ctx = decodeContextFor(BackendKind::Memcached, value);
    QCOMPARE(ctx.memcachedFlags, std::optional<quint32>(value.flags));
    ctx.maxReprChars = 64 * 1024 * 1024;
    const DecodedValue decoded = ValueDecoder::decode(value.data, ctx);
    const QString diff = compareDecoded(decoded, entry);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    // The flags decided the format: pickle only for flags 1 (pickle protocol 5).
    if (value.flags == 1)
        QCOMPARE(decoded.chain.value(0), QStringLiteral("pickle v5"));
    else
        QCOMPARE_NE(decoded.format, ValueFormat::Pickle);
    ++m_exact;
}

void TestDjangoMemcached::everyPresentEntryDecodedExactly()
{
    int expected = 0;
    for (const QJsonObject &e : std::as_const(m_entries))
        if (isPresent(e) && !isShortLived(e))
            ++expected;
    qInfo("%d of %d manifest entries (memcached, present, not short-lived) decoded exactly", m_exact,
          expected);
    QCOMPARE(m_exact, expected);
}

void TestDjangoMemcached::cliGetJson_data()
{
    QTest::addColumn<QJsonObject>("entry");
    for (const QJsonObject &e : cliSample(m_entries))
        QTest::newRow(e.value(u"raw_key").toString().toUtf8().constData()) << e;
}

void TestDjangoMemcached::cliGetJson()
{
    QFETCH(QJsonObject, entry);
    const QString cli = qEnvironmentVariable("CACHESCOPE_CLI");
    if (cli.isEmpty())
        QSKIP("CACHESCOPE_CLI is not set (run through ctest)");
    QProcess p;
    p.start(cli, {QStringLiteral("get"), m_mc.url(), QStringLiteral("--key-hex"),
                  entry.value(u"raw_key_utf8_hex").toString(), QStringLiteral("--json")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QString diff = compareCliJson(o, entry);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

QTEST_GUILESS_MAIN(TestDjangoMemcached)
#include "tst_django_memcached.moc"

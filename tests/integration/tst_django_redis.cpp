// Values written by real Django into a real redis-server, read back through RedisConnector
// and decoded by the codec: every entry of the shared fixture generator's manifest
// (../shared/fixtures/django/populate.py) must decode to what Django's cache.get() returns
// (its repr, or the sha256 of a long repr), with the same Python type, and its key must
// parse to the alias' KEY_PREFIX and VERSION. Then the same through `cachescope-cli get
// --json`, and values written through django-redis with every compressor and serializer.

#include "clirun.h"
#include "codec/djangokey.h"
#include "codec/valuedecoder.h"
#include "connectorrecorder.h"
#include "djangomanifest.h"
#include "redis/redisconnector.h"
#include "redisserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace cachescope;
using namespace cachescope::test;

namespace {

constexpr int Slow = 20000;

QList<QJsonObject> runPython(const QStringList &args, QByteArray *stderrOut = nullptr)
{
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), args);
    if (!python.waitForStarted(10000) || !python.waitForFinished(180000))
        return {};
    if (stderrOut)
        *stderrOut = python.readAllStandardError();
    if (python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0)
        return {};
    QList<QJsonObject> out;
    for (const QByteArray &line : python.readAllStandardOutput().split('\n'))
        if (!line.trimmed().isEmpty())
            out.append(QJsonDocument::fromJson(line).object());
    return out;
}

} // namespace

class TestDjangoRedis : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void manifestEntry_data();
    void manifestEntry();
    void everyPresentEntryDecodedExactly();
    void cachePageResponses();
    void cliGetJson_data();
    void cliGetJson();
    void compressorsAndSerializers_data();
    void compressorsAndSerializers();

private:
    KeyValue read(const QByteArray &key);

    RedisServer m_redis;
    QTemporaryDir m_dir;
    std::unique_ptr<RecordedConnector> m_connector;
    QList<QJsonObject> m_entries; // backend "redis"
    QList<QJsonObject> m_formats; // django_redis_formats.py lines
    int m_checked = 0;
    int m_exact = 0;
};

void TestDjangoRedis::initTestCase()
{
    const QString fixtures = qEnvironmentVariable("CACHESCOPE_FIXTURES");
    const QString populate = fixtures + QStringLiteral("/populate.py");
    if (fixtures.isEmpty() || !QFile::exists(populate))
        QSKIP("CACHESCOPE_FIXTURES does not point at the folder holding populate.py");
    QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString()));
    QVERIFY(m_dir.isValid());
    const QString manifestPath = m_dir.filePath(QStringLiteral("manifest.json"));

    QByteArray err;
    runPython({populate, QStringLiteral("--redis"), QStringLiteral("127.0.0.1:%1").arg(m_redis.port()),
               QStringLiteral("--manifest"), manifestPath},
              &err);
    QFile file(manifestPath);
    QVERIFY2(file.open(QIODevice::ReadOnly), err.constData());
    const QJsonObject manifest = QJsonDocument::fromJson(file.readAll()).object();
    for (const QJsonValue &e : manifest.value(u"entries").toArray())
        if (e.toObject().value(u"backend").toString() == u"redis")
            m_entries.append(e.toObject());
    QVERIFY2(m_entries.size() >= 90, qPrintable(QString::number(m_entries.size())));

    m_formats =
        runPython({QFINDTESTDATA("python/django_redis_formats.py"), QString::number(m_redis.port())}, &err);
    QVERIFY2(m_formats.size() > 50, err.constData());

    m_connector = openRecorded(std::make_unique<RedisConnector>(m_redis.spec()));
    QVERIFY(m_connector && !m_connector->results.opened.isEmpty());
}

KeyValue TestDjangoRedis::read(const QByteArray &key)
{
    ValueRequest request;
    request.key = key;
    request.byteLimit = -1; // the whole value, as cache.get() reads it
    const quint64 id = m_connector->host.fetchValue(request);
    if (!QTest::qWaitFor([&] { return m_connector->results.answered(id); }, Slow))
        return {};
    return m_connector->results.values.value(id);
}

void TestDjangoRedis::manifestEntry_data()
{
    QTest::addColumn<QJsonObject>("entry");
    for (const QJsonObject &e : std::as_const(m_entries))
        QTest::newRow(e.value(u"raw_key").toString().toUtf8().constData()) << e;
}

void TestDjangoRedis::manifestEntry()
{
    QFETCH(QJsonObject, entry);
    const QByteArray key = QByteArray::fromHex(entry.value(u"raw_key_utf8_hex").toString().toLatin1());
    const bool present = entry.value(u"state").toString() == u"present";
    if (present && entry.value(u"ttl_bucket").toString().startsWith(u"short"))
        QSKIP("a 20-second entry: it may have expired by now");

    const KeyValue value = read(key);
    if (!present) {
        QVERIFY2(!value.exists(), "a key moved away by incr_version must be gone");
        return;
    }
    QVERIFY2(value.exists(), "the key Django wrote is missing");
    QCOMPARE(value.type, KeyType::String);
    QVERIFY(!value.truncated);

    // The key: PREFIX:VERSION:key, as the alias configured it.
    const DjangoKey k = DjangoKeyParser::parse(key);
    QVERIFY(k.isDjango());
    QCOMPARE(QString::fromUtf8(k.prefix), entry.value(u"prefix").toString());
    QCOMPARE(k.version, entry.value(u"version").toInt());
    QCOMPARE(QString::fromUtf8(k.userKey), entry.value(u"key").toString());

    // The value: what Django's cache.get() returns, exactly.
    DecodeContext ctx;
    ctx.maxReprChars = 64 * 1024 * 1024; // the whole repr of the 1,000,000-character string
    const DecodedValue decoded = ValueDecoder::decode(value.data, ctx);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errors.join(u'\n')));
    QVERIFY(!decoded.dangerous);
    QVERIFY(!decoded.reprTruncated);
    ++m_checked;
    QCOMPARE(decoded.valueType, entry.value(u"value_type").toString());
    const QString expected = entry.value(u"expected_repr").toString();
    if (!isDigestOnly(expected))
        QCOMPARE(decoded.repr, expected);
    QCOMPARE(sha256Hex(decoded.repr), entry.value(u"repr_sha256").toString().toLatin1());
    const QString observed = entry.value(u"observed").toObject().value(u"encoding").toString();
    if (observed == u"zlib")
        QCOMPARE(decoded.chain.value(0), QStringLiteral("zlib"));
    else if (observed == u"int-ascii")
        QCOMPARE(decoded.format, ValueFormat::Integer);
    else
        QCOMPARE(decoded.chain.value(0), QStringLiteral("pickle v4"));
    ++m_exact;
}

void TestDjangoRedis::everyPresentEntryDecodedExactly()
{
    int expected = 0;
    for (const QJsonObject &e : std::as_const(m_entries))
        if (e.value(u"state").toString() == u"present" &&
            !e.value(u"ttl_bucket").toString().startsWith(u"short"))
            ++expected;
    qInfo("%d of %d manifest entries (redis, present, not short-lived) decoded exactly", m_exact, expected);
    QCOMPARE(m_checked, expected);
    QCOMPARE(m_exact, expected);
}

void TestDjangoRedis::cachePageResponses()
{
    int pages = 0;
    for (const QJsonObject &e : std::as_const(m_entries)) {
        if (!e.contains(u"response_content"))
            continue;
        const QByteArray key = QByteArray::fromHex(e.value(u"raw_key_utf8_hex").toString().toLatin1());
        const DjangoKey k = DjangoKeyParser::parse(key);
        QCOMPARE(k.kind, DjangoKeyKind::CachePagePage);
        QCOMPARE(k.keyPrefix, QByteArray("pages"));
        QCOMPARE(k.method, QByteArray("GET"));
        QCOMPARE(k.language, QByteArray("en-us"));
        QCOMPARE(k.timeZone, QByteArray("UTC"));
        const DecodedValue decoded = ValueDecoder::decode(read(key).data);
        QVERIFY(decoded.response);
        QCOMPARE(decoded.response->statusCode, 200);
        QCOMPARE(QString::fromUtf8(decoded.response->body), e.value(u"response_content").toString());
        const QJsonObject headers = e.value(u"response_headers").toObject();
        QCOMPARE(decoded.response->headers.size(), headers.size());
        for (const auto &[name, value] : decoded.response->headers)
            QCOMPARE(value, headers.value(name).toString());
        QVERIFY(decoded.chain.last().startsWith(decoded.response->className));
        ++pages;
    }
    QCOMPARE(pages, 3);
    // Their header keys (the Vary list) are recognised too.
    int headerKeys = 0;
    for (const QJsonObject &e : std::as_const(m_entries))
        if (DjangoKeyParser::parse(e.value(u"raw_key").toString().toUtf8()).kind ==
            DjangoKeyKind::CachePageHeader)
            ++headerKeys;
    QCOMPARE(headerKeys, 3);
}

void TestDjangoRedis::cliGetJson_data()
{
    QTest::addColumn<QJsonObject>("entry");
    for (const QJsonObject &e : cliSample(m_entries))
        QTest::newRow(e.value(u"raw_key").toString().toUtf8().constData()) << e;
}

void TestDjangoRedis::cliGetJson()
{
    QFETCH(QJsonObject, entry);
    QVERIFY2(!cliPath().isEmpty(), CliMissingMessage);
    const CliResult r = runCli({QStringLiteral("get"), m_redis.url(), QStringLiteral("--key-hex"),
                                entry.value(u"raw_key_utf8_hex").toString(), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(r.out, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(o.value(u"type").toString(), QStringLiteral("string"));
    const QString diff = compareCliJson(o, entry);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

void TestDjangoRedis::compressorsAndSerializers_data()
{
    QTest::addColumn<QJsonObject>("sample");
    for (const QJsonObject &s : std::as_const(m_formats))
        QTest::newRow(
            QStringLiteral("%1 %2")
                .arg(s.value(u"alias").toString(),
                     QString::fromUtf8(QByteArray::fromHex(s.value(u"raw_key_hex").toString().toLatin1())))
                .toUtf8()
                .constData())
            << s;
}

void TestDjangoRedis::compressorsAndSerializers()
{
    QFETCH(QJsonObject, sample);
    const KeyValue value = read(QByteArray::fromHex(sample.value(u"raw_key_hex").toString().toLatin1()));
    QVERIFY(value.exists());
    DecodeContext ctx;
    ctx.serializer = *ValueDecoder::serializerFromName(sample.value(u"serializer").toString());
    const DecodedValue decoded = ValueDecoder::decode(value.data, ctx);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errors.join(u'\n')));
    QCOMPARE(decoded.repr, sample.value(u"repr").toString());
    QCOMPARE(decoded.valueType, sample.value(u"type").toString());
    // Compressed when the compressor kicked in (its magic bytes lead the stored value).
    const QString compressor = sample.value(u"compressor").toString();
    const QByteArray head = QByteArray::fromHex(sample.value(u"head_hex").toString().toLatin1());
    const bool compressed = head.startsWith("\x78") || head.startsWith("\x1f\x8b") ||
                            head.startsWith("\xfd"
                                            "7zXZ") ||
                            head.startsWith("\x04\x22\x4d\x18") || head.startsWith("\x28\xb5\x2f\xfd");
    if (compressed)
        QCOMPARE(decoded.chain.value(0), compressor);
    else if (decoded.format != ValueFormat::Integer)
        QVERIFY2(!decoded.chain.contains(compressor), qPrintable(decoded.chain.join(u',')));
}

QTEST_GUILESS_MAIN(TestDjangoRedis)
#include "tst_django_redis.moc"

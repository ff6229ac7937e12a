// The decoding chain against values written by real Python libraries (Django's pickling,
// django-redis compressors and serializers, pymemcache flags, the database cache's base64).
#include "codec/decompressor.h"
#include "codec/valuedecoder.h"
#include "pythonhelper.h"

#include <QJsonArray>
#include <QTest>

using namespace cachescope;

namespace {

QList<QJsonObject> g_cases;

DecodeContext contextOf(const QJsonObject &o)
{
    DecodeContext ctx;
    const QString source = o[u"source"].toString();
    ctx.source = source == QLatin1String("memcached") ? ValueSource::Memcached
                 : source == QLatin1String("dbtable") ? ValueSource::DbTable
                                                      : ValueSource::Redis;
    const QString serializer = o[u"serializer"].toString();
    ctx.serializer = serializer == QLatin1String("json")      ? ValueSerializer::Json
                     : serializer == QLatin1String("msgpack") ? ValueSerializer::Msgpack
                                                              : ValueSerializer::Pickle;
    if (!o[u"flags"].isNull())
        ctx.memcachedFlags = quint32(o[u"flags"].toInt());
    ctx.memcachedClient = o[u"client"].toString() == QLatin1String("pylibmc") ? MemcachedFlavor::PyLibMc
                                                                              : MemcachedFlavor::PyMemcache;
    return ctx;
}

} // namespace

class TestValueDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        g_cases = testing::runPythonFile(QFINDTESTDATA("unit/python/value_cases.py"));
        QVERIFY(g_cases.size() > 30);
    }

    void chain_data()
    {
        QTest::addColumn<QJsonObject>("row");
        for (const QJsonObject &o : g_cases)
            QTest::newRow(qPrintable(o[u"name"].toString())) << o;
    }
    void chain()
    {
        QFETCH(QJsonObject, row);
        const QByteArray raw = QByteArray::fromHex(row[u"hex"].toString().toLatin1());
        const DecodedValue v = ValueDecoder::decode(raw, contextOf(row));
        QStringList expectedChain;
        for (const auto &step : row[u"chain"].toArray())
            expectedChain.append(step.toString());
        QCOMPARE(v.chain, expectedChain);
        if (row[u"error"].toBool()) {
            QVERIFY(!v.ok());
            QVERIFY(!v.errors.first().isEmpty());
        } else {
            QVERIFY2(v.ok(), qPrintable(v.errors.join(u'\n')));
            QCOMPARE(v.repr, row[u"repr"].toString());
            QVERIFY(!v.dangerous);
        }
    }

    void jsonRendering()
    {
        const DecodedValue v = ValueDecoder::decode(QByteArray::fromHex("80057d94288c0161944b018c016294"
                                                                        "5d94284b014b0265752e"));
        QVERIFY2(v.ok(), qPrintable(v.errors.join(u'\n')));
        QCOMPARE(v.repr, QStringLiteral("{'a': 1, 'b': [1, 2]}"));
        QCOMPARE(v.json.value_or("<none>"), QByteArray(R"({"a": 1, "b": [1, 2]})"));
    }

    void dangerousBehindCompression()
    {
        const auto rows = testing::runPythonJsonLines(
            "import pickle, zlib, json, os\n"
            "class Evil:\n    def __reduce__(self):\n        return (os.system, ('echo pwned',))\n"
            "print(json.dumps({'hex': zlib.compress(pickle.dumps(Evil(), 5)).hex()}))\n");
        QCOMPARE(rows.size(), 1);
        const DecodedValue v =
            ValueDecoder::decode(QByteArray::fromHex(rows[0][u"hex"].toString().toLatin1()));
        QVERIFY(v.ok());
        QCOMPARE(v.chain, QStringList({QStringLiteral("zlib"), QStringLiteral("pickle v5"),
                                       QStringLiteral("posix.system")}));
        QCOMPARE(v.repr, QStringLiteral("posix.system('echo pwned')"));
        QVERIFY(v.dangerous);
        QVERIFY(v.dangerReasons.first().contains(QLatin1String("posix.system")));
    }

    void decompressionBombStopsAtCap_data()
    {
        QTest::addColumn<QString>("compressor");
        for (const char *c : {"zlib.compress", "gzip.compress", "lzma.compress", "lz4.frame.compress",
                              "zstandard.ZstdCompressor().compress"})
            QTest::newRow(c) << QString::fromLatin1(c);
    }
    void decompressionBombStopsAtCap()
    {
        QFETCH(QString, compressor);
        const auto rows = testing::runPythonJsonLines("import zlib, gzip, lzma, json, lz4.frame, zstandard\n"
                                                      "print(json.dumps({'hex': (" +
                                                      compressor.toLatin1() +
                                                      ")(b'\\x80\\x05' + b'\\x00' * 50_000_000).hex()}))\n");
        QCOMPARE(rows.size(), 1);
        const QByteArray packed = QByteArray::fromHex(rows[0][u"hex"].toString().toLatin1());
        QVERIFY(packed.size() < 1024 * 1024);
        DecodeContext ctx;
        ctx.maxDecompressed = 1024 * 1024;
        const DecodedValue v = ValueDecoder::decode(packed, ctx);
        QVERIFY(!v.ok());
        QVERIFY(v.payload.size() <= ctx.maxDecompressed);
        QVERIFY2(v.errors.join(u' ').contains(QLatin1String("truncated")), qPrintable(v.errors.join(u' ')));
    }

    void detectNeedsValidZlibHeader()
    {
        QCOMPARE(Decompressor::detect("\x78\x9c"), Compression::Zlib);
        QCOMPARE(Decompressor::detect("\x78\x9d"), Compression::None); // bad header checksum
        QCOMPARE(Decompressor::detect("x-ray"), Compression::None);
    }

    void partialReadIsReported()
    {
        DecodeContext ctx;
        ctx.inputTruncated = true;
        const DecodedValue v = ValueDecoder::decode(QByteArray::fromHex("80058c0a61626364"), ctx);
        QVERIFY(!v.ok());
        QVERIFY(v.errors.first().contains(QLatin1String("truncated SHORT_BINUNICODE at offset 2")));
        QVERIFY(!v.notes.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestValueDecoder)
#include "tst_valuedecoder.moc"

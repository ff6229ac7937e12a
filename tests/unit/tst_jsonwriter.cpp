// The hand-rolled JSON of cachescope-cli: every string it writes must parse back to the
// same text, and TTLs must come out as seconds.

#include "cli/jsonwriter.h"
#include "cli/keyformat.h"
#include "core/keyescape.h"
#include "core/keytypes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace cachescope;
using namespace cachescope::cli;

class TestJsonWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stringRoundTrips_data()
    {
        QTest::addColumn<QByteArray>("utf8");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("plain") << QByteArray("django:1:views.decorators.cache");
        QTest::newRow("quotes and backslashes") << QByteArray(R"(a "b" \c\\)");
        QTest::newRow("controls") << QByteArray("tab\there\nnl\rcr\x01\x1f");
        QTest::newRow("nul") << QByteArray("a\0b", 3);
        QTest::newRow("unicode") << QByteArray("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    }
    void stringRoundTrips()
    {
        QFETCH(QByteArray, utf8);
        QByteArray out("[");
        json::appendString(out, utf8);
        out.append(']');
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(out, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, out.constData());
        QCOMPARE(doc.array().first().toString(), QString::fromUtf8(utf8));
    }

    void ttlSeconds_data()
    {
        QTest::addColumn<qint64>("ttlMs");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("no expiry") << qint64(NoExpiry) << QByteArray("null");
        QTest::newRow("missing") << qint64(KeyMissing) << QByteArray("null");
        QTest::newRow("unknown") << qint64(TtlUnknown) << QByteArray("null");
        QTest::newRow("zero") << qint64(0) << QByteArray("0");
        QTest::newRow("whole") << qint64(12000) << QByteArray("12");
        QTest::newRow("half") << qint64(12500) << QByteArray("12.5");
        QTest::newRow("ms") << qint64(1) << QByteArray("0.001");
        QTest::newRow("mixed") << qint64(3600050) << QByteArray("3600.05");
    }
    void ttlSeconds()
    {
        QFETCH(qint64, ttlMs);
        QFETCH(QByteArray, expected);
        QByteArray out;
        json::appendTtlSeconds(out, ttlMs);
        QCOMPARE(out, expected);
    }

    void bytesAreTextOrHex()
    {
        QByteArray out;
        json::appendBytes(out, "text");
        QCOMPARE(out, QByteArray(R"("text")"));
        out.clear();
        json::appendBytes(out, QByteArray("\xff\x00", 2));
        QCOMPARE(out, QByteArray(R"({"hex": "ff00"})"));
    }

    void objectCommas()
    {
        QByteArray out;
        JsonObject obj(out);
        obj.field("a").append("1");
        obj.field("b").append("null");
        obj.close();
        QCOMPARE(out, QByteArray(R"({"a": 1, "b": null})"));
        QVERIFY(QJsonDocument::fromJson(out).isObject());
    }

    void escapedKeyMatchesEscapeKey_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::newRow("ascii") << QByteArray(":1:session:abc");
        QTest::newRow("backslash") << QByteArray("a\\b");
        QTest::newRow("binary") << QByteArray("k\x00\xff\n", 4);
        QTest::newRow("utf8") << QByteArray("caf\xc3\xa9");
        QTest::newRow("del") << QByteArray("x\x7f");
        // Longer than a word: the fast check reads 8 bytes at a time.
        QTest::newRow("long ascii") << QByteArray("shop:3:product:123456789 ~");
        QTest::newRow("backslash in 2nd word") << QByteArray("abcdefghi\\jklmnop");
        QTest::newRow("newline in 1st word") << QByteArray("abc\ndefghijkl");
        QTest::newRow("utf8 in 2nd word") << QByteArray("abcdefgh:caf\xc3\xa9");
    }
    void escapedKeyMatchesEscapeKey()
    {
        QFETCH(QByteArray, key);
        QByteArray out;
        appendEscapedKey(out, key);
        QCOMPARE(out, escapeKey(key).toUtf8());
        QCOMPARE(unescapeKey(QString::fromUtf8(out)).value(), key);
    }
    // Every byte value at every position of a 17-byte key (two words and a tail), against
    // the definition: printable ASCII other than a backslash.
    void plainAsciiEveryByteEveryPosition()
    {
        for (int pos = 0; pos < 17; ++pos) {
            for (int b = 0; b < 256; ++b) {
                QByteArray key(17, 'a');
                key[pos] = char(b);
                const bool plain = b >= 0x20 && b < 0x7f && b != '\\';
                if (isPlainAscii(key) != plain)
                    QFAIL(qPrintable(QStringLiteral("byte 0x%1 at %2").arg(b, 2, 16, QLatin1Char('0')).arg(pos)));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "tst_jsonwriter.moc"

// KeyFilter::DjangoVersionBelow: "every version of PREFIX older than N" (and, with INT_MAX,
// "every version of PREFIX"), which no glob can say.
#include "core/invalidationjob.h"

#include <QTest>

#include <limits>

using namespace cachescope;

class TestKeyFilter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void accepts_data()
    {
        QTest::addColumn<QByteArray>("prefix");
        QTest::addColumn<int>("version");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("older") << QByteArray("shop") << 3 << QByteArray("shop:2:a") << true;
        QTest::newRow("same version") << QByteArray("shop") << 3 << QByteArray("shop:3:a") << false;
        QTest::newRow("newer") << QByteArray("shop") << 3 << QByteArray("shop:10:a") << false;
        QTest::newRow("numeric not textual") << QByteArray("shop") << 10 << QByteArray("shop:9:a") << true;
        QTest::newRow("negative version") << QByteArray("shop") << 0 << QByteArray("shop:-1:a") << true;
        QTest::newRow("empty rest") << QByteArray("shop") << 3 << QByteArray("shop:1:") << true;
        QTest::newRow("colons in rest") << QByteArray("shop") << 3 << QByteArray("shop:1:a:b:c") << true;
        QTest::newRow("binary rest") << QByteArray("shop") << 3 << QByteArray("shop:1:\x00\xff", 9) << true;
        QTest::newRow("other prefix") << QByteArray("shop") << 3 << QByteArray("shopping:1:a") << false;
        QTest::newRow("prefix is a prefix of another")
            << QByteArray("shop") << 3 << QByteArray("shop:eu:1:a") << false;
        QTest::newRow("prefix with colons")
            << QByteArray("shop:eu") << 3 << QByteArray("shop:eu:1:a") << true;
        QTest::newRow("empty prefix") << QByteArray() << 3 << QByteArray(":1:a") << true;
        QTest::newRow("empty prefix, other key") << QByteArray() << 3 << QByteArray("shop:1:a") << false;
        QTest::newRow("glob characters are literal")
            << QByteArray("s*") << 3 << QByteArray("shop:1:a") << false;
        QTest::newRow("glob prefix itself") << QByteArray("s*") << 3 << QByteArray("s*:1:a") << true;
        QTest::newRow("no version part") << QByteArray("shop") << 3 << QByteArray("shop:1") << false;
        QTest::newRow("prefix only") << QByteArray("shop") << 3 << QByteArray("shop") << false;
        QTest::newRow("prefix and colon") << QByteArray("shop") << 3 << QByteArray("shop:") << false;
        QTest::newRow("empty version") << QByteArray("shop") << 3 << QByteArray("shop::a") << false;
        QTest::newRow("word version") << QByteArray("shop") << 3 << QByteArray("shop:v1:a") << false;
        QTest::newRow("space before") << QByteArray("shop") << 3 << QByteArray("shop: 1:a") << false;
        QTest::newRow("space after") << QByteArray("shop") << 3 << QByteArray("shop:1 :a") << false;
        QTest::newRow("plus sign") << QByteArray("shop") << 3 << QByteArray("shop:+1:a") << false;
        QTest::newRow("leading zero") << QByteArray("shop") << 3 << QByteArray("shop:01:a") << false;
        QTest::newRow("zero") << QByteArray("shop") << 3 << QByteArray("shop:0:a") << true;
        QTest::newRow("lone minus") << QByteArray("shop") << 3 << QByteArray("shop:-:a") << false;
        QTest::newRow("hex") << QByteArray("shop") << 3 << QByteArray("shop:0x1:a") << false;
        QTest::newRow("overflow") << QByteArray("shop") << std::numeric_limits<int>::max()
                                  << QByteArray("shop:99999999999:a") << false;
        QTest::newRow("every version") << QByteArray("shop") << std::numeric_limits<int>::max()
                                       << QByteArray("shop:2147483646:a") << true;
    }
    void accepts()
    {
        QFETCH(QByteArray, prefix);
        QFETCH(int, version);
        QFETCH(QByteArray, key);
        QFETCH(bool, accepted);
        KeyFilter filter;
        filter.kind = KeyFilter::Kind::DjangoVersionBelow;
        filter.prefix = prefix;
        filter.version = version;
        QCOMPARE(filter.accepts(key), accepted);
        // Kind None lets everything through.
        QVERIFY(KeyFilter().accepts(key));
    }
};

QTEST_GUILESS_MAIN(TestKeyFilter)
#include "tst_keyfilter.moc"

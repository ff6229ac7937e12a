// readPickledInt / writePickledInt against bytes Python's own pickler wrote
// (pickle.dumps(value, protocol)), so a bumped DB-cache counter stays readable by Django.
#include "codec/pickleint.h"

#include <QTest>

using namespace cachescope;

class TestPickleInt : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsWhatPythonWrites_data();
    void readsWhatPythonWrites();
    void refusesWhatIsNoInt_data();
    void refusesWhatIsNoInt();
};

void TestPickleInt::readsWhatPythonWrites_data()
{
    QTest::addColumn<QByteArray>("python"); // pickle.dumps(value, protocol)
    QTest::addColumn<qint64>("value");
    QTest::addColumn<int>("protocol");
    QTest::addColumn<QByteArray>("written"); // what we write back: Python's bytes without FRAME
    QTest::newRow("5, protocol 5") << QByteArray("\x80\x05K\x05.", 5) << qint64(5) << 5
                                   << QByteArray("\x80\x05K\x05.", 5);
    QTest::newRow("0") << QByteArray("\x80\x05K\x00.", 5) << qint64(0) << 5
                       << QByteArray("\x80\x05K\x00.", 5);
    QTest::newRow("300, BININT2") << QByteArray("\x80\x02M,\x01.", 6) << qint64(300) << 2
                                  << QByteArray("\x80\x02M,\x01.", 6);
    QTest::newRow("-1, BININT") << QByteArray("\x80\x02J\xff\xff\xff\xff.", 8) << qint64(-1) << 2
                                << QByteArray("\x80\x02J\xff\xff\xff\xff.", 8);
    QTest::newRow("2^31, LONG1") << QByteArray("\x80\x02\x8a\x05\x00\x00\x00\x80\x00.", 10)
                                 << qint64(2147483648) << 2
                                 << QByteArray("\x80\x02\x8a\x05\x00\x00\x00\x80\x00.", 10);
    QTest::newRow("100000, framed") << QByteArray(
                                           "\x80\x05\x95\x06\x00\x00\x00\x00\x00\x00\x00J\xa0\x86\x01\x00.",
                                           17)
                                    << qint64(100000) << 5 << QByteArray("\x80\x05J\xa0\x86\x01\x00.", 8);
    QTest::newRow("65536, framed") << QByteArray(
                                          "\x80\x05\x95\x06\x00\x00\x00\x00\x00\x00\x00J\x00\x00\x01\x00.",
                                          17)
                                   << qint64(65536) << 5 << QByteArray("\x80\x05J\x00\x00\x01\x00.", 8);
    QTest::newRow("int64 max")
        << QByteArray("\x80\x05\x95\x0b\x00\x00\x00\x00\x00\x00\x00\x8a\x08\xff\xff\xff\xff\xff\xff\xff\x7f.",
                      22)
        << std::numeric_limits<qint64>::max() << 5
        << QByteArray("\x80\x05\x8a\x08\xff\xff\xff\xff\xff\xff\xff\x7f.", 13);
    QTest::newRow("-2^31-1, protocol 4")
        << QByteArray("\x80\x04\x95\x08\x00\x00\x00\x00\x00\x00\x00\x8a\x05\xff\xff\xff\x7f\xff.", 19)
        << qint64(-2147483649) << 4 << QByteArray("\x80\x04\x8a\x05\xff\xff\xff\x7f\xff.", 10);
    QTest::newRow("protocol 0 text") << QByteArray("I7\n.") << qint64(7) << 0
                                     << QByteArray("\x80\x02K\x07.", 5);
}

void TestPickleInt::readsWhatPythonWrites()
{
    QFETCH(QByteArray, python);
    QFETCH(qint64, value);
    QFETCH(int, protocol);
    QFETCH(QByteArray, written);
    const auto read = readPickledInt(python);
    QVERIFY(read);
    QCOMPARE(read->value, value);
    QCOMPARE(read->protocol, protocol);
    QCOMPARE(writePickledInt(value, protocol), written);
    const auto again = readPickledInt(written);
    QVERIFY(again);
    QCOMPARE(again->value, value);
}

void TestPickleInt::refusesWhatIsNoInt_data()
{
    QTest::addColumn<QByteArray>("pickle");
    QTest::newRow("True") << QByteArray("\x80\x05\x88.", 4);
    QTest::newRow("True, protocol 0") << QByteArray("I01\n.");
    QTest::newRow("str") << QByteArray("\x80\x05\x8c\x01x\x94.", 7);
    QTest::newRow("no STOP") << QByteArray("\x80\x05K\x05", 4);
    QTest::newRow("trailing bytes") << QByteArray("\x80\x05K\x05..", 6);
    QTest::newRow("truncated BININT") << QByteArray("\x80\x02J\xff\xff.", 6);
    QTest::newRow("LONG1 over 64 bits")
        << QByteArray("\x80\x02\x8a\x09\x00\x00\x00\x00\x00\x00\x00\x00\x01.", 14);
    QTest::newRow("empty") << QByteArray();
}

void TestPickleInt::refusesWhatIsNoInt()
{
    QFETCH(QByteArray, pickle);
    QVERIFY(!readPickledInt(pickle));
}

QTEST_GUILESS_MAIN(TestPickleInt)
#include "tst_pickleint.moc"

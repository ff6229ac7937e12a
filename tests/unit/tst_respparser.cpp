// RespParser and parseScanReply on canned bytes: what a broken or hostile server could
// send must come out as a clear error, never as a huge allocation or a wrong key list.
#include "redis/respparser.h"
#include "redis/respvalue.h"
#include "redis/scanreply.h"

#include <QTest>

using namespace cachescope;

namespace {

struct Parsed
{
    QList<QByteArray> replies; // debugText of each
    QString error;
};

Parsed parse(const QByteArray &bytes, qsizetype chunk)
{
    Parsed out;
    RespParser parser;
    for (qsizetype pos = 0; pos < bytes.size(); pos += chunk) {
        if (!parser.feed(QByteArrayView(bytes).sliced(pos, qMin(chunk, bytes.size() - pos)))) {
            out.error = QStringLiteral("feed failed");
            return out;
        }
        for (;;) {
            RespReplyPtr reply;
            const RespParser::Status status = parser.next(&reply);
            if (status == RespParser::Status::Error) {
                out.error = parser.errorText();
                return out;
            }
            if (status == RespParser::Status::NeedMore)
                break;
            out.replies.append(RespValue::fromReply(reply.get()).debugText());
        }
    }
    return out;
}

} // namespace

class TestRespParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data();
    void parses();
    void scanReply_data();
    void scanReply();
};

void TestRespParser::parses_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QList<QByteArray>>("replies");
    QTest::addColumn<QString>("error"); // a part of the error text; empty = no error

    QTest::newRow("status and integer") << QByteArray("+OK\r\n:42\r\n") << QList<QByteArray>{"OK", "42"} << QString();
    QTest::newRow("bulk with CRLF inside") << QByteArray("$4\r\na\r\nb\r\n") << QList<QByteArray>{"\"a\r\nb\""}
                                           << QString();
    QTest::newRow("nil bulk and nil array") << QByteArray("$-1\r\n*-1\r\n")
                                            << QList<QByteArray>{"(nil)", "(nil)"} << QString();
    QTest::newRow("nested") << QByteArray("*2\r\n*1\r\n:1\r\n$1\r\nx\r\n") << QList<QByteArray>{"[[1], \"x\"]"}
                            << QString();
    QTest::newRow("error reply") << QByteArray("-ERR nope\r\n") << QList<QByteArray>{"(error) ERR nope"} << QString();
    // hiredis 0.14 would calloc 16 GB for this before a single element arrived.
    QTest::newRow("huge array header") << QByteArray("+OK\r\n*2000000000\r\n") << QList<QByteArray>{"OK"}
                                       << QStringLiteral("claims 2000000000 elements");
    // Debian's hiredis 0.14.1 refuses negative counts itself.
    QTest::newRow("negative array header") << QByteArray("*-5\r\n:1\r\n") << QList<QByteArray>{}
                                           << QStringLiteral("out of range");
    QTest::newRow("not RESP") << QByteArray("HTTP/1.1 400 Bad Request\r\n") << QList<QByteArray>{}
                              << QStringLiteral("Protocol error");
}

void TestRespParser::parses()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QList<QByteArray>, replies);
    QFETCH(QString, error);
    // Every split of the stream gives the same result.
    for (qsizetype chunk : {qsizetype(1), qsizetype(2), qsizetype(7), bytes.size()}) {
        const Parsed parsed = parse(bytes, chunk);
        QCOMPARE(parsed.replies, replies);
        if (error.isEmpty())
            QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
        else
            QVERIFY2(parsed.error.contains(error), qPrintable(parsed.error));
    }
}

void TestRespParser::scanReply_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("cursor");
    QTest::addColumn<QList<QByteArray>>("keys");

    QTest::newRow("page") << QByteArray("*2\r\n$2\r\n17\r\n*2\r\n$1\r\na\r\n$3\r\nb\0c\r\n", 32) << true
                          << QByteArray("17") << QList<QByteArray>{"a", QByteArray("b\0c", 3)};
    QTest::newRow("last page, no keys") << QByteArray("*2\r\n$1\r\n0\r\n*0\r\n") << true << QByteArray("0")
                                        << QList<QByteArray>{};
    // Before parseScanReply these were read as empty keys.
    QTest::newRow("integer among keys") << QByteArray("*2\r\n$1\r\n0\r\n*2\r\n:5\r\n$1\r\nk\r\n") << false
                                        << QByteArray() << QList<QByteArray>{};
    QTest::newRow("nil key") << QByteArray("*2\r\n$1\r\n0\r\n*1\r\n$-1\r\n") << false << QByteArray()
                             << QList<QByteArray>{};
    QTest::newRow("cursor not digits") << QByteArray("*2\r\n$2\r\n-1\r\n*0\r\n") << false << QByteArray()
                                       << QList<QByteArray>{};
    QTest::newRow("error reply") << QByteArray("-ERR x\r\n") << false << QByteArray() << QList<QByteArray>{};
}

void TestRespParser::scanReply()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, ok);
    QFETCH(QByteArray, cursor);
    QFETCH(QList<QByteArray>, keys);
    RespParser parser;
    QVERIFY(parser.feed(bytes));
    RespReplyPtr reply;
    QCOMPARE(parser.next(&reply), RespParser::Status::Reply);
    QByteArray gotCursor;
    KeyBatch batch;
    QCOMPARE(parseScanReply(reply.get(), &gotCursor, &batch), ok);
    QCOMPARE(gotCursor, cursor);
    QList<QByteArray> gotKeys;
    for (qsizetype i = 0; i < batch.size(); ++i)
        gotKeys.append(batch.at(i).toByteArray());
    QCOMPARE(gotKeys, keys);
}

QTEST_GUILESS_MAIN(TestRespParser)
#include "tst_respparser.moc"

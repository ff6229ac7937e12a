// RespClient against a QTcpServer / QLocalServer this test controls: canned RESP bytes,
// split at every byte boundary, pipelining, timeouts, and the errors a person sees.
#include "freeport.h"
#include "redis/respclient.h"

#include <QElapsedTimer>
#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cachescope;

namespace {

struct Received
{
    QList<RespValue> values;
    QList<Error> errors;
    int count() const { return int(values.size() + errors.size()); }
};

RespClient::Callback collect(Received *into)
{
    return [into](const RespReply &r) {
        if (r.ok())
            into->values.append(r.value());
        else
            into->errors.append(r.transportError());
    };
}

ConnectionSpec tcpSpec(quint16 port)
{
    ConnectionSpec spec;
    spec.host = QStringLiteral("127.0.0.1");
    spec.port = port;
    return spec;
}

} // namespace

class TestRespClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void parsesRepliesSplitAtEveryByte_data();
    void parsesRepliesSplitAtEveryByte();
    void pipelinesBeforeAnyReply();
    void readsBigBulkString();
    void serverErrorKeepsConnection();
    void garbageIsProtocolError();
    void silentServerTimesOut();
    void refusedConnectionSaysSo();
    void unknownHostSaysSo();
    void peerCloseFailsPending();
    void sendBeforeConnectedIsBuffered();
    void sendWhenUnconnectedFailsLater();
    void unixSocket();
    void tlsHandshakeHitsConnectTimeout();

private:
    // Connects m_client to m_server and returns the server side of the connection.
    QTcpSocket *connectPair(ConnectionSpec spec = {});

    std::unique_ptr<QTcpServer> m_server;
    std::unique_ptr<RespClient> m_client;
};

void TestRespClient::init()
{
    m_server = std::make_unique<QTcpServer>();
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

void TestRespClient::cleanup()
{
    m_client.reset();
    m_server.reset();
}

QTcpSocket *TestRespClient::connectPair(ConnectionSpec spec)
{
    spec.host = QStringLiteral("127.0.0.1");
    spec.port = m_server->serverPort();
    m_client = std::make_unique<RespClient>(spec);
    QSignalSpy connected(m_client.get(), &RespClient::connected);
    m_client->connectToServer();
    if (!connected.wait(5000) && connected.isEmpty())
        return nullptr;
    if (!m_server->hasPendingConnections() && !m_server->waitForNewConnection(5000))
        return nullptr;
    return m_server->nextPendingConnection();
}

void TestRespClient::parsesRepliesSplitAtEveryByte_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QByteArray>("expected");   // RespValue::debugText()

    QTest::newRow("status") << QByteArray("+PONG\r\n") << QByteArray("PONG");
    QTest::newRow("error") << QByteArray("-WRONGTYPE Operation against a key\r\n")
                           << QByteArray("(error) WRONGTYPE Operation against a key");
    QTest::newRow("integer") << QByteArray(":-12345\r\n") << QByteArray("-12345");
    QTest::newRow("nil bulk") << QByteArray("$-1\r\n") << QByteArray("(nil)");
    QTest::newRow("nil array") << QByteArray("*-1\r\n") << QByteArray("(nil)");
    QTest::newRow("empty bulk") << QByteArray("$0\r\n\r\n") << QByteArray("\"\"");
    QTest::newRow("binary bulk") << QByteArray("$7\r\na\0b\r\nc\xff\r\n", 13) << QByteArray("\"a\0b\r\nc\xff\"", 9);
    QTest::newRow("empty array") << QByteArray("*0\r\n") << QByteArray("[]");
    QTest::newRow("scan page") << QByteArray("*2\r\n$3\r\n170\r\n*3\r\n$1\r\na\r\n$2\r\nbb\r\n$0\r\n\r\n")
                               << QByteArray("[\"170\", [\"a\", \"bb\", \"\"]]");
    QTest::newRow("nested") << QByteArray("*3\r\n*2\r\n:1\r\n$-1\r\n+OK\r\n*1\r\n*1\r\n-ERR x\r\n")
                            << QByteArray("[[1, (nil)], OK, [[(error) ERR x]]]");
}

void TestRespClient::parsesRepliesSplitAtEveryByte()
{
    QFETCH(QByteArray, wire);
    QFETCH(QByteArray, expected);
    QTcpSocket *server = connectPair();
    QVERIFY(server);
    Received got;
    for (qsizetype split = 0; split <= wire.size(); ++split) {
        m_client->send({"PING"}, collect(&got));
        server->write(wire.left(split));
        server->flush();
        QCoreApplication::processEvents();
        if (split < wire.size())
            QCOMPARE(got.count(), int(split));   // nothing complete yet
        server->write(wire.mid(split));
        server->flush();
        QTRY_COMPARE(got.count(), int(split + 1));
        QVERIFY(got.errors.isEmpty());
        QCOMPARE(got.values.last().debugText(), expected);
    }
}

void TestRespClient::pipelinesBeforeAnyReply()
{
    QTcpSocket *server = connectPair();
    QVERIFY(server);
    Received got;
    constexpr int N = 200;
    for (int i = 0; i < N; ++i)
        m_client->send({"GET", QByteArray::number(i)}, collect(&got));
    // Every command reaches the server while no reply has been sent.
    QByteArray requests;
    QTRY_VERIFY((requests += server->readAll(), requests.count("*2\r\n$3\r\nGET\r\n") == N));
    QCOMPARE(got.count(), 0);
    QByteArray replies;
    for (int i = 0; i < N; ++i)
        replies += ':' + QByteArray::number(i) + "\r\n";
    server->write(replies);
    QTRY_COMPARE(got.count(), N);
    for (int i = 0; i < N; ++i)
        QCOMPARE(got.values.at(i).integer, qint64(i));   // FIFO
    QCOMPARE(m_client->pendingCount(), 0);
}

void TestRespClient::readsBigBulkString()
{
    QTcpSocket *server = connectPair();
    QVERIFY(server);
    QByteArray body(8 * 1024 * 1024 + 3, 'x');
    body[0] = '\0';
    body[body.size() - 1] = '!';
    Received got;
    m_client->send({"GET", "big"}, collect(&got));
    m_client->send({"PING"}, collect(&got));
    server->write("$" + QByteArray::number(body.size()) + "\r\n" + body + "\r\n+PONG\r\n");
    QTRY_COMPARE(got.count(), 2);
    QCOMPARE(got.values.at(0).str.size(), body.size());
    QVERIFY(got.values.at(0).str == body);
    QCOMPARE(got.values.at(1).str, QByteArray("PONG"));
}

void TestRespClient::serverErrorKeepsConnection()
{
    QTcpSocket *server = connectPair();
    QVERIFY(server);
    Received got;
    m_client->send({"LPUSH", "s", "x"}, collect(&got));
    m_client->send({"PING"}, collect(&got));
    server->write("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n+PONG\r\n");
    QTRY_COMPARE(got.count(), 2);
    QVERIFY(got.values.at(0).isError());
    QVERIFY(got.values.at(0).str.startsWith("WRONGTYPE"));
    QCOMPARE(m_client->state(), RespClient::State::Connected);
}

void TestRespClient::garbageIsProtocolError()
{
    QTcpSocket *server = connectPair();
    QVERIFY(server);
    QSignalSpy lost(m_client.get(), &RespClient::disconnected);
    Received got;
    m_client->send({"PING"}, collect(&got));
    m_client->send({"PING"}, collect(&got));
    server->write("?what is this\r\n");
    QTRY_COMPARE(got.errors.size(), 2);
    QCOMPARE(got.errors.at(0).kind, ErrorKind::Protocol);
    QVERIFY2(got.errors.at(0).message.contains(QStringLiteral("not RESP")), qPrintable(got.errors.at(0).message));
    QCOMPARE(lost.size(), 1);
    QCOMPARE(m_client->state(), RespClient::State::Unconnected);
}

void TestRespClient::silentServerTimesOut()
{
    ConnectionSpec spec;
    spec.commandTimeoutMs = 300;
    QTcpSocket *server = connectPair(spec);
    QVERIFY(server);
    QSignalSpy lost(m_client.get(), &RespClient::disconnected);
    Received got;
    QElapsedTimer clock;
    clock.start();
    m_client->send({"PING"}, collect(&got));
    m_client->send({"PING"}, collect(&got));
    QTRY_COMPARE_WITH_TIMEOUT(got.errors.size(), 2, 5000);
    QVERIFY(clock.elapsed() >= 250);
    QCOMPARE(got.errors.at(0).kind, ErrorKind::Timeout);
    const QString where = QStringLiteral("127.0.0.1:%1").arg(m_server->serverPort());
    QVERIFY2(got.errors.at(0).message.contains(where), qPrintable(got.errors.at(0).message));
    QCOMPARE(lost.size(), 1);
    QCOMPARE(lost.at(0).at(0).value<Error>().kind, ErrorKind::Timeout);
    // The server sees the connection dropped.
    QTRY_COMPARE(server->state(), QAbstractSocket::UnconnectedState);
}

void TestRespClient::refusedConnectionSaysSo()
{
    const quint16 port = test::freeLoopbackPort();
    RespClient client(tcpSpec(port));
    QSignalSpy lost(&client, &RespClient::disconnected);
    Received got;
    client.connectToServer();
    client.send({"PING"}, collect(&got));
    QVERIFY(lost.wait(5000));
    const Error error = lost.at(0).at(0).value<Error>();
    QCOMPARE(error.kind, ErrorKind::Connect);
    QCOMPARE(error.message, QStringLiteral("Connection refused by 127.0.0.1:%1 — is redis-server running there?").arg(port));
    QCOMPARE(got.errors.size(), 1);   // the queued command failed with it
    QCOMPARE(got.errors.at(0).message, error.message);
}

void TestRespClient::unknownHostSaysSo()
{
    ConnectionSpec spec;
    spec.host = QStringLiteral("no-such-host.invalid");   // RFC 6761: never resolves
    RespClient client(spec);
    QSignalSpy lost(&client, &RespClient::disconnected);
    client.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(lost.size(), 1, 10000);
    const Error error = lost.at(0).at(0).value<Error>();
    QCOMPARE(error.kind, ErrorKind::Connect);
    QCOMPARE(error.message, QStringLiteral("Unknown host 'no-such-host.invalid' — check the host name in the connection URL"));
}

void TestRespClient::peerCloseFailsPending()
{
    QTcpSocket *server = connectPair();
    QVERIFY(server);
    QSignalSpy lost(m_client.get(), &RespClient::disconnected);
    Received got;
    m_client->send({"PING"}, collect(&got));
    m_client->send({"PING"}, collect(&got));
    server->write("+PONG\r\n");   // the first reply arrives with the FIN
    server->flush();
    server->close();
    QTRY_COMPARE(got.count(), 2);
    QCOMPARE(got.values.size(), 1);
    QCOMPARE(got.errors.at(0).kind, ErrorKind::Connect);
    QVERIFY2(got.errors.at(0).message.contains(QStringLiteral("closed the connection")),
             qPrintable(got.errors.at(0).message));
    QCOMPARE(lost.size(), 1);
}

void TestRespClient::sendBeforeConnectedIsBuffered()
{
    RespClient client(tcpSpec(m_server->serverPort()));
    Received got;
    client.connectToServer();
    client.send({"ECHO", "early"}, collect(&got));   // still connecting
    QVERIFY(m_server->waitForNewConnection(5000));
    QTcpSocket *server = m_server->nextPendingConnection();
    QByteArray request;
    QTRY_VERIFY((request += server->readAll(), request.endsWith("early\r\n")));
    QCOMPARE(request, QByteArray("*2\r\n$4\r\nECHO\r\n$5\r\nearly\r\n"));
    server->write("$5\r\nearly\r\n");
    QTRY_COMPARE(got.count(), 1);
    QCOMPARE(got.values.at(0).str, QByteArray("early"));
}

void TestRespClient::sendWhenUnconnectedFailsLater()
{
    RespClient client(tcpSpec(m_server->serverPort()));
    Received got;
    client.send({"PING"}, collect(&got));
    QCOMPARE(got.count(), 0);   // never from inside send()
    QTRY_COMPARE(got.errors.size(), 1);
    QCOMPARE(got.errors.at(0).kind, ErrorKind::Connect);
}

void TestRespClient::unixSocket()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QLocalServer local;
    const QString path = dir.filePath(QStringLiteral("redis.sock"));
    QVERIFY(local.listen(path));
    ConnectionSpec spec;
    spec.transport = Transport::Unix;
    spec.socketPath = path;
    RespClient client(spec);
    QSignalSpy connected(&client, &RespClient::connected);
    client.connectToServer();   // a local connect may complete at once
    QTRY_COMPARE(connected.size(), 1);
    QTRY_VERIFY(local.hasPendingConnections());
    QLocalSocket *server = local.nextPendingConnection();
    Received got;
    client.send({"PING"}, collect(&got));
    server->write("+PONG\r\n");
    QTRY_COMPARE(got.count(), 1);
    QCOMPARE(got.values.at(0).str, QByteArray("PONG"));

    // And the error when nothing listens there.
    ConnectionSpec missing = spec;
    missing.socketPath = dir.filePath(QStringLiteral("none.sock"));
    RespClient nobody(missing);
    QSignalSpy lost(&nobody, &RespClient::disconnected);
    nobody.connectToServer();
    QTRY_COMPARE(lost.size(), 1);
    const Error error = lost.at(0).at(0).value<Error>();
    QCOMPARE(error.kind, ErrorKind::Connect);
    QVERIFY2(error.message.contains(missing.socketPath), qPrintable(error.message));
}

void TestRespClient::tlsHandshakeHitsConnectTimeout()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("this Qt has no TLS backend");
    // A TCP server that never answers the TLS handshake: the connect timeout must fire.
    ConnectionSpec spec = tcpSpec(m_server->serverPort());
    spec.transport = Transport::Tls;
    spec.connectTimeoutMs = 300;
    RespClient client(spec);
    QSignalSpy lost(&client, &RespClient::disconnected);
    client.connectToServer();
    QVERIFY(lost.wait(5000));
    const Error error = lost.at(0).at(0).value<Error>();
    QCOMPARE(error.kind, ErrorKind::Timeout);
    QVERIFY2(error.message.contains(QStringLiteral("connect timeout")), qPrintable(error.message));
}

QTEST_GUILESS_MAIN(TestRespClient)
#include "tst_respclient.moc"

#pragma once
// RESP over a Qt socket: QTcpSocket (redis://), QSslSocket (rediss://), QLocalSocket
// (unix://). Debian's hiredis 0.14 has no TLS, so hiredis only parses (redisReader) and
// formats (redisFormatCommandArgv); Qt does the I/O.
//
// Event driven, never blocking: send() formats the command and writes it at once, so
// many commands are on the wire before the first reply comes back (pipelining), and
// replies are matched to callbacks first in, first out.
//
// Threads: a RespClient lives on its connector's thread and is used there only.
// Callbacks run on that thread, from the socket's readyRead or from a timeout. A callback
// may call send() or disconnectFromServer(), but must not delete the client (use
// deleteLater).
//
// Timeouts: the connect timeout covers TCP connect + TLS handshake. The command timeout
// fires when replies are owed and none has arrived for commandTimeoutMs: every pending
// callback then fails with ErrorKind::Timeout and the connection is dropped, because a
// late reply could no longer be matched to its command.

#include "core/connectionspec.h"
#include "respparser.h"
#include "respreply.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <functional>
#include <memory>

class QIODevice;
class QAbstractSocket;
class QLocalSocket;

namespace cachescope {

class RespClient : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Unconnected,
        Connecting,
        Connected
    };
    using Callback = std::function<void(const RespReply &)>;

    explicit RespClient(ConnectionSpec spec, QObject *parent = nullptr);
    ~RespClient() override; // pending callbacks are dropped without being called

    const ConnectionSpec &spec() const { return m_spec; }
    State state() const { return m_state; }
    // "127.0.0.1:6379", "[::1]:6379" or the socket path: for error messages.
    QString serverAddress() const;
    qsizetype pendingCount() const { return qsizetype(m_pending.size()); }

    // Starts connecting; emits connected() or disconnected(error). No-op unless Unconnected.
    void connectToServer();
    // Fails pending callbacks with ErrorKind::Cancelled; emits nothing.
    void disconnectFromServer();
    // Where the next connectToServer() goes (TCP / TLS). Only while Unconnected: a Sentinel
    // connection points its client at whichever master the Sentinels name.
    void setServer(const ServerAddress &address);

    // Queues the command and writes it (or buffers it until the connection is up).
    // cb may be empty. On an Unconnected client cb fails with ErrorKind::Connect from
    // the event loop, never from inside send().
    void send(const QList<QByteArray> &argv, Callback cb);
    // Hands what send() wrote to the kernel now instead of when the event loop next runs,
    // so the server can start on a command while this thread is still busy (a job sends
    // its next SCAN, flushes, then matches the page it has).
    void flush();

Q_SIGNALS:
    void connected();
    // The connection failed or was lost (also after a command timeout). Pending callbacks
    // have already failed with the same error when this is emitted.
    void disconnected(const cachescope::Error &error);

private:
    void setUpTcp(bool tls);
    void setUpLocal();
    void onConnected();
    void onReadyRead();
    bool drainReplies(quint64 generation);
    void onCommandTimer();
    void onSocketError(const QString &message, ErrorKind kind);
    // Drops the connection, fails pending callbacks, and emits disconnected() if notify.
    void drop(const Error &error, bool notify);
    void writeRaw(const char *data, qsizetype size);

    ConnectionSpec m_spec;
    State m_state = State::Unconnected;
    QPointer<QIODevice> m_device;
    QAbstractSocket *m_socket = nullptr; // m_device when TCP / TLS
    QLocalSocket *m_local = nullptr;     // m_device when unix
    std::unique_ptr<RespParser> m_parser;
    std::deque<Callback> m_pending;
    QByteArray m_outbox; // commands written while still connecting
    QByteArray m_chunk;  // read buffer, reused
    QString m_tlsErrors;
    QTimer m_connectTimer;
    QTimer m_commandTimer;
    QElapsedTimer m_sinceProgress; // since the last reply (or first pending command)
    quint64 m_generation = 0;      // bumped on every drop; stale loops stop
};

} // namespace cachescope

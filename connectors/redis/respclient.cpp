#include "respclient.h"

#include <QLocalSocket>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QVarLengthArray>

#include <hiredis/hiredis.h>

#include <memory>

namespace cachescope {

namespace {

constexpr qsizetype ReadChunk = 256 * 1024;

QString seconds(int ms)
{
    return QString::number(ms / 1000.0, 'g', 3) + QStringLiteral(" s");
}

} // namespace

// The timers are children so they follow the client when its connector moves to its thread.
RespClient::RespClient(ConnectionSpec spec, QObject *parent)
    : QObject(parent), m_spec(std::move(spec)), m_connectTimer(this), m_commandTimer(this)
{
    m_connectTimer.setSingleShot(true);
    m_commandTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        drop(Error::make(ErrorKind::Timeout,
                         QStringLiteral("Redis at %1 did not accept the connection within %2 "
                                        "(connect timeout)")
                             .arg(serverAddress(), seconds(m_spec.connectTimeoutMs))),
             true);
    });
    connect(&m_commandTimer, &QTimer::timeout, this, &RespClient::onCommandTimer);
}

RespClient::~RespClient()
{
    m_pending.clear();
    if (m_device) {
        m_device->disconnect(this);
        delete m_device.data();
    }
}

QString RespClient::serverAddress() const
{
    if (m_spec.transport == Transport::Unix)
        return m_spec.socketPath;
    const QString h = m_spec.host.contains(u':') ? QStringLiteral("[%1]").arg(m_spec.host) : m_spec.host;
    return QStringLiteral("%1:%2").arg(h).arg(m_spec.port);
}

void RespClient::setServer(const ServerAddress &address)
{
    if (m_state != State::Unconnected)
        return;
    m_spec.host = address.host;
    m_spec.port = address.port;
}

void RespClient::connectToServer()
{
    if (m_state != State::Unconnected)
        return;
    m_state = State::Connecting;
    m_tlsErrors.clear();
    m_outbox.clear();
    m_parser = std::make_unique<RespParser>();
    if (m_chunk.size() != ReadChunk)
        m_chunk.resize(ReadChunk);

    m_connectTimer.start(m_spec.connectTimeoutMs);
    if (m_spec.transport == Transport::Unix)
        setUpLocal();
    else
        setUpTcp(m_spec.transport == Transport::Tls);
}

void RespClient::setUpTcp(bool tls)
{
    if (tls && !QSslSocket::supportsSsl()) {
        // Report from the event loop so callers see the same order of events as a real failure.
        QTimer::singleShot(0, this, [this] {
            drop(Error::make(ErrorKind::Connect,
                             QStringLiteral("Cannot use rediss:// for %1: this Qt has no TLS "
                                            "backend (install the OpenSSL plugin)")
                                 .arg(serverAddress())),
                 true);
        });
        return;
    }
    QAbstractSocket *socket = tls ? new QSslSocket(this) : new QTcpSocket(this);
    m_socket = socket;
    m_device = socket;
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(socket, &QIODevice::readyRead, this, &RespClient::onReadyRead);
    connect(socket, &QAbstractSocket::errorOccurred, this, [this, socket](QAbstractSocket::SocketError e) {
        const QString addr = serverAddress();
        switch (e) {
        case QAbstractSocket::ConnectionRefusedError:
            onSocketError(
                QStringLiteral("Connection refused by %1 — is redis-server running there?").arg(addr),
                ErrorKind::Connect);
            break;
        case QAbstractSocket::HostNotFoundError:
            onSocketError(QStringLiteral("Unknown host '%1' — check the host name in the connection URL")
                              .arg(m_spec.host),
                          ErrorKind::Connect);
            break;
        case QAbstractSocket::RemoteHostClosedError:
            onSocketError(QStringLiteral("Redis at %1 closed the connection").arg(addr), ErrorKind::Connect);
            break;
        case QAbstractSocket::SocketTimeoutError:
            onSocketError(QStringLiteral("Redis at %1 timed out").arg(addr), ErrorKind::Timeout);
            break;
        case QAbstractSocket::SslHandshakeFailedError:
        case QAbstractSocket::SslInternalError:
        case QAbstractSocket::SslInvalidUserDataError:
            onSocketError(QStringLiteral("TLS handshake with %1 failed: %2")
                              .arg(addr, m_tlsErrors.isEmpty() ? socket->errorString() : m_tlsErrors),
                          ErrorKind::Connect);
            break;
        default:
            onSocketError(QStringLiteral("Cannot talk to Redis at %1: %2").arg(addr, socket->errorString()),
                          ErrorKind::Connect);
        }
    });
    connect(socket, &QAbstractSocket::disconnected, this, [this] {
        onSocketError(QStringLiteral("Redis at %1 closed the connection").arg(serverAddress()),
                      ErrorKind::Connect);
    });

    if (!tls) {
        connect(socket, &QAbstractSocket::connected, this, &RespClient::onConnected);
        socket->connectToHost(m_spec.host, m_spec.port);
        return;
    }
    auto *ssl = static_cast<QSslSocket *>(socket);
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    if (!m_spec.caFile.isEmpty() && !conf.addCaCertificates(m_spec.caFile)) {
        QTimer::singleShot(0, this, [this] {
            drop(Error::make(ErrorKind::Connect,
                             QStringLiteral("Cannot read CA certificates from '%1' (expected PEM)")
                                 .arg(m_spec.caFile)),
                 true);
        });
        return;
    }
    if (!m_spec.verifyPeer)
        conf.setPeerVerifyMode(QSslSocket::VerifyNone);
    ssl->setSslConfiguration(conf);
    connect(ssl, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        QStringList texts;
        for (const QSslError &e : errors)
            texts.append(e.errorString());
        m_tlsErrors = texts.join(QStringLiteral("; "));
    });
    connect(ssl, &QSslSocket::encrypted, this, &RespClient::onConnected);
    ssl->connectToHostEncrypted(m_spec.host, m_spec.port);
}

void RespClient::setUpLocal()
{
    auto *socket = new QLocalSocket(this);
    m_local = socket;
    m_device = socket;
    connect(socket, &QIODevice::readyRead, this, &RespClient::onReadyRead);
    connect(socket, &QLocalSocket::connected, this, &RespClient::onConnected);
    connect(socket, &QLocalSocket::errorOccurred, this, [this, socket](QLocalSocket::LocalSocketError e) {
        const QString path = m_spec.socketPath;
        switch (e) {
        case QLocalSocket::ServerNotFoundError:
            onSocketError(
                QStringLiteral("No Redis socket at %1 — is redis-server running with unixsocket there?")
                    .arg(path),
                ErrorKind::Connect);
            break;
        case QLocalSocket::ConnectionRefusedError:
            onSocketError(
                QStringLiteral("Connection refused by %1 — is redis-server running there?").arg(path),
                ErrorKind::Connect);
            break;
        case QLocalSocket::SocketAccessError:
            onSocketError(QStringLiteral("Permission denied on %1 — is your user allowed to use that socket?")
                              .arg(path),
                          ErrorKind::Connect);
            break;
        case QLocalSocket::PeerClosedError:
            onSocketError(QStringLiteral("Redis at %1 closed the connection").arg(path), ErrorKind::Connect);
            break;
        default:
            onSocketError(QStringLiteral("Cannot talk to Redis at %1: %2").arg(path, socket->errorString()),
                          ErrorKind::Connect);
        }
    });
    connect(socket, &QLocalSocket::disconnected, this, [this] {
        onSocketError(QStringLiteral("Redis at %1 closed the connection").arg(m_spec.socketPath),
                      ErrorKind::Connect);
    });
    socket->connectToServer(m_spec.socketPath);
}

void RespClient::onConnected()
{
    if (m_state != State::Connecting)
        return;
    m_connectTimer.stop();
    m_state = State::Connected;
    if (!m_outbox.isEmpty()) {
        const QByteArray out = std::exchange(m_outbox, QByteArray());
        writeRaw(out.constData(), out.size());
    }
    if (!m_pending.empty()) {
        m_sinceProgress.start();
        m_commandTimer.start(m_spec.commandTimeoutMs);
    }
    Q_EMIT connected();
}

void RespClient::onSocketError(const QString &message, ErrorKind kind)
{
    if (m_state == State::Unconnected)
        return;
    // Replies that came with the FIN still belong to their callbacks.
    if (m_state == State::Connected && m_device && m_device->bytesAvailable() > 0)
        onReadyRead();
    if (m_state == State::Unconnected)
        return;
    drop(Error::make(kind, message), true);
}

void RespClient::disconnectFromServer()
{
    drop(Error::make(ErrorKind::Cancelled,
                     QStringLiteral("The connection to %1 was closed").arg(serverAddress())),
         false);
}

void RespClient::drop(const Error &error, bool notify)
{
    if (m_state == State::Unconnected && m_pending.empty())
        return;
    ++m_generation;
    m_state = State::Unconnected;
    m_connectTimer.stop();
    m_commandTimer.stop();
    m_outbox.clear();
    if (m_device) {
        QIODevice *device = m_device.data();
        device->disconnect(this);
        if (m_socket)
            m_socket->abort();
        if (m_local)
            m_local->abort();
        device->deleteLater();
    }
    m_device = nullptr;
    m_socket = nullptr;
    m_local = nullptr;
    m_parser.reset();
    // A callback may send() again (which then fails from the event loop) or reconnect:
    // take the list first so those land in the new one.
    std::deque<Callback> failed;
    failed.swap(m_pending);
    const RespReply reply(error);
    for (Callback &cb : failed) {
        if (cb)
            cb(reply);
    }
    if (notify)
        Q_EMIT disconnected(error);
}

void RespClient::send(const QList<QByteArray> &argv, Callback cb)
{
    if (m_state == State::Unconnected) {
        const Error error = Error::make(ErrorKind::Connect,
                                        QStringLiteral("Not connected to Redis at %1").arg(serverAddress()));
        QTimer::singleShot(0, this, [cb = std::move(cb), error] {
            if (cb)
                cb(RespReply(error));
        });
        return;
    }
    QVarLengthArray<const char *, 8> args;
    QVarLengthArray<size_t, 8> lens;
    for (const QByteArray &a : argv) {
        args.append(a.constData());
        lens.append(size_t(a.size()));
    }
    char *cmd = nullptr;
    const int len = redisFormatCommandArgv(&cmd, int(args.size()), args.data(), lens.data());
    if (len < 0) {
        QTimer::singleShot(0, this, [cb = std::move(cb)] {
            if (cb)
                cb(RespReply(
                    Error::make(ErrorKind::Internal, QStringLiteral("Out of memory formatting a command"))));
        });
        return;
    }
    if (m_pending.empty() && m_state == State::Connected) {
        m_sinceProgress.start();
        m_commandTimer.start(m_spec.commandTimeoutMs);
    }
    m_pending.push_back(std::move(cb));
    if (m_state == State::Connected)
        writeRaw(cmd, len);
    else
        m_outbox.append(cmd, len);
    redisFreeCommand(cmd);
}

void RespClient::flush()
{
    if (m_state != State::Connected)
        return;
    if (m_socket)
        m_socket->flush();
    else if (m_local)
        m_local->flush();
}

void RespClient::writeRaw(const char *data, qsizetype size)
{
    if (m_device && m_device->write(data, size) != size)
        onSocketError(
            QStringLiteral("Cannot write to Redis at %1: %2").arg(serverAddress(), m_device->errorString()),
            ErrorKind::Connect);
}

void RespClient::onReadyRead()
{
    if (m_state != State::Connected || !m_device)
        return;
    const quint64 generation = m_generation;
    for (;;) {
        const qint64 n = m_device->read(m_chunk.data(), m_chunk.size());
        if (n <= 0)
            return;
        if (!m_parser->feed(QByteArrayView(m_chunk.constData(), qsizetype(n)))) {
            drop(Error::make(ErrorKind::Protocol,
                             QStringLiteral("Cannot buffer the reply from Redis at %1").arg(serverAddress())),
                 true);
            return;
        }
        if (!drainReplies(generation))
            return;
    }
}

bool RespClient::drainReplies(quint64 generation)
{
    bool progress = false;
    for (;;) {
        RespReplyPtr reply;
        const RespParser::Status status = m_parser->next(&reply);
        if (status == RespParser::Status::Error) {
            drop(Error::make(ErrorKind::Protocol,
                             QStringLiteral("Redis at %1 sent something that is not RESP (%2)")
                                 .arg(serverAddress(), m_parser->errorText())),
                 true);
            return false;
        }
        if (status == RespParser::Status::NeedMore)
            break;
        if (m_pending.empty()) {
            drop(
                Error::make(ErrorKind::Protocol,
                            QStringLiteral("Redis at %1 sent a reply nobody asked for").arg(serverAddress())),
                true);
            return false;
        }
        Callback cb = std::move(m_pending.front());
        m_pending.pop_front();
        progress = true;
        if (cb)
            cb(RespReply(reply.get()));
        if (generation != m_generation)
            return false; // the callback dropped the connection
    }
    if (progress) {
        if (m_pending.empty())
            m_commandTimer.stop();
        else
            m_sinceProgress.start();
    }
    return true;
}

void RespClient::onCommandTimer()
{
    if (m_pending.empty() || m_state != State::Connected)
        return;
    const qint64 quiet = m_sinceProgress.elapsed();
    if (quiet < m_spec.commandTimeoutMs) {
        m_commandTimer.start(int(m_spec.commandTimeoutMs - quiet));
        return;
    }
    drop(Error::make(ErrorKind::Timeout,
                     QStringLiteral("Redis at %1 did not answer within %2 (command timeout); "
                                    "the connection was dropped")
                         .arg(serverAddress(), seconds(m_spec.commandTimeoutMs))),
         true);
}

} // namespace cachescope

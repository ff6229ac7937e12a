#include "memcachedpipeline.h"

#include <QElapsedTimer>
#include <QTcpSocket>

namespace cachescope {

MemcachedPipeline::MemcachedPipeline(const ServerAddress &server, const ConnectionSpec &spec)
    : m_server(server), m_spec(spec)
{
}

MemcachedPipeline::~MemcachedPipeline() = default;

QString MemcachedPipeline::who() const
{
    return QStringLiteral("memcached at %1").arg(m_server.toString());
}

Error MemcachedPipeline::dropWith(ErrorKind kind, const QString &message)
{
    // Replies may still be on their way: a reused socket would hand them to the next batch.
    m_socket.reset();
    return Error::make(kind, message);
}

std::optional<Error> MemcachedPipeline::ensureConnected()
{
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        return std::nullopt;
    m_socket = std::make_unique<QTcpSocket>();
    m_socket->connectToHost(m_server.host, m_server.port);
    if (!m_socket->waitForConnected(m_spec.connectTimeoutMs)) {
        const ErrorKind kind = m_socket->error() == QAbstractSocket::SocketTimeoutError ? ErrorKind::Timeout
                                                                                        : ErrorKind::Connect;
        return dropWith(kind, QStringLiteral("could not reach %1: %2 — is memcached running there, and "
                                             "reachable?")
                                  .arg(who(), m_socket->errorString()));
    }
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (m_spec.username.isEmpty())
        return std::nullopt;
    // memcached -Y: any set whose data is "user password" authenticates the connection.
    const QByteArray token = m_spec.username.toUtf8() + ' ' + m_spec.password.toUtf8();
    const QByteArray tail = " 0 0 " + QByteArray::number(token.size()) + "\r\n" + token;
    const auto reply = run("set", {QByteArrayLiteral("cachescope_auth")}, tail);
    if (!reply)
        return reply.error();
    if (reply->constFirst() != "STORED")
        return dropWith(ErrorKind::Auth,
                        QStringLiteral("%1 refused the ASCII login of user '%2' (%3)")
                            .arg(who(), m_spec.username, QString::fromUtf8(reply->constFirst())));
    return std::nullopt;
}

Expected<QList<QByteArray>> MemcachedPipeline::run(QByteArrayView verb, const QList<QByteArray> &keys,
                                                   QByteArrayView tail)
{
    if (keys.isEmpty())
        return QList<QByteArray>();
    // The login itself goes through run(): only the outermost call connects.
    if (verb != "set") {
        if (const auto error = ensureConnected())
            return *error;
    }
    QByteArray request;
    request.reserve(keys.size() * (verb.size() + tail.size() + 40));
    for (const QByteArray &key : keys) {
        request.append(verb);
        request.append(' ');
        request.append(key);
        request.append(tail);
        request.append("\r\n");
    }
    m_socket->write(request);

    QList<QByteArray> replies;
    replies.reserve(keys.size());
    QByteArray buffer;
    qsizetype parsed = 0;
    QElapsedTimer clock;
    clock.start();
    // One round trip plus a little per command: a full batch of 1000 stays well within it.
    const qint64 timeoutMs = m_spec.commandTimeoutMs + keys.size();
    while (replies.size() < keys.size()) {
        const qsizetype end = buffer.indexOf('\n', parsed);
        if (end >= 0) {
            qsizetype stop = end;
            if (stop > parsed && buffer.at(stop - 1) == '\r')
                --stop;
            replies.append(buffer.sliced(parsed, stop - parsed));
            parsed = end + 1;
            continue;
        }
        if (m_socket->bytesAvailable() == 0) {
            m_socket->flush();
            const qint64 left = timeoutMs - clock.elapsed();
            if (left <= 0 || !m_socket->waitForReadyRead(int(left))) {
                if (m_socket->state() != QAbstractSocket::ConnectedState)
                    return dropWith(ErrorKind::Connect,
                                    QStringLiteral("lost the connection to %1 after %2 of %3 replies: %4")
                                        .arg(who())
                                        .arg(replies.size())
                                        .arg(keys.size())
                                        .arg(m_socket->errorString()));
                return dropWith(ErrorKind::Timeout, QStringLiteral("%1 did not answer within %2 s (%3 of %4 "
                                                                   "replies read)")
                                                        .arg(who())
                                                        .arg(double(timeoutMs) / 1000.0)
                                                        .arg(replies.size())
                                                        .arg(keys.size()));
            }
        }
        buffer.remove(0, parsed);
        parsed = 0;
        buffer.append(m_socket->readAll());
    }
    if (parsed < buffer.size())
        return dropWith(
            ErrorKind::Protocol,
            QStringLiteral("%1 sent more replies than commands; the batch is not trusted").arg(who()));
    return replies;
}

} // namespace cachescope

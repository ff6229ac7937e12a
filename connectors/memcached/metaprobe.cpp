#include "metaprobe.h"

#include <QElapsedTimer>
#include <QTcpSocket>

namespace cachescope {

namespace {

QString who(const ServerAddress &server)
{
    return QStringLiteral("memcached at %1").arg(server.toString());
}

// Reads one line (without CRLF) within the deadline.
Expected<QByteArray> readLine(QTcpSocket &socket, const ServerAddress &server, const QElapsedTimer &clock,
                              int timeoutMs)
{
    while (!socket.canReadLine()) {
        const qint64 left = timeoutMs - clock.elapsed();
        if (left <= 0 || !socket.waitForReadyRead(int(left))) {
            if (socket.state() != QAbstractSocket::ConnectedState)
                return Error::make(ErrorKind::Connect,
                                   QStringLiteral("%1: %2").arg(who(server), socket.errorString()));
            return Error::make(
                ErrorKind::Timeout,
                QStringLiteral("%1 did not answer within %2 s").arg(who(server)).arg(timeoutMs / 1000.0));
        }
    }
    QByteArray line = socket.readLine();
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return line;
}

} // namespace

std::optional<Error> probeConnectionLimit(const ServerAddress &server, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(server.host, server.port);
    if (!socket.waitForConnected(timeoutMs))
        return std::nullopt;
    socket.write("version\r\n");
    QElapsedTimer clock;
    clock.start();
    const auto line = readLine(socket, server, clock, timeoutMs);
    if (!line || !line->startsWith("ERROR Too many open connections"))
        return std::nullopt;
    return Error::make(ErrorKind::Connect,
                       QStringLiteral("%1 refused the connection: it has reached its connection limit "
                                      "(memcached -c); close idle clients or raise -c")
                           .arg(who(server)));
}

bool isValidMemcachedKey(QByteArrayView key)
{
    if (key.isEmpty() || key.size() > 250)
        return false;
    for (const char c : key) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f)
            return false;
    }
    return true;
}

Expected<QList<std::optional<ItemFacts>>> probeItems(const ServerAddress &server, const ConnectionSpec &spec,
                                                     const QList<QByteArray> &keys, qint64 serverNow)
{
    QTcpSocket socket;
    socket.connectToHost(server.host, server.port);
    if (!socket.waitForConnected(spec.connectTimeoutMs)) {
        const ErrorKind kind =
            socket.error() == QAbstractSocket::SocketTimeoutError ? ErrorKind::Timeout : ErrorKind::Connect;
        return Error::make(kind, QStringLiteral("%1: %2").arg(who(server), socket.errorString()));
    }
    QByteArray request;
    if (!spec.username.isEmpty()) {
        const QByteArray token = spec.username.toUtf8() + ' ' + spec.password.toUtf8();
        request += "set cachescope_auth 0 0 " + QByteArray::number(token.size()) + "\r\n" + token + "\r\n";
    }
    for (const QByteArray &key : keys)
        request += "mg " + key + " t s l h\r\n";
    request += "mn\r\n";
    socket.write(request);

    QElapsedTimer clock;
    clock.start();
    // The deadline grows with the batch: a page of keys is one round trip plus a little per key.
    const int timeoutMs = spec.commandTimeoutMs + int(keys.size());
    if (!spec.username.isEmpty()) {
        const auto line = readLine(socket, server, clock, timeoutMs);
        if (!line)
            return line.error();
        if (*line != "STORED")
            return Error::make(ErrorKind::Auth,
                               QStringLiteral("%1 refused the ASCII login of user '%2' (%3)")
                                   .arg(who(server), spec.username, QString::fromUtf8(*line)));
    }
    QList<std::optional<ItemFacts>> result;
    result.reserve(keys.size());
    while (result.size() < keys.size()) {
        const auto line = readLine(socket, server, clock, timeoutMs);
        if (!line)
            return line.error();
        ItemFacts facts;
        if (parseMetaGetLine(*line, serverNow, &facts))
            result.append(facts);
        else if (*line == "EN")
            result.append(std::nullopt);
        else
            return Error::make(ErrorKind::Server, QStringLiteral("%1 does not support meta commands (%2)")
                                                      .arg(who(server), QString::fromUtf8(*line)));
    }
    return result;
}

} // namespace cachescope

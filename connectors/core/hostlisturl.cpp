#include "hostlisturl.h"

#include <QUrl>

namespace cachescope {

std::optional<QString> parseServerAddress(const QString &text, quint16 defaultPort, ServerAddress *out)
{
    QString host = text;
    QString port;
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(u']');
        if (close < 0)
            return QStringLiteral("'%1' lacks the closing ] of an IPv6 address").arg(text);
        host = text.mid(1, close - 1);
        const QString rest = text.mid(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(u':'))
            return QStringLiteral("unexpected '%1' after the IPv6 address").arg(rest);
        port = rest.mid(1);
        if (rest.startsWith(u':') && port.isEmpty())
            return QStringLiteral("missing port number after '%1'").arg(text);
    } else {
        if (text.count(u':') > 1)
            return QStringLiteral("write the IPv6 address '%1' in brackets, e.g. [::1]:%2")
                .arg(text)
                .arg(defaultPort);
        const qsizetype colon = text.indexOf(u':');
        if (colon >= 0) {
            host = text.left(colon);
            port = text.mid(colon + 1);
            if (port.isEmpty())
                return QStringLiteral("missing port number after '%1'").arg(text);
        }
    }
    if (host.isEmpty())
        return QStringLiteral("missing host in '%1', e.g. 127.0.0.1:%2").arg(text).arg(defaultPort);
    QUrl check;
    check.setHost(host, QUrl::StrictMode);
    if (!check.isValid() || check.host().isEmpty())
        return QStringLiteral("'%1' is not a valid host name").arg(host);
    out->host = check.host(QUrl::FullyDecoded);
    out->port = defaultPort;
    if (!port.isEmpty()) {
        bool ok = false;
        const uint n = port.toUInt(&ok);
        if (!ok || n == 0 || n > 65535)
            return QStringLiteral("'%1' is not a usable port (1-65535)").arg(port);
        out->port = quint16(n);
    }
    return std::nullopt;
}

Expected<HostListUrl> splitHostListUrl(const QString &url, quint16 defaultPort)
{
    HostListUrl parts;
    QString rest = url.mid(url.indexOf(QStringLiteral("://")) + 3);
    if (const qsizetype hash = rest.indexOf(u'#'); hash >= 0)
        rest.truncate(hash);
    if (const qsizetype q = rest.indexOf(u'?'); q >= 0) {
        parts.query = rest.mid(q + 1);
        rest.truncate(q);
    }
    if (const qsizetype slash = rest.indexOf(u'/'); slash >= 0) {
        parts.path = QUrl::fromPercentEncoding(rest.mid(slash + 1).toUtf8());
        rest.truncate(slash);
    }
    if (const qsizetype at = rest.lastIndexOf(u'@'); at >= 0) {
        const QString userInfo = rest.left(at);
        rest = rest.mid(at + 1);
        const qsizetype colon = userInfo.indexOf(u':');
        parts.username = QUrl::fromPercentEncoding(userInfo.left(colon).toUtf8());
        if (colon >= 0)
            parts.password = QUrl::fromPercentEncoding(userInfo.mid(colon + 1).toUtf8());
    }
    if (rest.isEmpty())
        return Error::make(ErrorKind::Usage, QStringLiteral("missing host, e.g. 127.0.0.1:%1").arg(defaultPort));
    const QStringList members = rest.split(u',');
    for (const QString &member : members) {
        ServerAddress server;
        if (auto problem = parseServerAddress(member.trimmed(), defaultPort, &server))
            return Error::make(ErrorKind::Usage, *problem);
        if (parts.servers.contains(server))
            return Error::make(ErrorKind::Usage,
                               QStringLiteral("server %1 is listed twice").arg(server.toString()));
        parts.servers.append(server);
    }
    return parts;
}

QString joinHostListUrl(const QString &scheme, const QString &username, const QString &password,
                        const QList<ServerAddress> &servers, const QString &path, const QString &query)
{
    QString text = scheme + QStringLiteral("://");
    if (!username.isEmpty() || !password.isEmpty()) {
        text += QString::fromLatin1(QUrl::toPercentEncoding(username));
        if (!password.isEmpty())
            text += u':' + QString::fromLatin1(QUrl::toPercentEncoding(password));
        text += u'@';
    }
    QStringList members;
    for (const ServerAddress &server : servers)
        members.append(server.toString());
    text += members.join(u',');
    if (!path.isEmpty())
        text += u'/' + QString::fromLatin1(QUrl::toPercentEncoding(path, "/"));
    if (!query.isEmpty())
        text += u'?' + query;
    return text;
}

} // namespace cachescope

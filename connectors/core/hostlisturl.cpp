#include "hostlisturl.h"

#include <QStringDecoder>
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

namespace {

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Strict percent-decoding of one part of the URL into *out; what is wrong otherwise, naming
// the part but never echoing it (it may be a password). QUrl::fromPercentEncoding turns a
// '%' without two hex digits into an arbitrary byte, and bytes that are not UTF-8 into
// U+FFFD, so such a part came back changed from the next save and load (fuzz_connspec).
std::optional<QString> decodePart(const QString &text, const QString &what, QString *out)
{
    const QByteArray utf8 = text.toUtf8();
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        if (utf8.at(i) != '%')
            continue;
        if (i + 2 >= utf8.size() || !isHex(utf8.at(i + 1)) || !isHex(utf8.at(i + 2)))
            return QStringLiteral("the %1 holds a '%' that does not start a percent-escape (two hex "
                                  "digits); write %25 for a % sign")
                .arg(what);
        i += 2;
    }
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString decoded = decoder(QByteArray::fromPercentEncoding(utf8));
    if (decoder.hasError())
        return QStringLiteral("the %1 is not UTF-8 text once its percent-escapes are decoded").arg(what);
    *out = std::move(decoded);
    return std::nullopt;
}

} // namespace

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
        if (auto problem = decodePart(rest.mid(slash + 1), QStringLiteral("path"), &parts.path))
            return Error::make(ErrorKind::Usage, *problem);
        rest.truncate(slash);
    }
    if (const qsizetype at = rest.lastIndexOf(u'@'); at >= 0) {
        const QString userInfo = rest.left(at);
        rest = rest.mid(at + 1);
        const qsizetype colon = userInfo.indexOf(u':');
        if (auto problem = decodePart(userInfo.left(colon), QStringLiteral("user name"), &parts.username))
            return Error::make(ErrorKind::Usage, *problem);
        if (colon >= 0) {
            if (auto problem = decodePart(userInfo.mid(colon + 1), QStringLiteral("password"), &parts.password))
                return Error::make(ErrorKind::Usage, *problem);
        }
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

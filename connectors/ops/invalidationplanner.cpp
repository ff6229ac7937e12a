#include "invalidationplanner.h"

#include "core/hexdigit.h"
#include "core/keyescape.h"

#include <QCryptographicHash>
#include <QUrl>

#include <algorithm>
#include <limits>

namespace cachescope {

namespace {

bool isAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Python's urllib.parse.quote(): bytes outside the letters, digits, "_.-~" and `safe`
// become %XX with upper-case hex digits.
void quoteInto(QByteArray &out, QByteArrayView bytes, QByteArrayView safe)
{
    static const char Hex[] = "0123456789ABCDEF";
    for (const char c : bytes) {
        if (isAlnum(c) || c == '_' || c == '.' || c == '-' || c == '~' || safe.contains(c)) {
            out.append(c);
        } else {
            const auto b = quint8(c);
            out.append('%').append(Hex[b >> 4]).append(Hex[b & 0xf]);
        }
    }
}

// What a WSGI server puts in PATH_INFO: %XX decoded, anything else (a lone "%") as is.
QByteArray percentDecode(QByteArrayView text)
{
    QByteArray out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
            hexValue(text[i + 2]) >= 0) {
            out.append(char(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2])));
            i += 2;
        } else {
            out.append(text[i]);
        }
    }
    return out;
}

// Length of the strictly valid UTF-8 sequence starting at i (Python's decoder rules:
// no overlong forms, no surrogates, nothing above U+10FFFF), or 0.
int validUtf8Length(QByteArrayView s, qsizetype i)
{
    const auto b0 = quint8(s[i]);
    if (b0 < 0x80)
        return 1;
    int len = 0;
    quint8 lo = 0x80;
    quint8 hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        lo = b0 == 0xE0 ? 0xA0 : 0x80;
        hi = b0 == 0xED ? 0x9F : 0xBF;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        lo = b0 == 0xF0 ? 0x90 : 0x80;
        hi = b0 == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (i + len > s.size())
        return 0;
    for (int k = 1; k < len; ++k) {
        const auto b = quint8(s[i + k]);
        if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF))
            return 0;
    }
    return len;
}

// django.utils.encoding.repercent_broken_unicode: bytes that are not part of valid UTF-8
// become the text "%XX".
QByteArray repercentBrokenUnicode(QByteArrayView bytes)
{
    QByteArray out;
    for (qsizetype i = 0; i < bytes.size();) {
        const int len = validUtf8Length(bytes, i);
        if (len > 0) {
            out.append(bytes.sliced(i, len));
            i += len;
        } else {
            quoteInto(out, bytes.sliced(i, 1), "/#%[]=:;$&()+,!?*@'~");
            ++i;
        }
    }
    return out;
}

// RFC 3986 5.2.4, as browsers apply it before sending and urljoin() does in Django.
QByteArray removeDotSegments(QByteArrayView path)
{
    const QList<QByteArray> parts = path.toByteArray().mid(1).split('/');
    QList<QByteArray> kept;
    bool trailingSlash = false;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QByteArray part = parts.at(i).toLower();
        const bool last = i == parts.size() - 1;
        // Browsers count "%2e" as a dot here too (WHATWG URL standard).
        if (part == "." || part == "%2e") {
            trailingSlash = last;
        } else if (part == ".." || part == ".%2e" || part == "%2e." || part == "%2e%2e") {
            if (!kept.isEmpty())
                kept.removeLast();
            trailingSlash = last;
        } else {
            kept.append(parts.at(i));
            trailingSlash = false;
        }
    }
    QByteArray result = "/" + kept.join('/');
    if (trailingSlash && !result.endsWith('/'))
        result.append('/');
    return result;
}

Error usage(const QString &message)
{
    return Error::make(ErrorKind::Usage, message);
}

QString shown(const QByteArray &bytes)
{
    return escapeKey(bytes);
}

} // namespace

QByteArray escapeGlob(QByteArrayView literal)
{
    QByteArray out;
    out.reserve(literal.size() + 8);
    for (const char c : literal) {
        if (c == '*' || c == '?' || c == '[')
            out.append('[').append(c).append(']');
        else if (c == '\\')
            out.append("\\\\", 2);
        else
            out.append(c);
    }
    return out;
}

Expected<QByteArray> djangoPageUrlHash(const QString &absoluteUrl)
{
    const QString trimmed = absoluteUrl.trimmed();
    const qsizetype schemeEnd = trimmed.indexOf(u"://");
    if (schemeEnd <= 0)
        return usage(
            QStringLiteral("'%1' is not an absolute URL: give it as https://host/path").arg(absoluteUrl));
    const QString scheme = trimmed.first(schemeEnd).toLower();
    if (scheme != u"http" && scheme != u"https")
        return usage(QStringLiteral("'%1': a page URL starts with http:// or https://").arg(absoluteUrl));

    // The request target as a browser sends it: no fragment, no user info.
    QByteArray rest = trimmed.sliced(schemeEnd + 3).toUtf8();
    if (const qsizetype hash = rest.indexOf('#'); hash >= 0)
        rest.truncate(hash);
    qsizetype authorityEnd = rest.size();
    for (const char c : {'/', '?'}) {
        const qsizetype at = rest.indexOf(c);
        if (at >= 0 && at < authorityEnd)
            authorityEnd = at;
    }
    QByteArray authority = rest.first(authorityEnd);
    const QByteArray pathAndQuery = rest.sliced(authorityEnd);
    if (const qsizetype at = authority.lastIndexOf('@'); at >= 0)
        authority = authority.sliced(at + 1);

    QByteArray host = authority;
    QByteArray port;
    const qsizetype bracket = authority.lastIndexOf(']');
    const qsizetype colon = authority.lastIndexOf(':');
    if (colon >= 0 && colon > bracket) {
        host = authority.first(colon);
        port = authority.sliced(colon + 1);
    }
    if (host.isEmpty())
        return usage(QStringLiteral("'%1' has no host").arg(absoluteUrl));
    bool portOk = true;
    const int portNumber = port.isEmpty() ? 0 : port.toInt(&portOk);
    if (!portOk || portNumber < 0 || portNumber > 65535)
        return usage(QStringLiteral("'%1' has a bad port '%2'").arg(absoluteUrl, QString::fromUtf8(port)));
    // The Host header a browser sends: lower case, IDNA, no default port.
    if (!host.startsWith('[')) {
        const QByteArray ace = QUrl::toAce(QString::fromUtf8(host).toLower());
        if (ace.isEmpty())
            return usage(QStringLiteral("'%1' has an invalid host name").arg(absoluteUrl));
        host = ace;
    } else {
        host = host.toLower();
    }
    const int defaultPort = scheme == u"https" ? 443 : 80;
    if (!port.isEmpty() && portNumber != defaultPort)
        host += ':' + QByteArray::number(portNumber);

    QByteArray path = pathAndQuery;
    QByteArray query;
    if (const qsizetype q = pathAndQuery.indexOf('?'); q >= 0) {
        path = pathAndQuery.first(q);
        query = pathAndQuery.sliced(q + 1);
    }
    if (path.isEmpty())
        path = "/";

    // request.path: PATH_INFO decoded by the server, broken UTF-8 re-percented; then
    // get_full_path() escapes it with escape_uri_path().
    const QByteArray requestPath = repercentBrokenUnicode(percentDecode(removeDotSegments(path)));
    QByteArray location = scheme.toLatin1() + "://" + host;
    quoteInto(location, requestPath, "/:@&+$,!~*'()");
    if (!query.isEmpty()) {
        // QUERY_STRING is what the browser sent: its query percent-encode set (which takes
        // "'" too), then Django's iri_to_uri(); together: iri_to_uri's safe set minus "'".
        location.append('?');
        quoteInto(location, query, "/#%[]=:;$&()+,!?*@~");
    }
    return QCryptographicHash::hash(location, QCryptographicHash::Md5).toHex();
}

Expected<InvalidationTarget> parseNamespaceArgument(const QString &argument, InvalidationTarget::Kind kind)
{
    if (kind != InvalidationTarget::Kind::Namespace && kind != InvalidationTarget::Kind::OlderThan)
        return usage(QStringLiteral("only a namespace or an older-than target takes PREFIX:VERSION"));
    const qsizetype colon = argument.lastIndexOf(u':');
    if (colon < 0)
        return usage(QStringLiteral("'%1' is not PREFIX:VERSION (e.g. shop:3, or :1 for the empty prefix)")
                         .arg(argument));
    const QString versionText = argument.sliced(colon + 1);
    bool ok = false;
    const int version = versionText.toInt(&ok);
    // toInt() accepts "+3" and " 3"; Django writes str(int), so only digits.
    const bool digitsOnly =
        !versionText.isEmpty() && std::all_of(versionText.begin(), versionText.end(),
                                              [](QChar c) { return c.isDigit() && c.unicode() < 128; });
    if (!ok || !digitsOnly)
        return usage(
            QStringLiteral("'%1': the version after the last ':' must be a whole number ≥ 0, not '%2'")
                .arg(argument, versionText));
    InvalidationTarget target;
    target.kind = kind;
    target.prefix = argument.first(colon).toUtf8();
    target.version = version;
    return target;
}

Expected<InvalidationJob> planInvalidation(const InvalidationTarget &target, bool preview)
{
    using Kind = InvalidationTarget::Kind;
    using Action = InvalidationJob::Action;
    InvalidationJob job;
    if (target.softTtlMs < 0)
        return usage(QStringLiteral("the soft-invalidation TTL must be greater than zero"));
    if (target.softTtlMs > 0 && target.kind == Kind::Bump)
        return usage(QStringLiteral("a version bump cannot be soft: --soft does not apply to --bump"));
    job.action = target.kind == Kind::Bump ? Action::Bump
                 : target.softTtlMs > 0    ? Action::Expire
                                           : Action::Delete;
    job.softTtlMs = job.action == Action::Expire ? target.softTtlMs : 0;

    switch (target.kind) {
    case Kind::Keys:
    case Kind::Bump:
        if (target.keys.isEmpty())
            return usage(QStringLiteral("no keys given"));
        for (const QByteArray &key : target.keys) {
            if (key.isEmpty())
                return usage(QStringLiteral("an empty key cannot be invalidated"));
        }
        job.keys = target.keys;
        break;
    case Kind::Pattern:
        if (target.pattern.isEmpty())
            return usage(
                QStringLiteral("empty pattern: give a glob such as 'shop:1:*' (or '*' for every key)"));
        job.patterns = {target.pattern};
        break;
    case Kind::Namespace:
        if (target.version < 0)
            return usage(
                QStringLiteral("the version must be a whole number ≥ 0, not %1").arg(target.version));
        job.patterns = {escapeGlob(target.prefix) + ':' + QByteArray::number(target.version) + ":*"};
        break;
    case Kind::Prefix:
    case Kind::OlderThan:
        if (target.version < 0)
            return usage(
                QStringLiteral("the version must be a whole number ≥ 0, not %1").arg(target.version));
        // "PREFIX:*" alone would also take the keys of a longer prefix ("shop:eu:1:x" for
        // "shop"); the filter keeps only "PREFIX:<integer>:...", Django's own shape.
        job.patterns = {escapeGlob(target.prefix) + ":*"};
        job.filter.kind = KeyFilter::Kind::DjangoVersionBelow;
        job.filter.prefix = target.prefix;
        job.filter.version = target.kind == Kind::Prefix ? std::numeric_limits<int>::max() : target.version;
        break;
    case Kind::Page: {
        const auto hash = djangoPageUrlHash(target.pageUrl);
        if (!hash)
            return hash.error();
        const QByteArray prefix = escapeGlob(target.pagePrefix);
        job.patterns = {"*:views.decorators.cache.cache_header." + prefix + '.' + *hash + '*',
                        "*:views.decorators.cache.cache_page." + prefix + ".*." + *hash + ".*"};
        break;
    }
    }
    if (preview)
        job.action = Action::Preview;
    job.description = describeTarget(target);
    return job;
}

QString describeTarget(const InvalidationTarget &target)
{
    using Kind = InvalidationTarget::Kind;
    switch (target.kind) {
    case Kind::Keys:
        return target.keys.size() == 1 ? QStringLiteral("key %1").arg(shown(target.keys.first()))
                                       : QStringLiteral("%1 keys").arg(target.keys.size());
    case Kind::Pattern:
        return QStringLiteral("pattern %1").arg(shown(target.pattern));
    case Kind::Namespace:
        return QStringLiteral("namespace %1:%2").arg(shown(target.prefix)).arg(target.version);
    case Kind::Prefix:
        return QStringLiteral("prefix %1")
            .arg(target.prefix.isEmpty() ? QStringLiteral("\"\"") : shown(target.prefix));
    case Kind::OlderThan:
        return QStringLiteral("%1 versions < %2")
            .arg(target.prefix.isEmpty() ? QStringLiteral("\"\"") : shown(target.prefix))
            .arg(target.version);
    case Kind::Page:
        return target.pagePrefix.isEmpty()
                   ? QStringLiteral("page %1").arg(target.pageUrl)
                   : QStringLiteral("page %1 (key prefix %2)").arg(target.pageUrl, shown(target.pagePrefix));
    case Kind::Bump:
        return target.keys.size() == 1 ? QStringLiteral("bump %1").arg(shown(target.keys.first()))
                                       : QStringLiteral("bump %1 keys").arg(target.keys.size());
    }
    return QString();
}

} // namespace cachescope

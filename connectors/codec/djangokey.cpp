#include "djangokey.h"

#include <QList>

#include <charconv>

namespace cachescope {

namespace {

bool isMd5(QByteArrayView s)
{
    if (s.size() != 32)
        return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

bool isMethod(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s)
        if (c < 'A' || c > 'Z')
            return false;
    return true;
}

QByteArray joined(const QList<QByteArray> &parts, qsizetype from, qsizetype to)
{
    QByteArray out;
    for (qsizetype i = from; i < to; ++i) {
        if (i > from)
            out += '.';
        out += parts[i];
    }
    return out;
}

// The optional [.lang][.tz] tail after the hashes.
void suffixes(DjangoKey &k, const QList<QByteArray> &parts, qsizetype from)
{
    if (from < parts.size())
        k.language = parts[from];
    if (from + 1 < parts.size())
        k.timeZone = parts[from + 1];
}

bool parseCachePage(DjangoKey &k, QByteArrayView rest)
{
    const QList<QByteArray> parts = rest.toByteArray().split('.');
    // The key prefix may itself contain dots: find METHOD.md5.md5 with at most two suffixes.
    for (qsizetype i = parts.size() - 2; i >= 1; --i) {
        if (isMd5(parts[i]) && isMd5(parts[i + 1]) && isMethod(parts[i - 1]) && parts.size() - (i + 2) <= 2) {
            k.keyPrefix = joined(parts, 0, i - 1);
            k.method = parts[i - 1];
            k.urlHash = parts[i];
            k.headersHash = parts[i + 1];
            suffixes(k, parts, i + 2);
            return true;
        }
    }
    return false;
}

bool parseCacheHeader(DjangoKey &k, QByteArrayView rest)
{
    const QList<QByteArray> parts = rest.toByteArray().split('.');
    for (qsizetype i = parts.size() - 1; i >= 1; --i) {
        if (isMd5(parts[i]) && parts.size() - (i + 1) <= 2) {
            k.keyPrefix = joined(parts, 0, i);
            k.urlHash = parts[i];
            suffixes(k, parts, i + 1);
            return true;
        }
    }
    return false;
}

} // namespace

DjangoKey DjangoKeyParser::parse(QByteArrayView key)
{
    DjangoKey k;
    const qsizetype first = key.indexOf(':');
    if (first < 0)
        return k;
    const qsizetype second = key.indexOf(':', first + 1);
    if (second < 0)
        return k;
    const QByteArrayView version = key.sliced(first + 1, second - first - 1);
    int v = 0;
    auto [end, ec] = std::from_chars(version.data(), version.data() + version.size(), v);
    if (version.isEmpty() || ec != std::errc() || end != version.data() + version.size())
        return k;
    k.prefix = key.first(first).toByteArray();
    k.version = v;
    k.userKey = key.sliced(second + 1).toByteArray();
    k.kind = DjangoKeyKind::Plain;

    static constexpr QByteArrayView header("views.decorators.cache.cache_header.");
    static constexpr QByteArrayView page("views.decorators.cache.cache_page.");
    static constexpr QByteArrayView fragment("template.cache.");
    const QByteArrayView user(k.userKey);
    if (user.startsWith(header)) {
        if (parseCacheHeader(k, user.sliced(header.size())))
            k.kind = DjangoKeyKind::CachePageHeader;
    } else if (user.startsWith(page)) {
        if (parseCachePage(k, user.sliced(page.size())))
            k.kind = DjangoKeyKind::CachePagePage;
    } else if (user.startsWith(fragment)) {
        const QByteArrayView rest = user.sliced(fragment.size());
        const qsizetype dot = rest.lastIndexOf('.');
        if (dot > 0 && isMd5(rest.sliced(dot + 1))) {
            k.kind = DjangoKeyKind::TemplateFragment;
            k.fragmentName = rest.first(dot).toByteArray();
            k.fragmentHash = rest.sliced(dot + 1).toByteArray();
        }
    } else {
        for (QByteArrayView sessions : {QByteArrayView("django.contrib.sessions.cached_db"),
                                        QByteArrayView("django.contrib.sessions.cache")}) {
            if (user.startsWith(sessions) && user.size() > sessions.size()) {
                k.kind = DjangoKeyKind::Session;
                k.sessionKey = user.sliced(sessions.size()).toByteArray();
                break;
            }
        }
    }
    return k;
}

QString DjangoKeyParser::kindName(DjangoKeyKind kind)
{
    switch (kind) {
    case DjangoKeyKind::NotDjango:
        return QStringLiteral("not django");
    case DjangoKeyKind::Plain:
        return QStringLiteral("plain");
    case DjangoKeyKind::CachePageHeader:
        return QStringLiteral("cache_page header");
    case DjangoKeyKind::CachePagePage:
        return QStringLiteral("cache_page page");
    case DjangoKeyKind::TemplateFragment:
        return QStringLiteral("template fragment");
    case DjangoKeyKind::Session:
        return QStringLiteral("session");
    }
    return {};
}

} // namespace cachescope

#pragma once
// Turns what the operator asks for ("namespace shop:3", "every version of shop older
// than 5", "this page URL", a glob) into an InvalidationJob every backend can run: the
// glob patterns (Redis MATCH semantics), the client-side filter, and a description for
// progress, chart markers and the audit log. Pure functions, no I/O: the GUI, the CLI and
// the tests build jobs the same way.
//
// Django's key scheme (default KEY_FUNCTION): "KEY_PREFIX:VERSION:key". Literal parts are
// glob-escaped exactly as django-redis' make_pattern escapes them, so a prefix such as
// "shop[eu]" matches only itself.
//
// Cached pages (django.middleware.cache / cache_page): for an absolute URL U and the
// middleware key prefix P (CACHE_MIDDLEWARE_KEY_PREFIX or cache_page(key_prefix=...),
// usually empty), with M = md5(U as Django's build_absolute_uri() writes it):
//   header:  *:views.decorators.cache.cache_header.P.M            [.lang][.tz]
//   page:    *:views.decorators.cache.cache_page.P.METHOD.M.<headers md5>[.lang][.tz]
// so one page invalidation is two patterns covering every method, Vary variant, language
// and time zone, under any KEY_PREFIX and VERSION. Known limit: a page cached under another
// middleware prefix that starts with "P." (P = "a", other = "a.b") for the same URL also
// matches, as no glob can exclude it.

#include "core/error.h"
#include "core/invalidationjob.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace cachescope {

struct InvalidationTarget
{
    enum class Kind : quint8
    {
        Keys,      // keys: exactly these
        Pattern,   // pattern: a glob, as typed
        Namespace, // prefix + version: "PREFIX:VERSION:*"
        Prefix,    // prefix: every "PREFIX:V:*" (glob "PREFIX:*" plus a filter that keeps
                   // only integer V, so prefix "shop" leaves "shop:eu:1:x" alone)
        OlderThan, // prefix + version: every "PREFIX:V:*" with V < version (same filter)
        Page,      // pageUrl (+ pagePrefix): the cache_header and every cache_page key
        Bump,      // keys: version counters to INCR
    };
    Kind kind = Kind::Keys;
    QList<QByteArray> keys;
    QByteArray pattern;
    QByteArray prefix;
    int version = 0;
    QString pageUrl;       // absolute: "https://example.com/shop/?page=2"
    QByteArray pagePrefix; // the cache middleware key prefix; usually empty
    qint64 softTtlMs = 0;  // > 0: expire the keys after this long instead of deleting them
};

// A literal for use inside a glob: "*", "?" and "[" become "[*]", "[?]", "[[]" exactly as
// django-redis' glob_escape writes them, and "\\" becomes "\\\\" (django-redis leaves it,
// but Redis MATCH would read it as an escape).
QByteArray escapeGlob(QByteArrayView literal);

// md5 hex of build_absolute_uri() for the request a browser sends for this URL: Host
// lower-cased, IDNA, default port dropped; no user info or fragment; dot segments removed;
// the path percent-decoded and re-escaped as Django's escape_uri_path() does (broken UTF-8
// re-percented); the query as the browser encodes it, then Django's iri_to_uri(). Checked
// against real Django in tst_invalidationplanner. Errors for a relative URL, a scheme other
// than http(s), no host or a bad port.
Expected<QByteArray> djangoPageUrlHash(const QString &absoluteUrl);

// "PREFIX:VERSION" (the prefix may contain colons; the version is after the last one),
// for --namespace and --older-than. An empty prefix (":3") is Django's default.
Expected<InvalidationTarget> parseNamespaceArgument(const QString &argument, InvalidationTarget::Kind kind);

// The job for the target. `preview` = true gives Action::Preview with the same selection,
// so "preview, then run" selects the same keys. Errors: empty keys, empty pattern,
// negative version, a bad page URL, softTtlMs with Bump.
Expected<InvalidationJob> planInvalidation(const InvalidationTarget &target, bool preview);

// "namespace shop:3", "prefix shop", "shop versions < 5", "page https://…", "pattern a*",
// "3 keys", "bump shop:version": what describes the job in markers and the audit log.
QString describeTarget(const InvalidationTarget &target);

} // namespace cachescope

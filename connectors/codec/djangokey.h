#pragma once
// Django's cache key scheme. The default KEY_FUNCTION writes "KEY_PREFIX:VERSION:key"
// (django-redis too); the user key then tells what wrote the entry: cache_page (a header
// key and a page key per URL), {% cache %} template fragments, cache-backed sessions.

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace cachescope {

enum class DjangoKeyKind
{
    NotDjango,       // no PREFIX:VERSION: shape
    Plain,           // anything the application chose
    CachePageHeader, // views.decorators.cache.cache_header.<prefix>.<url md5>[.lang][.tz]
    CachePagePage, // views.decorators.cache.cache_page.<prefix>.<METHOD>.<url md5>.<headers md5>[.lang][.tz]
    TemplateFragment, // template.cache.<fragment name>.<vary_on md5>
    Session,          // django.contrib.sessions.cache<session key> (and cached_db)
};

struct DjangoKey
{
    DjangoKeyKind kind = DjangoKeyKind::NotDjango;
    QByteArray prefix; // KEY_PREFIX, may be empty
    int version = 0;
    QByteArray userKey; // what the application passed to cache.get()
    // Details of the recognised kinds (empty when they do not apply):
    QByteArray keyPrefix;    // cache_page / middleware key_prefix
    QByteArray method;       // GET / HEAD
    QByteArray urlHash;      // md5 of the absolute URL
    QByteArray headersHash;  // md5 of the Vary header values
    QByteArray language;     // USE_I18N suffix
    QByteArray timeZone;     // USE_TZ suffix
    QByteArray fragmentName; // {% cache %} fragment name
    QByteArray fragmentHash; // md5 of the vary_on arguments
    QByteArray sessionKey;
    bool isDjango() const { return kind != DjangoKeyKind::NotDjango; }
};

class DjangoKeyParser
{
public:
    // Splits on the first two colons; the middle part must be an integer.
    static DjangoKey parse(QByteArrayView key);
    // Short name for tables and JSON: "plain", "cache_page header", "cache_page page",
    // "template fragment", "session", "not django".
    static QString kindName(DjangoKeyKind kind);
};

} // namespace cachescope

Q_DECLARE_METATYPE(cachescope::DjangoKey)

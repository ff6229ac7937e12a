#pragma once
// One connection as the user saved it. The spec's passwords (the server's, and a Sentinel
// connection's sentinelPassword) are only ever filled in memory (from the keychain or the
// dialog); AppSettings strips them before writing.

#include "codec/decodecontextfor.h"
#include "core/connectionspec.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace cachescope {

struct SavedConnection
{
    QString id;                              // stable key (a UUID) for the keychain entry
    QString name;
    ConnectionSpec spec;                     // password and sentinelPassword empty on disk
    QByteArray separator = ":";              // namespace separator for the key tree
    bool hasPassword = false;                // a password exists (keychain or session memory)
    bool hasSentinelPassword = false;        // the same for spec.sentinelPassword
    // django-redis SERIALIZER of the site: JSON and msgpack values carry no header byte,
    // so the decoder has to be told. Pickle (Django's default) also finds JSON by itself.
    ValueSerializer serializer = ValueSerializer::Pickle;
    // Memcached: which Django backend wrote the items (PyMemcacheCache or PyLibMCCache);
    // the two give the same flags different meanings. Chosen in the connection editor.
    MemcachedFlavor memcachedClient = MemcachedFlavor::PyMemcache;
    // The site's KEY_PREFIX and VERSION when known (Import from Django settings): the
    // namespace the site reads now. Empty / 0 = not known.
    QString djangoKeyPrefix;
    int djangoVersion = 0;
    // A production cache: invalidation asks the operator to type the pattern (or the
    // connection's name) before it runs, whatever the key count. GUI-side only.
    bool production = false;

    DecodeSettings decodeSettings() const { return {serializer, memcachedClient}; }

    static SavedConnection create(const QString &name, const ConnectionSpec &spec);
    QString title() const { return name.isEmpty() ? spec.displayAddress() : name; }

    // Never contains a password.
    QJsonObject toJson() const;
    static Expected<SavedConnection> fromJson(const QJsonObject &object);
};

} // namespace cachescope

#pragma once
// Which decoding a value read by a connector needs, from the backend it came from:
//   Redis     -> ValueSource::Redis (django-redis: ASCII ints, compressors by magic bytes)
//   Memcached -> ValueSource::Memcached with the item's flags (the client's own type tag)
//   DbCache   -> ValueSource::Raw: DbCacheConnector already base64-decoded the row, and
//                decoding it twice would fail; ValueSource::DbTable is for base64 text.
// Shared by the CLI and the GUI so both read a value the same way.

#include "core/connectionspec.h"
#include "core/keytypes.h"
#include "valuedecoder.h"

namespace cachescope {

struct DecodeSettings
{
    ValueSerializer serializer = ValueSerializer::Pickle;          // django-redis SERIALIZER
    MemcachedFlavor memcachedClient = MemcachedFlavor::PyMemcache; // PyMemcacheCache / PyLibMCCache
};

DecodeContext decodeContextFor(BackendKind backend, const KeyValue &value,
                               const DecodeSettings &settings = {});

// "pymemcache", "pylibmc": as settings and the CLI spell them.
QString memcachedClientName(MemcachedFlavor client);
std::optional<MemcachedFlavor> memcachedClientFromName(QStringView name);

} // namespace cachescope

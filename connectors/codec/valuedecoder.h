#pragma once
// Raw cache bytes -> what Django's cache.get() would return, without running anything.
// The chain, in order: base64 (database cache table), memcached flags, plain integer
// digits (Redis stores ints that way), compression by magic bytes (capped output),
// pickle (80 0X), msgpack (when configured), JSON, protocol 0/1 pickle, UTF-8 text, binary.
// Every step taken is listed in DecodedValue::chain; a failing step leaves the chain up to
// it and an error. Pure computation: call it from any thread (a worker for big values).

#include "djangoobjects.h"
#include "pytree.h"

#include <QByteArray>
#include <QMetaType>
#include <QStringList>

#include <optional>

namespace cachescope {

enum class ValueSource
{
    Redis,
    Memcached,
    DbTable, // base64 text exactly as stored in the cache table's `value` column
    Raw      // bytes with no transport encoding: e.g. DbCacheConnector's already-decoded rows
};
// Which Django memcached backend wrote the item (not the connector's MemcachedClient class).
enum class MemcachedFlavor
{
    PyMemcache,
    PyLibMc
};
enum class ValueSerializer
{
    Pickle,
    Json,
    Msgpack
};

struct DecodeContext
{
    ValueSource source = ValueSource::Redis;
    ValueSerializer serializer = ValueSerializer::Pickle;
    // Memcached item flags. pymemcache: 0 bytes, 1 pickle, 2 int, 4 long, 16 text, +8 zlib.
    // pylibmc: 0 bytes, 1 pickle, 2 int, 4 long, 16 bool, 32 text, +8 zlib.
    MemcachedFlavor memcachedClient = MemcachedFlavor::PyMemcache;
    std::optional<quint32> memcachedFlags;
    bool inputTruncated = false; // the connector fetched only the first bytes
    qsizetype maxDecompressed = 64 * 1024 * 1024;
    qsizetype maxReprChars = 1024 * 1024;
};

enum class ValueFormat
{
    Empty,
    Integer,
    Bool,
    Pickle,
    Msgpack,
    Json,
    Text,
    Binary
};

struct DecodedValue
{
    QStringList chain; // ["zlib", "pickle v4", "dict, 3 items"]
    ValueFormat format = ValueFormat::Binary;
    PyTreePtr tree;     // pickle / msgpack / JSON value tree (may be partial)
    QByteArray payload; // the bytes after base64 / decompression
    QString repr;       // Python repr of the value
    bool reprTruncated = false;
    std::optional<QByteArray> json; // json.dumps of the value when it has one
    QString valueType; // Python type of the value: "builtins.dict", "decimal.Decimal"
    bool dangerous = false;
    QStringList dangerReasons;
    QStringList dangerNames; // what unpickling would call: "posix.system"
    QStringList errors; // empty when every step succeeded
    QStringList notes;  // harmless remarks (trailing bytes, cut output)
    std::optional<DjangoResponse> response;
    std::optional<DjangoModel> model;
    bool ok() const { return errors.isEmpty(); }
};

class ValueDecoder
{
public:
    static DecodedValue decode(QByteArrayView raw, const DecodeContext &context = {});
    // "dict, 3 items", "str, 12 chars", "datetime.datetime", "HttpResponse".
    static QString summary(const PyTree &tree, int node);
    // "pickle", "json", "msgpack": django-redis's SERIALIZER, as settings and the CLI spell it.
    static QString serializerName(ValueSerializer serializer);
    static std::optional<ValueSerializer> serializerFromName(QStringView name);
};

} // namespace cachescope

Q_DECLARE_METATYPE(cachescope::DecodedValue)

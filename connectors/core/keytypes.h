#pragma once
// Plain value types that cross from a connector's thread to the GUI or CLI.
// They are copied into queued signals (implicitly shared Qt containers make that cheap).

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace cachescope {

enum class KeyType : quint8 { Unknown, String, Hash, List, Set, ZSet, Stream, Missing, Other };

QString keyTypeName(KeyType type);          // "string", "hash", ... as Redis names them
KeyType keyTypeFromName(QByteArrayView name);

// TTL conventions everywhere: milliseconds; NoExpiry = the key never expires;
// TtlUnknown = not fetched yet; KeyMissing = the key is gone.
// A key past its expiry that the backend still holds (a Django cache-table row not yet
// culled: Django deletes those only on writes) has ttlMs = 0 and expired = true; it is
// never reported with a negative TTL, so "ttl < 0" keeps meaning never/missing/unknown.
constexpr qint64 NoExpiry = -1;
constexpr qint64 KeyMissing = -2;
constexpr qint64 TtlUnknown = -3;
constexpr qint64 SizeUnknown = -1;

struct KeyMeta
{
    QByteArray key;
    KeyType type = KeyType::Unknown;
    qint64 ttlMs = TtlUnknown;
    qint64 sizeBytes = SizeUnknown;   // MEMORY USAGE: bytes the key takes in the server
                                      // (DB cache table: length of the stored base64 text)
    bool expired = false;             // still stored, but past its expiry (ttlMs == 0)
    // Memcached (from lru_crawler metadump); left at their defaults by other backends.
    QString server;                   // "host:port" of the pool member holding the key
    qint64 lastAccessSecs = -1;       // unix time of the last access; -1 = unknown
    int slabClass = -1;               // -1 = unknown
    qint8 fetched = -1;               // fetched since stored: 1 yes, 0 no, -1 unknown
};

struct ScanRequest
{
    QByteArray match;                 // server-side glob (Redis MATCH); empty = everything
    int count = 1000;                 // SCAN COUNT hint
    // Whether fetchMeta will be asked about the listed keys. Memcached keeps what its listing
    // said about each key (~70 bytes a key) so that fetchMeta needs no round trip; a caller
    // that only prints the keys (cachescope-cli keys without --meta) saves that memory.
    bool metaWanted = true;
};

struct ScanSummary
{
    qint64 keysFound = 0;
    qint64 pages = 0;
    qint64 elapsedMs = 0;
    bool complete = false;            // false: stopped by the user or by an error
    // Non-fatal: the listing may be partial although it completed (e.g. a memcached server
    // without lru_crawler metadump, listed with the capped `stats cachedump`, or a pool
    // member that was down). Empty when the listing is exact.
    QString warning;
};

// A request for a value. Strings are read up to byteLimit (GETRANGE) unless byteLimit < 0;
// collections are read a page at a time from cursor (SCAN cursor or list/stream offset).
struct ValueRequest
{
    QByteArray key;
    qint64 byteLimit = 1024 * 1024;
    QByteArray cursor = "0";
    int pageSize = 500;
};

struct KeyValue
{
    QByteArray key;
    KeyType type = KeyType::Unknown;
    qint64 ttlMs = TtlUnknown;
    qint64 length = 0;                // bytes of a string, elements of a collection
    // string: the first bytes (all of them when !truncated). DB cache table: the bytes
    // Django pickled, already base64-decoded (length counts decoded bytes too).
    QByteArray data;
    bool truncated = false;
    // Collections: hash [field, value, ...]; list/set [member, ...];
    // zset [member, score, ...]; stream [id, "f1=v1 f2=v2", ...].
    QList<QByteArray> elements;
    QByteArray nextCursor;            // empty when the collection has been read to its end
    bool expired = false;             // see KeyMeta::expired
    quint32 flags = 0;                // memcached item flags (how the client encoded the value)
    QString server;                   // memcached: "host:port" the value was read from
    bool exists() const { return type != KeyType::Missing; }
};

struct ServerInfo
{
    QString product;                  // "Redis"
    QString version;                  // "7.0.15"
    QString mode;                     // "standalone", "cluster", "sentinel"
    qint64 dbSize = -1;               // keys in the selected database
    double roundTripMs = -1;          // PING round trip when connected
    QString address;                  // what we connected to
    bool hasUnlink = true;
    bool hasMemoryUsage = true;
    bool readOnlyReplica = false;
};

// One readable table for the server panel: Redis INFO sections as name/value rows;
// memcached `stats` (name/value), `stats slabs` and `stats items` (one row per slab class).
struct ServerStats
{
    QString server;                   // "host:port" (or the display address) it came from
    QString section;                  // "stats", "stats slabs", "stats items"; Redis: "memory", ...
    QStringList columns;              // header, e.g. {"name", "value"} or {"class", "chunk_size", ...}
    QList<QStringList> rows;          // each as long as columns
};

} // namespace cachescope

Q_DECLARE_METATYPE(cachescope::KeyMeta)
Q_DECLARE_METATYPE(cachescope::ScanRequest)
Q_DECLARE_METATYPE(cachescope::ScanSummary)
Q_DECLARE_METATYPE(cachescope::ValueRequest)
Q_DECLARE_METATYPE(cachescope::KeyValue)
Q_DECLARE_METATYPE(cachescope::ServerInfo)
Q_DECLARE_METATYPE(cachescope::ServerStats)

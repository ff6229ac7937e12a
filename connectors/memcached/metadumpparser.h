#pragma once
// Parsers for the text memcached prints about its items, used on the hot path of a key
// listing (a million lines must parse in well under a second): no allocation per line,
// the key decoded into a buffer the caller reuses.
//
//   lru_crawler metadump all (1.4.31+), one line per item, keys percent-encoded:
//     key=app%3A1%3Astr exp=1795457534 la=1795456934 cas=6 fetch=yes cls=1 size=95
//   stats cachedump <class> 0 (the capped fallback), keys raw:
//     ITEM app:1:str [13 b; 1795457534 s]
//   mg <key> t s l h (meta get, 1.6+), for keys not seen in a listing:
//     HD t507 s13 l93 h1            (t-1 = never expires; EN = not found)

#include <QByteArray>
#include <QByteArrayView>

namespace cachescope {

struct ItemFacts
{
    qint64 expiresAt = -1;  // unix seconds; -1 = never expires
    qint64 lastAccess = -1; // unix seconds; -1 = unknown
    qint64 size = -1;       // bytes the item takes (metadump) or value bytes (fallbacks); -1 = unknown
    int slabClass = -1;     // -1 = unknown
    qint8 fetched = -1;     // 1 fetched since stored, 0 not, -1 unknown
};

// Appends the decoded bytes of in to *out. Returns false on a malformed escape (kept raw).
bool percentDecode(QByteArrayView in, QByteArray *out);

// key=... line: *key gets the decoded key (cleared first). False for anything else.
bool parseMetadumpLine(QByteArrayView line, QByteArray *key, ItemFacts *facts);
// ITEM line of stats cachedump. False for anything else.
bool parseCachedumpLine(QByteArrayView line, QByteArray *key, ItemFacts *facts);
// HD line of `mg <key> t s l h`, relative to serverNow (the server's unix time).
bool parseMetaGetLine(QByteArrayView line, qint64 serverNow, ItemFacts *facts);

} // namespace cachescope

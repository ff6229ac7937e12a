#pragma once
// What the latest key listing said about each key, kept compactly so that a listing of
// millions of keys can answer fetchMeta (TTL, size, slab class, ...) without a round trip
// and tell get / delete / touch which pool member(s) hold a key.
//
// Layout: key bytes back to back in one arena; one 32-byte record per key; an open-
// addressing table (linear probing, load <= 1/2) of {32-bit hash, record number}, so a
// probe rarely touches a record or the arena and growing never rehashes a key. About
// 50 bytes plus the key per entry, instead of ~150 for a QHash<QByteArray, ...>.
//
// A key listed by several servers of the pool (stale copies after a pool change) has one
// record: a bit per server in serverMask, and the facts of the first server that listed
// it. Pools are therefore limited to 64 servers (MaxServers).
//
// Threads: owned and used by one MemcachedConnector, on its thread only.

#include "metadumpparser.h"

#include <QByteArray>
#include <QByteArrayView>

#include <vector>

namespace cachescope {

class MemcachedKeyIndex
{
public:
    static constexpr int MaxServers = 64;

    struct Entry
    {
        ItemFacts facts;
        quint64 serverMask = 0;
        int firstServer = -1;
    };

    void clear();
    // Room for this many keys without growing (e.g. the servers' curr_items before a listing).
    void reserve(qsizetype keys);
    qsizetype size() const { return m_live; }
    // Records that server listed key; true when the key was not in the index yet.
    bool add(QByteArrayView key, int server, const ItemFacts &facts);
    // Records a key known not to be in the index yet (one server's hash-table walk lists each
    // item once), without touching the hash table: a listing then writes memory only
    // sequentially. The table catches up on the next lookup. A repeated key is merged then.
    void append(QByteArrayView key, int server, const ItemFacts &facts);
    // False when the key is not in the index.
    bool find(QByteArrayView key, Entry *entry);
    void remove(QByteArrayView key);
    void setExpiry(QByteArrayView key, qint64 expiresAt);

private:
    struct Record
    {
        quint32 keyOffset;
        quint32 expiresAt;  // 0 = never (memcached's own convention); unix seconds otherwise
        quint32 lastAccess; // 0 = unknown
        quint32 size;       // 0xffffffff = unknown (memcached items are at most 1 GiB)
        quint64 serverMask;
        quint8 keyLength; // memcached keys are at most 250 bytes
        qint8 slabClass;
        qint8 fetched;
        quint8 firstServer;
        quint32 removed; // 1 once removed; keeps the table's probe chains intact
    };
    static_assert(sizeof(Record) == 32);

    QByteArrayView keyOf(const Record &r) const
    {
        return QByteArrayView(m_arena.constData() + r.keyOffset, r.keyLength);
    }
    struct Slot
    {
        quint32 hash;
        quint32 record; // record number + 1; 0 = empty
    };
    // The slot holding key, or the empty slot where it would go.
    size_t slotFor(QByteArrayView key, quint32 hash) const;
    void rehash(size_t capacity);
    // Puts the appended records into the hash table.
    void catchUp();
    void store(Record &r, int server, const ItemFacts &facts);

    QByteArray m_arena;
    std::vector<Record> m_records;
    std::vector<Slot> m_slots;
    qsizetype m_live = 0;
    size_t m_indexed = 0; // records [0, m_indexed) are in the table
};

} // namespace cachescope

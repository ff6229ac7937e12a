#pragma once
// Dedup index over a KeyStore: an open-addressing hash set (linear probing, at most half
// full) whose 8-byte cells hold a key id and its 32-bit hash. The hash in the slot means
// a probe touches the key bytes only on a real match and growing never rehashes bytes.
// Growing is incremental: the doubled table starts untouched (calloc) and each insert
// moves a few cells of the old one, so neither the copy nor the page faults of a 16 MB
// table land in one appendBatch (that was a 40-80 ms stall at 512K keys).
// 16-32 bytes a key, no allocation per key. Removal shifts the following entries back
// instead of leaving tombstones. A SCAN may return a key more than once; this makes
// appendBatch idempotent.
// The *Hashed() members index ids of anything else the caller can compare: KeyLayout
// uses them for its (parent, segment) -> namespace index, which a QHash would rehash in
// one go (a 350 ms stall at 512K namespaces).

#include "keystore.h"

#include <QByteArrayView>

#include <memory>

namespace cachescope {

class KeyIdSet
{
public:
    static constexpr quint32 NotFound = UINT32_MAX;

    void clear();
    quint32 find(QByteArrayView key, const KeyStore &store) const;
    // The id of key, appending it to store first when it is new (*added tells which).
    quint32 findOrAdd(QByteArrayView key, KeyStore &store, bool *added)
    {
        return findOrAdd(key, hashOf(key), store, added);
    }
    quint32 findOrAdd(QByteArrayView key, quint32 hash, KeyStore &store, bool *added);
    // Loads the slot a hash starts at into the cache: a batch hashes ahead and prefetches,
    // hiding the one cache miss each lookup in a table of millions costs.
    void prefetch(quint32 hash) const
    {
        if (m_table.size)
            __builtin_prefetch(m_table.data() + (hash & (m_table.size - 1)));
    }
    void remove(quint32 id, const KeyStore &store);
    quint32 count() const { return m_count; }

    static quint32 hashOf(QByteArrayView key);

    // equal(id) says whether id is the one sought; it is only asked on a hash match.
    template <typename Equal> quint32 findHashed(quint32 hash, Equal equal) const
    {
        const quint32 id = probe(m_table, hash, equal);
        return id != NotFound ? id : probe(m_old, hash, equal);
    }
    void insertHashed(quint32 hash, quint32 id); // id must not be in the set
    void removeHashed(quint32 hash, quint32 id);

private:
    struct Table
    {
        struct Free
        {
            void operator()(quint64 *p) const;
        };
        std::unique_ptr<quint64[], Free> cells; // hash << 32 | (id + 1); 0 = empty
        size_t size = 0;
        quint64 *data() const { return cells.get(); }
    };
    static Table allocate(size_t size);
    template <typename Equal> static quint32 probe(const Table &table, quint32 hash, Equal &equal)
    {
        if (table.size == 0)
            return NotFound;
        const size_t mask = table.size - 1;
        for (size_t i = hash & mask;; i = (i + 1) & mask) {
            const quint64 cell = table.data()[i];
            if (cell == 0)
                return NotFound;
            if (quint32(cell >> 32) == hash && equal(quint32(cell) - 1))
                return quint32(cell) - 1;
        }
    }
    static void place(Table &table, quint64 slot);
    void grow();
    void migrate(size_t cells);

    Table m_table;
    Table m_old; // being moved into m_table, from m_migrated on
    size_t m_migrated = 0;
    quint32 m_count = 0;
};

} // namespace cachescope

#pragma once
// Dedup index over a KeyStore: an open-addressing hash set (linear probing) holding key
// ids, hashing the key bytes in the store. 4 bytes a slot and at most half the slots
// used: 8-16 bytes a key, no allocation per key. Removal shifts the following entries
// back instead of leaving tombstones, so lookups never slow down after many deletes.
// A SCAN may return a key more than once; this is what makes appendBatch idempotent.

#include "keystore.h"

#include <QByteArrayView>

#include <vector>

namespace cachescope {

class KeyIdSet
{
public:
    static constexpr quint32 NotFound = UINT32_MAX;

    void clear();
    quint32 find(QByteArrayView key, const KeyStore &store) const;
    // The key of id must not be in the set yet.
    void insert(quint32 id, const KeyStore &store);
    void remove(quint32 id, const KeyStore &store);
    quint32 count() const { return m_count; }

private:
    static size_t hashOf(QByteArrayView key);
    void grow(const KeyStore &store);

    std::vector<quint32> m_slots;   // id + 1; 0 = empty
    quint32 m_count = 0;
};

} // namespace cachescope

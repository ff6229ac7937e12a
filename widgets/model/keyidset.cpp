#include "keyidset.h"

#include <QHashFunctions>

namespace cachescope {

void KeyIdSet::clear()
{
    std::vector<quint32>().swap(m_slots);
    m_count = 0;
}

size_t KeyIdSet::hashOf(QByteArrayView key)
{
    // Seeded per process, so a crafted keyspace cannot aim at one probe run.
    static const size_t seed = QHashSeed::globalSeed();
    return qHash(key, seed);
}

quint32 KeyIdSet::find(QByteArrayView key, const KeyStore &store) const
{
    if (m_slots.empty())
        return NotFound;
    const size_t mask = m_slots.size() - 1;
    for (size_t i = hashOf(key) & mask;; i = (i + 1) & mask) {
        const quint32 slot = m_slots[i];
        if (slot == 0)
            return NotFound;
        if (store.key(slot - 1) == key)
            return slot - 1;
    }
}

void KeyIdSet::insert(quint32 id, const KeyStore &store)
{
    if ((size_t(m_count) + 1) * 2 > m_slots.size())
        grow(store);
    const size_t mask = m_slots.size() - 1;
    size_t i = hashOf(store.key(id)) & mask;
    while (m_slots[i] != 0)
        i = (i + 1) & mask;
    m_slots[i] = id + 1;
    ++m_count;
}

void KeyIdSet::remove(quint32 id, const KeyStore &store)
{
    if (m_slots.empty())
        return;
    const size_t mask = m_slots.size() - 1;
    size_t i = hashOf(store.key(id)) & mask;
    while (m_slots[i] != id + 1) {
        if (m_slots[i] == 0)
            return;
        i = (i + 1) & mask;
    }
    // Backward-shift deletion: pull later members of the probe run into the hole when
    // their home slot is not between the hole and themselves.
    size_t hole = i;
    for (size_t j = (hole + 1) & mask; m_slots[j] != 0; j = (j + 1) & mask) {
        const size_t home = hashOf(store.key(m_slots[j] - 1)) & mask;
        const bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
        if (movable) {
            m_slots[hole] = m_slots[j];
            hole = j;
        }
    }
    m_slots[hole] = 0;
    --m_count;
}

void KeyIdSet::grow(const KeyStore &store)
{
    std::vector<quint32> old;
    old.swap(m_slots);
    m_slots.assign(old.empty() ? 1024 : old.size() * 2, 0);
    const size_t mask = m_slots.size() - 1;
    for (const quint32 slot : old) {
        if (slot == 0)
            continue;
        size_t i = hashOf(store.key(slot - 1)) & mask;
        while (m_slots[i] != 0)
            i = (i + 1) & mask;
        m_slots[i] = slot;
    }
}

} // namespace cachescope

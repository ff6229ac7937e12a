#include "memcachedkeyindex.h"

#include <QHashFunctions>

namespace cachescope {

namespace {

constexpr quint32 UnknownSize = 0xffffffffu;

size_t hashOf(QByteArrayView key)
{
    return qHash(key, 0);
}

} // namespace

void MemcachedKeyIndex::clear()
{
    m_arena = QByteArray();
    m_records = {};
    m_slots = {};
    m_live = 0;
}

size_t MemcachedKeyIndex::slotFor(QByteArrayView key, size_t hash) const
{
    const size_t mask = m_slots.size() - 1;
    size_t slot = hash & mask;
    while (m_slots[slot] != 0) {
        const Record &r = m_records[m_slots[slot] - 1];
        if (r.keyLength == key.size() && keyOf(r) == key)
            return slot;
        slot = (slot + 1) & mask;
    }
    return slot;
}

void MemcachedKeyIndex::grow()
{
    const size_t capacity = m_slots.empty() ? 1024 : m_slots.size() * 2;
    m_slots.assign(capacity, 0);
    const size_t mask = capacity - 1;
    for (size_t i = 0; i < m_records.size(); ++i) {
        size_t slot = hashOf(keyOf(m_records[i])) & mask;
        while (m_slots[slot] != 0)
            slot = (slot + 1) & mask;
        m_slots[slot] = quint32(i + 1);
    }
}

bool MemcachedKeyIndex::add(QByteArrayView key, int server, const ItemFacts &facts)
{
    if (key.isEmpty() || key.size() > 255 || server < 0 || server >= MaxServers)
        return false;
    if ((m_records.size() + 1) * 2 > m_slots.size())
        grow();
    const size_t slot = slotFor(key, hashOf(key));
    const quint64 bit = quint64(1) << server;
    if (m_slots[slot] != 0) {
        Record &r = m_records[m_slots[slot] - 1];
        if (!r.removed) {
            r.serverMask |= bit;
            return false;
        }
        r.removed = 0;
        r.serverMask = 0;
    } else {
        Record r{};
        r.keyOffset = quint32(m_arena.size());
        r.keyLength = quint8(key.size());
        m_arena.append(key.data(), key.size());
        m_records.push_back(r);
        m_slots[slot] = quint32(m_records.size());
    }
    Record &r = m_records[m_slots[slot] - 1];
    r.expiresAt = facts.expiresAt < 0 ? 0 : quint32(facts.expiresAt);
    r.lastAccess = facts.lastAccess < 0 ? 0 : quint32(facts.lastAccess);
    r.size = facts.size < 0 || facts.size >= UnknownSize ? UnknownSize : quint32(facts.size);
    r.slabClass = qint8(qBound(-1, facts.slabClass, 127));
    r.fetched = facts.fetched;
    r.firstServer = quint8(server);
    r.serverMask = bit;
    ++m_live;
    return true;
}

bool MemcachedKeyIndex::find(QByteArrayView key, Entry *entry) const
{
    if (m_slots.empty() || key.isEmpty() || key.size() > 255)
        return false;
    const size_t slot = slotFor(key, hashOf(key));
    if (m_slots[slot] == 0)
        return false;
    const Record &r = m_records[m_slots[slot] - 1];
    if (r.removed)
        return false;
    entry->facts.expiresAt = r.expiresAt == 0 ? -1 : qint64(r.expiresAt);
    entry->facts.lastAccess = r.lastAccess == 0 ? -1 : qint64(r.lastAccess);
    entry->facts.size = r.size == UnknownSize ? -1 : qint64(r.size);
    entry->facts.slabClass = r.slabClass;
    entry->facts.fetched = r.fetched;
    entry->serverMask = r.serverMask;
    entry->firstServer = r.firstServer;
    return true;
}

void MemcachedKeyIndex::remove(QByteArrayView key)
{
    if (m_slots.empty() || key.isEmpty() || key.size() > 255)
        return;
    const size_t slot = slotFor(key, hashOf(key));
    if (m_slots[slot] == 0)
        return;
    Record &r = m_records[m_slots[slot] - 1];
    if (!r.removed) {
        r.removed = 1;
        --m_live;
    }
}

void MemcachedKeyIndex::setExpiry(QByteArrayView key, qint64 expiresAt)
{
    if (m_slots.empty() || key.isEmpty() || key.size() > 255)
        return;
    const size_t slot = slotFor(key, hashOf(key));
    if (m_slots[slot] != 0)
        m_records[m_slots[slot] - 1].expiresAt = expiresAt < 0 ? 0 : quint32(expiresAt);
}

} // namespace cachescope

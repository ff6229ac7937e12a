#include "memcachedkeyindex.h"

#include <QHashFunctions>

namespace cachescope {

namespace {

constexpr quint32 UnknownSize = 0xffffffffu;

quint32 hashOf(QByteArrayView key)
{
    const size_t h = qHash(key, 0);
    return quint32(h ^ (h >> 32));
}

} // namespace

void MemcachedKeyIndex::clear()
{
    m_arena = QByteArray();
    m_records = {};
    m_slots = {};
    m_live = 0;
    m_indexed = 0;
}

void MemcachedKeyIndex::reserve(qsizetype keys)
{
    // The table is sized when records are indexed; only the sequential parts grow here.
    m_records.reserve(size_t(keys));
    m_arena.reserve(keys * 24);
}

size_t MemcachedKeyIndex::slotFor(QByteArrayView key, quint32 hash) const
{
    const size_t mask = m_slots.size() - 1;
    size_t slot = hash & mask;
    while (m_slots[slot].record != 0) {
        if (m_slots[slot].hash == hash) {
            const Record &r = m_records[m_slots[slot].record - 1];
            if (r.keyLength == key.size() && keyOf(r) == key)
                return slot;
        }
        slot = (slot + 1) & mask;
    }
    return slot;
}

void MemcachedKeyIndex::rehash(size_t capacity)
{
    std::vector<Slot> old = std::move(m_slots);
    m_slots.assign(capacity, Slot{0, 0});
    const size_t mask = capacity - 1;
    for (const Slot &s : old) {
        if (s.record == 0)
            continue;
        size_t slot = s.hash & mask;
        while (m_slots[slot].record != 0)
            slot = (slot + 1) & mask;
        m_slots[slot] = s;
    }
}

void MemcachedKeyIndex::store(Record &r, int server, const ItemFacts &facts)
{
    r.expiresAt = facts.expiresAt < 0 ? 0 : quint32(facts.expiresAt);
    r.lastAccess = facts.lastAccess < 0 ? 0 : quint32(facts.lastAccess);
    r.size = facts.size < 0 || facts.size >= UnknownSize ? UnknownSize : quint32(facts.size);
    r.slabClass = qint8(qBound(-1, facts.slabClass, 127));
    r.fetched = facts.fetched;
    r.firstServer = quint8(server);
    r.serverMask = quint64(1) << server;
    r.removed = 0;
}

void MemcachedKeyIndex::append(QByteArrayView key, int server, const ItemFacts &facts)
{
    if (key.isEmpty() || key.size() > 255 || server < 0 || server >= MaxServers)
        return;
    Record r{};
    r.keyOffset = quint32(m_arena.size());
    r.keyLength = quint8(key.size());
    m_arena.append(key.data(), key.size());
    store(r, server, facts);
    m_records.push_back(r);
    ++m_live;
}

void MemcachedKeyIndex::catchUp()
{
    if (m_indexed == m_records.size())
        return;
    if (m_records.size() * 2 > m_slots.size()) {
        size_t capacity = m_slots.empty() ? 1024 : m_slots.size();
        while (capacity < m_records.size() * 2)
            capacity *= 2;
        rehash(capacity);
    }
    for (; m_indexed < m_records.size(); ++m_indexed) {
        Record &r = m_records[m_indexed];
        const QByteArrayView key = keyOf(r);
        const quint32 hash = hashOf(key);
        const size_t slot = slotFor(key, hash);
        if (m_slots[slot].record == 0) {
            m_slots[slot] = Slot{hash, quint32(m_indexed + 1)};
            continue;
        }
        // Listed twice: the first record keeps the facts and gains the server.
        Record &first = m_records[m_slots[slot].record - 1];
        if (first.removed) {
            m_slots[slot].record = quint32(m_indexed + 1);
        } else {
            first.serverMask |= r.serverMask;
            r.removed = 1;
            --m_live;
        }
    }
}

bool MemcachedKeyIndex::add(QByteArrayView key, int server, const ItemFacts &facts)
{
    if (key.isEmpty() || key.size() > 255 || server < 0 || server >= MaxServers)
        return false;
    catchUp();
    if ((m_records.size() + 1) * 2 > m_slots.size())
        rehash(m_slots.empty() ? 1024 : m_slots.size() * 2);
    const quint32 hash = hashOf(key);
    const size_t slot = slotFor(key, hash);
    if (m_slots[slot].record != 0) {
        Record &r = m_records[m_slots[slot].record - 1];
        if (!r.removed) {
            r.serverMask |= quint64(1) << server;
            return false;
        }
        store(r, server, facts);
        ++m_live;
        return true;
    }
    Record r{};
    r.keyOffset = quint32(m_arena.size());
    r.keyLength = quint8(key.size());
    m_arena.append(key.data(), key.size());
    store(r, server, facts);
    m_records.push_back(r);
    m_indexed = m_records.size();
    m_slots[slot] = Slot{hash, quint32(m_records.size())};
    ++m_live;
    return true;
}

bool MemcachedKeyIndex::find(QByteArrayView key, Entry *entry)
{
    catchUp();
    if (m_slots.empty() || key.isEmpty() || key.size() > 255)
        return false;
    const size_t slot = slotFor(key, hashOf(key));
    if (m_slots[slot].record == 0)
        return false;
    const Record &r = m_records[m_slots[slot].record - 1];
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
    catchUp();
    if (m_slots.empty() || key.isEmpty() || key.size() > 255)
        return;
    const size_t slot = slotFor(key, hashOf(key));
    if (m_slots[slot].record == 0)
        return;
    Record &r = m_records[m_slots[slot].record - 1];
    if (!r.removed) {
        r.removed = 1;
        --m_live;
    }
}

void MemcachedKeyIndex::setExpiry(QByteArrayView key, qint64 expiresAt)
{
    catchUp();
    if (m_slots.empty() || key.isEmpty() || key.size() > 255)
        return;
    const size_t slot = slotFor(key, hashOf(key));
    if (m_slots[slot].record != 0)
        m_records[m_slots[slot].record - 1].expiresAt = expiresAt < 0 ? 0 : quint32(expiresAt);
}

} // namespace cachescope

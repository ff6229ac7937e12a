#include "keyidset.h"

#include <QRandomGenerator>

#include <cstdlib>
#include <cstring>
#include <new>

namespace cachescope {

namespace {

__extension__ typedef unsigned __int128 Wide;

inline quint64 mix(quint64 a, quint64 b)
{
    const Wide r = Wide(a) * b;
    return quint64(r) ^ quint64(r >> 64);
}

// A per-process seed, so a crafted keyspace cannot aim at one probe run.
const quint64 hashSeed = QRandomGenerator::system()->generate64();

inline quint64 slotOf(quint32 hash, quint32 id)
{
    return quint64(hash) << 32 | (quint64(id) + 1);
}
inline quint32 slotHash(quint64 slot)
{
    return quint32(slot >> 32);
}
inline quint32 slotId(quint64 slot)
{
    return quint32(slot) - 1;
}

constexpr size_t MigrateEachInsert = 4; // old cells moved per insert: done before the next doubling

} // namespace

void KeyIdSet::Table::Free::operator()(quint64 *p) const
{
    std::free(p);
}

KeyIdSet::Table KeyIdSet::allocate(size_t size)
{
    // calloc: large blocks come straight from mmap, zeroed but not yet faulted in
    auto *p = static_cast<quint64 *>(std::calloc(size, sizeof(quint64)));
    if (!p)
        throw std::bad_alloc();
    Table table;
    table.cells.reset(p);
    table.size = size;
    return table;
}

quint32 KeyIdSet::hashOf(QByteArrayView key)
{
    // 8 bytes a step with a 64x64->128 multiply (wyhash-style): Qt's qHash falls back to
    // SipHash without AES-NI, several times slower on the short keys that dominate here.
    const char *p = key.data();
    size_t n = size_t(key.size());
    quint64 h = hashSeed ^ (quint64(n) * 0x9e3779b97f4a7c15ull);
    for (; n >= 8; p += 8, n -= 8) {
        quint64 v;
        std::memcpy(&v, p, 8);
        h = mix(h ^ v, 0xa0761d6478bd642full);
    }
    quint64 tail = 0;
    if (n)
        std::memcpy(&tail, p, n);
    h = mix(h ^ tail ^ 0xe7037ed1a0b428dbull, 0x8ebc6af09c88c6e3ull);
    return quint32(h >> 32) ^ quint32(h);
}

void KeyIdSet::clear()
{
    m_table = Table();
    m_old = Table();
    m_migrated = 0;
    m_count = 0;
}

void KeyIdSet::place(Table &table, quint64 slot)
{
    const size_t mask = table.size - 1;
    size_t i = slotHash(slot) & mask;
    while (table.data()[i] != 0)
        i = (i + 1) & mask;
    table.data()[i] = slot;
}

quint32 KeyIdSet::find(QByteArrayView key, const KeyStore &store) const
{
    return findHashed(hashOf(key), [&](quint32 id) { return store.key(id) == key; });
}

quint32 KeyIdSet::findOrAdd(QByteArrayView key, quint32 hash, KeyStore &store, bool *added)
{
    quint32 id = findHashed(hash, [&](quint32 candidate) { return store.key(candidate) == key; });
    *added = id == NotFound;
    if (id == NotFound) {
        id = store.append(key);
        insertHashed(hash, id);
    }
    return id;
}

void KeyIdSet::insertHashed(quint32 hash, quint32 id)
{
    if ((size_t(m_count) + 1) * 2 > m_table.size)
        grow();
    place(m_table, slotOf(hash, id));
    ++m_count;
    migrate(MigrateEachInsert);
}

void KeyIdSet::remove(quint32 id, const KeyStore &store)
{
    removeHashed(hashOf(store.key(id)), id);
}

void KeyIdSet::removeHashed(quint32 hash, quint32 id)
{
    // Backward shifts in a half-moved old table could push an entry behind the cursor.
    migrate(SIZE_MAX);
    if (m_table.size == 0)
        return;
    quint64 *cells = m_table.data();
    const size_t mask = m_table.size - 1;
    size_t i = hash & mask;
    while (cells[i] == 0 || slotId(cells[i]) != id) {
        if (cells[i] == 0)
            return;
        i = (i + 1) & mask;
    }
    // Pull later members of the probe run into the hole when their home slot is not
    // between the hole and themselves.
    size_t hole = i;
    for (size_t j = (hole + 1) & mask; cells[j] != 0; j = (j + 1) & mask) {
        const size_t home = slotHash(cells[j]) & mask;
        const bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
        if (movable) {
            cells[hole] = cells[j];
            hole = j;
        }
    }
    cells[hole] = 0;
    --m_count;
}

void KeyIdSet::grow()
{
    migrate(SIZE_MAX); // normally already done
    const size_t size = m_table.size == 0 ? 1024 : m_table.size * 2;
    m_old = std::move(m_table);
    m_table = allocate(size);
    m_migrated = 0;
}

void KeyIdSet::migrate(size_t cells)
{
    if (m_old.size == 0)
        return;
    const size_t end = cells >= m_old.size - m_migrated ? m_old.size : m_migrated + cells;
    for (; m_migrated < end; ++m_migrated) {
        const quint64 slot = m_old.data()[m_migrated];
        if (slot != 0)
            place(m_table, slot);
    }
    if (m_migrated == m_old.size) {
        m_old = Table();
        m_migrated = 0;
    }
}

} // namespace cachescope

#pragma once
// Every key the model has loaded, as plain arrays indexed by a key id (uint32, in
// arrival order). No QByteArray per key: the bytes sit back to back in one arena and
// m_ends[id] is where key id ends, so a key costs its bytes plus ~17 bytes of arrays
// (end, expiry, size, flags). A removed key keeps its id and its bytes (a tombstone)
// until clear(); ids are never reused, which keeps every structure that stores ids
// valid without renumbering.
//
// Threads: a KeyStore is a value type. The GUI thread owns the live one; a filter or
// re-grouping worker gets a copy (a few memcpy's, ~10 ms for 1M keys) and only reads it.
// Limits: 4 GiB of key bytes and 2^32 - 2 keys (uint32 offsets and ids).

#include "core/keytypes.h"

#include <QByteArrayView>

#include <cstdint>
#include <vector>

namespace cachescope {

class KeyStore
{
public:
    static constexpr std::int64_t ExpiryUnknown = INT64_MIN;
    static constexpr std::int64_t ExpiryNever = INT64_MAX;
    static constexpr std::uint32_t SizeUnknown32 = UINT32_MAX;

    quint32 size() const { return quint32(m_ends.size()); }   // ids handed out, tombstones included
    quint32 aliveCount() const { return m_alive; }
    void clear();

    quint32 append(QByteArrayView key);
    QByteArrayView key(quint32 id) const
    {
        const quint32 begin = id == 0 ? 0 : m_ends[id - 1];
        return QByteArrayView(m_arena.data() + begin, qsizetype(m_ends[id] - begin));
    }

    bool isRemoved(quint32 id) const { return m_flags[id] & RemovedFlag; }
    void markRemoved(quint32 id);
    bool hasMeta(quint32 id) const { return m_flags[id] & MetaFlag; }
    KeyType type(quint32 id) const { return KeyType(m_flags[id] & TypeMask); }
    // Absolute deadline in ms of the model clock (see KeyTreeModel), or ExpiryUnknown/Never.
    std::int64_t expiry(quint32 id) const { return m_expiry[id]; }
    // MEMORY USAGE in bytes, or -1 when unknown. Clamped to 4 GiB - 2.
    qint64 sizeBytes(quint32 id) const { return m_size[id] == SizeUnknown32 ? -1 : qint64(m_size[id]); }
    void setMeta(quint32 id, KeyType type, std::int64_t expiry, qint64 sizeBytes);

private:
    enum : quint8 { TypeMask = 0x0f, MetaFlag = 0x10, RemovedFlag = 0x20 };

    std::vector<char> m_arena;
    std::vector<quint32> m_ends;
    std::vector<std::int64_t> m_expiry;
    std::vector<quint32> m_size;
    std::vector<quint8> m_flags;   // KeyType in the low bits, then MetaFlag, RemovedFlag
    quint32 m_alive = 0;
};

} // namespace cachescope

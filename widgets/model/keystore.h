#pragma once
// Every key the model has loaded, as plain arrays indexed by a key id (uint32, in
// arrival order). No QByteArray per key: each key is a length (LEB128, 1 byte below
// 128) and its bytes in 1 MiB arena chunks, found by a 4-byte offset; meta is 13 bytes
// (expiry, size, flags). All arrays grow a chunk at a time and never move, so loading
// 1M keys has no reallocation stalls. A removed key keeps its id and bytes (a tombstone)
// until clear(); ids are never reused, so nothing that stores ids needs renumbering.
//
// Threads: the GUI thread owns the live store. A filter or re-grouping worker gets a
// copy: the key bytes and offsets are shared (they are append-only: the GUI thread only
// writes past what the copy can see), the meta arrays are copied (~13 MB for 1M keys,
// a few ms) because applyMeta() rewrites them. The copy is only read.
// Limits: 4 GiB of key bytes (4096 chunks), 2^32 - 2 keys.

#include "chunkedarray.h"
#include "core/keytypes.h"

#include <QByteArrayView>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <vector>

namespace cachescope {

class KeyStore
{
public:
    static constexpr std::int64_t ExpiryUnknown = INT64_MIN;
    static constexpr std::int64_t ExpiryNever = INT64_MAX;
    static constexpr std::uint32_t SizeUnknown32 = UINT32_MAX;

    KeyStore() = default;
    KeyStore(const KeyStore &other); // shares key bytes, copies meta (see above)
    KeyStore &operator=(const KeyStore &other) = delete;
    KeyStore(KeyStore &&) noexcept = default;
    KeyStore &operator=(KeyStore &&) noexcept = default;

    quint32 size() const { return quint32(m_offsets.size()); } // ids handed out, tombstones included
    quint32 aliveCount() const { return m_alive; }
    quint64 removals() const { return m_removals; } // ever, until clear(): "did anything go since?"
    void clear();

    quint32 append(QByteArrayView key);
    QByteArrayView key(quint32 id) const
    {
        const quint32 offset = m_offsets[id];
        const auto *p = reinterpret_cast<const unsigned char *>(m_chunks[offset >> ChunkShift].get()) +
                        (offset & (ChunkBytes - 1));
        quint32 length = *p & 0x7f;
        for (int shift = 7; *p++ & 0x80; shift += 7)
            length |= quint32(*p & 0x7f) << shift;
        return QByteArrayView(reinterpret_cast<const char *>(p), qsizetype(length));
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

    // Memcached extras (lru_crawler metadump), 7 bytes a key, allocated only once a key
    // has some: the server as a 1-byte index into a per-store table of names (a pool has a
    // handful; past 255 names the server shows as unknown), last access as int32 unix
    // seconds, slab class and fetched as single bytes. Keys without them read as unknown.
    void setExtras(quint32 id, const QString &server, qint64 lastAccessSecs, int slabClass, qint8 fetched);
    bool hasExtras() const { return m_serverIndex.size() != 0; }
    // 0 = unknown, else 1 + the index into serverNames().
    quint8 serverIndex(quint32 id) const { return id < m_serverIndex.size() ? m_serverIndex[id] : 0; }
    const QStringList &serverNames() const { return m_serverNames; }
    QString server(quint32 id) const
    {
        const quint8 i = id < m_serverIndex.size() ? m_serverIndex[id] : 0;
        return i == 0 ? QString() : m_serverNames.at(i - 1);
    }
    qint64 lastAccessSecs(quint32 id) const { return id < m_lastAccess.size() ? m_lastAccess[id] : -1; }
    int slabClass(quint32 id) const { return id < m_slab.size() && m_slab[id] != 0xff ? m_slab[id] : -1; }
    qint8 fetched(quint32 id) const { return id < m_fetched.size() ? m_fetched[id] : qint8(-1); }

private:
    enum : quint8
    {
        TypeMask = 0x0f,
        MetaFlag = 0x10,
        RemovedFlag = 0x20
    };
    static constexpr int ChunkShift = 20;
    static constexpr quint32 ChunkBytes = 1u << ChunkShift;

    std::vector<std::shared_ptr<char[]>> m_chunks; // key bytes; a key bigger than a chunk gets its own
    quint32 m_chunkUsed = ChunkBytes;              // bytes used in the last chunk
    ChunkedArray<quint32> m_offsets;               // chunk << 20 | offset in chunk
    ChunkedArray<std::int64_t> m_expiry;
    ChunkedArray<quint32> m_size;
    ChunkedArray<quint8> m_flags; // KeyType in the low bits, then MetaFlag, RemovedFlag
    QStringList m_serverNames;    // m_serverIndex - 1 indexes it; 0 = unknown
    ChunkedArray<quint8> m_serverIndex;
    ChunkedArray<qint32> m_lastAccess; // -1 unknown
    ChunkedArray<quint8> m_slab;       // 0xff unknown
    ChunkedArray<qint8> m_fetched;     // -1 unknown
    quint32 m_alive = 0;
    quint64 m_removals = 0;
};

} // namespace cachescope

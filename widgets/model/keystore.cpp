#include "keystore.h"

#include <cstring>

namespace cachescope {

KeyStore::KeyStore(const KeyStore &other)
    : m_chunks(other.m_chunks), m_chunkUsed(ChunkBytes) // never append into a chunk the original still fills
      ,
      m_offsets(other.m_offsets.sharedCopy()), m_expiry(other.m_expiry), m_size(other.m_size),
      m_flags(other.m_flags), m_serverNames(other.m_serverNames), m_serverIndex(other.m_serverIndex),
      m_lastAccess(other.m_lastAccess), m_slab(other.m_slab), m_fetched(other.m_fetched),
      m_alive(other.m_alive), m_removals(other.m_removals)
{
}

void KeyStore::clear()
{
    std::vector<std::shared_ptr<char[]>>().swap(m_chunks);
    m_chunkUsed = ChunkBytes;
    m_offsets.clear();
    m_expiry.clear();
    m_size.clear();
    m_flags.clear();
    m_serverNames.clear();
    m_serverIndex.clear();
    m_lastAccess.clear();
    m_slab.clear();
    m_fetched.clear();
    m_alive = 0;
}

quint32 KeyStore::append(QByteArrayView key)
{
    unsigned char prefix[5];
    int prefixLength = 0;
    for (quint32 length = quint32(key.size());; length >>= 7) {
        prefix[prefixLength++] = quint8((length & 0x7f) | (length > 0x7f ? 0x80 : 0));
        if (length <= 0x7f)
            break;
    }
    const size_t need = size_t(prefixLength) + size_t(key.size());
    if (need > ChunkBytes - m_chunkUsed) {
        // A key larger than a chunk gets a chunk of its own, and the next key a new one.
        m_chunks.push_back(std::shared_ptr<char[]>(new char[std::max<size_t>(need, ChunkBytes)]));
        m_chunkUsed = 0;
    }
    const quint32 offset = quint32(m_chunks.size() - 1) << ChunkShift | m_chunkUsed;
    char *p = m_chunks.back().get() + m_chunkUsed;
    std::memcpy(p, prefix, size_t(prefixLength));
    if (!key.isEmpty())
        std::memcpy(p + prefixLength, key.data(), size_t(key.size()));
    m_chunkUsed = need >= ChunkBytes ? ChunkBytes : m_chunkUsed + quint32(need);
    m_offsets.push_back(offset);
    m_expiry.push_back(ExpiryUnknown);
    m_size.push_back(SizeUnknown32);
    m_flags.push_back(quint8(KeyType::Unknown));
    ++m_alive;
    return quint32(m_offsets.size() - 1);
}

void KeyStore::markRemoved(quint32 id)
{
    if (m_flags[id] & RemovedFlag)
        return;
    m_flags[id] |= RemovedFlag;
    --m_alive;
    ++m_removals;
}

void KeyStore::setMeta(quint32 id, KeyType type, std::int64_t expiry, qint64 sizeBytes)
{
    m_flags[id] = quint8((m_flags[id] & RemovedFlag) | MetaFlag | (quint8(type) & TypeMask));
    m_expiry[id] = expiry;
    if (sizeBytes < 0)
        m_size[id] = SizeUnknown32;
    else
        m_size[id] = sizeBytes >= qint64(SizeUnknown32) ? SizeUnknown32 - 1 : quint32(sizeBytes);
}

void KeyStore::setExtras(quint32 id, const QString &server, qint64 lastAccessSecs, int slabClass,
                         qint8 fetched)
{
    if (server.isEmpty() && lastAccessSecs < 0 && slabClass < 0 && fetched < 0 && !hasExtras())
        return; // Redis and the DB table never pay for these arrays
    const size_t need = size_t(id) + 1;
    m_serverIndex.growTo(need, 0);
    m_lastAccess.growTo(need, -1);
    m_slab.growTo(need, 0xff);
    m_fetched.growTo(need, -1);
    quint8 index = 0;
    if (!server.isEmpty()) {
        qsizetype at = m_serverNames.indexOf(server);
        if (at < 0 && m_serverNames.size() < 255) {
            m_serverNames.append(server);
            at = m_serverNames.size() - 1;
        }
        index = at < 0 ? 0 : quint8(at + 1);
    }
    m_serverIndex[id] = index;
    m_lastAccess[id] = lastAccessSecs < 0 || lastAccessSecs > INT32_MAX ? -1 : qint32(lastAccessSecs);
    m_slab[id] = slabClass < 0 || slabClass > 254 ? 0xff : quint8(slabClass);
    m_fetched[id] = fetched;
}

} // namespace cachescope

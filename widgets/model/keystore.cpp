#include "keystore.h"

#include <cstring>

namespace cachescope {

void KeyStore::clear()
{
    // swap with empties so the memory really goes back (clear() keeps the capacity)
    std::vector<char>().swap(m_arena);
    std::vector<quint32>().swap(m_ends);
    std::vector<std::int64_t>().swap(m_expiry);
    std::vector<quint32>().swap(m_size);
    std::vector<quint8>().swap(m_flags);
    m_alive = 0;
}

quint32 KeyStore::append(QByteArrayView key)
{
    const size_t at = m_arena.size();
    m_arena.resize(at + size_t(key.size()));
    if (!key.isEmpty())
        std::memcpy(m_arena.data() + at, key.data(), size_t(key.size()));
    m_ends.push_back(quint32(m_arena.size()));
    m_expiry.push_back(ExpiryUnknown);
    m_size.push_back(SizeUnknown32);
    m_flags.push_back(quint8(KeyType::Unknown));
    ++m_alive;
    return quint32(m_ends.size() - 1);
}

void KeyStore::markRemoved(quint32 id)
{
    if (m_flags[id] & RemovedFlag)
        return;
    m_flags[id] |= RemovedFlag;
    --m_alive;
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

} // namespace cachescope

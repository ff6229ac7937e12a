#include "clusterslot.h"

#include <array>

namespace cachescope {

namespace {

constexpr std::array<quint16, 256> makeCrcTable()
{
    std::array<quint16, 256> table{};
    for (int i = 0; i < 256; ++i) {
        quint16 crc = quint16(i << 8);
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc & 0x8000) ? quint16((crc << 1) ^ 0x1021) : quint16(crc << 1);
        table[size_t(i)] = crc;
    }
    return table;
}

constexpr std::array<quint16, 256> CrcTable = makeCrcTable();

} // namespace

quint16 crc16Xmodem(QByteArrayView data)
{
    quint16 crc = 0;
    for (const char c : data)
        crc = quint16((crc << 8) ^ CrcTable[size_t(((crc >> 8) ^ quint8(c)) & 0xff)]);
    return crc;
}

QByteArrayView clusterHashTag(QByteArrayView key)
{
    const qsizetype open = key.indexOf('{');
    if (open < 0)
        return key;
    const qsizetype close = key.sliced(open + 1).indexOf('}');
    if (close <= 0) // no '}', or "{}": the whole key
        return key;
    return key.sliced(open + 1, close);
}

int clusterSlot(QByteArrayView key)
{
    return crc16Xmodem(clusterHashTag(key)) & (ClusterSlotCount - 1);
}

QList<QList<QByteArray>> groupKeysBySlot(const QList<QByteArray> &keys)
{
    QList<QList<QByteArray>> groups;
    QHash<int, qsizetype> index;
    for (const QByteArray &key : keys) {
        const int slot = clusterSlot(key);
        const auto it = index.constFind(slot);
        if (it == index.cend()) {
            index.insert(slot, groups.size());
            groups.append({key});
        } else {
            groups[*it].append(key);
        }
    }
    return groups;
}

} // namespace cachescope

#pragma once
// Redis Cluster's key -> hash slot mapping (the cluster spec, "Keys distribution model"):
// slot = CRC16-XMODEM(k) mod 16384, where k is the whole key unless the key holds a hash
// tag: the bytes between the first '{' and the first '}' after it, when that is not empty.
// "{user1000}.following" and "{user1000}.followers" share a slot; "foo{}{bar}" hashes the
// whole key; "foo{{bar}}zap" hashes "{bar".

#include <QByteArrayView>
#include <QHash>
#include <QList>

namespace cachescope {

constexpr int ClusterSlotCount = 16384;

// CRC16, polynomial 0x1021, initial value 0, no reflection (XMODEM): "123456789" -> 0x31C3.
quint16 crc16Xmodem(QByteArrayView data);
// The part of the key that is hashed (the hash tag, or the whole key).
QByteArrayView clusterHashTag(QByteArrayView key);
// 0..16383.
int clusterSlot(QByteArrayView key);

// The keys grouped by slot, each group in the input order; groups in order of first
// appearance. Cluster nodes refuse a multi-key command whose keys span slots (CROSSSLOT).
QList<QList<QByteArray>> groupKeysBySlot(const QList<QByteArray> &keys);

} // namespace cachescope

#pragma once
// A page of keys in one allocation: the key bytes back to back in one QByteArray and
// the end offset of each. A SCAN page of 1,000 keys crosses threads as two blocks
// instead of 1,000 QByteArrays, and the key store appends it with one memcpy.

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QMetaType>

namespace cachescope {

class KeyBatch
{
public:
    void reserve(qsizetype keys, qsizetype bytes)
    {
        m_ends.reserve(keys);
        m_blob.reserve(bytes);
    }
    void append(QByteArrayView key)
    {
        m_blob.append(key.data(), key.size());
        m_ends.append(quint32(m_blob.size()));
    }
    qsizetype size() const { return m_ends.size(); }
    bool isEmpty() const { return m_ends.isEmpty(); }
    QByteArrayView at(qsizetype i) const
    {
        const quint32 begin = i == 0 ? 0 : m_ends.at(i - 1);
        return QByteArrayView(m_blob.constData() + begin, qsizetype(m_ends.at(i) - begin));
    }
    const QByteArray &blob() const { return m_blob; }
    const QList<quint32> &ends() const { return m_ends; }

private:
    QByteArray m_blob;
    QList<quint32> m_ends;
};

} // namespace cachescope

Q_DECLARE_METATYPE(cachescope::KeyBatch)

#pragma once
// One page after another of a hash / list / set / sorted set / stream, as a table.
// Cells show escaped bytes cut to a readable length; the tooltip and the copy role hold more.

#include "core/keytypes.h"

#include <QAbstractTableModel>

#include <array>

namespace cachescope {

class CollectionTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    explicit CollectionTableModel(QObject *parent = nullptr);

    void reset(KeyType type);
    // Elements as KeyValue::elements carries them (pairs for hash, zset, stream).
    void appendPage(const QList<QByteArray> &elements);
    KeyType type() const { return m_type; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    bool paired() const;
    KeyType m_type = KeyType::Unknown;
    QList<std::array<QByteArray, 2>> m_rows;
};

} // namespace cachescope

#pragma once
// Helpers shared by the key model tests (tst_keytreemodel, tst_keytreemodelmeta).

#include "model/keytreemodel.h"

#include <QStringList>

namespace cachescope::test {
// KeyMeta has backend-specific fields too; the model tests set only these four.
inline KeyMeta makeMeta(const char *key, KeyType type, qint64 ttlMs, qint64 sizeBytes)
{
    KeyMeta m;
    m.key = key;
    m.type = type;
    m.ttlMs = ttlMs;
    m.sizeBytes = sizeBytes;
    return m;
}


inline KeyBatch batchOf(const QList<QByteArray> &keys)
{
    KeyBatch batch;
    for (const QByteArray &key : keys)
        batch.append(key);
    return batch;
}

// The row under parent whose namespace path or raw key is `what`.
inline QModelIndex find(const KeyTreeModel &model, const QModelIndex &parent, const QByteArray &what)
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        if (index.data(KeyTreeModel::NamespacePathRole).toByteArray() == what ||
            index.data(KeyTreeModel::RawKeyRole).toByteArray() == what)
            return index;
    }
    return {};
}

inline QStringList column(const KeyTreeModel &model, const QModelIndex &parent, int col = 0,
                   int role = Qt::DisplayRole)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(parent); ++row)
        out << model.index(row, col, parent).data(role).toString();
    return out;
}

inline const QList<QByteArray> sample = {"app:1:users:42", "app:1:users:43", "app:1:sessions:a",
                                  "app:2:x",        "plain",          "app:1"};

} // namespace cachescope::test

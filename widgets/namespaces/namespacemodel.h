#pragma once
// The namespace table: Django KEY_PREFIX rows, each with its VERSION rows, and per row the
// key count, known size and TTL spread from a NamespaceIndex. The index is read in place
// (it lives in the key model, on this thread); sync() announces the groups that appeared
// since the last sync — groups are only appended between two clears — and sends one
// dataChanged per level for the counters, so a view's expansion and selection survive
// while keys stream in. Sort with a QSortFilterProxyModel on SortRole.

#include <QAbstractItemModel>

#include <vector>

namespace cachescope {

class NamespaceIndex;

class NamespaceModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column
    {
        NamespaceColumn,
        KeysColumn,
        BytesColumn,
        NoExpiryColumn,
        MinuteColumn,
        HourColumn,
        DayColumn,
        LongerColumn,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1, // numbers for the counters, the pattern text otherwise
        PatternRole,                 // QString glob for the key filter: "shop:3:*"
        PrefixRole,                  // QByteArray KEY_PREFIX (or the text before the first ':')
        VersionRole,                 // int Django VERSION; NamespaceIndex::NoVersion on prefix rows
        InvalidatableRole,           // bool: a real group (not overflow, not "(no prefix)")
    };

    explicit NamespaceModel(QObject *parent = nullptr);

    void setIndex(const NamespaceIndex *index);
    // Brings the rows up to the index; cheap when nothing changed.
    void sync();

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    static constexpr quintptr TopLevel = ~quintptr(0);

    const NamespaceIndex *m_index = nullptr;
    quint64 m_generation = 0;
    quint64 m_revision = 0;
    std::vector<int> m_versionRows; // per announced prefix, its announced version rows
};

} // namespace cachescope

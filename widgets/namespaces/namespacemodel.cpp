#include "namespacemodel.h"

#include "codec/namespaceindex.h"
#include "common/format.h"

namespace cachescope {

namespace {

// A prefix of non-Django keys has a single group: it is shown flat, without version rows.
int versionRows(const NamespacePrefix &prefix)
{
    return prefix.django || prefix.overflow ? int(prefix.versions.size()) : 0;
}

} // namespace

NamespaceModel::NamespaceModel(QObject *parent) : QAbstractItemModel(parent) {}

void NamespaceModel::setIndex(const NamespaceIndex *index)
{
    beginResetModel();
    m_index = index;
    m_versionRows.clear();
    m_generation = index ? index->generation() : 0;
    m_revision = 0;
    endResetModel();
    sync();
}

void NamespaceModel::sync()
{
    if (!m_index || m_index->revision() == m_revision)
        return;
    if (m_index->generation() != m_generation) {
        beginResetModel();
        m_versionRows.clear();
        m_generation = m_index->generation();
        endResetModel();
    }
    m_revision = m_index->revision();
    const auto &prefixes = m_index->prefixes();
    const int known = int(m_versionRows.size());
    // New versions under prefixes the view already has.
    for (int p = 0; p < known; ++p) {
        const int have = m_versionRows[size_t(p)];
        const int now = versionRows(prefixes[size_t(p)]);
        if (now > have) {
            beginInsertRows(index(p, 0), have, now - 1);
            m_versionRows[size_t(p)] = now;
            endInsertRows();
        }
    }
    if (int(prefixes.size()) > known) {
        beginInsertRows({}, known, int(prefixes.size()) - 1);
        for (size_t p = size_t(known); p < prefixes.size(); ++p)
            m_versionRows.push_back(versionRows(prefixes[p]));
        endInsertRows();
    }
    if (m_versionRows.empty())
        return;
    Q_EMIT dataChanged(index(0, KeysColumn), index(int(m_versionRows.size()) - 1, ColumnCount - 1));
    for (int p = 0; p < int(m_versionRows.size()); ++p) {
        if (m_versionRows[size_t(p)] > 0) {
            const QModelIndex parent = index(p, 0);
            Q_EMIT dataChanged(index(0, KeysColumn, parent),
                               index(m_versionRows[size_t(p)] - 1, ColumnCount - 1, parent));
        }
    }
}

QModelIndex NamespaceModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < int(m_versionRows.size()) ? createIndex(row, column, TopLevel) : QModelIndex();
    if (parent.internalId() != TopLevel || parent.row() >= int(m_versionRows.size()))
        return {};
    if (row >= m_versionRows[size_t(parent.row())])
        return {};
    return createIndex(row, column, quintptr(parent.row()));
}

QModelIndex NamespaceModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == TopLevel)
        return {};
    return createIndex(int(child.internalId()), 0, TopLevel);
}

int NamespaceModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_versionRows.size());
    if (parent.column() > 0 || parent.internalId() != TopLevel)
        return 0;
    return m_versionRows[size_t(parent.row())];
}

int NamespaceModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant NamespaceModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_index)
        return {};
    // Between a clear of the index (a new scan) and the next sync() the rows announced to the
    // views still stand while the prefixes behind them are gone; a view asking then (a
    // deferred header resize) must get nothing, not freed memory (ASan, tst_invalidationdialog).
    if (m_index->generation() != m_generation)
        return {};
    const bool top = index.internalId() == TopLevel;
    const int p = top ? index.row() : int(index.internalId());
    if (size_t(p) >= m_index->prefixes().size())
        return {};
    const NamespacePrefix &prefix = m_index->prefixes()[size_t(p)];
    if (!top && size_t(index.row()) >= prefix.versions.size())
        return {};
    const NamespaceStats &stats = top ? prefix.total : prefix.versions[size_t(index.row())].stats;
    const int version = top ? NamespaceIndex::NoVersion : prefix.versions[size_t(index.row())].version;
    QString pattern;
    if (top && prefix.django)
        pattern = QString::fromUtf8(prefix.prefix) + QStringLiteral(":*");
    else
        pattern = NamespaceIndex::pattern(prefix.prefix, prefix.django, version, prefix.overflow);

    const bool real = !prefix.overflow && (prefix.django || !prefix.prefix.isEmpty()) &&
                      version != NamespaceIndex::OtherVersions;
    if (role == PatternRole)
        return prefix.overflow || (!prefix.django && prefix.prefix.isEmpty()) ? QString() : pattern;
    if (role == PrefixRole)
        return prefix.prefix;
    if (role == VersionRole)
        return version;
    if (role == InvalidatableRole)
        return real;
    const int column = index.column();
    if (role == Qt::TextAlignmentRole)
        return column == NamespaceColumn ? QVariant() : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && column == BytesColumn && stats.keys > 0)
        return tr("Known for %1 of %2 keys (sizes are read for the rows shown in the key list)")
            .arg(formatCount(stats.sizedKeys), formatCount(stats.keys));
    if (role == Qt::ToolTipRole && column >= NoExpiryColumn)
        return tr("Keys whose TTL is known: %1 of %2")
            .arg(formatCount(stats.metaKeys), formatCount(stats.keys));
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool sort = role == SortRole;
    switch (column) {
    case NamespaceColumn:
        if (top && prefix.django)
            return sort                                         ? pattern
                   : QString::fromUtf8(prefix.prefix).isEmpty() ? tr("(empty prefix)")
                                                                : QString::fromUtf8(prefix.prefix);
        return pattern;
    case KeysColumn:
        return sort ? QVariant(stats.keys) : QVariant(formatCount(stats.keys));
    case BytesColumn:
        if (sort)
            return stats.bytes;
        return stats.sizedKeys == 0           ? QString()
               : stats.sizedKeys < stats.keys ? QStringLiteral("≥ ") + formatBytes(stats.bytes)
                                              : formatBytes(stats.bytes);
    default: {
        const qint64 n = stats.ttl[size_t(column - NoExpiryColumn)];
        if (sort)
            return n;
        return stats.metaKeys == 0 ? QString() : formatCount(n);
    }
    }
}

QVariant NamespaceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section >= NoExpiryColumn)
        return tr("TTL spread: keys per remaining-lifetime bucket, among keys whose TTL has been read");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NamespaceColumn:
        return tr("Namespace");
    case KeysColumn:
        return tr("Keys");
    case BytesColumn:
        return tr("Size");
    default:
        return NamespaceIndex::bucketName(TtlBucket(section - NoExpiryColumn));
    }
}

} // namespace cachescope

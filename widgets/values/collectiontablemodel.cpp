#include "collectiontablemodel.h"

#include "core/keyescape.h"

namespace cachescope {

namespace {

constexpr qsizetype CellChars = 300;
constexpr qsizetype TooltipBytes = 4000;

QString cellText(const QByteArray &bytes, qsizetype limit)
{
    const QString s = escapeKey(QByteArrayView(bytes).first(qMin(bytes.size(), limit)));
    return bytes.size() > limit ? s + QStringLiteral("…") : s;
}

} // namespace

CollectionTableModel::CollectionTableModel(QObject *parent) : QAbstractTableModel(parent) {}

bool CollectionTableModel::paired() const
{
    return m_type == KeyType::Hash || m_type == KeyType::ZSet || m_type == KeyType::Stream;
}

void CollectionTableModel::reset(KeyType type)
{
    beginResetModel();
    m_type = type;
    m_rows.clear();
    endResetModel();
}

void CollectionTableModel::appendPage(const QList<QByteArray> &elements)
{
    const int stride = paired() ? 2 : 1;
    const qsizetype add = elements.size() / stride;
    if (add == 0)
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + add - 1));
    for (qsizetype i = 0; i + stride - 1 < elements.size(); i += stride)
        m_rows.append({elements.at(i), stride == 2 ? elements.at(i + 1) : QByteArray()});
    endInsertRows();
}

int CollectionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CollectionTableModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return (paired() || m_type == KeyType::List) ? 2 : 1;
}

QVariant CollectionTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const auto &row = m_rows.at(index.row());
    const bool isIndexColumn = m_type == KeyType::List && index.column() == 0;
    const QByteArray &bytes = m_type == KeyType::List ? row[0] : row[size_t(index.column())];
    switch (role) {
    case Qt::DisplayRole:
        return isIndexColumn ? QVariant(index.row()) : QVariant(cellText(bytes, CellChars));
    case Qt::ToolTipRole:
        return isIndexColumn ? QVariant() : QVariant(cellText(bytes, TooltipBytes));
    case Qt::TextAlignmentRole:
        if (isIndexColumn || (m_type == KeyType::ZSet && index.column() == 1))
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant CollectionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (m_type) {
    case KeyType::Hash: return section == 0 ? tr("Field") : tr("Value");
    case KeyType::List: return section == 0 ? tr("Index") : tr("Value");
    case KeyType::ZSet: return section == 0 ? tr("Member") : tr("Score");
    case KeyType::Stream: return section == 0 ? tr("Entry ID") : tr("Fields");
    default: return tr("Member");
    }
}

} // namespace cachescope

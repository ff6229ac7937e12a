#include "keycelldata.h"

#include "core/keyescape.h"
#include "keyformat.h"
#include "keytreemodel.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace cachescope {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("cachescope::KeyTreeModel", text);
}

QString dash()
{
    return QStringLiteral("\u2014");
}

} // namespace

QVariant namespaceCellData(const KeyLayout &layout, quint32 node, int column, int role)
{
    const KeyLayout::Node &n = layout.node(node);
    const QString countText =
        n.keyCount == 1 ? tr("1 key") : tr("%1 keys").arg(QLocale().toString(n.keyCount));
    switch (role) {
    case Qt::DisplayRole:
        if (column != KeyTreeModel::KeyColumn)
            return {};
        return QString(escapeKey(n.segment) + escapeKey(layout.separator()) + u"  (" + countText + u')');
    case Qt::ToolTipRole:
        return QString(escapeKey(layout.namespacePath(node)) + u"*  (" + countText + u')');
    case KeyTreeModel::IsNamespaceRole:
        return true;
    case KeyTreeModel::KeyCountRole:
        return n.keyCount;
    case KeyTreeModel::NamespacePathRole:
        return layout.namespacePath(node);
    }
    return {};
}

QVariant keyCellData(const KeyStore &store, const KeyLayout &layout, quint32 id, int column, int role,
                     qint64 nowMs)
{
    switch (role) {
    case Qt::DisplayRole:
        break;
    case Qt::ToolTipRole:
        if (column == KeyTreeModel::LastAccessColumn && store.lastAccessSecs(id) >= 0)
            return QLocale().toString(QDateTime::fromSecsSinceEpoch(store.lastAccessSecs(id)),
                                      QLocale::LongFormat);
        return escapeKey(store.key(id));
    case Qt::TextAlignmentRole:
        if (column == KeyTreeModel::TtlColumn || column == KeyTreeModel::SizeColumn ||
            column == KeyTreeModel::LastAccessColumn || column == KeyTreeModel::SlabColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case KeyTreeModel::RawKeyRole:
        return store.key(id).toByteArray();
    case KeyTreeModel::IsNamespaceRole:
        return false;
    case KeyTreeModel::KeyCountRole:
        return qint64(1);
    case KeyTreeModel::KeyTypeRole:
        return int(store.type(id));
    case KeyTreeModel::TtlMsRole: {
        const std::int64_t expiry = store.expiry(id);
        if (expiry == KeyStore::ExpiryUnknown)
            return TtlUnknown;
        if (expiry == KeyStore::ExpiryNever)
            return NoExpiry;
        return qMax<qint64>(0, expiry - nowMs);
    }
    case KeyTreeModel::SizeBytesRole:
        return store.sizeBytes(id);
    case KeyTreeModel::ServerRole:
        return store.server(id);
    default:
        return {};
    }

    switch (column) {
    case KeyTreeModel::KeyColumn:
        return escapeKey(layout.leafName(store, id));
    case KeyTreeModel::TypeColumn: {
        const QString name = keyTypeName(store.type(id));
        return name.isEmpty() ? dash() : name;
    }
    case KeyTreeModel::TtlColumn: {
        const std::int64_t expiry = store.expiry(id);
        if (expiry == KeyStore::ExpiryUnknown)
            return dash();
        if (expiry == KeyStore::ExpiryNever)
            return tr("never");
        const qint64 left = expiry - nowMs;
        return left <= 0 ? tr("expired") : formatDuration(left);
    }
    case KeyTreeModel::SizeColumn: {
        const qint64 size = store.sizeBytes(id);
        return size < 0 ? dash() : formatBytes(size);
    }
    case KeyTreeModel::ServerColumn: {
        const QString server = store.server(id);
        return server.isEmpty() ? dash() : server;
    }
    case KeyTreeModel::LastAccessColumn: {
        const qint64 at = store.lastAccessSecs(id);
        if (at < 0)
            return dash();
        const qint64 ago = qMax<qint64>(0, QDateTime::currentSecsSinceEpoch() - at);
        return tr("%1 ago").arg(formatDuration(ago * 1000));
    }
    case KeyTreeModel::SlabColumn: {
        const int slab = store.slabClass(id);
        return slab < 0 ? dash() : QString::number(slab);
    }
    case KeyTreeModel::FetchedColumn: {
        const qint8 fetched = store.fetched(id);
        return fetched < 0 ? dash() : fetched ? tr("yes") : tr("no");
    }
    }
    return {};
}

QVariant keyHeaderData(BackendKind backend, int section, int role)
{
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case KeyTreeModel::SizeColumn:
            switch (backend) {
            case BackendKind::Redis:
                return tr("MEMORY USAGE: bytes the key takes in the server");
            case BackendKind::Memcached:
                return tr("Item size in the slab, key and header included");
            case BackendKind::DbCache:
                return tr("Length of the stored value: the base64 text in the table's value column");
            }
            break;
        case KeyTreeModel::TtlColumn:
            return backend == BackendKind::DbCache
                       ? tr("Time left; \"expired\" rows are past their expiry but not yet culled by Django")
                       : tr("Time to live");
        case KeyTreeModel::LastAccessColumn:
            return tr("Time since the item was last read or written");
        case KeyTreeModel::SlabColumn:
            return tr("Slab class the item is stored in");
        case KeyTreeModel::FetchedColumn:
            return tr("Whether the item has been read since it was stored");
        }
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyTreeModel::KeyColumn:
        return tr("Key");
    case KeyTreeModel::TypeColumn:
        return tr("Type");
    case KeyTreeModel::TtlColumn:
        return tr("TTL");
    case KeyTreeModel::SizeColumn:
        return tr("Size");
    case KeyTreeModel::ServerColumn:
        return tr("Server");
    case KeyTreeModel::LastAccessColumn:
        return tr("Last access");
    case KeyTreeModel::SlabColumn:
        return tr("Slab");
    case KeyTreeModel::FetchedColumn:
        return tr("Fetched");
    }
    return {};
}

} // namespace cachescope

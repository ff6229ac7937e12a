#include "keytreemodel.h"

#include "core/keyescape.h"
#include "keycelldata.h"

#include <QFuture>
#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace cachescope {

namespace {

// Above this many separate row ranges a removal is sent as one layout change: row by
// row would memmove the leaf vector once per range.
constexpr size_t MaxRemoveRanges = 64;

} // namespace

KeyTreeModel::KeyTreeModel(QObject *parent) : QAbstractItemModel(parent)
{
    m_clock.start();
}

KeyTreeModel::~KeyTreeModel()
{
    ++*m_generation; // tells a running worker to stop early; it owns its data
}

// ---------------------------------------------------------------- structure

KeyTreeModel::ItemRef KeyTreeModel::itemAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return {true, KeyLayout::RootNode};
    const KeyLayout::Node &container = m_layout.node(quint32(index.internalId()));
    const size_t row = size_t(index.row());
    if (row < container.children.size())
        return {true, container.children[row]};
    return {false, container.leaves[row - container.children.size()]};
}

QModelIndex KeyTreeModel::indexOfNode(quint32 node, int column) const
{
    if (node == KeyLayout::RootNode)
        return {};
    const KeyLayout::Node &n = m_layout.node(node);
    return createIndex(int(n.row), column, quintptr(n.parent));
}

QModelIndex KeyTreeModel::indexOfItem(const ItemRef &item, int column) const
{
    if (item.isNode) {
        if (item.id == KeyLayout::RootNode || m_layout.node(item.id).dead)
            return {};
        return indexOfNode(item.id, column);
    }
    const quint32 container = m_layout.containerOf(item.id);
    if (container == KeyLayout::NoNode)
        return {};
    return createIndex(m_layout.rowOfKey(item.id), column, quintptr(container));
}

QModelIndex KeyTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0))
        return {};
    const ItemRef container = itemAt(parent);
    if (!container.isNode || row >= m_layout.rowCount(container.id))
        return {};
    return createIndex(row, column, quintptr(container.id));
}

QModelIndex KeyTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOfNode(quint32(child.internalId()));
}

int KeyTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    const ItemRef item = itemAt(parent);
    return item.isNode ? m_layout.rowCount(item.id) : 0;
}

int KeyTreeModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() && parent.column() != 0 ? 0 : ColumnCount;
}

bool KeyTreeModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

Qt::ItemFlags KeyTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (!itemAt(index).isNode)
        f |= Qt::ItemNeverHasChildren;
    return f;
}

void KeyTreeModel::setBackend(BackendKind backend)
{
    if (backend == m_backend)
        return;
    m_backend = backend;
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

QList<int> KeyTreeModel::columnsFor(BackendKind backend)
{
    switch (backend) {
    case BackendKind::Redis:
        break;
    case BackendKind::Memcached:
        return {KeyColumn, ServerColumn, TtlColumn, LastAccessColumn, SizeColumn, SlabColumn, FetchedColumn};
    case BackendKind::DbCache:
        return {KeyColumn, TtlColumn, SizeColumn};
    }
    return {KeyColumn, TypeColumn, TtlColumn, SizeColumn};
}

QVariant KeyTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    return keyHeaderData(m_backend, section, role);
}

// ---------------------------------------------------------------- data

QVariant KeyTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const ItemRef item = itemAt(index);
    return item.isNode ? namespaceCellData(m_layout, item.id, index.column(), role)
                       : keyCellData(m_store, m_layout, item.id, index.column(), role, m_clock.elapsed());
}

QModelIndex KeyTreeModel::indexForKey(const QByteArray &key, int column) const
{
    const quint32 id = m_ids.find(key, m_store);
    if (id == KeyIdSet::NotFound)
        return {};
    return indexOfItem({false, id}, column);
}

QList<QByteArray> KeyTreeModel::keysWithoutMeta(const QModelIndexList &rows) const
{
    std::vector<quint32> ids;
    for (const QModelIndex &index : rows) {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid))
            continue;
        const ItemRef item = itemAt(index);
        if (!item.isNode && !m_store.hasMeta(item.id))
            ids.push_back(item.id);
    }
    // a selection lists every column of a row: report each key once, in row order given
    std::vector<quint32> seen(ids);
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    QList<QByteArray> keys;
    for (const quint32 id : ids) {
        const auto it = std::lower_bound(seen.begin(), seen.end(), id);
        if (it == seen.end() || *it != id)
            continue; // already reported
        keys.append(m_store.key(id).toByteArray());
        seen.erase(it);
    }
    return keys;
}

// ---------------------------------------------------------------- growing

void KeyTreeModel::appendBatch(const KeyBatch &batch)
{
    const quint32 first = m_store.size();
    // Hash the whole page first and prefetch a few lookups ahead.
    constexpr qsizetype Ahead = 8;
    std::vector<quint32> hashes(size_t(batch.size()));
    for (qsizetype i = 0; i < batch.size(); ++i)
        hashes[size_t(i)] = KeyIdSet::hashOf(batch.at(i));
    bool added = false;
    for (qsizetype i = 0; i < batch.size(); ++i) {
        if (i + Ahead < batch.size())
            m_ids.prefetch(hashes[size_t(i + Ahead)]);
        m_ids.findOrAdd(batch.at(i), hashes[size_t(i)], m_store, &added);
        if (added)
            m_namespaces.addKey(batch.at(i));
    }
    if (m_store.size() != first)
        insertShown(first, m_store.size());
}

void KeyTreeModel::insertShown(quint32 firstId, quint32 endId)
{
    m_layout.ensureKeys(endId);
    // Nodes with an id from here on were created by this batch: nobody has seen them,
    // so whatever goes under them is attached silently and shown with them.
    const quint32 firstNewNode = quint32(m_layout.nodeCount());
    std::vector<quint32> created;
    std::vector<std::pair<quint32, quint32>> newNodes;  // (existing parent, node)
    std::vector<std::pair<quint32, quint32>> newLeaves; // (existing container, key)
    std::vector<std::pair<quint32, qint64>> counts;     // (container, keys added)
    for (quint32 id = firstId; id < endId; ++id) {
        const QByteArrayView key = m_store.key(id);
        if (!m_matcher.matches(key))
            continue;
        const quint32 container = m_layout.resolve(key, created);
        for (const quint32 n : created) {
            const quint32 parent = m_layout.node(n).parent;
            if (parent >= firstNewNode)
                m_layout.attachNode(n);
            else
                newNodes.emplace_back(parent, n);
        }
        created.clear();
        if (container >= firstNewNode)
            m_layout.attachLeaf(container, id);
        else
            newLeaves.emplace_back(container, id);
        if (counts.empty() || counts.back().first != container)
            counts.emplace_back(container, 0);
        ++counts.back().second;
    }
    // Counts first, so a namespace row reads the same before and after each insertion.
    std::sort(counts.begin(), counts.end());
    std::vector<quint32> changedNamespaces;
    for (size_t i = 0; i < counts.size();) {
        const quint32 container = counts[i].first;
        qint64 added = 0;
        for (; i < counts.size() && counts[i].first == container; ++i)
            added += counts[i].second;
        m_layout.addCount(container, added);
        for (quint32 at = container; at != KeyLayout::RootNode; at = m_layout.node(at).parent) {
            if (at < firstNewNode)
                changedNamespaces.push_back(at);
        }
    }

    const auto byParent = [](const auto &x, const auto &y) { return x.first < y.first; };
    std::stable_sort(newNodes.begin(), newNodes.end(), byParent);
    for (size_t i = 0; i < newNodes.size();) {
        const quint32 parent = newNodes[i].first;
        size_t end = i;
        while (end < newNodes.size() && newNodes[end].first == parent)
            ++end;
        const int row = int(m_layout.node(parent).children.size());
        beginInsertRows(indexOfNode(parent), row, row + int(end - i) - 1);
        for (; i < end; ++i)
            m_layout.attachNode(newNodes[i].second);
        endInsertRows();
    }
    std::stable_sort(newLeaves.begin(), newLeaves.end(), byParent);
    for (size_t i = 0; i < newLeaves.size();) {
        const quint32 container = newLeaves[i].first;
        size_t end = i;
        while (end < newLeaves.size() && newLeaves[end].first == container)
            ++end;
        const int row = m_layout.rowCount(container);
        beginInsertRows(indexOfNode(container), row, row + int(end - i) - 1);
        for (; i < end; ++i)
            m_layout.attachLeaf(container, newLeaves[i].second);
        endInsertRows();
    }

    std::sort(changedNamespaces.begin(), changedNamespaces.end());
    changedNamespaces.erase(std::unique(changedNamespaces.begin(), changedNamespaces.end()),
                            changedNamespaces.end());
    for (const quint32 n : changedNamespaces) {
        const QModelIndex at = indexOfNode(n);
        Q_EMIT dataChanged(at, at, {Qt::DisplayRole, Qt::ToolTipRole, KeyCountRole});
    }
}

// ---------------------------------------------------------------- meta and removal

void KeyTreeModel::applyMeta(const QList<KeyMeta> &meta)
{
    const qint64 now = m_clock.elapsed();
    std::vector<quint32> gone;
    std::vector<std::pair<quint32, int>> changed; // (container, row)
    for (const KeyMeta &m : meta) {
        const quint32 id = m_ids.find(m.key, m_store);
        if (id == KeyIdSet::NotFound)
            continue;
        if (m.type == KeyType::Missing || m.ttlMs == KeyMissing) {
            gone.push_back(id);
            continue;
        }
        std::int64_t expiry = KeyStore::ExpiryUnknown;
        if (m.ttlMs == NoExpiry)
            expiry = KeyStore::ExpiryNever;
        else if (m.ttlMs >= 0)
            expiry = now + m.ttlMs;
        const QByteArrayView key = m_store.key(id);
        if (m_store.hasMeta(id))
            m_namespaces.removeMeta(key, namespaceTtl(m_store.expiry(id)), m_store.sizeBytes(id));
        m_store.setMeta(id, m.type, expiry, m.sizeBytes);
        m_store.setExtras(id, m.server, m.lastAccessSecs, m.slabClass, m.fetched);
        m_namespaces.addMeta(key, namespaceTtl(m_store.expiry(id)), m_store.sizeBytes(id));
        const quint32 container = m_layout.containerOf(id);
        if (container != KeyLayout::NoNode)
            changed.emplace_back(container, m_layout.rowOfKey(id));
    }
    std::sort(changed.begin(), changed.end());
    for (size_t i = 0; i < changed.size();) {
        size_t end = i;
        while (end < changed.size() && changed[end].first == changed[i].first)
            ++end;
        const QModelIndex parent = indexOfNode(changed[i].first);
        Q_EMIT dataChanged(index(changed[i].second, TypeColumn, parent),
                           index(changed[end - 1].second, ColumnCount - 1, parent));
        i = end;
    }
    if (!gone.empty())
        removeIds(gone);
}

void KeyTreeModel::removeKeys(const QList<QByteArray> &keys)
{
    std::vector<quint32> ids;
    ids.reserve(size_t(keys.size()));
    for (const QByteArray &key : keys) {
        const quint32 id = m_ids.find(key, m_store);
        if (id != KeyIdSet::NotFound)
            ids.push_back(id);
    }
    removeIds(ids);
}

void KeyTreeModel::removeIds(const std::vector<quint32> &ids)
{
    std::vector<std::pair<quint32, quint32>> shown; // (container, leaf position)
    for (const quint32 id : ids) {
        if (m_store.isRemoved(id))
            continue; // listed twice
        if (m_store.hasMeta(id))
            m_namespaces.removeMeta(m_store.key(id), namespaceTtl(m_store.expiry(id)), m_store.sizeBytes(id));
        m_namespaces.removeKey(m_store.key(id));
        m_ids.remove(id, m_store);
        m_store.markRemoved(id);
        if (m_pending)
            m_removedSincePending.push_back(id);
        const quint32 container = m_layout.containerOf(id);
        if (container != KeyLayout::NoNode)
            shown.emplace_back(container, m_layout.leafPos(id));
    }
    if (shown.empty())
        return;
    std::sort(shown.begin(), shown.end());
    size_t ranges = 1;
    for (size_t i = 1; i < shown.size(); ++i)
        ranges += shown[i].first != shown[i - 1].first || shown[i].second != shown[i - 1].second + 1;
    if (ranges > MaxRemoveRanges) {
        std::vector<quint32> shownIds;
        for (const auto &[container, pos] : shown)
            shownIds.push_back(m_layout.node(container).leaves[pos]);
        changeLayout([&] { m_layout.removeKeys(shownIds); }, QAbstractItemModel::NoLayoutChangeHint);
        return;
    }
    // Row by row, bottom-up inside each parent so earlier positions stay valid.
    std::vector<quint32> touched;
    for (size_t i = shown.size(); i > 0;) {
        const quint32 container = shown[i - 1].first;
        const quint32 last = shown[i - 1].second;
        quint32 first = last;
        --i;
        while (i > 0 && shown[i - 1].first == container && shown[i - 1].second + 1 == first) {
            --first;
            --i;
        }
        const int offset = int(m_layout.node(container).children.size());
        beginRemoveRows(indexOfNode(container), offset + int(first), offset + int(last));
        m_layout.eraseLeaves(container, int(first), int(last));
        endRemoveRows();
        if (touched.empty() || touched.back() != container)
            touched.push_back(container);
    }
    // Namespaces left empty go too, innermost first; the others show a new count.
    std::vector<quint32> changedNamespaces;
    for (quint32 at : touched) {
        for (; at != KeyLayout::RootNode && !m_layout.node(at).dead; at = m_layout.node(at).parent) {
            if (m_layout.node(at).keyCount > 0) {
                changedNamespaces.push_back(at);
                continue;
            }
            const KeyLayout::Node &n = m_layout.node(at);
            beginRemoveRows(indexOfNode(n.parent), int(n.row), int(n.row));
            m_layout.detachNode(at);
            endRemoveRows();
        }
    }
    std::sort(changedNamespaces.begin(), changedNamespaces.end());
    changedNamespaces.erase(std::unique(changedNamespaces.begin(), changedNamespaces.end()),
                            changedNamespaces.end());
    for (const quint32 n : changedNamespaces) {
        if (m_layout.node(n).dead)
            continue;
        const QModelIndex at = indexOfNode(n);
        Q_EMIT dataChanged(at, at, {Qt::DisplayRole, Qt::ToolTipRole, KeyCountRole});
    }
}

// ---------------------------------------------------------------- layout changes

template <typename Mutate>
void KeyTreeModel::changeLayout(Mutate mutate, QAbstractItemModel::LayoutChangeHint hint)
{
    Q_EMIT layoutAboutToBeChanged({}, hint);
    const QModelIndexList before = persistentIndexList();
    std::vector<ItemRef> items;
    items.reserve(size_t(before.size()));
    for (const QModelIndex &index : before)
        items.push_back(itemAt(index));
    mutate();
    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype i = 0; i < before.size(); ++i)
        after.append(indexOfItem(items[size_t(i)], before[i].column()));
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, hint);
}

void KeyTreeModel::sort(int column, Qt::SortOrder order)
{
    m_sortColumn = column;
    m_sortOrder = order;
    const quint64 generation = ++m_sortGeneration;
    if (column < 0 || column >= ColumnCount || m_pending)
        return; // a pending re-layout sorts when it lands
    if (m_store.aliveCount() <= m_syncLimit) {
        changeLayout([&] { m_layout.sort(m_store, column, order); }, QAbstractItemModel::VerticalSortHint);
        return;
    }
    // 1M names take ~100 ms to sort: do it on a copy of the nodes, keep the GUI responsive.
    const quint64 layoutEpoch = m_layoutEpoch;
    const quint32 snapshotKeys = m_store.size();
    const quint64 removals = m_store.removals();
    QFuture<KeyLayout::NodeList> future =
        QtConcurrent::run([store = m_store, nodes = m_layout.nodes(), column, order]() mutable {
            KeyLayout::sortNodes(nodes, store, column, order);
            return std::move(nodes);
        });
    future.then(this,
                [this, generation, layoutEpoch, snapshotKeys, removals](QFuture<KeyLayout::NodeList> done) {
                    if (generation != m_sortGeneration || layoutEpoch != m_layoutEpoch)
                        return; // another sort won, or the layout was replaced (and sorted) meanwhile
                    const KeyLayout::NodeList sorted = done.takeResult();
                    const bool nothingRemoved = removals == m_store.removals();
                    changeLayout([&] { m_layout.adoptOrder(sorted, snapshotKeys, nothingRemoved); },
                                 QAbstractItemModel::VerticalSortHint);
                });
}

void KeyTreeModel::resort()
{
    sort(m_sortColumn, m_sortOrder);
}

void KeyTreeModel::setMode(Mode mode)
{
    const bool tree = mode == Mode::Tree;
    if (tree == m_wantTree)
        return;
    m_wantTree = tree;
    relayout();
}

void KeyTreeModel::setSeparator(const QByteArray &sep)
{
    if (sep == m_wantSeparator)
        return;
    m_wantSeparator = sep;
    relayout();
}

void KeyTreeModel::setFilter(const QString &text)
{
    if (text == m_filterText)
        return;
    m_filterText = text;
    m_wantMatcher = KeyMatcher(text);
    relayout();
}

qint64 KeyTreeModel::namespaceTtl(std::int64_t expiry) const
{
    // Relative to one fixed moment, so adding and removing a key's TTL pick the same bucket.
    if (expiry == KeyStore::ExpiryNever)
        return NoExpiry;
    if (expiry == KeyStore::ExpiryUnknown)
        return TtlUnknown;
    return qMax<qint64>(0, expiry - m_namespaceEpoch);
}

void KeyTreeModel::clear()
{
    beginResetModel();
    ++*m_generation;
    m_pending = false;
    m_removedSincePending.clear();
    ++m_layoutEpoch;
    m_store.clear();
    m_ids.clear();
    m_namespaces.clear();
    m_namespaceEpoch = m_clock.elapsed();
    m_layout = KeyLayout(m_wantTree, m_wantSeparator);
    m_matcher = m_wantMatcher;
    endResetModel();
}

void KeyTreeModel::relayout()
{
    const quint64 generation = ++*m_generation;
    m_removedSincePending.clear();
    if (m_store.aliveCount() <= m_syncLimit) {
        m_pending = false;
        install(
            KeyLayout::build(m_store, m_wantTree, m_wantSeparator, m_wantMatcher, m_sortColumn, m_sortOrder),
            m_store.size(), m_sortColumn, m_sortOrder);
        return;
    }
    m_pending = true;
    const quint32 snapshotSize = m_store.size();
    const int sortColumn = m_sortColumn;
    const Qt::SortOrder sortOrder = m_sortOrder;
    auto latest = m_generation;
    QFuture<KeyLayout> future =
        QtConcurrent::run([store = m_store, tree = m_wantTree, sep = m_wantSeparator, matcher = m_wantMatcher,
                           sortColumn, sortOrder, latest, generation] {
            return KeyLayout::build(store, tree, sep, matcher, sortColumn, sortOrder,
                                    [&] { return latest->load(std::memory_order_relaxed) != generation; });
        });
    future.then(this, [this, generation, snapshotSize, sortColumn, sortOrder](QFuture<KeyLayout> done) {
        if (m_generation->load() != generation)
            return; // a newer filter, mode or separator won; so did clear()
        m_pending = false;
        install(done.takeResult(), snapshotSize, sortColumn, sortOrder);
    });
}

void KeyTreeModel::install(KeyLayout layout, quint32 snapshotSize, int sortColumn, Qt::SortOrder sortOrder)
{
    beginResetModel();
    ++m_layoutEpoch;
    m_layout = std::move(layout);
    m_matcher = m_wantMatcher;
    // catch up with what happened while the worker ran
    m_layout.addKeys(m_store, snapshotSize, m_store.size(), m_matcher);
    m_layout.removeKeys(m_removedSincePending);
    m_removedSincePending.clear();
    if (m_sortColumn >= 0 && (sortColumn != m_sortColumn || sortOrder != m_sortOrder))
        m_layout.sort(m_store, m_sortColumn, m_sortOrder);
    endResetModel();
    Q_EMIT filterApplied(visibleKeyCount());
}

} // namespace cachescope

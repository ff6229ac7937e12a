#include "keysort.h"

#include <QtCore/qnamespace.h>

#include <algorithm>
#include <cstring>
#include <numeric>

namespace cachescope {

namespace {

struct Item
{
    quint64 digit;
    quint32 id;
};

quint64 digitAt(QByteArrayView key, size_t depth)
{
    unsigned char bytes[8] = {};
    if (depth < size_t(key.size()))
        std::memcpy(bytes, key.data() + depth, std::min<size_t>(8, size_t(key.size()) - depth));
    quint64 v = 0;
    for (const unsigned char b : bytes)
        v = (v << 8) | b;
    return v;
}

// Sorts items [b, e) whose keys agree on their first `depth` bytes.
void sortByName(Item *b, Item *e, size_t depth, const KeyStore &store, quint32 skip)
{
    const auto name = [&](quint32 id) { return store.key(id).sliced(skip); };
    if (depth > 4096) {
        // pathological shared prefixes: plain comparisons rather than deep recursion
        std::sort(b, e, [&](const Item &x, const Item &y) { return name(x.id) < name(y.id); });
        return;
    }
    for (Item *it = b; it < e; ++it)
        it->digit = digitAt(name(it->id), depth);
    std::sort(b, e, [](const Item &x, const Item &y) { return x.digit < y.digit; });
    for (Item *run = b; run < e;) {
        Item *end = run + 1;
        while (end < e && end->digit == run->digit)
            ++end;
        if (end - run > 1) {
            // Zero padding makes "ab" and "ab\0" equal digits: names that end within this
            // digit come first, shorter first; the rest continue with the next 8 bytes.
            const size_t limit = depth + 8;
            Item *longer =
                std::partition(run, end, [&](const Item &x) { return size_t(name(x.id).size()) <= limit; });
            std::sort(run, longer,
                      [&](const Item &x, const Item &y) { return name(x.id).size() < name(y.id).size(); });
            if (end - longer > 1)
                sortByName(longer, end, limit, store, skip);
        }
        run = end;
    }
}

void sortIdsByName(std::vector<quint32> &ids, const KeyStore &store, quint32 skip)
{
    std::vector<Item> items(ids.size());
    for (size_t i = 0; i < ids.size(); ++i)
        items[i].id = ids[i];
    sortByName(items.data(), items.data() + items.size(), 0, store, skip);
    for (size_t i = 0; i < ids.size(); ++i)
        ids[i] = items[i].id;
}

// Smaller sorts first; a missing value (returned as false) sorts last in both orders.
template <typename Value> void sortIdsByValue(std::vector<quint32> &ids, Qt::SortOrder order, Value value)
{
    std::vector<Item> items;
    items.reserve(ids.size());
    std::vector<quint32> unknown;
    for (const quint32 id : ids) {
        quint64 v = 0;
        if (value(id, &v))
            items.push_back(Item{v, id});
        else
            unknown.push_back(id);
    }
    // ids arrive in name order; a stable sort keeps it among equal values
    if (order == Qt::AscendingOrder)
        std::stable_sort(items.begin(), items.end(),
                         [](const Item &x, const Item &y) { return x.digit < y.digit; });
    else
        std::stable_sort(items.begin(), items.end(),
                         [](const Item &x, const Item &y) { return x.digit > y.digit; });
    size_t i = 0;
    for (const Item &item : items)
        ids[i++] = item.id;
    for (const quint32 id : unknown)
        ids[i++] = id;
}

quint64 typeRank(KeyType type)
{
    // alphabetical by the name shown: hash list other set stream string zset
    switch (type) {
    case KeyType::Hash:
        return 0;
    case KeyType::List:
        return 1;
    case KeyType::Other:
        return 2;
    case KeyType::Set:
        return 3;
    case KeyType::Stream:
        return 4;
    case KeyType::String:
        return 5;
    case KeyType::ZSet:
        return 6;
    case KeyType::Missing:
    case KeyType::Unknown:
        break;
    }
    return 7;
}

} // namespace

void sortKeys(std::vector<quint32> &ids, const KeyStore &store, quint32 skip, int column, Qt::SortOrder order)
{
    sortIdsByName(ids, store, skip);
    switch (column) {
    case 1: // KeyTreeModel::TypeColumn
        sortIdsByValue(ids, order, [&](quint32 id, quint64 *v) {
            *v = typeRank(store.type(id));
            return *v < 7;
        });
        return;
    case 2: // TtlColumn: by deadline, "never" after every finite one
        sortIdsByValue(ids, order, [&](quint32 id, quint64 *v) {
            const std::int64_t expiry = store.expiry(id);
            *v = quint64(expiry) ^ (quint64(1) << 63); // order-preserving signed -> unsigned
            return expiry != KeyStore::ExpiryUnknown;
        });
        return;
    case 3: // SizeColumn
        sortIdsByValue(ids, order, [&](quint32 id, quint64 *v) {
            const qint64 size = store.sizeBytes(id);
            *v = quint64(size);
            return size >= 0;
        });
        return;
    case 4: { // ServerColumn: by name, through a rank per entry of the store's small name table
        const QStringList &names = store.serverNames();
        std::vector<int> byName(size_t(names.size()));
        std::iota(byName.begin(), byName.end(), 0);
        std::sort(byName.begin(), byName.end(), [&](int a, int b) { return names.at(a) < names.at(b); });
        std::vector<quint64> rank(size_t(names.size()) + 1, 0);
        for (size_t r = 0; r < byName.size(); ++r)
            rank[size_t(byName[r]) + 1] = r;
        sortIdsByValue(ids, order, [&](quint32 id, quint64 *v) {
            const quint8 index = store.serverIndex(id);
            *v = rank[index];
            return index != 0;
        });
        return;
    }
    case 5: // LastAccessColumn
        sortIdsByValue(ids, order, [&](quint32 id, quint64 *v) {
            const qint64 at = store.lastAccessSecs(id);
            *v = quint64(at);
            return at >= 0;
        });
        return;
    case 6: // SlabColumn
        sortIdsByValue(ids, order, [&](quint32 id, quint64 *v) {
            const int slab = store.slabClass(id);
            *v = quint64(slab);
            return slab >= 0;
        });
        return;
    case 7: // FetchedColumn
        sortIdsByValue(ids, order, [&](quint32 id, quint64 *v) {
            const qint8 fetched = store.fetched(id);
            *v = quint64(fetched);
            return fetched >= 0;
        });
        return;
    default:
        if (order == Qt::DescendingOrder)
            std::reverse(ids.begin(), ids.end());
    }
}

void sortNamespaces(std::vector<quint32> &nodes, const KeyLayout::NodeList &all, int column,
                    Qt::SortOrder order)
{
    const bool ascending = order == Qt::AscendingOrder;
    std::sort(nodes.begin(), nodes.end(), [&](quint32 x, quint32 y) {
        const KeyLayout::Node &a = all[x];
        const KeyLayout::Node &b = all[y];
        if (column != 0 && a.keyCount != b.keyCount)
            return ascending ? a.keyCount < b.keyCount : a.keyCount > b.keyCount;
        if (column != 0 || ascending)
            return a.segment < b.segment;
        return b.segment < a.segment;
    });
}

} // namespace cachescope

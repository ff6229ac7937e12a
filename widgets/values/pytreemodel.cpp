#include "pytreemodel.h"

#include "codec/pyaccess.h"
#include "codec/pyrepr.h"
#include "codec/valuedecoder.h"

#include <QFontDatabase>
#include <QScopedValueRollback>

namespace cachescope {

namespace {

constexpr qsizetype ValueChars = 300;
constexpr qsizetype LabelChars = 80;
constexpr int MaxAncestorWalk = 10000;

} // namespace

PyTreeModel::PyTreeModel(QObject *parent) : QAbstractItemModel(parent) {}

PyTreeModel::~PyTreeModel() = default;

void PyTreeModel::setTree(PyTreePtr tree)
{
    beginResetModel();
    m_tree = std::move(tree);
    m_items.clear();
    if (m_tree && m_tree->valid(m_tree->root)) {
        Item root;
        root.node = m_tree->root;
        root.name = tr("value");
        m_items.push_back(std::move(root));
    }
    endResetModel();
}

QString PyTreeModel::shortRepr(int node, qsizetype maxChars) const
{
    PyRepr repr(*m_tree, ReprOptions{maxChars, 30});
    QString s = repr.render(node);
    if (repr.truncated() || s.size() > maxChars)
        s = s.left(maxChars) + QStringLiteral("…");
    return s;
}

int PyTreeModel::childCount(int node) const
{
    const PyNode &n = m_tree->at(node);
    switch (n.kind) {
    case PyKind::List:
    case PyKind::Tuple:
    case PyKind::Set:
    case PyKind::FrozenSet:
        return int(n.items.size());
    case PyKind::Dict:
        return int(n.items.size() / 2);
    case PyKind::PersistentId:
        return int(n.items.size());
    case PyKind::Object:
        return int(objectChildren(node).size());
    default:
        return 0;
    }
}

std::vector<PyTreeModel::Child> PyTreeModel::objectChildren(int node) const
{
    // Arguments, keyword arguments, the BUILD state's attributes (or the state itself when it
    // is not a dict), then what APPENDS / SETITEMS added.
    const PyNode &n = m_tree->at(node);
    std::vector<Child> out;
    const QList<int> args = pyaccess::constructorArgs(*m_tree, node);
    for (qsizetype i = 0; i < args.size(); ++i)
        out.push_back(Child{tr("arg %1").arg(i), args.at(i), -1});
    for (const auto &[key, value] : pyaccess::dictPairs(*m_tree, n.kwargs))
        out.push_back(Child{{}, value, key});
    const auto state = pyaccess::stateDict(*m_tree, node);
    for (const auto &[key, value] : state) {
        if (const auto name = pyaccess::str(*m_tree, key))
            out.push_back(Child{QLatin1Char('.') + QString::fromUtf8(*name), value, -1});
        else
            out.push_back(Child{{}, value, key});
    }
    if (state.isEmpty() && m_tree->valid(n.state))
        out.push_back(Child{tr("state"), n.state, -1});
    for (qsizetype i = 0; i < n.items.size(); ++i)
        out.push_back(Child{QStringLiteral("[%1]").arg(i), n.items.at(i), -1});
    for (qsizetype i = 0; i + 1 < n.setItems.size(); i += 2)
        out.push_back(Child{{}, n.setItems.at(i + 1), n.setItems.at(i)});
    return out;
}

std::vector<PyTreeModel::Child> PyTreeModel::childrenIn(int node, int from, int to) const
{
    std::vector<Child> out;
    out.reserve(size_t(to - from));
    if (m_tree->at(node).kind == PyKind::Object) {
        const std::vector<Child> all = objectChildren(node);
        return std::vector<Child>(all.begin() + from,
                                  all.begin() + qMin<qsizetype>(to, qsizetype(all.size())));
    }
    for (int i = from; i < to; ++i)
        out.push_back(childAt(node, i));
    return out;
}

PyTreeModel::Child PyTreeModel::childAt(int node, int i) const
{
    const PyNode &n = m_tree->at(node);
    switch (n.kind) {
    case PyKind::Dict:
        return Child{{}, n.items.at(2 * i + 1), n.items.at(2 * i)};
    case PyKind::Set:
    case PyKind::FrozenSet:
        return Child{QStringLiteral("·"), n.items.at(i), -1};
    default:
        return Child{QStringLiteral("[%1]").arg(i), n.items.at(i), -1};
    }
}

int PyTreeModel::itemOf(const QModelIndex &index) const
{
    return index.isValid() ? int(index.internalId()) : -1;
}

int PyTreeModel::totalChildren(int item) const
{
    if (item < 0)
        return m_items.empty() ? 0 : 1;
    Item &it = m_items[size_t(item)];
    if (it.total < 0)
        it.total = it.recursive ? 0 : childCount(it.node);
    return it.total;
}

QModelIndex PyTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    const int p = itemOf(parent);
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (p < 0)
        return row == 0 && !m_items.empty() ? createIndex(row, column, quintptr(0)) : QModelIndex();
    const Item &it = m_items[size_t(p)];
    if (size_t(row) >= it.children.size())
        return {};
    return createIndex(row, column, quintptr(it.children[size_t(row)]));
}

QModelIndex PyTreeModel::parent(const QModelIndex &child) const
{
    const int c = itemOf(child);
    if (c <= 0)
        return {};
    const int p = m_items[size_t(c)].parent;
    return createIndex(m_items[size_t(p)].row, 0, quintptr(p));
}

int PyTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    const int p = itemOf(parent);
    if (p < 0)
        return m_items.empty() ? 0 : 1;
    return int(m_items[size_t(p)].children.size());
}

int PyTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool PyTreeModel::hasChildren(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return false;
    return totalChildren(itemOf(parent)) > 0;
}

bool PyTreeModel::canFetchMore(const QModelIndex &parent) const
{
    const int p = itemOf(parent);
    if (p < 0 || parent.column() > 0)
        return false;
    return int(m_items[size_t(p)].children.size()) < totalChildren(p);
}

void PyTreeModel::fetchMore(const QModelIndex &parent)
{
    const int p = itemOf(parent);
    // A view may ask again from its rowsInserted slot, before every other listener has seen
    // this insertion: one chunk at a time, it will ask again when scrolled there.
    if (p < 0 || m_fetching || !canFetchMore(parent))
        return;
    const QScopedValueRollback<bool> fetching(m_fetching, true);
    const int have = int(m_items[size_t(p)].children.size());
    const int end = qMin(totalChildren(p), have + ChunkSize);
    beginInsertRows(parent, have, end - 1);
    m_items.reserve(m_items.size() + size_t(end - have));
    const std::vector<Child> fresh = childrenIn(m_items[size_t(p)].node, have, end);
    for (int i = have; i < end; ++i) {
        const Child &c = fresh[size_t(i - have)];
        Item item;
        item.parent = p;
        item.row = i;
        item.node = c.node;
        item.label = c.label;
        item.name = c.name;
        // A node that is one of its own ancestors: a recursive value, shown once.
        int depth = 0;
        for (int a = p; a >= 0 && depth < MaxAncestorWalk; a = m_items[size_t(a)].parent, ++depth) {
            if (m_items[size_t(a)].node == c.node) {
                item.recursive = true;
                break;
            }
        }
        if (!m_tree->valid(c.node))
            item.recursive = true; // nothing to expand
        m_items.push_back(std::move(item));
        m_items[size_t(p)].children.push_back(int(m_items.size() - 1));
    }
    endInsertRows();
}

QVariant PyTreeModel::data(const QModelIndex &index, int role) const
{
    const int i = itemOf(index);
    if (i < 0)
        return {};
    const Item &it = m_items[size_t(i)];
    if (role == Qt::FontRole && index.column() == ValueColumn)
        return QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const bool valid = m_tree->valid(it.node);
    switch (index.column()) {
    case NameColumn:
        if (!it.name.isEmpty())
            return it.name;
        return m_tree->valid(it.label) ? shortRepr(it.label, LabelChars) : QStringLiteral("?");
    case TypeColumn:
        if (!valid)
            return tr("(missing)");
        return it.recursive ? tr("recursive reference") : ValueDecoder::summary(*m_tree, it.node);
    case ValueColumn:
        if (!valid)
            return {};
        if (role == Qt::ToolTipRole)
            return shortRepr(it.node, 4000);
        if (it.valueCache.isNull())
            it.valueCache = shortRepr(it.node, ValueChars);
        return it.valueCache;
    default:
        return {};
    }
}

QVariant PyTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case TypeColumn:
        return tr("Type");
    case ValueColumn:
        return tr("Value");
    default:
        return {};
    }
}

} // namespace cachescope

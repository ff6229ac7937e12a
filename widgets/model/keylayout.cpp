#include "keylayout.h"

#include "keysort.h"

#include <algorithm>
#include <cstring>

namespace cachescope {

KeyLayout::KeyLayout(bool tree, const QByteArray &separator) : m_tree(tree), m_separator(separator)
{
    m_nodes.emplace_back(); // the root: the invisible parent of the top-level rows
}

KeyLayout KeyLayout::build(const KeyStore &store, bool tree, const QByteArray &separator,
                           const KeyMatcher &matcher, int sortColumn, Qt::SortOrder order,
                           const std::function<bool()> &canceled)
{
    KeyLayout layout(tree, separator);
    layout.addKeys(store, 0, store.size(), matcher, canceled);
    if (sortColumn >= 0 && !(canceled && canceled()))
        layout.sort(store, sortColumn, order);
    return layout;
}

QByteArray KeyLayout::namespacePath(quint32 n) const
{
    QByteArray path;
    if (n == RootNode || n >= m_nodes.size())
        return path;
    path.reserve(m_nodes[n].pathLength);
    std::vector<quint32> chain;
    for (quint32 at = n; at != RootNode; at = m_nodes[at].parent)
        chain.push_back(at);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it)
        path += m_nodes[*it].segment + m_separator;
    return path;
}

void KeyLayout::ensureKeys(quint32 keyCount)
{
    m_container.growTo(keyCount, NoNode);
    m_pos.growTo(keyCount, 0);
}

quint32 KeyLayout::createNode(quint32 parent, QByteArrayView segment, quint32 pathLength)
{
    const quint32 n = quint32(m_nodes.size());
    Node node;
    node.segment = segment.toByteArray();
    node.parent = parent;
    node.pathLength = pathLength;
    m_nodes.push_back(std::move(node));
    m_childIndex.insertHashed(childHash(parent, segment), n);
    return n;
}

quint32 KeyLayout::findChild(quint32 parent, QByteArrayView segment) const
{
    return m_childIndex.findHashed(childHash(parent, segment), [&](quint32 n) {
        return m_nodes[n].parent == parent && m_nodes[n].segment == segment;
    });
}

quint32 KeyLayout::resolve(QByteArrayView key, std::vector<quint32> &created)
{
    if (!m_tree || m_separator.isEmpty())
        return RootNode;
    const QByteArrayView sep(m_separator);
    // Where the namespace path ends: after the last separator found left to right (so
    // "a:::b" with "::" splits as "a" / ":b", the same way the walk below does).
    qsizetype pathEnd = 0;
    for (qsizetype at = key.indexOf(sep); at >= 0; at = key.indexOf(sep, pathEnd))
        pathEnd = at + sep.size();
    if (pathEnd == 0)
        return RootNode;
    if (m_lastContainer != NoNode && m_lastPath.size() == pathEnd &&
        std::memcmp(m_lastPath.constData(), key.data(), size_t(pathEnd)) == 0)
        return m_lastContainer;

    quint32 at = RootNode;
    for (qsizetype begin = 0; begin < pathEnd;) {
        const qsizetype end = key.indexOf(sep, begin);
        const QByteArrayView segment = key.sliced(begin, end - begin);
        const quint32 found = findChild(at, segment);
        if (found != KeyIdSet::NotFound) {
            at = found;
        } else {
            at = createNode(at, segment, quint32(end + sep.size()));
            created.push_back(at);
        }
        begin = end + sep.size();
    }
    m_lastPath = key.first(pathEnd).toByteArray();
    m_lastContainer = at;
    return at;
}

void KeyLayout::attachNode(quint32 n)
{
    Node &parent = m_nodes[m_nodes[n].parent];
    m_nodes[n].row = quint32(parent.children.size());
    parent.children.push_back(n);
}

void KeyLayout::attachLeaf(quint32 container, quint32 id)
{
    std::vector<quint32> &leaves = m_nodes[container].leaves;
    m_container[id] = container;
    m_pos[id] = quint32(leaves.size());
    leaves.push_back(id);
}

void KeyLayout::addCount(quint32 container, qint64 delta)
{
    for (quint32 at = container; at != NoNode; at = m_nodes[at].parent)
        m_nodes[at].keyCount += delta;
}

void KeyLayout::addKeys(const KeyStore &store, quint32 firstId, quint32 endId, const KeyMatcher &matcher,
                        const std::function<bool()> &canceled)
{
    ensureKeys(store.size());
    std::vector<quint32> created;
    quint32 runContainer = NoNode;
    qint64 run = 0;
    for (quint32 id = firstId; id < endId; ++id) {
        if (canceled && (id & 0x3fff) == 0 && canceled())
            return;
        if (store.isRemoved(id) || m_container[id] != NoNode)
            continue;
        const QByteArrayView key = store.key(id);
        if (!matcher.matches(key))
            continue;
        const quint32 container = resolve(key, created);
        for (const quint32 n : created)
            attachNode(n); // nothing is shown yet, so attach right away
        created.clear();
        attachLeaf(container, id);
        // batch the ancestor walk over runs of keys with the same namespace
        if (container != runContainer) {
            if (run)
                addCount(runContainer, run);
            runContainer = container;
            run = 0;
        }
        ++run;
    }
    if (run)
        addCount(runContainer, run);
}

void KeyLayout::renumberChildren(quint32 n, size_t from)
{
    const std::vector<quint32> &children = m_nodes[n].children;
    for (size_t i = from; i < children.size(); ++i)
        m_nodes[children[i]].row = quint32(i);
}

void KeyLayout::renumberLeaves(quint32 n, size_t from)
{
    const std::vector<quint32> &leaves = m_nodes[n].leaves;
    for (size_t i = from; i < leaves.size(); ++i)
        m_pos[leaves[i]] = quint32(i);
}

void KeyLayout::eraseLeaves(quint32 container, int firstPos, int lastPos)
{
    std::vector<quint32> &leaves = m_nodes[container].leaves;
    for (int i = firstPos; i <= lastPos; ++i)
        m_container[leaves[size_t(i)]] = NoNode;
    leaves.erase(leaves.begin() + firstPos, leaves.begin() + lastPos + 1);
    renumberLeaves(container, size_t(firstPos));
    addCount(container, -(lastPos - firstPos + 1));
}

void KeyLayout::detachNode(quint32 n)
{
    Node &node = m_nodes[n];
    if (!m_nodes[node.parent].dead) {
        std::vector<quint32> &siblings = m_nodes[node.parent].children;
        siblings.erase(siblings.begin() + node.row);
        renumberChildren(node.parent, node.row);
    }
    // the whole subtree goes (it is empty: a namespace is removed when it lost its last key)
    std::vector<quint32> stack{n};
    while (!stack.empty()) {
        const quint32 id = stack.back();
        stack.pop_back();
        Node &dying = m_nodes[id];
        m_childIndex.removeHashed(childHash(dying.parent, dying.segment), id);
        dying.dead = true;
        stack.insert(stack.end(), dying.children.begin(), dying.children.end());
        std::vector<quint32>().swap(dying.children);
        std::vector<quint32>().swap(dying.leaves);
    }
    m_lastContainer = NoNode;
}

void KeyLayout::removeKeys(const std::vector<quint32> &ids)
{
    std::vector<quint32> touched;
    for (const quint32 id : ids) {
        const quint32 c = containerOf(id);
        if (c == NoNode)
            continue;
        m_nodes[c].leaves[m_pos[id]] = NoNode; // mark, compact below
        m_container[id] = NoNode;
        touched.push_back(c);
    }
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    for (const quint32 c : touched) {
        std::vector<quint32> &leaves = m_nodes[c].leaves;
        const size_t before = leaves.size();
        leaves.erase(std::remove(leaves.begin(), leaves.end(), NoNode), leaves.end());
        renumberLeaves(c, 0);
        addCount(c, -qint64(before - leaves.size()));
    }
    // prune emptied namespaces bottom-up
    for (quint32 c : touched) {
        while (c != RootNode && !m_nodes[c].dead && m_nodes[c].keyCount == 0) {
            const quint32 parent = m_nodes[c].parent;
            detachNode(c);
            c = parent;
        }
    }
}

void KeyLayout::sortNodes(NodeList &nodes, const KeyStore &store, int column, Qt::SortOrder order)
{
    for (Node &node : nodes) {
        if (node.dead)
            continue;
        if (node.children.size() > 1)
            sortNamespaces(node.children, nodes, column, order);
        if (node.leaves.size() > 1)
            sortKeys(node.leaves, store, node.pathLength, column, order);
    }
}

void KeyLayout::sort(const KeyStore &store, int column, Qt::SortOrder order)
{
    sortNodes(m_nodes, store, column, order);
    for (quint32 n = 0; n < m_nodes.size(); ++n) {
        renumberChildren(n, 0);
        renumberLeaves(n, 0);
    }
}

void KeyLayout::adoptOrder(const NodeList &sorted, quint32 snapshotKeys, bool nothingRemoved)
{
    const quint32 snapshotNodes = quint32(sorted.size());
    for (quint32 n = 0; n < snapshotNodes; ++n) {
        Node &node = m_nodes[n];
        if (node.dead)
            continue;
        const Node &order = sorted[n];
        if (nothingRemoved) {
            // appends only ever went to the ends: live = snapshot rows + new tail
            std::vector<quint32> children(order.children);
            children.insert(children.end(), node.children.begin() + qsizetype(order.children.size()),
                            node.children.end());
            node.children.swap(children);
            std::vector<quint32> leaves(order.leaves);
            leaves.insert(leaves.end(), node.leaves.begin() + qsizetype(order.leaves.size()),
                          node.leaves.end());
            node.leaves.swap(leaves);
            renumberChildren(n, 0);
            renumberLeaves(n, 0);
            continue;
        }
        std::vector<quint32> children;
        children.reserve(node.children.size());
        for (const quint32 c : order.children) {
            if (!m_nodes[c].dead)
                children.push_back(c);
        }
        for (const quint32 c : node.children) {
            if (c >= snapshotNodes)
                children.push_back(c);
        }
        node.children.swap(children);
        std::vector<quint32> leaves;
        leaves.reserve(node.leaves.size());
        for (const quint32 id : order.leaves) {
            if (m_container[id] == n)
                leaves.push_back(id);
        }
        for (const quint32 id : node.leaves) {
            if (id >= snapshotKeys)
                leaves.push_back(id);
        }
        node.leaves.swap(leaves);
        renumberChildren(n, 0);
        renumberLeaves(n, 0);
    }
}

} // namespace cachescope

#pragma once
// What the key model shows: a tree of namespace nodes (or, in flat mode, the root only)
// whose leaves are key ids in a KeyStore. Only namespaces are objects; a key is one
// uint32 in its container's leaf vector plus its container and position in two
// per-key arrays (8 bytes), so 1M keys under "app:1:user:" cost one node and ~12 MB.
//
// Rows of a node: its child namespaces first (in `children` order), then its leaves.
// Ids of nodes and keys are stable until the layout is rebuilt, which is what model
// indexes and persistent-index remapping rely on.
//
// Threads: a layout is built (filter, mode or separator change on a big store) on a
// worker from a KeyStore copy, then moved into the model on the GUI thread; from then
// on only the GUI thread touches it. No signals here: the model decides whether a
// change is announced row by row or as a layout change.

#include "chunkedarray.h"
#include "keyidset.h"
#include "keymatcher.h"
#include "keystore.h"

#include <QByteArray>

#include <deque>
#include <functional>
#include <vector>

namespace cachescope {

class KeyLayout
{
public:
    static constexpr quint32 NoNode = UINT32_MAX;
    static constexpr quint32 RootNode = 0;

    struct Node
    {
        QByteArray segment; // raw bytes, without the separator
        quint32 parent = NoNode;
        quint32 row = 0;        // index in the parent's children
        quint32 pathLength = 0; // bytes of "app:1:" (separators included): leaf names start there
        qint64 keyCount = 0;    // keys shown in the whole subtree
        std::vector<quint32> children;
        std::vector<quint32> leaves;
        bool dead = false;
    };

    // A deque: growing never moves the nodes (a vector of 500K namespaces would copy
    // ~50 MB inside one appendBatch).
    using NodeList = std::deque<Node>;

    explicit KeyLayout(bool tree = true, const QByteArray &separator = QByteArrayLiteral(":"));

    // Builds the full layout for the keys of store that match (run on a worker for big stores).
    // canceled() is polled every few thousand keys; a stale build returns early (its
    // result is dropped anyway).
    static KeyLayout build(const KeyStore &store, bool tree, const QByteArray &separator,
                           const KeyMatcher &matcher, int sortColumn, Qt::SortOrder order,
                           const std::function<bool()> &canceled = {});

    bool isTree() const { return m_tree; }
    const QByteArray &separator() const { return m_separator; }
    const Node &node(quint32 n) const { return m_nodes[n]; }
    size_t nodeCount() const { return m_nodes.size(); }
    int rowCount(quint32 n) const { return int(m_nodes[n].children.size() + m_nodes[n].leaves.size()); }
    qint64 visibleKeys() const { return m_nodes[RootNode].keyCount; }
    QByteArray namespacePath(quint32 n) const;

    quint32 containerOf(quint32 id) const { return id < m_container.size() ? m_container[id] : NoNode; }
    quint32 leafPos(quint32 id) const { return m_pos[id]; }
    int rowOfKey(quint32 id) const { return int(m_nodes[m_container[id]].children.size() + m_pos[id]); }
    // Bytes of the key shown as its name: the last segment in tree mode, all of it flat.
    QByteArrayView leafName(const KeyStore &store, quint32 id) const
    {
        return store.key(id).sliced(m_nodes[m_container[id]].pathLength);
    }

    // --- growing: resolve() finds a key's container and creates missing namespaces
    // without attaching them; the caller attaches (announced or not) parents first.
    void ensureKeys(quint32 keyCount);
    quint32 resolve(QByteArrayView key, std::vector<quint32> &created);
    void attachNode(quint32 n);
    void attachLeaf(quint32 container, quint32 id);
    void addCount(quint32 container, qint64 delta); // the node and its ancestors
    void addKeys(const KeyStore &store, quint32 firstId, quint32 endId, const KeyMatcher &matcher,
                 const std::function<bool()> &canceled = {});

    // --- shrinking
    void eraseLeaves(quint32 container, int firstPos, int lastPos); // inclusive, renumbers after
    void detachNode(quint32 n);                                     // from its parent; marks it dead
    // Drops ids (shown ones; others are ignored), prunes emptied namespaces. No announcements.
    void removeKeys(const std::vector<quint32> &ids);

    void sort(const KeyStore &store, int column, Qt::SortOrder order);

    // Sorting a big layout off the GUI thread: the worker sorts a copy of the nodes
    // (sortNodes), the GUI thread then takes that order for whatever is still there and
    // keeps what arrived since (ids at or above the snapshot's counts) after it.
    const NodeList &nodes() const { return m_nodes; }
    static void sortNodes(NodeList &nodes, const KeyStore &store, int column, Qt::SortOrder order);
    // nothingRemoved: no key left the layout since the snapshot, so the sorted vectors are
    // still exact and only the new arrivals (the live vectors' tails) need appending.
    void adoptOrder(const NodeList &sorted, quint32 snapshotKeys, bool nothingRemoved);

private:
    static quint32 childHash(quint32 parent, QByteArrayView segment)
    {
        return KeyIdSet::hashOf(segment) ^ (parent * 0x9e3779b1u);
    }
    quint32 findChild(quint32 parent, QByteArrayView segment) const;

    quint32 createNode(quint32 parent, QByteArrayView segment, quint32 pathLength);
    void renumberChildren(quint32 n, size_t from);
    void renumberLeaves(quint32 n, size_t from);

    bool m_tree = true;
    QByteArray m_separator;
    NodeList m_nodes;
    KeyIdSet m_childIndex;             // (parent, segment) -> node id
    ChunkedArray<quint32> m_container; // per key id: NoNode when not shown
    ChunkedArray<quint32> m_pos;       // per key id: index in the container's leaves
    // Consecutive SCAN keys mostly share a namespace: remember the last one.
    QByteArray m_lastPath;
    quint32 m_lastContainer = NoNode;
};

} // namespace cachescope

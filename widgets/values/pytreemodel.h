#pragma once
// The Tree tab's model: a decoded value (PyTree) as an expandable tree of
// name / type / value rows. Lazy in both directions: a node's children are made only when
// the view asks for them, and then a chunk at a time (canFetchMore / fetchMore), so a dict
// of a million items opens at once and costs rows only for what was scrolled through.
// The value column's short repr is rendered (capped) the first time a row is painted.
//
// The tree may share nodes and even contain itself (a list holding itself): each row is its
// own item (a path, not a node), and a row whose node is one of its ancestors is shown as
// a recursive reference without children. Lives on the GUI thread; the PyTree it shows is
// immutable and shared.

#include "codec/pytree.h"

#include <QAbstractItemModel>

#include <vector>

namespace cachescope {

class PyTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        TypeColumn,
        ValueColumn,
        ColumnCount
    };
    static constexpr int ChunkSize = 500;

    explicit PyTreeModel(QObject *parent = nullptr);
    ~PyTreeModel() override;

    void setTree(PyTreePtr tree); // empty pointer = clear
    const PyTree *tree() const { return m_tree.get(); }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Item
    {
        int parent = -1; // item id, -1 for the root item
        int row = 0;     // row under its parent
        int node = -1;   // PyTree node
        int label = -1;  // dict key node for dict rows, else -1
        QString name;    // "[0]", ".field", "arg 0"; empty = use label
        bool recursive = false;
        int total = -1; // children it has (-1 = not counted yet)
        std::vector<int> children;
        mutable QString valueCache;
    };
    struct Child
    {
        QString name;
        int node = -1;
        int label = -1;
    };

    int itemOf(const QModelIndex &index) const; // -1 = invisible root
    int totalChildren(int item) const;
    Child childAt(int node, int i) const;
    std::vector<Child> childrenIn(int node, int from, int to) const;
    std::vector<Child> objectChildren(int node) const;
    int childCount(int node) const;
    QString shortRepr(int node, qsizetype maxChars) const;

    PyTreePtr m_tree;
    bool m_fetching = false;
    mutable std::vector<Item> m_items; // [0] = the value itself, once a tree is set
};

} // namespace cachescope

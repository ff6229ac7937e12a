#pragma once
// The key browser's model: every key a listing streamed in, shown as a namespace tree
// ("app:1:users:42" -> app / 1 / users / 42) or as a flat list, with type, TTL and size
// filled in lazily.
//
// Memory (~60 bytes a key besides the key itself, measured by tests/bench/bench_keymodel):
// keys live in a KeyStore arena, a KeyIdSet deduplicates them, a KeyLayout holds
// namespace nodes and uint32 leaf vectors. No QByteArray/QString per key: strings are
// made in data() for the rows on screen only.
//
// Updates: appendBatch() announces each batch with at most two beginInsertRows per
// parent (its new namespaces, which go before its leaves, and its new leaves) and puts
// new keys at the end of their parent even when sorted; call resort() when a listing
// ends. applyMeta() sends one dataChanged per parent over the changed rows.
// Removing many scattered rows is sent as one layout change rather than row by row.
//
// Threads: everything here runs on the GUI thread except the re-layout a filter, mode
// or separator change needs, and sort(), on a store above syncLimit() keys. A re-layout
// runs on the global QThreadPool: the worker receives a *copy* of the KeyStore (made on the GUI thread,
// ~10 ms for 1M keys) plus the matcher and settings by value, builds a new KeyLayout and
// hands it back through its QFuture; the continuation runs on the GUI thread (context
// `this`), drops the result unless its generation is still the latest, adds the keys
// that arrived meanwhile, removes the ones deleted meanwhile, and swaps it in with a
// model reset. The worker never sees the model; a stale one stops early through a
// shared atomic generation. A sort worker gets a store copy and a copy of the namespace
// nodes (leaf id vectors, ~4 MB for 1M keys), sorts them and returns them the same way;
// the GUI thread adopts that order inside one layout change (persistent indexes, so
// selection and expanded namespaces, follow their rows), keeping keys that arrived
// meanwhile at the end and skipping ones removed meanwhile. The latest sort() wins.

#include "codec/namespaceindex.h"
#include "core/connectionspec.h"
#include "core/keybatch.h"
#include "core/keytypes.h"
#include "keyidset.h"
#include "keylayout.h"
#include "keymatcher.h"
#include "keystore.h"

#include <QAbstractItemModel>
#include <QElapsedTimer>

#include <atomic>
#include <memory>

namespace cachescope {

class KeyTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum class Mode
    {
        Tree,
        Flat
    };
    enum Column
    {
        KeyColumn,
        TypeColumn,
        TtlColumn,
        SizeColumn,
        ServerColumn,     // memcached: the pool member holding the key
        LastAccessColumn, // memcached
        SlabColumn,       // memcached
        FetchedColumn,    // memcached
        ColumnCount
    };
    enum Role
    {
        RawKeyRole = Qt::UserRole + 1, // QByteArray: full key (leaves only)
        IsNamespaceRole,               // bool
        KeyCountRole,                  // qint64: keys under this namespace (1 for a leaf)
        NamespacePathRole,             // QByteArray: "app:1:" for namespace nodes
        KeyTypeRole,                   // int(KeyType), leaves
        TtlMsRole,                     // qint64 remaining ms (0 = expired), NoExpiry or TtlUnknown
        SizeBytesRole,                 // qint64, SizeUnknown when not fetched
        ServerRole,                    // QString, memcached
    };

    explicit KeyTreeModel(QObject *parent = nullptr);
    ~KeyTreeModel() override;

    // The model always has every column; a view shows columnsFor(backend). The backend also
    // decides the header tooltips (a DB table's size is the stored base64 length).
    void setBackend(BackendKind backend);
    BackendKind backend() const { return m_backend; }
    static QList<int> columnsFor(BackendKind backend);

    void setMode(Mode mode);
    Mode mode() const { return m_wantTree ? Mode::Tree : Mode::Flat; }
    void setSeparator(const QByteArray &sep); // default ":"; re-groups loaded keys; "" = no grouping
    QByteArray separator() const { return m_wantSeparator; }
    void clear();                            // keeps mode, separator, filter and sort
    void appendBatch(const KeyBatch &batch); // dedups (SCAN may repeat keys)
    void setFilter(const QString &text);     // filter-as-you-type over loaded keys
    QString filter() const { return m_filterText; }
    qint64 keyCount() const { return m_store.aliveCount(); }          // distinct keys loaded
    qint64 visibleKeyCount() const { return m_layout.visibleKeys(); } // after the filter
    bool isRelayoutPending() const { return m_pending; }
    QList<QByteArray> keysWithoutMeta(const QModelIndexList &rows) const; // for lazy TTL/type/size
    void applyMeta(const QList<KeyMeta> &meta); // type Missing or ttl KeyMissing = remove key
    void removeKeys(const QList<QByteArray> &keys);
    QModelIndex indexForKey(const QByteArray &key, int column = KeyColumn) const;
    void resort(); // re-applies the last sort() (new keys come unsorted)
    int sortColumn() const { return m_sortColumn; }
    // Per-namespace counters of every loaded key (filter or not), kept up to date by
    // appendBatch / applyMeta / removeKeys at a few counter updates per key; TTLs are
    // bucketed as of the last clear().
    const NamespaceIndex &namespaces() const { return m_namespaces; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    // Re-layouts of stores up to this many keys run synchronously (a few ms); bigger ones
    // on a worker. Tests lower it to exercise the worker path.
    void setSyncLimit(quint32 keys) { m_syncLimit = keys; }
    quint32 syncLimit() const { return m_syncLimit; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    // After every filter, mode or separator change has been applied (at once or by the worker).
    void filterApplied(qint64 visibleKeys);

private:
    struct ItemRef
    {
        bool isNode = false;
        quint32 id = KeyLayout::NoNode;
    };

    ItemRef itemAt(const QModelIndex &index) const;
    QModelIndex indexOfNode(quint32 node, int column = 0) const;
    QModelIndex indexOfItem(const ItemRef &item, int column) const;

    void insertShown(quint32 firstId, quint32 endId);
    void removeIds(const std::vector<quint32> &ids);
    // Runs mutate() between layoutAboutToBeChanged and layoutChanged, moving persistent indexes.
    template <typename Mutate> void changeLayout(Mutate mutate, QAbstractItemModel::LayoutChangeHint hint);
    void relayout();
    qint64 namespaceTtl(std::int64_t expiry) const;
    void install(KeyLayout layout, quint32 snapshotSize, int sortColumn, Qt::SortOrder sortOrder);

    KeyStore m_store;
    BackendKind m_backend = BackendKind::Redis;
    KeyIdSet m_ids;
    KeyLayout m_layout;
    KeyMatcher m_matcher; // what m_layout was built with
    // requested settings; equal to m_layout's unless a re-layout is pending
    bool m_wantTree = true;
    QByteArray m_wantSeparator = QByteArrayLiteral(":");
    KeyMatcher m_wantMatcher;
    QString m_filterText;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;

    quint32 m_syncLimit = 20000;
    bool m_pending = false;
    std::shared_ptr<std::atomic<quint64>> m_generation = std::make_shared<std::atomic<quint64>>(0);
    std::vector<quint32> m_removedSincePending;
    quint64 m_sortGeneration = 0; // the latest sort() wins
    quint64 m_layoutEpoch = 0; // bumped when m_layout is replaced: a sort result for the old one is dropped
    QElapsedTimer m_clock;     // TTL deadlines are ms on this clock
    NamespaceIndex m_namespaces; // counters only, no per-key storage
    qint64 m_namespaceEpoch = 0; // m_clock time the namespace TTL buckets refer to
};

} // namespace cachescope

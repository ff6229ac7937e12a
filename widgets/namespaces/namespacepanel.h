#pragma once
// The Namespaces tab beside the key list: Django KEY_PREFIX -> VERSION -> keys, size and
// TTL spread, and a bar chart of the largest namespaces, so an operator sees at once that
// shop:3:* still holds 400k keys while the site reads version 4.
//
// Fed by no one: it reads the NamespaceIndex the key model keeps while keys stream in
// (KeyTreeModel::namespaces()), polling its revision on a 250 ms timer and redrawing only
// when it moved and only while visible. Sizes and TTLs count the keys whose metadata the
// key list has read. Double-clicking a namespace asks for the key list filtered to it; its
// context menu asks for an invalidation of the namespace, the prefix or older versions.

#include "ops/invalidationplanner.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTreeView;

namespace cachescope {

class NamespaceChart;
class NamespaceIndex;
class NamespaceModel;

class NamespacePanel : public QWidget
{
    Q_OBJECT
public:
    explicit NamespacePanel(QWidget *parent = nullptr);

    void setIndex(const NamespaceIndex *index);
    // Re-reads the index now (the timer does this on its own).
    void refresh();

    NamespaceModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    NamespaceChart *chart() const { return m_chart; }
    QString summaryText() const;

Q_SIGNALS:
    // A glob for the key filter, e.g. "shop:3:*".
    void namespaceActivated(const QString &pattern);
    // From the context menu: invalidate a namespace, a prefix, or the versions older than one.
    void invalidateRequested(const cachescope::InvalidationTarget &target);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void showContextMenu(const QPoint &pos);

    const NamespaceIndex *m_index = nullptr;
    quint64 m_drawnRevision = ~quint64(0);
    QTimer m_timer;
    NamespaceModel *m_model = nullptr;
    QSortFilterProxyModel *m_sorted = nullptr;
    QTreeView *m_view = nullptr;
    NamespaceChart *m_chart = nullptr;
    QComboBox *m_chartMode = nullptr;
    QLabel *m_summary = nullptr;
};

} // namespace cachescope

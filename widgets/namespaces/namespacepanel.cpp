#include "namespacepanel.h"

#include "codec/namespaceindex.h"
#include "common/format.h"
#include "invalidation/invalidationmenu.h"
#include "namespacechart.h"
#include "namespacemodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTreeView>

namespace cachescope {

namespace {

constexpr int RefreshMs = 250;

} // namespace

NamespacePanel::NamespacePanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("namespacePanel"));
    m_model = new NamespaceModel(this);
    m_sorted = new QSortFilterProxyModel(this);
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(NamespaceModel::SortRole);
    m_sorted->setDynamicSortFilter(true);

    m_view = new QTreeView;
    m_view->setObjectName(QStringLiteral("namespaceView"));
    m_view->setModel(m_sorted);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(NamespaceModel::KeysColumn, Qt::DescendingOrder);
    m_view->setToolTip(tr("Double-click a namespace to filter the key list to it; right-click to invalidate it"));
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, &NamespacePanel::showContextMenu);
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(NamespaceModel::NamespaceColumn, QHeaderView::Stretch);
    // A few hundred rows at most: sizing the counters to their contents is cheap.
    for (int c = NamespaceModel::KeysColumn; c < NamespaceModel::ColumnCount; ++c)
        header->setSectionResizeMode(c, QHeaderView::ResizeToContents);

    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("namespaceSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setToolTip(tr("Size and TTL columns count the keys whose details the key list has read "
                             "(the rows it has shown)"));
    m_chartMode = new QComboBox;
    m_chartMode->setObjectName(QStringLiteral("chartMode"));
    m_chartMode->addItem(tr("Largest by keys"));
    m_chartMode->addItem(tr("Largest by size"));
    m_chart = new NamespaceChart;

    auto *top = new QHBoxLayout;
    top->setContentsMargins(4, 0, 4, 0);
    top->addWidget(m_summary, 1);
    top->addWidget(m_chartMode);

    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_view);
    split->addWidget(m_chart);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 4);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    m_timer.setInterval(RefreshMs);
    connect(&m_timer, &QTimer::timeout, this, &NamespacePanel::refresh);
    connect(m_chartMode, &QComboBox::currentIndexChanged, this, [this](int mode) {
        m_chart->setByBytes(mode == 1);
        m_drawnRevision = ~quint64(0);
        refresh();
    });
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        const QString pattern = index.siblingAtColumn(0).data(NamespaceModel::PatternRole).toString();
        if (!pattern.isEmpty())
            Q_EMIT namespaceActivated(pattern);
    });
    // New Django prefixes open to show their versions: the point of the panel.
    connect(m_sorted, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &parent, int first, int last) {
                if (parent.isValid())
                    return;
                for (int r = first; r <= last; ++r)
                    m_view->expand(m_sorted->index(r, 0));
            });
    refresh();
}

void NamespacePanel::setIndex(const NamespaceIndex *index)
{
    m_index = index;
    m_model->setIndex(index);
    m_drawnRevision = ~quint64(0);
    if (index)
        m_timer.start();
    else
        m_timer.stop();
    refresh();
}

QString NamespacePanel::summaryText() const
{
    return m_summary->text();
}

void NamespacePanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_drawnRevision = ~quint64(0);
    refresh();
}

void NamespacePanel::refresh()
{
    if (!m_index) {
        m_summary->setText(tr("Not connected"));
        return;
    }
    m_model->sync(); // cheap when nothing moved; keeps the table current while hidden
    if (!isVisible() || m_index->revision() == m_drawnRevision)
        return;
    m_drawnRevision = m_index->revision();
    const NamespaceStats &t = m_index->total();
    qint64 groups = 0;
    for (const NamespacePrefix &p : m_index->prefixes())
        groups += qint64(p.versions.size());
    QString text = tr("%1 keys in %2 namespaces").arg(formatCount(t.keys), formatCount(groups));
    if (t.sizedKeys > 0)
        text += tr(" · size read for %1 keys: %2").arg(formatCount(t.sizedKeys), formatBytes(t.bytes));
    m_summary->setText(text);
    m_chart->update(*m_index);
}

void NamespacePanel::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos).siblingAtColumn(0);
    if (!index.isValid() || !index.data(NamespaceModel::InvalidatableRole).toBool())
        return;
    QMenu menu(this);
    const bool versionRow = index.parent().isValid();
    addNamespaceInvalidationActions(&menu, index.data(NamespaceModel::PrefixRole).toByteArray(),
                                    index.data(NamespaceModel::VersionRole).toInt(),
                                    versionRow && index.data(NamespaceModel::VersionRole).toInt() != NamespaceIndex::NoVersion,
                                    [this](const InvalidationTarget &target) { Q_EMIT invalidateRequested(target); });
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

} // namespace cachescope

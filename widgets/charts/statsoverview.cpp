#include "statsoverview.h"

#include "sparklinedelegate.h"
#include "statsoverviewmodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace cachescope {

namespace {

constexpr int RefreshMs = 1000;

} // namespace

StatsOverview::StatsOverview(StatsHub *hub, QWidget *parent)
    : QWidget(parent), m_model(new StatsOverviewModel(hub, this)), m_view(new QTableView), m_hint(new QLabel)
{
    setObjectName(QStringLiteral("statsOverview"));
    m_view->setObjectName(QStringLiteral("statsOverviewTable"));
    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(StatsOverviewModel::RatioColumn, new SparklineDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() * 2 + 8);
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(false);
    header->resizeSection(StatsOverviewModel::NameColumn, 200);
    header->resizeSection(StatsOverviewModel::StatusColumn, 160);
    header->resizeSection(StatsOverviewModel::RatioColumn, 280);
    header->resizeSection(StatsOverviewModel::OpsColumn, 90);
    header->resizeSection(StatsOverviewModel::MemoryColumn, 210);
    header->resizeSection(StatsOverviewModel::EvictionsColumn, 90);
    // The spare width goes to the connection names, not to a one-word status ("ok").
    header->setSectionResizeMode(StatsOverviewModel::NameColumn, QHeaderView::Stretch);
    m_view->setToolTip(tr("Double-click a connection to show its charts"));

    m_hint->setObjectName(QStringLiteral("statsOverviewHint"));
    m_hint->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    layout->addWidget(m_hint);
    layout->addWidget(m_view, 1);

    m_tick.setInterval(RefreshMs);
    connect(&m_tick, &QTimer::timeout, this, &StatsOverview::refreshNow);
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        if (ConnectionSession *s = m_model->sessionAt(index.row()))
            Q_EMIT connectionActivated(s);
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &StatsOverview::updateHint);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &StatsOverview::updateHint);
    updateHint();
}

void StatsOverview::setThreshold(double percent)
{
    m_model->setThreshold(percent);
}

void StatsOverview::setCurrent(const ConnectionSession *session)
{
    m_model->setCurrent(session);
}

void StatsOverview::refreshNow()
{
    m_model->refresh();
    ++m_refreshes;
}

void StatsOverview::updateHint()
{
    const int n = m_model->rowCount();
    m_hint->setText(n == 0 ? tr("No open connection. Every connection you open is sampled and compared here.")
                           : tr("%n open connection(s), sampled side by side; values are the latest sample, "
                                "the sparkline the last 5 minutes.",
                                nullptr, n));
}

void StatsOverview::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refreshNow();
    m_tick.start();
}

void StatsOverview::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_tick.stop();
}

} // namespace cachescope

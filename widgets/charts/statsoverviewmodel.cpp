#include "statsoverviewmodel.h"

#include "common/format.h"
#include "ops/statsmonitor.h"
#include "session/connectionsession.h"
#include "statshub.h"

#include <QFont>

#include <cmath>

namespace cachescope {

namespace {

QString rate(double v)
{
    if (!std::isfinite(v))
        return QStringLiteral("–");
    return v >= 100 ? QString::number(v, 'f', 0) : QString::number(v, 'f', 1);
}

} // namespace

StatsOverviewModel::StatsOverviewModel(StatsHub *hub, QObject *parent) : QAbstractTableModel(parent), m_hub(hub)
{
    const QList<ConnectionSession *> sessions = hub->sessions();
    for (ConnectionSession *s : sessions)
        addRow(s, hub->monitor(s));
    connect(hub, &StatsHub::monitorAdded, this, &StatsOverviewModel::addRow);
    connect(hub, &StatsHub::monitorRemoved, this, &StatsOverviewModel::removeRow);
}

int StatsOverviewModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StatsOverviewModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StatsOverviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Connection");
    case StatusColumn:
        return tr("Status");
    case RatioColumn:
        return tr("Hit ratio (5 min)");
    case OpsColumn:
        return tr("Ops/s");
    case MemoryColumn:
        return tr("Memory used / max");
    case EvictionsColumn:
        return tr("Evictions/s");
    }
    return {};
}

QVariant StatsOverviewModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    if (role == AlertRole)
        return row.alert;
    switch (index.column()) {
    case NameColumn:
        if (role == Qt::DisplayRole)
            return row.name;
        if (role == Qt::FontRole && row.session == m_current) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        if (role == Qt::ToolTipRole && row.session)
            return row.session->connection().spec.toUrl(false);
        break;
    case StatusColumn:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return row.status;
        break;
    case RatioColumn:
        if (role == Qt::DisplayRole)
        {
            if (!std::isfinite(row.ratio))
                return tr("no lookups");
            const QString value = QStringLiteral("%1%").arg(row.ratio, 0, 'f', 1);
            return row.estimated ? tr("%1 (est.)").arg(value) : value;
        }
        if (role == Qt::ToolTipRole)
            return tr("Hit ratio of the latest interval with lookups; the line shows the last 5 minutes, the "
                      "dashed line the threshold (%1%)")
                .arg(m_threshold);
        if (role == SparklineRole)
            return QVariant::fromValue(row.ratios);
        if (role == ThresholdRole)
            return m_threshold;
        if (role == ValueRole)
            return row.ratio;
        break;
    case OpsColumn:
        if (role == Qt::DisplayRole)
            return rate(row.ops);
        if (role == ValueRole)
            return row.ops;
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case MemoryColumn:
        if (role == Qt::DisplayRole)
            return memoryText(row);
        if (role == ValueRole)
            return row.memoryUsed;
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case EvictionsColumn:
        if (role == Qt::DisplayRole)
            return rate(row.evictions);
        if (role == ValueRole)
            return row.evictions;
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    }
    return {};
}

QString StatsOverviewModel::memoryText(const Row &row) const
{
    if (!std::isfinite(row.memoryUsed))
        return QStringLiteral("–");
    const QString used = formatBytes(qint64(row.memoryUsed));
    if (row.table)
        return tr("%1 on disk").arg(used);
    if (!std::isfinite(row.memoryMax) || row.memoryMax <= 0)
        return tr("%1 (no limit)").arg(used);
    return tr("%1 / %2 (%3%)")
        .arg(used, formatBytes(qint64(row.memoryMax)))
        .arg(100.0 * row.memoryUsed / row.memoryMax, 0, 'f', 0);
}

void StatsOverviewModel::setThreshold(double percent)
{
    m_threshold = percent;
    refresh();
}

void StatsOverviewModel::setCurrent(const ConnectionSession *session)
{
    m_current = session;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, NameColumn), index(rowCount() - 1, NameColumn), {Qt::FontRole});
}

ConnectionSession *StatsOverviewModel::sessionAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).session : nullptr;
}

int StatsOverviewModel::rowOf(const ConnectionSession *session) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).session == session)
            return i;
    }
    return -1;
}

void StatsOverviewModel::addRow(ConnectionSession *session, StatsMonitor *monitor)
{
    if (!session || !monitor || rowOf(session) >= 0)
        return;
    Row row;
    row.session = session;
    row.monitor = monitor;
    read(row);
    beginInsertRows({}, rowCount(), rowCount());
    m_rows.append(row);
    endInsertRows();
}

void StatsOverviewModel::removeRow(ConnectionSession *session)
{
    const int i = rowOf(session);
    if (i < 0)
        return;
    beginRemoveRows({}, i, i);
    m_rows.removeAt(i);
    endRemoveRows();
}

void StatsOverviewModel::refresh()
{
    for (Row &row : m_rows)
        read(row);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

// Called while the session is alive: the hub removes the row before the session goes.
void StatsOverviewModel::read(Row &row) const
{
    const ConnectionSession *s = row.session;
    const StatsHistory &h = row.monitor->history();
    row.name = s->connection().title();
    row.ratios.clear();
    row.ratio = row.ops = row.memoryUsed = row.memoryMax = row.evictions = StatsGap;
    row.alert = false;
    row.table = h.isCacheTable();
    row.estimated = h.isEstimated();

    if (!h.series().isEmpty()) {
        const RingBuffer<StatsPoint> &points = h.points(0, 0); // the aggregate, every sample
        row.ratios.reserve(points.size());
        for (qsizetype i = 0; i < points.size(); ++i)
            row.ratios.append(points.at(i).value(StatsMetric::HitRatio));
        if (!points.isEmpty()) {
            const StatsPoint &last = points.back();
            row.ops = last.value(StatsMetric::OpsPerSec);
            row.memoryUsed = last.value(StatsMetric::MemoryUsed);
            row.memoryMax = last.value(StatsMetric::MemoryMax);
            row.evictions = last.value(StatsMetric::EvictionsPerSec);
        }
        // The latest interval that had lookups: an idle second would otherwise blank the
        // figure the operator is comparing.
        for (qsizetype i = row.ratios.size() - 1; i >= 0 && !std::isfinite(row.ratio); --i)
            row.ratio = row.ratios.at(i);
    }

    const QString error = h.series().isEmpty() ? QString() : h.currentError(0);
    switch (s->state()) {
    case ConnectionSession::State::Idle:
    case ConnectionSession::State::Connecting:
        row.status = tr("connecting…");
        break;
    case ConnectionSession::State::Failed:
        row.status = tr("failed: %1").arg(s->lastError().message);
        row.alert = true;
        break;
    case ConnectionSession::State::Connected:
        if (!error.isEmpty()) {
            row.status = tr("unreachable: %1").arg(error);
            row.alert = true;
        } else if (h.sampleCount() == 0) {
            row.status = tr("waiting for the first sample");
        } else {
            row.status = tr("ok");
            int down = 0;
            for (int i = 1; i < h.series().size(); ++i)
                down += h.currentError(i).isEmpty() ? 0 : 1;
            if (h.series().size() > 2)
                row.status = down > 0 ? tr("%1 of %2 servers down").arg(down).arg(h.series().size() - 1)
                                      : tr("ok, %1 servers").arg(h.series().size() - 1);
            row.alert = down > 0;
        }
        break;
    }
    if (std::isfinite(row.ratio) && row.ratio < m_threshold)
        row.alert = true;
}

} // namespace cachescope

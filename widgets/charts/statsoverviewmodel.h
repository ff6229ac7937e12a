#pragma once
// The statistics overview: one row per open connection, side by side, read from each
// connection's StatsMonitor in a StatsHub:
//   Connection | Status | Hit ratio (last 5 min: sparkline + the latest interval with
//   lookups) | Ops/s |
//   Memory used / max | Evictions/s
// Values are the connection's aggregate (all servers of a pool) at its latest sample.
//
// The model does not listen to samples: refresh() re-reads every monitor and emits one
// dataChanged over the whole table; StatsOverview calls it on a timer while visible.
// Rows follow the hub (inserted on monitorAdded, removed on monitorRemoved).

#include <QAbstractTableModel>
#include <QList>

namespace cachescope {

class ConnectionSession;
class StatsHub;
class StatsMonitor;

class StatsOverviewModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        StatusColumn,
        RatioColumn,
        OpsColumn,
        MemoryColumn,
        EvictionsColumn,
        ColumnCount
    };
    enum Role
    {
        // RatioColumn: QList<double> of the hit ratio over the last 5 minutes (NaN = gap).
        SparklineRole = Qt::UserRole + 1,
        // RatioColumn: the threshold in percent; others: the raw value (double, NaN = none).
        ThresholdRole,
        ValueRole,
        // Any column: true when the row is in trouble (unreachable, failed, under threshold).
        AlertRole,
    };

    explicit StatsOverviewModel(StatsHub *hub, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setThreshold(double percent);
    double threshold() const { return m_threshold; }
    // The connection the dashboard shows: its name is bold.
    void setCurrent(const ConnectionSession *session);
    ConnectionSession *sessionAt(int row) const;
    int rowOf(const ConnectionSession *session) const;
    void refresh();

private:
    struct Row
    {
        ConnectionSession *session = nullptr;
        StatsMonitor *monitor = nullptr;
        QString name;
        QString status;
        bool alert = false;
        bool table = false;     // a database cache table: size on disk, no limit
        bool estimated = false; // its hits and misses are estimates
        QList<double> ratios;
        double ratio;
        double ops;
        double memoryUsed;
        double memoryMax;
        double evictions;
    };
    void addRow(ConnectionSession *session, StatsMonitor *monitor);
    void removeRow(ConnectionSession *session);
    void read(Row &row) const;
    QString memoryText(const Row &row) const;

    StatsHub *m_hub;
    QList<Row> m_rows;
    double m_threshold = 80.0;
    const ConnectionSession *m_current = nullptr;
};

} // namespace cachescope

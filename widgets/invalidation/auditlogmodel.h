#pragma once
// The audit log as a table, newest first: time (local), user, connection, operation,
// target, preview count, affected, outcome, duration. The full entry of a row is at
// EntryRole's row() index into entries(). CSV and JSON-lines export of any subset of rows.

#include "ops/auditlog.h"

#include <QAbstractTableModel>

namespace cachescope {

class AuditLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TimeColumn,
        UserColumn,
        ConnectionColumn,
        OperationColumn,
        TargetColumn,
        PreviewColumn,
        AffectedColumn,
        OutcomeColumn,
        DurationColumn,
        ColumnCount
    };
    static constexpr int FilterRole = Qt::UserRole + 1; // every field of the entry, one string

    explicit AuditLogModel(QObject *parent = nullptr);

    // Entries oldest first, as AuditLog::readAll gives them; shown newest first.
    void setEntries(QList<AuditEntry> entries);
    const AuditEntry &entryAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // RFC 4180 CSV with a header row (UTC ISO times, raw numbers), one line per entry.
    static QByteArray toCsv(const QList<AuditEntry> &entries);
    // The audit file's own format: one JSON object per line.
    static QByteArray toJsonLines(const QList<AuditEntry> &entries);

private:
    QList<AuditEntry> m_entries; // newest first
};

} // namespace cachescope

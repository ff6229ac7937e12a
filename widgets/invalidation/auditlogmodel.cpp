#include "auditlogmodel.h"

#include "common/format.h"

#include <QJsonDocument>

#include <algorithm>

namespace cachescope {

namespace {

QByteArray csvField(const QString &text)
{
    QByteArray out = text.toUtf8();
    if (out.contains(',') || out.contains('"') || out.contains('\n') || out.contains('\r')) {
        out.replace('"', "\"\"");
        out = '"' + out + '"';
    }
    return out;
}

} // namespace

AuditLogModel::AuditLogModel(QObject *parent) : QAbstractTableModel(parent) {}

void AuditLogModel::setEntries(QList<AuditEntry> entries)
{
    beginResetModel();
    std::reverse(entries.begin(), entries.end());
    m_entries = std::move(entries);
    endResetModel();
}

const AuditEntry &AuditLogModel::entryAt(int row) const
{
    return m_entries.at(row);
}

int AuditLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const AuditEntry &e = m_entries.at(index.row());
    if (role == FilterRole) {
        return QStringList({e.time.toLocalTime().toString(Qt::ISODate), e.osUser, e.host, e.tool, e.connectionName,
                            e.url, e.operation, e.target, e.patterns.join(u' '), e.outcome, e.error})
            .join(u'\n');
    }
    if (role == Qt::TextAlignmentRole && index.column() >= PreviewColumn && index.column() != OutcomeColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        QStringList lines;
        lines << tr("%1 on %2 via %3").arg(e.osUser, e.host, e.tool) << e.url;
        if (!e.patterns.isEmpty())
            lines << tr("patterns: %1").arg(e.patterns.join(QStringLiteral(", ")));
        if (!e.error.isEmpty())
            lines << tr("error: %1").arg(e.error);
        return lines.join(u'\n');
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return e.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case UserColumn:
        return e.osUser;
    case ConnectionColumn:
        return e.connectionName.isEmpty() ? e.url : e.connectionName;
    case OperationColumn:
        return e.tool == QStringLiteral("gui") ? e.operation : tr("%1 (%2)").arg(e.operation, e.tool);
    case TargetColumn:
        return e.target;
    case PreviewColumn:
        return e.previewCount >= 0 ? formatCount(e.previewCount) : QString();
    case AffectedColumn:
        return formatCount(e.affectedCount);
    case OutcomeColumn:
        return e.error.isEmpty() ? e.outcome : tr("%1: %2").arg(e.outcome, e.error);
    case DurationColumn:
        return formatMs(double(e.durationMs));
    default:
        return {};
    }
}

QVariant AuditLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case UserColumn:
        return tr("User");
    case ConnectionColumn:
        return tr("Connection");
    case OperationColumn:
        return tr("Operation");
    case TargetColumn:
        return tr("Target");
    case PreviewColumn:
        return tr("Previewed");
    case AffectedColumn:
        return tr("Affected");
    case OutcomeColumn:
        return tr("Outcome");
    case DurationColumn:
        return tr("Duration");
    default:
        return {};
    }
}

QByteArray AuditLogModel::toCsv(const QList<AuditEntry> &entries)
{
    QByteArray out = "time,user,host,tool,connection,url,operation,target,patterns,preview_count,affected_count,"
                     "duration_ms,outcome,error\r\n";
    for (const AuditEntry &e : entries) {
        const QStringList fields = {e.time.toUTC().toString(Qt::ISODateWithMs),
                                    e.osUser,
                                    e.host,
                                    e.tool,
                                    e.connectionName,
                                    e.url,
                                    e.operation,
                                    e.target,
                                    e.patterns.join(u' '),
                                    QString::number(e.previewCount),
                                    QString::number(e.affectedCount),
                                    QString::number(e.durationMs),
                                    e.outcome,
                                    e.error};
        QList<QByteArray> cells;
        for (const QString &f : fields)
            cells.append(csvField(f));
        out += cells.join(',') + "\r\n";
    }
    return out;
}

QByteArray AuditLogModel::toJsonLines(const QList<AuditEntry> &entries)
{
    QByteArray out;
    for (const AuditEntry &e : entries)
        out += QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact) + '\n';
    return out;
}

} // namespace cachescope

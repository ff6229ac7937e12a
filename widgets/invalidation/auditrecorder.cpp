#include "auditrecorder.h"

#include "core/keyescape.h"
#include "settings/savedconnection.h"

#include <QCoreApplication>

namespace cachescope {

AuditEntry guiAuditEntry(const SavedConnection &connection, const QString &operation, const QString &target)
{
    AuditEntry entry = AuditEntry::now(QStringLiteral("gui"));
    entry.connectionName = connection.name;
    entry.url = connection.spec.toUrl(/*withPassword=*/false);
    entry.operation = operation;
    entry.target = target;
    return entry;
}

QString describeKeysTarget(const QList<QByteArray> &keys)
{
    if (keys.size() == 1)
        return QCoreApplication::translate("cachescope::AuditRecorder", "key %1").arg(escapeKey(keys.constFirst()));
    return QCoreApplication::translate("cachescope::AuditRecorder", "%1 keys").arg(keys.size());
}

QString recordGuiWrite(const SavedConnection &connection, const GuiWrite &write)
{
    AuditEntry entry = guiAuditEntry(connection, write.operation, write.target);
    entry.affectedCount = write.affected;
    entry.durationMs = write.durationMs;
    entry.outcome = write.outcome;
    entry.error = write.error;
    entry.sampleKeys = write.sample.mid(0, 20);
    return appendGuiAudit(entry);
}

QString appendGuiAudit(const AuditEntry &entry)
{
    const AuditLog log;
    if (const auto error = log.append(entry))
        return QCoreApplication::translate("cachescope::AuditRecorder",
                                           "The %1 was done but not written to the audit log (%2): %3")
            .arg(entry.operation, log.path(), error->message);
    return {};
}

} // namespace cachescope

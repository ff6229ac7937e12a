#pragma once
// The GUI's side of the audit trail (connectors/ops/auditlog.h): every write the operator
// makes from a window — a key delete, a TTL edit, remove expired, an invalidation job —
// becomes one AuditEntry with tool "gui", the saved connection's name and its URL without
// the password. Appending is a single small local file write, done on the GUI thread (no
// socket or SQL is involved); a failure is returned as text for the operator, because the
// write itself already happened and only its record is missing.

#include "ops/auditlog.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace cachescope {

struct SavedConnection;

// time, OS user, host, tool "gui", connection name and password-free URL filled in.
AuditEntry guiAuditEntry(const SavedConnection &connection, const QString &operation, const QString &target);

// One write outside an invalidation job: a key delete, a TTL change, remove expired.
struct GuiWrite
{
    QString operation; // "delete", "set-ttl", "remove-expired"
    QString target;    // "key shop:1:x", "3 keys", "expired rows"
    qint64 affected = 0;
    qint64 durationMs = 0;
    QString outcome = QStringLiteral("completed");
    QString error;
    QList<QByteArray> sample; // at most 20 are kept
};
// "key shop:1:x" (escaped) or "3 keys": the target of a delete in the audit log.
QString describeKeysTarget(const QList<QByteArray> &keys);
// Builds and appends the entry; the result is appendGuiAudit's.
QString recordGuiWrite(const SavedConnection &connection, const GuiWrite &write);

// Appends to AuditLog::defaultPath(). Empty on success; else "… was not written to the
// audit log (path): reason".
QString appendGuiAudit(const AuditEntry &entry);

} // namespace cachescope

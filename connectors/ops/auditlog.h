#pragma once
// The audit trail: every write an operator makes (delete, invalidation, TTL change,
// version bump, remove expired) from the GUI or the CLI appends one JSON object per line
// to one file both share, so "who deleted what at 03:12" has an answer.
//
// Location: $CACHESCOPE_DATA_DIR/audit.jsonl when that is set (tests, portable installs),
// else QStandardPaths::GenericDataLocation + "/CacheScope/audit.jsonl" (the same file for
// the GUI and the CLI, whose application names differ). Appends are single write() calls
// of a whole line on a file opened in append mode, so two processes do not interleave
// within a line. Secrets never reach it: URLs are stored through ConnectionSpec::toUrl().

#include "core/error.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace cachescope {

struct AuditEntry
{
    QDateTime time;         // UTC, written ISO 8601 with milliseconds
    QString osUser;         // from the environment (USER / USERNAME)
    QString host;           // QSysInfo::machineHostName()
    QString tool;           // "gui" or "cli"
    QString connectionName; // the saved connection's name; empty for a bare URL
    QString url;            // without password
    QString operation;      // "delete", "expire", "bump", "set-ttl", "remove-expired", ...
    QString target;         // describeTarget(): "namespace shop:3", "3 keys", ...
    QStringList patterns;   // the globs the job ran, if any
    qint64 previewCount = -1;  // what the preview counted; -1 = no preview
    qint64 affectedCount = 0;
    qint64 durationMs = 0;
    QString outcome;        // "completed", "cancelled", "failed", "refused"
    QString error;          // the message when not completed
    QList<QByteArray> sampleKeys; // at most 20, written escaped as keyescape does

    QJsonObject toJson() const;
    static std::optional<AuditEntry> fromJson(const QJsonObject &object);
    // Fills time, osUser and host for an entry about to be written now.
    static AuditEntry now(const QString &tool);
};

class AuditLog
{
public:
    explicit AuditLog(QString path = defaultPath());
    static QString defaultPath();
    const QString &path() const { return m_path; }

    // Creates the directory on first use. An error (disk full, read-only home) is returned,
    // never swallowed: the caller tells the operator the write happened but was not logged.
    std::optional<Error> append(const AuditEntry &entry) const;
    // Every readable entry, oldest first; lines that do not parse are skipped and counted.
    QList<AuditEntry> readAll(int *skippedLines = nullptr) const;

private:
    QString m_path;
};

} // namespace cachescope

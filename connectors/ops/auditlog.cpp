#include "auditlog.h"

#include "core/keyescape.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QSysInfo>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

namespace cachescope {

namespace {

constexpr int MaxSampleKeys = 20;

// Whatever sits between "scheme://user:" and "@" goes, whether or not the caller already
// used ConnectionSpec::toUrl(): the log must never hold a password, even by mistake.
QString withoutPassword(const QString &url)
{
    const qsizetype schemeEnd = url.indexOf(u"://");
    if (schemeEnd < 0)
        return url;
    const qsizetype start = schemeEnd + 3;
    qsizetype end = url.size();
    for (const QChar c : {u'/', u'?', u'#'}) {
        const qsizetype at = url.indexOf(c, start);
        if (at >= 0 && at < end)
            end = at;
    }
    const qsizetype at = url.lastIndexOf(u'@', end - 1);
    if (at < start)
        return url;
    const qsizetype colon = url.indexOf(u':', start);
    if (colon < 0 || colon > at)
        return url;
    // "redis://:pw@host": no user left, so no "@" either.
    return colon == start ? url.first(start) + url.sliced(at + 1) : url.first(colon) + url.sliced(at);
}

// USER / USERNAME, else (a service or container without them) the account's name.
QString osUserName()
{
    for (const char *name : {"USER", "USERNAME", "LOGNAME"}) {
        const QString value = qEnvironmentVariable(name);
        if (!value.isEmpty())
            return value;
    }
#ifdef Q_OS_UNIX
    if (const passwd *pw = ::getpwuid(::geteuid()); pw && pw->pw_name)
        return QString::fromLocal8Bit(pw->pw_name);
#endif
    return QString();
}

QJsonValue countOrNull(qint64 n)
{
    return n < 0 ? QJsonValue() : QJsonValue(double(n));
}

} // namespace

QJsonObject AuditEntry::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("time"), time.toUTC().toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("user"), osUser);
    o.insert(QStringLiteral("host"), host);
    o.insert(QStringLiteral("tool"), tool);
    o.insert(QStringLiteral("connection"), connectionName);
    o.insert(QStringLiteral("url"), withoutPassword(url));
    o.insert(QStringLiteral("operation"), operation);
    o.insert(QStringLiteral("target"), target);
    o.insert(QStringLiteral("patterns"), QJsonArray::fromStringList(patterns));
    o.insert(QStringLiteral("preview_count"), countOrNull(previewCount));
    o.insert(QStringLiteral("affected_count"), double(affectedCount));
    o.insert(QStringLiteral("duration_ms"), double(durationMs));
    o.insert(QStringLiteral("outcome"), outcome);
    if (!error.isEmpty())
        o.insert(QStringLiteral("error"), error);
    QJsonArray sample;
    for (qsizetype i = 0; i < sampleKeys.size() && i < MaxSampleKeys; ++i)
        sample.append(escapeKey(sampleKeys.at(i)));
    o.insert(QStringLiteral("sample"), sample);
    return o;
}

std::optional<AuditEntry> AuditEntry::fromJson(const QJsonObject &object)
{
    const auto text = [&](const char *name) { return object.value(QLatin1StringView(name)).toString(); };
    AuditEntry e;
    e.time = QDateTime::fromString(text("time"), Qt::ISODateWithMs);
    e.operation = text("operation");
    e.outcome = text("outcome");
    // A line without these three is not an audit entry, whatever else it holds.
    if (!e.time.isValid() || e.operation.isEmpty() || e.outcome.isEmpty())
        return std::nullopt;
    e.time = e.time.toUTC();
    e.osUser = text("user");
    e.host = text("host");
    e.tool = text("tool");
    e.connectionName = text("connection");
    e.url = text("url");
    e.target = text("target");
    const QJsonArray patterns = object.value(QStringLiteral("patterns")).toArray();
    for (const QJsonValue &p : patterns)
        e.patterns.append(p.toString());
    const QJsonValue preview = object.value(QStringLiteral("preview_count"));
    e.previewCount = preview.isDouble() ? qint64(preview.toDouble()) : -1;
    e.affectedCount = qint64(object.value(QStringLiteral("affected_count")).toDouble());
    e.durationMs = qint64(object.value(QStringLiteral("duration_ms")).toDouble());
    e.error = text("error");
    const QJsonArray sample = object.value(QStringLiteral("sample")).toArray();
    for (const QJsonValue &k : sample) {
        auto key = unescapeKey(k.toString());
        if (key)
            e.sampleKeys.append(std::move(key).value());
    }
    return e;
}

AuditEntry AuditEntry::now(const QString &tool)
{
    AuditEntry e;
    e.time = QDateTime::currentDateTimeUtc();
    e.osUser = osUserName();
    e.host = QSysInfo::machineHostName();
    e.tool = tool;
    return e;
}

AuditLog::AuditLog(QString path) : m_path(std::move(path)) {}

QString AuditLog::defaultPath()
{
    const QString dataDir = qEnvironmentVariable("CACHESCOPE_DATA_DIR");
    if (!dataDir.isEmpty())
        return QDir(dataDir).filePath(QStringLiteral("audit.jsonl"));
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/CacheScope/audit.jsonl");
}

std::optional<Error> AuditLog::append(const AuditEntry &entry) const
{
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(dir))
        return Error::make(ErrorKind::Internal,
                           QStringLiteral("cannot create the audit log folder %1").arg(dir));
    QByteArray line = QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact);
    line.append('\n');
    // O_APPEND and no buffering: the whole line goes out in one write(), after whatever
    // another process appended meanwhile.
    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        return Error::make(
            ErrorKind::Internal,
            QStringLiteral("cannot open the audit log %1: %2").arg(m_path, file.errorString()));
    if (file.write(line) != line.size())
        return Error::make(
            ErrorKind::Internal,
            QStringLiteral("cannot write the audit log %1: %2").arg(m_path, file.errorString()));
    return std::nullopt;
}

QList<AuditEntry> AuditLog::readAll(int *skippedLines) const
{
    QList<AuditEntry> entries;
    int skipped = 0;
    QFile file(m_path);
    if (file.open(QIODevice::ReadOnly)) {
        while (!file.atEnd()) {
            const QByteArray line = file.readLine().trimmed();
            if (line.isEmpty())
                continue;
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
            std::optional<AuditEntry> entry;
            if (error.error == QJsonParseError::NoError && doc.isObject())
                entry = AuditEntry::fromJson(doc.object());
            if (entry)
                entries.append(std::move(*entry));
            else
                ++skipped;
        }
    }
    if (skippedLines)
        *skippedLines = skipped;
    return entries;
}

} // namespace cachescope

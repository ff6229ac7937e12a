#include "appsettings.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>

namespace cachescope {

AppSettings::AppSettings(QString directory) : m_dir(directory.isEmpty() ? configDir() : std::move(directory)) {}

QString AppSettings::configDir()
{
    const QString overridden = qEnvironmentVariable("CACHESCOPE_CONFIG_DIR");
    if (!overridden.isEmpty())
        return overridden;
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
}

QString AppSettings::connectionsFile() const
{
    return QDir(m_dir).filePath(QStringLiteral("connections.json"));
}

Expected<QList<SavedConnection>> AppSettings::loadConnections(QStringList *warnings) const
{
    QList<SavedConnection> result;
    QFile file(connectionsFile());
    if (!file.exists())
        return result;
    if (!file.open(QIODevice::ReadOnly))
        return Error::make(ErrorKind::Internal, QStringLiteral("Cannot read %1: %2. Check the file's permissions.")
                                                    .arg(file.fileName(), file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (doc.isNull())
        return Error::make(ErrorKind::Usage, QStringLiteral("%1 is not valid JSON (%2 at byte %3); fix or remove it.")
                                                 .arg(file.fileName(), parseError.errorString())
                                                 .arg(parseError.offset));
    const QJsonArray list = doc.object().value(u"connections").toArray();
    for (const QJsonValue &v : list) {
        auto c = SavedConnection::fromJson(v.toObject());
        if (c)
            result.append(*c);
        else if (warnings)
            warnings->append(c.error().message);
    }
    return result;
}

Expected<bool> AppSettings::saveConnections(const QList<SavedConnection> &connections) const
{
    if (!QDir().mkpath(m_dir))
        return Error::make(ErrorKind::Internal, QStringLiteral("Cannot create the settings folder %1.").arg(m_dir));
    QJsonArray list;
    for (const SavedConnection &c : connections)
        list.append(c.toJson());
    QJsonObject root;
    root.insert(u"version", 1);
    root.insert(u"connections", list);
    QSaveFile file(connectionsFile());
    if (!file.open(QIODevice::WriteOnly))
        return Error::make(ErrorKind::Internal, QStringLiteral("Cannot write %1: %2")
                                                    .arg(file.fileName(), file.errorString()));
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return Error::make(ErrorKind::Internal, QStringLiteral("Cannot save %1: %2 (is the disk full?)")
                                                    .arg(file.fileName(), file.errorString()));
    return true;
}

QString AppSettings::lastConnectionId() const
{
    return uiSettings()->value(QStringLiteral("session/lastConnection")).toString();
}

void AppSettings::setLastConnectionId(const QString &id)
{
    uiSettings()->setValue(QStringLiteral("session/lastConnection"), id);
}

StatsViewSettings AppSettings::statsView() const
{
    const auto ui = uiSettings();
    StatsViewSettings view;
    bool ok = false;
    const double threshold = ui->value(QStringLiteral("stats/threshold")).toDouble(&ok);
    if (ok)
        view.thresholdPercent = qBound(0.0, threshold, 100.0);
    const int window = ui->value(QStringLiteral("stats/window")).toInt(&ok);
    if (ok && window >= 0 && window <= 3)
        view.window = window;
    const int interval = ui->value(QStringLiteral("stats/intervalMs")).toInt(&ok);
    if (ok)
        view.intervalMs = qBound(250, interval, 60000); // StatsSampler's range
    return view;
}

void AppSettings::setStatsView(const StatsViewSettings &view)
{
    const auto ui = uiSettings();
    ui->setValue(QStringLiteral("stats/threshold"), view.thresholdPercent);
    ui->setValue(QStringLiteral("stats/window"), view.window);
    ui->setValue(QStringLiteral("stats/intervalMs"), view.intervalMs);
}

std::unique_ptr<QSettings> AppSettings::uiSettings() const
{
    return std::make_unique<QSettings>(QDir(m_dir).filePath(QStringLiteral("ui.ini")), QSettings::IniFormat);
}

} // namespace cachescope

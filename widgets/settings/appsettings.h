#pragma once
// Typed access to CacheScope's own settings file, connections.json in the config
// folder (QStandardPaths::AppConfigLocation, or $CACHESCOPE_CONFIG_DIR so tests and the
// demo never touch the user's real settings). Written atomically with QSaveFile: a crash
// mid-write leaves the previous file intact. Passwords are never written here; see
// PasswordStore.
//
// Window geometry and splitter state are cosmetic and live in ui.ini beside it (QSettings).

#include "savedconnection.h"

#include <QList>
#include <QString>

#include <memory>

class QSettings;

namespace cachescope {

// The statistics view the operator left: hit-ratio threshold (percent), time window
// (index of StatsDashboard::Window: 0 = 1 min … 3 = 24 h) and sampling interval.
struct StatsViewSettings
{
    double thresholdPercent = 80.0;
    int window = 1;
    int intervalMs = 1000;
};

class AppSettings
{
public:
    // Uses configDir() unless a folder is given (tests).
    explicit AppSettings(QString directory = {});

    static QString configDir();
    QString directory() const { return m_dir; }
    QString connectionsFile() const;

    // Missing file = no connections, not an error. Entries that fail to parse are skipped
    // and reported in *warnings (so one bad URL does not lose the others).
    Expected<QList<SavedConnection>> loadConnections(QStringList *warnings = nullptr) const;
    Expected<bool> saveConnections(const QList<SavedConnection> &connections) const;

    QString lastConnectionId() const;
    void setLastConnectionId(const QString &id);

    // In ui.ini; out-of-range values read back as the defaults (or clamped).
    StatsViewSettings statsView() const;
    void setStatsView(const StatsViewSettings &view);

    // For window geometry and view preferences.
    std::unique_ptr<QSettings> uiSettings() const;

private:
    QString m_dir;
};

} // namespace cachescope

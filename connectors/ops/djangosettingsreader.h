#pragma once
// Reads a Django project's cache settings by running the project's own Python: the
// "manage.py" way of Import from Django settings. The child process imports django, calls
// django.setup() with the project's DJANGO_SETTINGS_MODULE and prints CACHES, DATABASES
// (engine, name, host, port, user, password), USE_TZ and TIME_ZONE as one JSON line.
// Settings computed from the environment or files come out as the site sees them.
//
// Asynchronous: start() returns at once; finished() or failed() follows on this object's
// thread (QProcess signals), so the GUI never waits on the child. A child that runs longer
// than timeoutMs is killed and reported.
//
// This runs the project's code (its settings module, and whatever that imports): the
// dialog says so, and the pasted-dict way (parsePythonSettings) exists for when that is
// not wanted.

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

class QProcess;

namespace cachescope {

class DjangoSettingsReader : public QObject
{
    Q_OBJECT
public:
    explicit DjangoSettingsReader(QObject *parent = nullptr);
    ~DjangoSettingsReader() override;

    // The default interpreter: Debian's system Python.
    static QString defaultPython();
    // The settings module manage.py sets with os.environ.setdefault("DJANGO_SETTINGS_MODULE",
    // "mysite.settings"); empty when it cannot be found.
    static QString guessSettingsModule(const QString &managePyPath);
    // The script the child runs (python -c SCRIPT); public for the tests.
    static QString script();

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // settingsModule empty = what manage.py sets (guessSettingsModule), else the environment's.
    void start(const QString &managePyPath, const QString &python, const QString &settingsModule);
    void cancel();
    bool isRunning() const;

Q_SIGNALS:
    // settings: {"CACHES", "DATABASES", "USE_TZ", "TIME_ZONE", "DJANGO_VERSION"}; baseDir is
    // the manage.py folder (relative SQLite paths resolve against it).
    void finished(const QJsonObject &settings, const QString &baseDir);
    void failed(const QString &message);

private:
    void onFinished(int exitCode);
    QPointer<QProcess> m_process;
    QString m_baseDir;
    QString m_python;
    int m_timeoutMs = 60000;
};

} // namespace cachescope

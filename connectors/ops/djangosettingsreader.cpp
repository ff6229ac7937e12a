#include "djangosettingsreader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>

namespace cachescope {

namespace {

// Marks our line, so whatever the settings module prints on import does not confuse us.
constexpr QLatin1StringView Marker("CACHESCOPE-SETTINGS-JSON:");

} // namespace

DjangoSettingsReader::DjangoSettingsReader(QObject *parent) : QObject(parent) {}

DjangoSettingsReader::~DjangoSettingsReader()
{
    cancel();
}

QString DjangoSettingsReader::defaultPython()
{
#ifdef Q_OS_WIN
    const QString found = QStandardPaths::findExecutable(QStringLiteral("python"));
    return found.isEmpty() ? QStringLiteral("python") : found;
#else
    if (QFileInfo::exists(QStringLiteral("/usr/bin/python3")))
        return QStringLiteral("/usr/bin/python3");
    const QString found = QStandardPaths::findExecutable(QStringLiteral("python3"));
    return found.isEmpty() ? QStringLiteral("python3") : found;
#endif
}

QString DjangoSettingsReader::guessSettingsModule(const QString &managePyPath)
{
    QFile file(managePyPath);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QString text = QString::fromUtf8(file.read(256 * 1024));
    static const QRegularExpression re(
        QStringLiteral(R"(DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([A-Za-z_][\w.]*)['"])"));
    return re.match(text).captured(1);
}

QString DjangoSettingsReader::script()
{
    return QStringLiteral(R"PY(
import json, os, sys
sys.path.insert(0, os.getcwd())
import django
from django.conf import settings
django.setup()
def clean(v):
    if isinstance(v, dict):
        return {str(k): clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [clean(x) for x in v]
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    return str(v)  # a pathlib.Path (BASE_DIR / "db.sqlite3"), a class, ...
keep = ("ENGINE", "NAME", "HOST", "PORT", "USER", "PASSWORD")
databases = {alias: {k: clean(db.get(k)) for k in keep} for alias, db in settings.DATABASES.items()}
print("%1" + json.dumps({"CACHES": clean(settings.CACHES), "DATABASES": databases,
      "USE_TZ": bool(settings.USE_TZ), "TIME_ZONE": settings.TIME_ZONE,
      "DJANGO_VERSION": django.get_version()}))
)PY")
        .arg(Marker);
}

bool DjangoSettingsReader::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

void DjangoSettingsReader::cancel()
{
    if (!m_process)
        return;
    QProcess *p = m_process;
    m_process = nullptr;
    p->disconnect(this);
    if (p->state() != QProcess::NotRunning) {
        p->kill();
        p->waitForFinished(1000); // after kill(): only reaps the child
    }
    p->deleteLater();
}

void DjangoSettingsReader::start(const QString &managePyPath, const QString &python, const QString &settingsModule)
{
    cancel();
    const QFileInfo manage(managePyPath);
    if (!manage.isFile()) {
        QTimer::singleShot(0, this, [this, managePyPath] {
            Q_EMIT failed(tr("%1 is not a file: point at the project's manage.py").arg(managePyPath));
        });
        return;
    }
    m_baseDir = manage.absolutePath();
    m_python = python.isEmpty() ? defaultPython() : python;
    QString module = settingsModule.trimmed();
    if (module.isEmpty())
        module = guessSettingsModule(manage.absoluteFilePath());

    auto *process = new QProcess(this);
    m_process = process;
    process->setWorkingDirectory(m_baseDir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!module.isEmpty())
        env.insert(QStringLiteral("DJANGO_SETTINGS_MODULE"), module);
    env.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    process->setProcessEnvironment(env);
    connect(process, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        onFinished(status == QProcess::NormalExit ? exitCode : -1);
    });
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart || process != m_process)
            return;
        m_process = nullptr;
        process->deleteLater();
        Q_EMIT failed(tr("Could not run %1: %2").arg(m_python, process->errorString()));
    });
    QTimer::singleShot(m_timeoutMs, process, [this, process] {
        if (process != m_process || process->state() == QProcess::NotRunning)
            return;
        cancel();
        Q_EMIT failed(tr("%1 did not finish within %2 s (does importing the settings wait for something?)")
                          .arg(m_python)
                          .arg(m_timeoutMs / 1000));
    });
    process->start(m_python, {QStringLiteral("-c"), script()});
}

void DjangoSettingsReader::onFinished(int exitCode)
{
    QProcess *process = m_process;
    if (!process)
        return;
    m_process = nullptr;
    process->deleteLater();
    const QString out = QString::fromUtf8(process->readAllStandardOutput());
    const QString err = QString::fromUtf8(process->readAllStandardError()).trimmed();
    const qsizetype at = out.lastIndexOf(Marker);
    if (exitCode != 0 || at < 0) {
        // The last lines of a traceback say what went wrong (ModuleNotFoundError: django…).
        QStringList lines = err.split(u'\n');
        const QString tail = lines.mid(qMax<qsizetype>(0, lines.size() - 4)).join(u'\n');
        Q_EMIT failed(tr("%1 could not load the Django settings (exit code %2):\n%3")
                          .arg(m_python)
                          .arg(exitCode)
                          .arg(tail.isEmpty() ? tr("no output") : tail));
        return;
    }
    const QString line = out.mid(at + Marker.size()).section(u'\n', 0, 0);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8(), &error);
    if (!doc.isObject()) {
        Q_EMIT failed(tr("The settings printed by %1 are not JSON: %2").arg(m_python, error.errorString()));
        return;
    }
    Q_EMIT finished(doc.object(), m_baseDir);
}

} // namespace cachescope

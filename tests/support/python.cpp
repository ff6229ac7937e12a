#include "python.h"

#include <QFileInfo>
#include <QProcess>

namespace cachescope::test {

PythonRun runPython(const QString &codeOrScript, const QStringList &args, int timeoutMs,
                    const QProcessEnvironment &env)
{
    PythonRun result;
    const QString python = QStringLiteral("/usr/bin/python3");
    if (!QFileInfo::exists(python)) {
        result.error = QStringLiteral("/usr/bin/python3 is missing (apt-get install python3 python3-django)");
        return result;
    }
    QStringList argv;
    if (codeOrScript.endsWith(QStringLiteral(".py")) && !codeOrScript.contains(u'\n'))
        argv << codeOrScript;
    else
        argv << QStringLiteral("-c") << codeOrScript;
    argv += args;
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(python, argv);
    if (!p.waitForStarted(10000)) {
        result.error = QStringLiteral("cannot start /usr/bin/python3: %1").arg(p.errorString());
        return result;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(2000);
        result.error = QStringLiteral("python3 did not finish within %1 s").arg(timeoutMs / 1000);
        return result;
    }
    result.out = p.readAllStandardOutput();
    const QString err = QString::fromUtf8(p.readAllStandardError());
    result.ok = p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (!result.ok)
        result.error = QStringLiteral("python3 exited with %1:\n%2").arg(p.exitCode()).arg(err);
    return result;
}

QString fixturesDir()
{
    return qEnvironmentVariable("CACHESCOPE_FIXTURES");
}

} // namespace cachescope::test

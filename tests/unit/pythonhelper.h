#pragma once
// Runs a Python snippet with Debian's /usr/bin/python3 at test time and reads the JSON
// lines it prints: the codec tests check themselves against what real CPython (and real
// Django) writes and returns, never against hand-copied bytes.

#include <QByteArray>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QString>
#include <QTest>

namespace cachescope::testing {

inline QString pythonExecutable()
{
    return QStringLiteral("/usr/bin/python3");
}

// stdout lines parsed as JSON objects; an empty list (and a test failure) on any error.
inline QList<QJsonObject> runPythonJsonLines(const QByteArray &script)
{
    QProcess python;
    python.start(pythonExecutable(), {QStringLiteral("-")});
    if (!python.waitForStarted(10000)) {
        QTest::qFail("cannot start /usr/bin/python3", __FILE__, __LINE__);
        return {};
    }
    python.write(script);
    python.closeWriteChannel();
    python.waitForFinished(120000);
    const QByteArray err = python.readAllStandardError();
    if (python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0) {
        QTest::qFail(qPrintable(QStringLiteral("python failed: %1").arg(QString::fromUtf8(err))), __FILE__,
                     __LINE__);
        return {};
    }
    QList<QJsonObject> out;
    const QList<QByteArray> lines = python.readAllStandardOutput().split('\n');
    for (const QByteArray &line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        out.append(QJsonDocument::fromJson(line).object());
    }
    return out;
}

inline QList<QJsonObject> runPythonFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        QTest::qFail(qPrintable(QStringLiteral("cannot read %1").arg(path)), __FILE__, __LINE__);
        return {};
    }
    return runPythonJsonLines(file.readAll());
}

} // namespace cachescope::testing

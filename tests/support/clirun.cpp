#include "clirun.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QProcess>

namespace cachescope::test {

QString cliPath()
{
    const QString fromEnv = qEnvironmentVariable("CACHESCOPE_CLI");
    if (!fromEnv.isEmpty())
        return fromEnv;
    const QFileInfo guess(QCoreApplication::applicationDirPath() + QStringLiteral("/../app/cachescope-cli"));
    return guess.isExecutable() ? guess.absoluteFilePath() : QString();
}

CliResult runCli(const QStringList &args, const QProcessEnvironment &env, int timeoutMs)
{
    CliResult r;
    const QString path = cliPath();
    if (path.isEmpty()) {
        r.err = CliMissingMessage;
        qWarning("%s", CliMissingMessage);
        return r;
    }
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(path, args);
    if (!p.waitForStarted() || !p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        qWarning("cachescope-cli %s did not finish", qPrintable(args.join(u' ')));
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QList<QByteArray> outputLines(const QByteArray &out)
{
    QList<QByteArray> result = out.split('\n');
    if (!result.isEmpty() && result.constLast().isEmpty())
        result.removeLast();
    return result;
}

QJsonObject parseJsonObject(const QByteArray &line)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qWarning("not a JSON object (%s): %s", qPrintable(error.errorString()), line.left(200).constData());
    return doc.object();
}

} // namespace cachescope::test

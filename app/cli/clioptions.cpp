#include "clioptions.h"

#include "connectorfactory.h"

#include <QCommandLineParser>

#include <cstdio>

namespace cachescope::cli {

void addConnectionOptions(QCommandLineParser &parser)
{
    parser.addOption(
        QCommandLineOption(QStringLiteral("password-env"),
                           QStringLiteral("Read the password from environment variable <VAR> instead of "
                                          "the URL, so it does not show in the process list."),
                           QStringLiteral("VAR")));
    parser.addOption(
        QCommandLineOption(QStringLiteral("timeout"),
                           QStringLiteral("Connect and command timeout in seconds (default: the URL's "
                                          "connect_timeout / timeout options, else 5 / 10)."),
                           QStringLiteral("S")));
}

Expected<ConnectionSpec> connectionSpecFrom(const QCommandLineParser &parser, const QString &url)
{
    auto parsed = ConnectionSpec::parse(url);
    if (!parsed)
        return parsed.error();
    ConnectionSpec spec = std::move(parsed).value();
    // createConnector() returns nullptr for a backend this build cannot serve yet.
    if (const QString reason = connectorUnavailableReason(spec); !reason.isEmpty())
        return Error::make(ErrorKind::Usage, QStringLiteral("%1: %2").arg(spec.toUrl(), reason));

    if (parser.isSet(QStringLiteral("password-env"))) {
        const QString var = parser.value(QStringLiteral("password-env"));
        const QByteArray name = var.toLocal8Bit();
        if (var.isEmpty() || !qEnvironmentVariableIsSet(name.constData()))
            return Error::make(
                ErrorKind::Usage,
                QStringLiteral("--password-env: the environment variable '%1' is not set").arg(var));
        spec.password = qEnvironmentVariable(name.constData());
    }
    if (parser.isSet(QStringLiteral("timeout"))) {
        bool ok = false;
        const double seconds = parser.value(QStringLiteral("timeout")).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 3600)
            return Error::make(ErrorKind::Usage,
                               QStringLiteral("--timeout expects seconds between 0 and 3600, not '%1'")
                                   .arg(parser.value(QStringLiteral("timeout"))));
        spec.connectTimeoutMs = spec.commandTimeoutMs = qMax(1, int(seconds * 1000));
    }
    return spec;
}

void printError(const QString &message)
{
    const QByteArray line = QStringLiteral("cachescope-cli: %1\n").arg(message).toLocal8Bit();
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

QString describeError(const Error &error)
{
    QString message = error.message;
    if (message.isEmpty())
        message = QStringLiteral("%1 error").arg(error.kindName());
    const QString lower = message.toLower();
    if (error.kind == ErrorKind::Connect && lower.contains(u"refused") && !lower.contains(u"running"))
        message += lower.contains(u"memcached") ? QStringLiteral(" — is memcached running there?")
                                                : QStringLiteral(" — is redis-server running there?");
    if (error.kind == ErrorKind::Auth && !lower.contains(u"password"))
        message += QStringLiteral(" (check the password: put it in the URL as redis://:PASSWORD@host "
                                  "or pass --password-env VAR)");
    return message;
}

int exitCodeFor(const Error &error)
{
    switch (error.kind) {
    case ErrorKind::Usage:
        return ExitUsage;
    case ErrorKind::NotFound:
        return ExitNotFound;
    default:
        return ExitFailure;
    }
}

} // namespace cachescope::cli

#pragma once
// What every connecting command shares: exit codes, the connection options, and how an
// error reaches the user (one line on stderr, prefixed with the program name).

#include "core/connectionspec.h"
#include "core/error.h"

#include <QString>

class QCommandLineParser;

namespace cachescope::cli {

enum ExitCode : int
{
    ExitOk = 0,
    ExitNotFound = 1, // get: the key does not exist
    ExitUsage = 2,    // bad arguments or URL
    ExitFailure = 3,  // connection, authentication, timeout or server error
};

// --password-env VAR and --timeout S.
void addConnectionOptions(QCommandLineParser &parser);
// Parses the URL and applies the connection options; errors are ErrorKind::Usage.
Expected<ConnectionSpec> connectionSpecFrom(const QCommandLineParser &parser, const QString &url);

// "cachescope-cli: <message>" on stderr.
void printError(const QString &message);
// The connector's message, with a hint where a person would want one.
QString describeError(const Error &error);
int exitCodeFor(const Error &error);

} // namespace cachescope::cli

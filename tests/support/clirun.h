#pragma once
#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace cachescope::test {

// What the integration tests print when the binary cannot be found: they fail, never skip,
// so a broken build cannot pass as "nothing to test".
inline constexpr char CliMissingMessage[] =
    "cachescope-cli not found: set CACHESCOPE_CLI (ctest does) or build the cachescope-cli target";

struct CliResult
{
    int code = -1; // -1: did not start, did not finish in time, or crashed
    QByteArray out;
    QByteArray err;
};

// CACHESCOPE_CLI, else app/cachescope-cli beside the test's own build folder (a test run by hand
// as build/tests/tst_x); empty when neither exists.
QString cliPath();

// Runs cachescope-cli to completion; on a timeout the process is killed and code stays -1.
CliResult runCli(const QStringList &args,
                 const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                 int timeoutMs = 60000);

// The output split at '\n', without the empty entry after the final newline.
QList<QByteArray> outputLines(const QByteArray &out);

// One JSON object line; warns (and returns an empty object) when the line is not one.
QJsonObject parseJsonObject(const QByteArray &line);

} // namespace cachescope::test

#pragma once
// Entry point of cachescope-cli: picks the command, parses its options with
// QCommandLineParser and runs it. Needs a QCoreApplication to exist; returns the exit
// code (see ExitCode in clioptions.h).

#include <QStringList>

namespace cachescope::cli {

int run(const QStringList &arguments);

} // namespace cachescope::cli

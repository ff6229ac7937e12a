// cachescope-cli: the headless twin of CacheScope. The commands live in app/cli.
#include "cli/clirunner.h"

#include <QCoreApplication>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    return cachescope::cli::run(QCoreApplication::arguments());
}

// cachescope: the desktop application. Only wiring: the window lives in cachescope_widgets.
//   cachescope [--connect URL [--name NAME]]
#include "mainwindow/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("CacheScope"));
    QApplication::setOrganizationName(QStringLiteral("CacheScope"));
    QApplication::setOrganizationDomain(QStringLiteral("cachescope.invalid"));
    QApplication::setApplicationVersion(QStringLiteral(CACHESCOPE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("cachescope"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Inspect and invalidate Django caches."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption connectOption(QStringLiteral("connect"),
                                           QStringLiteral("Add (or select) the connection URL and connect at once, "
                                                          "e.g. redis://127.0.0.1:6379/0."),
                                           QStringLiteral("URL"));
    const QCommandLineOption nameOption(QStringLiteral("name"), QStringLiteral("Name for the --connect connection."),
                                        QStringLiteral("NAME"));
    parser.addOption(connectOption);
    parser.addOption(nameOption);
    parser.process(app);

    cachescope::MainWindow window;
    window.show();
    if (parser.isSet(connectOption))
        window.openUrl(parser.value(connectOption), parser.value(nameOption));
    return QApplication::exec();
}

// cachescope: the desktop application. Only wiring: the window lives in cachescope_widgets.
//   cachescope [--connect URL [--name NAME]]
#include "mainwindow/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

namespace {

// Qt on X11 takes -name / --name (the window class) out of argv before our parser sees it,
// so --name NAME is read here first.
QString nameArgument(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--name" && i + 1 < argc)
            return QString::fromLocal8Bit(argv[i + 1]);
        if (arg.startsWith("--name="))
            return QString::fromLocal8Bit(arg.mid(7));
    }
    return {};
}

} // namespace

int main(int argc, char **argv)
{
    const QString earlyName = nameArgument(argc, argv);
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
        window.openUrl(parser.value(connectOption), parser.isSet(nameOption) ? parser.value(nameOption) : earlyName);
    return QApplication::exec();
}

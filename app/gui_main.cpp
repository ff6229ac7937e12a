// cachescope: the desktop application. Only wiring: the window lives in cachescope_widgets.
//   cachescope [--connect URL [--name NAME]]...   (the first URL is selected and connected)
//   cachescope --quit-after MS                    (smoke test: exit 0 after MS milliseconds)
#include "about/aboutdialog.h"
#include "mainwindow/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>

#include <cstdio>

namespace {

struct ConnectArg
{
    QString url;
    QString name;
};

// --connect URL [--name NAME], any number of times; a --name belongs to the --connect before
// it. Read from argv before QApplication: Qt on X11 takes -name / --name (the window class)
// out of argv before our parser sees it.
QList<ConnectArg> connectArguments(int argc, char **argv)
{
    QList<ConnectArg> out;
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        const bool withValue = i + 1 < argc;
        if (arg == "--connect" && withValue)
            out.append({QString::fromLocal8Bit(argv[++i]), {}});
        else if (arg.startsWith("--connect="))
            out.append({QString::fromLocal8Bit(arg.mid(10)), {}});
        else if (arg == "--name" && withValue && !out.isEmpty())
            out.last().name = QString::fromLocal8Bit(argv[++i]);
        else if (arg.startsWith("--name=") && !out.isEmpty())
            out.last().name = QString::fromLocal8Bit(arg.mid(7));
    }
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {   // answered before QApplication, which needs a display
        if (qstrcmp(argv[i], "--version") == 0 || qstrcmp(argv[i], "-v") == 0)
            return std::fputs(qPrintable(cachescope::AboutDialog::versionText()), stdout) < 0 ? 1 : 0;
    }
    const QList<ConnectArg> connects = connectArguments(argc, argv);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("CacheScope"));
    QApplication::setOrganizationName(QStringLiteral("CacheScope"));
    QApplication::setOrganizationDomain(QStringLiteral("cachescope.invalid"));
    QApplication::setApplicationVersion(QStringLiteral(CACHESCOPE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.cachescope.CacheScope"));
    QApplication::setWindowIcon(cachescope::AboutDialog::applicationIcon());

    QCommandLineParser parser; // for --help, --version and rejecting unknown options
    parser.setApplicationDescription(QStringLiteral("Inspect and invalidate Django caches."));
    parser.addHelpOption();
    parser.addOption({{QStringLiteral("v"), QStringLiteral("version")},
                      QStringLiteral("Print the versions of CacheScope and its libraries.")});
    const QCommandLineOption quitAfter(QStringLiteral("quit-after"),
                                       QStringLiteral("Quit by itself after MS milliseconds (installation smoke "
                                                      "test)."),
                                       QStringLiteral("MS"));
    parser.addOption(quitAfter);
    parser.addOption({QStringLiteral("connect"),
                      QStringLiteral("Add (or select) a connection URL, e.g. redis://127.0.0.1:6379/0, "
                                     "memcached://127.0.0.1:11211, sqlite:///srv/site/db.sqlite3. May be "
                                     "given several times; the first one is connected."),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("name"), QStringLiteral("Name for the --connect before it."),
                      QStringLiteral("NAME")});
    parser.process(app);

    cachescope::MainWindow window;
    window.show();
    bool ok = false;
    if (const int ms = parser.value(quitAfter).toInt(&ok); ok && ms >= 0)
        QTimer::singleShot(ms, &window, &QWidget::close);
    else if (parser.isSet(quitAfter) && std::fputs("cachescope: --quit-after needs milliseconds\n", stderr) >= 0)
        return 2;
    // All join the list in order; then the first is selected and connected.
    for (qsizetype i = 0; i < connects.size(); ++i)
        window.openUrl(connects.at(i).url, connects.at(i).name, /*connectNow=*/false);
    if (!connects.isEmpty())
        window.openUrl(connects.first().url, connects.first().name);
    return QApplication::exec();
}

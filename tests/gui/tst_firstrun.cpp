// The first run: with no saved connection the window shows the welcome screen (demo, new
// connection, import from Django); "Open the demo" explains how to start the demo when none
// runs and connects to it when one does; the About box names every library's version; the
// import dialog reads a real Django project; every menu action has a tooltip; a dark
// palette gives dark charts and a dark welcome screen.
// Set CACHESCOPE_SCREENSHOT_DIR to save welcome.png, welcome-dark.png, about.png,
// import-dialog.png.
#include "about/aboutdialog.h"
#include "charts/statschart.h"
#include "charts/statsdashboard.h"
#include "connections/connectionsdialog.h"
#include "importer/djangoimportdialog.h"
#include "mainwindow/mainwindow.h"
#include "redisserver.h"
#include "session/connectionsession.h"
#include "welcome/welcomepanel.h"

#include "charts/qcustomplotinclude.h"

#include <QAction>
#include <QApplication>
#include <QCommandLinkButton>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace cachescope;

namespace {

constexpr int Slow = 30000;

void screenshot(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("CACHESCOPE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(w->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(content) == content.size();
}

double meanLightness(const QImage &image)
{
    double sum = 0;
    int n = 0;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7, ++n)
            sum += QColor(image.pixel(x, y)).lightness();
    return n ? sum / n : 0;
}

QPalette makeDarkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(45, 45, 48));
    p.setColor(QPalette::WindowText, QColor(230, 230, 230));
    p.setColor(QPalette::Base, QColor(30, 30, 32));
    p.setColor(QPalette::AlternateBase, QColor(45, 45, 48));
    p.setColor(QPalette::Text, QColor(230, 230, 230));
    p.setColor(QPalette::Button, QColor(53, 53, 56));
    p.setColor(QPalette::ButtonText, QColor(230, 230, 230));
    p.setColor(QPalette::Mid, QColor(90, 90, 95));
    p.setColor(QPalette::Highlight, QColor(42, 130, 218));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::ToolTipBase, QColor(53, 53, 56));
    p.setColor(QPalette::ToolTipText, QColor(230, 230, 230));
    return p;
}

} // namespace

class TestFirstRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void welcomeWhenNothingSaved();
    void demoHintWhenNoDemoRuns();
    void opensRunningDemo();
    void aboutNamesVersions();
    void importFromProject();
    void everyActionHasATooltip();
    void darkPalette();

private:
    QTemporaryDir m_dir;
};

void TestFirstRun::initTestCase()
{
    qputenv("CACHESCOPE_NO_KEYCHAIN", "1");
    QVERIFY(m_dir.isValid());
    qputenv("CACHESCOPE_DEMO_FILE", QFile::encodeName(m_dir.filePath(QStringLiteral("demo.json"))));
}

void TestFirstRun::welcomeWhenNothingSaved()
{
    QTemporaryDir config;
    MainWindow w{AppSettings(config.path())};
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.welcomePanel()->isVisible());
    QVERIFY(!w.findChild<QSplitter *>(QStringLiteral("mainSplitter"))->isVisible());
    QVERIFY(!w.statsDock()->isVisible());
    const QList<QCommandLinkButton *> buttons = w.welcomePanel()->findChildren<QCommandLinkButton *>();
    QCOMPARE(buttons.size(), 3);
    for (QCommandLinkButton *b : buttons)
        QVERIFY2(!b->toolTip().isEmpty(), qPrintable(b->text()));
    screenshot(&w, QStringLiteral("welcome"));

    // "New connection…" opens the connection dialog with a fresh entry.
    QTest::mouseClick(w.welcomePanel()->findChild<QCommandLinkButton *>(QStringLiteral("welcomeNewConnection")),
                      Qt::LeftButton);
    QTRY_VERIFY(w.findChild<ConnectionsDialog *>());
    w.findChild<ConnectionsDialog *>()->reject();
    QTRY_VERIFY(!w.findChild<ConnectionsDialog *>());
    QVERIFY(w.welcomePanel()->isVisible());   // nothing was added
}

void TestFirstRun::demoHintWhenNoDemoRuns()
{
    QFile::remove(m_dir.filePath(QStringLiteral("demo.json")));
    QTemporaryDir config;
    MainWindow w{AppSettings(config.path())};
    w.show();
    QVERIFY(!w.welcomePanel()->isDemoHintVisible());
    QTest::mouseClick(w.welcomePanel()->findChild<QCommandLinkButton *>(QStringLiteral("welcomeDemo")),
                      Qt::LeftButton);
    QVERIFY(w.welcomePanel()->isDemoHintVisible());
    auto *hint = w.welcomePanel()->findChild<QLabel *>(QStringLiteral("welcomeDemoHint"));
    QVERIFY(hint->text().contains(QStringLiteral("./installers/demo.sh")));
    QVERIFY(w.connections().isEmpty());
    w.resize(1200, 800);
    screenshot(&w, QStringLiteral("welcome-demo-hint"));
}

void TestFirstRun::opensRunningDemo()
{
    test::RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    QVERIFY(redis.fill(50, "shop:1:product:"));
    QVERIFY(writeFile(m_dir.filePath(QStringLiteral("demo.json")),
                      QStringLiteral("{\"pid\": 1, \"connections\": [{\"name\": \"Demo Redis (Django)\", \"url\": "
                                     "\"%1\"}, {\"name\": \"Demo Memcached (Django)\", \"url\": "
                                     "\"memcached://127.0.0.1:1\"}]}")
                          .arg(redis.url())
                          .toUtf8()));
    QTemporaryDir config;
    MainWindow w{AppSettings(config.path())};
    w.show();
    QVERIFY(w.openDemo());
    QCOMPARE(w.connections().size(), 2);
    QVERIFY(!w.welcomePanel()->isVisible());
    QVERIFY(w.findChild<QSplitter *>(QStringLiteral("mainSplitter"))->isVisible());
    QVERIFY(w.statsDock()->isVisible());   // given back when the welcome screen went
    QTRY_VERIFY(w.session());   // the password look-up answers on the next event-loop turn
    QTRY_COMPARE_WITH_TIMEOUT(w.session()->state(), ConnectionSession::State::Connected, Slow);
    QCOMPARE(w.session()->connection().name, QStringLiteral("Demo Redis (Django)"));
    QFile::remove(m_dir.filePath(QStringLiteral("demo.json")));
}

void TestFirstRun::aboutNamesVersions()
{
    const QString text = AboutDialog::versionText();
    QVERIFY(text.startsWith(QStringLiteral("CacheScope %1\n").arg(QStringLiteral(CACHESCOPE_VERSION))));
    QVERIFY2(text.contains(QStringLiteral("\nQt %1").arg(QString::fromLatin1(qVersion()))), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("\nhiredis 0.")) || text.contains(QStringLiteral("\nhiredis 1.")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("\nlibmemcached 1.")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("\nQCustomPlot %1\n").arg(QStringLiteral(QCUSTOMPLOT_VERSION_STR))),
             qPrintable(text));

    QTemporaryDir config;
    MainWindow w{AppSettings(config.path())};
    w.show();
    QAction *about = w.findChild<QAction *>(QStringLiteral("aboutAction"));
    QVERIFY(about);
    about->trigger();
    AboutDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = w.findChild<AboutDialog *>()));
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    const QString shown = dialog->findChild<QLabel *>(QStringLiteral("aboutVersions"))->text();
    for (const ComponentVersion &c : AboutDialog::componentVersions())
        QVERIFY2(shown.contains(c.name) && shown.contains(c.version.toHtmlEscaped()), qPrintable(c.name));
    screenshot(dialog, QStringLiteral("about"));
    dialog->reject();
}

void TestFirstRun::importFromProject()
{
    const QString root = m_dir.filePath(QStringLiteral("shop"));
    QVERIFY(writeFile(root + QStringLiteral("/manage.py"),
                      "import os, sys\nif __name__ == '__main__':\n"
                      "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n"
                      "    from django.core.management import execute_from_command_line\n"
                      "    execute_from_command_line(sys.argv)\n"));
    QVERIFY(writeFile(root + QStringLiteral("/shop/__init__.py"), ""));
    QVERIFY(writeFile(root + QStringLiteral("/shop/settings.py"),
                      "import os\nSECRET_KEY = 'x'\nINSTALLED_APPS = []\nUSE_TZ = True\nTIME_ZONE = 'UTC'\n"
                      "REDIS = os.environ.get('SHOP_REDIS', 'redis://127.0.0.1:6379')\n"
                      "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': '/srv/shop/db.sqlite3'}}\n"
                      "CACHES = {\n"
                      "  'default': {'BACKEND': 'django_redis.cache.RedisCache', 'LOCATION': REDIS + '/1',\n"
                      "              'KEY_PREFIX': 'shop', 'VERSION': 3,\n"
                      "              'OPTIONS': {'COMPRESSOR': 'django_redis.compressors.zlib.ZlibCompressor'}},\n"
                      "  'sessions': {'BACKEND': 'django.core.cache.backends.memcached.PyMemcacheCache',\n"
                      "               'LOCATION': ['10.0.0.5:11211', '10.0.0.6:11211']},\n"
                      "  'pages': {'BACKEND': 'django.core.cache.backends.db.DatabaseCache', 'LOCATION': 'page_cache'},\n"
                      "  'local': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'},\n"
                      "}\n"));
    QTemporaryDir config;
    MainWindow w{AppSettings(config.path())};
    w.show();
    QTest::mouseClick(w.welcomePanel()->findChild<QCommandLinkButton *>(QStringLiteral("welcomeImport")),
                      Qt::LeftButton);
    DjangoImportDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = w.findChild<DjangoImportDialog *>()));
    dialog->setManagePy(root + QStringLiteral("/manage.py"));
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("settingsModule"))->text(), QStringLiteral("shop.settings"));
    dialog->setPython(QStringLiteral("/usr/bin/python3"));
    QSignalSpy changed(dialog, &DjangoImportDialog::importsChanged);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("readProjectButton")), Qt::LeftButton);
    QVERIFY(changed.wait(Slow));
    auto *list = dialog->findChild<QTreeWidget *>(QStringLiteral("importList"));
    QVERIFY2(list->topLevelItemCount() == 4,
             qPrintable(dialog->findChild<QLabel *>(QStringLiteral("importStatus"))->text()));
    QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("default"));
    QCOMPARE(list->topLevelItem(0)->text(3), QStringLiteral("shop:3"));
    QCOMPARE(list->topLevelItem(0)->checkState(0), Qt::Checked);
    const auto local = list->findItems(QStringLiteral("local"), Qt::MatchExactly);
    QCOMPARE(local.size(), 1);
    QVERIFY(!(local.first()->flags() & Qt::ItemIsEnabled));
    dialog->resize(980, 640);
    screenshot(dialog, QStringLiteral("import-dialog"));

    // Leave "sessions" out; import the other two.
    list->findItems(QStringLiteral("sessions"), Qt::MatchExactly).first()->setCheckState(0, Qt::Unchecked);
    dialog->accept();
    QTRY_VERIFY(!w.findChild<DjangoImportDialog *>());
    QCOMPARE(w.connections().size(), 2);
    const SavedConnection &redis = w.connections().first();
    QCOMPARE(redis.name, QStringLiteral("shop · default (Redis)"));
    QCOMPARE(redis.spec.toUrl(), QStringLiteral("redis://127.0.0.1:6379/1"));
    QCOMPARE(redis.djangoKeyPrefix, QStringLiteral("shop"));
    QCOMPARE(redis.djangoVersion, 3);
    QCOMPARE(w.connections().last().spec.toUrl(), QStringLiteral("sqlite:///srv/shop/db.sqlite3?table=page_cache"));
    QVERIFY(!w.welcomePanel()->isVisible());
    // Saved: a new window reads the same two connections back with their Django namespace.
    const auto saved = AppSettings(config.path()).loadConnections();
    QVERIFY(saved);
    QCOMPARE(saved->size(), 2);
    QCOMPARE(saved->first().djangoVersion, 3);
}

void TestFirstRun::everyActionHasATooltip()
{
    QTemporaryDir config;
    MainWindow w{AppSettings(config.path())};
    const QList<QAction *> menus = w.menuBar()->actions();
    int checked = 0;
    for (QAction *menuAction : menus) {
        QVERIFY(menuAction->menu());
        const QList<QAction *> actions = menuAction->menu()->actions();
        for (QAction *a : actions) {
            if (a->isSeparator() || a->menu())
                continue;
            // Unset, Qt falls back to the text itself; a real tooltip says more.
            QString plain = a->text();
            plain.remove(u'&');
            QVERIFY2(!a->toolTip().isEmpty() && a->toolTip() != plain && a->toolTip() + u'…' != plain,
                     qPrintable(QStringLiteral("%1 has no tooltip of its own").arg(plain)));
            ++checked;
        }
    }
    QVERIFY(checked >= 8);
}

void TestFirstRun::darkPalette()
{
    const QPalette before = QApplication::palette();
    QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion"));
    QVERIFY(fusion);
    QApplication::setStyle(fusion);
    QApplication::setPalette(makeDarkPalette());
    {
        QTemporaryDir config;
        MainWindow w{AppSettings(config.path())};
        w.resize(1200, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QImage welcome = w.grab().toImage();
        QVERIFY2(meanLightness(welcome) < 110, qPrintable(QString::number(meanLightness(welcome))));
        screenshot(&w, QStringLiteral("welcome-dark"));
        // The charts take the palette too (QCustomPlot would paint white).
        StatsChart *chart = w.statsDashboard()->chart();
        QVERIFY(chart);
        QImage plot = chart->toPixmap(400, 300).toImage();
        QVERIFY2(meanLightness(plot) < 110, qPrintable(QString::number(meanLightness(plot))));
    }
    QApplication::setPalette(before);
}

QTEST_MAIN(TestFirstRun)
#include "tst_firstrun.moc"

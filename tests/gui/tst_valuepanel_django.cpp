// Django values through the real main window: a zlib-compressed pickle shows its chain
// as a breadcrumb and Python's repr; a hostile pickle raises the red banner and is not
// run; a cut pickle names where decoding stopped while the other tabs still work; a cached
// HttpResponse shows status, headers and body; a 20,000-item dict opens lazily in the
// Tree tab. Then the Namespaces tab counts the keys per PREFIX:VERSION after the scan.
// Set CACHESCOPE_SCREENSHOT_DIR to also save PNGs of the window on the way.
#include "../unit/pythonhelper.h"
#include "keys/keypanel.h"
#include "mainwindow/mainwindow.h"
#include "model/keytreemodel.h"
#include "namespaces/namespacechart.h"
#include "namespaces/namespacemodel.h"
#include "namespaces/namespacepanel.h"
#include "redisserver.h"
#include "values/pytreemodel.h"
#include "values/valuepanel.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace cachescope;

namespace {

constexpr int Slow = 15000;

void screenshot(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("CACHESCOPE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents(); // the chart's queued replot
    if (!dir.isEmpty())
        w->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

QString tabTitle(QTabWidget *tabs)
{
    return tabs->tabText(tabs->currentIndex());
}

} // namespace

class TestValuePanelDjango : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void compressedPickle();
    void dangerousPickle();
    void truncatedPickle();
    void cachedResponse();
    void bigDictOpensLazily();
    void namespacesAfterScan();

private:
    void select(const QByteArray &key);
    void openTreeTab();
    template <typename T> T *child(const char *name)
    {
        auto *w = m_window->findChild<T *>(QLatin1StringView(name));
        if (!w)
            qWarning("no child named %s", name);
        return w;
    }

    QTemporaryDir m_config;
    test::RedisServer m_redis;
    QJsonObject m_python;
    std::unique_ptr<MainWindow> m_window;
};

void TestValuePanelDjango::initTestCase()
{
    QVERIFY(m_config.isValid());
    qputenv("CACHESCOPE_CONFIG_DIR", m_config.path().toUtf8());
    qputenv("CACHESCOPE_NO_KEYCHAIN", "1");
    QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString()));
    QFile script(QFINDTESTDATA("python/django_values.py"));
    QVERIFY(script.open(QIODevice::ReadOnly));
    QByteArray source = script.readAll();
    // runPythonJsonLines feeds the script on stdin: hand it the port the same way argv would.
    source.prepend(QByteArrayLiteral("import sys; sys.argv = ['django_values.py', '%1']\n")
                       .replace("%1", QByteArray::number(m_redis.port())));
    const QList<QJsonObject> out = testing::runPythonJsonLines(source);
    QCOMPARE(out.size(), 1);
    m_python = out.constFirst();
    QCOMPARE(m_python.value(u"keys").toInt(), 71);
}

void TestValuePanelDjango::init()
{
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1400, 860);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->openUrl(m_redis.url(), QStringLiteral("django shop")));
    KeyTreeModel *model = m_window->keyPanel()->model();
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->keyPanel()->isScanning() && model->keyCount() == 71, Slow);
}

void TestValuePanelDjango::cleanup()
{
    m_window.reset();
}

void TestValuePanelDjango::select(const QByteArray &key)
{
    KeyTreeModel *model = m_window->keyPanel()->model();
    QModelIndex index;
    QTRY_VERIFY((index = model->indexForKey(key)).isValid());
    QTreeView *view = m_window->keyPanel()->view();
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->valuePanel()->decodedValue().chain.isEmpty(), false, Slow);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->valuePanel()->currentKey(), key, Slow);
}

void TestValuePanelDjango::openTreeTab()
{
    auto *tabs = child<QTabWidget>("valueTabs");
    QTabBar *bar = tabs->tabBar();
    int tree = -1;
    for (int i = 0; i < bar->count(); ++i)
        if (bar->tabText(i) == u"Tree")
            tree = i;
    QVERIFY(tree >= 0);
    QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(tree).center());
    QTRY_COMPARE(tabs->currentIndex(), tree);
}

void TestValuePanelDjango::compressedPickle()
{
    select("shop:4:cart");
    auto *breadcrumb = child<QLabel>("breadcrumb");
    QTRY_COMPARE_WITH_TIMEOUT(breadcrumb->text(), QStringLiteral("zlib → pickle v4 → dict, 3 items"), Slow);
    QCOMPARE(m_window->valuePanel()->displayedRepr(), m_python.value(u"cart").toString());
    QCOMPARE(tabTitle(child<QTabWidget>("valueTabs")), QStringLiteral("Python"));
    QVERIFY(!child<QWidget>("dangerBanner")->isVisible());
    QVERIFY(!child<QWidget>("decodeErrorBanner")->isVisible());
    const QString django = child<QLabel>("djangoKey")->text();
    QVERIFY2(django.contains(QStringLiteral("prefix 'shop' · version 4 · key 'cart' · plain")),
             qPrintable(django));
    screenshot(m_window.get(), QStringLiteral("value-pickle"));
    // The Tree tab (clicked): the dict and its three items, the Decimal as Python shows it.
    openTreeTab();
    auto *tree = child<QTreeView>("valueTree");
    QAbstractItemModel *model = tree->model();
    const QModelIndex root = model->index(0, 0);
    QTRY_COMPARE(model->rowCount(root), 3);
    QCOMPARE(model->index(1, PyTreeModel::NameColumn, root).data().toString(), QStringLiteral("'total'"));
    QCOMPARE(model->index(1, PyTreeModel::ValueColumn, root).data().toString(),
             QStringLiteral("Decimal('9.50')"));
    QCOMPARE(model->index(0, PyTreeModel::TypeColumn, root).data().toString(),
             QStringLiteral("list, 2 items"));
    screenshot(m_window.get(), QStringLiteral("value-tree"));
}

void TestValuePanelDjango::dangerousPickle()
{
    select("shop:4:evil");
    auto *banner = child<QWidget>("dangerBanner");
    QTRY_VERIFY(banner->isVisible());
    QString shown;
    for (QLabel *l : banner->findChildren<QLabel *>())
        shown += l->text();
    QVERIFY2(shown.contains(
                 QStringLiteral("This pickle would call posix.system(...) if unpickled — CacheScope did not "
                                "run it")),
             qPrintable(shown));
    QVERIFY(m_window->valuePanel()->displayedRepr().contains(QStringLiteral("posix.system('echo pwned')")));
    QVERIFY(m_window->valuePanel()->decodedValue().dangerous);
    screenshot(m_window.get(), QStringLiteral("value-danger"));
}

void TestValuePanelDjango::truncatedPickle()
{
    select("shop:4:broken");
    auto *banner = child<QWidget>("decodeErrorBanner");
    QTRY_VERIFY(banner->isVisible());
    QString shown;
    for (QLabel *l : banner->findChildren<QLabel *>())
        shown += l->text();
    QVERIFY2(shown.contains(QStringLiteral("offset")), qPrintable(shown));
    // The other tabs still show the bytes.
    QVERIFY(child<QPlainTextEdit>("hexView")->toPlainText().startsWith(QStringLiteral("00000000  80 04 95")));
    QCOMPARE(tabTitle(child<QTabWidget>("valueTabs")), QStringLiteral("Python"));
}

void TestValuePanelDjango::cachedResponse()
{
    select("shop:4:views.decorators.cache.cache_page.pages.GET.402f67185b58eb568d31893d4091ad7d"
           ".d41d8cd98f00b204e9800998ecf8427e.en-us.UTC");
    auto *tabs = child<QTabWidget>("valueTabs");
    QTRY_COMPARE(tabTitle(tabs), QStringLiteral("Response"));
    const QString response = child<QPlainTextEdit>("responseView")->toPlainText();
    QVERIFY2(response.startsWith(QStringLiteral("HTTP 200 OK")), qPrintable(response));
    QVERIFY(response.contains(QStringLiteral("Content-Type: text/html; charset=utf-8\n")));
    QVERIFY(response.contains(QStringLiteral("X-Served-By: cache\n")));
    QVERIFY(response.endsWith(QStringLiteral("\n\n<h1>Hello</h1>")));
    QVERIFY(child<QLabel>("djangoKey")->text().contains(QStringLiteral("cache_page page · GET")));
    QVERIFY(child<QLabel>("breadcrumb")->text().endsWith(QStringLiteral("HttpResponse 200, 14 bytes")));
    screenshot(m_window.get(), QStringLiteral("value-response"));
}

void TestValuePanelDjango::bigDictOpensLazily()
{
    select("shop:4:big");
    openTreeTab();
    auto *tree = child<QTreeView>("valueTree");
    auto *model = qobject_cast<PyTreeModel *>(tree->model());
    QVERIFY(model);
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QModelIndex root = model->index(0, 0);
    QTRY_VERIFY(tree->isExpanded(root));
    // A chunk or two (what the view asked for), not 20,000 rows; more arrive when asked.
    const int shown = model->rowCount(root);
    QVERIFY2(shown > 0 && shown <= 4 * PyTreeModel::ChunkSize && shown % PyTreeModel::ChunkSize == 0,
             qPrintable(QString::number(shown)));
    QVERIFY(model->canFetchMore(root));
    model->fetchMore(root);
    QCOMPARE(model->rowCount(root), shown + PyTreeModel::ChunkSize);
    QCOMPARE(model->index(999, PyTreeModel::NameColumn, root).data().toString(), QStringLiteral("'k00999'"));
    QCOMPARE(model->index(999, PyTreeModel::ValueColumn, root).data().toString(), QStringLiteral("999"));
}

void TestValuePanelDjango::namespacesAfterScan()
{
    auto *tabs = child<QTabWidget>("centreTabs");
    tabs->setCurrentWidget(m_window->namespacePanel());
    NamespacePanel *panel = m_window->namespacePanel();
    panel->refresh();
    QAbstractItemModelTester tester(panel->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_COMPARE(panel->summaryText(), QStringLiteral("71 keys in 3 namespaces"));
    QTreeView *view = panel->view();
    QAbstractItemModel *model = view->model(); // sorted by keys, largest first
    QCOMPARE(model->rowCount(), 2);            // shop, rq
    const QModelIndex shop = model->index(0, 0);
    QCOMPARE(shop.data().toString(), QStringLiteral("shop"));
    QCOMPARE(model->index(0, NamespaceModel::KeysColumn).data().toString(), QStringLiteral("70"));
    QCOMPARE(model->rowCount(shop), 2);
    QCOMPARE(model->index(0, 0, shop).data().toString(), QStringLiteral("shop:3:*"));
    QCOMPARE(model->index(0, NamespaceModel::KeysColumn, shop).data().toString(), QStringLiteral("50"));
    QCOMPARE(model->index(1, 0, shop).data().toString(), QStringLiteral("shop:4:*"));
    QCOMPARE(model->index(1, NamespaceModel::KeysColumn, shop).data().toString(), QStringLiteral("20"));
    QCOMPARE(model->index(1, 0).data().toString(), QStringLiteral("rq:*"));
    QCOMPARE(panel->chart()->labels().value(0), QStringLiteral("shop:3:*  50"));
    QCOMPARE(panel->chart()->labels().value(1), QStringLiteral("shop:4:*  20"));
    screenshot(m_window.get(), QStringLiteral("namespaces"));

    // Double-click: the key list, filtered to that namespace.
    const QModelIndex old = model->index(0, 0, shop);
    view->scrollTo(old);
    // A double-click is a press/release followed by the double-click event, as a mouse sends it.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(old).center());
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(old).center());
    QTRY_COMPARE(tabs->currentWidget(), m_window->keyPanel());
    QCOMPARE(child<QLineEdit>("filterEdit")->text(), QStringLiteral("shop:3:*"));
    QTRY_COMPARE(m_window->keyPanel()->model()->visibleKeyCount(), qint64(50));
}

QTEST_MAIN(TestValuePanelDjango)
#include "tst_valuepanel_django.moc"

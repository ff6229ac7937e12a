// The real main window against a real redis-server, driven through its widgets with
// QTest: add a connection in the dialog (Ctrl+N), test it, save, connect, wait for the
// keys, filter, click a key, read its value, delete it with the Delete key + confirm.
// Set CACHESCOPE_SCREENSHOT_DIR to also save PNGs of the window on the way.
#include "connections/connectionsdialog.h"
#include "keys/keypanel.h"
#include "mainwindow/mainwindow.h"
#include "model/keytreemodel.h"
#include "redisserver.h"
#include "session/connectionsession.h"
#include "values/valuepanel.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace cachescope;

namespace {

constexpr int Slow = 15000;

void screenshot(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("CACHESCOPE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        w->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

void clickIndex(QTreeView *view, const QModelIndex &index)
{
    view->scrollTo(index);
    const QRect rect = view->visualRect(index);
    QVERIFY(rect.isValid());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void browseFilterReadDelete();
    void readOnlyConnectionCannotDelete();
    void hashShowsAsTable();
    void unreachableServerShowsBannerInPlace();

private:
    QTemporaryDir m_config;
    test::RedisServer m_redis;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_config.isValid());
    qputenv("CACHESCOPE_CONFIG_DIR", m_config.path().toUtf8());
    qputenv("CACHESCOPE_NO_KEYCHAIN", "1");
    QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString()));
    QVERIFY(m_redis.fill(200, "shop:1:product:"));
    m_redis.command({"SET", "shop:1:config", R"({"currency":"EUR","vat":[19,7]})"});
    m_redis.command({"SET", "plain", "hello world"});
    m_redis.command({"HSET", "shop:1:user:42", "name", "Ada", "email", "ada@example.com"});
    QCOMPARE(m_redis.command({"DBSIZE"}).integer, 203);
}

void TestMainWindow::browseFilterReadDelete()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));

    // Ctrl+N opens the dialog on a new entry.
    QTest::keyClick(&w, Qt::Key_N, Qt::ControlModifier);
    ConnectionsDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = w.findChild<ConnectionsDialog *>()) && dialog->isVisible());
    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"));
    auto *url = dialog->findChild<QLineEdit *>(QStringLiteral("urlEdit"));
    QVERIFY(name && url);
    name->clear();
    QTest::keyClicks(name, QStringLiteral("test redis"));
    url->clear();
    QTest::keyClicks(url, m_redis.url(QStringLiteral(":pw-not-needed")));
    // The fields follow the URL; the password moves out of it.
    QCOMPARE(dialog->findChild<QSpinBox *>(QStringLiteral("portSpin"))->value(), int(m_redis.port()));
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->text(), QStringLiteral("pw-not-needed"));
    // Leaving the URL field rewrites it without the password.
    QVERIFY(QTest::qWaitForWindowActive(dialog));
    url->setFocus();
    QTRY_VERIFY(url->hasFocus());
    name->setFocus();
    QTRY_VERIFY(!url->text().contains(QStringLiteral("pw-not-needed")));
    // A server without requirepass ignores no password; clear it so AUTH is not sent.
    dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->clear();

    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("testButton")), Qt::LeftButton);
    auto *result = dialog->findChild<QLabel *>(QStringLiteral("testResult"));
    QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QStringLiteral("connected: Redis")), Slow);
    QVERIFY2(result->text().contains(QStringLiteral("203 keys")), qPrintable(result->text()));
    screenshot(dialog, QStringLiteral("connections-dialog"));

    auto *buttons = dialog->findChild<QDialogButtonBox *>();
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(!w.findChild<ConnectionsDialog *>());

    // Saved (without a password) and connected at once; the keys stream in.
    QCOMPARE(w.connections().size(), 1);
    QCOMPARE(w.connections().at(0).name, QStringLiteral("test redis"));
    KeyTreeModel *model = w.keyPanel()->model();
    QTRY_COMPARE_WITH_TIMEOUT(model->keyCount(), qint64(203), Slow);
    QTRY_VERIFY(!w.keyPanel()->isScanning());
    QVERIFY(w.session() && w.session()->state() == ConnectionSession::State::Connected);
    QTRY_VERIFY(w.findChild<QLabel *>(QStringLiteral("scanStatus"))->text().startsWith(QStringLiteral("203 keys")));

    // Filter as you type (debounced), then click the one match.
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QTest::keyClick(&w, Qt::Key_F, Qt::ControlModifier);
    auto *filter = w.findChild<QLineEdit *>(QStringLiteral("filterEdit"));
    QTRY_VERIFY(filter->hasFocus());
    QTest::keyClicks(filter, QStringLiteral("config"));
    QTRY_COMPARE(model->visibleKeyCount(), qint64(1));
    const QByteArray key = "shop:1:config";
    QModelIndex index;
    QTRY_VERIFY((index = model->indexForKey(key)).isValid());
    QTreeView *view = w.keyPanel()->view();
    clickIndex(view, index);
    QTRY_COMPARE_WITH_TIMEOUT(w.valuePanel()->currentValue().key, key, Slow);
    QTRY_VERIFY(w.valuePanel()->displayedText().contains(QStringLiteral("\"currency\":\"EUR\"")));
    auto *json = w.findChild<QPlainTextEdit *>(QStringLiteral("jsonView"));
    QVERIFY2(json->toPlainText().contains(QStringLiteral("\"currency\": \"EUR\"")), qPrintable(json->toPlainText()));
    QCOMPARE(w.findChild<QLabel *>(QStringLiteral("breadcrumb"))->text(), QStringLiteral("json → dict, 2 items"));
    // Lazy meta filled in the row's type.
    QTRY_COMPARE_WITH_TIMEOUT(model->indexForKey(key, KeyTreeModel::TypeColumn).data().toString(),
                              QStringLiteral("string"), Slow);
    screenshot(&w, QStringLiteral("main-window"));

    // Delete key on the view, the confirmation names the key, confirm.
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Delete);
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = w.findChild<QMessageBox *>(QStringLiteral("confirmDelete"))) && box->isVisible());
    QVERIFY2(box->text().contains(QString::fromUtf8(key)), qPrintable(box->text()));
    QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmDeleteButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!model->indexForKey(key).isValid(), Slow);
    QCOMPARE(model->keyCount(), qint64(202));
    QCOMPARE(m_redis.command({"EXISTS", key}).integer, 0);
    QVERIFY(w.valuePanel()->currentKey().isNull());

    // The product keys are still there: clear the filter and reload with F5.
    filter->clear();
    QTest::keyClick(&w, Qt::Key_F5);
    QTRY_COMPARE_WITH_TIMEOUT(model->keyCount(), qint64(202), Slow);
}

void TestMainWindow::readOnlyConnectionCannotDelete()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openUrl(m_redis.url(QString(), QStringLiteral("readonly=true")), QStringLiteral("ro")));
    KeyTreeModel *model = w.keyPanel()->model();
    QTRY_VERIFY_WITH_TIMEOUT(model->keyCount() > 0, Slow);
    QModelIndex index;
    QTRY_VERIFY((index = model->indexForKey("plain")).isValid());
    clickIndex(w.keyPanel()->view(), index);
    QTRY_COMPARE_WITH_TIMEOUT(w.valuePanel()->displayedText(), QStringLiteral("hello world"), Slow);
    QAction *del = w.keyPanel()->deleteAction();
    QVERIFY(!del->isEnabled());
    QVERIFY(del->toolTip().contains(QStringLiteral("read-only")));
    auto *valueDelete = w.findChild<QPushButton *>(QStringLiteral("deleteValueButton"));
    QVERIFY(!valueDelete->isEnabled());
    QVERIFY(valueDelete->toolTip().contains(QStringLiteral("read-only")));
    QTest::keyClick(w.keyPanel()->view(), Qt::Key_Delete);
    QTest::qWait(50);   // nothing may appear; there is no signal to wait for
    QVERIFY(!w.findChild<QMessageBox *>(QStringLiteral("confirmDelete")));
    QCOMPARE(m_redis.command({"EXISTS", "plain"}).integer, 1);
}

void TestMainWindow::hashShowsAsTable()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openUrl(m_redis.url(), QStringLiteral("test redis")));
    KeyTreeModel *model = w.keyPanel()->model();
    QTRY_VERIFY_WITH_TIMEOUT(!w.keyPanel()->isScanning() && model->keyCount() > 0, Slow);
    QModelIndex index;
    QTRY_VERIFY((index = model->indexForKey("shop:1:user:42")).isValid());
    clickIndex(w.keyPanel()->view(), index);
    auto *table = w.findChild<QTableView *>(QStringLiteral("collectionTable"));
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 2, Slow);
    QVERIFY(table->isVisible());
    QStringList cells;
    for (int r = 0; r < 2; ++r)
        cells << table->model()->index(r, 0).data().toString() + QLatin1Char('=') +
                     table->model()->index(r, 1).data().toString();
    cells.sort();
    QCOMPARE(cells, QStringList({QStringLiteral("email=ada@example.com"), QStringLiteral("name=Ada")}));
    QCOMPARE(w.findChild<QLabel *>(QStringLiteral("valueType"))->text(), QStringLiteral("Type: hash"));
    screenshot(&w, QStringLiteral("hash-value"));
}

void TestMainWindow::unreachableServerShowsBannerInPlace()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openUrl(QStringLiteral("redis://127.0.0.1:1/0?connect_timeout=2")));
    auto *banner = w.findChild<QWidget *>(QStringLiteral("connectionBanner"));
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), Slow);
    QVERIFY(w.session()->state() == ConnectionSession::State::Failed);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

// The real main window against a real memcached and a SQLite cache table written by
// Django (populate.py), driven through its widgets: the connection dialog fills the
// memcached fields from the URL and tests it, the key table shows the memcached columns,
// a click reads a value, Delete deletes; the DB table shows its expired row as expired
// and "Remove expired rows" removes it; the Server tab shows memcached `stats`.
// Set CACHESCOPE_SCREENSHOT_DIR to also save PNGs of the window on the way.
#include "connections/connectionsdialog.h"
#include "keys/keypanel.h"
#include "mainwindow/mainwindow.h"
#include "memcachedserver.h"
#include "model/keytreemodel.h"
#include "python.h"
#include "server/serverpanel.h"
#include "session/connectionsession.h"
#include "sqlitewriter.h"
#include "values/valuepanel.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace cachescope;

namespace {

constexpr int Slow = 20000;

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

class TestMainWindowBackends : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void memcachedThroughTheDialog();
    void memcachedServerTab();
    void sqliteExpiredRows();

private:
    QTemporaryDir m_dir;
    test::MemcachedServer m_mc;
    QString m_sqlite;
    QByteArray m_expiredKey;
};

void TestMainWindowBackends::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("CACHESCOPE_CONFIG_DIR", m_dir.filePath(QStringLiteral("config")).toUtf8());
    qputenv("CACHESCOPE_NO_KEYCHAIN", "1");
    QVERIFY2(m_mc.start(), qPrintable(m_mc.errorString()));
    QVERIFY(m_mc.set("alpha", "first value", 0, 600));
    QVERIFY(m_mc.set("beta", "second value", 0, 0));
    QVERIFY(m_mc.set("gamma", "third value", 0, 3600));

    m_sqlite = m_dir.filePath(QStringLiteral("site.sqlite3"));
    const test::PythonRun run = test::runPython(test::fixturesDir() + QStringLiteral("/populate.py"),
                                                {QStringLiteral("--sqlite"), m_sqlite});
    QVERIFY2(run.ok, qPrintable(run.error));
    m_expiredKey = test::querySql(m_sqlite, QStringLiteral("SELECT cache_key FROM django_cache "
                                                           "WHERE cache_key LIKE '%already_expired'"))
                       .toString()
                       .toUtf8();
    QVERIFY(!m_expiredKey.isEmpty());
}

void TestMainWindowBackends::memcachedThroughTheDialog()
{
    MainWindow w;
    w.resize(1400, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));

    QTest::keyClick(&w, Qt::Key_N, Qt::ControlModifier);
    ConnectionsDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = w.findChild<ConnectionsDialog *>()) && dialog->isVisible());
    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"));
    auto *url = dialog->findChild<QLineEdit *>(QStringLiteral("urlEdit"));
    name->clear();
    QTest::keyClicks(name, QStringLiteral("test memcached"));

    // A SQLite URL shows the file and table fields (and no host).
    url->clear();
    QTest::keyClicks(url, QStringLiteral("sqlite:///srv/site/db.sqlite3?table=my_cache"));
    QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("backendCombo"))->currentText(),
             QStringLiteral("Django DB cache table: SQLite"));
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("fileEdit"))->text(),
             QStringLiteral("/srv/site/db.sqlite3"));
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("tableEdit"))->text(), QStringLiteral("my_cache"));
    QVERIFY(dialog->findChild<QLineEdit *>(QStringLiteral("fileEdit"))->isVisible());
    QVERIFY(!dialog->findChild<QLineEdit *>(QStringLiteral("hostEdit"))->isVisible());

    // A memcached URL with SASL credentials: the password moves out of the URL.
    url->clear();
    QTest::keyClicks(url, QStringLiteral("memcached://u:sasl-pw@") + m_mc.address());
    QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("backendCombo"))->currentText(), QStringLiteral("Memcached"));
    auto *servers = dialog->findChild<QLineEdit *>(QStringLiteral("serversEdit"));
    QVERIFY(servers->isVisible());
    QCOMPARE(servers->text(), m_mc.address());
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->text(),
             QStringLiteral("sasl-pw"));
    QVERIFY(!dialog->findChild<QLineEdit *>(QStringLiteral("fileEdit"))->isVisible());
    // No SASL on this server: clear user and password through the fields; the URL follows.
    auto *user = dialog->findChild<QLineEdit *>(QStringLiteral("userEdit"));
    user->selectAll();
    QTest::keyClick(user, Qt::Key_Delete);
    dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->clear();
    QCOMPARE(url->text(), m_mc.url());

    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("testButton")), Qt::LeftButton);
    auto *result = dialog->findChild<QLabel *>(QStringLiteral("testResult"));
    QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QStringLiteral("connected:")), Slow);
    screenshot(dialog, QStringLiteral("connections-dialog-memcached"));
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(!w.findChild<ConnectionsDialog *>());
    QCOMPARE(w.connections().size(), 1);
    QCOMPARE(w.connections().at(0).spec.backend, BackendKind::Memcached);

    KeyTreeModel *model = w.keyPanel()->model();
    QTRY_COMPARE_WITH_TIMEOUT(model->keyCount(), qint64(3), Slow);
    QTRY_VERIFY(!w.keyPanel()->isScanning());
    // Memcached columns: server instead of type.
    QHeaderView *header = w.keyPanel()->view()->header();
    QVERIFY(header->isSectionHidden(KeyTreeModel::TypeColumn));
    QVERIFY(!header->isSectionHidden(KeyTreeModel::ServerColumn));
    QVERIFY(!header->isSectionHidden(KeyTreeModel::SlabColumn));
    QTRY_COMPARE_WITH_TIMEOUT(model->indexForKey("alpha", KeyTreeModel::ServerColumn).data().toString(),
                              m_mc.address(), Slow);
    QCOMPARE(model->indexForKey("beta", KeyTreeModel::TtlColumn).data().toString(), QStringLiteral("never"));
    QVERIFY(model->indexForKey("alpha", KeyTreeModel::SlabColumn).data().toInt() > 0);
    QVERIFY(!model->indexForKey("alpha", KeyTreeModel::SizeColumn).data().toString().isEmpty());

    const QModelIndex gamma = model->indexForKey("gamma");
    clickIndex(w.keyPanel()->view(), gamma);
    QTRY_COMPARE_WITH_TIMEOUT(w.valuePanel()->currentValue().key, QByteArray("gamma"), Slow);
    QTRY_VERIFY(w.valuePanel()->displayedText().contains(QStringLiteral("third value")));
    screenshot(&w, QStringLiteral("main-window-memcached"));

    QTreeView *view = w.keyPanel()->view();
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    view->setFocus();
    QTRY_VERIFY(view->hasFocus());
    QTest::keyClick(view, Qt::Key_Delete);
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = w.findChild<QMessageBox *>(QStringLiteral("confirmDelete"))) && box->isVisible());
    QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmDeleteButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!model->indexForKey("gamma").isValid(), Slow);
    QCOMPARE(model->keyCount(), qint64(2));
    QCOMPARE(m_mc.command("get gamma\r\n"), QByteArray("END\r\n"));
    QVERIFY(m_mc.command("get alpha\r\n").contains("first value"));
}

void TestMainWindowBackends::memcachedServerTab()
{
    MainWindow w;
    w.resize(1400, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openUrl(m_mc.url(), QStringLiteral("mc")));
    QTRY_VERIFY_WITH_TIMEOUT(w.session() && w.session()->state() == ConnectionSession::State::Connected,
                             Slow);
    w.centreTabs()->setCurrentWidget(w.serverPanel());
    ServerPanel *panel = w.serverPanel();
    QTRY_VERIFY_WITH_TIMEOUT(!panel->tables().isEmpty(), Slow);
    QStringList sections;
    for (const ServerStats &t : panel->tables())
        sections << t.section;
    QVERIFY2(sections.contains(QStringLiteral("stats")), qPrintable(sections.join(u", ")));
    // The first table is shown; `stats` has curr_items among its rows.
    const int statsRow = int(sections.indexOf(QStringLiteral("stats")));
    panel->sectionList()->setCurrentRow(statsRow);
    QTableWidget *table = panel->table();
    QVERIFY(table->rowCount() > 10);
    QStringList names;
    for (int r = 0; r < table->rowCount(); ++r)
        names << table->item(r, 0)->text();
    QVERIFY2(names.contains(QStringLiteral("curr_items")), qPrintable(names.join(u", ")));
    QVERIFY(panel->sectionList()->item(statsRow)->text().contains(m_mc.address()));
    screenshot(&w, QStringLiteral("server-tab-memcached"));
}

void TestMainWindowBackends::sqliteExpiredRows()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openUrl(QStringLiteral("sqlite://") + m_sqlite, QStringLiteral("site db")));
    KeyTreeModel *model = w.keyPanel()->model();
    const qint64 rows =
        test::querySql(m_sqlite, QStringLiteral("SELECT count(*) FROM django_cache")).toLongLong();
    QVERIFY(rows > 3);
    QTRY_COMPARE_WITH_TIMEOUT(model->keyCount(), rows, Slow);
    QTRY_VERIFY(!w.keyPanel()->isScanning());
    QHeaderView *header = w.keyPanel()->view()->header();
    QVERIFY(header->isSectionHidden(KeyTreeModel::TypeColumn));
    QVERIFY(header->isSectionHidden(KeyTreeModel::ServerColumn));
    QVERIFY(model->headerData(KeyTreeModel::SizeColumn, Qt::Horizontal, Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("base64")));
    model->setMode(KeyTreeModel::Mode::Flat); // every row on screen, so its meta is read
    QTRY_COMPARE_WITH_TIMEOUT(model->indexForKey(m_expiredKey, KeyTreeModel::TtlColumn).data().toString(),
                              QStringLiteral("expired"), Slow);
    screenshot(&w, QStringLiteral("main-window-sqlite"));

    QAction *remove = w.keyPanel()->removeExpiredAction();
    QVERIFY(remove->isVisible());
    QTRY_VERIFY(remove->isEnabled());
    remove->trigger();
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = w.findChild<QMessageBox *>(QStringLiteral("confirmRemoveExpired"))) &&
                box->isVisible());
    QPushButton *yes = nullptr;
    for (QAbstractButton *b : box->buttons()) {
        if (box->buttonRole(b) == QMessageBox::DestructiveRole)
            yes = qobject_cast<QPushButton *>(b);
    }
    QVERIFY(yes);
    QTest::mouseClick(yes, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(
        test::querySql(m_sqlite, QStringLiteral("SELECT count(*) FROM django_cache "
                                                "WHERE cache_key LIKE '%already_expired'"))
            .toLongLong(),
        0LL, Slow);
    // Listed again without it.
    QTRY_VERIFY_WITH_TIMEOUT(!w.keyPanel()->isScanning() && model->keyCount() == rows - 1, Slow);
    QVERIFY(!model->indexForKey(m_expiredKey).isValid());
    QTRY_VERIFY(
        w.findChild<QLabel *>(QStringLiteral("scanStatus"))->text().contains(QStringLiteral("expired")));
}

QTEST_MAIN(TestMainWindowBackends)
#include "tst_mainwindow_backends.moc"

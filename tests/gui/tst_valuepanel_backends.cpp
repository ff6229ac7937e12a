// The value panel decodes with the backend's own context, through the real main window:
// memcached items by their flags (pymemcache: 0 bytes, 2 int, 16 text), with the server
// and flags in the header; a DB cache row past its expiry reads "expired (Django reads it
// as a miss)" and still decodes from the already base64-decoded bytes.
#include "keys/keypanel.h"
#include "mainwindow/mainwindow.h"
#include "memcachedserver.h"
#include "model/keytreemodel.h"
#include "sqlitewriter.h"
#include "values/valuepanel.h"

#include <QLabel>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace cachescope;

namespace {
constexpr int Slow = 15000;
}

class TestValuePanelBackends : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void memcachedFlags_data();
    void memcachedFlags();
    void expiredDbRow();

private:
    void open(const QString &url, int keys);
    void select(const QByteArray &key);
    QLabel *label(const char *name) { return m_window->findChild<QLabel *>(QLatin1StringView(name)); }

    QTemporaryDir m_config;
    test::MemcachedServer m_mc;
    std::unique_ptr<MainWindow> m_window;
};

void TestValuePanelBackends::initTestCase()
{
    QVERIFY(m_config.isValid());
    qputenv("CACHESCOPE_CONFIG_DIR", m_config.path().toUtf8());
    qputenv("CACHESCOPE_NO_KEYCHAIN", "1");
    QVERIFY2(m_mc.start(), qPrintable(m_mc.errorString()));
    QVERIFY(m_mc.set("app:1:digits-as-bytes", "42", 0, 600));
    QVERIFY(m_mc.set("app:1:int", "42", 2, 600));
    QVERIFY(m_mc.set("app:1:text", "h\xc3\xa9llo", 16, 600));
}

void TestValuePanelBackends::cleanup()
{
    m_window.reset();
}

void TestValuePanelBackends::open(const QString &url, int keys)
{
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1200, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->openUrl(url));
    KeyTreeModel *model = m_window->keyPanel()->model();
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->keyPanel()->isScanning() && model->keyCount() == keys, Slow);
}

void TestValuePanelBackends::select(const QByteArray &key)
{
    KeyTreeModel *model = m_window->keyPanel()->model();
    QModelIndex index;
    QTRY_VERIFY((index = model->indexForKey(key)).isValid());
    QTreeView *view = m_window->keyPanel()->view();
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->valuePanel()->currentKey(), key, Slow);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->valuePanel()->decodedValue().chain.isEmpty(), false, Slow);
}

void TestValuePanelBackends::memcachedFlags_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<quint32>("flags");
    QTest::addColumn<QString>("repr");
    // "42" with flags 0 is bytes: decoding it like Redis would wrongly say int.
    QTest::newRow("bytes") << QByteArray("app:1:digits-as-bytes") << 0u << QStringLiteral("b'42'");
    QTest::newRow("int") << QByteArray("app:1:int") << 2u << QStringLiteral("42");
    QTest::newRow("text") << QByteArray("app:1:text") << 16u << QStringLiteral("'h\u00e9llo'");
}

void TestValuePanelBackends::memcachedFlags()
{
    QFETCH(QByteArray, key);
    QFETCH(quint32, flags);
    QFETCH(QString, repr);
    open(m_mc.url(), 3);
    select(key);
    QCOMPARE(m_window->valuePanel()->decodedValue().repr, repr);
    QLabel *store = label("valueStore");
    QVERIFY(store);
    QVERIFY(store->isVisible());
    QCOMPARE(store->text(), QStringLiteral("Server: %1  Flags: %2").arg(m_mc.address()).arg(flags));
}

void TestValuePanelBackends::expiredDbRow()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("cache.sqlite3"));
    const QList<QVariantList> rows{
        {QStringLiteral("app:1:stale"), QStringLiteral("gAWVCQAAAAAAAACMBXN0YWxllC4="),
         QStringLiteral("2001-01-01 00:00:00")},
        {QStringLiteral("app:1:fresh"), QStringLiteral("gAWVCQAAAAAAAACMBXN0YWxllC4="),
         QStringLiteral("9999-12-31 23:59:59")}};
    QVERIFY(test::execSql(
        db, {test::djangoCacheTableSql(), QStringLiteral("INSERT INTO django_cache VALUES (?, ?, ?)")},
        rows));
    open(QStringLiteral("sqlite://") + db, 2);
    select("app:1:stale");
    QCOMPARE(m_window->valuePanel()->decodedValue().repr, QStringLiteral("'stale'"));
    QCOMPARE(m_window->valuePanel()->decodedValue().chain.value(0), QStringLiteral("pickle v5"));
    QLabel *ttl = label("valueTtl");
    QVERIFY(ttl);
    QCOMPARE(ttl->text(), QStringLiteral("TTL: expired (Django reads it as a miss)"));
    QVERIFY(!label("valueStore")->isVisible());
    select("app:1:fresh");
    QTRY_VERIFY_WITH_TIMEOUT(ttl->text().startsWith(u"TTL: ") && !ttl->text().contains(u"expired"), Slow);
}

QTEST_MAIN(TestValuePanelBackends)
#include "tst_valuepanel_backends.moc"

// The connection editor's memcached client choice (pymemcache / pylibmc): offered only for
// memcached connections, edits the SavedConnection, survives the settings file, and the
// value panel decodes a real memcached item with it (flags 16: text for pymemcache, a
// bool for pylibmc).
#include "connections/connectioneditor.h"
#include "keys/keypanel.h"
#include "mainwindow/mainwindow.h"
#include "memcachedserver.h"
#include "model/keytreemodel.h"
#include "settings/appsettings.h"
#include "values/valuepanel.h"

#include <QComboBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QFormLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace cachescope;
using namespace Qt::StringLiterals;

namespace {
constexpr int Slow = 15000;
}

class TestConnectionEditor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void offeredForMemcachedOnly_data();
    void offeredForMemcachedOnly();
    void choiceEditsAndPersists();
    void valuePanelDecodesWithChoice_data();
    void valuePanelDecodesWithChoice();
    void clusterAndSentinelFields();
    void sentinelLoginFields();

private:
    QTemporaryDir m_config;
};

void TestConnectionEditor::initTestCase()
{
    QVERIFY(m_config.isValid());
    qputenv("CACHESCOPE_CONFIG_DIR", m_config.path().toUtf8());
    qputenv("CACHESCOPE_NO_KEYCHAIN", "1");
}

void TestConnectionEditor::offeredForMemcachedOnly_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("offered");
    QTest::newRow("memcached") << QStringLiteral("memcached://127.0.0.1:11211") << true;
    QTest::newRow("memcached pool") << QStringLiteral("memcached://10.0.0.1:11211,10.0.0.2:11211") << true;
    QTest::newRow("redis") << QStringLiteral("redis://127.0.0.1:6379/0") << false;
    QTest::newRow("sqlite") << QStringLiteral("sqlite:///tmp/db.sqlite3?table=django_cache") << false;
}

void TestConnectionEditor::offeredForMemcachedOnly()
{
    QFETCH(QString, url);
    QFETCH(bool, offered);
    const auto spec = ConnectionSpec::parse(url);
    QVERIFY2(spec, qPrintable(spec ? QString() : spec.error().message));
    ConnectionEditor editor;
    editor.setConnection(SavedConnection::create(QStringLiteral("c"), *spec));
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    auto *combo = editor.findChild<QComboBox *>(QStringLiteral("memcachedClientCombo"));
    QVERIFY(combo);
    QCOMPARE(combo->isVisible(), offered);
}

void TestConnectionEditor::choiceEditsAndPersists()
{
    const auto spec = ConnectionSpec::parse(QStringLiteral("memcached://127.0.0.1:11211"));
    QVERIFY(spec);
    ConnectionEditor editor;
    editor.setConnection(SavedConnection::create(QStringLiteral("mc"), *spec));
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    auto *combo = editor.findChild<QComboBox *>(QStringLiteral("memcachedClientCombo"));
    QVERIFY(combo);
    QCOMPARE(MemcachedFlavor(combo->currentData().toInt()), MemcachedFlavor::PyMemcache);
    QCOMPARE(editor.connection().memcachedClient, MemcachedFlavor::PyMemcache);

    QSignalSpy edited(&editor, &ConnectionEditor::edited);
    // Pick pylibmc the way a user does: focus the combo and step to the next entry.
    combo->setFocus();
    QTest::keyClick(combo, Qt::Key_Down);
    QCOMPARE(MemcachedFlavor(combo->currentData().toInt()), MemcachedFlavor::PyLibMc);
    QVERIFY(edited.count() >= 1);
    const SavedConnection chosen = editor.connection();
    QCOMPARE(chosen.memcachedClient, MemcachedFlavor::PyLibMc);
    QCOMPARE(chosen.decodeSettings().memcachedClient, MemcachedFlavor::PyLibMc);

    // Saved and loaded again: still pylibmc, and the editor shows it without emitting edited().
    QTemporaryDir dir;
    AppSettings settings(dir.path());
    QVERIFY(settings.saveConnections({chosen}));
    const auto loaded = settings.loadConnections();
    QVERIFY(loaded);
    QCOMPARE(loaded->size(), 1);
    QCOMPARE(loaded->first().memcachedClient, MemcachedFlavor::PyLibMc);
    ConnectionEditor again;
    QSignalSpy editedAgain(&again, &ConnectionEditor::edited);
    again.setConnection(loaded->first());
    auto *againCombo = again.findChild<QComboBox *>(QStringLiteral("memcachedClientCombo"));
    QVERIFY(againCombo);
    QCOMPARE(MemcachedFlavor(againCombo->currentData().toInt()), MemcachedFlavor::PyLibMc);
    QCOMPARE(editedAgain.count(), 0);
}

void TestConnectionEditor::valuePanelDecodesWithChoice_data()
{
    QTest::addColumn<int>("client");
    QTest::addColumn<QString>("repr");
    // The same item, "1" with flags 16, read as each client wrote it.
    QTest::newRow("pymemcache") << int(MemcachedFlavor::PyMemcache) << QStringLiteral("'1'");
    QTest::newRow("pylibmc") << int(MemcachedFlavor::PyLibMc) << QStringLiteral("True");
}

void TestConnectionEditor::valuePanelDecodesWithChoice()
{
    QFETCH(int, client);
    QFETCH(QString, repr);
    test::MemcachedServer mc;
    QVERIFY2(mc.start(), qPrintable(mc.errorString()));
    QVERIFY(mc.set("app:1:flag", "1", 16, 600));

    // The choice goes through the settings file, as the connections dialog saves it.
    const auto spec = ConnectionSpec::parse(mc.url());
    QVERIFY(spec);
    SavedConnection saved = SavedConnection::create(QStringLiteral("mc"), *spec);
    saved.memcachedClient = MemcachedFlavor(client);
    AppSettings settings;
    QVERIFY(settings.saveConnections({saved}));

    MainWindow window;
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.connections().size(), 1);
    QCOMPARE(window.connections().first().memcachedClient, MemcachedFlavor(client));
    window.connectTo(saved.id);
    KeyTreeModel *model = window.keyPanel()->model();
    QTRY_VERIFY_WITH_TIMEOUT(!window.keyPanel()->isScanning() && model->keyCount() == 1, Slow);
    QModelIndex index;
    QTRY_VERIFY((index = model->indexForKey("app:1:flag")).isValid());
    QTreeView *view = window.keyPanel()->view();
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
    QTRY_COMPARE_WITH_TIMEOUT(window.valuePanel()->currentKey(), QByteArray("app:1:flag"), Slow);
    QTRY_COMPARE_WITH_TIMEOUT(window.valuePanel()->decodedValue().chain.isEmpty(), false, Slow);
    QCOMPARE(window.valuePanel()->decodedValue().repr, repr);
}

// Cluster seeds and Sentinels are picked like any backend; the fields and the URL follow
// each other both ways.
void TestConnectionEditor::clusterAndSentinelFields()
{
    ConnectionEditor editor;
    editor.setConnection(SavedConnection::create(QStringLiteral("r"), *ConnectionSpec::parse(u"redis://h/0"_s)));
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    auto *backend = editor.findChild<QComboBox *>(QStringLiteral("backendCombo"));
    auto *servers = editor.findChild<QLineEdit *>(QStringLiteral("serversEdit"));
    auto *service = editor.findChild<QLineEdit *>(QStringLiteral("serviceEdit"));
    auto *serviceDb = editor.findChild<QSpinBox *>(QStringLiteral("serviceDbSpin"));
    auto *url = editor.findChild<QLineEdit *>(QStringLiteral("urlEdit"));
    QVERIFY(backend && servers && service && serviceDb && url);

    backend->setCurrentIndex(backend->findText(u"Redis Cluster"_s));
    QVERIFY(servers->isVisible());
    QVERIFY(!service->isVisible());
    servers->clear();
    servers->setFocus();
    QTest::keyClicks(servers, u"10.0.0.1:7000, 10.0.0.2:7001"_s);
    QCOMPARE(url->text(), u"redis+cluster://10.0.0.1:7000,10.0.0.2:7001"_s);
    QCOMPARE(editor.connection().spec.topology, RedisTopology::Cluster);
    QVERIFY(editor.problem().isEmpty());

    backend->setCurrentIndex(backend->findText(u"Redis Sentinel"_s));
    QVERIFY(service->isVisible());
    servers->clear();
    servers->setFocus();
    QTest::keyClicks(servers, u"s1,s2:5000"_s);
    service->clear();
    service->setFocus();
    QTest::keyClicks(service, u"cache"_s);
    serviceDb->setValue(2);
    QCOMPARE(url->text(), u"redis+sentinel://s1:26379,s2:5000/cache/2"_s);
    // CACHESCOPE_SCREENSHOT_DIR (installers/screenshots.sh): connection-sentinel.png
    if (const QString dir = qEnvironmentVariable("CACHESCOPE_SCREENSHOT_DIR"); !dir.isEmpty())
        QVERIFY(editor.grab().save(dir + u"/connection-sentinel.png"_s));
    const ConnectionSpec spec = editor.connection().spec;
    QCOMPARE(spec.topology, RedisTopology::Sentinel);
    QCOMPARE(spec.sentinelService, u"cache"_s);
    QCOMPARE(spec.db, 2);
    service->clear();
    QTest::keyClick(service, Qt::Key_Backspace); // an edit, so the editor re-reads the field
    QVERIFY(editor.problem().contains(u"service"_s));

    // A typed URL fills the fields.
    url->clear();
    url->setFocus();
    QTest::keyClicks(url, u"redis+sentinel://:pw@a:1,b:2/main/4"_s);
    QCOMPARE(backend->currentText(), u"Redis Sentinel"_s);
    QCOMPARE(servers->text(), u"a:1, b:2"_s);
    QCOMPARE(service->text(), u"main"_s);
    QCOMPARE(serviceDb->value(), 4);
}

void TestConnectionEditor::sentinelLoginFields()
{
    ConnectionEditor editor;
    editor.setConnection(SavedConnection::create(QStringLiteral("r"), *ConnectionSpec::parse(u"redis://h/0"_s)));
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    auto *backend = editor.findChild<QComboBox *>(QStringLiteral("backendCombo"));
    auto *url = editor.findChild<QLineEdit *>(QStringLiteral("urlEdit"));
    auto *password = editor.findChild<QLineEdit *>(QStringLiteral("passwordEdit"));
    auto *sentinelUser = editor.findChild<QLineEdit *>(QStringLiteral("sentinelUserEdit"));
    auto *sentinelPassword = editor.findChild<QLineEdit *>(QStringLiteral("sentinelPasswordEdit"));
    QVERIFY(backend && url && password && sentinelUser && sentinelPassword);
    QVERIFY(!sentinelPassword->isVisible());
    QCOMPARE(sentinelPassword->echoMode(), QLineEdit::Password);

    backend->setCurrentIndex(backend->findText(u"Redis Sentinel"_s));
    QVERIFY(sentinelUser->isVisible() && sentinelPassword->isVisible());
    QCOMPARE(url->text(), u"redis+sentinel://127.0.0.1:26379/mymaster"_s);
    // The Sentinels' user is part of the URL; their password is not.
    sentinelUser->setFocus();
    QTest::keyClicks(sentinelUser, u"sen"_s);
    QCOMPARE(url->text(), u"redis+sentinel://127.0.0.1:26379/mymaster?sentinel_username=sen"_s);
    QSignalSpy edited(&editor, &ConnectionEditor::edited);
    sentinelPassword->setFocus();
    QTest::keyClicks(sentinelPassword, u"s&p w"_s);
    QVERIFY(edited.count() >= 1);
    QCOMPARE(url->text(), u"redis+sentinel://127.0.0.1:26379/mymaster?sentinel_username=sen"_s);
    SavedConnection c = editor.connection();
    QCOMPARE(c.spec.sentinelUsername, u"sen"_s);
    QCOMPARE(c.spec.sentinelPassword, u"s&p w"_s);
    QVERIFY(c.hasSentinelPassword);
    QVERIFY(c.spec.password.isEmpty() && !c.hasPassword);
    QCOMPARE(c.spec.toUrl(true),
             u"redis+sentinel://127.0.0.1:26379/mymaster?sentinel_username=sen&sentinel_password=s%26p%20w"_s);
    // What the settings file gets: neither the password nor a trace of it.
    const QJsonObject json = c.toJson();
    QVERIFY(json.value(u"hasSentinelPassword").toBool());
    QVERIFY(!QJsonDocument(json).toJson().contains("s&p"));
    QVERIFY(!QJsonDocument(json).toJson().contains("s%26p"));

    // A typed URL with both passwords fills both fields, and loses them when the field is left.
    url->clear();
    url->setFocus();
    QTest::keyClicks(url, u"redis+sentinel://:mpw@a:1/main?sentinel_password=other%20pw&sentinel_username=u2"_s);
    QCOMPARE(sentinelUser->text(), u"u2"_s);
    QCOMPARE(sentinelPassword->text(), u"other pw"_s);
    QCOMPARE(password->text(), u"mpw"_s);
    QTest::keyClick(url, Qt::Key_Return); // editingFinished, as when the field loses focus
    QCOMPARE(url->text(), u"redis+sentinel://a:1/main?sentinel_username=u2"_s);
    c = editor.connection();
    QCOMPARE(c.spec.sentinelPassword, u"other pw"_s);
    QCOMPARE(c.spec.password, u"mpw"_s);

    // The saved connection shows its Sentinel password again; another backend drops it.
    ConnectionEditor reopened;
    reopened.setConnection(c);
    QCOMPARE(reopened.findChild<QLineEdit *>(QStringLiteral("sentinelPasswordEdit"))->text(), u"other pw"_s);
    backend->setCurrentIndex(backend->findText(u"Redis"_s));
    QVERIFY(!sentinelPassword->isVisible());
    QVERIFY(editor.connection().spec.sentinelPassword.isEmpty());
    QVERIFY(!editor.connection().hasSentinelPassword);
}

QTEST_MAIN(TestConnectionEditor)
#include "tst_connectioneditor.moc"

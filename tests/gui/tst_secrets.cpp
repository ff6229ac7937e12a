// Secrets never reach the settings folder, through the real paths a password takes in the
// app — a URL with a password (--connect; a Sentinel URL with the master's and the
// Sentinels' own password), Import from Django settings (Redis password in OPTIONS, a
// database password, SENTINEL_KWARGS), the password prompts — with no keychain service
// (CACHESCOPE_NO_KEYCHAIN=1, as in CI): the app asks once per session, keeps the answer in
// memory, and a new session knows nothing.
#include "importer/djangoimportdialog.h"
#include "mainwindow/mainwindow.h"

#include <QDockWidget>
#include "redisserver.h"
#include "session/connectionsession.h"
#include "settings/passwordstore.h"

#include <QDirIterator>
#include <QInputDialog>
#include <QTemporaryDir>
#include <QTest>

using namespace cachescope;

namespace {

constexpr int Slow = 15000;
const QString RedisPassword = QStringLiteral("Redis-S3cret-pw");
const QString UrlPassword = QStringLiteral("Url-pa55word-1");
const QString DbPassword = QStringLiteral("Db-pa55word-2");
const QString MasterPassword = QStringLiteral("Master-pa55word-3");
const QString SentinelPassword = QStringLiteral("Sentinel-pa55&word-4");
const QString ImportedSentinelPassword = QStringLiteral("Sentinel-imp0rted-5");

// Every encoding a careless writer might use for the password.
QList<QByteArray> encodings(const QString &password)
{
    const QByteArray utf8 = password.toUtf8();
    return {utf8, QByteArray(reinterpret_cast<const char *>(password.utf16()), password.size() * 2),
            utf8.toBase64(), utf8.toPercentEncoding(), utf8.toHex()};
}

// Every file under dir, with the name of the first one holding any encoding of a password.
QString fileContaining(const QString &dir, const QStringList &passwords, int *files)
{
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (!f.open(QIODevice::ReadOnly))
            return f.fileName() + QStringLiteral(" (unreadable)");
        ++*files;
        const QByteArray content = f.readAll();
        for (const QString &pw : passwords)
            for (const QByteArray &bytes : encodings(pw))
                if (content.contains(bytes))
                    return f.fileName();
    }
    return {};
}

const SavedConnection *byName(const MainWindow &w, const QString &prefix)
{
    for (const SavedConnection &c : w.connections())
        if (c.name.startsWith(prefix))
            return &c;
    return nullptr;
}

} // namespace

class TestSecrets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void settingsNeverHoldPasswords();
    void asksOncePerSessionWritesNothing();

private:
    QTemporaryDir m_config;
    test::RedisServer m_redis;
};

void TestSecrets::initTestCase()
{
    qputenv("CACHESCOPE_NO_KEYCHAIN", "1");
    QVERIFY(m_config.isValid());
    QVERIFY2(m_redis.start({QStringLiteral("--requirepass"), RedisPassword}), qPrintable(m_redis.errorString()));
}

void TestSecrets::settingsNeverHoldPasswords()
{
    MainWindow w{AppSettings(m_config.path())};
    w.show();
    QCOMPARE(w.passwords()->availability(), PasswordStore::Availability::SessionOnly);

    // 1. A URL with a password, as --connect gives it.
    QVERIFY(w.openUrl(QStringLiteral("redis://ops:%1@127.0.0.1:1/0").arg(UrlPassword), QStringLiteral("from url"),
                      /*connectNow=*/false));
    // A Sentinel URL: the master's password and the Sentinels' own (percent-encoded).
    QVERIFY(w.openUrl(QStringLiteral("redis+sentinel://:%1@127.0.0.1:1/mymaster?sentinel_username=sen&"
                                     "sentinel_password=%2")
                          .arg(MasterPassword, QString::fromLatin1(QUrl::toPercentEncoding(SentinelPassword))),
                      QStringLiteral("sentinel url"), /*connectNow=*/false));

    // 2. Import from Django settings: a Redis password in OPTIONS, a PostgreSQL password.
    w.showImportDialog();
    auto *dialog = w.findChild<DjangoImportDialog *>();
    QVERIFY(dialog);
    dialog->setPastedText(QStringLiteral(
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'site', 'USER': 'web', "
        "'PASSWORD': '%1', 'HOST': '127.0.0.1', 'PORT': 1}}\n"
        "CACHES = {'default': {'BACKEND': 'django_redis.cache.RedisCache', 'LOCATION': 'redis://127.0.0.1:%2/0',"
        " 'OPTIONS': {'PASSWORD': '%3'}},\n"
        "          'table': {'BACKEND': 'django.core.cache.backends.db.DatabaseCache', 'LOCATION': 'cache_t'},\n"
        "          'replicated': {'BACKEND': 'django_redis.cache.RedisCache', 'LOCATION': 'redis://mymaster/0',"
        " 'OPTIONS': {'CLIENT_CLASS': 'django_redis.client.SentinelClient', 'SENTINELS': [('127.0.0.1', 1)],"
        " 'SENTINEL_KWARGS': {'password': '%4'}}}}\n")
                               .arg(DbPassword)
                               .arg(m_redis.port())
                               .arg(RedisPassword, ImportedSentinelPassword));
    dialog->readPasted();
    QCOMPARE(dialog->imports().size(), 3);
    dialog->accept();
    QTRY_VERIFY(!w.findChild<DjangoImportDialog *>());

    // The imported Redis connection is connected at once with the password from memory.
    QVERIFY(w.session());
    QTRY_COMPARE_WITH_TIMEOUT(w.session()->state(), ConnectionSession::State::Connected, Slow);
    QVERIFY(!w.findChild<QInputDialog *>(QStringLiteral("passwordPrompt")));

    const SavedConnection *url = byName(w, QStringLiteral("from url"));
    const SavedConnection *redis = byName(w, QStringLiteral("default"));
    const SavedConnection *table = byName(w, QStringLiteral("table"));
    QVERIFY(url && redis && table);
    QVERIFY(url->hasPassword && redis->hasPassword && table->hasPassword);
    QCOMPARE(w.passwords()->cached(redis->id), RedisPassword);
    QCOMPARE(w.passwords()->cached(table->id), DbPassword);
    QCOMPARE(w.passwords()->cached(url->id), UrlPassword);
    const SavedConnection *sentinel = byName(w, QStringLiteral("sentinel url"));
    const SavedConnection *imported = byName(w, QStringLiteral("replicated"));
    QVERIFY(sentinel && imported);
    QVERIFY(sentinel->hasPassword && sentinel->hasSentinelPassword && imported->hasSentinelPassword);
    QVERIFY(!imported->hasPassword);
    QCOMPARE(sentinel->spec.sentinelUsername, QStringLiteral("sen"));
    QCOMPARE(w.passwords()->cached(sentinel->id), MasterPassword);
    QCOMPARE(w.passwords()->cached(PasswordStore::sentinelKey(sentinel->id)), SentinelPassword);
    QCOMPARE(w.passwords()->cached(PasswordStore::sentinelKey(imported->id)), ImportedSentinelPassword);
    for (const SavedConnection &c : w.connections()) {
        QVERIFY(c.spec.password.isEmpty());   // the list the settings are written from
        QVERIFY(c.spec.sentinelPassword.isEmpty());
    }

    w.close();   // writes ui.ini too
    int files = 0;
    const QString leak = fileContaining(
        m_config.path(), {RedisPassword, UrlPassword, DbPassword, MasterPassword, SentinelPassword, ImportedSentinelPassword},
        &files);
    QVERIFY2(leak.isEmpty(), qPrintable(QStringLiteral("a password reached %1").arg(leak)));
    QVERIFY(files >= 2);   // connections.json and ui.ini were there to be checked
    QFile json(AppSettings(m_config.path()).connectionsFile());
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QByteArray saved = json.readAll();
    QVERIFY(saved.contains("\"hasPassword\": true"));
    QVERIFY(saved.contains("\"hasSentinelPassword\": true"));
    QVERIFY(saved.contains("sentinel_username=sen"));
}

void TestSecrets::asksOncePerSessionWritesNothing()
{
    // A new session (a restart): no keychain, so nothing knows the passwords any more.
    MainWindow w{AppSettings(m_config.path())};
    w.show();
    const SavedConnection *redis = byName(w, QStringLiteral("default"));
    const SavedConnection *url = byName(w, QStringLiteral("from url"));
    QVERIFY(redis && url && redis->hasPassword);
    QVERIFY(w.passwords()->cached(redis->id).isEmpty());
    const QString redisId = redis->id;
    const QString urlId = url->id;

    int prompts = 0;
    const auto answer = [&](const QString &password) {
        QInputDialog *ask = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((ask = w.findChild<QInputDialog *>(QStringLiteral("passwordPrompt"))), Slow);
        QVERIFY(ask->labelText().contains(QStringLiteral("session only")));
        ++prompts;
        ask->setTextValue(password);
        ask->accept();
        QTRY_VERIFY(!w.findChild<QInputDialog *>(QStringLiteral("passwordPrompt")));
    };
    w.connectTo(redisId);
    answer(RedisPassword);
    QTRY_COMPARE_WITH_TIMEOUT(w.session()->state(), ConnectionSession::State::Connected, Slow);
    QCOMPARE(prompts, 1);

    // Away and back in the same session: no second question.
    w.connectTo(urlId);
    answer(QStringLiteral("unused"));
    QCOMPARE(prompts, 2);
    w.connectTo(redisId);
    QTRY_COMPARE_WITH_TIMEOUT(w.session()->connection().id, redisId, Slow);
    QTRY_COMPARE_WITH_TIMEOUT(w.session()->state(), ConnectionSession::State::Connected, Slow);
    QVERIFY(!w.findChild<QInputDialog *>(QStringLiteral("passwordPrompt")));
    QCOMPARE(prompts, 2);

    // A Sentinel connection: the Sentinels' own password is asked for apart, then the master's.
    const SavedConnection *sentinel = byName(w, QStringLiteral("sentinel url"));
    QVERIFY(sentinel && sentinel->hasSentinelPassword && sentinel->hasPassword);
    const QString sentinelId = sentinel->id;
    QVERIFY(w.passwords()->cached(PasswordStore::sentinelKey(sentinelId)).isEmpty());
    w.connectTo(sentinelId);
    QInputDialog *ask = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((ask = w.findChild<QInputDialog *>(QStringLiteral("sentinelPasswordPrompt"))), Slow);
    QVERIFY2(ask->labelText().contains(QStringLiteral("Sentinels' own password")), qPrintable(ask->labelText()));
    QVERIFY(!w.findChild<QInputDialog *>(QStringLiteral("passwordPrompt")));
    ask->setTextValue(QStringLiteral("typed-sentinel-pw"));
    ask->accept();
    answer(QStringLiteral("typed-master-pw"));
    QCOMPARE(prompts, 3);
    QTRY_COMPARE_WITH_TIMEOUT(w.session()->connection().id, sentinelId, Slow);
    QCOMPARE(w.session()->connection().spec.sentinelPassword, QStringLiteral("typed-sentinel-pw"));
    QCOMPARE(w.session()->connection().spec.password, QStringLiteral("typed-master-pw"));
    QCOMPARE(w.passwords()->cached(PasswordStore::sentinelKey(sentinelId)), QStringLiteral("typed-sentinel-pw"));

    w.close();
    int files = 0;
    const QString leak = fileContaining(
        m_config.path(), {RedisPassword, QStringLiteral("unused"), QStringLiteral("typed-sentinel-pw"),
                          QStringLiteral("typed-master-pw")},
        &files);
    QVERIFY2(leak.isEmpty(), qPrintable(QStringLiteral("a typed password reached %1").arg(leak)));
}

QTEST_MAIN(TestSecrets)
#include "tst_secrets.moc"

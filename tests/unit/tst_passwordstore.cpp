// PasswordStore: whichever keychain this machine has (none in CI), the probe settles
// without blocking, a stored password comes back for the session, and with
// CACHESCOPE_NO_KEYCHAIN the keychain is never asked.
#include "settings/passwordstore.h"

#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using namespace cachescope;

class TestPasswordStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void probeSettlesWithoutBlocking();
    void sessionOnlyKeepsPasswordsInMemory();
};

void TestPasswordStore::probeSettlesWithoutBlocking()
{
    qunsetenv("CACHESCOPE_NO_KEYCHAIN");
    PasswordStore store;
    QCOMPARE(store.availability(), PasswordStore::Availability::Unknown);
    QSignalSpy settled(&store, &PasswordStore::availabilityChanged);
    store.probe();   // must return at once: the answer comes by signal
    QVERIFY(settled.count() == 0 || store.availability() != PasswordStore::Availability::Unknown);
    QVERIFY(settled.wait(10000) || settled.count() == 1);
    QVERIFY(store.availability() != PasswordStore::Availability::Unknown);
    QVERIFY(!store.availabilityText().isEmpty());

    // Whatever the backend, a password stored now is there for this session.
    const QString id = QStringLiteral("cachescope-test-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    store.store(id, QStringLiteral("pw-1"));
    QString got;
    bool called = false;
    store.fetch(id, this, [&](const QString &pw, const QString &) {
        got = pw;
        called = true;
    });
    QTRY_VERIFY(called);
    QCOMPARE(got, QStringLiteral("pw-1"));
    store.remove(id);   // leave no test entry in a real keychain
    QVERIFY(store.cached(id).isEmpty());
}

void TestPasswordStore::sessionOnlyKeepsPasswordsInMemory()
{
    qputenv("CACHESCOPE_NO_KEYCHAIN", "1");
    PasswordStore store;
    QCOMPARE(store.availability(), PasswordStore::Availability::SessionOnly);
    QVERIFY(store.availabilityText().contains(QStringLiteral("session only")));
    store.store(QStringLiteral("a"), QStringLiteral("secret-a"));
    QCOMPARE(store.cached(QStringLiteral("a")), QStringLiteral("secret-a"));
    int calls = 0;
    QString got;
    store.fetch(QStringLiteral("a"), this, [&](const QString &pw, const QString &) {
        got = pw;
        ++calls;
    });
    QString missing = QStringLiteral("unset");
    store.fetch(QStringLiteral("b"), this, [&](const QString &pw, const QString &) {
        missing = pw;
        ++calls;
    });
    QTRY_COMPARE(calls, 2);
    QCOMPARE(got, QStringLiteral("secret-a"));
    QVERIFY(missing.isEmpty());
    qunsetenv("CACHESCOPE_NO_KEYCHAIN");
}

QTEST_GUILESS_MAIN(TestPasswordStore)
#include "tst_passwordstore.moc"

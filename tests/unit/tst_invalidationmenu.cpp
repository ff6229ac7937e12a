// What the key list's context menu offers to invalidate for a key: its Django namespace
// and prefix for "PREFIX:VERSION:..." keys, the text before the first ':' otherwise, and
// nothing for a key without one. The prefix stays raw bytes (escaping is the planner's).
#include "invalidation/invalidationmenu.h"

#include <QMenu>
#include <QTest>

using namespace cachescope;

class TestInvalidationMenu : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void targetsForKey_data();
    void targetsForKey();
    void namespaceRowActions();
};

void TestInvalidationMenu::targetsForKey_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QStringList>("expected"); // kind:prefix[:version]
    QTest::newRow("django") << QByteArray("shop:3:cart:42") << QStringList{QStringLiteral("ns:shop:3"), QStringLiteral("prefix:shop")};
    QTest::newRow("default prefix") << QByteArray(":1:views.decorators.cache.cache_page") << QStringList{QStringLiteral("ns::1")};
    QTest::newRow("glob chars kept raw") << QByteArray("shop[eu]*:2:x") << QStringList{QStringLiteral("ns:shop[eu]*:2"), QStringLiteral("prefix:shop[eu]*")};
    QTest::newRow("not django") << QByteArray("rq:job:1") << QStringList{QStringLiteral("prefix:rq")};
    QTest::newRow("no colon") << QByteArray("plain") << QStringList{};
}

void TestInvalidationMenu::targetsForKey()
{
    QFETCH(QByteArray, key);
    QFETCH(QStringList, expected);
    QStringList got;
    for (const InvalidationTarget &t : cachescope::targetsForKey(key)) {
        if (t.kind == InvalidationTarget::Kind::Namespace)
            got << QStringLiteral("ns:%1:%2").arg(QString::fromUtf8(t.prefix)).arg(t.version);
        else if (t.kind == InvalidationTarget::Kind::Prefix)
            got << QStringLiteral("prefix:%1").arg(QString::fromUtf8(t.prefix));
        else
            got << QStringLiteral("other");
    }
    QCOMPARE(got, expected);
}

void TestInvalidationMenu::namespaceRowActions()
{
    QMenu menu;
    QList<InvalidationTarget> chosen;
    addNamespaceInvalidationActions(&menu, "shop", 3, true, [&](const InvalidationTarget &t) { chosen.append(t); });
    QCOMPARE(menu.actions().size(), 2);
    menu.findChild<QAction *>(QStringLiteral("invalidateOlderAction"))->trigger();
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(chosen.constFirst().kind, InvalidationTarget::Kind::OlderThan);
    QCOMPARE(chosen.constFirst().prefix, QByteArray("shop"));
    QCOMPARE(chosen.constFirst().version, 3);
    QMenu prefixMenu;
    addNamespaceInvalidationActions(&prefixMenu, "shop", 0, false, [&](const InvalidationTarget &t) { chosen.append(t); });
    QCOMPARE(prefixMenu.actions().size(), 1);
    prefixMenu.actions().constFirst()->trigger();
    QCOMPARE(chosen.constLast().kind, InvalidationTarget::Kind::Prefix);
}

QTEST_MAIN(TestInvalidationMenu)
#include "tst_invalidationmenu.moc"

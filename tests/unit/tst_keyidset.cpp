// KeyIdSet against a QHash reference through inserts, repeats and removals, across the
// incremental doublings (removal in the middle of a migration included).

#include "model/keyidset.h"

#include <QHash>
#include <QRandomGenerator>
#include <QTest>

using namespace cachescope;

class TestKeyIdSet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesReference_data()
    {
        QTest::addColumn<int>("keys");
        QTest::addColumn<int>("removeEvery");
        QTest::newRow("small, no removal") << 100 << 0;
        QTest::newRow("across doublings, removal mid-migration") << 20000 << 7;
        QTest::newRow("heavy removal") << 5000 << 2;
    }
    void matchesReference()
    {
        QFETCH(int, keys);
        QFETCH(int, removeEvery);
        KeyStore store;
        KeyIdSet set;
        QHash<QByteArray, quint32> reference;
        QRandomGenerator rng(42);
        for (int i = 0; i < keys; ++i) {
            // a key space small enough to repeat keys, with binary and empty keys
            QByteArray key = "k:" + QByteArray::number(rng.bounded(keys));
            if (i % 97 == 0)
                key = QByteArray("bin\0", 4) + char(rng.bounded(256));
            if (i == 5)
                key.clear();
            bool added = false;
            const quint32 id = set.findOrAdd(key, store, &added);
            const auto it = reference.constFind(key);
            QCOMPARE(added, it == reference.cend());
            if (it != reference.cend())
                QCOMPARE(id, it.value());
            else
                reference.insert(key, id);
            QCOMPARE(store.key(id), QByteArrayView(key));
            if (removeEvery && i % removeEvery == 0) {
                const QByteArray victim = "k:" + QByteArray::number(rng.bounded(keys));
                const auto hit = reference.constFind(victim);
                if (hit != reference.cend()) {
                    set.remove(hit.value(), store);
                    store.markRemoved(hit.value());
                    reference.erase(hit);
                }
            }
        }
        QCOMPARE(set.count(), quint32(reference.size()));
        QCOMPARE(store.aliveCount(), quint32(reference.size()));
        for (auto it = reference.cbegin(); it != reference.cend(); ++it)
            QCOMPARE(set.find(it.key(), store), it.value());
        for (int i = 0; i < keys; ++i) {
            const QByteArray key = "k:" + QByteArray::number(i);
            QCOMPARE(set.find(key, store) != KeyIdSet::NotFound, reference.contains(key));
        }
    }

    void bigKeys()
    {
        // keys larger than an arena chunk get one of their own; small ones continue after
        KeyStore store;
        KeyIdSet set;
        bool added = false;
        const QByteArray big(3 * 1024 * 1024, 'x');
        const quint32 a = set.findOrAdd("before", store, &added);
        const quint32 b = set.findOrAdd(big, store, &added);
        const quint32 c = set.findOrAdd("after", store, &added);
        QCOMPARE(store.key(a), QByteArrayView("before"));
        QCOMPARE(store.key(b).size(), big.size());
        QCOMPARE(store.key(b), QByteArrayView(big));
        QCOMPARE(store.key(c), QByteArrayView("after"));
        QCOMPARE(set.find(big, store), b);
        // a copy (what a worker gets) sees the same bytes and its own meta
        KeyStore copy(store);
        store.setMeta(a, KeyType::Hash, 5, 6);
        QCOMPARE(copy.key(b), QByteArrayView(big));
        QCOMPARE(copy.hasMeta(a), false);
        QCOMPARE(store.type(a), KeyType::Hash);
    }
};

QTEST_GUILESS_MAIN(TestKeyIdSet)
#include "tst_keyidset.moc"

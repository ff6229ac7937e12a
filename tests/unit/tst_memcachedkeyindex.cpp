#include "memcached/memcachedkeyindex.h"

#include <QTest>

using namespace cachescope;

class TestMemcachedKeyIndex : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addsAndFinds();
    void sameKeyOnTwoServers();
    void removesAndReAdds();
    void growsToManyKeys();
    void rejectsWhatItCannotHold();
    void appendedKeysAreFoundAndMerged();
};

namespace {

ItemFacts facts(qint64 exp, qint64 size)
{
    ItemFacts f;
    f.expiresAt = exp;
    f.lastAccess = 1700000000;
    f.size = size;
    f.slabClass = 3;
    f.fetched = 1;
    return f;
}

} // namespace

void TestMemcachedKeyIndex::addsAndFinds()
{
    MemcachedKeyIndex index;
    MemcachedKeyIndex::Entry e;
    QVERIFY(!index.find("a", &e));
    QVERIFY(index.add("a", 2, facts(1800000000, 95)));
    QVERIFY(index.add(QByteArray("b\0c", 3), 0, facts(-1, 10)));
    QCOMPARE(index.size(), 2);
    QVERIFY(index.find("a", &e));
    QCOMPARE(e.facts.expiresAt, 1800000000);
    QCOMPARE(e.facts.size, 95);
    QCOMPARE(e.facts.lastAccess, 1700000000);
    QCOMPARE(e.facts.slabClass, 3);
    QCOMPARE(e.facts.fetched, 1);
    QCOMPARE(e.serverMask, quint64(1) << 2);
    QCOMPARE(e.firstServer, 2);
    QVERIFY(index.find(QByteArray("b\0c", 3), &e));
    QCOMPARE(e.facts.expiresAt, -1);
    QVERIFY(!index.find("b", &e));
    index.setExpiry("a", -1);
    QVERIFY(index.find("a", &e));
    QCOMPARE(e.facts.expiresAt, -1);
}

void TestMemcachedKeyIndex::sameKeyOnTwoServers()
{
    MemcachedKeyIndex index;
    QVERIFY(index.add("k", 1, facts(100, 5)));
    QVERIFY(!index.add("k", 3, facts(200, 6))); // not new: listed once
    QVERIFY(!index.add("k", 1, facts(300, 7))); // the crawler saw it twice
    MemcachedKeyIndex::Entry e;
    QVERIFY(index.find("k", &e));
    QCOMPARE(e.serverMask, (quint64(1) << 1) | (quint64(1) << 3));
    QCOMPARE(e.firstServer, 1);
    QCOMPARE(e.facts.expiresAt, 100); // the first server's facts
    QCOMPARE(index.size(), 1);
}

void TestMemcachedKeyIndex::removesAndReAdds()
{
    MemcachedKeyIndex index;
    QVERIFY(index.add("x", 0, facts(1, 1)));
    QVERIFY(index.add("y", 0, facts(2, 2)));
    index.remove("x");
    index.remove("nothing");
    QCOMPARE(index.size(), 1);
    MemcachedKeyIndex::Entry e;
    QVERIFY(!index.find("x", &e));
    QVERIFY(index.find("y", &e)); // probe chains survive a removal
    QVERIFY(index.add("x", 5, facts(9, 9)));
    QVERIFY(index.find("x", &e));
    QCOMPARE(e.serverMask, quint64(1) << 5);
    QCOMPARE(e.facts.size, 9);
    index.clear();
    QCOMPARE(index.size(), 0);
    QVERIFY(!index.find("y", &e));
}

void TestMemcachedKeyIndex::growsToManyKeys()
{
    MemcachedKeyIndex index;
    constexpr int N = 200000;
    for (int i = 0; i < N; ++i)
        QVERIFY(index.add(QByteArray("django:1:key:" + QByteArray::number(i)), i % 2, facts(i, i)));
    QCOMPARE(index.size(), N);
    MemcachedKeyIndex::Entry e;
    for (int i = 0; i < N; i += 997) {
        QVERIFY(index.find(QByteArray("django:1:key:" + QByteArray::number(i)), &e));
        QCOMPARE(e.facts.size, i);
        QCOMPARE(e.firstServer, i % 2);
    }
    QVERIFY(!index.find(QByteArray("django:1:key:" + QByteArray::number(N)), &e));
}

void TestMemcachedKeyIndex::rejectsWhatItCannotHold()
{
    MemcachedKeyIndex index;
    QVERIFY(!index.add(QByteArray(), 0, facts(1, 1)));
    QVERIFY(!index.add(QByteArray(256, 'k'), 0, facts(1, 1)));
    QVERIFY(!index.add("k", MemcachedKeyIndex::MaxServers, facts(1, 1)));
    QVERIFY(index.add(QByteArray(250, 'k'), MemcachedKeyIndex::MaxServers - 1, facts(1, 1)));
    QCOMPARE(index.size(), 1);
}

void TestMemcachedKeyIndex::appendedKeysAreFoundAndMerged()
{
    MemcachedKeyIndex index;
    index.reserve(5000);
    for (int i = 0; i < 5000; ++i)
        index.append(QByteArray("k" + QByteArray::number(i)), 0, facts(i, i));
    index.append("k7", 2, facts(99, 99)); // a repeat (an LRU walk may list an item twice)
    QCOMPARE(index.size(), 5001);
    MemcachedKeyIndex::Entry e;
    QVERIFY(index.find("k7", &e)); // the lookup indexes what was appended and merges repeats
    QCOMPARE(index.size(), 5000);
    QCOMPARE(e.facts.size, 7);
    QCOMPARE(e.serverMask, quint64(1) | (quint64(1) << 2));
    QVERIFY(index.find("k4999", &e));
    QVERIFY(!index.add("k10", 1, facts(1, 1))); // add() sees appended keys
    index.append("later", 0, facts(5, 5));
    QVERIFY(index.find("later", &e));
    QCOMPARE(e.facts.size, 5);
    index.remove("later");
    QVERIFY(!index.find("later", &e));
    QCOMPARE(index.size(), 5000);
}

QTEST_GUILESS_MAIN(TestMemcachedKeyIndex)
#include "tst_memcachedkeyindex.moc"

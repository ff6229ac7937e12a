// Redis Cluster's key -> slot mapping (clusterslot.h) against the cluster spec's vectors,
// and the slot map read from canned CLUSTER SHARDS / CLUSTER SLOTS replies
// (clustertopology.h), as RESP2 arrays the way Redis 7.0 sends them.
#include "redis/clusterslot.h"
#include "redis/clustertopology.h"
#include "redis/respvalue.h"

#include <QTest>

using namespace cachescope;

namespace {

RespValue str(const QByteArray &s)
{
    return RespValue::makeString(s);
}
RespValue num(qint64 n)
{
    RespValue v;
    v.kind = RespValue::Kind::Integer;
    v.integer = n;
    return v;
}
RespValue arr(QList<RespValue> elements)
{
    RespValue v;
    v.kind = RespValue::Kind::Array;
    v.elements = std::move(elements);
    return v;
}
RespValue shardNode(const QByteArray &ip, qint64 port, const QByteArray &role, const QByteArray &endpoint)
{
    return arr({str("id"), str("0123"), str("port"), num(port), str("ip"), str(ip), str("endpoint"),
                str(endpoint), str("role"), str(role), str("replication-offset"), num(0), str("health"),
                str("online")});
}

} // namespace

class TestClusterSlot : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void crc16_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("crc");
        QTest::newRow("spec vector") << QByteArray("123456789") << 0x31C3;
        QTest::newRow("empty") << QByteArray() << 0;
        QTest::newRow("one byte A") << QByteArray("A") << 0x58E5;
    }
    void crc16()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, crc);
        QCOMPARE(int(crc16Xmodem(input)), crc);
    }

    void slot_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<int>("slot");
        QTest::newRow("foo") << QByteArray("foo") << 12182;
        QTest::newRow("bar") << QByteArray("bar") << 5061;
        QTest::newRow("hello") << QByteArray("hello") << 866;
        QTest::newRow("tag user1000") << QByteArray("{user1000}.following") << clusterSlot("user1000");
        QTest::newRow("empty tag hashes whole key")
            << QByteArray("foo{}{bar}") << int(crc16Xmodem("foo{}{bar}") % 16384);
        QTest::newRow("first brace pair") << QByteArray("foo{{bar}}zap") << int(crc16Xmodem("{bar") % 16384);
        QTest::newRow("tag then more") << QByteArray("foo{bar}{zap}") << clusterSlot("bar");
        QTest::newRow("unclosed brace") << QByteArray("foo{bar") << int(crc16Xmodem("foo{bar") % 16384);
        QTest::newRow("binary key") << QByteArray("\x00\xff{\x01}", 5) << clusterSlot(QByteArray("\x01"));
    }
    void slot()
    {
        QFETCH(QByteArray, key);
        QFETCH(int, slot);
        QCOMPARE(clusterSlot(key), slot);
        QVERIFY(slot >= 0 && slot < ClusterSlotCount);
    }

    void hashTags()
    {
        QCOMPARE(clusterSlot("{user1000}.following"), clusterSlot("{user1000}.followers"));
        QCOMPARE(clusterHashTag("foo{{bar}}zap"), QByteArrayView("{bar"));
        QCOMPARE(clusterHashTag("foo{}{bar}"), QByteArrayView("foo{}{bar}"));
        QVERIFY(clusterSlot("{a}1") != clusterSlot("{b}1"));
    }

    void groupsBySlot()
    {
        const QList<QByteArray> keys{"{a}1", "{b}1", "{a}2", "x", "{b}2"};
        const QList<QList<QByteArray>> groups = groupKeysBySlot(keys);
        QCOMPARE(groups.size(), 3);
        QCOMPARE(groups.at(0), (QList<QByteArray>{"{a}1", "{a}2"}));
        QCOMPARE(groups.at(1), (QList<QByteArray>{"{b}1", "{b}2"}));
        QCOMPARE(groups.at(2), (QList<QByteArray>{"x"}));
    }

    void shards()
    {
        // Two shards listed out of slot order, one with a replica, one with two ranges; the
        // second master does not know its address (no ip, endpoint "?") and takes the seed's host.
        const RespValue reply = arr({
            arr({str("slots"), arr({num(8192), num(16383)}), str("nodes"),
                 arr({shardNode("", 7002, "master", "?"),
                      shardNode("10.0.0.3", 7003, "replica", "10.0.0.3")})}),
            arr({str("slots"), arr({num(0), num(99), num(100), num(8191)}), str("nodes"),
                 arr({shardNode("10.0.0.1", 7001, "master", "10.0.0.1")})}),
        });
        const auto t = parseClusterShards(reply, QStringLiteral("seed.example"));
        QVERIFY2(t.hasValue(), qPrintable(t.hasValue() ? QString() : t.error().message));
        QCOMPARE(t->masters.size(), 2);
        QCOMPARE(t->masters.at(0), (ServerAddress{QStringLiteral("10.0.0.1"), 7001}));
        QCOMPARE(t->masters.at(1), (ServerAddress{QStringLiteral("seed.example"), 7002}));
        QCOMPARE(t->ownerOf(0), 0);
        QCOMPARE(t->ownerOf(8191), 0);
        QCOMPARE(t->ownerOf(8192), 1);
        QCOMPARE(t->ownerOf(16383), 1);
        QCOMPARE(t->uncoveredSlots(), 0);
    }

    void shardsMalformed()
    {
        QVERIFY(!parseClusterShards(str("OK"), QString()).hasValue());
        const RespValue badRange = arr({arr({str("slots"), arr({num(10), num(20000)}), str("nodes"),
                                             arr({shardNode("10.0.0.1", 7001, "master", "10.0.0.1")})})});
        QVERIFY(!parseClusterShards(badRange, QString()).hasValue());
    }

    void clusterSlotsReply()
    {
        // CLUSTER SLOTS: [from, to, [ip, port, id], [replica...]]; an empty ip = the seed's host.
        const RespValue reply = arr({
            arr({num(0), num(5460), arr({str("127.0.0.1"), num(7001), str("id1")}),
                 arr({str("127.0.0.1"), num(7004), str("id4")})}),
            arr({num(5461), num(10922), arr({str(""), num(7002), str("id2")})}),
        });
        const auto t = parseClusterSlots(reply, QStringLiteral("127.0.0.9"));
        QVERIFY(t.hasValue());
        QCOMPARE(t->masters.size(), 2);
        QCOMPARE(t->masters.at(1), (ServerAddress{QStringLiteral("127.0.0.9"), 7002}));
        QCOMPARE(t->ownerOf(5460), 0);
        QCOMPARE(t->ownerOf(5461), 1);
        QCOMPARE(t->ownerOf(10923), -1);
        QCOMPARE(t->uncoveredSlots(), 16384 - 10923);
    }
};

QTEST_GUILESS_MAIN(TestClusterSlot)
#include "tst_clusterslot.moc"

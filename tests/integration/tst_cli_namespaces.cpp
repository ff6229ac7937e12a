// `cachescope-cli namespaces` and the codec side of `cachescope-cli get`, end to end: the
// built binary (CACHESCOPE_CLI) against a real redis-server on a free loopback port.

#include "clirun.h"
#include "redisserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace cachescope;
using namespace cachescope::test;

namespace {

// pickle.dumps({'a': 1}, 4), as Django's RedisCache stores a dict.
const QByteArray PickledDict = QByteArray::fromHex("8004950a000000000000007d948c0161944b01732e");

QJsonObject namespaceNamed(const QJsonArray &list, const QString &pattern)
{
    for (const QJsonValue &v : list)
        if (v.toObject().value(u"pattern").toString() == pattern)
            return v.toObject();
    return {};
}

} // namespace

class TestCliNamespaces : public QObject
{
    Q_OBJECT

private:
    RedisServer m_redis;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!cliPath().isEmpty(), CliMissingMessage);
        QVERIFY2(m_redis.start(), qPrintable(m_redis.errorString()));
        QVERIFY(m_redis.fill(300, "shop:3:product:"));
        for (int i = 0; i < 40; ++i)
            m_redis.command({"SETEX", "shop:4:product:" + QByteArray::number(i), "3600", PickledDict});
        m_redis.command({"SET", ":1:counter", "7"});
        m_redis.command({"SET", "rq:job:1", "queued"});
        m_redis.command({"SET", "plain", "x"});
        m_redis.command({"SET", "shop:4:dict", PickledDict});
        QCOMPARE(m_redis.command({"DBSIZE"}).integer, 344);
    }

    void table()
    {
        const CliResult r = runCli({QStringLiteral("namespaces"), m_redis.url()});
        QCOMPARE(r.code, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 7); // header, 5 namespaces, total
        QVERIFY(lines.at(0).startsWith("NAMESPACE"));
        QCOMPARE(lines.at(1).simplified(), QByteArray("shop:3:* shop 3 300"));
        QCOMPARE(lines.at(2).simplified(), QByteArray("shop:4:* shop 4 41"));
        QVERIFY(lines.at(3).startsWith(":1:*") || lines.at(4).startsWith(":1:*") ||
                lines.at(5).startsWith(":1:*"));
        QCOMPARE(lines.last(), QByteArray("344 keys in 5 namespaces"));
    }

    void json()
    {
        const CliResult r = runCli({QStringLiteral("namespaces"), m_redis.url(), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(u"total_keys").toInt(), 344);
        const QJsonArray list = o.value(u"namespaces").toArray();
        QCOMPARE(list.size(), 5);
        QCOMPARE(list.at(0).toObject().value(u"pattern").toString(),
                 QStringLiteral("shop:3:*")); // largest first
        const QJsonObject v4 = namespaceNamed(list, QStringLiteral("shop:4:*"));
        QCOMPARE(v4.value(u"prefix").toString(), QStringLiteral("shop"));
        QCOMPARE(v4.value(u"django").toBool(), true);
        QCOMPARE(v4.value(u"version").toInt(), 4);
        QCOMPARE(v4.value(u"keys").toInt(), 41);
        QVERIFY(v4.value(u"bytes").isNull()); // no --sizes
        const QJsonObject rq = namespaceNamed(list, QStringLiteral("rq:*"));
        QCOMPARE(rq.value(u"django").toBool(), false);
        QVERIFY(rq.value(u"version").isNull());
        QCOMPARE(namespaceNamed(list, QStringLiteral("(no prefix)")).value(u"keys").toInt(), 1);
        QCOMPARE(namespaceNamed(list, QStringLiteral(":1:*")).value(u"prefix").toString(), QString());
    }

    void sizesAndTtls()
    {
        const CliResult r =
            runCli({QStringLiteral("namespaces"), m_redis.url(), QStringLiteral("--json"),
                    QStringLiteral("--sizes"), QStringLiteral("--count"), QStringLiteral("50")});
        QCOMPARE(r.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        const QJsonObject v4 = namespaceNamed(o.value(u"namespaces").toArray(), QStringLiteral("shop:4:*"));
        QCOMPARE(v4.value(u"sized_keys").toInt(), 41);
        QVERIFY(v4.value(u"bytes").toInt() > 41 * 20);
        const QJsonObject ttl = v4.value(u"ttl").toObject();
        QCOMPARE(ttl.value(u"le_1h").toInt(), 40);
        QCOMPARE(ttl.value(u"none").toInt(), 1);
        QCOMPARE(o.value(u"total_bytes").toInt(), [&] {
            int sum = 0;
            for (const QJsonValue &v : o.value(u"namespaces").toArray())
                sum += v.toObject().value(u"bytes").toInt();
            return sum;
        }());
        const CliResult table =
            runCli({QStringLiteral("namespaces"), m_redis.url(), QStringLiteral("--sizes")});
        QVERIFY(table.out.startsWith("NAMESPACE"));
        QVERIFY(table.out.split('\n').first().contains("TTL<=1H"));
    }

    void match()
    {
        const CliResult r = runCli({QStringLiteral("namespaces"), m_redis.url(), QStringLiteral("--json"),
                                    QStringLiteral("--match"), QStringLiteral("shop:4:*")});
        QCOMPARE(r.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(u"total_keys").toInt(), 41);
        QCOMPARE(o.value(u"namespaces").toArray().size(), 1);
    }

    void usageErrors()
    {
        QCOMPARE(runCli({QStringLiteral("namespaces")}).code, 2);
        QCOMPARE(runCli({QStringLiteral("namespaces"), m_redis.url(), QStringLiteral("extra")}).code, 2);
        QCOMPARE(runCli({QStringLiteral("namespaces"), m_redis.url(), QStringLiteral("--count"),
                         QStringLiteral("0")})
                     .code,
                 2);
        QCOMPARE(runCli({QStringLiteral("get"), m_redis.url(), QStringLiteral("k"),
                         QStringLiteral("--serializer"), QStringLiteral("yaml")})
                     .code,
                 2);
    }

    // Plain get prints Python's repr of a pickle (and the decoding on stderr); --raw the bytes.
    void getPrintsPythonRepr()
    {
        CliResult r = runCli({QStringLiteral("get"), m_redis.url(), QStringLiteral("shop:4:dict")});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QByteArray("{'a': 1}\n"));
        QVERIFY2(r.err.contains("encoding: pickle v4 → dict, 1 item"), r.err.constData());
        QVERIFY(r.err.contains("django: prefix 'shop', version 4, key 'dict' (plain)"));
        QVERIFY(r.err.contains("python type: builtins.dict"));
        r = runCli({QStringLiteral("get"), m_redis.url(), QStringLiteral("shop:4:dict"),
                    QStringLiteral("--raw"), QStringLiteral("-q")});
        QCOMPARE(r.out, PickledDict);
        r = runCli({QStringLiteral("get"), m_redis.url(), QStringLiteral("rq:job:1"), QStringLiteral("-q")});
        QCOMPARE(r.out, QByteArray("queued")); // text stays as it is
        r = runCli(
            {QStringLiteral("get"), m_redis.url(), QStringLiteral(":1:counter"), QStringLiteral("--json")});
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(u"python").toString(), QStringLiteral("7"));
        QCOMPARE(o.value(u"value_type").toString(), QStringLiteral("builtins.int"));
        QCOMPARE(o.value(u"encoding").toArray().first().toString(), QStringLiteral("integer"));
        QCOMPARE(o.value(u"django").toObject().value(u"prefix").toString(), QString());
        QCOMPARE(o.value(u"value").toString(), QStringLiteral("7")); // the existing fields stay
        r = runCli({QStringLiteral("get"), m_redis.url(), QStringLiteral("plain"), QStringLiteral("--json")});
        QVERIFY(QJsonDocument::fromJson(r.out).object().value(u"django").isNull());
    }
};

QTEST_GUILESS_MAIN(TestCliNamespaces)
#include "tst_cli_namespaces.moc"

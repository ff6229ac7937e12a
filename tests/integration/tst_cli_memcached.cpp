// cachescope-cli end to end against memcached: the built binary (CACHESCOPE_CLI) run with
// QProcess against two real memcached servers used as a pool.

#include "clirun.h"
#include "freeport.h"
#include "memcachedserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace cachescope;
using namespace cachescope::test;

namespace {

constexpr int BulkKeys = 5000;

} // namespace

class TestCliMemcached : public QObject
{
    Q_OBJECT

private:
    MemcachedServer m_a;
    MemcachedServer m_b;
    QString m_pool;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!cliPath().isEmpty(), CliMissingMessage);
        QVERIFY2(m_a.start(), qPrintable(m_a.errorString()));
        QVERIFY2(m_b.start(), qPrintable(m_b.errorString()));
        m_pool = QStringLiteral("memcached://%1,%2").arg(m_a.address(), m_b.address());
        QVERIFY(m_a.fill(BulkKeys, "bulk:"));
        QVERIFY(m_a.set("app:1:str", "h\xc3\xa9llo", 16, 600));
        QVERIFY(m_b.set("app:1:int", "42", 2, 0));
        QVERIFY(m_b.set("app:1:100%", "pct", 0, 0));
        QVERIFY(m_b.set("app:1:caf\xc3\xa9", QByteArray("\x80\x05\x95", 3), 1, 0));
    }

    void keysListsEveryServerOfThePool()
    {
        const CliResult r = runCli({QStringLiteral("keys"), m_pool});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        const QList<QByteArray> keys = outputLines(r.out);
        QCOMPARE(keys.size(), BulkKeys + 4);
        const QSet<QByteArray> set(keys.cbegin(), keys.cend());
        QCOMPARE(set.size(), keys.size());
        QVERIFY(set.contains("app:1:100%"));
        QVERIFY(set.contains("app:1:caf\xc3\xa9"));
        QVERIFY(set.contains("bulk:4999"));
    }

    void keysJsonHasServerAndTtl()
    {
        const CliResult r = runCli({QStringLiteral("keys"), m_pool, QStringLiteral("--json"),
                                    QStringLiteral("--match"), QStringLiteral("app:*")});
        QCOMPARE(r.code, 0);
        const QList<QByteArray> out = outputLines(r.out);
        QCOMPARE(out.size(), 4);
        QHash<QString, QJsonObject> byKey;
        for (const QByteArray &line : out) {
            const QJsonObject o = parseJsonObject(line);
            byKey.insert(o.value(QStringLiteral("key")).toString(), o);
        }
        const QJsonObject str = byKey.value(QStringLiteral("app:1:str"));
        QCOMPARE(str.value(QStringLiteral("server")).toString(), m_a.address());
        QCOMPARE(str.value(QStringLiteral("type")).toString(), QStringLiteral("string"));
        QVERIFY(str.value(QStringLiteral("ttl")).toDouble() > 590 &&
                str.value(QStringLiteral("ttl")).toDouble() <= 600);
        QVERIFY(str.value(QStringLiteral("size")).toInt() > 6);
        const QJsonObject num = byKey.value(QStringLiteral("app:1:int"));
        QCOMPARE(num.value(QStringLiteral("server")).toString(), m_b.address());
        QVERIFY(num.value(QStringLiteral("ttl")).isNull()); // never expires
        QVERIFY(byKey.contains(QStringLiteral("app:1:100%")));
        QCOMPARE(byKey.value(QStringLiteral("app:1:café")).value(QStringLiteral("key_hex")).toString(),
                 QStringLiteral("6170703a313a636166c3a9"));
    }

    void getReadsFromTheServerHoldingTheKey()
    {
        CliResult r =
            runCli({QStringLiteral("get"), m_pool, QStringLiteral("app:1:int"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QJsonObject o = parseJsonObject(r.out.trimmed());
        QCOMPARE(o.value(QStringLiteral("value")).toString(), QStringLiteral("42"));
        QCOMPARE(o.value(QStringLiteral("server")).toString(), m_b.address());
        QCOMPARE(o.value(QStringLiteral("flags")).toInt(), 2);
        QVERIFY(o.value(QStringLiteral("ttl")).isNull());
        QCOMPARE(o.value(QStringLiteral("exists")).toBool(), true);

        r = runCli({QStringLiteral("get"), m_pool, QStringLiteral("app:1:str"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        o = parseJsonObject(r.out.trimmed());
        QCOMPARE(o.value(QStringLiteral("value")).toString(), QStringLiteral("héllo"));
        QCOMPARE(o.value(QStringLiteral("server")).toString(), m_a.address());
        QCOMPARE(o.value(QStringLiteral("flags")).toInt(), 16);
        QVERIFY(o.value(QStringLiteral("ttl")).toDouble() > 590);

        // Plain mode: raw bytes on stdout, the header on stderr.
        r = runCli({QStringLiteral("get"), m_pool, QStringLiteral("app:1:caf\\xc3\\xa9")});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QByteArray("\x80\x05\x95", 3));
        QVERIFY2(r.err.contains("flags: 1"), r.err.constData());
        QVERIFY2(r.err.contains(m_b.address().toUtf8()), r.err.constData());
    }

    void getMissingKeyExitsOne()
    {
        const CliResult r =
            runCli({QStringLiteral("get"), m_pool, QStringLiteral("app:1:nope"), QStringLiteral("--json")});
        QCOMPARE(r.code, 1);
        QCOMPARE(parseJsonObject(r.out.trimmed()).value(QStringLiteral("exists")).toBool(true), false);
    }

    void deadPoolMemberIsAWarning()
    {
        const QString dead = QStringLiteral("127.0.0.1:%1").arg(freeLoopbackPort());
        const CliResult r =
            runCli({QStringLiteral("keys"), QStringLiteral("memcached://%1,%2").arg(m_b.address(), dead)});
        QCOMPARE(r.code, 0);
        QCOMPARE(outputLines(r.out).size(), 3);
        QVERIFY2(r.err.contains("warning:") && r.err.contains(dead.toUtf8()), r.err.constData());
    }

    void unreachableServerFails()
    {
        const QString dead = QStringLiteral("127.0.0.1:%1").arg(freeLoopbackPort());
        const CliResult r = runCli({QStringLiteral("keys"), QStringLiteral("memcached://") + dead});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains(dead.toUtf8()) && r.err.contains("running"), r.err.constData());
    }

    void badMemcachedUrlIsAUsageError()
    {
        const CliResult r = runCli({QStringLiteral("keys"), QStringLiteral("memcached://a:1,,b")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("missing host"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliMemcached)
#include "tst_cli_memcached.moc"

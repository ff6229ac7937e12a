// MemcachedConnector through ConnectorHost (its own thread) against two real memcached
// servers used as a pool: Django data written by populate.py, bulk listings, odd keys,
// deletes and touches.
#include "connectorrecorder.h"
#include "memcached/memcachedconnector.h"
#include "memcachedserver.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cachescope;
using namespace cachescope::test;

namespace {

// Python's repr() of a str or bytes literal back to its bytes (str as UTF-8). Enough for the
// manifest's values: quotes, \\ \' \" \n \r \t \xNN \uNNNN.
std::optional<QByteArray> fromPythonLiteral(const QString &repr)
{
    QString body = repr;
    const bool bytes = body.startsWith(u'b');
    if (bytes)
        body.remove(0, 1);
    if (body.size() < 2 || body.front() != body.back() || (body.front() != u'\'' && body.front() != u'"'))
        return std::nullopt;
    body = body.mid(1, body.size() - 2);
    QByteArray out;
    for (qsizetype i = 0; i < body.size(); ++i) {
        const QChar c = body.at(i);
        if (c != u'\\') {
            out += bytes ? QByteArray(1, char(c.unicode())) : QString(c).toUtf8();
            continue;
        }
        if (++i >= body.size())
            return std::nullopt;
        const QChar e = body.at(i);
        if (e == u'x' || e == u'u') {
            const int digits = e == u'x' ? 2 : 4;
            bool ok = false;
            const uint code = body.mid(i + 1, digits).toUInt(&ok, 16);
            if (!ok)
                return std::nullopt;
            out += bytes ? QByteArray(1, char(code)) : QString(QChar(char16_t(code))).toUtf8();
            i += digits;
        } else if (e == u'n') {
            out += '\n';
        } else if (e == u'r') {
            out += '\r';
        } else if (e == u't') {
            out += '\t';
        } else {
            out += QString(e).toUtf8();
        }
    }
    return out;
}

// Python's repr() of a str given as UTF-8, for the text the manifest only gives as a hash.
// Covers ASCII control characters and quotes; other characters are printable as they are.
QByteArray pythonStrRepr(const QByteArray &utf8)
{
    const bool doubleQuotes = utf8.contains('\'') && !utf8.contains('"');
    const char quote = doubleQuotes ? '"' : '\'';
    QByteArray out(1, quote);
    for (const char c : utf8) {
        if (c == '\\' || c == quote) {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if ((static_cast<unsigned char>(c) < 0x20) || c == 0x7f) {
            out += "\\x" + QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0');
        } else {
            out += c;
        }
    }
    out += quote;
    return out;
}

// The manifest's ttl_bucket for a TTL in milliseconds.
QString bucketOf(qint64 ttlMs)
{
    if (ttlMs == NoExpiry)
        return QStringLiteral("none");
    const qint64 s = ttlMs / 1000;
    if (s <= 60)
        return QStringLiteral("short(<=60s)");
    if (s <= 3600)
        return QStringLiteral("medium(<=1h)");
    if (s <= 86400)
        return QStringLiteral("long(<=1d)");
    return QStringLiteral("very_long(>1d)");
}

} // namespace

class TestMemcachedConnector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void listsEveryManifestEntryWithItsTtl();
    void readsManifestValuesAndFlags();
    void listsHundredThousandKeysExactly();
    void stopScanStopsEarly();
    void keepsPercentSignsAndUtf8_data();
    void keepsPercentSignsAndUtf8();
    void matchIsAGlobAppliedClientSide_data();
    void matchIsAGlobAppliedClientSide();
    void keyOnTwoServersIsListedOnceAndDeletedEverywhere();
    void deletesOnTheServerThatHoldsTheKey();
    void touchChangesTheTtl();
    void metaWithoutAListingAsksTheServers();
    void listingWithoutMetaStillAnswersMeta();
    void truncatesBigValues();
    void readOnlyRefusesWrites();

private:
    std::unique_ptr<RecordedConnector> openPool(const QString &query = QString());
    QList<KeyMeta> metaOf(RecordedConnector &s, const QList<QByteArray> &keys);
    quint64 scan(RecordedConnector &s, const QByteArray &match);

    MemcachedServer m_a; // populate.py writes here
    MemcachedServer m_b;
    QTemporaryDir m_dir;
    QJsonArray m_entries; // the manifest's memcached entries
};

void TestMemcachedConnector::initTestCase()
{
    QVERIFY2(m_a.start(), qPrintable(m_a.errorString()));
    QVERIFY2(m_b.start(), qPrintable(m_b.errorString()));
    const QString fixtures = qEnvironmentVariable("CACHESCOPE_FIXTURES");
    QVERIFY2(!fixtures.isEmpty(), "CACHESCOPE_FIXTURES is not set (run through ctest)");
    const QString manifest = m_dir.filePath(QStringLiteral("manifest.json"));
    QProcess populate;
    populate.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    populate.start(QStringLiteral("/usr/bin/python3"),
                   {fixtures + QStringLiteral("/populate.py"), QStringLiteral("--memcached"), m_a.address(),
                    QStringLiteral("--manifest"), manifest});
    QVERIFY(populate.waitForFinished(120000));
    QCOMPARE(populate.exitCode(), 0);
    QFile file(manifest);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray all =
        QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("entries")).toArray();
    for (const QJsonValue &e : all) {
        if (e.toObject().value(QStringLiteral("backend")).toString() == u"memcached")
            m_entries.append(e);
    }
    QVERIFY(m_entries.size() > 50);
}

std::unique_ptr<RecordedConnector> TestMemcachedConnector::openPool(const QString &query)
{
    QString url = QStringLiteral("memcached://%1,%2").arg(m_a.address(), m_b.address());
    if (!query.isEmpty())
        url += u'?' + query;
    const auto spec = ConnectionSpec::parse(url);
    if (!spec)
        qFatal("bad test URL: %s", qPrintable(spec.error().message));
    return openRecorded(std::make_unique<MemcachedConnector>(*spec));
}

quint64 TestMemcachedConnector::scan(RecordedConnector &s, const QByteArray &match)
{
    ScanRequest request;
    request.match = match;
    return s.host.scanKeys(request);
}

QList<KeyMeta> TestMemcachedConnector::metaOf(RecordedConnector &s, const QList<QByteArray> &keys)
{
    const quint64 id = s.host.fetchMeta(keys);
    if (!QTest::qWaitFor([&] { return s.results.answered(id); }, 20000))
        return {};
    return s.results.meta.value(id);
}

void TestMemcachedConnector::listsEveryManifestEntryWithItsTtl()
{
    auto s = openPool();
    QCOMPARE(s->results.opened.size(), 1);
    const quint64 id = scan(*s, QByteArray());
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(id), 30000);
    EXPECT_NO_FAILURE(*s, id);
    const ScanSummary summary = s->results.finished.value(id);
    QVERIFY(summary.complete);
    QVERIFY2(summary.warning.isEmpty(), qPrintable(summary.warning));
    const QSet<QByteArray> listed = s->results.keys.value(id);

    QList<QByteArray> present;
    for (const QJsonValue &v : std::as_const(m_entries)) {
        const QJsonObject e = v.toObject();
        const QByteArray key =
            QByteArray::fromHex(e.value(QStringLiteral("raw_key_utf8_hex")).toString().toLatin1());
        if (e.value(QStringLiteral("state")).toString() == u"present") {
            QVERIFY2(listed.contains(key), key.constData());
            present.append(key);
        } else {
            QVERIFY2(!listed.contains(key), key.constData());
        }
    }
    const QList<KeyMeta> meta = metaOf(*s, present);
    QCOMPARE(meta.size(), present.size());
    qsizetype i = 0;
    for (const QJsonValue &v : std::as_const(m_entries)) {
        const QJsonObject e = v.toObject();
        if (e.value(QStringLiteral("state")).toString() != u"present")
            continue;
        const KeyMeta &m = meta.at(i++);
        QCOMPARE(m.type, KeyType::String);
        QCOMPARE(m.server, m_a.address());
        QCOMPARE(bucketOf(m.ttlMs), e.value(QStringLiteral("ttl_bucket")).toString());
        QVERIFY(m.sizeBytes >
                e.value(QStringLiteral("observed")).toObject().value(QStringLiteral("size")).toInteger());
        QVERIFY(m.slabClass >= 1);
        QVERIFY(m.lastAccessSecs > 1000000000);
        QVERIFY(m.fetched == 0 || m.fetched == 1);
    }
}

void TestMemcachedConnector::readsManifestValuesAndFlags()
{
    auto s = openPool();
    int compared = 0;
    for (const QJsonValue &v : std::as_const(m_entries)) {
        const QJsonObject e = v.toObject();
        if (e.value(QStringLiteral("state")).toString() != u"present")
            continue;
        const QByteArray key =
            QByteArray::fromHex(e.value(QStringLiteral("raw_key_utf8_hex")).toString().toLatin1());
        ValueRequest request;
        request.key = key;
        request.byteLimit = -1;
        const quint64 id = s->host.fetchValue(request);
        WAIT_ANSWER(*s, id, 20000);
        EXPECT_NO_FAILURE(*s, id);
        const KeyValue value = s->results.values.value(id);
        if (!value.exists() && e.value(QStringLiteral("ttl_bucket")).toString().startsWith(u"short"))
            continue; // a 20 s entry may have expired on a slow machine
        QVERIFY2(value.exists(), key.constData());
        const QJsonObject observed = e.value(QStringLiteral("observed")).toObject();
        QCOMPARE(qint64(value.flags), observed.value(QStringLiteral("flags")).toInteger());
        QCOMPARE(value.length, observed.value(QStringLiteral("size")).toInteger());
        QCOMPARE(value.server, m_a.address());
        QCOMPARE(bucketOf(value.ttlMs), e.value(QStringLiteral("ttl_bucket")).toString());
        const QString type = e.value(QStringLiteral("value_type")).toString();
        const QString repr = e.value(QStringLiteral("expected_repr")).toString();
        if (repr.startsWith(u'<') && type == u"builtins.str") {
            // Long text: the manifest has the SHA-256 of the full repr.
            const QByteArray full = pythonStrRepr(value.data);
            QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(full, QCryptographicHash::Sha256).toHex()),
                     e.value(QStringLiteral("repr_sha256")).toString());
            ++compared;
        } else if ((type == u"builtins.str" || type == u"builtins.bytes") && !repr.startsWith(u'<')) {
            const auto expected = fromPythonLiteral(repr);
            QVERIFY2(expected, qPrintable(repr));
            QCOMPARE(value.data, *expected);
            ++compared;
        } else if (type == u"builtins.int" && value.flags == 2) {
            QCOMPARE(value.data, repr.toLatin1());
            ++compared;
        }
    }
    QVERIFY2(compared >= 20, qPrintable(QString::number(compared)));
}

void TestMemcachedConnector::listsHundredThousandKeysExactly()
{
    constexpr int N = 100000;
    QVERIFY(m_b.fill(N, "bulk:django:1:views.decorators.cache.cache_page."));
    auto s = openPool();
    QElapsedTimer clock;
    clock.start();
    const quint64 id = scan(*s, "bulk:*");
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(id), 60000);
    const qint64 wall = clock.elapsed();
    EXPECT_NO_FAILURE(*s, id);
    const ScanSummary summary = s->results.finished.value(id);
    QVERIFY(summary.complete);
    QVERIFY2(summary.warning.isEmpty(), qPrintable(summary.warning));
    QCOMPARE(summary.keysFound, qint64(N)); // metadump lists each item once: exact
    QCOMPARE(s->results.keys.value(id).size(), N);
    QVERIFY(s->results.soFarMonotonic);
    QVERIFY(s->results.batches.value(id) >= N / 1000);
    const QList<KeyMeta> meta = metaOf(*s, {"bulk:django:1:views.decorators.cache.cache_page.77"});
    QCOMPARE(meta.size(), 1);
    QCOMPARE(meta.first().server, m_b.address());
    QCOMPARE(meta.first().ttlMs, NoExpiry);
    qInfo("metadump of %d keys: %lld ms wall, %lld ms in the connector, %lld pages", N, wall,
          summary.elapsedMs, summary.pages);
}

void TestMemcachedConnector::stopScanStopsEarly()
{
    QVERIFY(m_b.fill(100000, "bulk:django:1:views.decorators.cache.cache_page."));
    auto s = openPool();
    ScanRequest request;
    request.count = 10;
    const quint64 id = s->host.scanKeys(request);
    QTRY_VERIFY_WITH_TIMEOUT(s->results.batches.value(id) > 0, 10000);
    s->host.stopScan(id);
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(id), 10000);
    const ScanSummary summary = s->results.finished.value(id);
    QVERIFY(!summary.complete);
    QVERIFY2(summary.keysFound < 100000, qPrintable(QString::number(summary.keysFound)));
    const int batches = s->results.batches.value(id);
    const quint64 ping = s->host.refreshInfo();
    WAIT_ANSWER(*s, ping, 10000);
    QCOMPARE(s->results.batches.value(id), batches);
}

void TestMemcachedConnector::keepsPercentSignsAndUtf8_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::newRow("percent") << QByteArray("enc:100%");
    QTest::newRow("percent escape lookalike") << QByteArray("enc:%41%2F");
    QTest::newRow("double percent") << QByteArray("enc:%%25");
    QTest::newRow("utf8") << QByteArray("enc:café:ключ:日本");
    QTest::newRow("emoji") << QByteArray("enc:\xf0\x9f\x98\x80");
    QTest::newRow("query chars") << QByteArray("enc:a+b=c&d?e#f");
    QTest::newRow("invalid utf8") << QByteArray("enc:\xff\xfe");
}

void TestMemcachedConnector::keepsPercentSignsAndUtf8()
{
    QFETCH(QByteArray, key);
    QVERIFY(m_a.set(key, "v:" + key, 0, 0));
    auto s = openPool();
    const quint64 id = scan(*s, "enc:*");
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(id), 20000);
    EXPECT_NO_FAILURE(*s, id);
    QVERIFY(s->results.keys.value(id).contains(key));
    ValueRequest request;
    request.key = key;
    const quint64 v = s->host.fetchValue(request);
    WAIT_ANSWER(*s, v, 10000);
    QCOMPARE(s->results.values.value(v).data, "v:" + key);
    const quint64 d = s->host.deleteKeys({key});
    WAIT_ANSWER(*s, d, 10000);
    QCOMPARE(s->results.deleted.value(d), qMakePair(qint64(1), qint64(1)));
    QCOMPARE(m_a.command("mg " + key + " v\r\n"), QByteArray("EN\r\n"));
}

void TestMemcachedConnector::matchIsAGlobAppliedClientSide_data()
{
    QTest::addColumn<QByteArray>("match");
    QTest::addColumn<QList<QByteArray>>("expected");
    using L = QList<QByteArray>;
    QTest::newRow("star") << QByteArray("glob:*")
                          << L{"glob:a1", "glob:b2", "glob:[x]", "glob:c*", "glob:a10"};
    QTest::newRow("class and ?") << QByteArray("glob:[ab]?") << L{"glob:a1", "glob:b2"};
    QTest::newRow("escaped brackets") << QByteArray("glob:\\[x\\]") << L{"glob:[x]"};
    QTest::newRow("escaped star") << QByteArray("glob:c\\*") << L{"glob:c*"};
    QTest::newRow("negation") << QByteArray("glob:[^ab]*") << L{"glob:[x]", "glob:c*"};
    QTest::newRow("nothing") << QByteArray("glob:zz*") << L{};
}

void TestMemcachedConnector::matchIsAGlobAppliedClientSide()
{
    QFETCH(QByteArray, match);
    QFETCH(QList<QByteArray>, expected);
    for (const char *k : {"glob:a1", "glob:b2", "glob:[x]", "glob:c*"})
        QVERIFY(m_a.set(k, "1"));
    QVERIFY(m_b.set("glob:a10", "1"));
    auto s = openPool();
    const quint64 id = scan(*s, match);
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(id), 20000);
    EXPECT_NO_FAILURE(*s, id);
    QCOMPARE(s->results.keys.value(id), QSet<QByteArray>(expected.cbegin(), expected.cend()));
}

void TestMemcachedConnector::keyOnTwoServersIsListedOnceAndDeletedEverywhere()
{
    QVERIFY(m_a.set("dup:k", "on a"));
    QVERIFY(m_b.set("dup:k", "on b"));
    auto s = openPool();
    const quint64 id = scan(*s, "dup:*");
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(id), 20000);
    QCOMPARE(s->results.finished.value(id).keysFound, qint64(1));
    const QList<KeyMeta> meta = metaOf(*s, {"dup:k"});
    QCOMPARE(meta.size(), 1);
    QCOMPARE(meta.first().server, m_a.address() + u',' + m_b.address());
    const quint64 d = s->host.deleteKeys({"dup:k"});
    WAIT_ANSWER(*s, d, 10000);
    QCOMPARE(s->results.deleted.value(d), qMakePair(qint64(1), qint64(1)));
    QCOMPARE(m_a.command("mg dup:k v\r\n"), QByteArray("EN\r\n"));
    QCOMPARE(m_b.command("mg dup:k v\r\n"), QByteArray("EN\r\n"));
}

void TestMemcachedConnector::deletesOnTheServerThatHoldsTheKey()
{
    QVERIFY(m_a.set("del:a", "1"));
    QVERIFY(m_b.set("del:b", "2"));
    auto s = openPool();
    // Without a listing, the connector looks on every server.
    quint64 d = s->host.deleteKeys({"del:a", "del:b", "del:none"});
    WAIT_ANSWER(*s, d, 10000);
    EXPECT_NO_FAILURE(*s, d);
    QCOMPARE(s->results.deleted.value(d), qMakePair(qint64(2), qint64(3)));
    QCOMPARE(m_a.command("mg del:a v\r\n"), QByteArray("EN\r\n"));
    QCOMPARE(m_b.command("mg del:b v\r\n"), QByteArray("EN\r\n"));

    // After a listing, each key is deleted where it was listed; many keys go in chunks.
    QVERIFY(m_b.fill(3000, "del:many:"));
    const quint64 id = scan(*s, "del:many:*");
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(id), 20000);
    const QSet<QByteArray> keys = s->results.keys.value(id);
    QCOMPARE(keys.size(), 3000);
    d = s->host.deleteKeys(QList<QByteArray>(keys.cbegin(), keys.cend()));
    WAIT_ANSWER(*s, d, 30000);
    QCOMPARE(s->results.deleted.value(d), qMakePair(qint64(3000), qint64(3000)));
    QCOMPARE(m_b.command("mg del:many:1234 v\r\n"), QByteArray("EN\r\n"));
}

void TestMemcachedConnector::touchChangesTheTtl()
{
    QVERIFY(m_a.set("ttl:k", "v", 0, 0));
    auto s = openPool();
    auto ttlOnServer = [this] {
        const QByteArray reply = m_a.command("mg ttl:k t\r\n"); // "HD t<seconds>"
        return reply.startsWith("HD t") ? reply.mid(4).trimmed().toLongLong() : -999;
    };
    quint64 id = s->host.setTtl("ttl:k", 100000);
    WAIT_ANSWER(*s, id, 10000);
    QCOMPARE(s->results.ttl.value(id), true);
    QVERIFY(qAbs(ttlOnServer() - 100) <= 2);

    constexpr qint64 FortyDays = 40LL * 24 * 3600;
    id = s->host.setTtl("ttl:k", FortyDays * 1000);
    WAIT_ANSWER(*s, id, 10000);
    QCOMPARE(s->results.ttl.value(id), true);
    QVERIFY2(qAbs(ttlOnServer() - FortyDays) <= 2, qPrintable(QString::number(ttlOnServer())));
    QList<KeyMeta> meta = metaOf(*s, {"ttl:k"});
    QVERIFY(qAbs(meta.first().ttlMs / 1000 - FortyDays) <= 2);

    id = s->host.setTtl("ttl:k", NoExpiry);
    WAIT_ANSWER(*s, id, 10000);
    QCOMPARE(s->results.ttl.value(id), true);
    QCOMPARE(ttlOnServer(), -1);
    meta = metaOf(*s, {"ttl:k"});
    QCOMPARE(meta.first().ttlMs, NoExpiry);

    id = s->host.setTtl("ttl:missing", 5000);
    WAIT_ANSWER(*s, id, 10000);
    QCOMPARE(s->results.ttl.value(id), false);
}

void TestMemcachedConnector::metaWithoutAListingAsksTheServers()
{
    QVERIFY(m_b.set("probe:k", "12345", 16, 500));
    auto s = openPool();
    const QList<KeyMeta> meta = metaOf(*s, {"probe:k", "probe:missing", QByteArray("bad key")});
    QCOMPARE(meta.size(), 3);
    QCOMPARE(meta.at(0).type, KeyType::String);
    QCOMPARE(meta.at(0).server, m_b.address());
    QVERIFY(meta.at(0).ttlMs > 490000 && meta.at(0).ttlMs <= 500000);
    QCOMPARE(meta.at(0).sizeBytes, 5);
    QCOMPARE(meta.at(1).type, KeyType::Missing);
    QCOMPARE(meta.at(1).ttlMs, KeyMissing);
    QCOMPARE(meta.at(2).type, KeyType::Missing);
}

void TestMemcachedConnector::listingWithoutMetaStillAnswersMeta()
{
    // A listing that says no metadata will follow (cachescope-cli keys without --meta) keeps
    // no index on a single server; it lists the same keys, and fetchMeta asks the server.
    constexpr int N = 5000;
    QVERIFY(m_b.fill(N, "printed:"));
    QVERIFY(m_b.set("printed:ttl", "abc", 0, 700));
    const auto spec = ConnectionSpec::parse(QStringLiteral("memcached://%1").arg(m_b.address()));
    QVERIFY(spec);
    auto s = openRecorded(std::make_unique<MemcachedConnector>(*spec));
    QCOMPARE(s->results.opened.size(), 1);
    ScanRequest request;
    request.match = "printed:*";
    request.metaWanted = false;
    const quint64 id = s->host.scanKeys(request);
    QTRY_VERIFY_WITH_TIMEOUT(s->results.finished.contains(id), 30000);
    EXPECT_NO_FAILURE(*s, id);
    QCOMPARE(s->results.finished.value(id).keysFound, qint64(N + 1));
    QCOMPARE(s->results.keys.value(id).size(), N + 1);
    QVERIFY(s->results.keys.value(id).contains("printed:4999"));
    const QList<KeyMeta> meta = metaOf(*s, {"printed:ttl", "printed:17"});
    QCOMPARE(meta.size(), 2);
    QCOMPARE(meta.at(0).server, m_b.address());
    QVERIFY2(meta.at(0).ttlMs > 690000 && meta.at(0).ttlMs <= 700000, QByteArray::number(meta.at(0).ttlMs));
    QCOMPARE(meta.at(0).sizeBytes, 3);
    QCOMPARE(meta.at(1).type, KeyType::String);
    QCOMPARE(meta.at(1).ttlMs, NoExpiry);
}

void TestMemcachedConnector::truncatesBigValues()
{
    const QByteArray big(300 * 1024, 'q');
    QVERIFY(m_a.set("big:k", big, 0, 0));
    auto s = openPool();
    ValueRequest request;
    request.key = "big:k";
    request.byteLimit = 1000;
    const quint64 id = s->host.fetchValue(request);
    WAIT_ANSWER(*s, id, 10000);
    const KeyValue v = s->results.values.value(id);
    QVERIFY(v.truncated);
    QCOMPARE(v.length, big.size());
    QCOMPARE(v.data, big.left(1000));
    QCOMPARE(v.ttlMs, NoExpiry);
}

void TestMemcachedConnector::readOnlyRefusesWrites()
{
    QVERIFY(m_a.set("ro:k", "v"));
    auto s = openPool(QStringLiteral("readonly=true"));
    quint64 id = s->host.deleteKeys({"ro:k"});
    WAIT_ANSWER(*s, id, 10000);
    QCOMPARE(s->results.failed.value(id).kind, ErrorKind::ReadOnly);
    id = s->host.setTtl("ro:k", 1000);
    WAIT_ANSWER(*s, id, 10000);
    QCOMPARE(s->results.failed.value(id).kind, ErrorKind::ReadOnly);
    QCOMPARE(m_a.command("mg ro:k v\r\n"), QByteArray("VA 1\r\nv\r\n"));
}

QTEST_GUILESS_MAIN(TestMemcachedConnector)
#include "tst_memcachedconnector.moc"

// The planner turns an operator's request into globs and filters; these check that each
// glob (run with Redis MATCH semantics by globMatch) selects exactly the keys Django and
// django-redis write for it, and that page hashing agrees with real Django.
#include "core/globmatch.h"
#include "ops/invalidationplanner.h"
#include "python.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <limits>

Q_DECLARE_METATYPE(cachescope::InvalidationTarget)

using namespace cachescope;
using Kind = InvalidationTarget::Kind;
using Action = InvalidationJob::Action;

namespace {

// What the job selects among `keys`: any pattern, then the filter.
QList<QByteArray> selected(const InvalidationJob &job, const QList<QByteArray> &keys)
{
    QList<QByteArray> out;
    for (const QByteArray &key : keys) {
        bool hit = false;
        for (const QByteArray &p : job.patterns)
            hit = hit || globMatch(p, key);
        if (hit && job.filter.accepts(key))
            out.append(key);
    }
    return out;
}

InvalidationTarget target(Kind kind, const QByteArray &prefix = {}, int version = 0)
{
    InvalidationTarget t;
    t.kind = kind;
    t.prefix = prefix;
    t.version = version;
    return t;
}

QByteArray binaryKey()
{
    return QByteArray("shop:3:\xff\x00z", 10);
}

// Keys of several sites sharing one server: prefixes with glob characters, colons, a
// prefix that is a prefix of another, versions 1..12 and -1, non-Django keys.
const QList<QByteArray> &keyspace()
{
    static const QList<QByteArray> keys = {
        "shop:1:a",       "shop:2:a",    "shop:3:a",    "shop:3:b:c", "shop:10:a",        "shop:12:x",
        "shop:-1:a",      "shop:3",      "shop:x:a",    "shop:3x:a",  "shop: 3:a",        "shop:+3:a",
        "shopping:3:a",   "shop:eu:3:a", "shop:eu:1:a", "xshop:3:a",  "Shop:3:a",         ":1:a",
        ":3:a",           "::3:a",       "s*p:3:a",     "sxp:3:a",    "s?p:3:a",          "s[p]:3:a",
        "sp]:3:a",        "s\\p:3:a",    "sp:3:a",      "s\\\\p:3:a", "a*b?c[d]e\\f:2:k", "a*b?c[d]e\\f:1:k",
        "axbycde\\f:1:k", "plain",       binaryKey(),
    };
    return keys;
}

} // namespace

class TestInvalidationPlanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void escapeGlob_data()
    {
        QTest::addColumn<QByteArray>("literal");
        QTest::addColumn<QByteArray>("escaped");
        QTest::newRow("plain") << QByteArray("shop") << QByteArray("shop");
        QTest::newRow("star") << QByteArray("a*b") << QByteArray("a[*]b");
        QTest::newRow("question") << QByteArray("a?b") << QByteArray("a[?]b");
        QTest::newRow("open bracket") << QByteArray("a[b") << QByteArray("a[[]b");
        QTest::newRow("close bracket kept") << QByteArray("a]b") << QByteArray("a]b");
        QTest::newRow("both brackets") << QByteArray("[eu]") << QByteArray("[[]eu]");
        QTest::newRow("backslash") << QByteArray("a\\b") << QByteArray("a\\\\b");
        QTest::newRow("all") << QByteArray("*?[]\\") << QByteArray("[*][?][[]]\\\\");
        QTest::newRow("empty") << QByteArray() << QByteArray();
        QTest::newRow("binary") << QByteArray("\x00\xff*", 3) << QByteArray("\x00\xff[*]", 5);
    }
    void escapeGlob()
    {
        QFETCH(QByteArray, literal);
        QFETCH(QByteArray, escaped);
        QCOMPARE(cachescope::escapeGlob(literal), escaped);
        // The escaped literal matches itself and nothing else of the same shape.
        QVERIFY(globMatch(escaped, literal));
        if (!literal.isEmpty())
            QVERIFY(!globMatch(escaped, QByteArray(literal + 'x')));
    }

    // django-redis' glob_escape for the same prefixes, run by Python: ours agrees except for
    // the backslash, which django-redis leaves for Redis to read as an escape.
    void escapeGlobAgreesWithDjangoRedis()
    {
        const QStringList literals = {QStringLiteral("shop"), QStringLiteral("a*b?c[d]e"),
                                      QStringLiteral("[[*]]"), QStringLiteral("?"), QStringLiteral("a\\b")};
        const auto run = test::runPython(
            QStringLiteral("import json, sys\nfrom django.conf import settings\nsettings.configure()\n"
                           "from django_redis.client.default import glob_escape\n"
                           "print(json.dumps([glob_escape(s) for s in json.loads(sys.argv[1])]))"),
            {QString::fromUtf8(
                QJsonDocument(QJsonArray::fromStringList(literals)).toJson(QJsonDocument::Compact))});
        QVERIFY2(run.ok, qPrintable(run.error));
        const QJsonArray theirs = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(theirs.size(), literals.size());
        for (qsizetype i = 0; i < literals.size(); ++i) {
            const QByteArray ours = cachescope::escapeGlob(literals.at(i).toUtf8());
            QByteArray expected = theirs.at(i).toString().toUtf8();
            expected.replace("\\", "\\\\");
            QCOMPARE(ours, expected);
        }
    }

    void selection_data()
    {
        QTest::addColumn<InvalidationTarget>("target");
        QTest::addColumn<QList<QByteArray>>("expected");
        using L = QList<QByteArray>;
        QTest::newRow("namespace shop:3")
            << target(Kind::Namespace, "shop", 3) << L{"shop:3:a", "shop:3:b:c", binaryKey()};
        QTest::newRow("namespace of a prefix with colons")
            << target(Kind::Namespace, "shop:eu", 3) << L{"shop:eu:3:a"};
        QTest::newRow("namespace empty prefix") << target(Kind::Namespace, "", 1) << L{":1:a"};
        QTest::newRow("namespace with glob characters") << target(Kind::Namespace, "s*p", 3) << L{"s*p:3:a"};
        QTest::newRow("namespace ?") << target(Kind::Namespace, "s?p", 3) << L{"s?p:3:a"};
        QTest::newRow("namespace []") << target(Kind::Namespace, "s[p]", 3) << L{"s[p]:3:a"};
        QTest::newRow("namespace ]") << target(Kind::Namespace, "sp]", 3) << L{"sp]:3:a"};
        QTest::newRow("namespace backslash") << target(Kind::Namespace, "s\\p", 3) << L{"s\\p:3:a"};
        QTest::newRow("namespace all glob characters")
            << target(Kind::Namespace, "a*b?c[d]e\\f", 2) << L{"a*b?c[d]e\\f:2:k"};
        QTest::newRow("prefix shop") << target(Kind::Prefix, "shop")
                                     << L{"shop:1:a",  "shop:2:a",  "shop:3:a",  "shop:3:b:c",
                                          "shop:10:a", "shop:12:x", "shop:-1:a", binaryKey()};
        QTest::newRow("prefix with glob characters")
            << target(Kind::Prefix, "a*b?c[d]e\\f") << L{"a*b?c[d]e\\f:2:k", "a*b?c[d]e\\f:1:k"};
        QTest::newRow("prefix empty") << target(Kind::Prefix, "") << L{":1:a", ":3:a"};
        QTest::newRow("older than 3")
            << target(Kind::OlderThan, "shop", 3) << L{"shop:1:a", "shop:2:a", "shop:-1:a"};
        QTest::newRow("older than 11")
            << target(Kind::OlderThan, "shop", 11)
            << L{"shop:1:a", "shop:2:a", "shop:3:a", "shop:3:b:c", "shop:10:a", "shop:-1:a", binaryKey()};
        QTest::newRow("older than 0") << target(Kind::OlderThan, "shop", 0) << L{"shop:-1:a"};
        QTest::newRow("older than, prefix with colons")
            << target(Kind::OlderThan, "shop:eu", 3) << L{"shop:eu:1:a"};
        QTest::newRow("older than, glob prefix")
            << target(Kind::OlderThan, "a*b?c[d]e\\f", 2) << L{"a*b?c[d]e\\f:1:k"};
        InvalidationTarget pattern = target(Kind::Pattern);
        pattern.pattern = "s?p:3:*";
        QTest::newRow("pattern as typed") << pattern << L{"s*p:3:a", "sxp:3:a", "s?p:3:a", "s\\p:3:a"};
        InvalidationTarget keys = target(Kind::Keys);
        keys.keys = {"shop:1:a", "not there"};
        QTest::newRow("keys") << keys << L{};
    }
    void selection()
    {
        QFETCH(InvalidationTarget, target);
        QFETCH(QList<QByteArray>, expected);
        for (const bool preview : {false, true}) {
            const auto job = planInvalidation(target, preview);
            QVERIFY2(job, qPrintable(job ? QString() : job.error().message));
            QCOMPARE(job->action, preview ? Action::Preview : Action::Delete);
            QCOMPARE(selected(*job, keyspace()), expected);
            QCOMPARE(job->description, describeTarget(target));
        }
    }

    void jobs_data()
    {
        QTest::addColumn<InvalidationTarget>("target");
        QTest::addColumn<int>("action");
        QTest::addColumn<QList<QByteArray>>("keys");
        QTest::addColumn<QList<QByteArray>>("patterns");
        QTest::addColumn<int>("filterVersion"); // -1: no filter
        QTest::addColumn<QString>("description");
        using L = QList<QByteArray>;
        InvalidationTarget keys = target(Kind::Keys);
        keys.keys = {"a", "b\nc", "d"};
        QTest::newRow("keys") << keys << int(Action::Delete) << keys.keys << L{} << -1 << "3 keys";
        InvalidationTarget one = target(Kind::Keys);
        one.keys = {"shop:1:x\n"};
        QTest::newRow("one key") << one << int(Action::Delete) << one.keys << L{} << -1 << "key shop:1:x\\n";
        InvalidationTarget soft = target(Kind::Namespace, "shop", 3);
        soft.softTtlMs = 30000;
        QTest::newRow("soft namespace")
            << soft << int(Action::Expire) << L{} << L{"shop:3:*"} << -1 << "namespace shop:3";
        QTest::newRow("namespace escaped")
            << target(Kind::Namespace, "a*b?c[d]e\\f", 2) << int(Action::Delete) << L{}
            << L{"a[*]b[?]c[[]d]e\\\\f:2:*"} << -1 << "namespace a*b?c[d]e\\\\f:2";
        QTest::newRow("prefix") << target(Kind::Prefix, "shop") << int(Action::Delete) << L{} << L{"shop:*"}
                                << std::numeric_limits<int>::max() << "prefix shop";
        QTest::newRow("empty prefix") << target(Kind::Prefix, "") << int(Action::Delete) << L{} << L{":*"}
                                      << std::numeric_limits<int>::max() << "prefix \"\"";
        QTest::newRow("older than") << target(Kind::OlderThan, "s[1]", 5) << int(Action::Delete) << L{}
                                    << L{"s[[]1]:*"} << 5 << "s[1] versions < 5";
        InvalidationTarget pattern = target(Kind::Pattern);
        pattern.pattern = "a\\*[bc]?";
        QTest::newRow("pattern untouched")
            << pattern << int(Action::Delete) << L{} << L{"a\\*[bc]?"} << -1 << "pattern a\\\\*[bc]?";
        InvalidationTarget bump = target(Kind::Bump);
        bump.keys = {"shop:version"};
        QTest::newRow("bump") << bump << int(Action::Bump) << bump.keys << L{} << -1 << "bump shop:version";
        InvalidationTarget bumps = target(Kind::Bump);
        bumps.keys = {"v1", "v2"};
        QTest::newRow("bump two") << bumps << int(Action::Bump) << bumps.keys << L{} << -1 << "bump 2 keys";
        InvalidationTarget page = target(Kind::Page);
        page.pageUrl = QStringLiteral("https://example.com/shop/?page=2");
        const QByteArray hash = "e848cde8ff0110d8225da36be5cefebf"; // hashlib.md5(that URL)
        QTest::newRow("page") << page << int(Action::Delete) << L{}
                              << L{"*:views.decorators.cache.cache_header.." + hash + "*",
                                   "*:views.decorators.cache.cache_page..*." + hash + ".*"}
                              << -1 << "page https://example.com/shop/?page=2";
        page.pagePrefix = "mw[1]";
        page.softTtlMs = 1;
        QTest::newRow("soft page with prefix")
            << page << int(Action::Expire) << L{}
            << L{"*:views.decorators.cache.cache_header.mw[[]1]." + hash + "*",
                 "*:views.decorators.cache.cache_page.mw[[]1].*." + hash + ".*"}
            << -1 << "page https://example.com/shop/?page=2 (key prefix mw[1])";
    }
    void jobs()
    {
        QFETCH(InvalidationTarget, target);
        QFETCH(int, action);
        QFETCH(QList<QByteArray>, keys);
        QFETCH(QList<QByteArray>, patterns);
        QFETCH(int, filterVersion);
        QFETCH(QString, description);
        const auto job = planInvalidation(target, false);
        QVERIFY2(job, qPrintable(job ? QString() : job.error().message));
        QCOMPARE(int(job->action), action);
        QCOMPARE(job->keys, keys);
        QCOMPARE(job->patterns, patterns);
        QCOMPARE(job->filter.kind == KeyFilter::Kind::None ? -1 : job->filter.version, filterVersion);
        if (filterVersion >= 0)
            QCOMPARE(job->filter.prefix, target.prefix);
        QCOMPARE(job->softTtlMs, action == int(Action::Expire) ? target.softTtlMs : 0);
        QCOMPARE(job->description, description);
        const auto preview = planInvalidation(target, true);
        QVERIFY(preview);
        QCOMPARE(preview->action, Action::Preview);
        QCOMPARE(preview->keys, job->keys);
        QCOMPARE(preview->patterns, job->patterns);
    }

    void errors_data()
    {
        QTest::addColumn<InvalidationTarget>("target");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("no keys") << target(Kind::Keys) << "no keys";
        InvalidationTarget emptyKey = target(Kind::Keys);
        emptyKey.keys = {"a", ""};
        QTest::newRow("empty key") << emptyKey << "empty key";
        QTest::newRow("no bump keys") << target(Kind::Bump) << "no keys";
        QTest::newRow("empty pattern") << target(Kind::Pattern) << "empty pattern";
        QTest::newRow("negative namespace version") << target(Kind::Namespace, "shop", -1) << "version";
        QTest::newRow("negative older-than version") << target(Kind::OlderThan, "shop", -2) << "version";
        InvalidationTarget softBump = target(Kind::Bump);
        softBump.keys = {"v"};
        softBump.softTtlMs = 1000;
        QTest::newRow("soft bump") << softBump << "--soft";
        InvalidationTarget negativeTtl = target(Kind::Prefix, "shop");
        negativeTtl.softTtlMs = -5;
        QTest::newRow("negative ttl") << negativeTtl << "greater than zero";
        InvalidationTarget relative = target(Kind::Page);
        relative.pageUrl = QStringLiteral("/shop/");
        QTest::newRow("relative page") << relative << "absolute";
        InvalidationTarget ftp = target(Kind::Page);
        ftp.pageUrl = QStringLiteral("ftp://example.com/");
        QTest::newRow("ftp page") << ftp << "http";
        InvalidationTarget noHost = target(Kind::Page);
        noHost.pageUrl = QStringLiteral("https:///path");
        QTest::newRow("no host") << noHost << "no host";
        InvalidationTarget badPort = target(Kind::Page);
        badPort.pageUrl = QStringLiteral("https://example.com:99999/");
        QTest::newRow("bad port") << badPort << "port";
    }
    void errors()
    {
        QFETCH(InvalidationTarget, target);
        QFETCH(QString, messagePart);
        for (const bool preview : {false, true}) {
            const auto job = planInvalidation(target, preview);
            QVERIFY(!job);
            QCOMPARE(job.error().kind, ErrorKind::Usage);
            QVERIFY2(job.error().message.contains(messagePart), qPrintable(job.error().message));
        }
    }

    void namespaceArgument_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QByteArray>("prefix");
        QTest::addColumn<int>("version");
        QTest::newRow("plain") << "shop:3" << true << QByteArray("shop") << 3;
        QTest::newRow("colons in prefix") << "shop:eu:12" << true << QByteArray("shop:eu") << 12;
        QTest::newRow("empty prefix") << ":1" << true << QByteArray() << 1;
        QTest::newRow("glob prefix") << "s*[p]:0" << true << QByteArray("s*[p]") << 0;
        QTest::newRow("unicode prefix")
            << QString::fromUtf8("caf\xc3\xa9:2") << true << QByteArray("caf\xc3\xa9") << 2;
        QTest::newRow("no colon") << "shop" << false << QByteArray() << 0;
        QTest::newRow("no version") << "shop:" << false << QByteArray() << 0;
        QTest::newRow("word version") << "shop:v3" << false << QByteArray() << 0;
        QTest::newRow("negative") << "shop:-1" << false << QByteArray() << 0;
        QTest::newRow("plus") << "shop:+3" << false << QByteArray() << 0;
        QTest::newRow("space") << "shop: 3" << false << QByteArray() << 0;
        QTest::newRow("too big") << "shop:99999999999" << false << QByteArray() << 0;
    }
    void namespaceArgument()
    {
        QFETCH(QString, argument);
        QFETCH(bool, ok);
        QFETCH(QByteArray, prefix);
        QFETCH(int, version);
        for (const Kind kind : {Kind::Namespace, Kind::OlderThan}) {
            const auto parsed = parseNamespaceArgument(argument, kind);
            QCOMPARE(bool(parsed), ok);
            if (!ok) {
                QCOMPARE(parsed.error().kind, ErrorKind::Usage);
                QVERIFY(parsed.error().message.contains(argument));
                continue;
            }
            QCOMPARE(parsed->kind, kind);
            QCOMPARE(parsed->prefix, prefix);
            QCOMPARE(parsed->version, version);
        }
        QVERIFY(!parseNamespaceArgument(argument, Kind::Prefix));
    }

    // Hashes and keys computed by real Django (RequestFactory → build_absolute_uri(),
    // learn_cache_key, _generate_cache_header_key) for the request a browser sends.
    void pageMatchesRealDjango()
    {
        const QStringList urls = {
            QStringLiteral("https://example.com/shop/?page=2"),
            QStringLiteral("http://Example.COM:80/a/b"),
            QStringLiteral("https://example.com:443/"),
            QStringLiteral("http://example.com:8000/x/"),
            QStringLiteral("https://example.com/caf%C3%A9/?q=caf%c3%a9"),
            QString::fromUtf8("https://example.com/caf\xc3\xa9/?q=th\xc3\xa9"),
            QStringLiteral("https://example.com/a b/?q=a b&x=\"<>'`{}|\\^"),
            QStringLiteral("https://example.com/%FF/bad%e2%82"),
            QStringLiteral("https://example.com/a/./b/../c/%2e%2E/d?x#frag"),
            QString::fromUtf8("https://B\xc3\xbc"
                              "cher.example/"),
            QStringLiteral("http://[::1]:8000/v6/"),
            QStringLiteral("https://user:pw@example.com/p"),
            QStringLiteral("https://example.com"),
            QStringLiteral("https://example.com/?"),
            QStringLiteral("https://example.com/a;b=c/d?e"),
            QStringLiteral("https://example.com/100%/?p=50%"),
            QStringLiteral("https://example.com/%2Fencoded%2fslash/%7e~"),
            QStringLiteral("https://example.com/p?a=%20+b&c=[x]*(y)!"),
            QStringLiteral("https://example.com//double//slash"),
        };
        const QStringList prefixes = {QString(), QStringLiteral("mw*[x]?.v2"), QStringLiteral("mw")};
        const auto json = [](const QStringList &list) {
            return QString::fromUtf8(
                QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
        };
        const auto run =
            test::runPython(QFINDTESTDATA("python/django_page_keys.py"), {json(urls), json(prefixes)});
        QVERIFY2(run.ok, qPrintable(run.error));
        QList<QJsonObject> rows;
        for (const QByteArray &line : run.out.split('\n')) {
            if (!line.trimmed().isEmpty())
                rows.append(QJsonDocument::fromJson(line).object());
        }
        QCOMPARE(rows.size(), urls.size() * prefixes.size());

        QList<QByteArray> allKeys;
        for (const QJsonObject &row : rows) {
            for (const QJsonValue &k : row[u"keys"].toArray())
                allKeys.append(k.toString().toUtf8());
        }
        for (const QJsonObject &row : rows) {
            const QString url = row[u"url"].toString();
            const auto hash = djangoPageUrlHash(url);
            QVERIFY2(hash, qPrintable(url));
            QVERIFY2(
                *hash == row[u"hash"].toString().toLatin1(),
                qPrintable(QStringLiteral("%1: Django hashes %2").arg(url, row[u"absolute"].toString())));

            InvalidationTarget t = target(Kind::Page);
            t.pageUrl = url;
            t.pagePrefix = row[u"prefix"].toString().toUtf8();
            const auto job = planInvalidation(t, false);
            QVERIFY(job);
            QList<QByteArray> expected;
            for (const QJsonObject &other : rows) {
                if (other[u"hash"] == row[u"hash"] && other[u"prefix"] == row[u"prefix"]) {
                    for (const QJsonValue &k : other[u"keys"].toArray())
                        expected.append(k.toString().toUtf8());
                }
            }
            QList<QByteArray> got = selected(*job, allKeys);
            for (QList<QByteArray> *list : {&expected, &got}) {
                std::sort(list->begin(), list->end());
                list->erase(std::unique(list->begin(), list->end()), list->end());
            }
            QVERIFY2(!got.isEmpty(), qPrintable(url));
            QCOMPARE(got, expected);
        }
    }
};

QTEST_GUILESS_MAIN(TestInvalidationPlanner)
#include "tst_invalidationplanner.moc"

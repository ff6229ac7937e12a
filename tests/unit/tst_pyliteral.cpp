// parsePythonLiteral / parsePythonSettings: what a person pastes from settings.py reads
// as the same value CPython's ast.literal_eval gives, and anything computed is refused
// with its position, never run.
#include "codec/pyliteral.h"
#include "pythonhelper.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace cachescope;

class TestPyLiteral : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matchesLiteralEval_data();
    void matchesLiteralEval();
    void refusesCode_data();
    void refusesCode();
    void statements();
};

void TestPyLiteral::matchesLiteralEval_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("caches") << QStringLiteral(R"({
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",   # comment
        'LOCATION': ["redis://127.0.0.1:6379/1", 'redis://replica:6379/1',],
        "OPTIONS": {"SERIALIZER": "django_redis.serializers.json.JSONSerializer"},
        "TIMEOUT": None, "VERSION": 4, 'KEY_PREFIX': 'shop',
    },
})");
    QTest::newRow("tuple and nesting") << QStringLiteral("(1, (2,), (3), [], {}, ())");
    QTest::newRow("numbers") << QStringLiteral("[0, -1, +2, 3.5, 1e3, -2.5E-2, 0x1F, 0o17, 0b101, 1_000_000]");
    QTest::newRow("bools and none") << QStringLiteral("[True, False, None]");
    QTest::newRow("escapes") << QStringLiteral(R"(["a\tb\n", 'it\'s', "\x41\u00e9\U0001F600", r"C:\temp\n"])");
    QTest::newRow("concatenation") << QStringLiteral(R"(["redis://" "127.0.0.1" ':6379', u"x", rb"y"])");
    QTest::newRow("triple quotes") << QStringLiteral("['''a\n'b'\n''', \"\"\"c\"\"\"]");
    QTest::newRow("unicode") << QStringLiteral("{'clé': 'välue €'}");
    QTest::newRow("non-string keys") << QStringLiteral("{1: 'one', None: 'none', 2.5: 'f'}");
    QTest::newRow("continuation") << QStringLiteral("[1, \\\n 2]");
}

void TestPyLiteral::matchesLiteralEval()
{
    QFETCH(QString, text);
    const auto ours = parsePythonLiteral(text);
    QVERIFY2(ours, qPrintable(ours ? QString() : ours.error().message));
    // CPython's own reading, made JSON the same way (str keys, tuples as lists, bytes as Latin-1).
    QByteArray script = "import ast, json\n"
                        "def j(v):\n"
                        "    if isinstance(v, dict):\n"
                        "        return {(k if isinstance(k, str) else repr(k) if k is None or isinstance(k, bool)"
                        " else str(k)): j(x) for k, x in v.items()}\n"
                        "    if isinstance(v, (list, tuple)): return [j(x) for x in v]\n"
                        "    if isinstance(v, bytes): return v.decode('latin-1')\n"
                        "    return v\n"
                        "print(json.dumps({'v': j(ast.literal_eval(";
    script += QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
    script += "))}))\n";
    const QList<QJsonObject> lines = testing::runPythonJsonLines(script);
    QCOMPARE(lines.size(), 1);
    const QJsonValue theirs = lines.first().value(u"v");
    // JSON numbers: compare through a document so 1 and 1.0 are the same.
    QCOMPARE(QJsonDocument(QJsonArray{*ours}).toJson(QJsonDocument::Compact),
             QJsonDocument(QJsonArray{theirs}).toJson(QJsonDocument::Compact));
}

void TestPyLiteral::refusesCode_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("position");
    QTest::newRow("environ") << QStringLiteral("{'LOCATION': os.environ['REDIS_URL']}") << QStringLiteral("line 1, column 14");
    QTest::newRow("call") << QStringLiteral("{\n 'a': __import__('os').system('true')}") << QStringLiteral("line 2, column 7");
    QTest::newRow("path") << QStringLiteral("[BASE_DIR / 'cache']") << QStringLiteral("line 1, column 2");
    QTest::newRow("f-string") << QStringLiteral("[f'{x}']") << QStringLiteral("line 1, column 2");
    QTest::newRow("unclosed") << QStringLiteral("{'a': 'b") << QStringLiteral("line 1, column 9");
    QTest::newRow("missing colon") << QStringLiteral("{'a' 'b', 1}") << QStringLiteral("line 1, column 9");
    QTest::newRow("trailing") << QStringLiteral("{} x") << QStringLiteral("line 1, column 4");
}

void TestPyLiteral::refusesCode()
{
    QFETCH(QString, text);
    QFETCH(QString, position);
    const auto parsed = parsePythonLiteral(text);
    QVERIFY(!parsed);
    QVERIFY2(parsed.error().message.startsWith(position), qPrintable(parsed.error().message));
}

void TestPyLiteral::statements()
{
    const auto settings = parsePythonSettings(QStringLiteral("# settings\nUSE_TZ = False\nTIME_ZONE = 'Europe/Paris'\n"
                                                             "CACHES = {\n  'default': {'BACKEND': 'x'}\n}\n"));
    QVERIFY2(settings, qPrintable(settings ? QString() : settings.error().message));
    QCOMPARE(settings->value(u"USE_TZ"), QJsonValue(false));
    QCOMPARE(settings->value(u"TIME_ZONE").toString(), QStringLiteral("Europe/Paris"));
    QCOMPARE(settings->value(u"CACHES").toObject().value(u"default").toObject().value(u"BACKEND").toString(),
             QStringLiteral("x"));

    const auto bare = parsePythonSettings(QStringLiteral("  {'default': {'BACKEND': 'y'}}"));
    QVERIFY(bare);
    QCOMPARE(bare->value(u"CACHES").toObject().value(u"default").toObject().value(u"BACKEND").toString(),
             QStringLiteral("y"));

    const auto computed = parsePythonSettings(QStringLiteral("CACHES = {}\nDEBUG = env('DEBUG')\n"));
    QVERIFY(!computed);
    QVERIFY2(computed.error().message.startsWith(u"line 2, column 9"), qPrintable(computed.error().message));
}

QTEST_GUILESS_MAIN(TestPyLiteral)
#include "tst_pyliteral.moc"
